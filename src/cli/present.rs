//! `deckhand present`: an outline's slides built for the browser, and opened there.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::args::PresentArgs;
use super::{Exit, Verbosity, build, print_error};
use crate::output::Names;

pub fn present(args: &PresentArgs, verbosity: Verbosity) -> Exit {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("deckhand-present"));
    let exit = build::build(args.build_args(out.clone()), verbosity);
    if exit != Exit::Success {
        return exit;
    }
    let page = Names::new(&out, &args.path, args.variant.as_deref()).file("present/index.html");
    if !page.is_file() {
        print_error(format!(
            "`{}` has variants: name the one to present with `--variant`",
            args.path.display()
        ));
        return Exit::Usage;
    }
    if args.no_open {
        out!("open {}", page.display());
        return Exit::Success;
    }
    match open(&page) {
        Ok(()) => {
            if verbosity != Verbosity::Quiet {
                out!(
                    "opened {} (press P for the presenter window)",
                    page.display()
                );
            }
            Exit::Success
        }
        Err(why) => {
            print_error(format!(
                "could not open a browser ({why}); open {} in one",
                page.display()
            ));
            Exit::Failure
        }
    }
}

/// Opens `page` with the program `BROWSER` names, else the system's default.
fn open(page: &Path) -> Result<(), String> {
    let page: PathBuf = std::path::absolute(page).map_err(|e| e.to_string())?;
    let mut command = match std::env::var_os("BROWSER").filter(|b| !b.is_empty()) {
        Some(browser) => Command::new(browser),
        None if cfg!(target_os = "macos") => Command::new("open"),
        None if cfg!(windows) => {
            let mut start = Command::new("cmd");
            start.args(["/C", "start", ""]);
            start
        }
        None => Command::new("xdg-open"),
    };
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .arg(&page)
        .status()
        .map_err(|e| format!("`{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program}` {status}"))
    }
}
