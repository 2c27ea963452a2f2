"""Figures and code comments of translated pages are in the page's language.

Figures are drawn once, by the English build; each is kept (pickled) beside
its image, and the pt, fr and es builds draw it again with the texts of
``figures.po``. Code comments come from the page's own catalog.
"""

from __future__ import annotations

import pickle

import matplotlib
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, TRANSLATED
from daskgallery_site import build as build_site
from daskgallery_site.figure_text import figure_texts, figure_titles, translate_figure
from daskgallery_site.scrapers import FIGURE_SUFFIX
from daskgallery_site.sphinxext.catalogs import load_catalog
from daskgallery_site.sphinxext.translate_script import script_comments

matplotlib.use("agg")

GENERATED = ROOT / "docs" / "examples"
LOCALES = ROOT / "docs" / "locales"
SOURCES = sorted((ROOT / "gallery").rglob("plot_*.py"))


@pytest.fixture(scope="module")
def catalogs() -> dict[str, dict[str, str]]:
    return {
        lang: load_catalog(LOCALES / lang / "LC_MESSAGES" / "figures.po")
        for lang in TRANSLATED
    }


def page(site, lang: str, script) -> BeautifulSoup:
    path = site / lang / "examples" / script.parent.name / f"{script.stem}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def figure_images(soup: BeautifulSoup) -> list:
    return [
        img
        for img in soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
        if img["src"].endswith(".png")
    ]


def kept(image_name: str):
    found = list(GENERATED.rglob(f"images/{image_name[:-4]}{FIGURE_SUFFIX}"))
    assert len(found) == 1, f"no kept figure for {image_name}"
    return found[0]


def test_every_figure_is_kept_for_translation(site):
    images = list(GENERATED.rglob("images/sphx_glr_*.png"))
    assert len(images) >= 10
    for image in images:
        assert image.with_suffix(FIGURE_SUFFIX).is_file(), image


def test_figures_catalogs_match_the_figures_of_the_build(site, tmp_path):
    pot = build_site.extract_figure_pot(tmp_path)
    from babel.messages.pofile import read_po

    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    assert len(wanted) >= 30
    for lang in TRANSLATED:
        po = LOCALES / lang / "LC_MESSAGES" / "figures.po"
        with po.open("rb") as f:
            have = {m.id for m in read_po(f) if m.id}
        assert have == wanted, f"{po}: run `nox -s i18n` and translate it"
        assert set(load_catalog(po)) == wanted, f"{po}: untranslated or fuzzy"


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("script", SOURCES, ids=lambda p: p.stem)
def test_translated_pages_show_translated_figures(site, catalogs, lang, script):
    english = figure_images(page(site, "en", script))
    translated = figure_images(page(site, lang, script))
    assert len(translated) == len(english)
    for en_img, img in zip(english, translated, strict=True):
        name = en_img["src"].rsplit("/", 1)[1]
        assert img["src"].rsplit("/", 1)[1] == name
        with kept(name).open("rb") as f:
            fig = pickle.load(f)
        has_words = bool(figure_texts(fig))
        translate_figure(fig, catalogs[lang].get)
        alt = figure_titles(fig)
        matplotlib.pyplot.close(fig)
        en_png = (site / "en" / "_images" / name).read_bytes()
        png = (site / lang / "_images" / name).read_bytes()
        assert png.startswith(b"\x89PNG")
        if has_words:
            assert png != en_png, f"{lang}: {name} is the English figure"
        if alt:
            assert img["alt"] == alt, f"{lang}: alt text of {name}"


def flat(text: str) -> str:
    return " ".join(text.replace("#", " ").split())


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize(
    "script",
    [s for s in SOURCES if script_comments(s.read_text(encoding="utf-8"))],
    ids=lambda p: p.stem,
)
def test_translated_pages_show_translated_code_comments(site, lang, script):
    docname = f"examples/{script.parent.name}/{script.stem}"
    catalog = load_catalog(LOCALES / lang / "LC_MESSAGES" / f"{docname}.po")
    raw = " ".join(
        " ".join(pre.get_text().split())
        for pre in page(site, lang, script).select(".highlight pre")
    )
    code = flat(raw)
    for comment in script_comments(script.read_text(encoding="utf-8")):
        assert comment.text in catalog, f"{lang}: comment not translated: {comment}"
        translation = catalog[comment.text]
        assert flat(translation) in code, translation
        if flat(translation) != flat(comment.text):
            english = "# " + " ".join(comment.text.split()[:4])
            assert english not in raw, f"{lang}: English comment {comment.text!r}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_thumbnails_of_figures_are_translated(site, lang):
    checked = 0
    for script in SOURCES:
        pickled = GENERATED.joinpath(
            script.parent.name, "images", f"sphx_glr_{script.stem}_001{FIGURE_SUFFIX}"
        )
        if not pickled.is_file():
            continue
        index = site / lang / "examples" / script.parent.name / "index.html"
        soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
        thumbs = [
            img["src"]
            for img in soup.select(".sphx-glr-thumbcontainer img")
            if f"sphx_glr_{script.stem}_thumb" in img["src"]
        ]
        assert len(thumbs) == 1, (lang, script.stem, thumbs)
        translated = (index.parent / thumbs[0]).resolve().read_bytes()
        english = GENERATED.joinpath(
            script.parent.name, "images", "thumb", f"sphx_glr_{script.stem}_thumb.png"
        ).read_bytes()
        assert translated.startswith(b"\x89PNG")
        assert translated != english, f"{lang}: English thumbnail for {script.stem}"
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("lang", TRANSLATED)
def test_embedded_reports_have_translated_titles(site, catalogs, lang):
    from daskgallery_site.figure_text import translate_text

    checked = 0
    for script in SOURCES:
        english = page(site, "en", script).select("iframe.dg-report-frame")
        translated = page(site, lang, script).select("iframe.dg-report-frame")
        assert len(translated) == len(english)
        for en_frame, frame in zip(english, translated, strict=True):
            wanted = translate_text(en_frame["title"], catalogs[lang].get)
            assert wanted, f"{lang}: no translation for {en_frame['title']!r}"
            assert frame["title"] == wanted
            checked += 1
    assert checked >= 2
