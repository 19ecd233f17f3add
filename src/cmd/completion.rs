//! `astro completion bash|zsh|fish|powershell`: the shell completion script for the command
//! tree this process shows (the current context's platform, as every other command).

use clap::{Args, CommandFactory, ValueEnum};

use super::Cx;
use crate::cli::{ApcCli, AstroCli};
use crate::config::Platform;
use crate::error::Result;

#[derive(Debug, Args)]
#[command(
    long_about = "Generate the autocompletion script for astro for the specified shell. The script completes the commands of the current context's platform (Astro or APC).",
    after_help = "Examples:\n  source <(astro completion bash)\n  astro completion zsh > \"${fpath[1]}/_astro\"\n  astro completion fish > ~/.config/fish/completions/astro.fish\n  astro completion powershell | Out-String | Invoke-Expression"
)]
pub struct CompletionArgs {
    /// The shell to generate the script for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: CompletionShell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

pub fn run(args: CompletionArgs, cx: &mut Cx) -> Result<()> {
    let platform = cx.config.tree_platform(cx.env.domain.as_deref());
    let script = script(args.shell, platform);
    cx.io.print(&script)
}

pub fn script(shell: CompletionShell, platform: Platform) -> String {
    use clap_complete::Shell;
    let mut command = match platform {
        Platform::Astro => AstroCli::command(),
        Platform::Apc => ApcCli::command(),
    };
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
        CompletionShell::Powershell => Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "astro", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tree_completes_its_own_commands() {
        let astro = script(CompletionShell::Bash, Platform::Astro);
        assert!(astro.contains("rotate"), "Astro tree has token rotate");
        assert!(!astro.contains("service-account"));
        let apc = script(CompletionShell::Fish, Platform::Apc);
        assert!(apc.contains("service-account"));
        assert!(apc.contains("login"));
    }
}
