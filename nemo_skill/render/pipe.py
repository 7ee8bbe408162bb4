"""Frames into ffmpeg's stdin pipe by reference (Linux ``vmsplice``) instead of by copy.

A ``write`` copies every 3 MB 1080p frame into the pipe's own pages before ffmpeg copies it
out again: ~0.8 ms of our CPU per frame. ``vmsplice`` hands the pipe references to the
frame's pages instead, so the only copy left is ffmpeg's read. The price: the frame's
memory must not change until ffmpeg has read it. The pipe is first-in first-out and holds
at most its capacity, so once the *next* frame (at least as large as the pipe) has been
spliced, every page of this one has been read: :class:`FrameSender` hands back a frame for
reuse only then.

Anywhere ``vmsplice`` is missing or refused (another OS, a seccomp filter, a pipe wider
than a frame), frames are written the ordinary way and handed back at once.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import sys
from collections.abc import Callable

import numpy as np

_F_GETPIPE_SZ = getattr(fcntl, "F_GETPIPE_SZ", 1032)  # Python < 3.10 lacks the name; Linux's value


class _IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


_Splice = Callable[[int, "ctypes._Pointer[_IoVec]", int, int], int]


def _libc_vmsplice() -> _Splice | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).vmsplice  # CDLL calls release the GIL
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.POINTER(_IoVec), ctypes.c_size_t, ctypes.c_uint]
    fn.restype = ctypes.c_ssize_t
    return fn


def _pipe_capacity(fd: int) -> int | None:
    try:
        return int(fcntl.fcntl(fd, _F_GETPIPE_SZ))
    except OSError:
        return None


class FrameSender:
    """Sends whole frames to a pipe; ``send`` returns the frame that may be reused now."""

    def __init__(self, fd: int, frame_bytes: int) -> None:
        self.fd = fd
        capacity = _pipe_capacity(fd)
        # A pipe wider than a frame could still hold pages of frames older than the last one.
        fits = capacity is not None and frame_bytes >= capacity
        self._splice = _libc_vmsplice() if fits else None
        self._held: np.ndarray | None = None

    @property
    def by_reference(self) -> bool:
        return self._splice is not None

    def send(self, frame: np.ndarray) -> np.ndarray | None:
        """Queue ``frame`` (C-contiguous uint8) for the reader; raise OSError (EPIPE when the
        reader is gone). Returns a frame the caller may overwrite again, or None."""
        if self._splice is not None and self._spliced(frame):
            done, self._held = self._held, frame
            return done
        view = frame.data.cast("B")
        while view:
            view = view[os.write(self.fd, view) :]
        return frame

    def _spliced(self, frame: np.ndarray) -> bool:
        """Splice all of ``frame``; False (nothing sent) when the kernel refuses vmsplice."""
        assert self._splice is not None
        addr, left = frame.ctypes.data, frame.nbytes
        first = True
        while left:
            iov = _IoVec(addr, left)
            n = self._splice(self.fd, ctypes.pointer(iov), 1, 0)
            if n < 0:
                err = ctypes.get_errno()
                if err == errno.EINTR:
                    continue
                if first and err in (errno.ENOSYS, errno.EPERM, errno.EINVAL):
                    self._splice = None  # refused outright: fall back to write for good
                    return False
                raise OSError(err, os.strerror(err))
            first = False
            addr += n
            left -= n
        return True

    def release(self) -> np.ndarray | None:
        """After the pipe is closed: the frame still held for the reader, now free."""
        done, self._held = self._held, None
        return done
