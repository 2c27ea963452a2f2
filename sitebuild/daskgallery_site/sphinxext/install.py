"""The one command that installs what a downloaded page needs.

Readers run the downloads with nothing but ``pip``: the site ships the helper
package's wheel (``<site>/wheels/daskgallery-<version>-py3-none-any.whl``,
built by :mod:`daskgallery_site.build` from the same sources as the pages),
and every place a reader may start from shows the command that installs it:

- the ``.. daskgallery-install::`` directive (the install page);
- the download area at the bottom of each example page;
- the first lines of each download: the ``.py``'s header comment and the
  ``.ipynb``'s first cell (see :mod:`daskgallery_site.sphinxext.downloads`).

The address is written from ``daskgallery_base_url``, so the command is right
wherever the site is published. Texts come from the interface catalog
(``sphinx.po``), so they are in the page's language.
"""

from __future__ import annotations

from importlib.metadata import version

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

__all__ = [
    "WHEELS",
    "command_for",
    "install_command",
    "notebook_install_cell",
    "script_header",
    "wheel_name",
]

_ = get_translation("sphinx")

#: The folder of the site (beside the language folders) that holds the wheel.
WHEELS = "wheels"
PACKAGE = "daskgallery"


def wheel_name(package_version: str | None = None) -> str:
    """File name of the helper package's wheel (pure Python, any platform)."""
    package_version = package_version or version(PACKAGE)
    if not package_version or any(c in package_version for c in "-/ "):
        raise ValueError(f"not a package version: {package_version!r}")
    return f"{PACKAGE}-{package_version}-py3-none-any.whl"


def wheel_url(base_url: str, package_version: str | None = None) -> str:
    """Address of the wheel on the published site."""
    if not base_url.startswith(("https://", "http://", "file://")):
        raise ValueError(f"base_url must be an http(s) or file URL, got {base_url!r}")
    return f"{base_url.rstrip('/')}/{WHEELS}/{wheel_name(package_version)}"


def install_command(base_url: str, package_version: str | None = None) -> str:
    """``python -m pip install <wheel address>``."""
    return f"python -m pip install {wheel_url(base_url, package_version)}"


def _texts() -> dict[str, str]:
    # Translators: each text opens the downloads and follows the download
    # buttons, with the install command (a shell command) after it.
    return {
        # Translators: Downloads and download area: the install command follows.
        "lead": _("Run this page at home: one command installs what it needs."),
        # Translators: Downloads and download area: the install command follows.
        "python": _("You need Python 3.11 or newer, and nothing else."),
        # Translators: Downloads and download area: the install command follows.
        "data": _("The data sets are built on first use, in a cache folder."),
        # Translators: Downloads and download area: the install command follows.
        "run": _("Then run the script:"),
        # Translators: Downloads and download area: the install command follows.
        "web": _("This page on the web:"),
    }


def script_header(command: str, page_url: str, script_name: str) -> str:
    """The comment lines that open a downloaded ``.py`` (in the build's language)."""
    t = _texts()
    lines = [
        t["lead"],
        t["python"],
        "",
        f"    {command}",
        "",
        f"{t['run']} python {script_name}",
        t["data"],
        f"{t['web']} {page_url}",
    ]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines) + "\n"


def notebook_install_cell(command: str, page_url: str) -> str:
    """Markdown of the first cell of a downloaded notebook."""
    t = _texts()
    return (
        f"**{t['lead']}** {t['python']}\n\n```bash\n{command}\n```\n\n"
        f"{t['data']}\n\n{t['web']} <{page_url}>"
    )


def command_for(app: Sphinx) -> str | None:
    """The install command of this site; None where it has no address
    (``daskgallery_base_url`` empty: a test project, not a published site)."""
    base = app.config.daskgallery_base_url
    return install_command(base) if base else None


class InstallDirective(SphinxDirective):
    """``.. daskgallery-install::``: the install command, as a shell block."""

    def run(self) -> list[nodes.Node]:
        command = command_for(self.env.app)
        if command is None:
            raise self.error("daskgallery_base_url is not set: no address to show")
        block = nodes.literal_block(command, command, language="bash")
        return [block]


def add_to_download_area(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: the install command under the download buttons of an
    example, and of the gallery (its "download all" zips)."""
    command = command_for(app)
    if command is None:
        return
    for footer in doctree.findall(nodes.container):
        classes = footer.get("classes", [])
        if not {"sphx-glr-footer-example", "sphx-glr-footer-gallery"} & set(classes):
            continue
        note = nodes.container(classes=["dg-install"])
        texts = _texts()
        note += nodes.paragraph(text=f"{texts['lead']} {texts['python']}")
        note += nodes.literal_block(command, command, language="bash")
        footer += note
        return


def setup_install(app: Sphinx) -> None:
    app.add_directive("daskgallery-install", InstallDirective)
    app.connect("doctree-resolved", add_to_download_area)
