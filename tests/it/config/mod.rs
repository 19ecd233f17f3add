//! `astro config`: settings by name, and importing the Go CLI's `config.yaml`.

mod import;
mod settings;
