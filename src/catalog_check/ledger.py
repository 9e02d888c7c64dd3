"""The ledger: one SQLite database of submissions, repeats, notices and flow runs.

The schema lives here as numbered migration scripts; ``PRAGMA user_version`` records how
many have been applied. Every write runs in its own ``BEGIN IMMEDIATE`` transaction, so two
processes (two intake runs, intake and notify) can share the file safely. Times are passed
in by the caller (no clock here) and stored as ISO 8601 strings with their offset.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from catalog_check.failures import failure_text
from catalog_check.verdict import FileReview

__all__ = [
    "FAILED",
    "MIGRATIONS",
    "RECEIVED",
    "REVIEWED",
    "REVIEWING",
    "SCHEMA_VERSION",
    "Ledger",
    "LedgerError",
    "NoticeRecord",
    "RepeatRecord",
    "RunRecord",
    "SubmissionRecord",
    "catalogue_basis_of",
    "latest_of",
]

RECEIVED, REVIEWING, FAILED = "received", "reviewing", "failed"
#: Statuses of a finished review (the file statuses of cli.md).
REVIEWED = frozenset({"accepted", "partial", "rejected", "unreadable"})

# Each script moves the schema one version up; never edit a released script, add one.
MIGRATIONS: tuple[str, ...] = (
    # 1: submissions, repeats, notices
    """
    CREATE TABLE submissions (
        id            INTEGER PRIMARY KEY,
        sha256        TEXT NOT NULL UNIQUE,
        original_name TEXT NOT NULL,
        inbox_path    TEXT NOT NULL,
        archive_path  TEXT,
        audit_group   TEXT,
        received_at   TEXT NOT NULL,
        reviewed_at   TEXT,
        status        TEXT NOT NULL DEFAULT 'received',
        department    TEXT,
        items         INTEGER NOT NULL DEFAULT 0,
        accepted      INTEGER NOT NULL DEFAULT 0,
        rejected      INTEGER NOT NULL DEFAULT 0,
        errors        INTEGER NOT NULL DEFAULT 0,
        warnings      INTEGER NOT NULL DEFAULT 0,
        infos         INTEGER NOT NULL DEFAULT 0,
        report_dir    TEXT,
        result_path   TEXT,
        error         TEXT
    );
    CREATE TABLE repeats (
        id            INTEGER PRIMARY KEY,
        sha256        TEXT NOT NULL,
        original_name TEXT NOT NULL,
        inbox_path    TEXT NOT NULL,
        seen_at       TEXT NOT NULL,
        submission_id INTEGER REFERENCES submissions(id)
    );
    CREATE TABLE notices (
        id            INTEGER PRIMARY KEY,
        submission_id INTEGER REFERENCES submissions(id),
        to_addrs      TEXT NOT NULL,
        cc_addrs      TEXT NOT NULL DEFAULT '',
        subject       TEXT NOT NULL,
        eml_path      TEXT NOT NULL,
        attachments   TEXT NOT NULL DEFAULT '[]',
        state         TEXT NOT NULL DEFAULT 'queued',
        attempts      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        queued_at     TEXT NOT NULL,
        sent_at       TEXT,
        message_id    TEXT
    );
    CREATE INDEX notices_state ON notices(state);
    """,
    # 2: flow runs, and the lookups the bulletin and consolidation make
    """
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        flow        TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        state       TEXT NOT NULL DEFAULT 'running',
        summary     TEXT
    );
    CREATE INDEX submissions_department ON submissions(department, received_at);
    CREATE INDEX repeats_sha256 ON repeats(sha256);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_BUSY_TIMEOUT_MS = 30_000


