"""Our frame threads and the soundtrack's ffmpeg give way to x264.

x264's frame threads wait on each other (a frame's rows need the rows of the frame it
references), so on two cores x264 alone leaves ~11 % of the CPU idle. At the same
priority our composer took its share whenever it was ready, x264 stalled behind it, and
the render kept the cores ~90 % busy. At nice +10 the composer runs mostly in x264's
gaps instead: the reference job keeps them ~94 % busy and finishes ~4 % sooner
(docs/renderer.md). The frame ring ahead of ffmpeg (frames.py) is what lets a
lower-priority composer fall behind for a moment without x264 ever waiting for a frame.

Why +10 and not the idle class: with every core busy with other programs, a composer at
+19 or SCHED_IDLE would get almost nothing and the render would crawl; at +10 it still
gets about a tenth of a core against each of them.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

NICE = 10  # below the process's own priority: a render started under `nice` keeps the gap
_LOWEST = 19


def lowered() -> int:
    """The nice value our helpers run at: the process's own plus NICE, at most 19."""
    return min(_LOWEST, os.getpriority(os.PRIO_PROCESS, os.getpid()) + NICE)


def _lower(who: int) -> None:
    """Nice ``who`` (a Linux thread id or a process id) to lowered(); one already lower stays."""
    # OSError: a sandbox that forbids it (render at normal priority), or a process that
    # has finished already.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, who, max(lowered(), os.getpriority(os.PRIO_PROCESS, who)))


def yield_to_encoder() -> None:
    """Lower the calling thread's priority to lowered() (or leave it if already lower).

    Linux only: there nice is per thread, so ffmpeg, started from another thread, keeps
    its priority, and threads and processes this thread starts inherit the lower one.
    Elsewhere a thread id is not a process id and this does nothing."""
    if sys.platform.startswith("linux"):
        _lower(threading.get_native_id())


def lower_process(pid: int) -> None:
    """lowered() for a helper process we started (the soundtrack's ffmpeg), for the same
    reason: it should take what x264 leaves. On Linux it was started from a lowered
    thread and has it already; this is for the other POSIX systems. Elsewhere a no-op."""
    if hasattr(os, "setpriority"):
        _lower(pid)
