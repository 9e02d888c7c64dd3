"""Ctrl+C (SIGINT) and SIGTERM: a command stops at once, in Chinese, never with a traceback,
and loses nothing.

- A signal stops the process at once (``install_stop_at_once`` in the command's first lines,
  ``stopping_at_once`` for a flow run's own message): every process it started is ended, its
  temporary files removed, one Chinese line goes to stderr, exit 130 (SIGINT) or 143
  (SIGTERM). Each step writes whole or not at all, and the next run takes up what was cut
  short. (Raised as KeyboardInterrupt, the signal could land in a weakref callback or a
  ``__del__``: Python printed "Exception ignored" with a traceback and went on.)
- A step whose cut would do something twice (a notice the mail server took, until the ledger
  says so) runs in ``finishing_first``: a signal waits for its end; a second one stops at once.
- Processes a command starts for its work are born deaf to Ctrl+C (``deaf_to_ctrl_c`` around
  their start, ``leave_ctrl_c_to_the_parent`` as their initializer). The terminal signals the
  whole process group, and a worker still importing printed an English traceback: the parent
  alone handles the signal and ends its workers.
- ``serve`` hands both signals to Prefect's runner as KeyboardInterrupt
  (``keyboard_interrupt_handling``): it stops its schedules, then the command its server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = [
    "EXIT_STATUS",
    "deaf_to_ctrl_c",
    "finishing_first",
    "install_stop_at_once",
    "interruptible",
    "keyboard_interrupt_handling",
    "leave_ctrl_c_to_the_parent",
    "removed_if_stopped",
    "stop_at_once",
    "stopping_at_once",
    "take_back_sigterm",
]

SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: What a shell reports for a command ended by the signal.
EXIT_STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}

_state: dict[str, Any] = {
    "message": "错误：已中断。",
    "active": False,  # stopping_at_once is in force in this process
    "holding": 0,  # finishing_first blocks open, in any thread
    "waiting": None,  # a signal that came during one of them
    "notes": [],  # what each open block says while a signal waits for it
    "said": False,  # a note went to stderr
}
_temporary: set[Path] = set()  # files removed_if_stopped is writing
_lock = threading.Lock()  # (never taken by a handler: it runs on top of whatever holds it)


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _set(handler: Any) -> dict[int, Any]:
    """Install ``handler`` for SIGINT and SIGTERM (main thread only); the handlers before."""
    if not _on_main_thread():
        return {}
    return {sig: signal.signal(sig, handler) for sig in SIGNALS}


def _restore(before: dict[int, Any]) -> None:
    for sig, handler in before.items():
        signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


# ---- stop at once -------------------------------------------------------------------------

def _stop_handler(signum: int, frame: FrameType | None) -> None:
    if _state["waiting"] is not None:  # a second signal while a step finishes: stop now
        stop_at_once(signum)
    _state["waiting"] = signum  # (set before looking, so that a block ending now sees it)
    if _state["holding"]:
        notes = _state["notes"]
        if notes:
            os.write(2, f"\n{notes[-1]}（再次中断则立即停止）\n".encode())
            _state["said"] = True
        return
    stop_at_once(signum)


def stop_at_once(signum: int) -> None:
    """End every process this one started, say so in Chinese on stderr, exit 130 or 143."""
    with contextlib.suppress(ValueError):  # (not the main thread: a block ended there)
        for sig in SIGNALS:  # a second Ctrl+C must not cut the stop itself short
            signal.signal(sig, signal.SIG_IGN)
    _end_descendants()
    for path in list(_temporary):
        with contextlib.suppress(OSError):
            path.unlink()
    for stream in (sys.stdout, sys.stderr):  # what the command said so far (a pipe buffers it)
        with contextlib.suppress(Exception):  # (a write the signal cut: reentrant, skipped)
            stream.flush()
    # (os.write: in a flow run with log_prints, print goes to Prefect's logger)
    lead = "" if _state["said"] else "\n"  # (a line of its own after the ^C a terminal shows)
    os.write(2, f"{lead}{_state['message']}\n".encode())
    os._exit(EXIT_STATUS.get(signum, 128 + signum))


@contextlib.contextmanager
def stopping_at_once(message: str) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM stop the process at once with ``message``."""
    before = _set(_stop_handler)
    if not before:  # another thread: its caller's handling stands
        yield
        return
    previous = _state["message"], _state["active"]
    _state.update(message=message, active=True, waiting=None)
    try:
        yield
    finally:
        _restore(before)
        _state["message"], _state["active"] = previous


