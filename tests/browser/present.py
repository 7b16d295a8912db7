"""Drives the browser presenter folder in Debian's chromium, headless, with Playwright.

Run by tests/suite/present.rs (ignored in the parallel run; .ci/run runs it
alone): python present.py PAGE SHOTS [OUTLINE]. PAGE is the audience
page's address (file://…/index.html, or the http:// address `deckhand
present --watch` serves). It plays the deck's first
clip from its play area in real time (virtual time does not move a video),
checks that it pauses within one frame of the clip's end, moves on a slide
and reads the presenter window. Prints what it saw, one `name: value` a line;
exits non-zero on the first check that fails. With OUTLINE (served), it
then edits the outline and sees both windows reload on the same slide.
"""

import json
import sys
import time

from playwright.sync_api import sync_playwright

PAGE, SHOTS = sys.argv[1], sys.argv[2]
OUTLINE = sys.argv[3] if len(sys.argv) > 3 else None
FRAME = 1 / 25  # the test film's frame


def check(what, ok, seen):
    print(f"{what}: {json.dumps(seen)}", flush=True)
    if not ok:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
    )
    audience = browser.new_page(viewport={"width": 1280, "height": 720})
    audience.goto(PAGE)
    deck = audience.evaluate("({pages: DECK.pages.length, slides: DECK.slides, clips: DECK.clips})")
    check("pages", deck["pages"] > 2, deck["pages"])
    check("first slide", audience.evaluate("deckhand.page()") == 0,
          audience.get_attribute("#page", "aria-label"))
    audience.keyboard.press("ArrowRight")
    label = audience.get_attribute("#page", "aria-label")
    check("after Right", audience.evaluate("deckhand.page()") == 1 and label.startswith("Slide 2 of"), label)
    audience.keyboard.press("Home")
    check("after Home", audience.evaluate("deckhand.page()") == 0, audience.evaluate("deckhand.page()"))

    with audience.expect_popup() as opened:
        audience.keyboard.press("p")
    presenter = opened.value
    presenter.wait_for_load_state()
    presenter.wait_for_function("document.getElementById('counter').textContent.startsWith('Slide 1 ')")
    check("presenter counter", True, presenter.text_content("#counter"))
    missing = presenter.text_content("#missing")
    check("the presenter says the missing film", presenter.is_visible("#missing") and "lost.mp4" in missing, missing)
    said = audience.evaluate("document.body.innerText")
    check("the audience page says nothing of it", "lost.mp4" not in said and "not found" not in said, said)

    clip = deck["clips"][0]
    for _ in range(clip["page"]):
        audience.keyboard.press("ArrowRight")
    check("on the clip's page", audience.evaluate("deckhand.page()") == clip["page"], clip["page"])
    presenter.wait_for_function(
        f"document.getElementById('counter').textContent !== '' && !document.getElementById('cue').hidden")
    check("presenter follows", True, presenter.text_content("#counter"))
    audience.wait_for_function("deckhand.films[0].readyState >= 2", timeout=15000)
    check("preloaded at the clip's start", True, audience.evaluate("deckhand.films[0].currentTime"))

    button = audience.get_by_role("button", name=clip["label"])
    check("play area", button.count() == 1, clip["label"])
    box = button.bounding_box()
    check("play area's box", box["width"] > 100, box)
    # When the first frame after the click shows (said, not checked: the
    # issue's target is 300 ms on a preloaded clip).
    audience.evaluate("""() => {
        const video = deckhand.films[0];
        window.clickedAt = null;
        window.firstFrameAt = null;
        video.requestVideoFrameCallback(function seen(now, frame) {
            if (window.clickedAt === null) { video.requestVideoFrameCallback(seen); return; }
            window.firstFrameAt = now;
        });
        document.querySelector('button.play').addEventListener('click', () => {
            window.clickedAt = performance.now();
        }, { capture: true, once: true });
    }""")
    button.click()
    length = clip["end"] - clip["start"]
    time.sleep(length / 2)
    took = audience.evaluate("window.firstFrameAt === null ? null : Math.round(window.firstFrameAt - window.clickedAt)")
    print(f"first frame after the click (ms, not checked): {took}", flush=True)
    audience.screenshot(path=f"{SHOTS}/audience-during-clip.png")
    presenter.screenshot(path=f"{SHOTS}/presenter-during-clip.png")
    playing = audience.evaluate("({paused: deckhand.films[0].paused, time: deckhand.films[0].currentTime})")
    check("playing midway", not playing["paused"] and clip["start"] < playing["time"] < clip["end"], playing)
    cue = presenter.text_content("#cue-text")
    check("presenter's clip cue", "s left" in cue, cue)
    time.sleep(length / 2 + 1)
    ended = audience.evaluate("({paused: deckhand.films[0].paused, time: deckhand.films[0].currentTime})")
    check("paused on the clip's last frame",
          ended["paused"] and abs(ended["time"] - clip["end"]) <= FRAME + 0.001, ended)
    audience.screenshot(path=f"{SHOTS}/audience-clip-ended.png")

    button.click()
    time.sleep(0.5)
    again = audience.evaluate("({paused: deckhand.films[0].paused, time: deckhand.films[0].currentTime})")
    check("a second click plays from the start",
          not again["paused"] and clip["start"] <= again["time"] < clip["start"] + 1.5, again)

    audience.keyboard.press("ArrowRight")
    left = audience.evaluate("({paused: deckhand.films[0].paused, page: deckhand.page()})")
    check("leaving the slide stops the clip", left["paused"] and left["page"] == clip["page"] + 1, left)
    after = presenter.evaluate(f"DECK.pages[{clip['page'] + 1}].slide + 1")
    presenter.wait_for_function(f"document.getElementById('counter').textContent.startsWith('Slide {after} ')")
    seen = {
        "counter": presenter.text_content("#counter"),
        "notes": presenter.text_content("#notes"),
        "next": presenter.evaluate("document.querySelector('#next svg') !== null"),
        "block": presenter.text_content("#block"),
        "pace": presenter.text_content("#pace"),
        "upcoming": presenter.text_content("#upcoming"),
    }
    check("presenter after Right", seen["next"] and seen["block"] != "", seen)
    presenter.keyboard.press("ArrowRight")
    audience.wait_for_function(f"deckhand.page() === {clip['page'] + 2}")
    seen = {
        "audience page": audience.evaluate("deckhand.page()"),
        "block": presenter.text_content("#block"),
        "countdown": presenter.text_content("#countdown"),
        "counter": presenter.text_content("#counter"),
    }
    check("the presenter moves the audience", True, seen)
    presenter.screenshot(path=f"{SHOTS}/presenter-timed-block.png")
    if OUTLINE:
        shown = audience.evaluate("deckhand.page()")
        slide = audience.evaluate(f"DECK.pages[{shown}].slide + 1")
        audience.evaluate("window.beforeRebuild = true")
        presenter.evaluate("window.beforeRebuild = true")
        with open(OUTLINE, "a", encoding="utf-8") as outline:
            outline.write("\n# saved again\n")
        audience.wait_for_function(
            f"!window.beforeRebuild && window.deckhand && deckhand.page() === {shown}", timeout=20000)
        presenter.wait_for_function(
            f"!window.beforeRebuild && document.getElementById('counter').textContent.startsWith('Slide {slide} ')",
            timeout=20000)
        check("a rebuild reloads both windows on the same slide", True,
              {"audience page": audience.evaluate("deckhand.page()"),
               "presenter": presenter.text_content("#counter")})
    browser.close()
print("ok", flush=True)
