//! The Astro (REST) `workspace` tree: `astro workspace …` with an Astro context current, and
//! the Astro session it runs with.

mod org_token;
mod roles;
mod session_refresh;
mod team;
mod token;
mod user;
mod workspace;
