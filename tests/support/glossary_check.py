"""Glossary consistency of one translated message.

A message uses a glossary term when one of the term's English forms occurs in
its running text: code, role and link targets, URLs and format placeholders
are not running text. The translation must then contain one of the forms the
glossary gives for its language. Code forms (``compute``) are checked
separately: a literal in the English asks for the same literal in the
translation.

Matching is on whole words, case-insensitive, with the forms the glossary
lists (no stemming, no accent folding): "tâches" matches "tâche | tâches",
"taches" does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from daskgallery_site.sphinxext.glossary import Term

#: Names that contain a glossary word without being the term, and stay as
#: they are in every language: they are taken out before matching.
NAMES = {
    "sphinx-gallery": "the Sphinx extension that builds the gallery",
    "map-shuffle-reduce": "the name of a programming pattern",
    "Worker Profile (compute)": "a panel of the Dask dashboard, named in English",
}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]")
_LITERAL = re.compile(r"``(.+?)``", re.S)
# :role:`text <target>` keeps its text; :role:`target` is only a target.
# MyST writes roles as {role}`...`.
_ROLE = re.compile(r"(?::[\w:+-]+:|\{[\w:+-]+\})`([^`]*?)(?:\s*<[^<>`]+>)?`", re.S)
_LINK = re.compile(r"`([^`<]*?)\s*<[^<>`]+>`__?", re.S)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_CODE = re.compile(r"`([^`]+)`")
_URL = re.compile(r"https?://\S+")
_NAMES = re.compile("|".join(re.escape(name) for name in NAMES), re.I)


@dataclass(frozen=True)
class Text:
    """A message split into running text and the code it shows."""

    prose: str
    code: tuple[str, ...]


def split_message(message: str, code_names: frozenset[str] = frozenset()) -> Text:
    """Running text and code of a reST or MyST message.

    A link or reference whose whole text is one of ``code_names`` (the
    glossary's code forms) names that code: `persist <https://...>`_.
    """
    code: list[str] = []

    def text_or_code(text: str) -> str:
        if text.strip() in code_names:
            code.append(text.strip())
            return " "
        return text

    def literal(match: re.Match[str]) -> str:
        code.append(match[1])
        return " "

    text = _PLACEHOLDER.sub(" ", message)
    text = _LITERAL.sub(literal, text)

    def role(match: re.Match[str]) -> str:
        # a bare target (``:ref:`label```, ``:func:`name```) is not text
        return text_or_code(match[1]) if "<" in match[0] else " "

    text = _ROLE.sub(role, text)
    text = _LINK.sub(lambda m: text_or_code(m[1]), text)
    text = _MD_LINK.sub(lambda m: text_or_code(m[1]), text)
    text = _CODE.sub(literal, text)
    text = _URL.sub(" ", text)
    text = _NAMES.sub(" ", text)
    return Text(prose=text, code=tuple(code))


@cache
def _pattern(forms: tuple[str, ...], english: bool) -> re.Pattern[str]:
    # longest first, so that "task graphs" wins over "task graph"
    ordered = sorted(forms, key=len, reverse=True)
    # English compounds may be hyphenated: "a task-graph scraper"
    space = r"[\s-]+" if english else r"\s+"
    words = "|".join(space.join(map(re.escape, f.split())) for f in ordered)
    # not part of a longer word, nor an attribute (``dask.compute`` in a link)
    return re.compile(rf"(?<![\w.])(?:{words})(?!\w)", re.I)


def uses(text: Text, term: Term, *, english: bool) -> tuple[bool, bool]:
    """Whether a text uses the term in running text, and as code."""
    in_prose = bool(term.forms) and bool(
        _pattern(term.forms, english).search(text.prose)
    )
    as_code = any(literal in term.code for literal in text.code)
    return in_prose, as_code


@dataclass(frozen=True)
class Missing:
    """A glossary term the English message uses and its translation does not."""

    term: str
    #: what the translation should contain
    expected: tuple[str, ...]
    kind: str  # "prose" or "code"


def check(
    msgid: str,
    msgstr: str,
    row: dict[str, Term],
    lang: str,
    code_names: frozenset[str] = frozenset(),
) -> list[Missing]:
    """The ways a translation misses one glossary row (empty: consistent)."""
    english = split_message(msgid, code_names)
    translated = split_message(msgstr, code_names)
    en_prose, en_code = uses(english, row["en"], english=True)
    missing = []
    if en_prose:
        term = row[lang]
        if not _pattern(term.forms, False).search(translated.prose):
            missing.append(Missing(row["en"].headword, term.forms, "prose"))
    if en_code:
        wanted = [c for c in row["en"].code if c in english.code]
        lost = [c for c in wanted if c not in translated.code]
        if lost:
            expected = tuple(f"``{c}``" for c in lost)
            missing.append(Missing(row["en"].headword, expected, "code"))
    return missing
