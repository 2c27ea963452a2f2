"""The words on a Matplotlib figure, as messages that can be translated.

A figure made by a gallery page carries English text: titles, axis labels,
legend entries, category names on an axis, annotations, the machine footnote.
Measured numbers appear in some of them ("slope 1.02", "2 processes"), so a
text becomes a *template* first: each number is replaced by ``{0}``, ``{1}``…
in order. Templates are what translators see; the numbers of the run that
made the figure go back in after translation.

>>> template("slope 1.02")
('slope {0}', ['1.02'])
>>> template("×1.9") is None   # no words: nothing to translate
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = [
    "figure_texts",
    "figure_titles",
    "template",
    "translate_figure",
    "translate_text",
]

#: A number on its own (not part of a name such as ``float64``), with its
#: decimals, thousands separators and exponent: ``2``, ``0.05``, ``200,000``,
#: ``3.11.7``, ``1e-06``.
_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+(?:[.,]\d+)*(?:[eE][-+−]?\d+)?(?![\w])")
_MATHTEXT = re.compile(r"\$[^$]*\$")
#: A word of two or more letters: what makes a text worth translating.
_WORD = re.compile(r"[^\W\d_]{2,}")


def template(text: str) -> tuple[str, list[str]] | None:
    """``(template, numbers)`` of a figure text, or ``None`` if it has no words.

    Mathematical text (between ``$`` signs) and numbers do not count as words,
    so tick labels such as ``$\\mathdefault{10^{3}}$`` or ``×1.9`` stay as
    they are.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    text = " ".join(text.split())
    words = _NUMBER.sub(" ", _MATHTEXT.sub(" ", text))
    if not _WORD.search(words):
        return None
    numbers: list[str] = []

    def number(match: re.Match[str]) -> str:
        numbers.append(match.group(0))
        return f"{{{len(numbers) - 1}}}"

    escaped = text.replace("{", "{{").replace("}", "}}")
    return _NUMBER.sub(number, escaped), numbers


def translate_text(text: str, translate: Callable[[str], str | None]) -> str | None:
    """``text`` translated through its template, or ``None`` if ``translate``
    has no translation for it. Texts without words come back unchanged."""
    parts = template(text)
    if parts is None:
        return text
    msgid, numbers = parts
    msgstr = translate(msgid)
    if not msgstr:
        return None
    try:
        return msgstr.format(*numbers)
    except (IndexError, KeyError, ValueError) as exc:
        raise ValueError(
            f"translation {msgstr!r} of {msgid!r} does not fit its placeholders "
            f"({len(numbers)} number(s)): {exc}"
        ) from None


def _tick_labels(fig: Any) -> Iterator[tuple[Any, str, Any]]:
    """(axes, 'x' or 'y', tick label artist) of every drawn tick label."""
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for label in (tick.label1, tick.label2):
                    yield ax, name, label


def _texts(fig: Any) -> tuple[list[Any], set[int]]:
    """Every visible text artist of a drawn figure, and the ids of tick labels."""
    from matplotlib.text import Text

    fig.canvas.draw()
    ticks = {id(label) for _, _, label in _tick_labels(fig)}
    found = [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_figure() is not None
    ]
    return found, ticks


def figure_texts(fig: Any) -> list[str]:
    """The templates of a figure's visible texts, once each, in drawing order."""
    found, _ = _texts(fig)
    seen: dict[str, None] = {}
    for artist in found:
        parts = template(artist.get_text())
        if parts is not None:
            seen.setdefault(parts[0])
    return list(seen)


def figure_titles(fig: Any) -> str:
    """The figure's titles (suptitle, then each axes' titles), as image alt text.

    The same text sphinx-gallery writes as the ``alt`` of a figure's image.
    """
    titles = []
    suptitle = fig.get_suptitle()
    if suptitle:
        titles.append(suptitle)
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            text = ax.get_title(loc=loc)
            if text:
                titles.append(text)
    return " ".join(", ".join(titles).split())


def translate_figure(fig: Any, translate: Callable[[str], str | None]) -> list[str]:
    """Translate every text of ``fig`` in place; return the untranslated templates.

    Texts without a translation stay in English. Category names on an axis
    (the bars of a bar chart) are tick labels: those axes get fixed, translated
    labels at the ticks where they were drawn.
    """
    found, ticks = _texts(fig)
    missing: dict[str, None] = {}

    def convert(text: str) -> str:
        new = translate_text(text, translate)
        if new is None:
            parts = template(text)
            if parts is not None:
                missing.setdefault(parts[0])
            return text
        return new

    for artist in found:
        if id(artist) not in ticks:
            artist.set_text(convert(artist.get_text()))
    for ax in fig.axes:
        for name in ("x", "y"):
            axis = getattr(ax, f"{name}axis")
            locs = list(axis.get_majorticklocs())
            labels = axis.get_major_formatter().format_ticks(locs)
            if not any(template(text) for text in labels):
                continue
            axis.set_ticks(locs, labels=[convert(text) for text in labels])
    return list(missing)
