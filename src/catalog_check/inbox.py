"""The inbox: finding dropped files, waiting until they are settled, archiving and moving them.

Nothing here deletes a submitted file: the archive keeps an immutable copy named by content
hash, and a processed file is moved from ``inbox/`` to ``processed/`` (same subfolder), so
the inbox only holds what is still to be done while every original stays on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from catalog_check.files import shown_name
from catalog_check.placing import fsync_dir, place
from catalog_check.runlock import LockBusyError, RunLock

__all__ = [
    "LOCK_NAME",
    "ArchiveError",
    "IntakeLock",
    "LockBusyError",
    "archive_dropped",
    "archive_path_for",
    "audit_group_of",
    "is_ignored",
    "linked",
    "move_out",
    "passed_over",
    "scan",
    "settled",
    "sha256_dropped",
    "sha256_file",
]

LOCK_NAME = ".intake.lock"
_CHUNK = 1 << 20


class ArchiveError(OSError):
    """The archive copy could not be made safely (the message is Chinese)."""


def is_ignored(name: str) -> bool:
    """True for hidden names (``.…``) and Office lock files (``~$…``)."""
    return name.startswith((".", "~$"))


def scan(inbox: Path) -> list[Path]:
    """Every file under ``inbox`` (any depth) except hidden ones and Office lock files, sorted.

    Symbolic links are skipped: intake reads only what was dropped into the folder itself.
    """
    found = [path for path in _files(inbox)
             if not is_ignored(path.name) and not path.is_symlink() and path.is_file()]
    return sorted(found, key=lambda p: p.relative_to(inbox).parts)


def _walk(inbox: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk of ``inbox`` through the folders that are not hidden (none when it is absent)."""
    if not inbox.is_dir():
        return
    for folder, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        yield folder, dirs, files


def _files(inbox: Path) -> Iterator[Path]:
    """Every name under ``inbox`` in a folder that is not hidden (files, links, pipes)."""
    for folder, _, files in _walk(inbox):
        for name in files:
            yield Path(folder, name)


#: Bigger than any Office lock file (~$名单.xlsx holds an owner's name: 165 bytes).
_LOCK_FILE_BYTES = 4096
_SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".et")


def passed_over(inbox: Path) -> list[Path]:
    """Files scan leaves out that look like a submission all the same: a ~$ name too big for
    an Office lock file, a hidden name with a spreadsheet's suffix (not macOS's ._ copies),
    however small.
    Intake names them so that a list renamed by mistake does not wait unseen for ever."""
    found: list[Path] = []
    for path in _files(inbox):
        name = path.name
        if not is_ignored(name) or name.startswith("._"):
            continue
        with contextlib.suppress(OSError):
            st = path.lstat()
            lock_file = name.startswith("~$") and st.st_size <= _LOCK_FILE_BYTES
            if stat.S_ISREG(st.st_mode) and not lock_file and (
                name.startswith("~$") or name.lower().endswith(_SHEET_SUFFIXES)
            ):
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(inbox).parts)


def linked(inbox: Path) -> list[Path]:
    """Symbolic links under ``inbox`` (to a file or a folder) that are not hidden: scan never
    reads them (a link may point anywhere), and intake says so rather than nothing."""
    found: list[Path] = []
    for folder, dirs, files in _walk(inbox):
        found += [Path(folder, n) for n in (*dirs, *files)
                  if not is_ignored(n) and Path(folder, n).is_symlink()]
    return sorted(found, key=lambda p: p.relative_to(inbox).parts)


