"""Code comments of the gallery, as messages that can be translated.

Sphinx translates an example's text blocks; the comments inside its code
(``# start every worker``) are not text blocks, so they are extracted here:
each run of full-line comments at the same indentation is one message (its
lines joined by spaces), and so is each comment at the end of a code line.
Translating puts the translation in their place, re-wrapped to the same
indentation; the code itself is never touched.
"""

from __future__ import annotations

import io
import re
import textwrap
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Comment", "code_comments", "translate_comments"]

#: Comments that are instructions to tools, not prose.
_TOOL_PREFIXES = ("%%", "sphinx_gallery_", "noqa", "type:", "fmt:", "!", "-*-")
_WIDTH = 88
_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Comment:
    """A comment message: lines ``first``..``last`` (0-based), at ``column``."""

    first: int
    last: int
    column: int
    text: str
    inline: bool


def _is_tool(body: str) -> bool:
    return body.startswith(_TOOL_PREFIXES) or not body


def code_comments(code: str, skip_lines: Iterable[int] = ()) -> list[Comment]:
    """The comment messages of ``code`` (Python), outside ``skip_lines`` (0-based)."""
    skip = set(skip_lines)
    lines = code.splitlines()
    found: list[Comment] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        raise ValueError(f"not valid Python, cannot find its comments: {exc}") from exc
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        row, col = token.start[0] - 1, token.start[1]
        body = token.string[1:].strip()
        if row in skip or _is_tool(body):
            continue
        inline = bool(lines[row][:col].strip())
        previous = found[-1] if found else None
        if (
            not inline
            and previous is not None
            and not previous.inline
            and previous.last == row - 1
            and previous.column == col
        ):
            found[-1] = Comment(
                previous.first, row, col, f"{previous.text} {body}", False
            )
        else:
            found.append(Comment(row, row, col, body, inline))
    return found


def translate_comments(
    code: str, catalog: Mapping[str, str], skip_lines: Iterable[int] = ()
) -> str:
    """``code`` with each comment found in ``catalog`` replaced by its translation."""
    lines = code.splitlines()
    for comment in reversed(code_comments(code, skip_lines)):
        # collapse ASCII whitespace only: non-breaking spaces are typography
        msgstr = _ASCII_SPACES.sub(" ", catalog.get(comment.text, "")).strip(" ")
        if not msgstr:
            continue
        line = lines[comment.first]
        if comment.inline:
            lines[comment.first] = f"{line[: comment.column]}# {msgstr}"
            continue
        indent = line[: comment.column]
        new = textwrap.wrap(
            msgstr,
            width=max(_WIDTH - len(indent), 40),
            initial_indent="# ",
            subsequent_indent="# ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines[comment.first : comment.last + 1] = [indent + n for n in new]
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")


def translate_page_comments(app, doctree) -> None:
    """doctree-read: the comments in a translated gallery page's code blocks."""
    from docutils import nodes

    from daskgallery_site.sphinxext import catalogs

    if not catalogs.is_translated_build(app):
        return
    blocks = [
        n
        for n in doctree.findall(nodes.literal_block)
        if str(n.get("language", "")).lower() in ("python", "py", "python3")
    ]
    docname = app.env.docname
    catalog = catalogs.catalog(app, docname, reading=docname) if blocks else {}
    if not catalog:
        return
    for block in blocks:
        code = block.astext()
        try:
            new = translate_comments(code, catalog)
        except ValueError:
            continue  # not a whole piece of Python (a fragment shown as an example)
        if new != code:
            block.rawsource = new
            block.children = []
            block += nodes.Text(new)
