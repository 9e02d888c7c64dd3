"""Moving a file to a new name without ever replacing another file."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

__all__ = ["fsync_dir", "place"]

_NO_LINK = {errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK}


def fsync_dir(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (a no-op where directories cannot be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_NAME_MAX = 255  # bytes in a file name on Linux, macOS and Windows file systems


def numbered(target: Path, n: int) -> Path:
    """``target`` itself for n = 0, else the same name with ``-n`` before the suffix, its stem
    cut short when the name would pass 255 bytes (a long name submitted twice)."""
    if n == 0:
        return target
    stem, suffix = target.stem, target.suffix
    if len(os.fsencode(suffix)) > 16:  # no extension, but a dot in a long name (a.bbb…)
        stem, suffix = target.name, ""
    tail = f"-{n}{suffix}"
    room = _NAME_MAX - len(os.fsencode(tail))
    while stem and len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return target.with_name(stem + tail)


def place(source: Path, target: Path) -> Path:
    """Move ``source`` to ``target`` (or target-1, -2 … when taken) and return where it went.

    A hard link fails when the name exists, so there is no check-then-rename race; across
    file systems (or where links are refused) the file is moved after a check instead. When
    ``source`` cannot be removed (its folder is read-only) nothing is left at ``target`` and
    the OSError is raised.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for n in range(10_000):
        candidate = numbered(target, n)
        try:
            os.link(source, candidate)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in _NO_LINK:
                raise
            if candidate.exists():
                continue
            try:
                shutil.move(source, candidate)
            except OSError:  # copied, but the source cannot go: no second copy is left
                if source.exists():
                    candidate.unlink(missing_ok=True)
                raise
        else:
            try:
                source.unlink()
            except OSError:  # (a folder we may read but not change): no second name is left
                candidate.unlink(missing_ok=True)
                raise
        fsync_dir(candidate.parent)
        return candidate
    raise FileExistsError(f"同名文件过多：{target}")
