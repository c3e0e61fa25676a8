"""Tests of the documentation site: a strict build, its gallery, and the pages in Chromium.

The build needs the ``docs`` dependency group (installed by ``uv run``); the browser
tests need Chromium and its ChromeDriver (Debian's ``chromium`` and
``chromium-driver``), which CI installs. Chromium is driven through ChromeDriver's
WebDriver protocol, plain HTTP and JSON, so no client library is needed.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import http.server
import importlib.util
import inspect
import json
import os
import pathlib
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

import schedkit
from schedkit import cosine, linear, parse
from schedkit._registry import names
from schedkit.plot import to_svg

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = sorted(name for name in names() if not name.startswith("compat."))
CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Chromium and ChromeDriver: apt-get install chromium chromium-driver",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    pytest.importorskip(
        "mkdocs", reason="needs the docs group, on Python 3.11 or later: uv sync --group docs"
    )
    built = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(built)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return built


def test_every_page_of_the_navigation_is_built(site: pathlib.Path) -> None:
    # A page that fails to build would leave a dead entry in the site's navigation.
    for page in (
        "index.html",  # getting started
        "catalog/index.html",
        "conventions/index.html",
        "migration/index.html",
        "configs/index.html",
        "integrations/index.html",
        "performance/index.html",
        "reference/index.html",
        "architecture/index.html",
        "contributing/index.html",
        "changelog/index.html",
    ):
        assert (site / page).is_file(), page


def text_of(page: pathlib.Path) -> str:
    """The page's text, without its tags (code is split into highlighted spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_getting_started_holds_the_two_commands(site: pathlib.Path) -> None:
    text = text_of(site / "index.html")
    assert "uv run schedkit" in text
    assert "uv run pytest" in text


def test_the_gallery_draws_every_catalog_schedule_at_build_time(site: pathlib.Path) -> None:
    html = (site / "catalog" / "index.html").read_text(encoding="utf-8")
    for name in CATALOG:
        assert f'src="../gallery/{name}.svg"' in html, name
        svg = (site / "gallery" / f"{name}.svg").read_text(encoding="utf-8")
        assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    # Each picture is the code shown above it, drawn now: cosine's is to_svg of its text.
    text = "cosine(base_lr=1e-3, min_lr=1e-5, total_steps=1000)"
    assert text in text_of(site / "catalog" / "index.html")
    drawn = (site / "gallery" / "cosine.svg").read_text(encoding="utf-8")
    assert drawn == to_svg(parse(text), height=300)


def _literal_lines(name: str) -> list[str]:
    """The lines of the literal blocks (the formulas) of *name*'s docstring, read
    here without the hook: every line indented under a line that ends with ``::``."""
    doc = inspect.getdoc(getattr(schedkit, name)) or ""
    found, inside = [], False
    for line in doc.split("\nArgs:")[0].splitlines():
        if line.rstrip().endswith("::"):
            inside = True
        elif inside and line.startswith("    "):
            found.append(line.strip())
        elif line.strip():
            inside = False
    return found


def test_the_catalog_shows_each_formula_from_its_docstring(site: pathlib.Path) -> None:
    # The docstring is the one place a formula is written; the catalog page must be
    # built from it, whole, for every factory, or it would drift as copies did.
    text = text_of(site / "catalog" / "index.html")
    for name in CATALOG:
        lines = _literal_lines(name)
        assert lines, f"{name}'s docstring states no formula"
        for line in lines:
            assert line in text, (name, line)
    assert "value(s) = m + (b - m) * (1 + cos(pi * s / T)) / 2    if s < T" in text


def _gallery() -> Any:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "docs" / "hooks" / "gallery.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_lists_every_catalog_schedule_by_the_gallerys_sections() -> None:
    # The README, which the package index shows, names the catalog without formulas;
    # this keeps its list whole as schedules are added.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    catalog = readme.split("## The catalog\n", 1)[1].split("\n## ", 1)[0]
    listed = {
        title: re.findall(r"`(\w+)`", names)
        for title, names in re.findall(r"^- \*\*(.+?):\*\* (.+(?:\n  .+)*)", catalog, re.M)
    }
    sections = {title: list(section) for title, section in _gallery().SECTIONS.items()}
    assert listed == sections
    assert sorted(name for names in listed.values() for name in names) == CATALOG


def test_the_reference_is_read_from_the_docstrings(site: pathlib.Path) -> None:
    html = (site / "reference" / "index.html").read_text(encoding="utf-8")
    for name in [
        *CATALOG,
        "plot.to_svg",
        "plot.to_text",
        "optim.apply",
        "jax.to_optax",
        "keras.to_keras",
    ]:
        assert f'id="schedkit.{name}"' in html, name
    assert "Cosine annealing from" in html
    # The docstrings' Sphinx roles read as links to the entries they name.
    assert ":func:" not in html
    assert '<a href="#schedkit.with_warmup"><code>with_warmup</code></a>' in html


def test_the_changelog_page_is_the_changelog(site: pathlib.Path) -> None:
    html = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Keep a Changelog" in html
    assert "Unreleased" in html


