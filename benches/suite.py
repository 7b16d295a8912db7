#!/usr/bin/env python3
"""The benchmark suite: `python3 benches/suite.py` builds deckhand in release
mode, measures it against the official `typst` CLI and prints the table of
docs/performance.md. Needs hyperfine (Debian: `apt install hyperfine`),
numpy and Pillow (`pip install numpy pillow`, for the photos workshop), and
installs typst-cli with cargo when it is missing. `python3 benches/suite.py
photos` measures only the photos workshop, `phones` only issue 33's phone
photos (made with ImageMagick's `convert` and `exiftool`), `team` only issue
33's team repository and 1000-block outline (no typst-cli), `formats` only
the presenter folder and the PowerPoint deck (no typst-cli).

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


def hyperfine(commands, runs=RUNS, warmup=3, cpu=False, cwd=None):
    """Median seconds of each command, timed by hyperfine as whole processes;
    with `cpu`, pairs of the median and the mean CPU seconds (user + system),
    which a machine busy with other work changes less."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        args = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup),
                "--runs", str(runs), "--export-json", export.name]
        run(*args, *commands, stdout=subprocess.DEVNULL, cwd=cwd)
        results = json.load(open(export.name))["results"]
    if cpu:
        return [(r["median"], r["user"] + r["system"]) for r in results]
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
    # The example includes parts of the examples' library: copy the folder.
    shutil.copytree(EXAMPLE.parent, work / "decks", dirs_exist_ok=True)
    outline = work / "decks" / "watched.yaml"
    text = EXAMPLE.read_text()
    outline.write_text(text)
    line = next(line for line in text.splitlines() if line.strip().startswith(prefix))
    changes = [lambda n: outline.write_text(text.replace(line, f"{line} (edit {n})", 1))] * edits
    return watched_rebuilds(deckhand, outline, work / "watch-out", changes)


