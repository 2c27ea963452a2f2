"""Tasks: `nox -s docs` builds the site, `nox -s tests` tests it (see README)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.sessions = ["lint", "tests"]
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
BROWSER_TESTS = ROOT / "tests" / "browser"


def install(session: nox.Session, *groups: str) -> None:
    """The helper package plus dependency groups, pinned by the constraints file."""
    deps = [d for g in groups for d in nox.project.dependency_groups(PYPROJECT, g)]
    session.install("-c", str(CONSTRAINTS), "-e", ".", *deps)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in en, pt, fr and es into docs/_build/html/."""
    install(session, "docs")
    session.run("python", "docs/build_site.py", "html", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Time cold, no-change and one-example builds; check targets (JSON report)."""
    install(session, "docs")
    session.run("python", "docs/bench_site.py", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests, then build the site and test the built pages."""
    install(session, "test")
    session.run("python", "-m", "pytest", "-m", "not build", *session.posargs)
    session.run("python", "docs/build_site.py", "html")
    # axe-core for the browser tests (which run Debian's Chromium, never a
    # downloaded one); without npm they skip, or fail when CI=true
    if shutil.which("npm"):
        session.run(
            "npm",
            "ci",
            "--prefix",
            str(BROWSER_TESTS),
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            external=True,
        )
    else:
        session.warn("npm not found: the accessibility tests cannot run")
    session.run("python", "-m", "pytest", "-m", "build", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format) and sphinx-lint on the docs and the catalogs."""
    install(session, "dev")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run(
        "sphinx-lint",
        "docs",
        "gallery",
        "-i",
        "docs/examples",
        "-i",
        "docs/_build",
    )


@nox.session
def i18n(session: nox.Session) -> None:
    """Extract the messages and update the pt, fr and es catalogs."""
    install(session, "docs")
    session.run("python", "docs/build_site.py", "gettext")


@nox.session(name="i18n-stats")
def i18n_stats(session: nox.Session) -> None:
    """Per language and page: messages, translated share, fuzzy, untranslated."""
    install(session, "docs")
    session.run("python", "docs/build_site.py", "stats")


@nox.session(python=False)
def serve(session: nox.Session) -> None:
    """Serve the built site on http://127.0.0.1:8000/ (build it first)."""
    session.run(
        "python",
        "-m",
        "http.server",
        "8000",
        "--bind",
        "127.0.0.1",
        "--directory",
        "docs/_build/html",
        external=True,
    )


@nox.session(name="lock")
def lock(session: nox.Session) -> None:
    """Re-pin requirements/constraints.txt from the newest allowed versions."""
    deps = list(nox.project.dependency_groups(PYPROJECT, "dev"))
    session.install(".", *deps)
    frozen = session.run(
        "python", "-m", "pip", "freeze", "--exclude-editable", silent=True
    )
    lines = [ln for ln in frozen.splitlines() if not ln.startswith("daskgallery")]
    header = "# Pinned versions for nox sessions. Regenerate with `nox -s lock`.\n"
    CONSTRAINTS.write_text(header + "\n".join(sorted(lines, key=str.lower)) + "\n")
