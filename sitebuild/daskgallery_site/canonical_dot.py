"""The same task graph gives the same DOT text, so the same picture, every time.

Dask names the nodes of the DOT source it draws with ``hash()`` of the task
keys, and many keys end in a random token (``sum-<uuid>``): the names change
from one run to the next. The order in which nodes and edges are listed comes
from iterating over sets of such keys, so it changes too, and Graphviz lays the
same graph out differently. :func:`canonical_dot` lists the nodes in an order
that depends only on the graph's shape and labels, and names them ``n0``,
``n1``, ... in that order.

The order is found by colour refinement (Weisfeiler-Lehman): a node's colour is
its attributes, then, round after round, its colour together with the colours
of its inputs and outputs, until no class of nodes splits any more. Nodes that
still share a colour are then told apart one at a time (the first of the
smallest such class gets a colour of its own) and the colours refined again.
Nodes left sharing a colour at that stage are interchangeable in the drawings
Dask makes (mirror images, like the two inputs of an ``add``), so whichever
comes first, the text is the same.

>>> a = "digraph {\\n\\t7 [label=inc]\\n\\t7 -> 3\\n\\t3 [label=sum]\\n}"
>>> b = "digraph {\\n\\t-5 [label=sum]\\n\\t9 [label=inc]\\n\\t9 -> -5\\n}"
>>> canonical_dot(a) == canonical_dot(b)
True
>>> canonical_dot(a).splitlines()
['digraph {', '\\tn0 [label=inc]', '\\tn0 -> n1', '\\tn1 [label=sum]', '}']
"""

from __future__ import annotations

import re
from collections import defaultdict

__all__ = ["canonical_dot"]

_ID = (
    r'(?:-?(?:\.\d+|\d+(?:\.\d*)?)|"(?:[^"\\]|\\.)*"'
    r"|[A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*)"
)
_EDGE = re.compile(rf"\t(?P<a>{_ID}) -> (?P<b>{_ID})(?: \[(?P<attrs>.*)\])?")
_NODE = re.compile(rf"\t(?P<id>{_ID})(?: \[(?P<attrs>.*)\])?")
_DEFAULTS = re.compile(r"\t(?:graph|node|edge) \[.*\]", re.IGNORECASE)
_KEYWORDS = {"graph", "node", "edge", "digraph", "subgraph", "strict"}

Edge = tuple[str, str, str]  # (from, to, attributes)


def _parse(source: str) -> tuple[list[str], dict[str, str | None], list[Edge]] | None:
    """Header lines, nodes (id -> attributes) and edges; None if not understood."""
    lines = source.strip("\n").split("\n")
    if len(lines) < 2 or lines[0] != "digraph {" or lines[-1] != "}":
        return None
    header: list[str] = [lines[0]]
    nodes: dict[str, str | None] = {}
    edges: list[Edge] = []
    for line in lines[1:-1]:
        if edge := _EDGE.fullmatch(line):
            for end in (edge["a"], edge["b"]):
                nodes.setdefault(end, None)
            edges.append((edge["a"], edge["b"], edge["attrs"] or ""))
        elif _DEFAULTS.fullmatch(line):
            if nodes:  # defaults apply to what follows: keep the order as it is
                return None
            header.append(line)
        elif (node := _NODE.fullmatch(line)) and node["id"].lower() not in _KEYWORDS:
            if nodes.get(node["id"]) is not None:
                return None  # declared twice: not the DOT Dask writes
            nodes[node["id"]] = node["attrs"] or ""
        else:
            return None
    return header, nodes, edges


def _ranks(signatures: dict[str, object]) -> dict[str, int]:
    """Number the distinct signatures in sorted order: canonical colours."""
    order = {s: i for i, s in enumerate(sorted(set(signatures.values())))}
    return {n: order[s] for n, s in signatures.items()}


def _refine(
    colours: dict[str, int],
    inputs: dict[str, list[tuple[str, str]]],
    outputs: dict[str, list[tuple[str, str]]],
) -> dict[str, int]:
    classes = len(set(colours.values()))
    while True:
        refined = _ranks(
            {
                n: (
                    colours[n],
                    tuple(sorted((colours[m], a) for m, a in inputs[n])),
                    tuple(sorted((colours[m], a) for m, a in outputs[n])),
                )
                for n in colours
            }
        )
        now = len(set(refined.values()))
        if now == classes:
            return refined
        colours, classes = refined, now


def canonical_dot(source: str) -> str:
    """``source`` with its nodes in a canonical order, named ``n0``, ``n1``, ...

    DOT text in another form than Dask's (subgraphs, defaults set between
    nodes, ...) is returned unchanged.
    """
    parsed = _parse(source)
    if parsed is None:
        return source
    header, nodes, edges = parsed
    inputs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    outputs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b, attrs in edges:
        outputs[a].append((b, attrs))
        inputs[b].append((a, attrs))
    colours = _refine(
        _ranks({n: (attrs is None, attrs or "") for n, attrs in nodes.items()}),
        inputs,
        outputs,
    )
    while len(set(colours.values())) < len(colours):
        members: dict[int, list[str]] = defaultdict(list)
        for n, colour in colours.items():  # in the order of the source
            members[colour].append(n)
        tied = min(
            (c for c, ns in members.items() if len(ns) > 1),
            key=lambda c: (len(members[c]), c),
        )
        chosen = members[tied][0]
        colours = {n: 2 * c + (n == chosen) for n, c in colours.items()}
        colours = _refine(colours, inputs, outputs)
    name = {n: f"n{colours[n]}" for n in nodes}
    body = []
    for n in sorted(nodes, key=colours.__getitem__):
        if nodes[n] is not None:
            attrs = nodes[n]
            body.append(f"\t{name[n]} [{attrs}]" if attrs else f"\t{name[n]}")
        for b, attrs in sorted(outputs[n], key=lambda e: (colours[e[0]], e[1])):
            edge = f"\t{name[n]} -> {name[b]}"
            body.append(f"{edge} [{attrs}]" if attrs else edge)
    return "\n".join([*header, *body, "}"]) + "\n"
