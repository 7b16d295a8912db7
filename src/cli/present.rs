//! `deckhand present`: an outline's slides built for the browser, and opened there (or served, and rebuilt on every save, with `--watch`).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::args::PresentArgs;
use super::{Exit, Verbosity, build, print_diagnostics, print_error};
use crate::output::Names;
use crate::serve;
use crate::watch::{self, Event};

pub fn present(args: &PresentArgs, verbosity: Verbosity) -> Exit {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("deckhand-present"));
    if args.watch {
        return serve_and_watch(args, &out, verbosity);
    }
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
    let absolute = match std::path::absolute(&page) {
        Ok(path) => path,
        Err(error) => {
            print_error(format!(
                "could not open a browser ({error}); open {} in one",
                page.display()
            ));
            return Exit::Failure;
        }
    };
    match open(&absolute.to_string_lossy()) {
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

/// `--watch`: serves the folder on 127.0.0.1, opens the browser there,
/// and rebuilds on every save until Ctrl-C; each good build bumps the
/// version the pages reload on.
fn serve_and_watch(args: &PresentArgs, out: &Path, verbosity: Verbosity) -> Exit {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    if let Err(error) = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed)) {
        print_error(format!("cannot catch Ctrl-C ({error})"));
        return Exit::Failure;
    }
    let options = match super::fallback_date() {
        Ok(date) => args.build_args(out.to_path_buf()).documents.options(date),
        Err(error) => {
            print_error(error);
            return Exit::Failure;
        }
    };
    let page = Names::new(out, &args.path, args.variant.as_deref()).file("present/index.html");
    let folder = page.parent().unwrap_or(out).to_path_buf();
    let version = Arc::new(AtomicU64::new(0));
    let served = serve::Served {
        folder,
        films_from: out.to_path_buf(),
        version: Arc::clone(&version),
    };
    let mut serving: Option<u16> = None;
    let mut on_event = |event: Event| {
        let Event::Round(round) = event else {
            return;
        };
        for report in round.reports {
            print_diagnostics(&report.diagnostics);
        }
        if round.reports.iter().any(|r| r.failed()) {
            eprintln!("the build failed; the pages show the last good one");
            return;
        }
        version.fetch_add(1, Ordering::Relaxed);
        if serving.is_some() {
            eprintln!("rebuilt in {} ms; the pages reload", round.took.as_millis());
            return;
        }
        if !page.is_file() {
            print_error(format!(
                "`{}` has variants: name the one to present with `--variant`",
                args.path.display()
            ));
            stop.store(true, Ordering::Relaxed);
            return;
        }
        serving = start_serving(served.clone(), args, verbosity);
        if serving.is_none() {
            stop.store(true, Ordering::Relaxed);
        }
    };
    match watch::watch(
        std::slice::from_ref(&args.path),
        &options,
        &stop,
        &mut on_event,
    ) {
        Ok(()) if serving.is_some() => Exit::Success,
        Ok(()) => Exit::Failure,
        Err(error) => {
            print_error(error);
            Exit::Failure
        }
    }
}

/// Starts the server on the built folder and opens a browser on it (unless
/// `--no-open`); its port, or none when it could not start (said why).
fn start_serving(served: serve::Served, args: &PresentArgs, verbosity: Verbosity) -> Option<u16> {
    let port = match serve::start(served) {
        Ok(port) => port,
        Err(error) => {
            print_error(error);
            return None;
        }
    };
    let url = format!("http://127.0.0.1:{port}/");
    out!("serving {url} (press P there for the presenter window)");
    if !args.no_open
        && let Err(why) = open(&url)
    {
        print_error(format!(
            "could not open a browser ({why}); open {url} in one"
        ));
    }
    if verbosity != Verbosity::Quiet {
        eprintln!("watching for changes; press Ctrl-C to stop");
    }
    Some(port)
}

/// Opens `page` with the program `BROWSER` names, else the system's default.
fn open(page: &str) -> Result<(), String> {
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
        .arg(page)
        .status()
        .map_err(|e| format!("`{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program}` {status}"))
    }
}
