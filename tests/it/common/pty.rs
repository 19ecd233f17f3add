//! Runs `astro` in a pseudo-terminal and answers its prompts as a person would: wait until the
//! screen shows some text, then type. A small driver on `libc::openpty` (Unix only), so tests
//! need no PTY crate.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for expected text before failing the test (a deadline, not a delay).
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Pty {
    child: Child,
    writer: File,
    screen: Arc<(Mutex<Screen>, Condvar)>,
}

#[derive(Default)]
struct Screen {
    text: String,
    closed: bool,
    /// How much of `text` earlier `expect` calls have consumed.
    seen: usize,
}

impl Pty {
    pub fn spawn(command: Command) -> Pty {
        Pty::spawn_sized(command, None)
    }

    /// `spawn` on a terminal of `rows` lines (and 200 columns); without a size the terminal
    /// reports none, as a bare pseudo-terminal does.
    pub fn spawn_sized(command: Command, rows: Option<u16>) -> Pty {
        Pty::spawn_window(command, rows.map(|rows| (rows, 200)))
    }

    /// `spawn` on a terminal of `(rows, columns)`, or of no size.
    pub fn spawn_window(mut command: Command, window: Option<(u16, u16)>) -> Pty {
        let (mut master, mut slave) = (0, 0);
        let (rows, columns) = window.unwrap_or((0, 0));
        let mut size = libc::winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let size_ptr: *mut libc::winsize = if window.is_some() {
            &mut size
        } else {
            std::ptr::null_mut()
        };
        // SAFETY: openpty writes two fresh descriptors into the out-parameters; `size` lives
        // until the call returns.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                size_ptr,
            )
        };
        assert_eq!(rc, 0, "openpty failed");
        // SAFETY: both descriptors were just opened and are owned here.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let slave_fd = slave.as_raw_fd();
        command
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if libc::setsid() == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::ioctl(slave_fd, libc::TIOCSCTTY as _, 0) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("spawn astro in a pty");
        // `command` still holds the slave ends; drop them so the master sees EOF at exit.
        drop(command);
        let master = File::from(master);
        let writer = master.try_clone().unwrap();
        let screen = Arc::new((Mutex::new(Screen::default()), Condvar::new()));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut reader = master;
            let mut buf = [0u8; 4096];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let (lock, ready) = &*sink;
                let mut screen = lock.lock().unwrap();
                if n == 0 {
                    screen.closed = true;
                    ready.notify_all();
                    return;
                }
                screen.text.push_str(&String::from_utf8_lossy(&buf[..n]));
                ready.notify_all();
            }
        });
        Pty {
            child,
            writer,
            screen,
        }
    }

    /// Waits until `text` appears after what earlier calls consumed; returns the output up to
    /// and including it.
    #[track_caller]
    pub fn expect(&mut self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let (lock, ready) = &*self.screen;
        let mut screen = lock.lock().unwrap();
        loop {
            if let Some(at) = screen.text[screen.seen..].find(text) {
                let end = screen.seen + at + text.len();
                let shown = screen.text[screen.seen..end].to_string();
                screen.seen = end;
                return shown;
            }
            let now = Instant::now();
            if screen.closed || now >= deadline {
                panic!(
                    "expected {text:?} on the terminal; it showed {:?}",
                    &screen.text[screen.seen..]
                );
            }
            screen = ready.wait_timeout(screen, deadline - now).unwrap().0;
        }
    }

    /// Types `line` and Enter.
    pub fn send_line(&mut self, line: &str) {
        self.writer.write_all(line.as_bytes()).unwrap();
        self.writer.write_all(b"\r").unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the program to end; returns its exit code and everything it showed.
    pub fn finish(mut self) -> (i32, String) {
        self.wait_for_exit()
    }

    /// `finish`, keeping the terminal open so that its state can be checked afterwards.
    pub fn wait_for_exit(&mut self) -> (i32, String) {
        // The terminal closes when astro exits; wait for that (with the usual patience) before
        // reaping it, so a program stuck at a prompt fails the test instead of hanging it.
        let text = {
            let (lock, ready) = &*self.screen;
            let deadline = Instant::now() + PATIENCE;
            let mut screen = lock.lock().unwrap();
            while !screen.closed && Instant::now() < deadline {
                screen = ready
                    .wait_timeout(screen, deadline - Instant::now())
                    .unwrap()
                    .0;
            }
            if !screen.closed {
                panic!("astro did not finish; the terminal shows {:?}", screen.text);
            }
            screen.text.clone()
        };
        let status = self.child.wait().unwrap();
        (status.code().unwrap_or(-1), text)
    }
}

impl Pty {
    /// Waits until the terminal has stopped echoing: a password prompt has taken over the
    /// terminal (it discards what was typed before that), so the next line is read unseen.
    /// Polls the terminal's state; fails after the usual patience.
    #[track_caller]
    pub fn wait_for_no_echo(&self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            // SAFETY: `termios` is plain data that tcgetattr fills in.
            let mut termios: libc::termios = unsafe { std::mem::zeroed() };
            let rc = unsafe { libc::tcgetattr(self.writer.as_raw_fd(), &mut termios) };
            if rc == 0 && termios.c_lflag & libc::ECHO == 0 {
                return;
            }
            assert!(Instant::now() < deadline, "the terminal kept echoing");
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Pty {
    /// Types Ctrl-C (the terminal turns it into SIGINT for the program).
    pub fn send_ctrl_c(&mut self) {
        self.writer.write_all(&[0x03]).unwrap();
        self.writer.flush().unwrap();
    }

    /// Whether the terminal echoes what is typed (after the program has exited, too).
    pub fn echo_is_on(&self) -> bool {
        // SAFETY: `termios` is plain data that tcgetattr fills in.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::tcgetattr(self.writer.as_raw_fd(), &mut termios) };
        assert_eq!(rc, 0, "tcgetattr on the terminal");
        termios.c_lflag & libc::ECHO != 0
    }
}

/// A test that fails half-way (an `expect` that times out) must not leave `astro` waiting at its
/// prompt, holding the test binary open: kill it. After `finish` it has exited already.
impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
