"""Translate the text of a sphinx-gallery example script with a page's catalog.

A gallery script is Python with reST text: the module docstring and the
comment blocks that follow ``# %%`` lines. Sphinx extracts each paragraph,
title and list item of that text as one message (its source lines joined by
spaces). Here we do the reverse on the script itself: find the lines of each
message in the text blocks and replace them with the message's translation,
re-wrapped at the same indentation. Comments inside the code are translated
too (see :mod:`daskgallery_site.sphinxext.comments`). Code is never touched, so a
translated script runs exactly like the English one.

The module docstring must open and close with ``\"\"\"`` on lines of their own,
as in every example of this gallery.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping

from daskgallery_site.sphinxext.comments import (
    Comment,
    code_comments,
    translate_comments,
)

__all__ = ["script_comments", "text_line_ranges", "translate_script"]

_BULLET = re.compile(r"^(?:[-*+]|\d+[.)]|#\.)\s+")
_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+:.<>_])\1+$")
_SEPARATOR = re.compile(r"^#\s*%%")
_WIDTH = 79
_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


def text_line_ranges(lines: list[str]) -> list[tuple[int, int, str]]:
    """``(start, stop, lead)`` of each reST text block of a gallery script.

    ``lead`` is what starts each line of the block: ``""`` inside the module
    docstring, ``"#"`` in a comment block after ``# %%``.
    """
    ranges: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith("#")):
        i += 1
    if i < len(lines) and lines[i].strip() in ('"""', 'r"""'):
        j = i + 1
        while j < len(lines) and lines[j].strip() != '"""':
            j += 1
        ranges.append((i + 1, j, ""))
        i = j + 1
    while i < len(lines):
        if _SEPARATOR.match(lines[i]):
            j = i + 1
            while j < len(lines) and lines[j].startswith("#"):
                j += 1
            if j > i + 1:
                ranges.append((i + 1, j, "#"))
            i = j
        else:
            i += 1
    return ranges


def _content(line: str, lead: str) -> str:
    """The reST text of a script line: without ``#`` and the space after it."""
    if lead == "#":
        line = line[1:]
        if line.startswith(" "):
            line = line[1:]
    return line.rstrip()


def _width(text: str) -> int:
    """Display width of a title, for its adornment (wide characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _match(texts: list[str], i: int, stop: int, msgid: str) -> tuple[int, str] | None:
    """If ``msgid`` starts at text line ``i``: (lines it spans, first-line prefix)."""
    first = texts[i]
    body = first.lstrip()
    options = [body]
    bullet = _BULLET.match(body)
    if bullet:
        options.append(body[bullet.end() :])
    for text in options:
        if not text or not msgid.startswith(text):
            continue
        joined, j = text, i + 1
        while joined != msgid and j < stop:
            nxt = texts[j].strip()
            if not nxt or not msgid.startswith(f"{joined} {nxt}"):
                break
            joined, j = f"{joined} {nxt}", j + 1
        if joined == msgid:
            return j - i, first[: len(first) - len(text)]
    return None


def _wrap(msgstr: str, prefix: str, indent: str, width: int, keep: bool) -> list[str]:
    if keep:
        return [prefix + msgstr]
    body = textwrap.wrap(
        msgstr,
        width=width,
        initial_indent=prefix,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return body or [prefix + msgstr]


def translate_script(source: str, catalog: Mapping[str, str]) -> str:
    """Return ``source`` with every text message found in ``catalog`` translated.

    ``catalog`` maps a message (as Sphinx extracts it) to its translation.
    Messages that are not in the script are ignored; code lines are kept
    byte for byte.

    >>> src = '\"\"\"\\nHello\\n=====\\n\"\"\"\\nx = 1\\n'
    >>> print(translate_script(src, {"Hello": "Olá"}), end="")
    \"\"\"
    Olá
    ===
    \"\"\"
    x = 1
    """
    lines = source.splitlines()
    by_start: dict[str, list[str]] = {}
    for msgid in sorted((m for m, t in catalog.items() if m and t), key=len)[::-1]:
        by_start.setdefault(msgid[:4], []).append(msgid)
    out = list(lines)
    # work bottom-up so that replacing lines keeps earlier indexes valid
    for start, stop, lead in reversed(text_line_ranges(lines)):
        texts = [_content(line, lead) for line in lines[:stop]]
        pieces: list[tuple[int, int, list[str]]] = []
        i = start
        while i < stop:
            body = texts[i].lstrip()
            bullet = _BULLET.match(body)
            keys = {body[:4]} | ({body[bullet.end() :][:4]} if bullet else set())
            found = None
            for msgid in (m for k in keys for m in by_start.get(k, [])):
                hit = _match(texts, i, stop, msgid)
                if hit:
                    found = (msgid, *hit)
                    break
            if found is None:
                i += 1
                continue
            msgid, span, prefix = found
            # collapse ASCII whitespace only: non-breaking spaces are typography
            msgstr = _ASCII_SPACES.sub(" ", catalog[msgid]).strip(" ")
            marker = "# " if lead == "#" else ""
            nxt = texts[i + 1].strip() if i + 1 < stop else ""
            is_title = (
                span == 1 and bool(_ADORNMENT.match(nxt)) and len(nxt) >= len(msgid)
            )
            if span > 1:
                cont = texts[i + 1]
                indent = cont[: len(cont) - len(cont.lstrip())]
            else:
                indent = " " * len(prefix)
            width = max(_WIDTH - len(marker), 40)
            keep = is_title or (span == 1 and len(marker + prefix + msgstr) <= _WIDTH)
            new = [marker + t for t in _wrap(msgstr, prefix, indent, width, keep)]
            new = [line.rstrip() if line.strip() != "#" else "#" for line in new]
            first, last = i, i + span
            if is_title:
                char = nxt[0]
                adorn = marker + char * _width(msgstr)
                new.append(adorn)
                last += 1
                above = texts[i - 1].strip() if i - 1 >= start else ""
                if _ADORNMENT.match(above) and above[0] == char:
                    new.insert(0, adorn)
                    first -= 1
            pieces.append((first, last, new))
            i = last
        for first, last, new in reversed(pieces):
            out[first:last] = new
    text = "\n".join(out) + ("\n" if source.endswith("\n") else "")
    return translate_comments(text, catalog, _text_lines(text))


def _text_lines(source: str) -> set[int]:
    """Indexes of the lines of a script's reST text blocks."""
    return {
        i
        for start, stop, _ in text_line_ranges(source.splitlines())
        for i in range(start, stop)
    }


def script_comments(source: str) -> list[Comment]:
    """The comments in the code of a gallery script (not its text blocks)."""
    return code_comments(source, _text_lines(source))
