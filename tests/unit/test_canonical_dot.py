"""daskgallery_site.canonical_dot: the same task graph, the same DOT text."""

from __future__ import annotations

import itertools
import os
import random
import re
import subprocess
import sys
from collections import Counter

import dask
import dask.dot
import pytest
from daskgallery_site.canonical_dot import canonical_dot
from daskgallery_site.capture import capture_visualize


def delayed_graph():
    """A graph with random keys (impure ``delayed``) and shared inputs."""

    @dask.delayed
    def inc(x):
        return x + 1

    @dask.delayed
    def add(x, y):
        return x + y

    xs = [inc(i) for i in range(4)]
    return dask.delayed(sum)([add(a, b) for a, b in itertools.pairwise(xs)])


def dask_dot(obj) -> str:
    return dask.dot.to_graphviz(dict(obj.__dask_graph__())).source


def shuffled(source: str, seed: int) -> str:
    """The same graph: nodes renamed at random, statements in a random order."""
    rng = random.Random(seed)
    lines = source.strip().split("\n")
    header = [ln for ln in lines[1:-1] if re.match(r"\t(graph|node|edge) \[", ln)]
    body = [ln for ln in lines[1:-1] if ln not in header]
    ids = sorted(set(re.findall(r"(?<=\t)-?\d+|(?<=-> )-?\d+", source)))
    names = dict(zip(ids, rng.sample(range(10**6), len(ids)), strict=True))
    rng.shuffle(body)
    renamed = [
        re.sub(r"(?<=\t)-?\d+|(?<=-> )-?\d+", lambda m: str(names[m[0]]), ln)
        for ln in body
    ]
    return "\n".join([lines[0], *header, *renamed, "}"])


def structure(source: str) -> tuple[Counter, Counter]:
    """Labels of the nodes and (label, label) of the edges, names ignored."""
    labels = dict(re.findall(r"(?m)^\t(\S+) \[label=(\S*)", source))
    edges = re.findall(r"(?m)^\t(\S+) -> (\S+)$", source)
    return Counter(labels.values()), Counter((labels[a], labels[b]) for a, b in edges)


def test_a_graph_with_random_keys_gives_the_same_text_every_time():
    first, second = dask_dot(delayed_graph()), dask_dot(delayed_graph())
    assert first != second  # Dask's own text changes from run to run
    assert canonical_dot(first) == canonical_dot(second)


@pytest.mark.parametrize("seed", range(5))
def test_names_and_order_do_not_matter(seed):
    source = dask_dot(delayed_graph())
    assert canonical_dot(shuffled(source, seed)) == canonical_dot(source)


def test_the_graph_itself_is_unchanged():
    source = dask_dot(delayed_graph())
    canonical = canonical_dot(source)
    assert structure(canonical) == structure(source)
    assert canonical.count("\n") == source.count("\n")
    declared = re.findall(r"(?m)^\t(n\d+) \[", canonical)
    assert declared == [f"n{i}" for i in range(len(declared))]


def test_different_graphs_stay_different():
    one = dask_dot(delayed_graph())
    other = dask_dot(dask.delayed(sum)([dask.delayed(abs)(i) for i in range(3)]))
    assert canonical_dot(one) != canonical_dot(other)


@pytest.mark.parametrize(
    "source",
    [
        "digraph { a -> b }",
        "digraph {\n\ta -> b\n\tnode [shape=box]\n\tc\n}",
        "digraph {\n\tsubgraph cluster_0 {\n\t\ta\n\t}\n}",
        "graph {\n\ta -- b\n}",
    ],
)
def test_other_dot_text_is_left_as_it_is(source):
    assert canonical_dot(source) == source


SVG_OF_AN_ARRAY_GRAPH = (
    "import dask.array as da\n"
    "from daskgallery_site.capture import capture_visualize\n"
    "x = da.ones((6, 6), chunks=3)\n"
    "with capture_visualize():\n"
    "    print((x + x.T).sum().visualize().svg)\n"
)


def test_the_picture_is_the_same_in_two_python_processes():
    """Array keys are hashed with a per-process seed: the pictures still match."""
    svgs = [
        subprocess.run(
            [sys.executable, "-c", SVG_OF_AN_ARRAY_GRAPH],
            env={**os.environ, "PYTHONHASHSEED": seed, "DASKGALLERY_GRAPHVIZ": "wasm"},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for seed in ("1", "2")
    ]
    assert svgs[0].startswith("<svg")
    assert svgs[0] == svgs[1]


def test_visualize_in_the_gallery_draws_the_same_picture_every_time(monkeypatch):
    monkeypatch.setenv("DASKGALLERY_GRAPHVIZ", "wasm")
    with capture_visualize():
        first = delayed_graph().visualize().svg
        second = delayed_graph().visualize().svg
    assert first == second
