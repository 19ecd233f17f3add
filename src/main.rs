//! `astro`: parse → build `Cx` → run → map the error to `Error: …` and an exit status.
//! Only this file touches the process's streams, terminal checks and environment.

mod api;
mod auth;
mod cli;
mod cmd;
mod config;
mod env;
mod error;
mod global_flags;
mod output;
mod progress;
mod prompt;
mod time;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::error::ErrorKind;

use crate::cmd::Cx;
use crate::config::Config;
use crate::env::Env;
use crate::error::Error;
use crate::global_flags::{GlobalArgs, Verbosity};
use crate::output::Io;
use crate::prompt::{LinePrompter, Terminal, TerminalSecrets};

/// Whether fd 1 was closed when the process started (`astro … >&-`), recorded by
/// `record_closed_stdout` before the Rust runtime reopens a closed standard stream as /dev/null
/// (after which writes to it "succeed" and reach nobody). A new token printed there would be
/// lost without a word (docs/reliability.md#secrets-reach-you).
static STDOUT_CLOSED_AT_START: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Runs from the loader's constructor list, before `main` and before the runtime's start-up
/// touches fds 0-2. `fcntl(F_GETFD)` fails only with EBADF: the descriptor is not open.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
extern "C" fn record_closed_stdout() {
    // SAFETY: fcntl with F_GETFD reads the descriptor's flags and changes nothing.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED_AT_START.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

// ELF (glibc and musl alike) runs `.init_array` before `main`; Mach-O runs `__mod_init_func`.
// Elsewhere nothing is recorded: on Windows std treats a missing standard handle as a sink, and
// telling it apart would need a check of its own there; a closed stdout then goes unnoticed.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[used]
#[unsafe(link_section = ".init_array")]
static RECORD_CLOSED_STDOUT: extern "C" fn() = record_closed_stdout;

#[cfg(any(target_os = "macos", target_os = "ios"))]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static RECORD_CLOSED_STDOUT: extern "C" fn() = record_closed_stdout;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// `0.1.0 (abc1234 2026-12-02)`: the version, the commit and the build date (build.rs).
pub const LONG_VERSION: &str = env!("ASTRO_LONG_VERSION");

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // Answered before anything else is set up: `--version` is the start-up benchmark.
    if args.len() == 2 && (args[1] == "--version" || args[1] == "-V") {
        // `println!` would panic on a closed stdout; nothing here may panic
        // (docs/compatibility.md#no-panics).
        let _ = writeln!(std::io::stdout(), "astro {LONG_VERSION}");
        return ExitCode::SUCCESS;
    }
    // A Tab in a shell that sourced `astro completion <shell>`: answered from the command tree
    // alone, before the config is imported or anything else is set up.
    if cmd::completion::serve(&args, cli::command) {
        return ExitCode::SUCCESS;
    }
    // Outside the command tree, so that help and completion never offer it, and it needs no
    // config: packaging runs it.
    let result = if args.get(1).is_some_and(|a| a == "generate-man") {
        generate_man(&args[1..])
    } else {
        run(args)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Exit(code)) => ExitCode::from(code),
    }
}

struct Exit(u8);

fn fail(error: &Error) -> Exit {
    // Whoever read our stdout stopped (`astro … | head -1`): nobody is left to tell, so no
    // message, but still a failure status, since the output did not all arrive.
    if matches!(error, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe) {
        return Exit(error.exit_code() as u8);
    }
    let _ = writeln!(std::io::stderr(), "Error: {error}");
    Exit(error.exit_code() as u8)
}

fn run(args: Vec<OsString>) -> Result<(), Exit> {
    let env = Env::from_process();
    let (config, broken) = load_config(&env)?;
    let (global, invocation) = parse(&args, &config, &env, broken)?;
    let mut cx = build_cx(config, env, global.verbosity);
    run_command(invocation, &mut cx)
}

/// `config.toml`, with the error of a broken file kept aside: help, `version` and `completion`
/// still run without it (`parse` decides).
fn load_config(env: &Env) -> Result<(Config, Option<Error>), Exit> {
    let Some(home) = env.home.clone() else {
        return Err(fail(&Error::msg(
            "cannot find your home directory: set ASTRO_HOME",
        )));
    };
    // Coming from the Go CLI: its config.yaml is imported once when config.toml is missing.
    let path = Config::path_in(&home);
    match Config::load_or_import(path.clone(), &mut std::io::stderr()) {
        Ok(config) => Ok((config, None)),
        // Help, `version` and `completion` need no config: they still work, on the tree shown
        // without a context. Everything else stops with the file's error.
        Err(e @ Error::CorruptConfig { .. }) => Ok((Config::empty(path), Some(e))),
        Err(e) => Err(fail(&e)),
    }
}

