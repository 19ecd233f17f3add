//! `astro login` on both platforms, and the browser login of Astro.

mod apc;
mod astro;
mod browser;
mod keyring;
mod secret_service;
mod truth;
