"""Steps through a deck's reveal steps in the browser presenter, in Debian's chromium, headless, with Playwright.

Run by tests/suite/present.rs (ignored in the parallel run; .ci/run runs it
alone): python steps.py PAGE SHOTS. PAGE is the audience page's address
(file://…/index.html) of a deck with two slides revealed step by step, one
after the other. It checks that Right and Space show one more item of the
slide each, nothing drawn before moving; that Left takes a step back;
that the presenter window counts slides, not pages, names the step, and
previews the next step, then the next slide; and that no facilitator text
(the presenter's notes) is ever in the audience page, on any page. Prints
what it saw, one `name: value` a line; exits non-zero on the first check
that fails. Keeps screenshots of both windows on a step in SHOTS.
"""

import json
import sys

from playwright.sync_api import sync_playwright

PAGE, SHOTS = sys.argv[1], sys.argv[2]


def check(what, ok, seen):
    print(f"{what}: {json.dumps(seen)}", flush=True)
    if not ok:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)


# Where each thing the audience page draws is on the screen, to the
# half pixel: a glyph, a line, a bullet, a picture.
DRAWN = """() => Array.from(document.querySelectorAll('#page use, #page path, #page image'))
    .map(e => { const r = e.getBoundingClientRect();
        return [e.getAttribute('href') || e.tagName,
            Math.round(r.x * 2), Math.round(r.y * 2), Math.round(r.width * 2), Math.round(r.height * 2)].join(' '); })
    .filter(key => !key.endsWith(' 0 0'))"""

# How many glyphs a page's SVG draws, as the presenter's next preview shows it.
GLYPHS = "(svg) => new DOMParser().parseFromString(svg, 'image/svg+xml').querySelectorAll('use').length"

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    audience = browser.new_page(viewport={"width": 1280, "height": 720})
    loaded = []
    audience.on("request", lambda request: loaded.append(request.url))
    audience.goto(PAGE)
    pages = audience.evaluate("DECK.pages.map(p => [p.slide, p.step, p.steps])")
    slides = audience.evaluate("DECK.slides")
    stepped = [i for i, (_, step, steps) in enumerate(pages) if steps > 1 and step == 1]
    check("slides with steps", len(stepped) >= 2, stepped)
    first = stepped[0]
    slide, _, steps = pages[first]
    second = first + steps
    check("two in a row", stepped[1] == second, {"first": first, "second": second})

    with audience.expect_popup() as opened:
        audience.keyboard.press("p")
    presenter = opened.value
    presenter.wait_for_load_state()
    presenter.wait_for_function("document.getElementById('counter').textContent.startsWith('Slide 1 ')")

    for _ in range(first):
        audience.keyboard.press("ArrowRight")
    check("on the slide's first step", audience.evaluate("deckhand.page()") == first,
          audience.get_attribute("#page", "aria-label"))
    counter = f"Slide {slide + 1} / {slides} \u00b7 step 1 / {steps}"
    presenter.wait_for_function(f"document.getElementById('counter').textContent === {json.dumps(counter)}")
    check("the presenter counts slides, not pages", slides < len(pages), presenter.text_content("#counter"))
    audience.screenshot(path=f"{SHOTS}/audience-step-1.png")
    presenter.screenshot(path=f"{SHOTS}/presenter-step-1.png")

    for step in range(2, steps + 1):
        before = set(audience.evaluate(DRAWN))
        next_title = presenter.text_content("#next-title")
        check(f"the presenter's next preview before step {step}",
              next_title == f"Next: step {step} / {steps}"
              and presenter.evaluate("document.querySelectorAll('#next use').length")
              == audience.evaluate(GLYPHS, audience.evaluate(f"DECK.pages[{first + step - 1}].svg")),
              next_title)
        audience.keyboard.press("ArrowRight" if step % 2 == 0 else " ")
        page = audience.evaluate("deckhand.page()")
        after = set(audience.evaluate(DRAWN))
        check(f"step {step} shows one more item of the same slide",
              page == first + step - 1 and pages[page][0] == slide and pages[page][1] == step,
              audience.get_attribute("#page", "aria-label"))
        moved = sorted(before - after)
        check(f"nothing drawn at step {step - 1} moved at step {step}", not moved and len(after) > len(before),
              {"drawn before": len(before), "after": len(after), "moved": moved[:5]})
        counter = f"Slide {slide + 1} / {slides} \u00b7 step {step} / {steps}"
        presenter.wait_for_function(f"document.getElementById('counter').textContent === {json.dumps(counter)}")
        check(f"the presenter at step {step}", True, presenter.text_content("#counter"))
        if step == 2:
            audience.screenshot(path=f"{SHOTS}/audience-step-2.png")
            presenter.screenshot(path=f"{SHOTS}/presenter-step-2.png")

    next_title = presenter.text_content("#next-title")
    check("on the last step the next preview is the next slide, from its first step",
          next_title == f"Next: slide {slide + 2}"
          and presenter.evaluate("document.querySelectorAll('#next use').length")
          == audience.evaluate(GLYPHS, audience.evaluate(f"DECK.pages[{second}].svg")),
          next_title)

    audience.keyboard.press("ArrowLeft")
    counter = f"Slide {slide + 1} / {slides} \u00b7 step {steps - 1} / {steps}"
    presenter.wait_for_function(f"document.getElementById('counter').textContent === {json.dumps(counter)}")
    check("Left goes back a step", audience.evaluate("deckhand.page()") == second - 2,
          presenter.text_content("#counter"))
    presenter.keyboard.press("ArrowRight")
    presenter.keyboard.press("ArrowRight")
    audience.wait_for_function(f"deckhand.page() === {second}")
    counter = f"Slide {slide + 2} / {slides} \u00b7 step 1 / {pages[second][2]}"
    presenter.wait_for_function(f"document.getElementById('counter').textContent === {json.dumps(counter)}")
    check("the presenter's Right takes the audience on, a step at a time", True,
          {"audience": audience.get_attribute("#page", "aria-label"),
           "presenter": presenter.text_content("#counter")})
    audience.keyboard.press("ArrowLeft")
    check("Left from a slide's first step shows the slide before whole",
          audience.evaluate("deckhand.page()") == second - 1, audience.get_attribute("#page", "aria-label"))

    # The facilitator's text, line by line, from the presenter's data.
    secrets = sorted({line.strip() for notes in presenter.evaluate("NOTES.pages.map(p => p.notes || '')")
                      for line in notes.split("\n") if len(line.strip()) > 12})
    check("the presenter has notes to keep from the room", len(secrets) > 3, len(secrets))
    check("the audience page loads no notes", audience.evaluate("typeof window.NOTES") == "undefined"
          and not any(url.endswith("notes.js") for url in loaded), [u.rsplit("/", 1)[-1] for u in loaded])
    shown = []
    for index in range(len(pages)):
        audience.evaluate(f"deckhand.show({index})")
        said = audience.evaluate("document.documentElement.outerHTML + document.body.innerText + document.title")
        shown.extend(secret for secret in secrets if secret in said)
    check("no facilitator text on any page of the audience's", not shown, shown[:3])
    browser.close()
print("ok", flush=True)