# Chromium --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _serve(directory: pathlib.Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """A headless Chromium session, driven over ChromeDriver's WebDriver protocol."""

    def __init__(self, driver: str, profile: pathlib.Path) -> None:
        self.driver = driver
        options = {
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=1200,2000",
                f"--user-data-dir={profile}",
            ],
        }
        session = self._call(
            "POST",
            "/session",
            {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}},
        )
        self.session = f"/session/{session['sessionId']}"

    def _call(self, method: str, path: str, body: object = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.driver + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["value"]

    def open(self, url: str) -> None:
        self._call("POST", f"{self.session}/url", {"url": url})

    def run(self, script: str) -> Any:
        return self._call("POST", f"{self.session}/execute/sync", {"script": script, "args": []})

    def screenshot(self, css: str | None = None) -> bytes:
        if css is None:
            return base64.b64decode(self._call("GET", f"{self.session}/screenshot"))
        found = self._call(
            "POST", f"{self.session}/element", {"using": "css selector", "value": css}
        )
        element = next(iter(found.values()))
        return base64.b64decode(self._call("GET", f"{self.session}/element/{element}/screenshot"))

    def close(self) -> None:
        self._call("DELETE", self.session)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert CHROMEDRIVER is not None
    port = _free_port()
    driver = subprocess.Popen(
        [CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/status", timeout=5):
                break
        except OSError:
            if time.monotonic() > deadline:
                driver.kill()
                raise
            time.sleep(0.1)
    session = Browser(url, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield session
    finally:
        session.close()
        driver.terminate()
        driver.wait(timeout=30)


def _pixels(png: bytes) -> tuple[int, int, bytes]:
    """Return the width, height and pixels (RGB or RGBA bytes) of an 8-bit PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, b""
    width = height = depth = 0
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        data = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, bits, colour = struct.unpack(">IIBB", data[:10])
            assert bits == 8
            depth = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            chunks += data
        position += 12 + length
    raw = zlib.decompress(chunks)
    # Undo each row's filter (PNG spec, section 9), so equal pictures compare equal
    # however the encoder chose to filter them.
    stride = width * depth
    out = bytearray()
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - depth] if i >= depth else 0
            up = previous[i]
            corner = previous[i - depth] if i >= depth else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )[2]
                line[i] = (line[i] + near) & 0xFF
        out += line
        previous = line
    return width, height, bytes(out)


@needs_chromium
def test_every_gallery_image_loads_in_chromium(
    site: pathlib.Path, browser: Browser, tmp_path: pathlib.Path
) -> None:
    with _serve(site) as url:
        browser.open(f"{url}/catalog/")
        deadline = time.monotonic() + 30
        images: list[list[Any]] = []
        while time.monotonic() < deadline:
            images = browser.run(
                "return Array.from(document.images, i => "
                "[i.getAttribute('src'), i.complete, i.naturalWidth, i.naturalHeight]);"
            )
            if images and all(complete for _, complete, _, _ in images):
                break
            time.sleep(0.1)
        gallery = {src: (width, height) for src, _, width, height in images}
        assert sorted(gallery) == sorted(f"../gallery/{name}.svg" for name in CATALOG)
        # Each picture decoded at the size its SVG states.
        assert set(gallery.values()) == {(640, 300)}
        shot = browser.screenshot()
    (tmp_path / "catalog.png").write_bytes(shot)
    width, height, raw = _pixels(shot)
    assert width == 1200
    assert height > 1000
    # Not a blank page: the shot holds many colours (the curves, the theme, the text).
    assert len({raw[i : i + 3] for i in range(0, len(raw), 3)}) > 50


@needs_chromium
def test_an_svg_renders_the_same_as_a_file_and_inline_as_in_a_notebook(
    browser: Browser, tmp_path: pathlib.Path
) -> None:
    svg = to_svg(
        [
            cosine(base_lr=1.0, min_lr=0.0, total_steps=100),
            linear(base_lr=0.0, end_lr=1.0, total_steps=60),
        ],
        title="notebook <and> browser",
        width=400,
        height=280,
    )
    (tmp_path / "plot.svg").write_text(svg, encoding="utf-8")
    style = "<style>body{margin:0} div{width:400px;height:280px}</style>"
    (tmp_path / "file.html").write_text(
        f'{style}<div id="plot"><img src="plot.svg" style="display:block"></div>',
        encoding="utf-8",
    )
    # A notebook puts the SVG's markup into its page, beside other outputs.
    block = svg.replace("<svg ", '<svg style="display:block" ', 1)
    (tmp_path / "inline.html").write_text(
        f'{style}<div id="plot">{block}</div><div>{svg}</div>', encoding="utf-8"
    )
    with _serve(tmp_path) as url:
        shots = []
        for page in ("file.html", "inline.html"):
            browser.open(f"{url}/{page}")
            time.sleep(0.2)
            shots.append(_pixels(browser.screenshot("#plot")))
    assert shots[0][:2] == (400, 280)
    assert shots[0] == shots[1]
