"""Gallery sources keep STYLE's rules: short pages, an exercise per chapter."""

from __future__ import annotations

from pathlib import Path

import pytest

GALLERY = Path(__file__).resolve().parents[2] / "gallery"
PAGES = sorted(GALLERY.glob("*/plot_*.py"))
CHAPTERS = sorted(p for p in GALLERY.iterdir() if (p / "GALLERY_HEADER.rst").is_file())
MAX_LINES = 150
SOLUTION = "# .. solution::"
END = "# .. end-solution::"


def test_the_gallery_has_chapters_and_pages():
    assert len(CHAPTERS) >= 8
    assert len(PAGES) >= 30


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_page_is_at_most_150_lines(page: Path):
    lines = len(page.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{page.name}: {lines} lines (at most {MAX_LINES})"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_an_exercise_with_a_solution(chapter: Path):
    with_solution = []
    for page in chapter.glob("plot_*.py"):
        lines = [line.strip() for line in page.read_text(encoding="utf-8").splitlines()]
        if (
            SOLUTION in lines
            and END in lines
            and lines.index(SOLUTION) < lines.index(END)
        ):
            with_solution.append(page.name)
    assert with_solution, f"{chapter.name}: no page with an exercise and its solution"
