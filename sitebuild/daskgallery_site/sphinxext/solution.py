"""Collapsed exercise solutions whose code is executed like any other block.

In a gallery script, the text block before a solution ends with
``.. solution::`` and the text block after it starts with
``.. end-solution::``. Everything between the two markers (the solution's
code, its output and images) is wrapped in a ``<details>`` element that the
reader opens on purpose. The summary ("Solution") is translated.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

__all__ = ["setup_solutions"]

_ = get_translation("sphinx")


class solution(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A collapsed solution: ``<details>`` with a translated summary."""


class solution_start(nodes.General, nodes.Element):  # noqa: N801
    pass


class solution_end(nodes.General, nodes.Element):  # noqa: N801
    pass


class SolutionDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = solution_start()
        self.set_source_info(node)
        return [node]


class EndSolutionDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [solution_end()]


class WrapSolutions(SphinxTransform):
    """Move the nodes between the markers into a ``solution`` node."""

    default_priority = 880

    def apply(self, **kwargs: object) -> None:
        for start in list(self.document.findall(solution_start)):
            parent = start.parent
            index = parent.index(start)
            # the end marker is the first one after the start, at any depth of
            # the following siblings (a text block may open a new section)
            wrapper = solution()
            wrapper.source, wrapper.line = start.source, start.line
            moved = []
            end = None
            for sibling in parent.children[index + 1 :]:
                ends = list(sibling.findall(solution_end))
                if ends:
                    end = ends[0]
                    break
                moved.append(sibling)
            if end is None:
                raise ValueError(
                    f"{start.source}:{start.line}: `.. solution::` without a "
                    "following `.. end-solution::`"
                )
            for node in moved:
                parent.remove(node)
                wrapper += node
            parent.replace(start, wrapper)
            end.parent.remove(end)


def _visit_solution(self, node: solution) -> None:
    self.body.append('<details class="dg-solution">')
    label = _("Solution")  # not inside the f-string: Babel extracts it from here
    self.body.append(f"<summary>{self.encode(label)}</summary>\n")


def _depart_solution(self, node: solution) -> None:
    self.body.append("</details>\n")


def _skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_solutions(app: Sphinx) -> None:
    app.add_node(
        solution,
        html=(_visit_solution, _depart_solution),
        text=(lambda s, n: None, lambda s, n: None),
    )
    app.add_node(solution_start, html=(_skip, None))
    app.add_node(solution_end, html=(_skip, None))
    app.add_directive("solution", SolutionDirective)
    app.add_directive("end-solution", EndSolutionDirective)
    app.add_transform(WrapSolutions)
