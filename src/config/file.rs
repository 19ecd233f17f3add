//! `config.toml` on disk: reading and parsing it, and writing it back under the config lock,
//! atomically (a temporary file renamed over the old one, or over the file a symbolic link points
//! to), with private permissions.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::*;
use crate::error::{Error, Result};

impl Config {
    /// Applies `change` to the file as it is on disk now, under the config lock, and writes the
    /// result atomically. Re-reading under the lock means a concurrent writer's change is kept;
    /// a corrupt file is reported and left alone.
    pub fn edit(&mut self, change: impl FnOnce(&mut toml::Table)) -> Result<()> {
        self.try_edit(|doc| {
            change(doc);
            Ok(())
        })
    }

    /// `edit` with a change that may fail (a store that refuses the secret): nothing is
    /// written then.
    pub fn try_edit<T>(&mut self, change: impl FnOnce(&mut toml::Table) -> Result<T>) -> Result<T> {
        let mut locked = self.lock()?;
        let value = change(&mut locked.doc)?;
        locked.save()?;
        Ok(value)
    }

    /// Takes the config lock and re-reads the file under it, for work that must see and write
    /// one state of the file with nothing in between (a token refresh: the lock also covers the
    /// store entry, docs/reliability.md#where-secrets-live). `Locked::save` writes it back.
    pub fn lock(&mut self) -> Result<Locked<'_>> {
        let dir = self
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        create_private_dir(&dir).map_err(|source| Error::ConfigWrite {
            path: dir.clone(),
            source,
        })?;
        refuse_read_only(&self.path)?;
        let lock = ConfigLock::acquire(&lock_path(&self.path))?;
        let doc = read_table(&self.path)?;
        Ok(Locked {
            config: self,
            doc,
            _lock: lock,
        })
    }
}

/// The config file as it is under the lock, held until this is dropped.
pub struct Locked<'a> {
    config: &'a mut Config,
    pub doc: toml::Table,
    _lock: ConfigLock,
}

impl Locked<'_> {
    /// The context stored for `domain` as the file is now.
    pub fn context(&self, domain: &str) -> Option<Context> {
        Config {
            path: self.config.path.clone(),
            doc: self.doc.clone(),
        }
        .context(domain)
    }

    /// Writes the document atomically, still under the lock.
    pub fn save(self) -> Result<()> {
        let path = self.config.path.clone();
        let text = toml::to_string(&self.doc).map_err(|e| Error::CorruptConfig {
            path: path.clone(),
            message: e.to_string(),
        })?;
        write_atomically(&path, text.as_bytes())
            .map_err(|source| Error::ConfigWrite { path, source })?;
        self.config.doc = self.doc;
        Ok(())
    }
}

impl Config {
    /// Whether a write would be refused as read-only: for work that must not be done unless
    /// its result can be saved (a token refresh).
    pub fn ensure_writable(&self) -> Result<()> {
        refuse_read_only(&self.path)
    }
}

pub(super) fn read_table(path: &Path) -> Result<toml::Table> {
    match fs::read_to_string(path) {
        Ok(text) => parse_table(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(toml::Table::new()),
        Err(e) => Err(Error::CorruptConfig {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
    }
}

pub(super) fn parse_table(path: &Path, text: &str) -> Result<toml::Table> {
    // The parser's own text shows the broken line, which may hold the token: rebuilt with
    // the secrets redacted (docs/reliability.md#config-errors).
    text.parse::<toml::Table>()
        .map_err(|e| Error::CorruptConfig {
            path: path.to_path_buf(),
            message: super::redact::toml_error(text, &e),
        })
}

fn lock_path(config: &Path) -> PathBuf {
    let mut name = config.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    config.with_file_name(name)
}

/// An exclusive advisory lock on `config.toml.lock`, released on drop.
struct ConfigLock {
    _file: fs::File,
}

impl ConfigLock {
    fn acquire(path: &Path) -> Result<ConfigLock> {
        let mut options = fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path).map_err(|source| Error::ConfigWrite {
            path: path.to_path_buf(),
            source,
        })?;
        // A lock file left at 0644 by an older version is tightened too; failing to (another
        // owner) does not stop the write.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if file
                .metadata()
                .is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
            {
                let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
            }
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(ConfigLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    // Polling is how the Go CLI waits too (every 100 ms, 10 s in all).
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::ConfigLock(path.to_path_buf()));
                }
                Err(fs::TryLockError::Error(source)) => {
                    return Err(Error::ConfigWrite {
                        path: path.to_path_buf(),
                        source,
                    });
                }
            }
        }
    }
}

