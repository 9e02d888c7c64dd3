"""The inbox on real files: scanning, settling, hashing, archiving, moving out, locking."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from catalog_check.inbox import (
    ArchiveError,
    IntakeLock,
    LockBusyError,
    archive_dropped,
    audit_group_of,
    move_out,
    scan,
    settled,
    sha256_file,
)

NOW = 1_489_000_000.0  # 2017-03-08


def _file(path: Path, data: bytes = b"PK\x03\x04 workbook", mtime: float = NOW - 60) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))
    return path


def test_scan_skips_hidden_and_office_lock_files(tmp_path: Path) -> None:
    """Every file at any depth except .hidden files/folders and ~$ lock files, sorted by path."""
    inbox = tmp_path / "inbox"
    _file(inbox / "公安组" / "省公安厅-第二批.xlsx")
    _file(inbox / "公安组" / "~$省公安厅-第二批.xlsx")
    _file(inbox / "公安组" / ".DS_Store")
    _file(inbox / ".trash" / "old.xlsx")
    _file(inbox / "建设组" / "2017" / "省建设厅.xls")
    _file(inbox / "top.csv")
    (inbox / "空组").mkdir()
    assert [p.relative_to(inbox).as_posix() for p in scan(inbox)] == [
        "top.csv",
        "公安组/省公安厅-第二批.xlsx",
        "建设组/2017/省建设厅.xls",
    ]


def test_scan_of_a_missing_inbox_is_empty(tmp_path: Path) -> None:
    """No inbox folder yet means nothing to do."""
    assert scan(tmp_path / "inbox") == []


def test_settled_leaves_a_fresh_file(tmp_path: Path) -> None:
    """A file modified 2 s ago (settle 5 s) is left; one from a minute ago is taken."""
    fresh = _file(tmp_path / "fresh.xlsx", mtime=NOW - 2)
    old = _file(tmp_path / "old.xlsx", mtime=NOW - 60)
    pauses: list[float] = []
    assert settled([fresh, old], 5, NOW, pause=0.25, sleep=pauses.append) == [old]
    assert pauses == [0.25]


def test_settled_leaves_a_file_growing_between_looks(tmp_path: Path) -> None:
    """A file whose size changes during the pause is still being copied."""
    growing = _file(tmp_path / "growing.xlsx", mtime=NOW - 60)
    still = _file(tmp_path / "still.xlsx", mtime=NOW - 60)

    def copy_goes_on(_: float) -> None:
        with growing.open("ab") as fh:
            fh.write(b"more bytes")
        os.utime(growing, (NOW - 60, NOW - 60))  # even with the same mtime, the size moved

    assert settled([growing, still], 5, NOW, sleep=copy_goes_on) == [still]


def test_settled_without_candidates_does_not_pause(tmp_path: Path) -> None:
    """When every file is fresh or gone there is nothing to look at twice."""
    fresh = _file(tmp_path / "fresh.xlsx", mtime=NOW)
    pauses: list[float] = []
    assert settled([fresh, tmp_path / "gone.xlsx"], 5, NOW, sleep=pauses.append) == []
    assert pauses == []


def test_settled_future_mtime_is_decided_by_the_double_look(tmp_path: Path) -> None:
    """A timestamp an hour ahead (copied from a skewed PC) does not block the file forever."""
    ahead = _file(tmp_path / "ahead.xlsx", mtime=NOW + 3600)
    assert settled([ahead], 5, NOW, sleep=lambda _: None) == [ahead]


def test_sha256_file_streams_the_content(tmp_path: Path) -> None:
    """The hash equals hashlib's over the whole content (several chunks)."""
    data = os.urandom(3 * (1 << 20) + 17)
    path = _file(tmp_path / "big.bin", data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_archive_by_hash_is_idempotent(tmp_path: Path) -> None:
    """archive/<sha[:2]>/<sha><suffix>, read-only, made once; a second call keeps the first copy."""
    data = b"department workbook bytes"
    sha = hashlib.sha256(data).hexdigest()
    src = _file(tmp_path / "inbox" / "省公安厅.XLSX", data)
    archive = tmp_path / "archive"
    got, first, seen = archive_dropped(src, archive)
    assert got == sha
    assert seen.st_size == len(data)
    assert first == archive / sha[:2] / f"{sha}.xlsx"
    assert first.read_bytes() == data
    assert stat.S_IMODE(first.stat().st_mode) == 0o444
    mtime = first.stat().st_mtime_ns
    other = _file(tmp_path / "inbox" / "副本.xlsx", data)
    assert archive_dropped(other, archive)[1] == first
    assert first.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in (archive / sha[:2]).iterdir()) == [f"{sha}.xlsx"]
    assert [p.name for p in archive.iterdir()] == [sha[:2]]  # no temporary file left


