"""Embedded reports: ``.. daskgallery-report:: /path/report.html``.

Written by :func:`daskgallery_site.scrapers.report_scraper` for a self-contained
HTML report (a Dask performance report, Bokeh diagnostics). The page shows the
report in an iframe and offers it as a download; Sphinx copies the file once,
as a download, and the iframe points at that copy. The report's title (the
iframe's ``title``) is translated with ``figures.po``, like the figures.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from daskgallery_site import compat
from daskgallery_site.sphinxext.figures import translated_label
from daskgallery_site.sphinxext.summary import note_report

__all__ = ["setup_reports"]

_ = get_translation("sphinx")


class report_frame(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """An iframe showing a downloadable file of the page."""


class ReportDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {"title": directives.unchanged}  # noqa: RUF012 - docutils API

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        english = self.options.get("title", "Dask report")
        note_report(self.env.app, self.env.docname, target.lstrip("/"), english)
        title = translated_label(self.env.app, english)
        frame = report_frame(reftarget=target, title=title)
        self.set_source_info(frame)
        link = addnodes.download_reference(
            "", "", reftarget=target, refdoc=self.env.docname, refexplicit=True
        )
        link += nodes.literal("", _("Download the report"))
        container = nodes.container(
            "", frame, nodes.paragraph("", "", link), classes=["dg-report"]
        )
        return [container]


def _register_frames(app: Sphinx, doctree: nodes.document) -> None:
    """Give each iframe the downloaded copy's name (as Sphinx's collector does)."""
    docname = app.env.docname
    for frame in doctree.findall(report_frame):
        rel, _abs = app.env.relfn2path(frame["reftarget"], docname)
        frame["filename"] = compat.register_download(app.env, docname, rel)


def _visit_frame(self, node: report_frame) -> None:
    src = compat.download_uri(self.builder, str(node["filename"]))
    title = self.attval(node["title"])
    self.body.append(
        f'<iframe class="dg-report-frame" src="{src}" title="{title}" '
        'loading="lazy"></iframe>\n'
    )
    raise nodes.SkipNode


def setup_reports(app: Sphinx) -> None:
    app.add_node(report_frame, html=(_visit_frame, None))
    app.add_directive("daskgallery-report", ReportDirective)
    # after Sphinx's download collector (priority 500)
    app.connect("doctree-read", _register_frames, priority=600)
