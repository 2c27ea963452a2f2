"""Where a message uses a glossary term, its translation uses the glossary's.

Every message of every catalog (the pages' and the hand-kept ``sphinx.po``)
is checked against every row of ``docs/locales/glossary.tsv``; see
``tests/support/glossary_check.py`` for what counts as using a term, and
``sitebuild/daskgallery_site/sphinxext/glossary.py`` for the format of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from daskgallery_site.sphinxext.glossary import parse_term, read_terms
from glossary_check import NAMES, Missing, check, split_message, uses

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "docs" / "locales"
LANGS = ("pt", "fr", "es")
ROWS = read_terms(LOCALES / "glossary.tsv")
#: a link whose whole text is one of these names the code: `persist <url>`_
CODE_NAMES = frozenset(code for row in ROWS for code in row["en"].code)


@dataclass(frozen=True)
class Allowed:
    """A reviewed message whose translation may leave a term out."""

    lang: str
    fragment: str  # of the English message
    term: str  # the English headword of the glossary row
    reason: str


#: Keep this short: fix the translation when it can use the term. Each entry
#: must still match a message that leaves the term out (or the test fails).
ALLOWED: tuple[Allowed, ...] = ()


def messages(lang: str):
    """(catalog, msgid, msgstr) of every translated message of a language."""
    base = LOCALES / lang / "LC_MESSAGES"
    for po in sorted(base.rglob("*.po")):
        with po.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string:
                    yield po.relative_to(base).as_posix(), message.id, message.string


def find_allowed(
    entries: tuple[Allowed, ...], lang: str, msgid: str, missing: Missing
) -> Allowed | None:
    for entry in entries:
        if (entry.lang, entry.term) == (lang, missing.term) and entry.fragment in msgid:
            return entry
    return None


def excerpt(text: str, width: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report(lang: str, catalog: str, msgid: str, msgstr: str, missing: Missing) -> str:
    what = "the code" if missing.kind == "code" else "one of"
    return (
        f"[{lang}] {catalog}: term {missing.term!r}: expected {what} "
        f"{' | '.join(missing.expected)}\n"
        f"    msgid:  {excerpt(msgid)}\n"
        f"    msgstr: {excerpt(msgstr)}"
    )


def inconsistencies(
    lang: str, entries: tuple[Allowed, ...] = ALLOWED
) -> tuple[int, list[str], set[Allowed]]:
    """(term, message) pairs checked, the problems, the allowlist entries used."""
    pairs = 0
    problems = []
    used: set[Allowed] = set()
    for catalog, msgid, msgstr in messages(lang):
        english = split_message(msgid, CODE_NAMES)
        for row in ROWS:
            if any(uses(english, row["en"], english=True)):
                pairs += 1
            for missing in check(msgid, msgstr, row, lang, CODE_NAMES):
                entry = find_allowed(entries, lang, msgid, missing)
                if entry:
                    used.add(entry)
                else:
                    problems.append(report(lang, catalog, msgid, msgstr, missing))
    return pairs, problems, used


def test_glossary_rows_are_well_formed():
    assert len(ROWS) >= 30
    for row in ROWS:
        en = row["en"]
        assert set(row) == {"en", *LANGS}, row
        for lang in LANGS:
            term = row[lang]
            # a prose term has prose forms in every language, and code is the
            # same code in every language
            assert bool(term.forms) == bool(en.forms), (lang, row)
            assert term.code == en.code, (lang, row)


@pytest.mark.parametrize("lang", LANGS)
def test_translations_use_the_glossary_terms(lang):
    pairs, problems, used = inconsistencies(lang)
    print(f"{lang}: {pairs} (term, message) pairs checked")
    assert pairs > 500, "the check found almost no glossary terms: is it matching?"
    assert not problems, (
        f"{len(problems)} message(s) do not use the glossary term "
        f"(docs/locales/glossary.tsv):\n" + "\n".join(problems)
    )
    stale = [e for e in ALLOWED if e.lang == lang and e not in used]
    assert not stale, f"allowlist entries that match no message any more: {stale}"


def test_allowlist_entries_are_explained():
    terms = {row["en"].headword for row in ROWS}
    for entry in ALLOWED:
        assert entry.lang in LANGS, entry
        assert entry.term in terms, entry
        assert entry.fragment.strip(), entry
        assert len(entry.reason.split()) >= 3, entry


# --- the check itself, on messages made up for it ------------------------------


def make_row(**cells: str):
    return {lang: parse_term(cell) for lang, cell in cells.items()}


TASK = next(row for row in ROWS if row["en"].headword == "task")
COMPUTE = make_row(
    en="``compute`` | compute | computes",
    pt="``compute`` (calcular) | calcular | calcula",
    fr="``compute`` (calculer) | calculer | calcule",
    es="``compute`` (calcular) | calcular | calcula",
)


def test_a_wrong_word_is_reported():
    msgid = "Dask runs each task on a worker."
    assert not check(msgid, "O Dask executa cada tarefa em um worker.", TASK, "pt")
    missing = check(msgid, "O Dask executa cada trabalho em um worker.", TASK, "pt")
    assert missing == [Missing("task", ("tarefa", "tarefas"), "prose")]
    line = report("pt", "x.po", msgid, "O Dask executa cada trabalho.", missing[0])
    assert "[pt] x.po: term 'task': expected one of tarefa | tarefas" in line
    assert "msgid:  Dask runs each task" in line


def test_forms_are_whole_words_with_their_accents():
    msgid = "Two tasks."
    assert not check(msgid, "Duas Tarefas.", TASK, "pt")
    assert not check(msgid, "Deux tâches.", TASK, "fr")
    assert check(msgid, "Deux taches.", TASK, "fr")  # no accent folding
    assert check(msgid, "Duas subtarefas.", TASK, "pt")  # not inside a word
    assert not check("The task-graph scraper.", "O scraper de tarefas.", TASK, "pt")


def test_code_targets_and_urls_are_not_running_text():
    for msgid in (
        "Call ``task``.",
        "See :ref:`sphx_glr_task.py`.",
        "See `the docs <https://example.org/task>`_.",
        "See https://example.org/task",
        "Read the [docs](task.md).",
        "The `task` argument.",
        "Call `dask.task <https://example.org>`_.",
    ):
        assert not any(uses(split_message(msgid), TASK["en"], english=True)), msgid
    # but the text of a reference or link is
    for msgid in (":ref:`A task <label>`", "`a task <https://e.org>`_", "[task](x.md)"):
        assert check(msgid, "Um trabalho", TASK, "pt"), msgid


def test_code_stays_code():
    msgid = "``compute`` computes the result."
    assert not check(msgid, "``compute`` calcula o resultado.", COMPUTE, "pt")
    missing = check(msgid, "``calcular`` calcula o resultado.", COMPUTE, "pt")
    assert missing == [Missing("``compute``", ("``compute``",), "code")]
    # the method's name in running text is not the verb
    assert check(msgid, "``compute`` compute o resultado.", COMPUTE, "pt")
    # a link named after the code is code: `compute <url>`_
    link, linked = "See `compute <https://e.org>`_.", "Veja `compute <https://e.org>`_."
    assert not check(link, linked, COMPUTE, "pt", CODE_NAMES)
    # without the glossary's code names, the link text is the English verb
    assert check(link, linked, COMPUTE, "pt")


def test_names_are_not_terms():
    for name in NAMES:
        text = split_message(name)
        assert not any(any(uses(text, row["en"], english=True)) for row in ROWS)
    assert not check("The sphinx-gallery hooks.", "Os ganchos.", TASK, "pt")


def test_the_allowlist_excuses_only_its_message_and_term():
    msgid = "Dask runs each task on a worker."
    missing = check(msgid, "O Dask executa cada trabalho.", TASK, "pt")[0]
    entry = Allowed("pt", "each task on", "task", "a test of the allowlist")
    assert find_allowed((entry,), "pt", msgid, missing) == entry
    assert find_allowed((entry,), "fr", msgid, missing) is None
    assert find_allowed((entry,), "pt", "Another task.", missing) is None
    other = Missing("worker", ("worker",), "prose")
    assert find_allowed((entry,), "pt", msgid, other) is None


def test_a_real_catalog_fails_when_a_term_is_replaced(monkeypatch):
    """The real Portuguese catalogs, with "tarefa(s)" replaced in one message."""
    real = list(messages("pt"))
    index = next(
        i
        for i, (_, msgid, msgstr) in enumerate(real)
        if re.search(r"\btarefas?\b", msgstr) and not check(msgid, msgstr, TASK, "pt")
    )
    catalog, msgid, msgstr = real[index]
    wrong = re.sub(
        r"\b([Tt])arefa(s?)\b",
        lambda m: ("T" if m[1] == "T" else "t") + "rabalho" + m[2],
        msgstr,
    )
    broken = [*real[:index], (catalog, msgid, wrong), *real[index + 1 :]]
    monkeypatch.setitem(globals(), "messages", lambda lang: iter(broken))
    _, problems, _ = inconsistencies("pt")
    assert problems
    assert problems[0].startswith(f"[pt] {catalog}: term 'task': expected one of")
    assert all(p.startswith(f"[pt] {catalog}:") for p in problems), problems


def test_glossary_cells_are_read_strictly():
    term = parse_term("embaralhamento (shuffle) | embaralhamentos")
    assert term.headword == "embaralhamento (shuffle)"
    assert term.forms == ("embaralhamento", "embaralhamentos")
    assert term.code == ()
    term = parse_term("``compute`` (calcular) | calcular")
    assert (term.forms, term.code) == (("calcular",), ("compute",))
    for cell, error in (
        ("tarefa | ", "empty form"),
        ("tarefa | tarefas (plural)", "only the headword may have a gloss"),
        ("`compute`", "malformed form"),
        ("tarefa (a (b))", "malformed form"),
    ):
        with pytest.raises(ValueError, match=re.escape(error)):
            parse_term(cell)
