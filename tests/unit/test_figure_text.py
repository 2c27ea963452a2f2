"""daskgallery_site.figure_text: the words on a figure, translated through templates."""

import pickle
import re

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt
import pytest
from daskgallery_site.figure_text import (
    figure_texts,
    figure_titles,
    template,
    translate_figure,
    translate_text,
)

from daskgallery.timing import plot_variants

PT = {
    "Hashing {0} CPF numbers": "Hash de {0} números de CPF",
    "time (s)": "tempo (s)",
    "serial": "serial",
    "threads": "threads",
    "processes": "processos",
    "{0} cores · Python {1} · Dask {2}": "{0} núcleos · Python {1} · Dask {2}",
    "slope {0}": "inclinação {0}",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("slope 1.02", ("slope {0}", ["1.02"])),
        ("Hashing 200,000 CPF numbers", ("Hashing {0} CPF numbers", ["200,000"])),
        (
            "2 cores · Python 3.11.7 · Dask 2025.11.0",
            ("{0} cores · Python {1} · Dask {2}", ["2", "3.11.7", "2025.11.0"]),
        ),
        ("float64 values", ("float64 values", [])),  # a name, not a number
        ("typical error (16 seeds)", ("typical error ({0} seeds)", ["16"])),
        ("a {set}  of\nwords", ("a {{set}} of words", [])),
        ("×1.9", None),
        ("$\\mathdefault{10^{3}}$", None),
        ("1e-06", None),
        ("1 / √n", None),
        ("", None),
    ],
)
def test_template(text, expected):
    assert template(text) == expected


def test_template_rejects_non_text():
    with pytest.raises(TypeError, match="text must be a str, got int"):
        template(3)


def test_translate_text_puts_the_numbers_back():
    assert translate_text("slope 0.98", PT.get) == "inclinação 0.98"
    assert translate_text("×2.0", PT.get) == "×2.0"
    assert translate_text("not in the catalog", PT.get) is None


def test_translate_text_names_a_broken_translation():
    with pytest.raises(ValueError, match=r"'inclinação \{1\}' of 'slope \{0\}'"):
        translate_text("slope 0.98", {"slope {0}": "inclinação {1}"}.get)


@pytest.fixture
def bars():
    fig = plot_variants(
        {"serial": 2.0, "threads": 1.9, "processes": 1.1},
        baseline="serial",
        title="Hashing 200,000 CPF numbers",
    )
    yield fig
    plt.close("all")


def test_figure_texts_lists_each_template_once(bars):
    texts = figure_texts(bars)
    for wanted in ("Hashing {0} CPF numbers", "time (s)", "serial", "processes"):
        assert wanted in texts
    assert "{0} cores · Python {1} · Dask {2}" in texts
    assert len(texts) == len(set(texts))
    assert not any("×" in t for t in texts)  # speed-up labels: numbers only


def drawn_texts(fig) -> set[str]:
    fig.canvas.draw()
    ticks = {
        t.get_text()
        for ax in fig.axes
        for t in ax.get_xticklabels() + ax.get_yticklabels()
    }
    return {t.get_text() for t in fig.findobj(matplotlib.text.Text)} | ticks


def test_translate_figure_translates_titles_labels_categories_footnote(bars):
    missing = translate_figure(bars, PT.get)
    assert missing == []
    shown = drawn_texts(bars)
    assert "Hash de 200,000 números de CPF" in shown
    assert "tempo (s)" in shown
    assert "processos" in shown  # a bar's category name
    assert not {"processes", "time (s)"} & shown
    assert any(re.fullmatch(r"\d+ núcleos · Python \S+ · Dask \S+", t) for t in shown)
    assert figure_titles(bars) == "Hash de 200,000 números de CPF"


def test_untranslated_texts_stay_english_and_are_reported(bars):
    catalog = dict(PT)
    del catalog["processes"]
    missing = translate_figure(bars, catalog.get)
    assert missing == ["processes"]
    assert "processes" in drawn_texts(bars)


def test_a_pickled_figure_can_be_translated_after_loading(bars):
    fig = pickle.loads(pickle.dumps(bars))
    assert translate_figure(fig, PT.get) == []
    assert "tempo (s)" in drawn_texts(fig)
    plt.close(fig)


def test_legend_entries_are_translated():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2], label="measured")
    ax.legend()
    translate_figure(fig, {"measured": "medido"}.get)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["medido"]
    plt.close(fig)
