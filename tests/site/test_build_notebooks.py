"""Every example's notebook download is valid, in every language.

The English notebooks run in a reader's fresh environment in
tests/site/test_build_downloads_at_home.py. Here: the harness that runs them sees
what it must see, and the notebook linked from each pt, fr and es page is
valid (nbformat), with the English notebook's code cells apart from comments,
which may be translated. Comments are found with ``tokenize``: nothing else may
differ.
"""

from __future__ import annotations

import asyncio
import difflib
import os

import nbformat
import pytest
from conftest import TRANSLATED
from notebook_support import (
    SCRIPTS,
    Kernel,
    code_cells,
    notebook_download,
    read_valid,
    rel_id,
    run_notebooks,
    without_comments,
)

HARNESS_CELLS = [
    "open('note.txt', 'w').close()",
    "import subprocess\nsubprocess.Popen(['sleep', '120'], start_new_session=True)",
    'if __name__ == "__main__":\n    print("the guarded code ran")',
    "raise LookupError('broken on purpose')",
]


def test_the_harness_reports_errors_strays_and_leftovers(tmp_path, monkeypatch):
    """What the English runs are checked for is really seen, on a notebook that
    breaks every rule."""
    import notebook_support

    monkeypatch.setattr(notebook_support, "STRAY_GRACE", 1.0)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in HARNESS_CELLS]
    )
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    kernel = Kernel("python3", dict(os.environ))
    run = asyncio.run(run_notebooks({"broken": path}, kernel))["broken"]
    assert "LookupError" in (run.error or "")
    assert "broken on purpose" in (run.error or "")
    assert run.leftovers(set()) == ["note.txt"]
    assert run.strays == ["sleep 120"]
    assert (run.guarded_cells, run.guarded_cells_with_output) == (1, 1)


def test_comments_are_the_only_thing_ignored():
    english = 'x = 1  # one\n# a note\ny = "# not a comment"\n\nz = 2\n'
    translated = (
        'x = 1  # um\n# uma nota\n# em duas linhas\ny = "# not a comment"\n\nz = 2\n'
    )
    assert without_comments(english) == without_comments(translated)
    for changed in (
        translated.replace('"# not a comment"', '"# não é comentário"'),
        translated.replace("\n\nz", "\nz"),
        translated.replace("x = 1", "x = 2"),
        translated.replace("x = 1", "x  = 1"),
    ):
        assert without_comments(english) != without_comments(changed)


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("script", SCRIPTS, ids=rel_id)
def test_translated_notebook_has_the_english_code(site, lang, script):
    english = read_valid(notebook_download(site, "en", script))
    path = notebook_download(site, lang, script)
    translated = read_valid(path)
    ours, theirs = code_cells(translated), code_cells(english)
    assert len(ours) == len(theirs), (
        f"{lang} {script.stem}.ipynb has {len(ours)} code cells, English {len(theirs)}"
    )
    for number, (mine, original) in enumerate(zip(ours, theirs, strict=True), 1):
        a, b = without_comments(original), without_comments(mine)
        assert a == b, f"{lang} {script.stem}.ipynb, code cell {number}:\n" + "\n".join(
            difflib.unified_diff(a.splitlines(), b.splitlines(), "en", lang, n=1)
        )
