//! A build as a standalone Typst project: what `typst compile` needs to make the same documents.

use std::path::PathBuf;

use super::DocumentKind;
use crate::assets::{BUNDLED_FONT_FILES, FONT_LICENCES, FontFile, PreparedStill, bundled_fonts};
use crate::theme::Theme;

/// The files of the project, by path relative to its folder.
///
/// Each document gets an entry file `<stem>-<target>.typ` that includes the
/// theme's templates from its own folder beside its own `data.json`; stills and
/// fonts are shared, the bundled fonts in `fonts/`, added ones in `fonts/added/`. Paths inside the templates are relative, and the stills'
/// paths are absolute from the project's root, which is the entry file's folder.
pub fn typst_project(
    stem: &str,
    documents: &[(DocumentKind, &[u8])],
    theme: &Theme,
    stills: &[PreparedStill],
    extra_fonts: &[FontFile],
) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (target, data) in documents {
        let folder = format!("{stem}-{}", target.name());
        let entry = format!(
            "// Made by deckhand {version} from {stem}.yaml. Compile with\n\
             //   typst compile --font-path fonts --ignore-system-fonts --pdf-standard {standards} {folder}.typ\n\
             // The templates and the outline's data are in {folder}/.\n\
             #include \"{folder}/{target}.typ\"\n",
            version = env!("CARGO_PKG_VERSION"),
            target = target.name(),
            standards = target.pdf_standard_names(),
        );
        files.push((PathBuf::from(format!("{folder}.typ")), entry.into_bytes()));
        for (path, text) in theme.files() {
            let relative = path.trim_start_matches('/');
            files.push((
                PathBuf::from(&folder).join(relative),
                text.as_bytes().to_vec(),
            ));
        }
        for (path, bytes) in theme.binaries() {
            let relative = path.trim_start_matches('/');
            files.push((PathBuf::from(&folder).join(relative), bytes.to_vec()));
        }
        files.push((PathBuf::from(&folder).join("data.json"), data.to_vec()));
    }
    for still in stills {
        for (path, bytes) in [
            (&still.virtual_path, &still.bytes),
            (&still.card_path, &still.card_bytes),
        ] {
            let file = (
                PathBuf::from(path.trim_start_matches('/')),
                bytes.as_slice().to_vec(),
            );
            if !files.iter().any(|(p, _)| *p == file.0) {
                files.push(file);
            }
        }
    }
    for (name, bytes) in BUNDLED_FONT_FILES.iter().zip(bundled_fonts()) {
        files.push((PathBuf::from("fonts").join(name), bytes.to_vec()));
    }
    // Added fonts in a folder of their own, so that a trainer's
    // `Inter-Regular.otf` does not take the bundled one's place; two added
    // fonts of one name (from two `--font-path` folders) in numbered
    // folders. `--font-path fonts` finds them all.
    let mut added: Vec<PathBuf> = Vec::new();
    for font in extra_fonts {
        let Some(name) = font.path.file_name() else {
            continue;
        };
        let mut path = PathBuf::from("fonts/added").join(name);
        let mut n = 1;
        while added.contains(&path) {
            n += 1;
            path = PathBuf::from(format!("fonts/added/{n}")).join(name);
        }
        added.push(path.clone());
        files.push((path, font.bytes.clone()));
    }
    for (name, text) in FONT_LICENCES {
        files.push((PathBuf::from("fonts").join(name), text.as_bytes().to_vec()));
    }
    files
}
