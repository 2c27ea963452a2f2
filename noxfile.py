"""Tasks: `nox -s docs` builds the site, `nox -s tests` tests it (see README)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.sessions = ["lint", "tests"]
# uv makes the environments in seconds where it is installed (the README's
# test command installs it); else the standard library's venv and pip
nox.options.default_venv_backend = "uv|venv"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
BROWSER_TESTS = ROOT / "tests" / "browser"
LEFTOVERS = ROOT / "tests" / "site" / "test_build_leftovers.py"


def install(session: nox.Session, *groups: str) -> None:
    """The helper package, the site's build package (sitebuild/) and dependency
    groups, pinned by the constraints file."""
    deps = [d for g in groups for d in nox.project.dependency_groups(PYPROJECT, g)]
    session.install(
        "-c",
        str(CONSTRAINTS),
        "-e",
        ".",
        "-e",
        "./sitebuild",
        *deps,
        # uv compiles the bytecode at install, on every core, as pip does;
        # else every process of the tests compiles what it imports first
        env={"UV_COMPILE_BYTECODE": "1"},
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in en, pt, fr and es into docs/_build/html/."""
    install(session)
    session.run("python", "-m", "daskgallery_site.build", "html", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Time cold, no-change and one-example builds; check targets (JSON report)."""
    install(session)
    session.run("python", "-m", "daskgallery_site.bench", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests, then build the site and test the built pages."""
    install(session, "test")
    workers = str(min(4, os.cpu_count() or 1))
    session.run("python", "-m", "pytest", "tests/unit", "-n", workers, *session.posargs)
    session.run("python", "-m", "daskgallery_site.build", "html")
    # alone, right after the build: nothing it started is left
    session.run("python", "-m", "pytest", str(LEFTOVERS), *session.posargs)
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
    # side by side, one module per worker at a time: the downloads run at
    # home, the second build and the browser tests start first, each on a
    # worker of its own (tests/conftest.py collects them first); the other
    # modules go wherever a worker is free
    session.run(
        "python",
        "-m",
        "pytest",
        "tests/site",
        "-n",
        "3",
        "--dist",
        "loadfile",
        "--no-loadscope-reorder",
        "--ignore",
        str(LEFTOVERS),
        *session.posargs,
    )


@nox.session
def build(session: nox.Session) -> None:
    """The helper package's sdist and wheel into dist/, checked (twine check)."""
    session.install("-c", str(CONSTRAINTS), "build", "twine")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT))
    built = sorted(p.name for p in dist.iterdir())
    session.run("twine", "check", "--strict", *[str(dist / n) for n in built])
    # readers get the helper package and only it
    session.run(
        "python",
        "-c",
        "import sys, zipfile; names = {n.split('/')[0] for n in "
        "zipfile.ZipFile(sys.argv[1]).namelist()}; "
        "extra = {n for n in names if not n.startswith('daskgallery')}; "
        "assert not extra and 'daskgallery' in names, names; print(sorted(names))",
        str(next(dist.glob("*.whl"))),
    )


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
    install(session)
    session.run("python", "-m", "daskgallery_site.build", "gettext")


@nox.session(name="i18n-stats")
def i18n_stats(session: nox.Session) -> None:
    """Per language and page: messages, translated share, fuzzy, untranslated."""
    install(session)
    session.run("python", "-m", "daskgallery_site.build", "stats")


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


@nox.session(name="lock", venv_backend="venv")  # pip freeze
def lock(session: nox.Session) -> None:
    """Re-pin requirements/constraints.txt from the newest allowed versions."""
    deps = list(nox.project.dependency_groups(PYPROJECT, "dev"))
    session.install(".", "./sitebuild", *deps)
    frozen = session.run(
        "python", "-m", "pip", "freeze", "--exclude-editable", silent=True
    )
    lines = [ln for ln in frozen.splitlines() if not ln.startswith("daskgallery")]
    header = "# Pinned versions for nox sessions. Regenerate with `nox -s lock`.\n"
    CONSTRAINTS.write_text(header + "\n".join(sorted(lines, key=str.lower)) + "\n")