def watched_rebuilds(deckhand, watched, out, changes, cwd=None):
    """Milliseconds of the rebuild after each of `changes` (each called with
    its number), as `deckhand watch` on `watched` reports them."""
    child = subprocess.Popen([deckhand, "watch", watched, "-o", out], cwd=cwd,
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
    times = []
    for n, change in enumerate(changes):
        change(n)
        times.append(int(wait_for(r"rebuilt .* in (\d+) ms").group(1)))
        time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    child.wait(timeout=30)
    return times


# --- A repository of workshops (issue 19) ---------------------------------

REPO_OUTLINES = 20
REPO_VARIANTS = ("short", "half-day", "full")


def generated_repository(root):
    """A repository of 20 outlines that share one library of scenes and
    sections, each outline with three cuts."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    (root / "deckhand.yaml").write_text(
        "defaults:\n  facilitator: Priya Marsh\n  language: en\n  handout: {note_lines: 3}\n")
    scenes = root / "_library" / "scenes"
    sections = root / "_library" / "sections"
    scenes.mkdir(parents=True, exist_ok=True)
    sections.mkdir(parents=True, exist_ok=True)
    for k in range(10):
        (scenes / f"scene-{k}.yaml").write_text(
            f"scene:\n  film: Film {k}\n  year: 1999\n  clip: \"0:01:00-0:03:30\"\n"
            "  setup: A customer calls about a parcel that never came.\n"
            "  watch_for: [The first words, The tone, The promise made]\n"
            "  minutes: 5\n  notes: Pause at the promise.\n")
        (sections / f"part-{k}.yaml").write_text(
            f"title: Shared part {k}\nblocks:\n"
            f"  - include: ../scenes/scene-{k}.yaml\n"
            f"  - lesson: {{title: Lesson {k}, points: [Listen first, Do it], minutes: 4}}\n"
            f"  - questions: {{ask: [What would you have said?], minutes: 5, except: [short]}}\n")
    decks = root / "decks"
    decks.mkdir(exist_ok=True)
    for n in range(REPO_OUTLINES):
        lines = [f"title: Workshop {n}", "start: \"09:00\"", "variants:",
                 "  short: {}", "  half-day: {}", "  full: {}", "sections:"]
        for k in range(4):
            lines.append(f"  - include: ../_library/sections/part-{(n + k) % 10}.yaml")
        lines += ["  - title: Own part", "    only: [half-day, full]", "    blocks:",
                  f"      - include: ../_library/scenes/scene-{n % 10}.yaml",
                  "        except: [half-day]",
                  f"      - quote: {{text: Said in workshop {n}., minutes: 2}}"]
        (decks / f"workshop-{n:02}.yaml").write_text("\n".join(lines) + "\n")
    return decks


def library_opens(deckhand, root):
    """How many times building the repository opens each library file, as
    strace sees it; None without strace."""
    if not shutil.which("strace"):
        return None
    result = subprocess.run(
        ["strace", "-f", "-e", "trace=openat", "-o", "/dev/stderr", deckhand, "build",
         "decks", "-o", "strace-out", "-q"], cwd=root, capture_output=True, text=True)
    opens = re.findall(r'openat\(.*"([^"]*_library/[^"]*\.yaml)"', result.stderr)
    return max((opens.count(name) for name in set(opens)), default=0)


def repository_rows(deckhand, work):
    """Time per produced deck (one cut's slides, handout, guide and notes)
    for a repository of 20 outlines of 3 cuts, against one outline alone."""
    root = work / "repository"
    generated_repository(root)
    decks = len(REPO_VARIANTS)
    (alone,) = hyperfine([f"{deckhand} build decks/workshop-00.yaml -o {root}/one -q"],
                         runs=5, warmup=1, cwd=root)
    (everything,) = hyperfine([f"{deckhand} build decks -o {root}/all -q"],
                              runs=3, warmup=1, cwd=root)
    per_deck_alone = alone / decks * 1000
    per_deck_all = everything / (REPO_OUTLINES * decks) * 1000
    rows = [
        (f"One outline of {decks} cuts sharing a library, per deck",
         f"{per_deck_alone:.0f} ms", ""),
        (f"Repository of {REPO_OUTLINES} such outlines ({REPO_OUTLINES * decks} decks), "
         "per deck (target: no slower)", f"{per_deck_all:.0f} ms",
         "met" if per_deck_all <= per_deck_alone else "missed"),
    ]
    opens = library_opens(deckhand, root)
    if opens is not None:
        rows.append(("Most times one library file is opened in that build (target 1)",
                     str(opens), "met" if opens == 1 else "missed"))
    return rows
# --- A team's repository (issue 33) ---------------------------------------

TEAM_WORKSHOPS = {
    # outline: (its own photo's scene, the library scenes it includes)
    "phone-manner": ("p1", ["p2", "p3"]),
    "hard-calls": ("p4", ["p5", "p6"]),
}


def team_repository(root, photos):
    """A team's repository as a trainer makes it: `deckhand init`, then two
    workshops of two cuts each (short, full) that share a library section
    and scenes whose stills are phone photos, in git. Three outlines with
    the starter; returns the folder of outlines."""
    root.mkdir(parents=True, exist_ok=True)
    run(os.environ.get("BENCH_INIT_DECKHAND", "deckhand"), "init", root,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The starter's film is kept out of git; its folder is there (`watch`
    # stops on a folder it cannot watch).
    (root / "clips").mkdir(exist_ok=True)
    stills = root / "_library" / "stills"
    stills.mkdir(parents=True, exist_ok=True)
    for name in PHONE_PHOTOS:
        shutil.copyfile(photos / name, stills / name)
    scenes = root / "_library" / "scenes"
    for n, name in enumerate(PHONE_PHOTOS):
        (scenes / f"{Path(name).stem}.yaml").write_text(
            f"scene:\n  film: Film {n + 1}\n  year: {1990 + n}\n  clip: \"0:0{n}:10-0:0{n + 1}:40\"\n"
            f"  still: ../stills/{name}\n"
            "  setup: A customer calls back for the third time about the same order.\n"
            "  watch_for: [The first words, The tone, The promise made]\n"
            "  minutes: 6\n  notes: Pause when the agent promises a call back.\n")
    sections = root / "_library" / "sections"
    sections.mkdir(parents=True, exist_ok=True)
    (sections / "opening.yaml").write_text(
        "title: Why the first minute matters\nblocks:\n"
        "  - include: ../scenes/love-actually-gift-wrap.yaml\n"
        "  - lesson:\n      title: Open with the customer's words\n"
        "      points: [Greet by name, Repeat the request, Say what happens next]\n"
        "      takeaway: The first minute sets the tone of the call.\n      minutes: 8\n"
        "  - questions: {ask: [What did the agent hear first?], minutes: 6, except: [short]}\n")
    decks = root / "decks"
    for outline, (own, shared) in TEAM_WORKSHOPS.items():
        lines = [f"title: {outline.replace('-', ' ').capitalize()}",
                 "subtitle: A workshop for the contact centre", "start: \"09:00\"",
                 "variants:", "  short: {}", "  full: {}",
                 "sections:", "  - include: ../_library/sections/opening.yaml",
                 "  - title: On the phone", "    blocks:",
                 f"      - include: ../_library/scenes/{own}.yaml"]
        for name in shared:
            lines += [f"      - include: ../_library/scenes/{name}.yaml", "        except: [short]"]
        lines += ["      - lesson:", "          title: Keep the promise you make",
                  "          points:", "            - Let the customer finish first.",
                  "            - Say what you will do, and by when.",
                  "            - Call back when you said you would.",
                  "          takeaway: A kept promise ends the complaint.", "          minutes: 10",
                  "      - quote: {text: Nobody remembers the hold music., by: A trainer, minutes: 1}",
                  "      - questions:", "          minutes: 12", "          ask:",
                  "            - When did a call back change a customer's mind?",
                  "            - text: What did the agent promise?",
                  "              hint: Listen to the last ten seconds."]
        (decks / f"{outline}.yaml").write_text("\n".join(lines) + "\n")
    git = ["git", "-C", root, "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    run(*git, "init", "-q", stdout=subprocess.DEVNULL)
    run(*git, "add", "-A")
    run(*git, "commit", "-qm", "two workshops")
    return decks


def team_rows(deckhand, work):
    """The team's repository: `deckhand diff`'s summary of a pull request,
    and `watch` rebuilds of one workshop (both cuts) after a text edit and
    after a photo is replaced."""
    photos = phone_photos(work / "phones")
    root = work / "team"
    os.environ["BENCH_INIT_DECKHAND"] = deckhand
    decks = team_repository(root, photos)
    outline = decks / "phone-manner.yaml"
    text = outline.read_text()
    # A pull request: a point reworded, a question added, a section renamed.
    git = ["git", "-C", root, "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    outline.write_text(text.replace("Call back when you said you would.",
                                    "Call back when you promised to.")
                       .replace("title: On the phone", "title: On the line")
                       .replace("      - questions:\n          minutes: 12\n          ask:\n",
                                "      - questions:\n          minutes: 12\n          ask:\n"
                                "            - Who owns the call back?\n"))
    run(*git, "commit", "-qam", "a pull request")
    (summary,) = hyperfine([f"{deckhand} diff HEAD~1:decks/{outline.name} decks/{outline.name}"],
                           cpu=True, cwd=root)
    # Watch one workshop: a lesson's point edited, then its photo replaced
    # by pictures this process has not seen (another photo, or one mirrored),
    # nor any cache: a new photo is never in the cache of prepared pictures.
    os.environ["DECKHAND_CACHE_DIR"] = str(work / "team-cache")
    text = outline.read_text()
    line = "Let the customer finish first."
    edits = [lambda n: outline.write_text(text.replace(line, f"{line[:-1]} (edit {n}).", 1))] * 9
    typed = watched_rebuilds(deckhand, outline, work / "team-out", edits)
    still = root / "_library" / "stills" / "p1.jpg"
    replacements = [photos / "p4.jpg", photos / "p5.jpg"]
    for n in (1, 2, 3):
        mirrored = work / f"mirrored-{n}.jpg"
        if not mirrored.exists():
            run("convert", photos / f"p{n}.jpg", "-flop", "-quality", "90", mirrored)
        replacements.append(mirrored)
    replaced = watched_rebuilds(deckhand, outline, work / "team-out",
                                [lambda n: shutil.copyfile(replacements[n], still)] * 5)
    typed, replaced = statistics.median(typed), statistics.median(replaced)
    return [
        ("Team repository: `deckhand diff` of a pull request, summary only (target < 0.1 s)",
         ms(summary), met(summary[0] < 0.1)),
        ("Team repository: `watch` rebuild of a workshop's two cuts after a text edit "
         "(target < 100 ms)", f"{typed:.0f} ms", met(typed < 100)),
        ("Team repository: `watch` rebuild after a photo is replaced (target < 400 ms)",
         f"{replaced:.0f} ms", met(replaced < 400)),
    ]


def thousand_blocks_row(deckhand, work):
    """The 1000-block outline's three PDFs against issue 33's target."""
    outline = work / "scale-1000.yaml"
    generated_outline(outline, 1000)
    # Under load the default 30 s limit can be reached.
    (timed,) = hyperfine([f"{deckhand} build {outline} -o {work}/scale -q --time-limit 300"],
                         runs=min(RUNS, 5), warmup=1, cpu=True)
    return [("1000 blocks, all three PDFs (issue 33's target < 2 s)", ms(timed),
             met(timed[0] < 2))]


def photographic(width, height, seed):
    """A picture that compresses like a photograph: detail at every scale
    (noise fields from coarse to fine, each fainter) over soft gradients,
    and a little sensor grain."""
    import numpy as np
    from PIL import Image
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    picture = np.zeros((height, width, 3), np.float32)
    for channel in range(3):
        a, b = rng.uniform(-1, 1, 2)
        picture[..., channel] = 110 + 60 * (a * xx / width + b * yy / height)
    amplitude, cells = 70.0, 4
    while cells < max(width, height):
        h = max(2, height * cells // max(width, height)) + 1
        w = max(2, width * cells // max(width, height)) + 1
        field = (rng.normal(0, 1, (h, w, 3)) * 40 + 128).clip(0, 255).astype(np.uint8)
        layer = np.asarray(Image.fromarray(field).resize((width, height), Image.BICUBIC), np.float32)
        picture += (layer - 128) * (amplitude / 40)
        amplitude, cells = amplitude * 0.62, cells * 2
    picture += rng.normal(0, 3.0, picture.shape).astype(np.float32)
    return Image.fromarray(picture.clip(0, 255).astype(np.uint8))


PHOTOS = [f"photo-{n}.jpg" for n in range(1, 7)]
GRABS = ["grab-1.png", "grab-2.png"]


def photos_workshop(folder):
    """Six 4032x3024 phone photos (JPEG, about 2 MB each; the third turned by
    EXIF orientation 6) and two 1920x1080 frame grabs (PNG), an outline that
    shows each (six scenes, two image blocks), and the floor: a plain Typst
    file placing the same originals one per 16:9 page."""
    from PIL import Image
    folder.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(PHOTOS):
        exif = Image.Exif()
        if n == 2:
            exif[0x0112] = 6
        photographic(4032, 3024, n).save(folder / name, quality=92, exif=exif)
    for n, name in enumerate(GRABS):
        photographic(1920, 1080, 10 + n).save(folder / name)
    return photo_outline(folder, [("scene", name) for name in PHOTOS] +
                         [("image", name) for name in GRABS])


def photo_outline(folder, pictures):
    """An outline that shows each of `pictures` (pairs of `scene` or `image`
    and a file name in `folder`), and the floor: a plain Typst file placing
    the same originals one per 16:9 page."""
    lines = ["title: Photos", "sections:", "  - title: On the floor", "    blocks:"]
    for n, (kind, name) in enumerate(pictures):
        if kind == "scene":
            lines += ["      - scene:", f"          film: Scene {n + 1}", f"          still: {name}",
                      "          setup: What the customer sees first.", "          minutes: 5"]
        else:
            lines += ["      - image:", f"          src: {name}", "          caption: A frame grab",
                      "          minutes: 2"]
    (folder / "photos.yaml").write_text("\n".join(lines) + "\n")
    pages = ", ".join(f'"{name}"' for _, name in pictures)
    (folder / "floor.typ").write_text(
        "#set page(width: 960pt, height: 540pt, margin: 24pt)\n"
        f"#for (n, name) in ({pages}).enumerate() {{\n"
        "  if n > 0 { pagebreak() }\n"
        "  image(name, width: 100%, height: 100%, fit: \"contain\")\n"
        "}\n")
    return folder / "photos.yaml"


PHONE_PHOTOS = [f"p{n}.jpg" for n in range(1, 7)]
PHONE_GRABS = ["g1.png", "g2.png"]


def phone_photos(folder):
    """Issue 33's photos, made by ImageMagick as the issue gives them: six
    4032x3024 JPEGs of about 3.5 MB with detail and sensor noise (the sixth
    turned by EXIF orientation 6) and two 1920x1080 PNG frame grabs. Made
    once per folder (about 25 s)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, 7):
        if not (folder / f"p{i}.jpg").exists():
            run("convert", "-seed", i, "-size", "1008x756", "plasma:fractal",
                "-resize", "4032x3024!", "-attenuate", "0.25", "+noise", "Gaussian",
                "-quality", "90", folder / f"p{i}.jpg")
            if i == 6:
                run("exiftool", "-q", "-overwrite_original", "-Orientation=6", "-n",
                    folder / "p6.jpg")
    for i in (1, 2):
        if not (folder / f"g{i}.png").exists():
            run("convert", "-seed", 10 + i, "-size", "480x270", "plasma:fractal",
                "-resize", "1920x1080!", "-blur", "0x3", "-posterize", "64", folder / f"g{i}.png")
    return folder


def photo_timings(deckhand, typst, work, outline):
    """Times (median, CPU) of `check`, slides and all three PDFs cold and
    warm, and the floor; peak memory; the slides' and the floor's PDF sizes."""
    folder = outline.parent
    work.mkdir(parents=True, exist_ok=True)
    os.environ["DECKHAND_CACHE_DIR"] = str(work / "photo-cache")
    cold = "--no-cache"
    names = ("check", "slides_cold", "all_cold", "slides_warm", "all_warm", "floor")
    timed = dict(zip(names, hyperfine([
        f"{deckhand} check {outline} -q",
        f"{deckhand} build {outline} --only slides -o {work}/pc {cold} -q",
        f"{deckhand} build {outline} -o {work}/pc {cold} -q",
        f"{deckhand} build {outline} --only slides -o {work}/pw -q",
        f"{deckhand} build {outline} -o {work}/pw -q",
        f"{typst} compile --ignore-system-fonts {folder}/floor.typ {work}/floor.pdf",
    ], runs=min(RUNS, 10), warmup=2, cpu=True)))
    memory = {
        "check": peak_memory_mb([deckhand, "check", str(outline), "-q"]),
        "cold": peak_memory_mb([deckhand, "build", str(outline), "-o", str(work / "pc"),
                                cold, "-q"]),
        "warm": peak_memory_mb([deckhand, "build", str(outline), "-o", str(work / "pw"), "-q"]),
        "floor": peak_memory_mb([typst, "compile", "--ignore-system-fonts",
                                 str(folder / "floor.typ"), str(work / "floor.pdf")]),
    }
    sizes = {
        "slides": (work / "pc" / f"{outline.stem}-slides.pdf").stat().st_size / 1e6,
        "floor": (work / "floor.pdf").stat().st_size / 1e6,
    }
    return timed, memory, sizes


def ms(timed):
    """A (median, CPU) pair in milliseconds."""
    return f"{timed[0] * 1000:.0f} ms (CPU {timed[1] * 1000:.0f} ms)"


def met(ok):
    return "met" if ok else "missed"


def photos_rows(deckhand, typst, work):
    """The photos workshop: check, cold and warm builds, the Typst floor."""
    outline = photos_workshop(work / "photos")
    timed, memory, sizes = photo_timings(deckhand, typst, work, outline)
    check, floor = timed["check"], timed["floor"]
    slides_cold, all_cold = timed["slides_cold"], timed["all_cold"]
    slides_warm, all_warm = timed["slides_warm"], timed["all_warm"]
    slides_pdf, floor_pdf = sizes["slides"], sizes["floor"]
    ratio = lambda timed: timed[0] / floor[0]
    return [
        ("Photos: `deckhand check` (target < 50 ms, < 60 MB)",
         f"{ms(check)}, {memory['check']:.0f} MB",
         met(check[0] < 0.05 and memory["check"] < 60)),
        ("Photos: the floor, `typst compile` placing the originals",
         f"{ms(floor)}, {memory['floor']:.0f} MB", ""),
        ("Photos: slides, cold (`--no-cache`) (target <= 1.0x the floor)",
         f"{ms(slides_cold)}, {ratio(slides_cold):.2f}x", met(ratio(slides_cold) <= 1.0)),
        ("Photos: all three PDFs, cold (target <= 1.3x the floor)",
         f"{ms(all_cold)}, {ratio(all_cold):.2f}x, {memory['cold']:.0f} MB",
         met(ratio(all_cold) <= 1.3)),
        ("Photos: slides, warm cache", f"{ms(slides_warm)}, {ratio(slides_warm):.2f}x", ""),
        ("Photos: all three PDFs, warm cache (target <= 0.5x the floor)",
         f"{ms(all_warm)}, {ratio(all_warm):.2f}x, {memory['warm']:.0f} MB",
         met(ratio(all_warm) <= 0.5)),
        ("Photos: slides PDF against the floor's PDF (target <= 0.5x)",
         f"{slides_pdf:.1f} MB against {floor_pdf:.1f} MB, {slides_pdf / floor_pdf:.2f}x",
         met(slides_pdf <= 0.5 * floor_pdf)),
    ]


def phone_rows(deckhand, typst, work):
    """Issue 33's phone photos, one scene per picture, against their floor."""
    folder = phone_photos(work / "phones")
    outline = photo_outline(folder, [("scene", name) for name in PHONE_PHOTOS + PHONE_GRABS])
    timed, memory, sizes = photo_timings(deckhand, typst, work / "phone-out", outline)
    floor = timed["floor"]
    ratio = lambda timed: timed[0] / floor[0]
    slides_pdf, floor_pdf = sizes["slides"], sizes["floor"]
    return [
        ("Phone photos: the floor, `typst compile` placing the originals",
         f"{ms(floor)}, {memory['floor']:.0f} MB", ""),
        ("Phone photos: slides, cold (`--no-cache`) (target <= 1.0x the floor)",
         f"{ms(timed['slides_cold'])}, {ratio(timed['slides_cold']):.2f}x",
         met(ratio(timed["slides_cold"]) <= 1.0)),
        ("Phone photos: all three PDFs, cold",
         f"{ms(timed['all_cold'])}, {ratio(timed['all_cold']):.2f}x, {memory['cold']:.0f} MB", ""),
        ("Phone photos: slides, warm cache (target <= 0.1 s)",
         f"{ms(timed['slides_warm'])}, {ratio(timed['slides_warm']):.2f}x",
         met(timed["slides_warm"][0] <= 0.1)),
        ("Phone photos: all three PDFs, warm cache (target <= 0.4x the floor)",
         f"{ms(timed['all_warm'])}, {ratio(timed['all_warm']):.2f}x, {memory['warm']:.0f} MB",
         met(ratio(timed["all_warm"]) <= 0.4)),
        ("Phone photos: slides PDF against the floor's PDF (target <= 0.25x)",
         f"{slides_pdf:.1f} MB against {floor_pdf:.1f} MB, {slides_pdf / floor_pdf:.2f}x",
         met(slides_pdf <= 0.25 * floor_pdf)),
    ]


def still_preparation():
    """The 6000x4000 JPEG line of `cargo bench --bench stills`."""
    result = subprocess.run(["cargo", "bench", "--quiet", "--bench", "stills"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        if "6000x4000" in line:
            return float(re.search(r"median\s+([\d.]+) ms", line).group(1))
    raise RuntimeError(result.stdout)


def edited_example(text):
    """The example workshop after a pull request: a question reworded, a
    section renamed, a quote removed and a scene added (the clip is changed
    in the shared library file, by `diff_rows`)."""
    quote = "      - include: _library/quotes/big-mistake.yaml\n"
    if quote not in text:
        raise RuntimeError("the example workshop no longer includes the quote the diff removes")
    scene = ("      - scene:\n          film: The Terminal\n          year: 2004\n"
             "          clip: \"0:40:00-0:42:30\"\n"
             "          setup: A traveller asks the same official for help every day.\n"
             "          minutes: 4\n")
    anchor = "  # 5. Coaching"
    return (text.replace(quote, "")
            .replace("Which signals in the clip", "Which signs in the clip")
            .replace("- title: Respect before the sale", "- title: Respect first")
            .replace(anchor, scene + "\n" + anchor))


def diff_rows(deckhand, work):
    """`deckhand diff` of two commits of the example workshop, as a
    pull-request workflow runs it: the summary alone, and with the review PDF."""
    repo = work / "diff-repo"
    shutil.copytree(EXAMPLE.parent, repo / "decks")
    git = ["git", "-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    run(*git, "init", "-q", stdout=subprocess.DEVNULL)
    run(*git, "add", "-A")
    run(*git, "commit", "-qm", "before")
    outline = repo / "decks" / EXAMPLE.name
    outline.write_text(edited_example(outline.read_text()))
    scene = repo / "decks" / "_library" / "scenes" / "pretty-woman-boutique.yaml"
    scene.write_text(scene.read_text().replace('clip: "0:33:40-0:36:10"',
                                               'clip: "0:34:00-0:36:10"'))
    run(*git, "commit", "-qam", "after")
    old, new = f"HEAD~1:decks/{EXAMPLE.name}", f"decks/{EXAMPLE.name}"
    # From inside the repository, where git finds the revision.
    summary, with_review = hyperfine([
        f"sh -c 'cd {repo} && {deckhand} diff {old} {new} > /dev/null'",
        f"sh -c 'cd {repo} && {deckhand} diff {old} {new} -o review -q > /dev/null'",
    ])
    return [
        ("`deckhand diff` of two commits of the example, summary only (target < 100 ms)",
         f"{summary * 1000:.0f} ms", "met" if summary < 0.1 else "missed"),
        ("`deckhand diff`, summary and review PDF (target < 1 s)",
         f"{with_review * 1000:.0f} ms", "met" if with_review < 1 else "missed"),
    ]


def folder_bytes(folder):
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())


def formats_rows(deckhand, work):
    """The browser presenter's folder and the PowerPoint deck of the
    example workshop, against their targets (issues 29 and 30): time, and
    size against the slides PDF (and its stills, for the deck)."""
    out = work / "formats"
    run(deckhand, "build", EXAMPLE, "--only", "slides", "--format", "pdf,html,pptx",
        "-o", out, "-q")
    pdf = (out / f"{STEM}-slides.pdf").stat().st_size
    folder = folder_bytes(out / f"{STEM}-present")
    pptx = (out / f"{STEM}-slides.pptx").stat().st_size
    stills = folder_bytes(out / f"{STEM}-present" / "stills")
    slides_pdf, html, pptx_time = hyperfine([
        f"{deckhand} build {EXAMPLE} --only slides -o {work}/f1 -q",
        f"{deckhand} build {EXAMPLE} --only slides --format html -o {work}/f2 -q",
        f"{deckhand} build {EXAMPLE} --only slides --format pptx -o {work}/f3 -q",
    ])
    return [
        ("Example workshop, presenter folder (`--format html`, target < 0.3 s)",
         f"{html * 1000:.0f} ms", "met" if html < 0.3 else "missed"),
        ("Presenter folder against the slides PDF (target <= 1.5x)",
         f"{folder / pdf:.2f}x ({folder // 1024} KB / {pdf // 1024} KB)",
         "met" if folder <= 1.5 * pdf else "missed"),
        ("Example workshop, PowerPoint deck (`--format pptx`, whole build)",
         f"{pptx_time * 1000:.0f} ms", ""),
        ("PowerPoint export alone: `pptx` build less the slides PDF build (target < 0.1 s)",
         f"{max(pptx_time - slides_pdf, 0) * 1000:.0f} ms",
         "met" if pptx_time - slides_pdf < 0.1 else "missed"),
        ("PowerPoint deck against the slides PDF plus its stills (target: no larger)",
         f"{pptx // 1024} KB / {(pdf + stills) // 1024} KB",
         "met" if pptx <= pdf + stills else "missed"),
    ]


def main():
    deckhand = os.environ.get("BENCH_DECKHAND")
    if not deckhand:
        run("cargo", "build", "--release", "--quiet", cwd=ROOT)
        deckhand = str(ROOT / "target/release/deckhand")
    if sys.argv[1:] == ["team"]:
        with tempfile.TemporaryDirectory() as tmp:
            rows = Rows()
            rows += team_rows(deckhand, Path(tmp))
            rows += thousand_blocks_row(deckhand, Path(tmp))
            print_table(rows)
        return
    if sys.argv[1:] == ["formats"]:
        with tempfile.TemporaryDirectory() as tmp:
            print_table(Rows(formats_rows(deckhand, Path(tmp))))
        return
    # Builds before PDF/UA-1 had no choice of standard: they made tagged PDFs.
    help_text = subprocess.run([deckhand, "build", "--help"], capture_output=True, text=True).stdout
    standards = "--pdf-standard" in help_text
    typst = typst_cli()
    rows = Rows()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if sys.argv[1:] != ["phones"]:
            rows += photos_rows(deckhand, typst, work)
        if sys.argv[1:] != ["photos"]:
            rows += phone_rows(deckhand, typst, work)
        if sys.argv[1:] in (["photos"], ["phones"]):
            print_table(rows)
            return
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
        rows += repository_rows(deckhand, work)
        rows += diff_rows(deckhand, work)
        rows += team_rows(deckhand, work)
        rows += thousand_blocks_row(deckhand, work)
        rows += formats_rows(deckhand, work)
    if not os.environ.get("BENCH_DECKHAND"):
        still = still_preparation()
        rows.append(("Preparing a 6000x4000 JPEG still", f"{still:.0f} ms", ""))
    print_table(rows)


class Rows(list):
    """The table's rows, each also printed to stderr as soon as it is
    measured, so that a measurement failing late loses none before it."""

    def append(self, row):
        print("| " + " | ".join(row) + " |", file=sys.stderr, flush=True)
        super().append(row)

    def __iadd__(self, rows):
        for row in rows:
            self.append(row)
        return self


def print_table(rows):
    print(f"\nMedians over {RUNS} runs (photos: {min(RUNS, 10)}; hyperfine, whole processes, "
          "warm file cache).\n")
    print("| measurement | result | target |")
    print("| --- | --- | --- |")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")


if __name__ == "__main__":
    main()
