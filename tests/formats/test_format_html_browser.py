"""--format html opened in a real browser: Debian's chromium, headless.

``--dump-dom`` gives the document as the browser built it after loading (scripts, had any
run, would have changed it); ``--screenshot`` gives the picture a reader sees.

Chromium absent: skipped on a developer's machine, a failure in CI (CI set), where
``.ci/run`` installs it.  Set TALLYCHECK_SCREENSHOTS=DIR to keep the screenshots to look at.
"""

from __future__ import annotations

import http.server
import os
import shutil
import struct
import subprocess
import threading
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from formats_testkit import CASES, report_of
from tallycheck.formats import render
from tallycheck.pipeline import check_texts

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]
WIDTH, HEIGHT = 1200, 1600


def _find_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _find_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return path


def run_chromium(chromium: str, tmp_path: Path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    proc = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def dump_dom(chromium: str, tmp_path: Path, page: Path) -> str:
    # a virtual-time budget lets timers and load handlers (had any run) finish first
    return run_chromium(chromium, tmp_path, "--virtual-time-budget=3000", "--dump-dom", page.as_uri())


def screenshot(chromium: str, tmp_path: Path, page: Path) -> Path:
    png = tmp_path / (page.stem + ".png")
    run_chromium(chromium, tmp_path, f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={png}", page.as_uri())
    assert png.exists() and png.stat().st_size > 0
    keep = os.environ.get("TALLYCHECK_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)
    return png


def write_page(tmp_path: Path, case: str) -> Path:
    page = tmp_path / f"{case}.html"
    page.write_text(render(report_of(CASES[case]), "html"), encoding="utf-8")
    return page


class Dom(HTMLParser):
    """The elements (tag, attributes) and the visible text of a dumped DOM."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0
        self.by_id: dict[str, str] = {}
        self._open_ids: list[tuple[str, str, int]] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("style", "title", "script"):
            self._skip += 1
        ident = dict(attrs).get("id")
        if ident:
            self._open_ids.append((ident, tag, len(self.text)))

    def handle_endtag(self, tag):
        if tag in ("style", "title", "script"):
            self._skip = max(0, self._skip - 1)
        if self._open_ids and self._open_ids[-1][1] == tag:
            ident, _, start = self._open_ids.pop()
            self.by_id[ident] = "".join(self.text[start:])

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return "".join(self.text)

    def tags(self) -> set[str]:
        return {t for t, _ in self.elements}


# --- a tiny PNG reader (8-bit RGB/RGBA, not interlaced: what chromium writes) -------------

def png_rows(path: Path, rows: int) -> tuple[int, int, list[bytes], int]:
    """(width, height, the first ``rows`` rows unfiltered, bytes per pixel)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos: pos + 4])
        kind, body = data[pos + 4: pos + 8], data[pos + 8: pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompressobj().decompress(idat, (width * bpp + 1) * rows)
    stride = width * bpp
    out: list[bytes] = []
    prev = bytearray(stride)
    for r in range(min(rows, height)):
        kind, line = raw[r * (stride + 1)], bytearray(raw[r * (stride + 1) + 1: (r + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out.append(bytes(line))
        prev = line
    return width, height, out, bpp


def colour_count(rows: list[bytes], bpp: int, rgb: tuple[int, int, int]) -> int:
    target = bytes(rgb)
    return sum(1 for row in rows for i in range(0, len(row), bpp) if row[i: i + 3] == target)


# --- the tests ----------------------------------------------------------------------------

def test_the_harness_sees_a_script_run(chromium, tmp_path):
    """Control: a page whose script does run leaves its marker in the dumped DOM, so the
    absence of markers below means no script ran (and not that dump-dom hides them)."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>control</p>"
        "<script>document.body.append(document.createElement('xss-quote'))</script></body></html>",
        encoding="utf-8",
    )
    assert "<xss-quote>" in dump_dom(chromium, tmp_path, page)


def test_seed_page_in_the_browser(chromium, tmp_path):
    page = write_page(tmp_path, "prisoner-exchange")
    dom = Dom(dump_dom(chromium, tmp_path, page))
    assert dom.by_id["verdict"].strip() == "✗ CONTRADICTION · 1 conflict"
    text = " ".join(dom.visible_text.split())
    assert "Return of 248 servicemen from captivity" in text
    # the conflict: who against whom, the arithmetic, both claims with their quotes
    conflict = " ".join(dom.by_id["conflict-1"].split())
    assert "between moskalkova and simonyan on released.extra" in conflict
    assert "released.extra = 5 (simonyan) but released.extra = 0 (moskalkova) (off by 5)" in conflict
    assert "fixtures/prisoner-exchange.tally:13:81" in conflict and "fixtures/prisoner-exchange.tally:17:55" in conflict
    assert "“an additional 75 soldiers returned home in exchange for five fighters”" in conflict
    assert "“returned from Ukrainian captivity without exchange”" in conflict
    # the relation that holds, the quantities, the picture of the graph
    assert "248 (mod) = 173 (simonyan) + 75 (simonyan, moskalkova)" in " ".join(dom.by_id["relations"].split())
    assert "Quantities (5)" in dom.by_id["quantities"]
    svg_classes = [a.get("class", "") for t, a in dom.elements if t == "g"]
    assert sum("node-quantity" in c for c in svg_classes) == 5
    assert sum("node-conflict" in c for c in svg_classes) == 1
    assert any("node-quantity contradictory" in c for c in svg_classes)
    assert "svg" in dom.tags() and "script" not in dom.tags()

    png = screenshot(chromium, tmp_path, page)
    width, height, rows, bpp = png_rows(png, 220)
    assert (width, height) == (WIDTH, HEIGHT)
    # the verdict badge is on screen at the top, in its red (the .v-contradiction colours)
    assert colour_count(rows, bpp, (0xFD, 0xEC, 0xEA)) > 2000
    assert colour_count(rows, bpp, (0xB3, 0x26, 0x1E)) > 300


def test_consistent_page_shows_a_green_verdict(chromium, tmp_path):
    page = write_page(tmp_path, "consistent-story")
    dom = Dom(dump_dom(chromium, tmp_path, page))
    assert dom.by_id["verdict"].strip() == "✓ CONSISTENT"
    assert "conflicts" not in dom.by_id
    png = screenshot(chromium, tmp_path, page)
    _, _, rows, bpp = png_rows(png, 220)
    assert colour_count(rows, bpp, (0xE7, 0xF4, 0xEA)) > 2000  # the green badge
    assert colour_count(rows, bpp, (0xFD, 0xEC, 0xEA)) == 0  # and no red one


def test_hostile_text_is_shown_as_text_and_never_run(chromium, tmp_path):
    page = write_page(tmp_path, "hostile-text")
    markup = dump_dom(chromium, tmp_path, page)
    dom = Dom(markup)
    # no element came from the inputs: no script, image or bold, and no script ran
    assert not {"script", "img", "b"} & dom.tags()
    assert not [t for t in dom.tags() if t.startswith("xss-")], markup
    text = dom.visible_text
    assert (
        "we spent <script>document.body.append(document.createElement('xss-quote'))</script> 12 | of 100% "
        "[link](http://x) *now* $5, `tick`: done" in text
    )
    assert "<img src=x onerror=document.body.append(document.createElement('xss-img'))>" in text
    assert "Agency <script>document.body.append(document.createElement('xss-name'))</script>, Inc" in text
    assert "<b>Budget</b> & the 100% | *cuts* $3bn" in text
    assert dom.by_id["verdict"].strip() == "✗ CONTRADICTION · 1 conflict"
    screenshot(chromium, tmp_path, page)


# --- hostile titles, names and quotes: nothing runs, nothing is fetched, nothing links ----------

class _Requests(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A local server that records every request a page makes to it."""
    _Requests.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Requests)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Requests.seen
    finally:
        server.shutdown()
        server.server_close()


def hostile_story(url: str) -> str:
    """Every way a page could fetch, run or link, in a title, source names and quotes."""
    attacks = [
        f"<img src='{url}/img' onerror=document.body.append(document.createElement('xss-onerror'))>",
        f"<script src='{url}/script'></script><script>document.body.append(document.createElement('xss-inline'))</script>",
        f"<link rel=stylesheet href='{url}/css'><style>@import url('{url}/import');</style>",
        f"<meta http-equiv=refresh content='0;url={url}/refresh'>",
        f"<iframe src='{url}/iframe'></iframe><object data='{url}/object'></object>",
        f"<svg><image href='{url}/svg-image'/></svg><p style='background:url({url}/style)'>x</p>",
        f"<a href='{url}/link'>click</a> <a href='javascript:alert(1)'>js</a> {url}/bare-url",
        f"</title></textarea></pre></code>--><img src='{url}/breakout'>",
        f"\x1b]8;;{url}/osc8\x07osc8\x1b]8;;\x07 \u202eevil\u202c",
    ]
    lines = ['title "' + attacks[0] + " " + attacks[3] + '"']
    for i, attack in enumerate(attacks):
        lines += [f'source s{i} "{attack}"', f'  q{i} = 5 "{attack}"', f"source t{i}", f"  q{i} = 6"]
    return "\n".join(lines) + "\n"


def test_the_harness_sees_a_request(chromium, tmp_path, listener):
    """Control: a page without the policy that loads an image is seen by the listener."""
    url, seen = listener
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><html><body><img src='{url}/control'></body></html>", encoding="utf-8")
    dump_dom(chromium, tmp_path, page)
    assert "/control" in seen


def test_hostile_titles_names_and_quotes_run_nothing_fetch_nothing_link_nothing(chromium, tmp_path, listener):
    url, seen = listener
    report = check_texts([("story.tally", hostile_story(url))])
    assert len(report.conflicts) == 9 and not report.errors  # every attack reached the page
    page = tmp_path / "hostile.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    markup = dump_dom(chromium, tmp_path, page)
    screenshot(chromium, tmp_path, page)
    dom = Dom(markup)
    assert seen == []  # no request of any kind
    assert not [t for t in dom.tags() if t.startswith("xss-")], markup  # no script ran
    # no element came from the inputs: no link, image, frame, script or style of theirs
    assert not {"a", "img", "iframe", "object", "image", "link", "script"} & dom.tags()
    assert [t for t, _ in dom.elements].count("style") == 1  # the page's own
    assert [a["http-equiv"] for t, a in dom.elements if t == "meta" and "http-equiv" in a] == ["Content-Security-Policy"]
    text = dom.visible_text
    assert f"<a href='{url}/link'>click</a>" in text and f"{url}/bare-url" in text  # text, not links
    assert "\\x1b]8;;" in text and "\\u202eevil\\u202c" in text  # control characters shown, not obeyed
    assert "\x1b" not in markup and "\u202e" not in markup
