"""Tests on the real built site, in every language (after `nox -s docs`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT, TRANSLATED, site_root
from daskgallery_site.sphinxext.catalogs import load_catalog

LOCALES = ROOT / "docs" / "locales"
EXAMPLES = sorted(
    p.relative_to(ROOT / "gallery") for p in (ROOT / "gallery").rglob("plot_*.py")
)
B1 = "examples/01_delayed/plot_01_lazy_functions"
D1 = "examples/03_array/plot_01_chunked_arrays"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path, lang: str) -> list[str]:
    base = site / lang
    return sorted(
        p.relative_to(base).as_posix()
        for p in base.rglob("*.html")
        if not p.relative_to(base).parts[0].startswith("_")
    )


def example_pages() -> list[str]:
    return [f"examples/{p.with_suffix('').as_posix()}" for p in EXAMPLES]


def title_of(lang: str, docname: str) -> str:
    """The page's title in ``lang``, from its catalog (English: the msgid)."""
    source = (ROOT / "gallery" / Path(docname).relative_to("examples")).with_suffix(
        ".py"
    )
    title = source.read_text(encoding="utf-8").split('"""')[1].strip().splitlines()[0]
    if lang == "en":
        return title
    return load_catalog(LOCALES / lang / "LC_MESSAGES" / f"{docname}.po")[title]


def words(text: str) -> str:
    """Text with any run of whitespace (non-breaking spaces too) as one space."""
    return " ".join(text.split())


def plain(rst_title: str) -> str:
    return rst_title.replace("``", "")


# --- every page, every language -------------------------------------------------


def test_every_page_exists_in_every_language(site):
    english = pages(site, "en")
    assert "index.html" in english
    for doc in example_pages():
        assert f"{doc}.html" in english
    for lang in TRANSLATED:
        assert pages(site, lang) == english, lang


