//! `Workshop`: a temporary folder of outlines and files, the real binary run in it, and what it wrote read back.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary folder a test fills, then runs deckhand in; removed when dropped.
pub struct Workshop {
    dir: tempfile::TempDir,
}

impl Workshop {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// Adds the outline `name` (a path inside the folder) holding `yaml`.
    pub fn outline(self, name: &str, yaml: &str) -> Self {
        self.write(name, yaml);
        self
    }

    /// Adds the file `name` (a path inside the folder; its folders are made).
    pub fn file(self, name: &str, bytes: impl AsRef<[u8]>) -> Self {
        self.write(name, bytes);
        self
    }

    /// Adds `tests/fixtures/NAME` as `NAME` (`images/room-plan.png` lands in `images/`).
    pub fn copy_fixture(self, name: &str) -> Self {
        self.copy_fixture_as(name, name)
    }

    /// Adds `tests/fixtures/FIXTURE` under another name.
    pub fn copy_fixture_as(self, fixture_name: &str, name: &str) -> Self {
        let bytes = std::fs::read(fixture(fixture_name)).expect("the fixture exists");
        self.file(name, bytes)
    }

    /// Writes (or replaces) the file `name`, for edits between two runs.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(name);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).expect("the file's folder is made");
        }
        std::fs::write(&path, bytes).expect("the file is written");
    }

    /// `name` inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The folder itself.
    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `deckhand ARGS` in the folder and waits for it. What it printed
    /// is compared whole with the test's reviewed snapshot (see [`Run`]).
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.folder(), args)
    }

    /// Runs `deckhand ARGS` in the folder without comparing what it printed:
    /// for a test whose input is random (properties, fuzz seeds) or whose
    /// output depends on the machine; the test checks what it needs itself.
    pub fn run_unchecked(&self, args: &[&str]) -> Run {
        finish(&mut command_in(self.folder(), args))
    }

    /// Runs `deckhand ARGS` in the folder with these environment variables
    /// set; what it printed is compared with the snapshot.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = command_in(self.folder(), args);
        command.envs(env.iter().copied());
        finish(&mut command).matches_snapshot(args, self.folder())
    }

    /// `deckhand ARGS` in the folder, not started: for a test that watches or kills it.
    pub fn command(&self, args: &[&str]) -> Command {
        command_in(self.folder(), args)
    }

    /// Runs `WRAPPER... deckhand ARGS` in the folder, such as `unshare --user
    /// deckhand build …`, and waits for it.
    pub fn run_behind(&self, wrapper: &[&str], args: &[&str]) -> Run {
        let (program, wrapper_args) = wrapper.split_first().expect("a wrapper program");
        let mut command = Command::new(program);
        command
            .args(wrapper_args)
            .arg(env!("CARGO_BIN_EXE_deckhand"))
            .args(args);
        finish(as_a_user_runs_it(&mut command, self.folder())).matches_snapshot(args, self.folder())
    }

    /// The bytes of the file `name`.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
    }

    /// The text of the PDF `name`, white space folded.
    pub fn pdf_text(&self, name: &str) -> String {
        pdf_text(&self.path(name))
    }

    /// The text of each page of the PDF `name`, white space folded.
    pub fn pdf_page_texts(&self, name: &str) -> Vec<String> {
        let bytes = std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        pdf_extract::extract_text_from_mem_by_pages(&bytes)
            .expect("the PDF's text can be read")
            .iter()
            .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// The page count of the PDF `name`.
    pub fn pdf_pages(&self, name: &str) -> usize {
        pdf_pages(&self.path(name))
    }

    /// Runs `git ARGS` in the folder, as a fixed author with no global
    /// configuration, and panics if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .current_dir(self.folder())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Makes the folder a git repository (branch `main`) and commits everything in it.
    pub fn git_init(self) -> Self {
        self.git(&["init", "-q"]);
        self.commit("first version");
        self
    }

    /// Commits everything in the folder.
    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// The names of the files in the folder `name`, sorted; none if it does not exist.
    pub fn files(&self, name: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.path(name)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|entry| {
                let entry = entry.expect("a folder entry");
                entry.file_name().to_string_lossy().into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

/// What a run of deckhand showed: its exit code and what it printed.
///
/// Exact by default: every run a test makes is compared whole (exit code,
/// stdout, stderr) with its reviewed snapshot in `tests/snapshots/runs/`,
/// named for the test and the run's place in it, so a line that appears,
/// goes or changes fails the test even where the test itself reads only a
/// part. Durations and temporary folders are written `_` and `[workshop]`.
/// A test opts out with `run_unchecked` and says why in its name or doc.
#[derive(Debug)]
pub struct Run {
    /// `None` when a signal ended it.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Compares the run with the snapshot `TEST-N` (the Nth run of the test
    /// `TEST`), after writing the machine's paths and durations in words.
    #[track_caller]
    fn matches_snapshot(self, args: &[&str], dir: &Path) -> Self {
        let thread = std::thread::current();
        let test = thread
            .name()
            .filter(|name| *name != "main")
            .unwrap_or_else(|| {
                panic!("a run outside a test's own thread cannot be named: use `run_unchecked`")
            });
        let name = snapshot_name(test);
        let printed = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code.map_or("signal".to_string(), |c| c.to_string()),
            redacted(&self.stdout, dir),
            redacted(&self.stderr, dir)
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("snapshots/runs");
        settings.set_prepend_module_to_snapshot(false);
        let shown: Vec<String> = args.iter().map(|arg| shown_argument(arg, dir)).collect();
        settings.set_description(format!("deckhand {}", shown.join(" ")));
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(name, printed));
        self
    }

    /// Panics with what deckhand printed unless it exited 0.
    #[track_caller]
    pub fn assert_success(self) -> Self {
        assert_eq!(
            self.code,
            Some(0),
            "deckhand failed:\n{}{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// `TEST-N` for the Nth run of the test `suite::TOPIC::TEST` (`TOPIC__TEST-N`).
fn snapshot_name(test: &str) -> String {
    thread_local! {
        static RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let n = RUNS.with(|runs| {
        runs.set(runs.get() + 1);
        runs.get()
    });
    let test = test.strip_prefix("suite::").unwrap_or(test);
    format!("{}-{n}", test.replace("::", "__"))
}

/// An argument as the snapshot's description shows it: redacted, and a
/// long one (a limit's test) by its length.
fn shown_argument(argument: &str, dir: &Path) -> String {
    let count = argument.chars().count();
    if count > 200 {
        format!("<{count} characters>")
    } else {
        redacted(argument, dir)
    }
}

/// What deckhand printed, with what differs between machines and runs
/// written in words: the test's folder, the tests' shared cache, the
/// repository, temporary folders, and durations (a number before `ms` or `s`).
fn redacted(text: &str, dir: &Path) -> String {
    let mut text = text.to_string();
    let folders = [
        (dir.to_path_buf(), "[workshop]"),
        (PathBuf::from(env!("CARGO_TARGET_TMPDIR")), "[target-tmp]"),
        (repo(), "[repo]"),
    ];
    for (folder, word) in folders {
        if let Some(folder) = folder.to_str().filter(|f| f.len() > 1) {
            text = text.replace(folder, word);
        }
    }
    let temporary = regex::Regex::new(r"/tmp/\.tmp[A-Za-z0-9]+").expect("a pattern");
    let text = temporary.replace_all(&text, "[tmp]");
    let duration = regex::Regex::new(r"\b\d+(\.\d+)? (ms|s)\b").expect("a pattern");
    duration.replace_all(&text, "_ $2").into_owned()
}

/// The repository's root: the examples in `decks/`, the committed schema.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `deckhand ARGS` run from `dir`, not started.
pub fn command_in(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_deckhand"));
    command.args(args);
    as_a_user_runs_it(&mut command, dir);
    command
}

/// Runs `deckhand ARGS` from `dir` and waits for it; what it printed is
/// compared with the snapshot (see [`Run`]).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(&mut command_in(dir, args)).matches_snapshot(args, dir)
}

/// Runs `deckhand ARGS` from `dir` without comparing what it printed with a
/// snapshot: for a test that compares it whole with something else (a
/// committed file, its own reviewed snapshot).
pub fn run_unchecked_in(dir: &Path, args: &[&str]) -> Run {
    finish(&mut command_in(dir, args))
}

/// From `dir`, as a user's terminal would: no colour, and no
/// `SOURCE_DATE_EPOCH` (the PDFs' date then comes from the outline or is
/// fixed); prepared pictures are cached in the test's own folder.
fn as_a_user_runs_it<'a>(command: &'a mut Command, dir: &Path) -> &'a mut Command {
    command
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        // Never the machine's own films or ffmpeg choice.
        .env_remove("DECKHAND_FILMS")
        .env_remove("DECKHAND_FFMPEG")
        // Never the user's own cache of prepared pictures.
        .env(
            "DECKHAND_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
        )
}

fn finish(command: &mut Command) -> Run {
    let output = command.output().expect("the command runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The text of a PDF, with runs of white space folded to one space.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("the PDF's text can be read");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number of pages of a PDF.
pub fn pdf_pages(path: &Path) -> usize {
    let document = lopdf::Document::load(path).expect("the PDF parses");
    document.get_pages().len()
}

/// `text` with the quotes deckhand curls straight again (“ ” ″ as `"`,
/// ‘ ’ ′ as `'`): for comparing a PDF's text with what an outline says,
/// where how the quotes are printed is not the point.
pub fn straight_quotes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '“' | '”' | '″' => '"',
            '‘' | '’' | '′' => '\'',
            other => other,
        })
        .collect()
}