class LedgerError(RuntimeError):
    """The ledger cannot be used (the message is Chinese)."""


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    """One distinct file (by content hash) that intake took in.

    received_at: the file's modification time when intake first saw it; status: received,
    reviewing, failed, or a file status of cli.md (accepted / partial / rejected / unreadable);
    department: the registry's full name, None when unknown; the counts are cli.md's counts.
    """

    id: int
    sha256: str
    original_name: str
    inbox_path: str
    archive_path: str | None
    audit_group: str | None
    received_at: datetime
    reviewed_at: datetime | None
    status: str
    department: str | None
    items: int
    accepted: int
    rejected: int
    errors: int
    warnings: int
    infos: int
    report_dir: str | None
    result_path: str | None
    error: str | None

    @property
    def reviewed(self) -> bool:
        """True once the review finished with a file status."""
        return self.status in REVIEWED

    @property
    def counts(self) -> dict[str, int]:
        """The counts as in cli.md."""
        return {
            "items": self.items,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
        }


@dataclass(frozen=True, slots=True)
class RepeatRecord:
    """A file whose content had been taken in before (same hash, whatever its name)."""

    id: int
    sha256: str
    original_name: str
    inbox_path: str
    seen_at: datetime
    submission_id: int | None


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    """A rejection notice: its .eml file and its delivery state."""

    id: int
    submission_id: int | None
    to_addrs: tuple[str, ...]
    cc_addrs: tuple[str, ...]
    subject: str
    eml_path: str
    attachments: tuple[str, ...]
    state: str
    attempts: int
    last_error: str | None
    queued_at: datetime
    sent_at: datetime | None
    message_id: str | None


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One run of a flow (intake, notify, consolidate, bulletin) and its summary."""

    id: int
    flow: str
    started_at: datetime
    finished_at: datetime | None
    state: str
    summary: dict[str, Any] | None


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"time without timezone: {moment!r}")
    return moment.isoformat()


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _addrs(text: str) -> tuple[str, ...]:
    return tuple(a for a in text.split("\n") if a)


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into complete statements."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending.strip()[:60]}")


def _submission(row: sqlite3.Row) -> SubmissionRecord:
    values = dict(row)
    values["received_at"] = _time(values["received_at"])
    values["reviewed_at"] = _time(values["reviewed_at"])
    return SubmissionRecord(**values)


def _repeat(row: sqlite3.Row) -> RepeatRecord:
    values = dict(row)
    values["seen_at"] = _time(values["seen_at"])
    return RepeatRecord(**values)


def _notice(row: sqlite3.Row) -> NoticeRecord:
    values = dict(row)
    values["to_addrs"] = _addrs(values["to_addrs"])
    values["cc_addrs"] = _addrs(values["cc_addrs"])
    values["attachments"] = tuple(json.loads(values["attachments"]))
    values["queued_at"] = _time(values["queued_at"])
    values["sent_at"] = _time(values["sent_at"])
    return NoticeRecord(**values)


def _run(row: sqlite3.Row) -> RunRecord:
    values = dict(row)
    values["started_at"] = _time(values["started_at"])
    values["finished_at"] = _time(values["finished_at"])
    values["summary"] = None if values["summary"] is None else json.loads(values["summary"])
    return RunRecord(**values)


def latest_of(records: Iterable[SubmissionRecord]) -> list[SubmissionRecord]:
    """Per department, the record received last (ties: the later claim), by department name;
    records without a department are left out."""
    latest: dict[str, SubmissionRecord] = {}
    for record in records:
        if record.department is None:
            continue
        # Compared as datetimes, not strings: offsets may differ between runs.
        best = latest.get(record.department)
        if best is None or (record.received_at, record.id) > (best.received_at, best.id):
            latest[record.department] = record
    return sorted(latest.values(), key=lambda r: (r.department or "", r.id))


def _held(exc: sqlite3.Error) -> bool:
    """Whether sqlite gave up waiting for another connection's lock."""
    return "locked" in str(exc) or "busy" in str(exc)


def _held_error(path: Path) -> LedgerError:
    return LedgerError(
        f"台账数据库 {path} 正被另一个程序占用，等待{_BUSY_TIMEOUT_MS / 1000:g}秒仍未释放，"
        "请稍后再试（或关闭正在打开它的程序）"
    )


#: File statuses whose accepted items a department's catalogue can rest on.
USABLE_STATUSES = frozenset({"accepted", "partial"})