def install_stop_at_once(message: str) -> None:
    """``stopping_at_once`` for the rest of the process (the command's first lines)."""
    if _set(_stop_handler):
        _state.update(message=message, active=True, waiting=None)


def take_back_sigterm() -> None:
    """A Prefect flow run puts its own SIGTERM handler in place (it winds the run down through
    the API, which took a minute and ended in English errors); while the command stops at
    once, SIGTERM does so inside the flow too."""
    if _state["active"] and _on_main_thread():
        signal.signal(signal.SIGTERM, _stop_handler)


@contextlib.contextmanager
def finishing_first(note: str) -> Iterator[None]:
    """A step that must not be cut: a signal meanwhile waits for its end (``note`` says what
    it waits for); a second signal stops at once."""
    with _lock:
        _state["holding"] += 1
        _state["notes"].append(note)
    try:
        yield
    finally:
        with _lock:
            _state["holding"] -= 1
            _state["notes"].pop()
            due = _state["waiting"] if not _state["holding"] else None
        if due is not None and _state["active"]:
            stop_at_once(due)


def interruptible(wait: Callable[[float], None]) -> Callable[[float], None]:
    """``wait`` (a sleep) as a moment inside ``finishing_first`` where a signal stops at once."""

    def run(seconds: float) -> None:
        with _lock:
            held, notes = _state["holding"], list(_state["notes"])
            _state["holding"], _state["notes"] = 0, []
        try:
            if _state["waiting"] is not None and _state["active"]:
                stop_at_once(_state["waiting"])
            wait(seconds)
        finally:
            with _lock:
                _state["holding"] += held
                _state["notes"][:0] = notes

    return run


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def keyboard_interrupt_handling() -> Iterator[None]:
    """Within the block, Ctrl+C raises KeyboardInterrupt (what Prefect's runner expects) and
    so does SIGTERM, until a library (the runner again) puts its own handler in place."""
    before = _set(_raise_keyboard_interrupt)
    if before:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    active, _state["active"] = _state["active"], False
    try:
        yield
    finally:
        _restore(before)
        _state["active"] = active


@contextlib.contextmanager
def removed_if_stopped(path: Path) -> Iterator[Path]:
    """A temporary file the block writes: a stop meanwhile removes it (a ``finally`` would
    not run)."""
    _temporary.add(path)
    try:
        yield path
    finally:
        _temporary.discard(path)


# ---- worker processes ---------------------------------------------------------------------

@contextlib.contextmanager
def deaf_to_ctrl_c() -> Iterator[None]:
    """Processes started in the block (from this thread, or from threads it starts) inherit a
    blocked SIGINT: no Ctrl+C reaches them before ``leave_ctrl_c_to_the_parent`` runs in them.
    The process itself still gets it (the signal goes to a thread that takes it)."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if signal.SIGINT not in blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def leave_ctrl_c_to_the_parent() -> None:
    """A worker process's initializer: Ctrl+C is its parent's to handle (which ends it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending one is dropped


# ---- the processes this one started -------------------------------------------------------

def _end_descendants() -> None:
    """End the processes this one started and theirs (found through /proc: Linux; elsewhere
    multiprocessing's own children), SIGTERM first, SIGKILL for those slow to go."""
    tree = _descendants()
    # (no import here: the signal may have cut one short; not imported, none was started)
    multiprocessing = sys.modules.get("multiprocessing")
    for child in multiprocessing.active_children() if multiprocessing else ():
        with contextlib.suppress(Exception):
            child.terminate()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in tree:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        give_up = time.monotonic() + 2
        while tree and time.monotonic() < give_up:
            time.sleep(0.05)
            tree = [pid for pid in tree if _state_letter(pid) not in ("", "Z")]  # gone, zombie


def _parents() -> dict[int, int]:
    """pid → parent pid of every process (Linux: /proc; elsewhere none)."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # pid (comm) state ppid …: comm may hold spaces and brackets
            out[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    return out


def _descendants() -> list[int]:
    """Every process this one started, and theirs."""
    parents = _parents()
    found: list[int] = []
    level = [os.getpid()]
    while level:
        level = [pid for pid, parent in parents.items() if parent in level]
        found += level
    # (the semaphore tracker cleans up after the others, and leaves when this process has)
    return [pid for pid in found if b"resource_tracker" not in _command_line(pid)]


def _command_line(pid: int) -> bytes:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    return b""


def _state_letter(pid: int) -> str:
    """A process's state letter (R, S, Z …), "" when it is gone."""
    with contextlib.suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return ""
