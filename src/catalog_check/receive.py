"""Receive one settled inbox file: archive, review, report, record, queue its notice, move it out.

The order is the promise of cli.md: the file is archived before anything else, its reports
and notice are written before it leaves the inbox, and a file already seen (same hash) is
recorded as a repeat and moved out without a second review.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePath

from catalog_check.config import Config
from catalog_check.dates import BEIJING, beijing, moment_text
from catalog_check.failures import failure_text
from catalog_check.files import safe_filename, shown_name
from catalog_check.findings import render_message
from catalog_check.inbox import archive_dropped, audit_group_of, move_out, unchanged
from catalog_check.latest import dropped_items, earlier_files, load_items, rejected_versions
from catalog_check.ledger import USABLE_STATUSES, Ledger, SubmissionRecord
from catalog_check.notice import (
    SHAPE_CODES,
    TEMPLATE_NAME,
    Dropped,
    Round,
    compose_notice,
    has_item_warnings,
)
from catalog_check.outbox import adopt_orphans, queue
from catalog_check.registry import Registry
from catalog_check.reports import report_folder, write_reports
from catalog_check.reports.template import write_template
from catalog_check.review import Review, ReviewError, review_file
from catalog_check.text import item_key
from catalog_check.verdict import ACCEPTED, REJECTED, FileReview

__all__ = ["Received", "notice_names", "receive_file"]

log = logging.getLogger("catalog_check.receive")


@dataclass(frozen=True, slots=True)
class Received:
    """What happened to one inbox file."""

    name: str
    sha256: str
    outcome: str  # reviewed | repeat | failed | kept (reviewed before, still in the inbox)
    status: str | None = None  # the review's status when reviewed
    department: str | None = None
    items: int = 0
    rejected: int = 0
    report_dir: str | None = None
    notice_id: int | None = None
    error: str | None = None
    note: str | None = None  # a repeat: which file it repeats
    left_in_inbox: bool = False  # done with, but it could not be moved out (a read-only inbox)
    late: str | None = None  # a late submission: when it came, and the deadline
    # items the department's earlier list passed that this file leaves out (so they leave the
    # catalogue), and that list's name as sent
    dropped: int = 0
    dropped_from: str | None = None
    round: int = 0  # its place among its department's reviewed files (第N次报送), 0: unknown


def notice_names(review: FileReview, batch: str, marked_suffix: str = ".xlsx") -> tuple[str, str]:
    """Attachment names: the marked-up workbook and the rejection list, in Chinese, named for
    the department, or for the file as sent when its department is unknown (the audit group
    forwards them: 省文化厅-第二批-标注版.xlsx says more than 未识别部门-…)."""
    if review.department:
        return (f"{review.department}-{batch}-标注版{marked_suffix}",
                f"{review.department}-{batch}-退回清单.xlsx")
    # (a name as sent may hold " \ / : * ? < > |, start with a dot or run past 255 bytes)
    stem = safe_filename(PurePath(review.display_name).stem, fallback="未识别部门", max_bytes=120)
    return f"{stem}-标注版{marked_suffix}", f"{stem}-退回清单.xlsx"


_MIME = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xlsm": ("application", "vnd.ms-excel.sheet.macroEnabled.12"),
}


def _attachments(review: FileReview, paths: dict[str, Path], batch: str) -> list[tuple]:
    marked = paths.get("marked")
    suffix = marked.suffix.lower() if marked else ".xlsx"
    marked_name, list_name = notice_names(review, batch, suffix)
    xlsx = _MIME[".xlsx"]
    out = []
    if review.status == ACCEPTED and not has_item_warnings(review):
        return out  # a pass with nothing to mend: no attachment
    if any(f.code == "returned-report" for f in review.findings):
        return out  # our own report sent back: the audit group has it already
    if marked is not None:
        out.append((marked_name, marked.read_bytes(), *_MIME.get(suffix, xlsx)))
    if "rejection_list" in paths:
        out.append((list_name, paths["rejection_list"].read_bytes(), *xlsx))
    if any(f.code in SHAPE_CODES for f in review.findings):  # the columns to follow
        with tempfile.TemporaryDirectory() as tmp:
            blank = write_template(Path(tmp) / "template.xlsx")
            out.append((TEMPLATE_NAME, blank.read_bytes(), *xlsx))
    return out


def receive_file(
    path: Path, *, config: Config, registry: Registry, ledger: Ledger, now: datetime | None = None
) -> Received:
    """Take one settled inbox file through the whole intake sequence."""
    now = now or datetime.now(UTC)
    sha, archived, seen = archive_dropped(path, config.archive)
    received_at = datetime.fromtimestamp(seen.st_mtime, BEIJING)
    group = audit_group_of(path, config.inbox)
    name, where = shown_name(path.name), shown_name(str(path))
    sub_id = ledger.claim(sha, name, where, str(archived), received_at, group)
    if sub_id is None:
        first = ledger.submission_by_hash(sha)
        if first is not None and first.inbox_path == where and first.received_at == received_at:
            return _still_in_inbox(path, sha, seen, config, first)
        ledger.record_repeat(sha, name, where, now)
        same = (f"与{moment_text(first.received_at)}收到的「{first.original_name}」内容相同"
                if first is not None else None)
        newer = ledger.superseded_by(first.id if first is not None else None)
        if same and newer is not None:  # an older version sent again after the fix
            same += (f"，而该部门已于{moment_text(newer.received_at)}报送较新的"
                     f"「{newer.original_name}」（汇总以较新的为准），请与部门核实以哪一版为准")
        stuck = False
        try:
            _move_out_if_unchanged(path, sha, seen, config)
        except OSError as exc:
            same = "；".join(filter(None, (same, _stuck_note(exc))))
            stuck = True
        return Received(name, sha, "repeat", department=first.department if first else None,
                        note=same, left_in_inbox=stuck)
    try:
        ledger.mark_reviewing(sub_id)
        full = review_file(archived, config=config, registry=registry, received=received_at,
                           name=name, sha256=sha)
        full = _resubmission_not_late(full, ledger, config)
        result = _report_and_queue(path, archived, full, config, registry, ledger, sub_id, now)
    except Exception as exc:  # never lose a file: record the failure, leave it in the inbox
        log.exception("intake of %s failed", path)
        error = str(exc) if isinstance(exc, ReviewError) else \
            f"处理失败：{failure_text(exc)}，文件留在收件箱，下次收件时重试"
        ledger.record_failure(sub_id, error, failed_at=now)
        return Received(name, sha, "failed", error=error)
    try:
        moved = _move_out_if_unchanged(path, sha, seen, config)
    except OSError as exc:  # reviewed, reported and its notice queued all the same
        log.warning("%s could not be moved out of the inbox", path, exc_info=True)
        return dataclasses.replace(result, note=f"已审核，但{_stuck_note(exc)}", left_in_inbox=True)
    if not moved:
        result = dataclasses.replace(result, note=REPLACED)
    return result


def _stuck_note(exc: OSError) -> str:
    return (f"无法移出收件箱（{failure_text(exc)}）：请检查收件箱的写权限，"
            "移出前每次收件都会提示")


def _still_in_inbox(
    path: Path, sha: str, seen: os.stat_result, config: Config, first: SubmissionRecord
) -> Received:
    """The file an earlier pass reviewed but could not move out (a read-only inbox): the
    same file where it lay, no repeat of itself. It goes out now if it can."""
    done = f"此文件已于{moment_text(first.reviewed_at or first.received_at)}审核"
    stuck = False
    try:
        moved = _move_out_if_unchanged(path, sha, seen, config)
    except OSError as exc:
        done += f"，但{_stuck_note(exc)}"
        stuck = True
    else:
        done += "，此前未能移出收件箱，现已移出" if moved else f"；{REPLACED}"
    return Received(shown_name(path.name), sha, "kept", department=first.department, note=done,
                    left_in_inbox=stuck)


#: Said of a file copied over while it was being reviewed.
REPLACED = "审核期间该文件被新版本覆盖：本次审核的是覆盖前的版本，新版本留在收件箱，下次收件时审核"


def _move_out_if_unchanged(path: Path, sha: str, seen: os.stat_result, config: Config) -> bool:
    """Move the file out of the inbox unless it changed since it was hashed (a corrected
    version copied over it during the review stays for the next run); whether it moved."""
    if not unchanged(path, sha, seen):
        log.warning("%s changed while it was reviewed; left in the inbox", path)
        return False
    move_out(path, config.root / "processed", config.inbox)
    return True


def _report_and_queue(
    path: Path,
    archived: Path,
    full: Review,
    config: Config,
    registry: Registry,
    ledger: Ledger,
    sub_id: int,
    now: datetime,
) -> Received:
    review = full.file
    folder = report_folder(config.reports, review)
    layouts = full.tables.layouts if full.tables else ()
    paths = write_reports(archived, full.workbook, layouts, review, folder)
    earlier = earlier_files(ledger, sub_id, review.department)
    dropped = _dropped(review, earlier)
    versions = rejected_versions(ledger, sub_id, review.department, review.items)
    place = _round(ledger, earlier, versions)
    # The notice is queued before the review is recorded as done: a crash in between leaves
    # the submission unfinished, so the next run reviews it again (and finds the notice).
    notice_id = _queue_notice(path, paths, review, config, registry, ledger, sub_id, now,
                              dropped, versions, place)
    ledger.record_review(sub_id, review, folder, paths["result_json"], reviewed_at=now)
    return Received(
        name=review.name,
        sha256=review.sha256,
        outcome="reviewed",
        status=review.status,
        department=review.department,
        items=review.counts["items"],
        rejected=review.counts["rejected"],
        report_dir=str(folder),
        notice_id=notice_id,
        late=next((render_message(f) for f in review.findings if f.code == "late-submission"),
                  None),
        dropped=len(dropped.items) if dropped else 0,
        dropped_from=dropped.file if dropped else None,
        round=place.number if place else 0,
    )


def _round(
    ledger: Ledger, earlier: list[SubmissionRecord] | None, versions: list[SubmissionRecord]
) -> Round | None:
    """The file's place among its department's reviewed files (``earlier``: those before it,
    latest.earlier_files), and the items sent back in the latest earlier file of the list that
    was rejected wholly or in part and told so (``versions``: latest.rejected_versions), or
    None for a department not known."""
    if earlier is None:
        return None
    # (only a file whose notice went out: the department was told what to mend; one still
    # queued is withdrawn for this file)
    told = [r for r in versions if any(n.state == "sent" for n in ledger.notices(r.id))]
    last = max(told, key=lambda r: (r.received_at, r.id), default=None)
    if last is None:
        return Round(len(earlier) + 1)
    items = load_items([last]).get(last.id, ())
    return Round(len(earlier) + 1, last.original_name, last.received_at,
                 frozenset(item_key(i.name, i.subitem)
                           for i in items if i.status == REJECTED and i.name))


def _dropped(review: FileReview, earlier: list[SubmissionRecord] | None) -> Dropped | None:
    """The items the department's earlier list passed that this file leaves out, when this
    file replaces that list (a usable one: rules.md, ledger.catalogue_basis_of)."""
    if earlier is None or review.status not in USABLE_STATUSES:
        return None  # it replaces nothing: the earlier list stays the catalogue's
    found = dropped_items(earlier, review.items)
    if found is None:
        return None
    record, items = found
    return Dropped(record.original_name, record.received_at, items)


def _queue_notice(
    path: Path,
    paths: dict[str, Path],
    review: FileReview,
    config: Config,
    registry: Registry,
    ledger: Ledger,
    sub_id: int,
    now: datetime,
    dropped: Dropped | None,
    versions: list[SubmissionRecord],
    place: Round | None,
) -> int | None:
    """Queue the rejection notice once per submission; for an accepted file, the notice that it
    passed when an earlier file of its department was rejected (the department awaits an
    answer to its fix) or when it leaves out items the department's earlier list passed
    (``dropped``: they leave the catalogue); None when there is nothing to say. ``versions``:
    the department's earlier rejected files this one is a new version of; ``place``: its
    round."""
    accepted = review.status == ACCEPTED
    # (an accepted file answers only a rejected file it is a new version of: it holds items of
    # it, another part of the list is no fix)
    after_rejection = accepted and bool(versions)
    if accepted and not after_rejection and dropped is None:
        return None
    # A run killed between writing the .eml and its ledger row left the notice unrecorded:
    # adopt it rather than queue a second one.
    already = ledger.notices(sub_id) or [
        n for n in map(ledger.notice, adopt_orphans(ledger, config.outbox, now, of=sub_id)) if n
    ]
    if already:
        return already[0].id
    department = registry.department(review.department) if review.department else None
    if accepted and (department is None or not department.email):
        return None  # no mailbox: the audit group sees the pass in the intake summary
    received_by = registry.audit_group(audit_group_of(path, config.inbox))
    group = (
        (registry.audit_group(department.audit_group) if department else None)
        or received_by
        or registry.fallback_group()
    )
    message = compose_notice(
        review,
        department=department,
        audit_group=group,
        sender=config.mail.sender,
        batch=config.batch.name,
        attachments=_attachments(review, paths, config.batch.name),
        cc_audit_group=config.mail.audit_group_cc,
        now=now,
        resubmit_by=_resubmit_by(config, now),
        received_by=received_by,
        after_rejection=after_rejection,
        references=_earlier_notices(ledger, review.department, sub_id),
        dropped=dropped,
        round_=place,
    )
    return queue(ledger, config.outbox, sub_id, message, now)


def _earlier_notices(ledger: Ledger, department: str | None, sub_id: int) -> list[str]:
    """The Message-IDs of the notices sent about the department's other files, oldest first."""
    if not department:
        return []
    sent = []
    for n in ledger.notices():
        if n.state != "sent" or not n.message_id or n.submission_id in (None, sub_id):
            continue
        record = ledger.submission(n.submission_id)  # type: ignore[arg-type]
        if record is not None and record.department == department:
            sent.append(n)
    return [n.message_id for n in sorted(sent, key=lambda n: (n.sent_at or n.queued_at, n.id))
            if n.message_id]  # (checked above; says so to the type checker)


def _resubmission_not_late(full: Review, ledger: Ledger, config: Config) -> Review:
    """A fix sent after the deadline by a department whose first file came on time is no late
    submission (the bulletin says the same): the late-submission warning is dropped."""
    review, deadline = full.file, config.batch.deadline
    if deadline is None or review.department is None or not any(
        f.code == "late-submission" for f in review.findings
    ):
        return full
    on_time = any(
        r.department == review.department and beijing(r.received_at).date() <= deadline
        for r in ledger.reviewed_with_department()
    )
    if not on_time:
        return full
    kept = tuple(f for f in review.findings if f.code != "late-submission")
    return dataclasses.replace(full, file=dataclasses.replace(review, findings=kept))


def _resubmit_by(config: Config, now: datetime) -> date | None:
    """The configured date to resubmit by, while it is still ahead (after it: 请尽快)."""
    by = config.batch.resubmit_by
    return by if by is not None and beijing(now).date() <= by else None


def outcome(result: Received | BaseException, path: Path) -> Received:
    """A task's result, or its exception turned into a failed outcome for that one file."""
    if isinstance(result, Received):
        return result
    return Received(shown_name(path.name), "", "failed", error=f"处理失败：{failure_text(result)}")