def catalogue_basis_of(records: Iterable[SubmissionRecord]) -> list[SubmissionRecord]:
    """Per department, the file its catalogue rests on: the latest that the review accepted in
    whole or in part. A later file rejected as a whole (or with every item rejected) replaces
    nothing: cli.md builds the catalogue from each department's latest *accepted* submission,
    and a fix that failed must not empty a list that had passed. A department with no such
    file: its latest. Sorted as latest_of."""
    usable = [r for r in records if r.status in USABLE_STATUSES]
    basis = {r.department: r for r in latest_of(usable)}
    for record in latest_of(records):
        basis.setdefault(record.department, record)
    return sorted(basis.values(), key=lambda r: (r.department or "", r.id))


class Ledger:
    """The SQLite ledger; open with :meth:`open`, use as a context manager, one per thread."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # ---- opening and the schema -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Ledger:
        """Open (or create) the ledger at ``path`` and bring its schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise LedgerError(f"无法打开台账数据库 {path}：{exc}") from exc
        db.row_factory = sqlite3.Row
        try:
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            ledger = cls(db, path)
            ledger._migrate()
        except sqlite3.DatabaseError as exc:
            db.close()
            text = str(exc)
            if _held(exc):
                raise _held_error(path) from exc
            if "readonly" in text or "unable to open" in text:
                raise LedgerError(
                    f"台账数据库 {path} 无法写入（文件或所在文件夹只读？），请检查工作目录的写权限"
                ) from exc
            why = "文件不是台账数据库或已损坏" if "not a database" in text else "数据库已损坏"
            raise LedgerError(
                f"台账数据库 {path} 无法使用（{why}），请从备份恢复或检查文件"
            ) from exc
        except BaseException:
            db.close()
            raise
        return ledger

    @property
    def version(self) -> int:
        """The schema version of the open database."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.version == SCHEMA_VERSION:
            return
        with self._write():
            # Read again inside the lock: another process may have migrated meanwhile.
            current = self.version
            if current > SCHEMA_VERSION:
                raise LedgerError(
                    f"台账数据库 {self.path} 的版本（{current}）比本程序支持的版本"
                    f"（{SCHEMA_VERSION}）新，请升级 catalog-check"
                )
            for number in range(current, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[number]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with the write lock up front (no upgrade deadlocks)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _held(exc):
                raise _held_error(self.path) from exc
            raise
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---- submissions ----------------------------------------------------------------------

    def claim(
        self,
        sha256: str,
        original_name: str,
        inbox_path: Path | str,
        archive_path: Path | str | None,
        received_at: datetime,
        audit_group: str | None,
    ) -> int | None:
        """Record a new submission; None when this content hash was claimed before.

        A submission whose review failed (status failed) is claimed again: its id comes
        back and its status returns to received, so the file gets another review; at most
        one of several concurrent claims wins it.
        """
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO submissions"
                " (sha256, original_name, inbox_path, archive_path, received_at, audit_group,"
                " status) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(sha256) DO NOTHING",
                (
                    sha256,
                    original_name,
                    str(inbox_path),
                    None if archive_path is None else str(archive_path),
                    _iso(received_at),
                    audit_group,
                    RECEIVED,
                ),
            )
            if cursor.rowcount == 1:
                return cursor.lastrowid
            # RETURNING would need SQLite 3.35; an UPDATE and a SELECT in one transaction do.
            retried = db.execute(
                "UPDATE submissions SET status = ?, error = NULL, original_name = ?,"
                " inbox_path = ?, archive_path = COALESCE(?, archive_path),"
                " audit_group = COALESCE(?, audit_group)"
                " WHERE sha256 = ? AND status = ?",
                (
                    RECEIVED,
                    original_name,
                    str(inbox_path),
                    None if archive_path is None else str(archive_path),
                    audit_group,
                    sha256,
                    FAILED,
                ),
            )
            if retried.rowcount != 1:
                return None
            row = db.execute("SELECT id FROM submissions WHERE sha256 = ?", (sha256,)).fetchone()
            return int(row[0])

    def reset_interrupted(self, error: str = "上次收件运行中断，将重新审核") -> int:
        """Mark received/reviewing submissions as failed so the next claim takes them again.

        Call it only while holding the intake lock: then no other run is reviewing them.
        Returns how many were reset.
        """
        with self._write() as db:
            cursor = db.execute(
                "UPDATE submissions SET status = ?, error = ? WHERE status IN (?, ?)",
                (FAILED, error, RECEIVED, REVIEWING),
            )
            return cursor.rowcount

    def mark_reviewing(self, submission_id: int) -> None:
        """Mark a submission as under review."""
        self._update(submission_id, "status = ?, error = NULL", (REVIEWING,))

    def record_review(
        self,
        submission_id: int,
        review: FileReview,
        report_dir: Path | str,
        result_path: Path | str,
        *,
        reviewed_at: datetime | None = None,
    ) -> None:
        """Store the outcome of a review: status, department, counts and where the reports are."""
        counts = review.counts
        self._update(
            submission_id,
            "reviewed_at = ?, status = ?, department = ?, items = ?, accepted = ?, rejected = ?,"
            " errors = ?, warnings = ?, infos = ?, report_dir = ?, result_path = ?, error = NULL",
            (
                None if reviewed_at is None else _iso(reviewed_at),
                review.status,
                review.department,
                counts["items"],
                counts["accepted"],
                counts["rejected"],
                counts["errors"],
                counts["warnings"],
                counts["infos"],
                str(report_dir),
                str(result_path),
            ),
        )

    def record_failure(
        self, submission_id: int, error: str, *, failed_at: datetime | None = None
    ) -> None:
        """Mark a submission whose review could not be completed (status failed)."""
        when = None if failed_at is None else _iso(failed_at)
        self._update(
            submission_id,
            "status = ?, error = ?, reviewed_at = COALESCE(?, reviewed_at)",
            (FAILED, error, when),
        )

    def _update(self, submission_id: int, assignments: str, values: tuple[Any, ...]) -> None:
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE submissions SET {assignments} WHERE id = ?",
                (*values, submission_id),
            )
            if cursor.rowcount != 1:
                raise LedgerError(f"台账中没有编号为 {submission_id} 的报送记录")

    def submission(self, submission_id: int) -> SubmissionRecord | None:
        """The submission with this id, or None."""
        row = self._db.execute(
            "SELECT * FROM submissions WHERE id = ?", (submission_id,)
        ).fetchone()
        return None if row is None else _submission(row)

    def submission_by_hash(self, sha256: str) -> SubmissionRecord | None:
        """The submission with this content hash, or None."""
        row = self._db.execute("SELECT * FROM submissions WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else _submission(row)

    def submissions(self) -> list[SubmissionRecord]:
        """Every submission, in the order intake claimed them."""
        return [_submission(r) for r in self._db.execute("SELECT * FROM submissions ORDER BY id")]

    def unfinished(self) -> list[SubmissionRecord]:
        """Submissions claimed but not reviewed (a run stopped half-way, or the review failed)."""
        rows = self._db.execute(
            "SELECT * FROM submissions WHERE status IN (?, ?, ?) ORDER BY id",
            (RECEIVED, REVIEWING, FAILED),
        )
        return [_submission(r) for r in rows]

    def reviewed(self) -> list[SubmissionRecord]:
        """Every reviewed submission, its department known or not, in the order taken in."""
        rows = self._db.execute(
            f"SELECT * FROM submissions WHERE status IN ({', '.join('?' * len(REVIEWED))})"
            " ORDER BY id",
            tuple(sorted(REVIEWED)),
        )
        return list(map(_submission, rows))

    def reviewed_with_department(self) -> list[SubmissionRecord]:
        """Every reviewed submission whose department is known, in the order taken in."""
        return [r for r in self.reviewed() if r.department is not None]

    def latest_by_department(self) -> list[SubmissionRecord]:
        """Per known department, its reviewed submission received last (ties: the later claim)."""
        return latest_of(self.reviewed_with_department())

    # ---- repeats --------------------------------------------------------------------------

    def record_repeat(
        self,
        sha256: str,
        original_name: str,
        inbox_path: Path | str,
        seen_at: datetime,
        submission_id: int | None = None,
    ) -> int:
        """Record a file whose content was already taken in; the original's id is looked up."""
        with self._write() as db:
            if submission_id is None:
                row = db.execute(
                    "SELECT id FROM submissions WHERE sha256 = ?", (sha256,)
                ).fetchone()
                submission_id = None if row is None else int(row[0])
            cursor = db.execute(
                "INSERT INTO repeats (sha256, original_name, inbox_path, seen_at, submission_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (sha256, original_name, str(inbox_path), _iso(seen_at), submission_id),
            )
            return int(cursor.lastrowid or 0)

    def repeats(self) -> list[RepeatRecord]:
        """Every repeat, oldest first."""
        return [_repeat(r) for r in self._db.execute("SELECT * FROM repeats ORDER BY id")]

    # ---- notices --------------------------------------------------------------------------

    def queue_notice(
        self,
        submission_id: int | None,
        to_addrs: Sequence[str],
        cc_addrs: Sequence[str],
        subject: str,
        eml_path: Path | str,
        attachments: Sequence[str],
        queued_at: datetime,
    ) -> int:
        """Record a notice whose .eml is already written; it waits in state queued."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO notices (submission_id, to_addrs, cc_addrs, subject, eml_path,"
                " attachments, state, queued_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)",
                (
                    submission_id,
                    "\n".join(to_addrs),
                    "\n".join(cc_addrs),
                    subject,
                    str(eml_path),
                    json.dumps(list(attachments), ensure_ascii=False),
                    _iso(queued_at),
                ),
            )
            return int(cursor.lastrowid or 0)

    def notice(self, notice_id: int) -> NoticeRecord | None:
        """The notice with this id, or None."""
        row = self._db.execute("SELECT * FROM notices WHERE id = ?", (notice_id,)).fetchone()
        return None if row is None else _notice(row)

    def notices(self, submission_id: int | None = None) -> list[NoticeRecord]:
        """Every notice (of one submission when given), oldest first."""
        if submission_id is None:
            rows = self._db.execute("SELECT * FROM notices ORDER BY id")
        else:
            rows = self._db.execute(
                "SELECT * FROM notices WHERE submission_id = ? ORDER BY id", (submission_id,)
            )
        return [_notice(r) for r in rows]

    def pending_notices(self) -> list[NoticeRecord]:
        """Notices still to send (state queued), oldest first."""
        rows = self._db.execute("SELECT * FROM notices WHERE state = 'queued' ORDER BY id")
        return [_notice(r) for r in rows]

    def mark_sent(
        self,
        notice_id: int,
        message_id: str,
        sent_at: datetime,
        eml_path: Path | str | None = None,
        *,
        note: str | None = None,
    ) -> None:
        """The server accepted the notice: state sent, its Message-ID, time and new .eml place."""
        self._update_notice(
            notice_id,
            "state = 'sent', attempts = attempts + 1, message_id = ?, sent_at = ?,"
            " eml_path = COALESCE(?, eml_path), last_error = ?",
            (message_id, _iso(sent_at), None if eml_path is None else str(eml_path), note),
        )

    def mark_attempt_failed(self, notice_id: int, error: str) -> None:
        """One delivery attempt failed; the notice stays queued."""
        self._update_notice(
            notice_id, "attempts = attempts + 1, last_error = ?", (error,), only_queued=True
        )

    def mark_failed(self, notice_id: int, error: str) -> None:
        """The notice cannot be sent as it is (state failed; a person has to look)."""
        self._update_notice(notice_id, "state = 'failed', last_error = ?", (error,))

    def mark_withdrawn(self, notice_id: int, reason: str, eml_path: Path | str) -> None:
        """Not sent, and not to be: the department has sent a newer file since (the .eml kept
        at ``eml_path``; ``reason`` says which file)."""
        self._update_notice(notice_id, "state = 'withdrawn', last_error = ?, eml_path = ?",
                            (reason, str(eml_path)))

    def superseded_by(self, submission_id: int | None) -> SubmissionRecord | None:
        """The submission of the same department received last after this one that replaces
        it (a fix sent before this one's notice went out), or None. Only a file the catalogue
        can rest on replaces one (USABLE_STATUSES, as catalogue_basis_of): a fix rejected as a
        whole or unreadable leaves the earlier list the department's, and its notice due."""
        record = self.submission(submission_id) if submission_id is not None else None
        if record is None or record.department is None:
            return None
        later = [r for r in self.reviewed_with_department()
                 if r.department == record.department and r.status in USABLE_STATUSES
                 and (r.received_at, r.id) > (record.received_at, record.id)]
        return max(later, key=lambda r: (r.received_at, r.id), default=None)

    def requeue(self, notice_id: int) -> None:
        """Put a failed notice back in the queue (after a person fixed its cause)."""
        self._update_notice(notice_id, "state = 'queued'", ())

    def _update_notice(
        self,
        notice_id: int,
        assignments: str,
        values: tuple[Any, ...],
        *,
        only_queued: bool = False,
    ) -> None:
        where = "id = ? AND state = 'queued'" if only_queued else "id = ?"
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE notices SET {assignments} WHERE {where}",
                (*values, notice_id),
            )
            if cursor.rowcount != 1:
                raise LedgerError(f"台账中没有编号为 {notice_id} 的待发通知")

    # ---- runs -----------------------------------------------------------------------------

    def start_run(self, flow: str, now: datetime) -> int:
        """Record the start of a flow run."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO runs (flow, started_at, state) VALUES (?, ?, 'running')",
                (flow, _iso(now)),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(
        self, run_id: int, now: datetime, state: str, summary: Mapping[str, Any] | None = None
    ) -> None:
        """Record the end of a flow run with its state and a JSON summary."""
        text = None if summary is None else json.dumps(dict(summary), ensure_ascii=False)
        with self._write() as db:
            cursor = db.execute(
                "UPDATE runs SET finished_at = ?, state = ?, summary = ? WHERE id = ?",
                (_iso(now), state, text, run_id),
            )
            if cursor.rowcount != 1:
                raise LedgerError(f"台账中没有编号为 {run_id} 的运行记录")

    def close_interrupted_runs(self, flow: str) -> int:
        """Mark the flow's runs still 'running' as 'interrupted': a signal or a crash ended
        them before they could say how they ended. Call it only while holding the flow's lock
        (intake, notify): then none of them is running. Returns how many."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE runs SET state = 'interrupted', summary = ? "
                "WHERE flow = ? AND state = 'running'",
                (json.dumps({"error": "运行中断，未能记下结果"}, ensure_ascii=False), flow),
            )
            return cursor.rowcount

    @contextmanager
    def run(self, flow: str, *, exclusive: bool = False) -> Iterator[dict[str, Any]]:
        """Record a flow run around a block: 'running', then 'completed' with the summary the
        block fills in, or 'failed' with the reason when it raises (the error propagates).
        ``exclusive``: the caller holds the flow's lock, so earlier runs still 'running' were
        interrupted (close_interrupted_runs)."""
        if exclusive:
            self.close_interrupted_runs(flow)
        run_id = self.start_run(flow, datetime.now(UTC))
        summary: dict[str, Any] = {}
        try:
            yield summary
        except BaseException as exc:
            self.finish_run(run_id, datetime.now(UTC), "failed", {"error": failure_text(exc)})
            raise
        self.finish_run(run_id, datetime.now(UTC), "completed", summary)

    def runs(self, flow: str | None = None) -> list[RunRecord]:
        """Every run (of one flow when given), oldest first."""
        if flow is None:
            rows = self._db.execute("SELECT * FROM runs ORDER BY id")
        else:
            rows = self._db.execute("SELECT * FROM runs WHERE flow = ? ORDER BY id", (flow,))
        return [_run(r) for r in rows]
