//! `astro config`: settings by name, and importing the Go CLI's `config.yaml`.

mod get_all;
mod go_keychain;
mod import;
mod settings;
