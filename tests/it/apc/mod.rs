//! The Astro Private Cloud (Houston GraphQL) `workspace` tree: `astro workspace …` with a
//! Private Cloud context current.

mod extra_arguments;
mod operations;
mod service_account;
mod switch;
mod team;
mod user;
mod workspace;
