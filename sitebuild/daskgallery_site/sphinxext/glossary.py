"""``.. daskgallery-glossary-table::``: the glossary's terms in every language.

The table is read from ``locales/glossary.tsv`` (columns: one per language,
the English first), the same file that translators and the catalog checks
use. Its cells are not translation messages: they are the same on every
language's page.

A cell lists the forms of a term, separated by ``|``::

    task | tasks                      tarefa | tarefas
    lazy                              preguiçoso | preguiçosa | preguiçosos | ...
    shuffle | shuffles                embaralhamento (shuffle) | embaralhamentos
    ``compute`` | compute | computes  ``compute`` (calcular) | calcular | calcula | ...

- The first form is the headword: the table shows it, and only it.
- The headword may end with a gloss in parentheses, ``(shuffle)``: the table
  shows it, but it is not one of the term's forms.
- A form in double backquotes is code: it stays the same literal in every
  language (``compute`` is the method's name; "calcular" is how a text says it).

The catalog check (``tests/test_glossary_consistency.py``) asks that a message
using one of a term's English forms is translated with one of the forms of
the same kind (code or prose) in its language.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["Term", "parse_term", "read_glossary", "read_terms", "setup_glossary"]

GLOSSARY = "locales/glossary.tsv"
_GLOSS = re.compile(r"^(?P<form>[^()]+?)\s*(?P<gloss>\([^()]+\))$")
_CODE = re.compile(r"^``([^`]+)``$")


@dataclass(frozen=True)
class Term:
    """One language's cell of the glossary: its headword and its forms."""

    headword: str
    #: words and phrases of running text: "tarefa", "tarefas"
    forms: tuple[str, ...]
    #: code that stays code: "compute" for ``compute``
    code: tuple[str, ...]


def parse_term(cell: str) -> Term:
    """Read a cell: ``"embaralhamento (shuffle) | embaralhamentos"``.

    >>> term = parse_term("``compute`` (calcular) | calcular | calcula")
    >>> term.headword, term.forms, term.code
    ('``compute`` (calcular)', ('calcular', 'calcula'), ('compute',))
    """
    items = [item.strip() for item in cell.split("|")]
    if not all(items):
        raise ValueError(f"empty form in glossary cell {cell!r}")
    forms: list[str] = []
    code: list[str] = []
    for position, item in enumerate(items):
        glossed = _GLOSS.match(item)
        if glossed:
            if position:
                raise ValueError(
                    f"only the headword may have a gloss in parentheses: {item!r}"
                    f" in glossary cell {cell!r}"
                )
            item = glossed["form"]
        literal = _CODE.match(item)
        if literal:
            code.append(literal[1])
        elif re.search(r"[()`|]", item):
            raise ValueError(f"malformed form {item!r} in glossary cell {cell!r}")
        else:
            forms.append(item)
    return Term(headword=items[0], forms=tuple(forms), code=tuple(code))


def read_glossary(path: Path) -> list[dict[str, str]]:
    """Rows of the glossary file, as {language code: cell}."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        raise ValueError(f"{path} has no terms")
    for number, row in enumerate(rows, start=2):
        empty = [code for code, term in row.items() if not (term or "").strip()]
        if empty:
            raise ValueError(f"{path}:{number}: no term for {', '.join(empty)}")
    return rows


def read_terms(path: Path) -> list[dict[str, Term]]:
    """Rows of the glossary file, as {language code: Term}."""
    terms = []
    for number, row in enumerate(read_glossary(path), start=2):
        try:
            terms.append({code: parse_term(cell) for code, cell in row.items()})
        except ValueError as err:
            raise ValueError(f"{path}:{number}: {err}") from None
    return terms


def _headword(term: Term) -> nodes.paragraph:
    """The headword, with its code (``compute``) as inline code."""
    paragraph = nodes.paragraph()
    for number, part in enumerate(term.headword.split("``")):
        if number % 2:
            paragraph += nodes.literal(part, part)
        elif part:
            paragraph += nodes.Text(part)
    return paragraph


def _cell(paragraph: nodes.paragraph, lang: str | None = None) -> nodes.entry:
    entry = nodes.entry("", paragraph)
    if lang:
        entry["classes"].append(f"lang-{lang}")
    return entry


class GlossaryTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / GLOSSARY
        self.env.note_dependency(str(path))
        rows = read_terms(path)
        languages: dict[str, str] = self.config.daskgallery_languages
        codes = [code for code in languages if code in rows[0]]
        table = nodes.table(classes=["dg-glossary-table"])
        group = nodes.tgroup(cols=len(codes))
        table += group
        for _ in codes:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        head += nodes.row(
            "", *[_cell(nodes.paragraph("", languages[c])) for c in codes]
        )
        body = nodes.tbody()
        for row in rows:
            body += nodes.row("", *[_cell(_headword(row[c]), c) for c in codes])
        group += head
        group += body
        return [table]


def setup_glossary(app: Sphinx) -> None:
    app.add_directive("daskgallery-glossary-table", GlossaryTable)
