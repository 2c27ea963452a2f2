"""daskgallery_site.peak_memory: the process tree's peak, for sphinx-gallery."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
import time

import pytest
from daskgallery_site.peak_memory import MIB, PeakMemory, tree_memory
from sphinx.config import is_serializable
from sphinx.util._serialise import stable_hash

#: A Python program that holds ``argv[1]`` MiB of touched memory (resident,
#: unlike zero pages) until its standard input closes.
HOLD = (
    "import sys\n"
    "block = b'x' * (int(sys.argv[1]) * 2**20)\n"
    "print('ready', flush=True)\n"
    "sys.stdin.read()\n"
)
#: The same, one level down: a child that starts the holder and waits for it.
HOLD_IN_GRANDCHILD = (
    "import subprocess, sys\n"
    f"hold = {HOLD!r}\n"
    "p = subprocess.Popen([sys.executable, '-c', hold, sys.argv[1]],"
    " stdout=sys.stdout)\n"
    "sys.exit(p.wait())\n"
)


def start_holder(program: str, mib: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", program, str(mib)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def stop_holder(proc: subprocess.Popen) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0
    assert proc.stdout is not None
    proc.stdout.close()


@pytest.mark.parametrize(
    "program", [HOLD, HOLD_IN_GRANDCHILD], ids=["child", "grandchild"]
)
def test_tree_memory_counts_descendants(program):
    before = tree_memory()
    proc = start_holder(program, 200)
    try:
        during = tree_memory()
    finally:
        stop_holder(proc)
    assert during - before > 180 * MIB, (before / MIB, during / MIB)


def test_the_peak_of_a_child_process_that_has_exited_is_counted():
    hook = PeakMemory(interval=0.02)
    baseline, _ = hook(lambda: None)

    def run_a_child():
        proc = start_holder(HOLD, 300)
        time.sleep(0.3)  # several samples while it holds its memory
        stop_holder(proc)
        return "done"

    peak, value = hook(run_a_child)
    assert value == "done"
    assert peak - baseline > 250, (baseline, peak)


def test_a_temporary_in_this_process_is_seen_while_the_call_runs():
    hook = PeakMemory(interval=0.02)
    baseline, _ = hook(lambda: None)

    def temporary():
        block = b"x" * (300 * MIB)
        time.sleep(0.3)
        return len(block)

    peak, value = hook(temporary)
    assert value == 300 * MIB
    assert peak - baseline > 250, (baseline, peak)
    # freed once the call returned: a new call starts from the baseline again
    again, _ = hook(lambda: None)
    assert again - baseline < 100, (baseline, again)


def test_errors_propagate_and_the_sampler_stops():
    def fail():
        raise KeyError("from the example")

    threads = threading.active_count()
    with pytest.raises(KeyError, match="from the example"):
        PeakMemory()(fail)
    assert threading.active_count() == threads


def test_the_hook_is_a_stable_configuration_value():
    """Sphinx caches it and finds it unchanged from one build to the next."""
    hook = PeakMemory()
    copy = pickle.loads(pickle.dumps(hook))
    assert copy == hook
    assert is_serializable({"show_memory": hook})
    assert stable_hash({"show_memory": hook}) == stable_hash({"show_memory": copy})
    assert PeakMemory(interval=0.5) != hook


@pytest.mark.parametrize("bad", [0, -1, 2, True, "fast"])
def test_bad_interval(bad):
    with pytest.raises(
        ValueError, match=rf"interval must be between 0.001 and 1 second, got {bad!r}"
    ):
        PeakMemory(interval=bad)
