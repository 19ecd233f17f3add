//! Stamps the version line: `astro --version` prints `astro 0.1.0 (abc1234 2026-12-02)`, the
//! commit the binary was built from and the day it was built.
//!
//! The commit comes from `git` when the package is a git checkout of its own; a source tarball
//! (no `.git`, or unpacked inside some other repository) gets the date alone,
//! `astro 0.1.0 (2026-12-02)`. `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
//! convention) replaces the clock.
//!
//! This script reruns only when `HEAD` or the branch it points at moves (or when this file or
//! `SOURCE_DATE_EPOCH` changes), never on every build: the date is therefore the day of the
//! first build of that commit, which is what a release build sees anyway.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();

    let commit = git_commit(&dir);
    let date = build_date();
    let detail = match commit {
        Some(commit) => format!("{commit} {date}"),
        None => date.clone(),
    };
    println!("cargo:rustc-env=ASTRO_LONG_VERSION={version} ({detail})");
    println!("cargo:rustc-env=ASTRO_BUILD_DATE={date}");
}

/// The short commit of `HEAD`, when `dir` is the top of a git work tree and git runs. Also tells
/// cargo which files move when a commit is made or checked out.
fn git_commit(dir: &Path) -> Option<String> {
    let toplevel = git(dir, &["rev-parse", "--show-toplevel"])?;
    // A tarball unpacked inside another repository must not take that repository's commit.
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&toplevel), dir) {
        return None;
    }
    // `--git-path` resolves linked work trees and the common directory where refs live. Only
    // files that exist are watched: cargo reruns a script on every build while a watched file
    // is missing.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(dir, &["rev-parse", "--git-path", &name]) {
            let path = dir.join(path);
            if path.is_file() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    git(dir, &["rev-parse", "--short=7", "--verify", "HEAD"])
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Today (UTC) as YYYY-MM-DD, or the day of `SOURCE_DATE_EPOCH`.
fn build_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or_default()
        });
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
