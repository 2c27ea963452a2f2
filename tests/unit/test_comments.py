"""daskgallery_site.sphinxext.comments: comments in code, extracted and translated."""

import ast

import pytest
from daskgallery_site.sphinxext.comments import (
    Comment,
    code_comments,
    translate_comments,
)
from daskgallery_site.sphinxext.translate_script import script_comments

CODE = """import time  # seconds that each call waits

# chunksize=1 sends the tasks one at a time; by default the
# scheduler sends batches of 6
value = 1
    # noqa: E501
# %%
#!not prose
x = "# not a comment"
"""


def test_blocks_and_end_of_line_comments_are_messages():
    assert code_comments(CODE) == [
        Comment(0, 0, 13, "seconds that each call waits", True),
        Comment(
            2,
            3,
            0,
            "chunksize=1 sends the tasks one at a time; by default the "
            "scheduler sends batches of 6",
            False,
        ),
    ]


def test_skipped_lines_are_not_messages():
    assert [c.text for c in code_comments(CODE, skip_lines={0})] == [
        "chunksize=1 sends the tasks one at a time; by default the "
        "scheduler sends batches of 6"
    ]


def test_translation_keeps_the_code_and_rewraps_blocks():
    catalog = {
        "seconds that each call waits": "segundos que cada chamada espera",
        "chunksize=1 sends the tasks one at a time; by default the "
        "scheduler sends batches of 6": "chunksize=1 envia as tarefas uma a uma; "
        "por padrão o escalonador envia lotes de 6, o que daria a um processo "
        "seis das nossas oito tarefas",
    }
    out = translate_comments(CODE, catalog)
    assert out.startswith("import time  # segundos que cada chamada espera\n")
    block = [line for line in out.splitlines() if line.startswith("# chunksize")]
    assert block
    assert all(len(line) <= 88 for line in out.splitlines())
    assert "# por padrão" in out or "padrão" in out
    assert ast.dump(ast.parse(out)) == ast.dump(ast.parse(CODE))
    assert '"# not a comment"' in out


def test_an_empty_catalog_changes_nothing():
    assert translate_comments(CODE, {}) == CODE


def test_invalid_python_is_a_clear_error():
    with pytest.raises(ValueError, match="not valid Python"):
        code_comments('x = """never closed\n')


def test_comments_in_a_scripts_text_blocks_are_text_not_code():
    script = '"""\nTitle\n=====\n"""\n\n# %%\n# Some prose.\n\nx = 1  # a comment\n'
    assert [c.text for c in script_comments(script)] == ["a comment"]


def test_non_breaking_spaces_survive():
    out = translate_comments("x = 1  # warm-up\n", {"warm-up": "chauffe\u00a0: pool"})
    assert out == "x = 1  # chauffe\u00a0: pool\n"
