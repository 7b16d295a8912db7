//! `deckhand build`: outlines in, PDFs and speaker notes out.

use std::time::Instant;

use super::args::BuildArgs;
use super::{Exit, print_report};
use crate::pipeline::{self, BuildOptions};

pub fn build(args: BuildArgs) -> Exit {
    let started = Instant::now();
    let outlines = match pipeline::find_outlines(&args.paths) {
        Ok(outlines) => outlines,
        Err(error) => {
            eprintln!("error: {error}");
            return Exit::Failure;
        }
    };
    let mut targets: Vec<_> = args.only.iter().map(|&t| t.into()).collect();
    targets.sort();
    targets.dedup();
    let options = BuildOptions {
        out_dir: args.out,
        targets,
        paper: args.paper.map(Into::into),
        font_paths: args.font_path,
    };
    let mut failed = 0;
    let mut files = 0;
    for path in &outlines {
        let report = pipeline::build(path, &options);
        if print_report(&report) {
            failed += 1;
        }
        for file in &report.written {
            println!("wrote {}", file.display());
        }
        files += report.written.len();
    }
    eprintln!(
        "{} outline{}, {files} files, {failed} failed, {:.1} s",
        outlines.len(),
        if outlines.len() == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    if failed > 0 {
        Exit::Failure
    } else {
        Exit::Success
    }
}