def test_archive_refuses_a_corrupted_existing_copy(tmp_path: Path) -> None:
    """An archived file that no longer has its hash is reported, never overwritten."""
    data = b"good"
    sha = hashlib.sha256(data).hexdigest()
    bad = _file(tmp_path / "archive" / sha[:2] / f"{sha}.xlsx", b"bad")
    with pytest.raises(ArchiveError, match="哈希值不符"):
        archive_dropped(_file(tmp_path / "a.xlsx", data), tmp_path / "archive")
    assert bad.read_bytes() == b"bad"
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == [sha[:2]]


def test_archive_never_reads_through_a_symbolic_link(tmp_path: Path) -> None:
    """A dropped file swapped for a link after the scan (to a file only the service may read)
    is refused, not archived, reviewed and mailed; nothing of the target reaches the archive."""
    secret = _file(tmp_path / "server" / "secret.csv", b"Hunter2-SECRET")
    link = tmp_path / "inbox" / "省公安厅-第二批.csv"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    with pytest.raises(ArchiveError, match="符号链接"):
        archive_dropped(link, tmp_path / "archive")
    assert [p for p in (tmp_path / "archive").rglob("*") if p.is_file()] == []
    fifo = tmp_path / "inbox" / "管道.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(ArchiveError, match="不是普通文件"):
        archive_dropped(fifo, tmp_path / "archive")
    # the hash a crashed run's files are matched by is taken the same way
    from catalog_check.inbox import sha256_dropped

    for odd in (link, fifo):
        with pytest.raises(ArchiveError):
            sha256_dropped(odd)
    assert sha256_dropped(secret) == hashlib.sha256(b"Hunter2-SECRET").hexdigest()


def test_an_unusual_suffix_is_left_out_of_the_archive_name(tmp_path: Path) -> None:
    """省公安厅-2017.3报送… (a dot in the name, no extension): the archive name is the hash alone,
    not the hash and 185 bytes of name (too long for the file system, the file failed on every
    run)."""
    data = b"workbook"
    sha = hashlib.sha256(data).hexdigest()
    src = _file(tmp_path / "inbox" / ("省公安厅-2017.3报送" + "事项目录" * 15), data)
    assert archive_dropped(src, tmp_path / "archive")[1] == tmp_path / "archive" / sha[:2] / sha


def test_move_out_keeps_the_subfolder_and_numbers_name_clashes(tmp_path: Path) -> None:
    """processed/<group>/<name>, then <name>-1, <name>-2; nothing is replaced."""
    inbox, processed = tmp_path / "inbox", tmp_path / "processed"
    moved = []
    for n in range(3):
        src = _file(inbox / "公安组" / "省公安厅.xlsx", f"v{n}".encode())
        moved.append(move_out(src, processed, inbox))
        assert not src.exists()
    assert [p.relative_to(processed).as_posix() for p in moved] == [
        "公安组/省公安厅.xlsx",
        "公安组/省公安厅-1.xlsx",
        "公安组/省公安厅-2.xlsx",
    ]
    assert [p.read_bytes() for p in moved] == [b"v0", b"v1", b"v2"]


def test_a_clash_of_a_255_byte_name_still_moves_out(tmp_path: Path) -> None:
    """A 255-byte name sent twice: its numbered name is cut short to fit, and it moves out."""
    inbox, processed = tmp_path / "inbox", tmp_path / "processed"
    name = "省" * 83 + ".xlsx"  # 254 bytes: with "-1" it would be 256
    first = move_out(_file(inbox / name, b"v0"), processed, inbox)
    second = move_out(_file(inbox / name, b"v1"), processed, inbox)
    assert first.name == name
    assert second.name.endswith("-1.xlsx")
    assert len(second.name.encode()) <= 255
    assert second.read_bytes() == b"v1"


def test_a_long_name_whose_only_dot_is_early_still_moves_out(tmp_path: Path) -> None:
    """a.<253 bytes>: no extension to keep, so the name itself is cut to fit (this looped
    forever, holding the intake lock)."""
    inbox, processed = tmp_path / "inbox", tmp_path / "processed"
    name = "a." + "b" * 253
    move_out(_file(inbox / name, b"v0"), processed, inbox)
    second = move_out(_file(inbox / name, b"v1"), processed, inbox)
    assert second.name == name[:253] + "-1"
    assert second.read_bytes() == b"v1"


def test_audit_group_is_the_first_subfolder(tmp_path: Path) -> None:
    """inbox/<group>/…/file → group; a file at the top has none."""
    inbox = tmp_path / "inbox"
    assert audit_group_of(inbox / "公安组" / "2017" / "a.xlsx", inbox) == "公安组"
    assert audit_group_of(inbox / "a.xlsx", inbox) is None


def test_intake_lock_excludes_a_second_run(tmp_path: Path) -> None:
    """While one run holds root/.intake.lock a second one gives up after its timeout."""
    with IntakeLock(tmp_path) as lock:
        assert lock.held
        assert lock.path.read_text(encoding="utf-8") == f"{os.getpid()}\n"
        with pytest.raises(LockBusyError, match="另一个收件流程正在运行"):
            IntakeLock(tmp_path, timeout=0.2, poll=0.05).acquire()
    assert not lock.held
    with IntakeLock(tmp_path) as again:
        assert again.held
