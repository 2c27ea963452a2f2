"""Translation quality: catalogs compile and lint clean, nothing is left in English."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from language_check import english_only

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "docs" / "locales"
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/**/*.po"))

#: Messages that may stay identical to the English: names, not prose.
SAME_AS_ENGLISH = {"Copyright %(copyright)s", "© Copyright %(copyright)s."}


def prose_words(message: str) -> list[str]:
    """The words of a message outside code, references and URLs."""
    text = re.sub(
        r"``.+?``|:\w+:`[^`]+`|`[^`]*<[^>]+>`_|`[^`]+`|https?://\S+"
        # dotted names (dask.bag, np.sum) are code even without markup
        r"|\b\w+(?:\.\w+)+\b",
        " ",
        message,
    )
    return re.findall(r"[A-Za-zÀ-ÿ]{2,}", text)


@pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext's msgfmt not installed"
)
@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(LOCALES)))
def test_catalog_compiles_with_msgfmt_check(po, tmp_path):
    done = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def sphinx_lint(*paths: Path, options=()) -> subprocess.CompletedProcess[str]:
    """sphinx-lint (reST markup of the msgstr of .po files) on folders or files."""
    return subprocess.run(
        [sys.executable, "-m", "sphinxlint", "--jobs", "1", *options, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def from_markdown(po: Path) -> bool:
    """Is this the catalog of a Markdown (MyST) page of docs/?"""
    docname = Path(*po.relative_to(LOCALES).parts[2:])  # <lang>/LC_MESSAGES/...
    return (ROOT / "docs" / docname).with_suffix(".md").is_file()


#: sphinx-lint reads reST; in MyST, a role is written {ref}`target`, which its
#: default-role check takes for a missing space before `target`.
MYST_ROLES = ("--disable", "missing-space-before-default-role")


def test_sphinx_lint_passes_on_the_catalogs():
    markdown = [po for po in CATALOGS if from_markdown(po)]
    assert {po.stem for po in markdown} >= {"index", "install", "overview"}
    rest = [po for po in CATALOGS if po not in markdown]
    for paths, options in ((rest, ()), (markdown, MYST_ROLES)):
        done = sphinx_lint(*paths, options=options)
        assert done.returncode == 0, f"sphinx-lint:\n{done.stdout}{done.stderr}"


def test_sphinx_lint_still_checks_markdown_catalogs(tmp_path):
    """Only the MyST role check is off for them: a broken literal is reported."""
    po = tmp_path / "overview.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "See {ref}`x` and ``y`` once."\n'
        'msgstr "Voir {ref}`x` et ``y``une fois."\n',
        encoding="utf-8",
    )
    report = sphinx_lint(po, options=MYST_ROLES)
    assert report.returncode != 0
    assert "missing-space-after-literal" in report.stdout + report.stderr
    assert "default-role" not in report.stdout + report.stderr


def test_sphinx_lint_reads_the_catalogs(tmp_path):
    """It checks the translations themselves: a broken msgstr is reported."""
    po = tmp_path / "broken.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Call ``compute`` once."\nmsgstr "Appelez ``compute``une fois."\n',
        encoding="utf-8",
    )
    done = sphinx_lint(tmp_path)
    report = done.stdout + done.stderr
    assert done.returncode != 0, report
    assert "broken.po:5" in report
    assert "missing-space-after-literal" in report


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(LOCALES)))
def test_no_english_left_behind(po):
    with po.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id or message.id in SAME_AS_ENGLISH:
            continue
        if message.string == message.id:
            # identical is fine for code, references and single names only
            assert len(prose_words(message.id)) < 2, f"untranslated: {message.id!r}"
        assert not english_only(" ".join(prose_words(message.string))), (
            f"reads as English: {message.string!r}"
        )


def test_the_english_detector_tells_languages_apart():
    assert english_only("The scheduler runs each task on one of the workers.")
    assert not english_only("O escalonador executa cada tarefa em um dos workers.")
    assert not english_only("L’ordonnanceur exécute chaque tâche sur un des workers.")
    assert not english_only("El planificador ejecuta cada tarea en uno de los workers.")
