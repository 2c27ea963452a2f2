"""Translating an example script's text with its page's catalog."""

import ast
import re
from pathlib import Path

import pytest
from daskgallery_site.sphinxext.catalogs import load_catalog
from daskgallery_site.sphinxext.translate_script import (
    text_line_ranges,
    translate_script,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "gallery").rglob("plot_*.py"))

SCRIPT = '''"""
Lazy functions
==============

You will learn how to make a function
lazy with ``dask.delayed``.
"""

# %%
# Serial code
# -----------
#
# - First item that is
#   long.
# - Second

import time  # Serial code

print("Second")
'''

CATALOG = {
    "Lazy functions": "Funções preguiçosas",
    "You will learn how to make a function lazy with ``dask.delayed``.": (
        "Você vai aprender a tornar uma função preguiçosa com ``dask.delayed``, "
        "com um texto longo o bastante para ser quebrado em duas linhas."
    ),
    "Serial code": "Código serial",
    "First item that is long.": "Primeiro item, que é longo",
    "Second": "Segundo",
    "Not in this script": "Não está no script",
}


def flat(text: str) -> str:
    """Collapse ASCII whitespace (non-breaking spaces are kept)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def code_of(source: str) -> str:
    """The program without its docstring, as an AST dump."""
    return ast.dump(ast.Module(ast.parse(source).body[1:], type_ignores=[]))


def test_text_blocks_are_found():
    lines = SCRIPT.splitlines()
    assert text_line_ranges(lines) == [(1, 6, ""), (9, 15, "#")]


def test_titles_paragraphs_and_lists_are_translated():
    out = translate_script(SCRIPT, CATALOG)
    lines = out.splitlines()
    assert lines[:4] == ['"""', "Funções preguiçosas", "===================", ""]
    # a long paragraph is re-wrapped at 79 columns, on as many lines as needed
    assert lines[6:8] == ['"""', ""]
    assert all(len(line) <= 79 for line in lines)
    assert (
        " ".join(lines[4:6])
        == CATALOG["You will learn how to make a function lazy with ``dask.delayed``."]
    )
    assert "# Código serial\n# -------------\n" in out
    assert "# - Primeiro item, que é longo\n# - Segundo\n" in out


def test_code_is_never_touched_but_its_comments_are_translated():
    out = translate_script(SCRIPT, CATALOG)
    assert 'import time  # Código serial\n\nprint("Second")\n' in out
    assert code_of(out) == code_of(SCRIPT)


def test_an_empty_catalog_changes_nothing():
    assert translate_script(SCRIPT, {}) == SCRIPT


@pytest.mark.parametrize("lang", ["pt", "fr", "es"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_text_message_of_the_real_examples_is_translated(example, lang):
    docname = f"examples/{example.parent.name}/{example.stem}"
    po = ROOT / "docs" / "locales" / lang / "LC_MESSAGES" / f"{docname}.po"
    catalog = load_catalog(po)
    source = example.read_text(encoding="utf-8")
    out = translate_script(source, catalog)
    # the code is the same program
    assert code_of(out) == code_of(source)
    flat_out = flat(out.replace("# ", " "))
    flat_src = flat(source.replace("# ", " "))
    found = [m for m in catalog if m in flat_src]
    assert found, "no message of the catalog was found in the script"
    for msgid in found:
        if catalog[msgid] != msgid:
            assert flat(catalog[msgid]) in flat_out, msgid


def test_non_breaking_spaces_survive():
    out = translate_script(SCRIPT, {"Serial code": "Code\u00a0: en série"})
    assert "# Code\u00a0: en série\n" in out
