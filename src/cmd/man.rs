//! `astro generate-man DIR`: one man page per command, rendered from the same clap trees as
//! `--help`, for the release archives (README "Install"). `DIR/man1` holds the Astro tree and
//! `DIR/apc/man1` the Astro Private Cloud tree, whose `workspace` commands differ; each folder is
//! a complete set, so either can be put on MANPATH. Not part of the command tree (`main` answers
//! it before parsing), so neither help nor the completion scripts offer it.

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};

use crate::cli::{ApcCli, AstroCli};
use crate::error::{Error, Result};

/// Write one man page per command of both command trees into DIR/man1 (Astro) and
/// DIR/apc/man1 (Astro Private Cloud)
#[derive(Debug, Parser)]
#[command(name = "astro-generate-man", bin_name = "astro generate-man")]
pub struct GenerateManArgs {
    /// The folder to write the pages in; created if missing
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Writes both trees' pages; returns the line to show on stderr.
pub fn generate(dir: &Path) -> Result<String> {
    let astro = dir.join("man1");
    let apc = dir.join("apc").join("man1");
    let mut count = 0;
    for (command, out) in [(AstroCli::command(), &astro), (ApcCli::command(), &apc)] {
        count += std::fs::create_dir_all(out)
            .and_then(|()| write_tree(command, out))
            .map_err(|e| {
                Error::msg(format!(
                    "cannot write the man pages in {}: {e}\nPass a folder you can write to.",
                    dir.display()
                ))
            })?;
    }
    Ok(format!(
        "Wrote {count} man pages in {} and {}\n",
        astro.display(),
        apc.display()
    ))
}

/// One page for `command` and one for each of its visible subcommands, recursively, named
/// after the path to the command: `astro-workspace-token-rotate.1`.
fn write_tree(command: clap::Command, out: &Path) -> std::io::Result<usize> {
    let mut command = command.disable_help_subcommand(true);
    // Fills in each subcommand's full name (`astro-workspace-…`) and the global flags.
    command.build();
    write_pages(command, out)
}

fn write_pages(command: clap::Command, out: &Path) -> std::io::Result<usize> {
    let mut count = 0;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        count += write_pages(sub.clone(), out)?;
    }
    clap_mangen::Man::new(command)
        .date(env!("ASTRO_BUILD_DATE"))
        // Subcommands carry no version of their own: without this the header says "rotate ".
        .source(format!("astro {}", crate::VERSION))
        .generate_to(out)?;
    Ok(count + 1)
}