/// The command line parsed with the current context's tree; a clap error keeps clap's text
/// and status, with `cli::explain`'s word about the other platform's tree; a broken config
/// file lets only help, `version` and `completion` through.
fn parse(
    args: &[OsString],
    config: &Config,
    env: &Env,
    broken: Option<Error>,
) -> Result<(GlobalArgs, cli::Invocation), Exit> {
    let platform = config.tree_platform(env.domain.as_deref());

    let parsed = match cli::parse(platform, args.iter().cloned()) {
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // A group run alone prints its long text, as `--help` does and as Go does; clap's
            // own answer here is the short help.
            let long = cli::parse(
                platform,
                args.iter().cloned().chain([OsString::from("--help")]),
            );
            Err(long.err().unwrap_or(e))
        }
        other => other,
    };
    match (parsed, broken) {
        (Ok(parsed), None) => Ok(parsed),
        (Err(e), None) => {
            let other = match platform {
                config::Platform::Astro => config::Platform::Apc,
                config::Platform::Apc => config::Platform::Astro,
            };
            let elsewhere = cli::Elsewhere {
                has_context: config.current_context(env.domain.as_deref()).is_ok(),
                other_context: config
                    .contexts()
                    .into_iter()
                    .find(|c| c.platform() == other)
                    .map(|c| c.domain),
            };
            Err(clap_exit(cli::explain(e, platform, args, &elsewhere)))
        }
        (Err(e), Some(broken)) => {
            if !matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                // The tree may be the wrong one, so a usage error could mislead: the file is
                // what to fix first.
                return Err(fail(&broken));
            }
            warn_tree_without_config(&broken);
            Err(clap_exit(e))
        }
        (Ok((global, invocation)), Some(broken)) => {
            use crate::cli::{AstroCommand, CommonCommand};
            match &invocation {
                cli::Invocation::Astro(AstroCommand::Common(CommonCommand::Version)) => {}
                cli::Invocation::Astro(AstroCommand::Common(CommonCommand::Completion(_))) => {
                    warn_tree_without_config(&broken);
                }
                _ => return Err(fail(&broken)),
            }
            Ok((global, invocation))
        }
    }
}

/// `Cx`, the handlers' one door to the process: its streams and their terminal checks, the one
/// stdin reader, the debug log, the clock read once.
fn build_cx(config: Config, env: Env, verbosity: Verbosity) -> Cx {
    let stdout_tty = std::io::stdout().is_terminal();
    let stderr_tty = std::io::stderr().is_terminal();
    let color =
        |tty| output::color_enabled(env.no_color, env.clicolor_off, env.clicolor_force, tty);
    let io = Io {
        out: Box::new(std::io::stdout()),
        err: Box::new(std::io::stderr()),
        color: color(stdout_tty),
        err_color: color(stderr_tty),
        out_closed: STDOUT_CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed),
        // Tables at a terminal fit its width (docs/compatibility.md#at-a-terminal).
        out_screen: stdout_tty.then(|| screen(&env, console::Term::stdout())),
        err_screen: stderr_tty.then(|| screen(&env, console::Term::stderr())),
    };
    // One reader for the whole process, so piped answers to several prompts all arrive.
    // Secrets are read without echo only when both ends are a terminal: dialoguer's hidden
    // input fails otherwise.
    let stdin_tty = std::io::stdin().is_terminal();
    let terminal = Terminal {
        interactive: stdin_tty && stderr_tty,
        piped: !stdin_tty,
        rows: stderr_tty
            .then(|| console::Term::stderr().size_checked())
            .flatten()
            .map(|(rows, _)| usize::from(rows)),
    };
    let prompt = Box::new(TerminalSecrets::new(
        // Not `stdin().lock()`: dialoguer reads the terminal through `stdin()` too, and a lock
        // held for the whole process would deadlock it.
        LinePrompter::with_terminal(
            std::io::BufReader::new(std::io::stdin()),
            std::io::stderr(),
            terminal,
        ),
        terminal.interactive,
    ));
    let debug: api::DebugLog = (verbosity == Verbosity::Debug).then(|| {
        Arc::new(Mutex::new(
            Box::new(std::io::stderr()) as Box<dyn Write + Send>
        ))
    });
    let now_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();

    Cx {
        io,
        prompt,
        config,
        env,
        now_unix,
        debug,
        // Progress lines only where a person watches: never in a pipe or a log file.
        progress: stderr_tty.then(|| {
            Arc::new(Mutex::new(
                Box::new(std::io::stderr()) as Box<dyn Write + Send>
            ))
        }),
    }
}

/// The command's handler on a single-threaded runtime; its error becomes `Error: …`.
fn run_command(invocation: cli::Invocation, cx: &mut Cx) -> Result<(), Exit> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(&Error::msg(format!("could not start: {e}"))))?;
    runtime
        .block_on(cmd::dispatch::run(invocation, cx))
        .map_err(|e| fail(&e))
}

/// A terminal's width: `COLUMNS`, else the terminal's size, else unknown.
fn screen(env: &Env, term: console::Term) -> output::Screen {
    output::Screen {
        width: env.columns.or_else(|| {
            term.size_checked()
                .map(|(_, columns)| usize::from(columns))
                .filter(|&c| c > 0)
        }),
    }
}

/// Help and completion of a process whose config could not be read show the Astro tree: say
/// so on stderr (stdout keeps only the help or the script), with where the error is.
fn warn_tree_without_config(broken: &Error) {
    if let Error::CorruptConfig { path, .. } = broken {
        let _ = writeln!(
            std::io::stderr(),
            "Warning: {} is not a valid config file (a command that needs it shows why); these are the commands shown without a context",
            path.display()
        );
    }
}

/// `astro generate-man DIR`: the man pages of both trees (cmd/man.rs).
fn generate_man(args: &[OsString]) -> Result<(), Exit> {
    use clap::Parser;
    let args = cmd::man::GenerateManArgs::try_parse_from(args).map_err(clap_exit)?;
    let note = cmd::man::generate(&args.dir).map_err(|e| fail(&e))?;
    let _ = std::io::stderr().write_all(note.as_bytes());
    Ok(())
}

/// clap's errors keep clap's format and exit status 2; help and version go to stdout with 0.
/// A group command run alone prints its help on stdout and exits 0, as in Go
/// (docs/compatibility.md#exit-status).
fn clap_exit(error: clap::Error) -> Exit {
    match error.kind() {
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let mut stdout = std::io::stdout();
            let _ = write!(stdout, "{}", error.render());
            let _ = stdout.flush();
            Exit(0)
        }
        _ => {
            let _ = error.print();
            Exit(error.exit_code() as u8)
        }
    }
}