pub(super) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    // Elsewhere (Windows) a new folder in the user's profile inherits the profile's ACL, which
    // already keeps other users out; there is no mode to set.
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// A config the user made read-only stays as it is (docs/reliability.md#read-only-config). The
/// atomic write renames a new file over the old one, which needs only the folder's permission:
/// without this check a read-only file would be replaced by a writable one. The permission bits
/// are read as well as asked of the system, so that root (to whom every file is writable) still
/// respects a file with no write bit; a file or folder this user may not write is refused too.
fn refuse_read_only(path: &Path) -> Result<()> {
    let target = write_target(path).unwrap_or_else(|_| path.to_path_buf());
    let named = if target == path {
        path.display().to_string()
    } else {
        format!("{} (linked from {})", target.display(), path.display())
    };
    if let Ok(meta) = fs::metadata(&target)
        && let Some(why) = not_writable(&target, &meta)
    {
        return Err(Error::ConfigReadOnly {
            path: named,
            why: format!("the file is {why}"),
            next: format!(
                "make it writable (chmod u+w {}) for astro to save the change",
                target.display()
            ),
        });
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Ok(meta) = fs::metadata(&dir)
        && let Some(why) = not_writable(&dir, &meta)
    {
        return Err(Error::ConfigReadOnly {
            path: named,
            why: format!(
                "its folder {} is {why}, and astro saves the file by replacing it",
                dir.display()
            ),
            next: format!(
                "make the folder writable (chmod u+w {}) for astro to save the change",
                dir.display()
            ),
        });
    }
    Ok(())
}

/// Why `path` may not be written, or None: no write bit at all ("read-only"), or a write the
/// system refuses this user.
#[cfg(unix)]
fn not_writable(path: &Path, meta: &fs::Metadata) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o222 == 0 {
        return Some("read-only");
    }
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call; access(2)
    // only reads it.
    let allowed = unsafe { libc::access(c_path.as_ptr(), libc::W_OK) } == 0;
    (!allowed).then_some("not writable by this user")
}

#[cfg(not(unix))]
fn not_writable(_path: &Path, meta: &fs::Metadata) -> Option<&'static str> {
    // Windows ignores the read-only attribute of a folder.
    (meta.is_file() && meta.permissions().readonly()).then_some("read-only")
}

/// Where a write of `path` goes: `path` itself, or, when it is a symbolic link (a dotfiles
/// repository), the file it points to, followed through chained links. Renaming over the link
/// would turn it into a plain file and leave the linked file with the old contents.
fn write_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As many hops as Linux follows before ELOOP.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                // A relative link is relative to the folder that holds it; `join` keeps an
                // absolute one as it is.
                current = match current.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Write to a temporary file beside the file (the link's target for a symbolic link), flush it
/// to disk, then rename over it: a reader sees the old file or the new one, never half of one,
/// and a link stays a link.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = &write_target(path)?;
    // The completion cache beside the config respects a read-only file or folder as the
    // config does (docs/reliability.md#read-only-config); its writes fail silently.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    for checked in std::iter::once(path.as_path()).chain(dir) {
        if let Ok(meta) = fs::metadata(checked)
            && not_writable(checked, &meta).is_some()
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("{} is read-only", checked.display()),
            ));
        }
    }
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    // As for the folder: on Windows the file inherits the ACL of the user's profile.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_file_is_reported_with_its_path_and_line() {
        let err = Config::from_str("/x/config.toml".into(), "context = \n[")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("/x/config.toml is not a valid config file: "),
            "{err}"
        );
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn twenty_concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = Config::path_in(dir.path());
        // Each writer loaded the config before any other wrote: only re-reading under the
        // lock keeps the others' contexts.
        let writers: Vec<Config> = (0..20)
            .map(|_| Config::load(path.clone()).unwrap())
            .collect();
        std::thread::scope(|scope| {
            for (i, mut config) in writers.into_iter().enumerate() {
                scope.spawn(move || {
                    config
                        .set_context_fields(&format!("d{i}.example.com"), &[("workspace", "w")])
                        .unwrap();
                });
            }
        });
        let after = Config::load(path).unwrap();
        assert_eq!(after.contexts().len(), 20);
    }

    #[test]
    fn edit_keeps_unknown_keys_writes_0600_and_refuses_a_corrupt_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = Config::path_in(dir.path());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(
            &path,
            "mystery = 42\n[contexts.example_com]\nfoo = \"bar\"\n",
        )
        .unwrap();
        let mut config = Config::load(path.clone()).unwrap();
        config
            .set_context_fields("example.com", &[("workspace", "ws9")])
            .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("mystery = 42"), "{text}");
        assert!(text.contains("foo = \"bar\""), "{text}");
        assert!(text.contains("workspace = \"ws9\""), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        fs::write(&path, "not = [valid").unwrap();
        let err = config
            .set_context_fields("example.com", &[("workspace", "x")])
            .unwrap_err();
        assert!(matches!(err, Error::CorruptConfig { .. }));
        assert_eq!(fs::read_to_string(&path).unwrap(), "not = [valid");
    }
}
