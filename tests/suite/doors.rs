//! One door in, one door out: every file deckhand reads goes through `paths`,
//! every file it writes through `output`; a git revision is read into memory.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workshop::{Run, Workshop, arg};

const TALK: &str = "\
title: Door test
sections:
  - title: One
    blocks:
      - image:
          src: images/room-plan.png
          caption: The room
";

/// The source files of deckhand, by path from the repository, with the
/// tests at their end (`#[cfg(test)] mod tests`) left out.
fn sources() -> Vec<(String, String)> {
    fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(folder).expect("src lists") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    walk(&root.join("src"), &mut found);
    found.sort();
    found
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a source file");
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(end) => text[..end].to_string(),
                None => text,
            };
            let name = path
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (name, code)
        })
        .collect()
}

/// Each line of deckhand's code outside `allowed` that matches `pattern`.
fn bypasses(pattern: &str, allowed: &[&str]) -> Vec<String> {
    let pattern = regex::Regex::new(pattern).expect("a pattern");
    let mut found = Vec::new();
    for (name, code) in sources() {
        if allowed.contains(&name.as_str()) {
            continue;
        }
        for (number, line) in code.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if pattern.is_match(code) {
                found.push(format!("{name}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    found
}

/// Proves: no module but `paths` opens a file to read it (and `output` its
/// own outputs, to compare them): a new reader that bypasses the door (a
/// `File::open`, `fs::read`, `read_to_string`, `OpenOptions`) fails this test.
#[test]
fn every_file_is_read_through_the_door_of_paths() {
    let found = bypasses(
        r"\bFile::(open|options)\b|\bfs::read(_to_string)?\s*\(|\bread_to_string\b|\bOpenOptions\b",
        &["src/paths.rs", "src/output.rs"],
    );
    assert!(
        found.is_empty(),
        "these lines read a file without `paths::open`/`paths::read`:\n{}",
        found.join("\n")
    );
}

/// Proves: no module but `output` writes, creates, renames or removes a
/// file or folder: a new writer that bypasses the door fails this test.
#[test]
fn every_file_is_written_through_the_door_of_output() {
    let found = bypasses(
        r"\bfs::(write|rename|copy|remove_file|remove_dir(_all)?|create_dir(_all)?|hard_link|set_permissions)\s*\(|\bFile::create\b|\.(write|append|create|create_new|truncate)\(true\)|\bsymlink\s*\(",
        &[
            "src/output.rs",
            "src/output/cache.rs",
            "src/output/clips.rs",
        ],
    );
    assert!(
        found.is_empty(),
        "these lines write a file without `output`:\n{}",
        found.join("\n")
    );
}

/// Asserts that no line of `run` shows a byte of the secret or of the environment.
#[track_caller]
fn assert_nothing_leaked(run: &Run) {
    for leaked in ["SECRET", "hunter2", "PATH=", "HOME=", "DOOR_TEST_TOKEN"] {
        assert!(
            !run.stderr.contains(leaked) && !run.stdout.contains(leaked),
            "printed {leaked}:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
}

/// Proves: a `deckhand.yaml` that is a link out of the project
/// (`/proc/self/environ`, a file of secrets) is refused before it is read,
/// by `check` and `build`: no byte of it is printed, nothing is written.
#[cfg(unix)]
#[test]
fn a_project_file_linking_out_of_the_project_is_never_read() {
    let secrets = Workshop::new().file(
        "secrets.yaml",
        "defaults:\n  api_key: SECRET_KEY_5678\n  password: hunter2\n",
    );
    for target in [
        PathBuf::from("/proc/self/environ"),
        secrets.path("secrets.yaml"),
    ] {
        let w = Workshop::new()
            .outline("decks/talk.yaml", TALK)
            .copy_fixture_as("images/room-plan.png", "decks/images/room-plan.png");
        std::os::unix::fs::symlink(&target, w.path("deckhand.yaml")).expect("a link");
        for args in [
            &["check", "decks/talk.yaml"][..],
            &["build", "decks", "-o", "out"],
        ] {
            let mut command = w.command(args);
            command.env("DOOR_TEST_TOKEN", "SECRET_ENVIRONMENT");
            let output = command.output().expect("deckhand runs");
            let run = Run {
                code: output.status.code(),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            };
            assert_eq!(run.code, Some(1), "{args:?} {target:?}: {}", run.stderr);
            assert_nothing_leaked(&run);
            assert!(
                run.stderr.contains(
                    "deckhand.yaml: error: the project file is a link to a file outside the project's folder\n"
                ),
                "{}",
                run.stderr
            );
            assert!(!w.path("out").exists(), "{args:?} wrote output");
        }
    }
}

/// Proves: a `deckhand.yaml` that is a named pipe or a folder is reported as
/// such, never waited on and never passed over as if there were none.
#[cfg(unix)]
#[test]
fn a_project_file_that_is_a_pipe_or_a_folder_is_reported() {
    let pipe = Workshop::new()
        .outline("decks/talk.yaml", TALK)
        .copy_fixture_as("images/room-plan.png", "decks/images/room-plan.png");
    let made = Command::new("mkfifo")
        .arg(pipe.path("deckhand.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = pipe.run(&["check", "decks/talk.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "deckhand.yaml: error: the project file is a named pipe, not a regular file\n"
        ),
        "{}",
        run.stderr
    );

    let folder = Workshop::new()
        .outline("decks/talk.yaml", TALK)
        .copy_fixture_as("images/room-plan.png", "decks/images/room-plan.png")
        .file("deckhand.yaml/notes.txt", "not a project file");
    let run = folder.run(&["build", "decks", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("deckhand.yaml: error: the project file is a folder, not a regular file\n"),
        "{}",
        run.stderr
    );
    assert!(!folder.path("out").exists());
}

/// A repository whose branch `evil` holds `decks/x.yaml` and, in the same
/// folder, `evil` twice: as a link to `outside` and as a folder holding
/// `payload.yaml`. Git never makes such a tree; `git mktree` does.
fn link_that_is_also_a_folder(outside: &Path) -> Workshop {
    let w = Workshop::new()
        .outline("decks/x.yaml", TALK)
        .copy_fixture_as("images/room-plan.png", "decks/images/room-plan.png")
        .git_init();
    let hash = |bytes: &str| -> String {
        let mut child = Command::new("git")
            .current_dir(w.folder())
            .args(["hash-object", "-w", "--stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes.as_bytes())
            .expect("written");
        let output = child.wait_with_output().expect("git ends");
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    let tree = |entries: &str| -> String {
        let mut child = Command::new("git")
            .current_dir(w.folder())
            .args(["mktree"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(entries.as_bytes())
            .expect("written");
        let output = child.wait_with_output().expect("git ends");
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    let outline = w
        .git(&["rev-parse", "HEAD:decks/x.yaml"])
        .trim()
        .to_string();
    let picture = w
        .git(&["rev-parse", "HEAD:decks/images"])
        .trim()
        .to_string();
    let link = hash(&outside.display().to_string());
    let payload = hash("title: planted\nsections: []\n");
    let inner = tree(&format!("100644 blob {payload}\tpayload.yaml\n"));
    let decks = tree(&format!(
        "100644 blob {outline}\tx.yaml\n040000 tree {picture}\timages\n120000 blob {link}\tevil\n040000 tree {inner}\tevil\n"
    ));
    let top = tree(&format!("040000 tree {decks}\tdecks\n"));
    let commit = w
        .git(&["commit-tree", "-m", "evil", &top])
        .trim()
        .to_string();
    w.git(&["update-ref", "refs/heads/evil", &commit]);
    w
}

/// The names in `folder`, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Proves: `deckhand diff evil:decks/x.yaml decks/x.yaml`, whose revision
/// holds a committed link whose name is also a folder, writes nothing to
/// the disk (not through the link, not into a temporary folder) and says
/// that the revision cannot be read, exit 1, instead of "no changes".
#[cfg(unix)]
#[test]
fn a_committed_link_that_is_also_a_folder_writes_nothing_and_is_reported() {
    let outside = tempfile::tempdir().expect("a folder");
    let temporary = tempfile::tempdir().expect("a folder");
    let w = link_that_is_also_a_folder(outside.path());
    let run = w.run_with_env(
        &["diff", "evil:decks/x.yaml", "decks/x.yaml"],
        &[("TMPDIR", arg(temporary.path()))],
    );
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        "error: `evil:decks/x.yaml` cannot be read: `decks/evil` is in the revision twice, as a link and as a folder\n = help: git itself never commits such a tree; `git fsck` names the commit that holds it\n"
    );
    assert_eq!(names_in(outside.path()), Vec::<String>::new());
    assert_eq!(names_in(temporary.path()), Vec::<String>::new());
}

/// Proves: a link committed in a revision is followed when it stays inside
/// the revision's files, and refused at the line that names it when it
/// leads out (an absolute target, or `..` past the repository's top); the
/// working tree's file of the same name is never read instead.
#[cfg(unix)]
#[test]
fn a_committed_link_is_followed_only_inside_the_revision() {
    let outline = "title: T\nsections:\n  - title: A\n    blocks:\n      - include: part.yaml\n";
    let w = Workshop::new()
        .outline("decks/talk.yaml", outline)
        .file("deckhand.yaml", "defaults:\n  facilitator: Sam\n")
        .file(
            "_library/quote.yaml",
            "quote: {text: Inside the tree, minutes: 2}\n",
        )
        .git_init();
    std::os::unix::fs::symlink("../_library/quote.yaml", w.path("decks/part.yaml"))
        .expect("a link");
    w.commit("a link inside");
    w.write(
        "_library/quote.yaml",
        "quote: {text: Working tree, minutes: 2}\n",
    );
    let run = w
        .run(&[
            "diff",
            "HEAD:decks/talk.yaml",
            "decks/talk.yaml",
            "--format",
            "text",
        ])
        .assert_success();
    assert!(
        run.stdout.contains(
            "  removed quote “Inside the tree” (in HEAD:decks/part.yaml)\n  added quote “Working tree” (in decks/part.yaml)\n"
        ),
        "{}",
        run.stdout
    );

    let secret = tempfile::tempdir().expect("a folder");
    std::fs::write(
        secret.path().join("secret.yaml"),
        "quote: {text: SECRET hunter2}\n",
    )
    .expect("written");
    for target in [
        secret.path().join("secret.yaml").display().to_string(),
        "../../../../../../../../../../../etc/hostname".to_string(),
    ] {
        std::fs::remove_file(w.path("decks/part.yaml")).expect("removed");
        std::os::unix::fs::symlink(&target, w.path("decks/part.yaml")).expect("a link");
        w.commit("a link out");
        let run = w.run(&["diff", "HEAD:decks/talk.yaml", "decks/talk.yaml"]);
        assert_eq!(run.code, Some(1), "{target}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(
                "HEAD:decks/talk.yaml:5:18: error: cannot include `part.yaml`: it points outside the project's folder (where `deckhand.yaml` is) through a link\n"
            ),
            "{target}: {}",
            run.stderr
        );
        assert_nothing_leaked(&run);
    }
}

/// Makes the file `name` of `w` a file of `size` zero bytes (sparse: it
/// takes no room on the disk) and commits it.
fn commit_zeros(w: &Workshop, name: &str, size: u64) {
    let path = w.path(name);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
    let file = std::fs::File::create(&path).expect("created");
    file.set_len(size).expect("sized");
    drop(file);
    w.commit("a large file");
    std::fs::remove_file(&path).expect("removed");
}

/// Proves: `deckhand diff` reads only the revision's files the outline
/// reaches: a committed 200 MB film the outline does not use is never
/// read, so the comparison runs within a 64 MiB memory limit.
#[test]
fn a_large_file_of_a_revision_the_outline_does_not_use_is_never_read() {
    let w = Workshop::new()
        .outline("decks/talk.yaml", TALK)
        .copy_fixture_as("images/room-plan.png", "decks/images/room-plan.png")
        .file("deckhand.yaml", "defaults:\n  facilitator: Sam\n")
        .git_init();
    commit_zeros(&w, "decks/films/whole-film.mp4", 200 * 1024 * 1024);
    w.write(
        "decks/talk.yaml",
        TALK.replace("caption: The room", "caption: The big room"),
    );
    let run = w
        .run_with_env(
            &[
                "diff",
                "HEAD:decks/talk.yaml",
                "decks/talk.yaml",
                "--format",
                "text",
            ],
            &[("DECKHAND_MEMORY_LIMIT", "64")],
        )
        .assert_success();
    assert!(
        run.stdout
            .contains("`caption`: “The room” → “The big room”"),
        "{}",
        run.stdout
    );
}

/// Proves: a still of a revision larger than its bound (100 MiB) is
/// refused by the size git lists, before a byte of it is read: the error
/// is at its line, within a 64 MiB memory limit.
#[test]
fn a_revision_still_over_its_bound_is_refused_by_its_size() {
    let w = Workshop::new()
        .outline("decks/talk.yaml", TALK)
        .copy_fixture_as("images/room-plan.png", "decks/images/room-plan.png")
        .git_init();
    std::fs::remove_file(w.path("decks/images/room-plan.png")).expect("removed");
    commit_zeros(&w, "decks/images/room-plan.png", 150 * 1024 * 1024);
    w.write(
        "decks/images/room-plan.png",
        std::fs::read(crate::workshop::fixture("images/room-plan.png")).expect("fixture"),
    );
    w.write(
        "decks/talk.yaml",
        TALK.replace("caption: The room", "caption: The big room"),
    );
    let run = w.run_with_env(
        &[
            "diff",
            "HEAD:decks/talk.yaml",
            "decks/talk.yaml",
            "-o",
            "review",
        ],
        &[("DECKHAND_MEMORY_LIMIT", "64")],
    );
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "HEAD:decks/talk.yaml:6:16: error: the image `images/room-plan.png` is larger than 100 MiB\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!w.path("review").exists());
}

/// Runs `deckhand ARGS` in `w` with its picture cache in `cache`.
fn cached(w: &Workshop, cache: &Path, args: &[&str]) -> Run {
    w.run_with_env(args, &[("DECKHAND_CACHE_DIR", arg(cache))])
}

/// The entries of the picture cache in `cache`.
fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache.join("pictures"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "picture"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// A small PNG unlike the room plan.
fn other_picture() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 200])
    });
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("a PNG");
    bytes
}

/// Proves: a link put at the name of the cache's temporary entry (by
/// another user of a shared `DECKHAND_CACHE_DIR`) is never written
/// through: its target keeps its bytes, and the entry is still made.
#[cfg(unix)]
#[test]
fn a_link_at_the_cache_temporary_name_is_never_written_through() {
    let w = Workshop::new()
        .outline("talk.yaml", TALK)
        .copy_fixture("images/room-plan.png");
    let cache = w.path("cache");
    cached(&w, &cache, &["build", "talk.yaml", "-o", "first"]).assert_success();
    let [entry] = entries(&cache).try_into().expect("one entry");
    let key = entry
        .file_stem()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    std::fs::remove_file(&entry).expect("removed");
    let victim = w.path("victim.txt");
    std::fs::write(&victim, "the victim's own words").expect("written");
    // The shell puts links at every name the next build's first entries
    // would take (its process number, which `exec` keeps, and a counter),
    // then becomes deckhand.
    let script = format!(
        "for n in 0 1 2 3; do ln -s \"$VICTIM\" \"$CACHE/pictures/.{key}.$$.$n.picture-tmp\"; done; exec \"$DECKHAND\" build talk.yaml -o second"
    );
    let output = Command::new("sh")
        .args(["-c", &script])
        .current_dir(w.folder())
        .env("VICTIM", &victim)
        .env("CACHE", &cache)
        .env("DECKHAND_CACHE_DIR", &cache)
        .env("DECKHAND", env!("CARGO_BIN_EXE_deckhand"))
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&victim).expect("the victim"),
        "the victim's own words"
    );
    let [entry] = entries(&cache).try_into().expect("the entry made again");
    assert!(
        std::fs::symlink_metadata(&entry)
            .expect("the entry")
            .file_type()
            .is_file()
    );
    assert_eq!(
        w.read("first/talk-slides.pdf"),
        w.read("second/talk-slides.pdf")
    );
}

/// Proves: a cache entry copied over another entry's name is not used: it
/// records what it was made from, which is not this picture, so the
/// picture is prepared again and the files are those of a build without
/// the cache.
#[test]
fn a_cache_entry_copied_over_another_is_not_used() {
    let w = Workshop::new()
        .outline("talk.yaml", TALK)
        .outline(
            "other.yaml",
            &TALK.replace("images/room-plan.png", "images/other.png"),
        )
        .copy_fixture("images/room-plan.png")
        .file("images/other.png", other_picture());
    let cache = w.path("cache");
    cached(
        &w,
        &cache,
        &["build", "talk.yaml", "-o", "reference", "--no-cache"],
    )
    .assert_success();
    cached(&w, &cache, &["build", "other.yaml", "-o", "first"]).assert_success();
    let [other_entry] = entries(&cache).try_into().expect("one entry");
    cached(&w, &cache, &["build", "talk.yaml", "-o", "first"]).assert_success();
    let talk_entry = entries(&cache)
        .into_iter()
        .find(|e| *e != other_entry)
        .expect("the room plan's entry");
    std::fs::copy(&other_entry, &talk_entry).expect("copied over");
    cached(&w, &cache, &["build", "talk.yaml", "-o", "second"]).assert_success();
    assert_eq!(
        w.read("second/talk-slides.pdf"),
        w.read("reference/talk-slides.pdf")
    );
    // Made again, from the room plan.
    assert_ne!(
        std::fs::read(&talk_entry).expect("entry"),
        std::fs::read(&other_entry).expect("entry")
    );
}

/// Proves: only a regular file of a plausible size is a cache entry: a
/// named pipe at an entry's name is never waited on, and an 8 GB (sparse)
/// file there does not fail the build; each is passed over and the
/// picture prepared again, the files as those of a build without the cache.
#[cfg(unix)]
#[test]
fn a_cache_entry_that_is_a_pipe_or_huge_is_passed_over() {
    let w = Workshop::new()
        .outline("talk.yaml", TALK)
        .copy_fixture("images/room-plan.png");
    let cache = w.path("cache");
    cached(
        &w,
        &cache,
        &["build", "talk.yaml", "-o", "reference", "--no-cache"],
    )
    .assert_success();
    cached(&w, &cache, &["build", "talk.yaml", "-o", "first"]).assert_success();
    let [entry] = entries(&cache).try_into().expect("one entry");

    std::fs::remove_file(&entry).expect("removed");
    let made = Command::new("mkfifo")
        .arg(&entry)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Under `timeout`, so that the old hang fails the test instead of hanging it.
    let run = w.run_behind(
        &[
            "timeout",
            "120",
            "env",
            &format!("DECKHAND_CACHE_DIR={}", cache.display()),
        ],
        &["build", "talk.yaml", "-o", "piped"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        w.read("piped/talk-slides.pdf"),
        w.read("reference/talk-slides.pdf")
    );

    std::fs::remove_file(&entry).expect("removed");
    let file = std::fs::File::create(&entry).expect("created");
    file.set_len(8 * 1024 * 1024 * 1024).expect("sparse");
    drop(file);
    let run = cached(&w, &cache, &["build", "talk.yaml", "-o", "huge"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        w.read("huge/talk-slides.pdf"),
        w.read("reference/talk-slides.pdf")
    );
    assert!(std::fs::metadata(&entry).expect("the entry").len() < 1024 * 1024);
}

/// Proves: `deckhand init` writes no file through a link on its way: a
/// `.github` or `decks` that is a link out of the folder is refused, and
/// nothing at all is written, there or through it.
#[cfg(unix)]
#[test]
fn init_writes_nothing_through_a_link() {
    for linked in [".github", "decks"] {
        let w = Workshop::new();
        let outside = tempfile::tempdir().expect("a folder");
        std::fs::create_dir(w.path("new")).expect("a folder");
        std::os::unix::fs::symlink(outside.path(), w.path("new").join(linked)).expect("a link");
        let run = w.run(&["init", "new"]);
        assert_eq!(run.code, Some(1), "{linked}: {}", run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "`new/{linked}` is a link; deckhand writes nothing through a link, and nothing was written"
            )),
            "{}",
            run.stderr
        );
        assert_eq!(names_in(outside.path()), Vec::<String>::new());
        assert_eq!(names_in(&w.path("new")), vec![linked.to_string()]);
    }
}

/// Proves: a link put at the name of a build's temporary file (beside its
/// output) is never written through: the output is written and the link's
/// target keeps its bytes.
#[cfg(unix)]
#[test]
fn a_link_at_an_output_temporary_name_is_never_written_through() {
    let w = Workshop::new()
        .outline("talk.yaml", TALK)
        .copy_fixture("images/room-plan.png");
    std::fs::create_dir(w.path("out")).expect("a folder");
    let victim = w.path("victim.txt");
    std::fs::write(&victim, "the victim's own words").expect("written");
    let script = "for f in slides.pdf slides.pdfpc handout.pdf guide.pdf; do ln -s \"$VICTIM\" \"out/.talk-$f.$$.deckhand-tmp\"; done; exec \"$DECKHAND\" build talk.yaml -o out";
    let output = Command::new("sh")
        .args(["-c", script])
        .current_dir(w.folder())
        .env("VICTIM", &victim)
        .env("DECKHAND", env!("CARGO_BIN_EXE_deckhand"))
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&victim).expect("the victim"),
        "the victim's own words"
    );
    assert!(w.pdf_text("out/talk-slides.pdf").contains("The room"));
}
