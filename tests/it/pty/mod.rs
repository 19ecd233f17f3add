//! Prompts and menus at a real terminal (a pseudo-terminal, Unix only; see
//! docs/architecture.md#pty-tests).

mod astro;
mod at_a_terminal;
mod forgiving;
mod menus;
mod prompts;