def settled(
    paths: Iterable[Path],
    settle_seconds: float,
    now: float,
    pause: float = 0.5,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Path]:
    """The files that are done being copied; the others are left for the next run.

    A file modified less than ``settle_seconds`` before ``now`` (epoch seconds) is left.
    The rest are looked at twice, ``pause`` seconds apart (one pause for all of them), and
    a file whose size or modification time changed in between is left too. A modification
    time far in the future (a copied timestamp, a skewed clock) does not block a file
    forever: only the double look decides for it.
    """

    def look(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    first: dict[Path, tuple[int, int]] = {}
    for path in paths:
        seen = look(path)
        if seen is None:
            continue
        age = now - seen[1] / 1e9
        if abs(age) < settle_seconds:
            continue
        first[path] = seen
    if not first:
        return []
    sleep(pause)
    return [path for path, seen in first.items() if look(path) == seen]


def sha256_file(path: Path) -> str:
    """The file's SHA-256 in hex, read in 1 MiB chunks."""
    with path.open("rb") as fh:
        return _sha256_of(fh)


def _sha256_of(fh: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(_CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def archive_path_for(archive_dir: Path, sha256: str, suffix: str) -> Path:
    """Where the archive keeps content with this hash: ``archive/<sha[:2]>/<sha><suffix>``
    (a suffix that is no plain extension, ``.3报送`` of 省公安厅-2017.3报送, is left out: the
    reader goes by the bytes, and a long one made the name too long for the file system)."""
    suffix = suffix.lower() if _PLAIN_SUFFIX.fullmatch(suffix) else ""
    return archive_dir / sha256[:2] / f"{sha256}{suffix}"


_PLAIN_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")


def _open_dropped(path: Path) -> IO[bytes]:
    """The dropped file, opened once and never through a symbolic link (one swapped in after
    the scan would have the service read, archive and mail any file it can read): everything
    intake takes from it comes from this one open file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if path.is_symlink():
            raise ArchiveError(f"「{shown_name(path.name)}」是符号链接，不予读取") from exc
        raise
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        raise ArchiveError(f"「{shown_name(path.name)}」不是普通文件，不予读取")
    return fh


def sha256_dropped(path: Path) -> str:
    """sha256_file of a dropped file, never through a symbolic link nor waiting on a pipe
    (ArchiveError for those, an OSError for a file gone)."""
    with _open_dropped(path) as fh:
        return _sha256_of(fh)


def archive_dropped(path: Path, archive_dir: Path) -> tuple[str, Path, os.stat_result]:
    """Copy a dropped file into the archive under its hash, reading it once; return the hash,
    the archived path and the file's status as it was opened.

    The copy goes to a temporary name in the archive, is flushed to disk, and takes its final
    name ``archive/<sha[:2]>/<sha><suffix>`` once the hash is known. An archived copy that
    already exists is kept as it is (after checking it still has that hash); nothing in the
    archive is overwritten or deleted. The copy is made read-only.
    """
    archive_dir.mkdir(parents=True, exist_ok=True)
    temp = archive_dir / f".incoming.{uuid.uuid4().hex}.tmp"
    digest = hashlib.sha256()
    try:
        with _open_dropped(path) as src:
            seen = os.fstat(src.fileno())
            with temp.open("xb") as dst:
                for chunk in iter(lambda: src.read(_CHUNK), b""):
                    digest.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
        sha = digest.hexdigest()
        target = archive_path_for(archive_dir, sha, path.suffix)
        if target.exists():
            if sha256_file(target) != sha:
                raise ArchiveError(f"归档文件 {target} 的内容与其文件名中的哈希值不符，请人工核查")
            return sha, target, seen
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.chmod(0o444)
        # Content is identical by hash, so replacing a copy made meanwhile loses nothing.
        temp.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    fsync_dir(target.parent)
    return sha, target, seen


def unchanged(path: Path, sha256: str, seen: os.stat_result) -> bool:
    """Whether ``path`` still holds the content hashed as ``sha256`` (size and modification
    time as ``seen``, else hashed again): a file copied over while it was being reviewed is
    another submission, not this one."""
    try:
        now = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(now.st_mode):
        return False  # swapped for a link: not what was read
    if (now.st_size, now.st_mtime_ns) == (seen.st_size, seen.st_mtime_ns):
        return True
    return sha256_file(path) == sha256


def move_out(path: Path, processed_root: Path, inbox: Path) -> Path:
    """Move a processed file to ``processed_root/<its subfolder>/<name>`` and return the new path.

    An existing file is never replaced: the name gets ``-1``, ``-2`` … before its suffix.
    """
    return place(path, processed_root / path.relative_to(inbox))


def audit_group_of(path: Path, inbox: Path) -> str | None:
    """The first subfolder under ``inbox`` the file sits in (the audit group), None at the top."""
    parts = path.relative_to(inbox).parts
    return shown_name(parts[0]) if len(parts) > 1 else None


class IntakeLock(RunLock):
    """The lock on ``root/.intake.lock``: two intake runs never overlap."""

    def __init__(self, root: Path, *, timeout: float = 0.0, poll: float = 0.1) -> None:
        super().__init__(root / LOCK_NAME, "另一个收件流程正在运行", timeout=timeout, poll=poll)
