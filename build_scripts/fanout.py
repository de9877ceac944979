"""Independent tasks spread over the machine's cores, by forking.

The children inherit the parent's memory (the checked corpus, its views, the compiled templates), so
nothing is loaded twice or sent to them; each task's result comes back, in the order of the tasks.
The collector's objects are frozen before the fork (``gc.freeze``), so the children do not write to
every page of the parent's memory when they collect. A child must not start what the parent's
threads hold (vl-convert's runtime): the site's record pages draw their charts in Python.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNK = 32  # tasks sent to a child at a time: fewer round trips, still even shares at the end
_task: Callable | None = None  # the task of the pool being run: inherited by its children, never pickled
_child = False  # True in a forked child
_children_peak = 0  # bytes: the largest peak RSS the children reported (``children_peak_rss``)


def workers() -> int:
    """How many children to fork: the cores this process may use (``CHS_WORKERS`` overrides: 1 is serial)."""
    configured = os.environ.get("CHS_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_child() -> bool:
    """Whether this process is a child forked by ``map_forked`` (where vl-convert must not start)."""
    return _child


def map_forked(task: Callable[[Item], Result], items: Iterable[Item], processes: int | None = None) -> Results:
    """``task(item)`` for every item, in order; in ``processes`` forked children when there are
    enough items to share (else, or on a system without fork, in this process, as the results are
    read). The children are forked and start at once: the caller may do other work before reading."""
    items = list(items)
    processes = processes or workers()
    if processes < 2 or len(items) < 2 * CHUNK or "fork" not in multiprocessing.get_all_start_methods():
        return Results(map(task, items))
    global _task
    _task = task
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(processes, initializer=_mark_child)
    finally:
        _task = None  # the children have it
        gc.unfreeze()
    chunks = [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
    return Results((result for results in pool.imap(_run, chunks) for result in _peak(*results)), pool)


def children_peak_rss() -> int:
    """The largest peak memory (bytes) a child reported since the last ``reset_peak_rss`` (0 if none)."""
    return _children_peak


def reset_peak_rss() -> None:
    global _children_peak
    _children_peak = 0


def _peak(results: list, peak: int) -> list:
    global _children_peak
    _children_peak = max(_children_peak, peak)
    return results


class Results:
    """The results of ``map_forked``, in order; ``close`` (or a ``with`` block) stops the children
    if the results are not all read (an error elsewhere)."""

    def __init__(self, results: Iterator, pool=None) -> None:
        self._results, self._pool = results, pool

    def __iter__(self) -> Iterator:
        yield from self._results
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mark_child() -> None:
    global _child
    _child = True


def _run(chunk: list) -> tuple[list, int]:
    """A chunk's results and this child's peak memory so far (bytes; Linux counts ru_maxrss in KB)."""
    assert _task is not None
    results = [_task(item) for item in chunk]
    return results, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
