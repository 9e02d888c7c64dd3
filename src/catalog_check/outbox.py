"""The outbox: notices queued as .eml files with a ledger row, delivered with retries.

The .eml file is the source of truth: it is written (atomically) before the ledger row,
sent exactly as stored, and moved to ``outbox/sent/`` only after the server accepted it,
and only then is the ledger row marked sent. Whatever step a crash interrupts, the next
pass finds a consistent state: an .eml without a row is adopted, a queued row whose .eml
is already in ``sent/`` is marked sent without a second delivery. Nothing is dropped.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import MessageError
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP
from pathlib import Path
from typing import Any, cast

from catalog_check import smtp
from catalog_check.config import Mail
from catalog_check.dates import beijing, moment_text
from catalog_check.failures import failure_text
from catalog_check.files import safe_filename
from catalog_check.interrupts import finishing_first, interruptible, removed_if_stopped
from catalog_check.latest import fixed_by
from catalog_check.ledger import Ledger, NoticeRecord, SubmissionRecord
from catalog_check.placing import place

__all__ = [
    "SUBMISSION_HEADER",
    "DeliveryLine",
    "DeliveryReport",
    "adopt_orphans",
    "deliver_pending",
    "queue",
    "read_eml",
]

log = logging.getLogger(__name__)

SUBMISSION_HEADER = "X-Catalog-Check-Submission"
SENT = "sent"
WITHDRAWN = "withdrawn"  # notices not sent: their file was replaced before they went out


def _addr_list(message: EmailMessage, header: str) -> list[str]:
    value = message.get(header)
    if value is None:
        return []
    return [a.addr_spec for a in cast(Any, value).addresses]


def read_eml(path: Path) -> EmailMessage:
    """Parse a stored .eml file."""
    with path.open("rb") as fh:
        return BytesParser(policy=SMTP).parse(fh)


def _attachment_names(message: EmailMessage) -> list[str]:
    return [part.get_filename() or "" for part in message.iter_attachments()]


def queue(
    ledger: Ledger,
    outbox_dir: Path,
    submission_id: int | None,
    message: EmailMessage,
    now: datetime,
) -> int:
    """Write the message to ``outbox/<time>-<submission>-<subject>.eml``, then record it; its id.

    The message must carry a Message-ID (compose_notice sets one); the submission id is
    added as a header so that an .eml whose ledger row was never written can be adopted.
    """
    if not message["Message-ID"]:
        raise ValueError("message has no Message-ID")
    if submission_id is not None and SUBMISSION_HEADER not in message:
        message[SUBMISSION_HEADER] = str(submission_id)
    subject = str(message.get("Subject", ""))
    stem = f"{beijing(now):%Y%m%d-%H%M%S}-{submission_id if submission_id is not None else 'x'}"
    name = safe_filename(subject.removeprefix("【退回】"), fallback="notice", max_bytes=180)
    target = outbox_dir / f"{stem}-{name}.eml"
    outbox_dir.mkdir(parents=True, exist_ok=True)
    temp = outbox_dir / f".{uuid.uuid4().hex}.eml.tmp"
    try:
        with removed_if_stopped(temp), temp.open("xb") as fh:
            fh.write(message.as_bytes(policy=SMTP))
            fh.flush()
            os.fsync(fh.fileno())
        path = place(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return _record(ledger, submission_id, message, path, now)


def _record(
    ledger: Ledger, submission_id: int | None, message: EmailMessage, path: Path, now: datetime
) -> int:
    """The ledger row of a notice whose .eml is at ``path``."""
    return ledger.queue_notice(
        submission_id,
        _addr_list(message, "To"),
        _addr_list(message, "Cc"),
        str(message.get("Subject", "")),
        path,
        _attachment_names(message),
        now,
    )


def adopt_orphans(
    ledger: Ledger, outbox_dir: Path, now: datetime, *, of: int | None = None
) -> list[int]:
    """Queue every .eml in the outbox that has no ledger row (a crash between the two writes);
    ``of``: only those of that submission."""
    if not outbox_dir.is_dir():
        return []
    known = {Path(n.eml_path).name for n in ledger.notices()}
    adopted = []
    for path in sorted(outbox_dir.glob("*.eml")):
        if path.name in known or path.name.startswith("."):
            continue
        message = read_eml(path)
        header = str(message.get(SUBMISSION_HEADER, "")).strip()
        submission_id = int(header) if header.isdigit() else None
        if of is not None and submission_id != of:
            continue
        if submission_id is not None and ledger.submission(submission_id) is None:
            submission_id = None
        adopted.append(_record(ledger, submission_id, message, path, now))
    return adopted


@dataclass(frozen=True, slots=True)
class DeliveryLine:
    """One notice in a delivery report: what it is and what became of it."""

    notice_id: int
    submission_id: int | None
    to: tuple[str, ...]
    subject: str
    attempts: int
    error: str | None = None
    message_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "notice_id": self.notice_id,
            "submission_id": self.submission_id,
            "to": list(self.to),
            "subject": self.subject,
            "attempts": self.attempts,
            "error": self.error,
            "message_id": self.message_id,
        }


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """The outcome of one delivery pass.

    sent: accepted by the server in this pass (or found already sent); queued: still waiting,
    with the last error; failed: cannot be sent as stored (a person has to look); withdrawn:
    about a file its department has replaced since (its newer file's notice, if any, counts).
    """

    sent: tuple[DeliveryLine, ...] = ()
    queued: tuple[DeliveryLine, ...] = ()
    failed: tuple[DeliveryLine, ...] = ()
    adopted: tuple[int, ...] = field(default=())
    #: not sent: the department sent a newer file before this one's notice went out
    withdrawn: tuple[DeliveryLine, ...] = ()

    @property
    def partial(self) -> tuple[DeliveryLine, ...]:
        """Sent lines that some recipient refused (sent again, the others would get it twice)."""
        return tuple(line for line in self.sent if line.error)

    @property
    def ok(self) -> bool:
        """True when nothing is left queued or failed and every recipient took its notice."""
        return not self.queued and not self.failed and not self.partial

    def summary(self) -> str:
        """A Chinese summary for the console and the run record."""
        lines = [
            f"已发送 {len(self.sent)} 封，待重发 {len(self.queued)} 封，"
            f"无法发送 {len(self.failed)} 封"
            + (f"，已撤回 {len(self.withdrawn)} 封（所涉文件已被新报送取代）"
               if self.withdrawn else "")
        ]
        for label, group in (
            ("已发送", self.sent),
            ("待重发", self.queued),
            ("无法发送", self.failed),
            ("已撤回", self.withdrawn),
        ):
            for line in group:
                extra = f"：{line.error}" if line.error else ""
                lines.append(
                    f"  {label} #{line.notice_id} {'、'.join(line.to)} {line.subject}{extra}"
                )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the run summary)."""
        return {
            "sent": [x.as_dict() for x in self.sent],
            "queued": [x.as_dict() for x in self.queued],
            "failed": [x.as_dict() for x in self.failed],
            "adopted": list(self.adopted),
            "withdrawn": [x.as_dict() for x in self.withdrawn],
        }


def _line(notice: NoticeRecord, ledger: Ledger, **extra: Any) -> DeliveryLine:
    current = ledger.notice(notice.id) or notice
    values: dict[str, Any] = {
        "notice_id": notice.id,
        "submission_id": notice.submission_id,
        "to": notice.to_addrs,
        "subject": notice.subject,
        "attempts": current.attempts,
        "error": current.last_error,
        "message_id": current.message_id,
    }
    values.update(extra)
    return DeliveryLine(**values)


def deliver_pending(
    ledger: Ledger,
    outbox_dir: Path,
    mail: Mail,
    now_fn: Callable[[], datetime],
    sleep: Callable[[float], None] = time.sleep,
    *,
    send: Callable[[EmailMessage, Mail], str] = smtp.send,
    backoff: float = 1.0,
) -> DeliveryReport:
    """Send every queued notice; each gets up to ``mail.retries`` attempts, backing off 1, 2, 4 s.

    A notice is marked sent (with its Message-ID and time) only after the server accepted
    it and its .eml moved to ``outbox/sent/``. A notice that still fails stays queued with
    its attempts and last error. When the server cannot be reached at all, the remaining
    notices are left for the next pass without being tried.
    """
    adopted = tuple(adopt_orphans(ledger, outbox_dir, now_fn()))
    sent_dir = outbox_dir / SENT
    withdrawn_dir = outbox_dir / WITHDRAWN
    withdrawn: list[DeliveryLine] = []
    sent: list[DeliveryLine] = []
    queued: list[DeliveryLine] = []
    failed: list[DeliveryLine] = []
    unreachable: str | None = None
    for notice in ledger.pending_notices():
        if unreachable:
            queued.append(_line(notice, ledger, error=f"本轮未发送：{unreachable}"))
            continue
        path = Path(notice.eml_path)
        if not path.is_file() and (outbox_dir / path.name).is_file():
            path = outbox_dir / path.name  # the working folder was moved
        if path.is_file() and _same_file(path, sent_dir / path.name):
            # place() links into sent/, then unlinks: a process killed in between (SIGKILL,
            # a power cut) left the accepted notice in both folders
            path.unlink()
        if not path.is_file():
            done = sent_dir / path.name
            kept = withdrawn_dir / path.name
            if not done.is_file() and kept.is_file():  # withdrawn, stopped before the ledger
                newer = fixed_by(ledger, notice.submission_id)
                ledger.mark_withdrawn(notice.id, _withdrawn_reason(newer), kept)
                withdrawn.append(_line(notice, ledger))
                continue
            if done.is_file():  # accepted last time, stopped before the ledger was updated
                done_id = str(read_eml(done).get("Message-ID", ""))
                ledger.mark_sent(notice.id, done_id, now_fn(), done, note="上次运行已发出")
                sent.append(_line(notice, ledger))
            else:
                ledger.mark_failed(notice.id, f"找不到邮件文件 {notice.eml_path}")
                failed.append(_line(notice, ledger))
            continue
        try:
            message = read_eml(path)
        except (OSError, MessageError) as exc:
            ledger.mark_failed(notice.id, f"邮件文件 {path.name} 无法读取：{exc}")
            failed.append(_line(notice, ledger))
            continue
        newer = fixed_by(ledger, notice.submission_id)
        if newer is not None:  # the department's fix came before this notice went out
            withdrawn_dir.mkdir(parents=True, exist_ok=True)
            kept = place(path, withdrawn_dir / path.name)
            ledger.mark_withdrawn(notice.id, _withdrawn_reason(newer), kept)
            withdrawn.append(_line(notice, ledger))
            continue
        if not message.get("Message-ID"):
            ledger.mark_failed(notice.id, f"邮件文件 {path.name} 缺少 Message-ID"
                                          "（可能被手工修改过），无法按原样发送")
            failed.append(_line(notice, ledger))
            continue
        # A stop while the server takes the notice would send it again next time: the notice
        # is recorded as sent first (the waits between attempts may be cut).
        with finishing_first("正在发送的退回通知发出并记入台账后即停止"):
            try:
                message_id, note, error = _attempts(ledger, notice, message, mail, send,
                                                    interruptible(sleep), backoff)
            except Exception as exc:  # a broken .eml fails alone, never the notices after it
                log.exception("sending %s failed", path)
                ledger.mark_failed(notice.id,
                                   f"邮件文件 {path.name} 无法按原样发送：{failure_text(exc)}")
                failed.append(_line(notice, ledger))
                continue
            if message_id is None:
                queued.append(_line(notice, ledger))
                if error is not None and error.unreachable:
                    unreachable = str(error)
                continue
            sent_dir.mkdir(parents=True, exist_ok=True)
            moved = place(path, sent_dir / path.name)
            ledger.mark_sent(notice.id, message_id, now_fn(), moved, note=note)
        sent.append(_line(notice, ledger))
    return DeliveryReport(tuple(sent), tuple(queued), tuple(failed), adopted, tuple(withdrawn))


def _same_file(path: Path, other: Path) -> bool:
    """``other`` holds the same bytes as ``path`` (the same notice: its Message-ID is in it)."""
    try:
        return other.is_file() and other.read_bytes() == path.read_bytes()
    except OSError:
        return False


def _withdrawn_reason(newer: SubmissionRecord | None) -> str:
    if newer is None:
        return "未发送：该部门已报送新文件，以新文件的审核结果为准"
    return (f"未发送：{newer.department}已于{moment_text(newer.received_at)}报送新文件"
            f"「{newer.original_name}」，以新文件的审核结果为准")


def _attempts(
    ledger: Ledger,
    notice: NoticeRecord,
    message: EmailMessage,
    mail: Mail,
    send: Callable[[EmailMessage, Mail], str],
    sleep: Callable[[float], None],
    backoff: float,
) -> tuple[str | None, str | None, smtp.SendError | None]:
    """Try to send one notice: (Message-ID or None, a note for the ledger, the last error)."""
    error: smtp.SendError | None = None
    attempts = max(1, mail.retries)
    for attempt in range(1, attempts + 1):
        try:
            return send(message, mail), None, None
        except smtp.PartialDeliveryError as exc:  # accepted for some: sending again would duplicate
            return exc.message_id, str(exc), None
        except smtp.SendError as exc:
            error = exc
            ledger.mark_attempt_failed(notice.id, str(exc))
            if exc.permanent or attempt == attempts:
                break
            sleep(backoff * 2 ** (attempt - 1))
    return None, None, error
