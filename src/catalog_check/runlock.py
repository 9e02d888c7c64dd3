"""A lock file that keeps two runs of one flow (intake, notify) from overlapping."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType
from typing import IO

__all__ = ["LockBusyError", "RunLock"]


class LockBusyError(RuntimeError):
    """Another run holds the lock (the message is Chinese)."""


class RunLock:
    """An exclusive lock on the file ``path`` so that two runs of one flow never overlap.

    Taken with a non-blocking ``flock`` tried until ``timeout`` seconds have passed, then
    :class:`LockBusyError` saying ``busy`` (其他流程正在运行). The lock goes with the
    process: a crashed run never leaves it held.
    """

    def __init__(self, path: Path, busy: str, *, timeout: float = 0.0, poll: float = 0.1) -> None:
        self.path = path
        self.busy = busy
        self.timeout = timeout
        self.poll = poll
        self._fh: IO[str] | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fh is not None

    def acquire(self) -> None:
        """Take the lock or raise LockBusyError after the timeout."""
        if self._fh is not None:
            raise RuntimeError("lock already held")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + self.timeout
        while True:
            if _try_lock(fh):
                break
            if time.monotonic() >= deadline:
                fh.close()
                raise LockBusyError(f"{self.busy}（锁文件 {self.path}），本次跳过")
            time.sleep(self.poll)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        """Release the lock (the file stays; removing it would race with the next run)."""
        if self._fh is None:
            return
        _unlock(self._fh)
        self._fh.close()
        self._fh = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


try:
    import fcntl

    def _try_lock(fh: IO[str]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fh: IO[str]) -> bool:
        fh.seek(0)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
