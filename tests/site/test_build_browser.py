"""The built site in a real browser: Debian's Chromium driven by Playwright.

In en, pt, fr and es: every gallery page and the home page load without a
console error, a failed request or a request to another host; their images,
task graphs and embedded reports are displayed; the language switcher, the
root redirect, the search and the dark theme work when used like a reader
would; axe-core finds no serious or critical accessibility problem.

The site is served from docs/_build/html by a server this module starts on a
free port of 127.0.0.1 and stops at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import (
    AXE_JS,
    CHROMIUM_ARGS,
    PageLog,
    chromium_path,
    require,
    serve,
)
from conftest import LANGUAGES, ROOT, TRANSLATED

pytestmark = pytest.mark.browser

GALLERY = ROOT / "gallery"
#: Every gallery page, from the example sources: "<chapter>/<page>".
GALLERY_PAGES = sorted(
    f"{path.parent.name}/{path.stem}" for path in GALLERY.glob("*/plot_*.py")
)
CHAPTERS = sorted({page.split("/")[0] for page in GALLERY_PAGES})
#: One page per chapter for the accessibility checks: the richest of each
#: (task graphs, array diagrams, an exercise, the embedded reports).
AXE_PAGES = (
    "00_python_parallel/plot_01_one_core",
    "01_delayed/plot_01_lazy_functions",
    "02_bag/plot_02_json_records",
    "03_array/plot_01_chunked_arrays",
    "04_dataframe/plot_07_exercise_pandas_loop",
    "05_schedulers/plot_02_local_diagnostics",
    "06_distributed/plot_02_dashboard_report",
    "07_scale_out/plot_01_real_cluster",
)
#: Search, per language: a word of the translation that is on one page only
#: and is not English, the query the reader types (another form of that word,
#: not on the page: only the language's stemmer finds it), and that page.
SEARCH_TERMS = {
    "pt": ("críticas", "crítico", "02_bag/plot_03_groupby_foldby"),
    "fr": ("arithmétique", "arithmétiques", "03_array/plot_02_blocked_algorithms"),
    "es": ("rectángulo", "rectángulos", "01_delayed/plot_01_lazy_functions"),
}
#: snowballstemmer's name of each language, the stemmer Sphinx indexes with.
STEMMERS = {"pt": "portuguese", "fr": "french", "es": "spanish"}
#: Browser locale -> the language the root index.html must send it to.
REDIRECTS = {"pt-BR": "pt", "fr-FR": "fr", "es-ES": "es", "de-DE": "en"}
#: Waits, in milliseconds: generous, the site is local.
TIMEOUT = 20_000


# --- fixtures ---------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served on a free port of 127.0.0.1 for this module."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium for the whole module."""
    path = chromium_path()
    require(path is not None, "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed (the `test` dependency group)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(path), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def contexts(browser) -> Iterator[Callable[[str], object]]:
    """One browser context per language (its locale), made on first use."""
    made: dict[str, object] = {}

    def context(lang: str):
        if lang not in made:
            made[lang] = browser.new_context(
                locale=lang, viewport={"width": 1280, "height": 900}
            )
            made[lang].set_default_timeout(TIMEOUT)
        return made[lang]

    yield context
    for ctx in made.values():
        ctx.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    require(
        AXE_JS.is_file(),
        f"axe-core is not installed ({AXE_JS}): run `npm ci --prefix tests/browser`",
    )
    return AXE_JS.read_text(encoding="utf-8")


def open_page(context, url: str):
    """A new page of ``context`` with its log attached, loaded at ``url``."""
    page = context.new_page()
    log = PageLog().attach(page)
    page.goto(url, wait_until="load")
    return page, log


def visible(page, selector: str):
    """The visible one of the elements the theme renders twice (header, drawer)."""
    return page.locator(selector).locator("visible=true").first


# --- 1 and 2: pages load cleanly, and show their images and reports -------------

#: Opens the solutions, scrolls every image of the article into view, waits for
#: it, and reports each image and inline SVG: loaded, natural and rendered size.
MEDIA_JS = """
async () => {
  const article = document.querySelector("article.bd-article");
  if (!article) return null;
  for (const details of article.querySelectorAll("details")) details.open = true;
  const settled = (img) => img.complete ? null : Promise.race([
    new Promise((done) => {
      img.addEventListener("load", done, {once: true});
      img.addEventListener("error", done, {once: true});
    }),
    new Promise((done) => setTimeout(done, 15000)),
  ]);
  const found = [];
  for (const img of article.querySelectorAll("img")) {
    img.scrollIntoView({block: "center"});
    await settled(img);
    const box = img.getBoundingClientRect();
    found.push({what: "img " + img.getAttribute("src"), complete: img.complete,
                natural: img.naturalWidth, width: box.width, height: box.height});
  }
  for (const svg of article.querySelectorAll("svg")) {
    if (svg.parentElement.closest("svg, button")) continue;  // nested, icons
    svg.scrollIntoView({block: "center"});
    const box = svg.getBoundingClientRect();
    found.push({what: "inline svg", complete: true, natural: 1,
                width: box.width, height: box.height});
  }
  return found;
}
"""

#: True once the Bokeh document of an embedded report has rendered its views.
BOKEH_RENDERED = (
    "() => window.Bokeh !== undefined && Bokeh.documents.length > 0"
    " && Object.keys(Bokeh.index).length > 0"
)


def media_problems(page) -> list[str]:
    found = page.evaluate(MEDIA_JS)
    if found is None:
        return ["no <article class='bd-article'> on the page"]
    return [
        f"{m['what']}: not displayed (complete={m['complete']}, "
        f"naturalWidth={m['natural']}, rendered {m['width']}x{m['height']})"
        for m in found
        if not (m["complete"] and m["natural"] > 0 and m["width"] and m["height"])
    ]


def report_problems(page) -> tuple[int, list[str]]:
    """Each embedded report: scrolled into view, its document loaded and drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems = []
    frames = page.locator("article iframe")
    for i in range(frames.count()):
        frame_el = frames.nth(i)
        frame_el.scroll_into_view_if_needed()
        src = frame_el.get_attribute("src")
        box = frame_el.bounding_box()
        if not box or not (box["width"] and box["height"]):
            problems.append(f"iframe {src}: no rendered size ({box})")
        frame = frame_el.element_handle().content_frame()
        if frame is None:
            problems.append(f"iframe {src}: no document")
            continue
        frame.wait_for_load_state("load")
        if not frame.url.endswith(urlsplit(src).path.replace("../", "")):
            problems.append(f"iframe {src}: shows {frame.url}")
            continue
        try:
            frame.wait_for_function(BOKEH_RENDERED, timeout=TIMEOUT)
        except PlaywrightTimeout as err:
            problems.append(f"iframe {src}: the report did not render ({err})")
    return frames.count(), problems


def page_urls(base_url: str, lang: str) -> list[tuple[str, str]]:
    home = [("index", f"{base_url}/{lang}/index.html")]
    return home + [
        (page, f"{base_url}/{lang}/examples/{page}.html") for page in GALLERY_PAGES
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_load_cleanly_and_show_their_media(contexts, base_url, site, lang):
    assert len(GALLERY_PAGES) >= 25, GALLERY_PAGES
    built = site / lang / "examples"
    missing = [p for p in GALLERY_PAGES if not (built / f"{p}.html").is_file()]
    assert not missing, f"gallery pages not built in {lang}: {missing}"
    # one page for every URL: a new tab per URL costs a renderer process each
    page = contexts(lang).new_page()
    log = PageLog().attach(page)
    problems: list[str] = []
    images = reports = 0
    try:
        for name, url in page_urls(base_url, lang):
            page.goto(url, wait_until="load")
            media = media_problems(page)
            images += page.locator("article img").count()
            count, frames = report_problems(page)
            reports += count
            requested, logged = log.take()
            problems += [f"{lang}/{name}: {p}" for p in logged + media + frames]
            if url not in requested:  # the recorder itself works
                problems.append(f"{lang}/{name}: its own request was not recorded")
    finally:
        page.close()
    assert not problems, "\n".join(problems)
    # the pages do have media: this test is not passing on empty pages
    assert images >= 20, f"only {images} images in the {lang} gallery"
    assert reports >= 2, f"only {reports} embedded reports in the {lang} gallery"


# --- 3: language switcher and root redirect -----------------------------------


SWITCH_PAGES = ("index", "03_array/plot_01_chunked_arrays")


def page_path(lang: str, page: str) -> str:
    return f"/{lang}/index.html" if page == "index" else f"/{lang}/examples/{page}.html"


def switch_language(page, lang: str) -> None:
    """Open the header's language menu and choose ``lang``, as a reader would."""
    visible(page, ".dg-language-switcher .dropdown-toggle").click()
    item = visible(page, f".dg-language-switcher a.dropdown-item[hreflang='{lang}']")
    with page.expect_navigation(wait_until="load"):
        item.click()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("where", SWITCH_PAGES)
def test_language_switcher_opens_the_same_page_and_back(
    contexts, base_url, lang, where
):
    page, log = open_page(contexts(lang), base_url + page_path(lang, where))
    try:
        for other in (code for code in LANGUAGES if code != lang):
            switch_language(page, other)
            assert urlsplit(page.url).path == page_path(other, where)
            assert page.get_attribute("html", "lang") == other
            switch_language(page, lang)
            assert urlsplit(page.url).path == page_path(lang, where)
            assert page.get_attribute("html", "lang") == lang
    finally:
        page.close()
    assert not log.problems, "\n".join(log.problems)


@pytest.mark.parametrize(("locale", "lang"), REDIRECTS.items())
def test_root_sends_the_reader_to_the_browser_language(browser, base_url, locale, lang):
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        log = PageLog().attach(page)
        page.goto(f"{base_url}/index.html")
        page.wait_for_url(f"{base_url}/{lang}/index.html", timeout=TIMEOUT)
        assert page.get_attribute("html", "lang") == lang
    finally:
        context.close()
    # the redirect replaces the root page while it loads: Chromium may report
    # that page's own request as aborted, which is the redirect, not a fault
    aborted = f"request failed (net::ERR_ABORTED): {base_url}/index.html"
    problems = [p for p in log.problems if p != aborted]
    assert not problems, "\n".join(problems)


# --- 4: search ----------------------------------------------------------------


def catalog_text(lang: str, page: str) -> tuple[str, str]:
    """(translated text, English text) of a page's catalog."""
    from babel.messages.pofile import read_po

    po = ROOT / "docs" / "locales" / lang / "LC_MESSAGES" / "examples" / f"{page}.po"
    with po.open("rb") as f:
        messages = [m for m in read_po(f) if m.id]
    return (
        "\n".join(str(m.string) for m in messages),
        "\n".join(str(m.id) for m in messages),
    )


def whole_word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def stem(language: str, word: str) -> str:
    import snowballstemmer

    return snowballstemmer.stemmer(language).stemWord(word.lower())


@pytest.mark.parametrize("lang", TRANSLATED)
def test_search_terms_are_translated_words_of_one_page(lang):
    word, query, expected = SEARCH_TERMS[lang]
    translated, english = catalog_text(lang, expected)
    assert whole_word(word).search(translated), f"{word!r} not in {expected}.po"
    assert not whole_word(word).search(english), f"{word!r} is English"
    others = [
        page
        for page in GALLERY_PAGES
        if page != expected and whole_word(word).search(catalog_text(lang, page)[0])
    ]
    assert not others, f"{word!r} is also on {others}"
    # the query is another form of the word, which only stemming can match
    assert not whole_word(query).search(translated), f"{query!r} is on the page"
    assert stem(STEMMERS[lang], query) == stem(STEMMERS[lang], word)


#: Sphinx's search has finished: the "Searching..." title (with its pulsing
#: dots) has been replaced by the results title.
SEARCH_DONE_JS = """() => {
  const title = document.querySelector("#search-results h2");
  return title !== null && title.querySelector("span") === null;
}"""


def interface_strings(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with (ROOT / "docs/locales" / lang / "LC_MESSAGES/sphinx.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_search_finds_the_translated_page(contexts, base_url, lang):
    word, query, expected = SEARCH_TERMS[lang]
    page, log = open_page(contexts(lang), f"{base_url}/{lang}/index.html")
    try:
        visible(page, "button.search-button").click()
        box = page.locator("#pst-search-dialog input[name='q']")
        box.fill(query)
        with page.expect_navigation(wait_until="load"):
            box.press("Enter")
        assert urlsplit(page.url).path == f"/{lang}/search.html"
        page.wait_for_function(SEARCH_DONE_JS)
        hrefs = [
            urlsplit(href).path
            for href in page.locator("#search-results ul.search li a").evaluate_all(
                "links => links.map((a) => a.getAttribute('href'))"
            )
        ]
        title = page.locator("#search-results h2").inner_text()
        summary = page.locator("#search-results p.search-summary").inner_text()
        # the page stems queries in its language, as the index was stemmed
        stemmed = page.evaluate("(q) => new Stemmer().stemWord(q)", query.lower())
    finally:
        page.close()
    assert f"examples/{expected}.html" in hrefs, f"{query!r}: {summary} {hrefs}"
    assert stemmed == stem(STEMMERS[lang], word) != stem("english", query)
    # the results are announced in the page's language, not left blank
    ui = interface_strings(lang)
    assert title == ui["Search Results"]
    one = "Search finished, found one page matching the search query."
    many = "Search finished, found ${resultCount} pages matching the search query."
    expected_summary = (
        ui[one]
        if len(hrefs) == 1
        else ui[many].replace("${resultCount}", str(len(hrefs)))
    )
    assert summary == expected_summary
    assert not log.problems, "\n".join(log.problems)


# --- 5: dark theme --------------------------------------------------------------


BACKGROUND_JS = "() => getComputedStyle(document.body).backgroundColor"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dark_theme_switch_changes_the_page(contexts, base_url, lang):
    url = f"{base_url}/{lang}/examples/01_delayed/plot_01_lazy_functions.html"
    page, log = open_page(contexts(lang), url)
    try:
        page.emulate_media(color_scheme="light")
        assert page.get_attribute("html", "data-theme") == "light"
        light = page.evaluate(BACKGROUND_JS)
        visible(page, "button.theme-switch-button").click()
        visible(page, "button.theme-change-button[data-mode='dark']").click()
        page.wait_for_function(
            "() => document.documentElement.dataset.theme === 'dark'"
        )
        dark = page.evaluate(BACKGROUND_JS)
    finally:
        # the choice is kept for the whole site: back to the default ("auto")
        page.evaluate("() => localStorage.clear()")
        page.close()
    assert dark != light, f"background stays {light} in the dark theme"
    assert not log.problems, "\n".join(log.problems)


# --- 6: accessibility -------------------------------------------------------------

#: Only serious and critical violations fail the test.
SEVERE = ("serious", "critical")

#: The contrast of elements axe-core cannot measure (text on a gradient, SVG
#: text): the worst ratio against each colour stop of the background behind
#: them (WCAG 2 relative luminance), and the ratio that text size needs.
CONTRAST_JS = r"""
(selectors) => {
  const parse = (text) => {
    const m = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) =>
    [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) =>
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const backdrops = (element) => {
    const translucent = [];
    let base = [[255, 255, 255, 1]];
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      const stops = (style.backgroundImage.match(/rgba?\([^)]+\)/g) || []).map(parse);
      if (stops.length) { base = stops.map((s) => over(s, [255, 255, 255, 1])); break; }
      const colour = parse(style.backgroundColor);
      if (colour && colour[3] >= 1) { base = [colour]; break; }
      if (colour && colour[3] > 0) translucent.push(colour);
    }
    const blend = (b) => translucent.reduceRight((under, top) => over(top, under), b);
    return base.map(blend);
  };
  const found = [];
  for (const selector of selectors) {
    const element = document.querySelector(selector);
    if (!element) { found.push({selector, missing: true}); continue; }
    const style = getComputedStyle(element);
    const paint = parse(element instanceof SVGElement ? style.fill : style.color);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const worst = Math.min(...backdrops(element).map((b) => ratio(over(paint, b), b)));
    found.push({selector, ratio: worst, needed: large ? 3 : 4.5,
                colour: element instanceof SVGElement ? style.fill : style.color});
  }
  return found;
}
"""


#: Rules whose result depends on colours: the dark theme changes nothing else
#: (same DOM), so the dark pass runs these only.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


#: axe-core on the whole page; passes and inapplicable rules are not listed
#: (``resultTypes``), which halves the time axe takes.
AXE_RUN_JS = """async (options) => {
  const result = await axe.run(document, {
    ...options, resultTypes: ["violations", "incomplete"],
  });
  return {violations: result.violations, incomplete: result.incomplete};
}"""


def axe_violations(page, options: dict | None = None) -> list[str]:
    """Serious and critical axe-core violations, and low contrast axe left open."""
    result = page.evaluate(AXE_RUN_JS, options or {})
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in SEVERE:
            continue
        targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]]
        found.append(
            f"{violation['id']} ({violation['impact']}, {len(targets)} nodes): "
            f"{violation['help']}; e.g. {targets[:3]}"
        )
    # "incomplete": axe could not tell the background (gradient, SVG); measure
    unmeasured = [
        node["target"][0]
        for check in result["incomplete"]
        if check["id"] == "color-contrast"
        for node in check["nodes"]
        if len(node["target"]) == 1
    ]
    measured = page.evaluate(CONTRAST_JS, unmeasured)
    found += [
        f"contrast: {m['selector']} not found again"
        for m in measured
        if m.get("missing")
    ]
    low = [m for m in measured if not m.get("missing") and m["ratio"] < m["needed"]]
    if low:
        worst = min(low, key=lambda m: m["ratio"])
        found.append(
            f"low contrast (axe could not measure it) on {len(low)} elements, worst "
            f"{worst['ratio']:.2f}:1 < {worst['needed']}:1 for {worst['colour']} text; "
            f"e.g. {[m['selector'] for m in low[:3]]}"
        )
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_accessibility_violation_in_light_and_dark(
    contexts, base_url, axe_source, lang
):
    """Each page in the light theme (every rule), then dark (colour rules)."""
    assert sorted({p.split("/")[0] for p in AXE_PAGES}) == CHAPTERS
    page = contexts(lang).new_page()
    problems = []
    try:
        for name in ["index", *AXE_PAGES]:
            page.emulate_media(color_scheme="light")
            page.goto(base_url + page_path(lang, name), wait_until="load")
            assert page.get_attribute("html", "data-theme") == "light"
            page.add_script_tag(content=axe_source)
            problems += [f"{lang}/{name} (light): {v}" for v in axe_violations(page)]
            # the theme follows the system setting ("auto") without a reload
            page.emulate_media(color_scheme="dark")
            page.wait_for_function(
                "() => document.documentElement.dataset.theme === 'dark'"
            )
            dark = axe_violations(page, {"runOnly": list(COLOUR_RULES)})
            problems += [f"{lang}/{name} (dark): {v}" for v in dark]
    finally:
        page.close()
    assert not problems, "\n".join(problems)
