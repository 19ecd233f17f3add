//! `astro context list|switch|delete` with the Go CLI's output.

#[cfg(unix)]
use crate::common::pty::Pty;
use crate::common::*;

fn name_row(domain: &str) -> String {
    format!(" {domain:<44}\n")
}

#[test]
fn list_shows_every_context_and_json_marks_the_current_one() {
    let env = TestEnv::astro();
    let run = env.run(&["context", "list"]);
    astro_snapshot!(env, run, @r#"
    success: true
    exit_code: 0
    ----- stdout -----
     NAME                                        
     [ASTRO_DOMAIN]                             
     [APC_DOMAIN]                             

    ----- stderr -----
    "#);
    assert_eq!(run.stderr, "");

    let json = env.run(&["context", "ls", "-o", "json"]);
    // Tokens are never listed.
    assert!(!json.stdout.contains("token"), "{}", json.stdout);
    astro_snapshot!(env, json, @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    {
      "contexts": [
        {
          "domain": "[ASTRO_DOMAIN]",
          "platform": "astro",
          "organization": "clorg0000000000000000000000",
          "workspace": "clws0000000000000000000000",
          "userEmail": "",
          "isCurrent": true
        },
        {
          "domain": "[APC_DOMAIN]",
          "platform": "apc",
          "organization": "",
          "workspace": "ckws0000000000000000000000",
          "userEmail": "",
          "isCurrent": false
        }
      ]
    }

    ----- stderr -----
    "#);
    assert!(env.requests().is_empty());
}

#[test]
fn list_highlights_the_current_context_when_colour_is_on() {
    let mut env = TestEnv::astro();
    env.set_env("CLICOLOR_FORCE", "1");
    let mut command = env.command(&["context", "list"]);
    command.env_remove("NO_COLOR");
    let out = command.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let current = name_row(&env.astro_domain());
    let highlighted = format!("\x1b[1;32m{}\x1b[0m\n", current.trim_end_matches('\n'));
    assert!(stdout.contains(&highlighted), "{stdout:?}");
}

#[test]
fn list_works_without_a_current_context() {
    let env = TestEnv::astro();
    let text = env
        .read_config()
        .replacen(&format!("context = \"{}\"", env.astro_domain()), "", 1);
    env.write_config(&text);
    let run = env.run(&["context", "list"]);
    astro_snapshot!(env, run, @r#"
    success: true
    exit_code: 0
    ----- stdout -----
     NAME                                        
     [ASTRO_DOMAIN]                             
     [APC_DOMAIN]                             

    ----- stderr -----
    "#);
}

#[test]
fn switch_by_domain_prints_the_go_table_and_changes_the_tree() {
    let env = TestEnv::astro();
    let run = env.run(&["context", "switch", &env.apc_domain()]);
    astro_snapshot!(env, run, @r#"
    success: true
    exit_code: 0
    ----- stdout -----
     CONTEXT DOMAIN                      WORKSPACE                           
     [APC_DOMAIN]                     ckws0000000000000000000000          

     Switched context

    ----- stderr -----
    "#);
    assert_eq!(run.stderr, "");
    assert!(
        env.read_config()
            .contains(&format!("context = \"{}\"", env.apc_domain()))
    );
    // The APC tree now: `workspace sa` exists.
    let help = env.run(&["workspace", "--help"]);
    assert!(help.stdout.contains("service-account"), "{help:#?}");
}

#[test]
fn switch_to_an_unknown_domain_is_an_error() {
    let env = TestEnv::astro();
    let before = env.read_config();
    env.run(&["context", "sw", "nowhere.example.com"]).assert_error(
        "no context for nowhere.example.com: run astro login nowhere.example.com to create it (astro context list shows the contexts)",
    );
    assert_eq!(env.read_config(), before);
}

#[test]
fn switch_without_a_domain_shows_a_menu() {
    let env = TestEnv::astro();
    let mut domains = [env.astro_domain(), env.apc_domain()];
    domains.sort_by_key(|d| d.replace(['.', ':'], "_"));
    let apc_row = domains.iter().position(|d| *d == env.apc_domain()).unwrap() + 1;
    let run = env.run_with_input(&["context", "switch"], &format!(" {apc_row} \n"));
    run.assert_ok();
    assert!(run.stderr.starts_with(" #     CONTEXT DOMAIN"), "{run:#?}");
    assert!(run.stderr.ends_with("\n\n> \n"), "{run:#?}");
    assert!(run.stderr.contains(DEMO_HOUSTON_WORKSPACE_ID), "{run:#?}");
    assert!(run.stdout.ends_with("\n Switched context\n"), "{run:#?}");
    assert!(
        env.read_config()
            .contains(&format!("context = \"{}\"", env.apc_domain()))
    );

    let bad = env.run_with_input(&["context", "switch"], "7\n");
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.ends_with("Error: invalid context selection\n"),
        "{bad:#?}"
    );

    let none = env.run(&["context", "switch"]);
    assert_eq!(none.code, 1);
    assert!(
        none.stderr
            .ends_with("Error: no context selected and no input to choose one: pass DOMAIN\n"),
        "{none:#?}"
    );
}

#[cfg(unix)]
#[test]
fn switch_menu_at_a_terminal() {
    let env = TestEnv::astro();
    let mut domains = [env.astro_domain(), env.apc_domain()];
    domains.sort_by_key(|d| d.replace(['.', ':'], "_"));
    let apc_row = domains.iter().position(|d| *d == env.apc_domain()).unwrap() + 1;
    let mut pty = Pty::spawn(env.command(&["context", "switch"]));
    let menu = pty.expect("\n> ");
    assert!(menu.contains("PLATFORM"), "{menu:?}");
    pty.send_line(&apc_row.to_string());
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(screen.contains("Switched context"), "{screen:?}");
}

#[test]
fn delete_asks_only_for_the_current_context() {
    let env = TestEnv::astro();
    // Not the current one: no question.
    let run = env.run(&["context", "delete", &env.apc_domain()]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        format!("Successfully deleted context: {}\n", env.apc_domain())
    );
    assert!(!env.read_config().contains(&env.apc_domain()));

    // The current one: declined, then end of input, then yes.
    let question = format!(
        "Are you sure you want to delete currently used context: {} (y/n) ",
        env.astro_domain()
    );
    let no = env.run_with_input(&["context", "de", &env.astro_domain()], "n\n");
    no.assert_ok();
    assert_eq!(no.stdout, "");
    assert_eq!(
        no.stderr,
        format!("{question}\nCanceling context delete...\n")
    );
    let eof = env.run(&["context", "delete", &env.astro_domain()]);
    assert_eq!(eof.code, 1);
    assert!(eof.stderr.ends_with("Error: deleting the current context needs confirmation but there is no input: pass --force\n"), "{eof:#?}");
    assert!(env.read_config().contains(DEFAULT_ASTRO_TOKEN));

    let yes = env.run_with_input(&["context", "delete", &env.astro_domain()], "y\n");
    yes.assert_ok();
    assert_eq!(
        yes.stdout,
        format!("Successfully deleted context: {}\n", env.astro_domain())
    );
    let text = env.read_config();
    assert!(!text.contains(DEFAULT_ASTRO_TOKEN), "{text}");
    assert!(text.contains("context = \"\""), "{text}");
}

#[test]
fn delete_with_force_and_of_an_unknown_domain() {
    let env = TestEnv::astro();
    env.run(&["context", "delete", "-f", &env.astro_domain()])
        .assert_ok();
    // Nothing to delete: still a success (cleanup scripts), and only that is said.
    let run = env.run(&["context", "delete", "gone.example.com"]);
    run.assert_ok();
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "Nothing to delete: there is no context for gone.example.com (astro context list shows the contexts)\n"
    );
    // DOMAIN is required.
    assert_eq!(env.run(&["context", "delete"]).code, 2);
}
