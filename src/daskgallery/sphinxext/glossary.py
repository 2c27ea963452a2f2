"""``.. daskgallery-glossary-table::``: the glossary's terms in every language.

The table is read from ``locales/glossary.tsv`` (columns: one per language,
the English first), the same file that translators and the catalog checks
use. Its cells are not translation messages: they are the same on every
language's page.
"""

from __future__ import annotations

import csv
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["read_glossary", "setup_glossary"]

GLOSSARY = "locales/glossary.tsv"


def read_glossary(path: Path) -> list[dict[str, str]]:
    """Rows of the glossary file, as {language code: term}."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        raise ValueError(f"{path} has no terms")
    for number, row in enumerate(rows, start=2):
        empty = [code for code, term in row.items() if not (term or "").strip()]
        if empty:
            raise ValueError(f"{path}:{number}: no term for {', '.join(empty)}")
    return rows


def _cell(text: str, lang: str | None = None) -> nodes.entry:
    paragraph = nodes.paragraph()
    paragraph += nodes.Text(text)
    entry = nodes.entry("", paragraph)
    if lang:
        entry["classes"].append(f"lang-{lang}")
    return entry


class GlossaryTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / GLOSSARY
        self.env.note_dependency(str(path))
        rows = read_glossary(path)
        languages: dict[str, str] = self.config.daskgallery_languages
        codes = [code for code in languages if code in rows[0]]
        table = nodes.table(classes=["dg-glossary-table"])
        group = nodes.tgroup(cols=len(codes))
        table += group
        for _ in codes:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        head += nodes.row("", *[_cell(languages[c]) for c in codes])
        body = nodes.tbody()
        for row in rows:
            body += nodes.row("", *[_cell(row[c], c) for c in codes])
        group += head
        group += body
        return [table]


def setup_glossary(app: Sphinx) -> None:
    app.add_directive("daskgallery-glossary-table", GlossaryTable)
