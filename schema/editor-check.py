#!/usr/bin/env python3
"""Checks deckhand's JSON Schemas in the editor tooling trainers use: the real
yaml-language-server (VS Code's YAML extension, Neovim, Helix), spoken to
over the language server protocol. It opens the example workshops, the
files of their library and the project file with the schemas mapped as an
editor setting maps them, and checks that

- none of them gets a problem from the schema (the examples are valid),
- a misspelt key in an included file and in the project file does,
- completion offers the keys of a scene in a part file, `facilitator` in
  the project file's `defaults`, and `only` on an include item,
- an outline with five value mistakes (a theme, a language, a clip, a group
  form, an empty list) gets those five problems, at their lines, in the
  words `check` would use, and `year: "2018"` none,
- a text holding `: ` is said to need quotes, as `check` says,
- completion offers each block kind once, the built-in themes, languages,
  papers and group forms as values, and never `null`.

Usage (Node.js 18 or later):

    npm install --prefix /tmp/yls yaml-language-server@2
    python3 schema/editor-check.py /tmp/yls/node_modules/.bin/yaml-language-server

It prints one line per check and exits 1 if any failed.
"""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECKS = ROOT / "decks"

# As an editor's settings would map them (VS Code: `yaml.schemas`).
SCHEMAS = {
    (ROOT / "schema/outline.schema.json").as_uri(): ["decks/*.yaml"],
    (ROOT / "schema/part.schema.json").as_uri(): ["decks/_library/**/*.yaml"],
    # decks/deckhand.yaml also matches the outlines' pattern: its first line
    # names its schema, which wins over any pattern.
    (ROOT / "schema/project.schema.json").as_uri(): ["**/deckhand.yaml"],
}
# Five mistakes of value that `check` reports, and one it accepts (`"2018"`).
FIVE_MISTAKES = """title: A workshop
language: de
theme: classik
sections:
  - title: Listening
    blocks:
      - scene:
          film: Love Actually
          clip: "1:02:10-1:04:3O"
          year: "2018"
      - questions: {ask: []}
      - activity: {title: Map the shelves, group: threes, minutes: 15}
"""

SETTINGS = {"yaml": {"schemas": SCHEMAS, "validate": True, "completion": True,
                     "hover": True, "schemaStore": {"enable": False}}}


