//! `deckhand themes`: list the built-in themes, or export one as a folder to edit.

use std::path::Path;

use super::args::ThemesAction;
use super::{Exit, print_diagnostics, print_error};
use crate::diag::Diagnostic;
use crate::diag::did_you_mean;
use crate::output;
use crate::theme;

pub fn themes(action: Option<&ThemesAction>) -> Exit {
    match action {
        None => {
            for theme in &theme::BUILT_IN {
                out!("{:<10} {}", theme.name, theme.description);
            }
            Exit::Success
        }
        Some(ThemesAction::Export { name, dir }) => export(name, dir),
    }
}

fn export(name: &str, dir: &Path) -> Exit {
    let Some(theme) = theme::built_in(name) else {
        let names: Vec<&str> = theme::BUILT_IN.iter().map(|t| t.name.as_ref()).collect();
        let mut problem = Diagnostic::error(format!("unknown theme `{name}`"));
        if let Some(near) = did_you_mean(name, &names) {
            problem = problem.with_hint(format!("did you mean `{near}`?"));
        }
        print_diagnostics(&[
            problem.with_hint(format!("the built-in themes are {}", names.join(", ")))
        ]);
        return Exit::Failure;
    };
    let files: Vec<_> = theme
        .files()
        .into_iter()
        .map(|(path, text)| {
            (
                dir.join(path.trim_start_matches('/')),
                text.as_bytes().to_vec(),
            )
        })
        .collect();
    if let Err(error) = output::write_new_files(dir, &files) {
        print_error(error);
        return Exit::Failure;
    }
    for (path, _) in &files {
        out!("wrote {}", path.display());
    }
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    out!(
        "next: edit theme.typ (colours, fonts) or the templates, then put this line in an outline beside the folder:"
    );
    out!("  theme: ./{folder}");
    Exit::Success
}
