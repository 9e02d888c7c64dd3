"""Each department's latest submission and its items, read from the ledger and result.json."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from catalog_check.catalogue import SourceItem, Submission
from catalog_check.ledger import USABLE_STATUSES, Ledger, SubmissionRecord, catalogue_basis_of
from catalog_check.text import item_key, name_key
from catalog_check.verdict import ACCEPTED, ItemResult

__all__ = [
    "ResultMissingError",
    "dropped_items",
    "earlier_files",
    "fixed_by",
    "in_registry_order",
    "load_items",
    "read_result_items",
    "rejected_versions",
    "shares_items",
    "submissions_to_merge",
]


class ResultMissingError(RuntimeError):
    """A department's latest review cannot be read back; the message is Chinese."""


def read_result_items(result_path: Path) -> tuple[ItemResult, ...]:
    """The items of a review from its result.json (a file entry, or a whole validate result)."""
    data = json.loads(result_path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "files" in data and "items" not in data:
        files = data["files"]
        data = files[0] if files else {}
    return tuple(ItemResult.from_dict(item) for item in data.get("items", []))


def load_items(submissions: Iterable[SubmissionRecord]) -> dict[int, tuple[ItemResult, ...]]:
    """Items per submission id; a missing or unreadable result.json leaves that one out."""
    out: dict[int, tuple[ItemResult, ...]] = {}
    for record in submissions:
        if not record.result_path:
            continue
        try:
            out[record.id] = read_result_items(Path(record.result_path))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue  # the bulletin then shows no shares for it rather than failing
    return out


def fixed_by(ledger: Ledger, submission_id: int | None) -> SubmissionRecord | None:
    """The latest later file of the same department that is a new version of this one, so
    that its notice is withdrawn, or None. Only a file the catalogue can rest on counts
    (Ledger.superseded_by), and only one that holds some of this one's items (by name): a
    later file with none of them is another part of the list (行政许可 in one file, 公共服务
    in the next), and the rejections of this one still stand."""
    record = ledger.submission(submission_id) if submission_id is not None else None
    newest = ledger.superseded_by(submission_id)
    if record is None or newest is None:
        return newest
    later = [r for r in ledger.reviewed_with_department()
             if r.department == record.department and r.status in USABLE_STATUSES
             and (r.received_at, r.id) > (record.received_at, record.id)]
    items = load_items([record, *later])
    mine = items.get(record.id)
    if not mine:
        return newest  # nothing to compare (an unreadable file has no items): the newest counts
    versions = [r for r in later if r.id not in items or shares_items(mine, items[r.id])]
    return max(versions, key=lambda r: (r.received_at, r.id), default=None)


def rejected_versions(
    ledger: Ledger, submission_id: int, department: str | None, items: Sequence[ItemResult]
) -> list[SubmissionRecord]:
    """The earlier files of ``department`` that were rejected, wholly or in part, and of which
    this one (its ``items``, being recorded) is a new version: it holds some of their items,
    by name."""
    me = ledger.submission(submission_id)
    if me is None or not department:
        return []
    earlier = [r for r in ledger.reviewed_with_department()
               if r.department == department and r.status != ACCEPTED and r.id != me.id
               and (r.received_at, r.id) < (me.received_at, me.id)]
    found = load_items(earlier)
    return [r for r in earlier if shares_items(found.get(r.id, ()), items)]


def earlier_files(
    ledger: Ledger, submission_id: int, department: str | None
) -> list[SubmissionRecord] | None:
    """The reviewed files of ``department`` received before this one, or None for a
    department not known (or a submission the ledger does not hold)."""
    me = ledger.submission(submission_id)
    if me is None or not department:
        return None
    return [r for r in ledger.reviewed_with_department()
            if r.department == department and r.id != me.id
            and (r.received_at, r.id) < (me.received_at, me.id)]


def dropped_items(
    earlier: Sequence[SubmissionRecord], items: Sequence[ItemResult]
) -> tuple[SubmissionRecord, tuple[ItemResult, ...]] | None:
    """The list the department's catalogue rested on before this file (catalogue_basis_of over
    its ``earlier`` files) and the items it passed that this file (its ``items``, being
    recorded) does not hold, by name: a usable file replaces the whole list (rules.md), so they
    leave the catalogue (a fix holding only the items sent back, another part of the list).
    None when it drops nothing; the caller knows whether this file is usable."""
    basis = next(iter(catalogue_basis_of(earlier)), None)
    if basis is None or basis.status not in USABLE_STATUSES:
        return None
    held = {item_key(i.name, i.subitem) for i in items if i.name}
    lost = tuple(i for i in load_items([basis]).get(basis.id, ())
                 if i.status == ACCEPTED and i.name and item_key(i.name, i.subitem) not in held)
    return (basis, lost) if lost else None


def shares_items(a: Iterable[ItemResult], b: Iterable[ItemResult]) -> bool:
    """Whether two files hold an item of the same name."""
    names = {name_key(i.name) for i in a if i.name}
    return any(name_key(i.name) in names for i in b if i.name)


def _shown_path(path: str | None, root: Path | None) -> str:
    if not path:
        return ""
    if root is None:
        return path
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return path


def in_registry_order(
    submissions: Iterable[Submission], resolve: Callable[[str], str | None],
    departments: Sequence[str],
) -> list[Submission]:
    """The submissions by their department's place in the registry (the official order the
    bulletin uses too), departments it does not know after it by name; a department's own
    files keep their order."""
    place = {name: i for i, name in enumerate(departments)}

    def key(sub: Submission) -> tuple[int, str]:
        name = resolve(sub.department) or sub.department
        return place.get(name, len(place)), name

    return sorted(submissions, key=key)


def submissions_to_merge(ledger: Ledger, root: Path | None = None) -> list[Submission]:
    """Every department's reviewed submissions, read from the ledger at once, in the order
    they were received (files received at the same moment: as the ledger took them in), each
    with its accepted items or marked unreadable, ready for consolidate (which keeps the file
    each department's catalogue rests on, as ledger.catalogue_basis_of: its latest, unless
    that was rejected as a whole; it lists older files as superseded and later rejected ones
    as set aside).

    A latest submission whose review cannot be read back raises ResultMissingError: a
    catalogue silently missing a department's items would be wrong.
    """
    records = ledger.reviewed_with_department()
    newest = catalogue_basis_of(records)
    ordered = sorted(records, key=lambda r: (r.received_at, r.id))
    items = load_items(ordered)
    unreadable = [r for r in newest if r.id not in items]
    if unreadable:
        raise ResultMissingError(
            "以下部门最新报送的审核结果（result.json）无法读取，汇总目录未生成："
            + "、".join(f"{r.department or r.original_name}（{r.result_path or '无记录'}）"
                       for r in unreadable)
            + "。请恢复这些审核报告目录后再汇总"
        )
    return [_submission(r, items.get(r.id), root) for r in ordered]


def _submission(
    record: SubmissionRecord, items: Iterable[ItemResult] | None, root: Path | None
) -> Submission:
    """A record as consolidate takes it; ``items`` None: its review could not be read."""
    path = _shown_path(record.archive_path, root)
    accepted = tuple(
        SourceItem(
            name=item.name or "",
            subitem=item.subitem,
            type=item.type,
            department=item.department or record.department or "",
            path=path,
            sheet=item.sheet,
            row=item.row,
            code=item.code,
            trips=item.trips,
            instant=item.instant,
            online=item.online,
            file=record.original_name,
            details=item.details,
        )
        for item in items or ()
        if item.status == ACCEPTED and item.name
    )
    return Submission(path=path, department=record.department or "",
                      received=record.received_at, items=accepted, file=record.original_name,
                      readable=items is not None,
                      usable=record.status in USABLE_STATUSES)