class Server:
    """A language server on stdio, with the replies and notifications it sends."""

    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.replies = {}
        self.diagnostics = {}
        self.opened = set()
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self):
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode().strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            message = json.loads(stream.read(int(headers["content-length"])))
            if "method" in message and "id" in message:
                self._answer(message)
            elif "method" in message:
                if message["method"] == "textDocument/publishDiagnostics":
                    with self.lock:
                        params = message["params"]
                        self.diagnostics[params["uri"]] = params["diagnostics"]
                        self.lock.notify_all()
            else:
                with self.lock:
                    self.replies[message["id"]] = message
                    self.lock.notify_all()

    def _answer(self, request):
        result = None
        if request["method"] == "workspace/configuration":
            result = [SETTINGS.get(item.get("section", ""), SETTINGS["yaml"])
                      if item.get("section") != "yaml" else SETTINGS["yaml"]
                      for item in request["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def request(self, method, params, timeout=30):
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        with self.lock:
            if not self.lock.wait_for(lambda: ident in self.replies, timeout):
                raise TimeoutError(method)
            return self.replies.pop(ident).get("result")

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def open(self, path, text):
        """Opens `text` as the file at `path` (closing it first if open)."""
        uri = path.as_uri()
        if uri in self.opened:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.opened.add(uri)
        with self.lock:
            self.diagnostics.pop(uri, None)
        # A new version each time: the server skips a version it has seen.
        self.next_id += 1
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": self.next_id, "text": text}})
        return uri

    def problems(self, uri, settle=1.5):
        """The diagnostics last published for `uri`, once they stop changing."""
        deadline = time.time() + 20
        with self.lock:
            self.lock.wait_for(lambda: uri in self.diagnostics, 20)
        last = None
        while time.time() < deadline:
            with self.lock:
                now = self.diagnostics.get(uri)
            if now == last and now is not None:
                return now
            last = now
            time.sleep(settle)
        return last or []

    def completion_items(self, uri, line, character):
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return result.get("items", []) if isinstance(result, dict) else (result or [])

    def completion(self, uri, line, character):
        return {item["label"] for item in self.completion_items(uri, line, character)}


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    server = Server([sys.argv[1], "--stdio"])
    server.request("initialize", {
        "processId": None, "rootUri": ROOT.as_uri(), "capabilities": {
            "workspace": {"configuration": True},
            "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}}},
        "initializationOptions": SETTINGS})
    server.notify("initialized", {})
    server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    failures = 0

    def report(ok, what):
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}")

    files = sorted(DECKS.glob("*.yaml")) + sorted((DECKS / "_library").rglob("*.yaml"))
    for path in files:
        uri = server.open(path, path.read_text())
        problems = server.problems(uri)
        shown = "; ".join(f"{p['range']['start']['line'] + 1}: {p['message']}" for p in problems)
        report(not problems, f"{path.relative_to(ROOT)}: no problem from the schema {shown}")

    part = DECKS / "_library/scenes/new-scene.yaml"
    uri = server.open(part, "scene:\n  film: Jaws\n  wach_for: [The fin]\n")
    problems = server.problems(uri)
    report(any("wach_for" in p["message"] for p in problems),
           f"a misspelt key in a part is a problem: {[p['message'] for p in problems]}")
    uri = server.open(part, "scene:\n  film: Jaws\n  \n")
    labels = server.completion(uri, 2, 2)
    report({"year", "clip", "still", "watch_for", "minutes"} <= labels,
           f"a part completes a scene's keys: {sorted(labels)}")

    project = DECKS / "deckhand.yaml"
    first_line = project.read_text().splitlines()[0] + "\n"
    uri = server.open(project, first_line + "defaults:\n  facilitatr: Sam\n")
    problems = server.problems(uri)
    report([p["message"] for p in problems] == ["Property facilitatr is not allowed."],
           f"a misspelt default is a problem: {[p['message'] for p in problems]}")
    uri = server.open(project, first_line + "defaults:\n  \n")
    labels = server.completion(uri, 2, 2)
    report({"facilitator", "theme", "handout", "version"} <= labels and "sections" not in labels,
           f"the project file completes outline keys but `sections`: {sorted(labels)}")

    outline = DECKS / "new-workshop.yaml"
    uri = server.open(outline, "title: T\nsubtitel: S\nsections: []\n")
    problems = server.problems(uri)
    report(any("subtitel" in p["message"] for p in problems),
           f"a misspelt key in an outline is a problem: {[p['message'] for p in problems]}")
    text = "title: T\nsections:\n  - include: _library/scenes/x.yaml\n    \n"
    uri = server.open(outline, text)
    labels = server.completion(uri, 3, 4)
    report({"only", "except"} <= labels, f"an include item completes `only`: {sorted(labels)}")

    uri = server.open(outline, FIVE_MISTAKES)
    problems = server.problems(uri)
    found = sorted((p["range"]["start"]["line"] + 1, p["message"]) for p in problems)
    for line, message in found:
        print(f"     {outline.name}:{line}: {message}")
    expected = [(2, "not a language deckhand knows"), (3, "not a built-in theme"),
                (9, "not a clip"), (11, "Array has too few items"), (12, "not a group form")]
    report(len(found) == len(expected)
           and all(line == at and message.startswith(words)
                   for (line, message), (at, words) in zip(found, expected)),
           "five value mistakes are five problems at their lines; `year: \"2018\"` is none")

    text = ("title: T\nsections:\n  - title: A\n    blocks:\n      - scene:\n          film: F\n"
            "          watch_for:\n            - Say what you do: I am sending someone.\n")
    uri = server.open(outline, text)
    problems = server.problems(uri)
    report([p["range"]["start"]["line"] for p in problems] == [7]
           and "put the whole text in quotes" in problems[0]["message"],
           f"a text holding `: ` is explained: {[p['message'] for p in problems]}")

    text = "title: T\nsections:\n  - title: A\n    blocks:\n      - \n"
    uri = server.open(outline, text)
    items = server.completion_items(uri, 4, 8)
    labels = [item["label"] for item in items]
    kinds = ["activity", "break", "image", "lesson", "questions", "quote", "roleplay", "scene",
             "text"]
    report(all(labels.count(kind) == 1 for kind in kinds) and len(labels) == len(set(labels))
           and not any(label.startswith("object") for label in labels),
           f"a block offers each kind once: {labels}")
    for key, line, wanted in [
        ("theme", "theme: ", {"classic", "cinema"}),
        ("language", "language: ", {"en", "fr"}),
        ("paper", "handout:\n  paper: ", {"a4", "us-letter"}),
    ]:
        text = "title: T\n" + line + "\nsections: []\n"
        last = text.splitlines()[line.count("\n") + 1]
        uri = server.open(outline, text)
        labels = server.completion(uri, line.count("\n") + 1, len(last))
        report(wanted <= labels and "null" not in labels, f"`{key}` offers {sorted(labels)}")
    text = ("title: T\nsections:\n  - title: A\n    blocks:\n      - activity:\n"
            "          title: X\n          group: \n")
    uri = server.open(outline, text)
    labels = server.completion(uri, 6, 17)
    report({"pairs", "groups of 4"} <= labels and "null" not in labels,
           f"`group` offers {sorted(labels)}")

    server.process.kill()
    print(f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
