"""The "page not found" pages: one per language, one at the site root.

A server shows ``<lang>/404.html`` for any missing address under ``/<lang>/``,
at any depth, and the root ``404.html`` elsewhere. Python's http.server has no
custom 404 pages, so a small server here does what such a host does (nginx's
``error_page 404 /<lang>/404.html``), and the tests follow every link and asset
of the page it returns for a deep missing address.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT, site_root
from daskgallery_site.sphinxext.notfound import page_text
from language_check import profile

DEEP = "no/such/folder/page.html"


def texts(lang: str) -> dict[str, str]:
    """The page's strings in ``lang``, from the interface catalog."""
    if lang == "en":
        return page_text(str)
    po = ROOT / "docs" / "locales" / lang / "LC_MESSAGES" / "sphinx.po"
    with po.open("rb") as f:
        catalog = {m.id: m.string for m in read_po(f) if m.id}
    return page_text(catalog.__getitem__)


def soup(html: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def urls(page: BeautifulSoup) -> list[str]:
    """Every address the page links to or loads (alternate/canonical excepted)."""
    found = [a["href"] for a in page.find_all("a", href=True)]
    found += [t["src"] for t in page.find_all(["img", "script", "iframe"], src=True)]
    found += [f["action"] for f in page.find_all("form", action=True)]
    found += [
        link["href"]
        for link in page.find_all("link", href=True)
        if not {"alternate", "canonical"} & set(link.get("rel", []))
    ]
    return found


class Host(BaseHTTPRequestHandler):
    """Serves the built site; a missing address gets its language's 404 page.

    With ``per_language`` off it is a host that only knows the root 404 page
    (GitHub Pages).
    """

    site: Path
    root: str
    per_language: bool = True

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        status, body = 404, (self.site / "404.html").read_bytes()
        if path.startswith(self.root):
            rel = path[len(self.root) :]
            target = self.site / rel
            if target.is_dir():
                target = target / "index.html"
            if target.is_file() and target.resolve().is_relative_to(self.site):
                status, body = 200, target.read_bytes()
            elif self.per_language and rel.split("/")[0] in LANGUAGES:
                body = (self.site / rel.split("/")[0] / "404.html").read_bytes()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests report what fails."""


@contextmanager
def serve(site: Path, *, per_language: bool) -> Iterator[str]:
    """The site served at http://127.0.0.1:<port><site root>."""
    attrs = {"site": site.resolve(), "root": site_root(), "per_language": per_language}
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("SiteHost", (Host,), attrs))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{site_root()}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def host(site) -> Iterator[str]:
    with serve(site, per_language=True) as url:
        yield url


def get(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except HTTPError as err:
        with err:
            return err.code, err.read()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_404_page_in_that_language(site, lang):
    page = soup((site / lang / "404.html").read_text(encoding="utf-8"))
    text = texts(lang)
    assert page.html["lang"] == lang
    assert page.select_one("article h1").get_text(strip=True) == text["title"]
    assert page.title.get_text().startswith(text["title"])
    links = [a.get_text(strip=True) for a in page.select("article a")]
    assert links == [text["home"], text["gallery"]]
    # as in test_build_language: the page's words against English ones (pt, fr
    # and es share many stop words), or English against the others
    counts = profile(page.select_one("article").get_text(" "))
    rival = (
        max(counts["pt"], counts["fr"], counts["es"]) if lang == "en" else counts["en"]
    )
    assert counts[lang] >= 4 * max(rival, 1), counts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_has_the_site_header_and_navigation(site, lang):
    page = soup((site / lang / "404.html").read_text(encoding="utf-8"))
    header = page.select_one("header.bd-header")
    assert header is not None
    assert header.select(".dg-language-switcher a[hreflang]")
    assert page.select("nav.bd-docs-nav a.reference, .navbar-nav a.nav-link")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_addresses_do_not_depend_on_the_request_path(site, lang):
    """Relative addresses would break at /<lang>/a/b/missing.html."""
    page = soup((site / lang / "404.html").read_text(encoding="utf-8"))
    root = site_root()
    relative = [
        u
        for u in urls(page)
        if not (urlsplit(u).scheme or u.startswith("#"))
        and (u.startswith("//") or not u.startswith(root))
    ]
    assert not relative
    assert page.html["data-content_root"] == f"{root}{lang}/"
    # the switcher leads to the other languages' 404 pages
    switcher = {
        a["hreflang"]: a["href"] for a in page.select(".dg-language-switcher a")
    }
    assert switcher == {code: f"{root}{code}/404.html" for code in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_served_at_a_deep_missing_address_has_working_links(site, host, lang):
    missing = urljoin(host, f"{lang}/{DEEP}")
    status, body = get(missing)
    assert status == 404
    assert body == (site / lang / "404.html").read_bytes()
    # "#main-content" and the like stay on the page the reader is on
    refs = [u for u in urls(soup(body)) if not u.startswith("#")]
    targets = {urljoin(missing, u).split("#")[0] for u in refs}
    local = sorted(t for t in targets if t.startswith(host))
    assert len(local) > 20  # the theme's styles and scripts, navigation, links
    failed = [(t, code) for t in local if (code := get(t)[0]) != 200]
    assert not failed


def test_root_404_page_speaks_every_language(site):
    page = soup((site / "404.html").read_text(encoding="utf-8"))
    sections = {s["lang"]: s for s in page.select("section[lang]")}
    assert list(sections) == list(LANGUAGES)
    root = site_root()
    for lang, section in sections.items():
        text = texts(lang)
        assert section.h2.get_text(strip=True) == text["title"]
        links = {a.get_text(strip=True): a["href"] for a in section.select("a")}
        assert links == {
            text["home"]: f"{root}{lang}/index.html",
            text["gallery"]: f"{root}{lang}/examples/index.html",
        }


def test_root_404_served_outside_the_languages_has_working_links(site, host):
    missing = urljoin(host, DEEP)
    status, body = get(missing)
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    targets = sorted({urljoin(missing, u) for u in urls(soup(body))})
    assert len(targets) == 2 * len(LANGUAGES) + 1  # the links and the favicon
    failed = [(t, code) for t in targets if (code := get(t)[0]) != 200]
    assert not failed


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium to run the page's script")
def test_root_404_opens_the_language_404_page_of_the_address(site):
    """On a host with only the root 404 page, /fr/... still gets French."""
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
    flags += ["--no-first-run", "--disable-background-networking"]
    flags += ["--disable-component-update", "--disable-sync"]
    flags += ["--virtual-time-budget=5000", "--dump-dom"]
    with serve(site, per_language=False) as url:
        dom = subprocess.run(
            [CHROMIUM, *flags, urljoin(url, f"fr/{DEEP}")],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    page = soup(dom)
    assert page.html["lang"] == "fr"
    assert page.select_one("article h1").get_text(strip=True) == texts("fr")["title"]


@pytest.mark.parametrize("page", ["index.html", "404.html"])
def test_root_pages_name_a_favicon_that_is_served(site, host, page):
    """Without one, a browser asks for /favicon.ico and gets a 404."""
    icons = soup((site / page).read_text(encoding="utf-8")).select('link[rel="icon"]')
    assert len(icons) == 1
    served_at = urljoin(host, page if page == "index.html" else DEEP)
    status, body = get(urljoin(served_at, icons[0]["href"]))
    assert status == 200
    assert b"<svg" in body