CHAPTERS = sorted(
    p.parent.name for p in (ROOT / "gallery").glob("*/GALLERY_HEADER.rst")
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_path_and_overview_link_every_chapter(site, lang):
    """The home page's path and the overview name every chapter of the gallery."""
    chapters = {f"examples/{chapter}/index.html" for chapter in CHAPTERS}
    home = _links(site / lang / "index.html")
    assert chapters <= home, chapters - home
    assert "overview.html" in home
    overview = _links(site / lang / "overview.html")
    assert chapters <= overview, chapters - overview


def _links(page: Path) -> set[str]:
    """Targets of the links in the page's article, without anchors (same folder)."""
    targets = set()
    for a in soup(page).select("article a[href]"):
        href = urlsplit(a["href"])
        if not href.scheme and href.path.endswith(".html"):
            targets.add(href.path)
    return targets


def test_root_page_sends_readers_to_their_language(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    links = {a["hreflang"]: a["href"] for a in page.select("main a")}
    assert links == {lang: f"{lang}/index.html" for lang in LANGUAGES}
    assert {a.get_text() for a in page.select("main a")} == {
        "English",
        "Português",
        "Français",
        "Español",
    }
    assert "navigator.languages" in html
    for lang in LANGUAGES:
        assert (site / links[lang]).is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_links_the_same_page_in_every_language(site, lang):
    for page in pages(site, lang):
        path = site / lang / page
        switchers = soup(path).select(".dg-language-switcher")
        assert switchers, f"{lang}/{page}: no language switcher"
        for switcher in switchers:
            assert not switcher.find_all(id=True), "no fixed ids: rendered twice"
            links = {
                a["hreflang"]: a["href"] for a in switcher.select("a.dropdown-item")
            }
            assert set(links) == set(LANGUAGES)
            for code, href in links.items():
                assert not urlsplit(href).scheme, href
                if page == "404.html":
                    # shown at any missing address: absolute from the site root
                    assert href == f"{site_root()}{code}/404.html", href
                    assert (site / code / page).is_file()
                    continue
                assert not href.startswith("/"), href
                target = (path.parent / href).resolve()
                assert target == (site / code / page).resolve(), (page, code, href)
                assert target.is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hreflang_alternates_and_canonical(site, lang):
    for page in pages(site, lang):
        head = soup(site / lang / page).head
        alternates = {
            link["hreflang"]: link["href"]
            for link in head.select('link[rel="alternate"]')
        }
        assert set(alternates) == {*LANGUAGES, "x-default"}, page
        for code in LANGUAGES:
            assert alternates[code].endswith(f"/{code}/{page}")
        assert alternates["x-default"] == alternates["en"]
        canonical = head.select_one('link[rel="canonical"]')
        assert canonical is not None
        assert canonical["href"].endswith(f"/{lang}/{page}")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_pages_have_translated_titles_and_interface(site, lang):
    for doc in example_pages():
        page = soup(site / lang / f"{doc}.html")
        title = words(plain(title_of(lang, doc)))
        assert title != words(plain(title_of("en", doc)))
        assert words(page.h1.get_text()).startswith(title)
        assert words(page.title.get_text()).startswith(title)
        assert page.html["lang"] == lang
        text = page.get_text(" ")
        for english in ("On this page", "Skip to main content", "Total running time"):
            assert english not in text, (lang, doc, english)
        search = page.select_one("input[name=q]")
        if search is not None:
            assert search["placeholder"] != "Search the docs ..."


@pytest.mark.parametrize("lang", TRANSLATED)
def test_gallery_thumbnails_are_translated(site, lang):
    page = soup(site / lang / "examples" / "index.html")
    titles = [t.get_text() for t in page.select(".sphx-glr-thumbnail-title")]
    assert titles == [plain(title_of(lang, doc)) for doc in example_pages()]
    for box in page.select(".sphx-glr-thumbcontainer"):
        assert "``" not in box["tooltip"]
        assert (
            box["tooltip"] not in soup(site / "en" / "examples" / "index.html").decode()
        )


# --- examples: executed once, outputs and graphs ----------------------------------


def test_each_example_executed_once_in_english_only(site):
    from daskgallery_site.sphinxext.summary import read_summary

    doctrees = ROOT / "docs" / "_build" / "doctrees"
    english = read_summary(doctrees / "en")
    assert english["examples_found"] == len(example_pages())
    assert set(english["examples"]) == {
        p.removeprefix("examples/") + ".py" for p in example_pages()
    }
    for lang in TRANSLATED:
        summary = read_summary(doctrees / lang)
        assert summary["language"] == lang
        assert summary["executed"] == {}, lang
        assert summary["skipped_unchanged"] == len(example_pages()), lang


@pytest.mark.parametrize("doc", example_pages())
def test_outputs_come_from_one_run(site, doc):
    """The measured outputs are byte-identical in every language: one execution."""

    def outputs(lang):
        page = soup(site / lang / f"{doc}.html")
        return [pre.get_text() for pre in page.select(".sphx-glr-script-out pre")]

    english = outputs("en")
    assert english, "the example shows no output"
    for lang in TRANSLATED:
        assert outputs(lang) == english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_b1_task_graph_is_an_inline_svg_image(site, lang):
    page_path = site / lang / f"{B1}.html"
    images = soup(page_path).select("img.dg-task-graph")
    assert len(images) >= 2
    for img in images:
        assert img["src"].endswith(".svg")
        svg = (page_path.parent / img["src"]).resolve()
        assert svg.read_text(encoding="utf-8").startswith("<svg")
        if lang == "en":
            assert img["alt"] == "Task graph"
        else:
            ui = load_catalog(LOCALES / lang / "LC_MESSAGES" / "sphinx.po")
            assert img["alt"] == ui["Task graph"]


def test_b1_measures_what_its_prose_claims(site):
    """inc and dec wait at the same time: about 2 waits instead of 3 (2+ cores)."""
    page = soup(site / "en" / f"{B1}.html")
    out = "\n".join(pre.get_text() for pre in page.select(".sphx-glr-script-out pre"))
    threads = int(re.search(r"threads in the pool: (\d+)", out).group(1))
    serial = float(re.search(r"serial time: ([\d.]+) s", out).group(1))
    delayed = float(re.search(r"dask.delayed time: ([\d.]+) s", out).group(1))
    squares = float(
        re.search(r"time: ([\d.]+) s \(([\d.]+) waits, 4 in a row\)", out).group(1)
    )
    assert serial >= 1.45  # three waits of 0.5 s
    if threads >= 2:
        assert delayed < 0.8 * serial
        assert squares < 0.8 * 4 * 0.5
    else:  # one thread: the graph runs one task at a time
        assert delayed >= 0.9 * serial


def test_d1_shows_the_chunk_diagram_and_graphs(site):
    page = soup(site / "en" / f"{D1}.html")
    reprs = page.select(".output_html")
    assert any(r.find("svg") for r in reprs), "the Dask array's HTML repr is missing"
    assert len(page.select("img.dg-task-graph")) >= 4
    solution = page.select_one("details.dg-solution")
    assert solution is not None
    assert solution.select_one("img.dg-task-graph")
    assert "open" not in solution.attrs


@pytest.mark.parametrize("lang", TRANSLATED)
def test_solution_summary_is_translated(site, lang):
    page = soup(site / lang / f"{D1}.html")
    summary = page.select_one("details.dg-solution > summary")
    ui = load_catalog(LOCALES / lang / "LC_MESSAGES" / "sphinx.po")
    assert summary is not None
    assert summary.get_text() == ui["Solution"]


# --- downloads in the reader's language -------------------------------------------


def tokens(code: str) -> list[tuple[int, str]]:
    """The Python tokens of ``code``, without comments and blank lines."""
    import io
    import tokenize

    return [
        (t.type, t.string)
        for t in tokenize.generate_tokens(io.StringIO(code).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL)
    ]


def comments(code: str) -> list[str]:
    """The comments a translation translates (not those for tools: noqa...)."""
    from daskgallery_site.sphinxext.comments import code_comments

    return [comment.text for comment in code_comments(code)]


def downloads(site: Path, lang: str, doc: str) -> dict[str, Path]:
    path = site / lang / f"{doc}.html"
    found = {}
    for a in soup(path).select("a.reference.download"):
        target = (path.parent / a["href"]).resolve()
        found[target.suffix] = target
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("doc", example_pages())
def test_downloads_are_translated(site, lang, doc):
    import nbformat

    title = title_of(lang, doc)
    english_title = title_of("en", doc)
    files = downloads(site, lang, doc)
    assert set(files) >= {".py", ".ipynb", ".zip"}
    script = files[".py"].read_text(encoding="utf-8")
    assert title in script
    assert english_title not in script
    notebook = nbformat.reads(files[".ipynb"].read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert plain(title) in plain(markdown)
    assert plain(english_title) not in plain(markdown)
    english_nb = nbformat.reads(
        downloads(site, "en", doc)[".ipynb"].read_text(encoding="utf-8"), as_version=4
    )
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    english_code = [c.source for c in english_nb.cells if c.cell_type == "code"]
    # the same code; only the comments are translated
    assert [tokens(c) for c in code] == [tokens(c) for c in english_code]
    if any(comments(c) for c in english_code):
        assert [comments(c) for c in code] != [comments(c) for c in english_code]
    import zipfile

    with zipfile.ZipFile(files[".zip"]) as z:
        member = next(n for n in z.namelist() if n.endswith(".py"))
        assert title in z.read(member).decode()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_gallery_zip_is_translated(site, lang):
    import zipfile

    path = site / lang / "examples" / "index.html"
    zips = [
        (path.parent / a["href"]).resolve()
        for a in soup(path).select("a.reference.download")
        if a["href"].endswith("_python.zip")
    ]
    assert len(zips) == 1
    with zipfile.ZipFile(zips[0]) as z:
        script = z.read("01_delayed/plot_01_lazy_functions.py").decode()
    assert title_of(lang, B1) in script


# --- nothing loaded from another host ---------------------------------------------

_URL_IN_CSS = re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.I)


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for path in site.rglob("*.html"):
        page = soup(path)
        refs = [
            s.get("src")
            for s in page.find_all(
                ["script", "img", "iframe", "source", "video", "audio"]
            )
        ]
        refs += [
            link.get("href")
            for link in page.find_all("link")
            if set(link.get("rel", []))
            & {"stylesheet", "preload", "icon", "modulepreload", "prefetch"}
        ]
        for ref in refs:
            if ref and (urlsplit(ref).netloc or ref.startswith("//")):
                offenders.append(f"{path.relative_to(site)}: {ref}")
        for style in page.find_all("style"):
            if _URL_IN_CSS.search(style.get_text()):
                offenders.append(f"{path.relative_to(site)}: <style> url()")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for m in _URL_IN_CSS.finditer(text):
            offenders.append(
                f"{css.relative_to(site)}: {text[m.start() : m.start() + 60]}"
            )
    assert not offenders, "\n".join(offenders[:20])


def test_no_computation_times_page(site):
    for lang in LANGUAGES:
        assert not list((site / lang).rglob("sg_execution_times.html"))


def test_no_backup_file_in_the_published_site(site):
    """Sphinx leaves ``.buildinfo.bak`` when the config changed between builds."""
    leftovers = [p for p in site.rglob("*") if p.suffix in {".bak", ".partial"}]
    assert not leftovers, leftovers


def test_graph_renderers_leave_no_file_in_the_gallery_sources():
    leftovers = [
        p
        for p in (ROOT / "gallery").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".rst")
    ]
    assert not leftovers, leftovers


def test_catalogs_have_no_timing_in_messages():
    timing = re.compile(r"\(\d+ minutes [\d.]+ seconds\)")
    for po in LOCALES.rglob("*.po"):
        for msgid in load_catalog(po):
            assert not timing.search(msgid), (po, msgid)


def test_notebook_json_is_valid_everywhere(site):
    for nb in site.rglob("*.ipynb"):
        json.loads(nb.read_text(encoding="utf-8"))


def test_captured_output_is_clean(site):
    """No warning, traceback or closed-stream noise in any example's output."""
    noise = (
        "Warning",
        "warning:",
        "Traceback",
        "Stream is closed",
        "CommClosedError",
        "<Figure size",
    )
    for doc in example_pages():
        page = soup(site / "en" / f"{doc}.html")
        for pre in page.select(".sphx-glr-script-out pre"):
            text = pre.get_text()
            assert not any(word in text for word in noise), (doc, text)
