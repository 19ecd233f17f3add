//! The test tree itself. With `autotests = false` cargo compiles only `tests/it/main.rs` and
//! the modules it declares, so a test file left at `tests/<name>.rs`, or a file under `tests/it`
//! that no `mod` line names, would never run and never fail
//! (docs/architecture.md#end-to-end-tests). These tests fail instead, naming the file.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    files
}

#[test]
fn no_test_file_is_left_outside_tests_it() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let stray = rust_files(&tests);
    assert!(
        stray.is_empty(),
        "not compiled, because of autotests = false: move each into tests/it/ where its command \
         sits, replace `mod common;` + `use common::` with `use crate::common::`, and declare it \
         with a `mod` line: {stray:?}"
    );
}

#[test]
fn every_file_under_tests_it_is_a_declared_module() {
    fn walk(dir: &Path, parent: &str, undeclared: &mut Vec<PathBuf>) {
        let parent_text = std::fs::read_to_string(dir.join(parent)).unwrap();
        for file in rust_files(dir) {
            let name = file.file_stem().unwrap().to_str().unwrap();
            if name == "main" || name == "mod" {
                continue;
            }
            if !parent_text.contains(&format!("mod {name};")) {
                undeclared.push(file);
            }
        }
        for entry in std::fs::read_dir(dir).unwrap() {
            let sub = entry.unwrap().path();
            if sub.is_dir() {
                let name = sub.file_name().unwrap().to_str().unwrap();
                if !parent_text.contains(&format!("mod {name};")) {
                    undeclared.push(sub.clone());
                }
                walk(&sub, "mod.rs", undeclared);
            }
        }
    }
    let it = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("it");
    let mut undeclared = Vec::new();
    walk(&it, "main.rs", &mut undeclared);
    assert!(
        undeclared.is_empty(),
        "no `mod` line names these, so they are not compiled: {undeclared:?}"
    );
}
