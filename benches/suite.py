#!/usr/bin/env python3
"""The benchmark suite: `python3 benches/suite.py` builds deckhand in release
mode, measures it against the official `typst` CLI and prints the table of
docs/performance.md. Needs hyperfine (Debian: `apt install hyperfine`) and
installs typst-cli with cargo when it is missing.

`BENCH_RUNS=N` sets the runs of each measurement; `BENCH_DECKHAND=PATH`
measures that deckhand binary instead of building this tree (an older
build, for a before-and-after table; the stills line is then left out)."""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "decks" / "customer-service-at-the-movies.yaml"
STEM = EXAMPLE.stem
TYPST_VERSION = "0.15.1"  # the Typst deckhand is built on (Cargo.lock)
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def typst_cli():
    found = shutil.which("typst") or str(Path.home() / ".cargo/bin/typst")
    if Path(found).exists():
        version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        if TYPST_VERSION in version:
            return found
    print(f"installing typst-cli {TYPST_VERSION} (once; a few minutes)", file=sys.stderr)
    run("cargo", "install", "typst-cli", "--version", TYPST_VERSION, "--locked")
    return str(Path.home() / ".cargo/bin/typst")


def hyperfine(commands, runs=RUNS, warmup=3):
    """Median seconds of each command, timed by hyperfine as whole processes."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        args = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup),
                "--runs", str(runs), "--export-json", export.name]
        run(*args, *commands, stdout=subprocess.DEVNULL)
        results = json.load(open(export.name))["results"]
    return [r["median"] for r in results]


def peak_memory_mb(command):
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command],
                            capture_output=True, text=True, check=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def generated_outline(path, blocks):
    """An outline of `blocks` blocks of the four core kinds, ten to a section."""
    lines = ["title: Scaling test", "sections:"]
    for n in range(blocks):
        if n % 10 == 0:
            lines += [f"  - title: Section {n // 10 + 1}", "    blocks:"]
        kind = n % 4
        if kind == 0:
            lines += ["      - scene:", f"          film: Film {n}", "          year: 1999",
                      "          clip: \"0:01:00-0:03:30\"",
                      "          setup: A customer calls about a parcel that never came.",
                      "          watch_for: [The first words, The tone, The promise made]",
                      "          minutes: 5", "          notes: Pause at the promise."]
        elif kind == 1:
            lines += ["      - quote:", f"          text: Line number {n}, said with feeling.",
                      "          by: Someone", "          minutes: 1"]
        elif kind == 2:
            lines += ["      - lesson:", f"          title: Lesson {n}",
                      "          points: [Listen first, Say what you will do, Do it]",
                      "          takeaway: Keep the promises you make.", "          minutes: 4"]
        else:
            lines += ["      - questions:", "          minutes: 5", "          ask:",
                      "            - What would you have said?",
                      "            - text: What did the agent promise?",
                      "              hint: Look at the first minute."]
    path.write_text("\n".join(lines) + "\n")


def watch_rebuilds(deckhand, work, prefix, edits=9):
    """Milliseconds of each rebuild after a one-line edit of the first line
    starting with `prefix`, as `deckhand watch` reports them."""
    outline = work / "watched.yaml"
    shutil.copytree(EXAMPLE.parent / "images", work / "images", dirs_exist_ok=True)
    text = EXAMPLE.read_text()
    outline.write_text(text)
    child = subprocess.Popen([deckhand, "watch", outline, "-o", work / "watch-out"],
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)

    def wait_for(pattern):
        for line in child.stderr:
            found = re.search(pattern, line)
            if found:
                return found
            if " failed in " in line:
                raise RuntimeError(f"the edited outline does not build: {line}")
        raise RuntimeError(f"watch ended before {pattern!r}")

    wait_for("watching")
    line = next(line for line in text.splitlines() if line.strip().startswith(prefix))
    times = []
    for n in range(edits):
        outline.write_text(text.replace(line, f"{line} (edit {n})", 1))
        times.append(int(wait_for(r"rebuilt .* in (\d+) ms").group(1)))
        time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    child.wait(timeout=30)
    return times


def still_preparation():
    """The 6000x4000 JPEG line of `cargo bench --bench stills`."""
    result = subprocess.run(["cargo", "bench", "--quiet", "--bench", "stills"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        if "6000x4000" in line:
            return float(re.search(r"median\s+([\d.]+) ms", line).group(1))
    raise RuntimeError(result.stdout)


def main():
    deckhand = os.environ.get("BENCH_DECKHAND")
    if not deckhand:
        run("cargo", "build", "--release", "--quiet", cwd=ROOT)
        deckhand = str(ROOT / "target/release/deckhand")
    # Builds before PDF/UA-1 had no choice of standard: they made tagged PDFs.
    help_text = subprocess.run([deckhand, "build", "--help"], capture_output=True, text=True).stdout
    standards = "--pdf-standard" in help_text
    typst = typst_cli()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run(deckhand, "build", EXAMPLE, "--only", "slides", "-o", work / "out",
            "--emit-typst", work / "typst", "-q")
        project = work / "typst"
        compile_slides = (f"{typst} compile --ignore-system-fonts --font-path {project}/fonts "
                          f"{project}/{STEM}-slides.typ {work}/typst-slides.pdf")
        plain = " --pdf-standard none" if standards else ""
        commands = [
            f"{deckhand} build {EXAMPLE} --only slides -o {work}/a -q",
            f"{deckhand} build {EXAMPLE} -o {work}/b -q",
            compile_slides,
            f"{compile_slides} --pdf-standard ua-1",
            f"{compile_slides} --no-pdf-tags",
        ]
        if standards:
            commands += [f"{deckhand} build {EXAMPLE} --only slides -o {work}/c -q{plain}",
                         f"{deckhand} build {EXAMPLE} -o {work}/d -q{plain}"]
        times = hyperfine(commands)
        slides_only, all_three, typst_tagged, typst_ua, typst_untagged = times[:5]
        # Like with like: deckhand's slides are PDF/UA-1 when it can make them.
        typst_same = typst_ua if standards else typst_tagged
        ratio = slides_only / typst_same
        what = "PDF/UA-1" if standards else "tagged, no standard"
        rows += [
            (f"Example workshop, slides only (deckhand, {what})", f"{slides_only * 1000:.0f} ms", ""),
            ("Same slides, `typst compile` of `--emit-typst` (tagged, no standard)",
             f"{typst_tagged * 1000:.0f} ms", ""),
            ("Same, `typst compile --pdf-standard ua-1`", f"{typst_ua * 1000:.0f} ms", ""),
            ("Same, `typst compile --no-pdf-tags` (untagged)", f"{typst_untagged * 1000:.0f} ms", ""),
            (f"Ratio deckhand / typst, both {what} (target <= 1.10)", f"{ratio:.2f}x",
             "met" if ratio <= 1.10 else "missed"),
            ("Example workshop, all three PDFs (target < 500 ms)", f"{all_three * 1000:.0f} ms",
             "met" if all_three < 0.5 else "missed"),
        ]
        if standards:
            slides_plain, all_plain = times[5:]
            rows += [
                ("Example workshop, slides only, `--pdf-standard none`", f"{slides_plain * 1000:.0f} ms", ""),
                ("Example workshop, all three PDFs, `--pdf-standard none`", f"{all_plain * 1000:.0f} ms", ""),
            ]
        scaling = []
        for blocks in (10, 100, 1000):
            outline = work / f"scale-{blocks}.yaml"
            generated_outline(outline, blocks)
            command = [deckhand, "build", str(outline), "-o", str(work / "scale"), "-q"]
            (seconds,) = hyperfine([" ".join(command)], runs=5 if blocks < 1000 else 3, warmup=1)
            memory = peak_memory_mb(command)
            scaling.append((blocks, seconds))
            target = ""
            if blocks == 1000:
                target = "met" if seconds < 3 and memory < 500 else "missed"
            rows.append((f"{blocks} blocks, all three PDFs" +
                         (" (target < 3 s, < 500 MB)" if blocks == 1000 else ""),
                         f"{seconds * 1000:.0f} ms, {memory:.0f} MB", target))
        per_block = [(b, s / b * 1000) for b, s in scaling]
        rows.append(("Time per block at 100 and 1000 blocks (linear growth)",
                     f"{per_block[1][1]:.2f} ms, {per_block[2][1]:.2f} ms", ""))
        if standards:
            command = [deckhand, "build", str(work / "scale-1000.yaml"), "-o", str(work / "scale"),
                       "-q", "--pdf-standard", "none"]
            (seconds,) = hyperfine([" ".join(command)], runs=3, warmup=1)
            rows.append(("1000 blocks, all three PDFs, `--pdf-standard none`",
                         f"{seconds * 1000:.0f} ms, {peak_memory_mb(command):.0f} MB", ""))
        # A lesson's point is on one slide, one handout section and the
        # guide; the title is on every page of all three documents.
        for prefix, what in (("- Let the customer finish", "a lesson's point"),
                             ("title:", "the workshop's title, on every page")):
            rebuild = statistics.median(watch_rebuilds(deckhand, work, prefix))
            rows.append((f"Watch rebuild after a one-line edit of {what} (target < 100 ms)",
                         f"{rebuild:.0f} ms", "met" if rebuild < 100 else "missed"))
    if not os.environ.get("BENCH_DECKHAND"):
        still = still_preparation()
        rows.append(("Preparing a 6000x4000 JPEG still", f"{still:.0f} ms", ""))

    print(f"\nMedians over {RUNS} runs (hyperfine, whole processes, warm file cache).\n")
    print("| measurement | result | target |")
    print("| --- | --- | --- |")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")


if __name__ == "__main__":
    main()
