"""The result of reviewing one file: per-item verdicts, findings and the file's status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from catalog_check.fields import CATALOGUE_DETAILS
from catalog_check.findings import Finding, count_by_severity, ordered_by_sheets, sort_key
from catalog_check.gcpause import gc_paused
from catalog_check.rules import Severity

__all__ = [
    "ACCEPTED",
    "PARTIAL",
    "REJECTED",
    "UNKNOWN_DEPARTMENT",
    "UNREADABLE",
    "UNREADABLE_FORMAT",
    "FileReview",
    "ItemResult",
    "file_status",
    "reform_counts",
]

ACCEPTED, PARTIAL, REJECTED, UNREADABLE = "accepted", "partial", "rejected", "unreadable"
#: How every output names a submission whose department is not known.
UNKNOWN_DEPARTMENT = "未识别部门"
#: How the reports name the format of a file that is no spreadsheet we could read.
UNREADABLE_FORMAT = "无法识别（见问题清单）"
STATUS_LABELS = {ACCEPTED: "通过", PARTIAL: "部分退回", REJECTED: "退回", UNREADABLE: "无法读取"}
_UNREADABLE_CODES = frozenset(
    {"unsupported-format", "file-unreadable", "file-encrypted", "file-too-large"}
)


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One item row and its verdict, with the values the catalogue and the bulletin count.

    trips/instant/online are None when the cell was empty or unreadable.
    """

    sheet: str | None
    row: int
    name: str | None
    subitem: str | None
    status: str  # "accepted" | "rejected"
    type: str | None = None
    department: str | None = None
    code: str | None = None
    trips: int | None = None
    instant: bool | None = None
    online: bool | None = None
    reasons: tuple[str, ...] = ()  # messages of the error findings that reject it
    notes: tuple[str, ...] = ()  # messages of its warnings and infos
    # the values of fields.CATALOGUE_DETAILS, in that order, as read (cleaned; None: empty)
    details: tuple[str | None, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (cli.md's keys first, then the extra values)."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "name": self.name,
            "subitem": self.subitem,
            "status": self.status,
            "type": self.type,
            "department": self.department,
            "code": self.code,
            "trips": self.trips,
            "instant": self.instant,
            "online": self.online,
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "fields": dict(zip(CATALOGUE_DETAILS, self.details, strict=False)),  # () none read
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemResult:
        """Rebuild an item from :meth:`as_dict` output (result.json, the ledger)."""
        values = {k: data.get(k) for k in cls.__slots__}  # type: ignore[attr-defined]
        values["reasons"] = tuple(values["reasons"] or ())
        values["notes"] = tuple(values["notes"] or ())
        fields = data.get("fields") or {}
        values["details"] = tuple(fields.get(f) for f in CATALOGUE_DETAILS) if fields else ()
        return cls(**values)


def reform_counts(rows: Iterable[Any]) -> tuple[int, int, int, tuple[int, int, int]]:
    """跑零次, 即办件 and 网上办理 among ``rows`` (anything with trips, instant and online: item
    verdicts, catalogue rows), and per measure how many rows answer it (None: not said)."""
    rows = list(rows)
    return (
        sum(1 for r in rows if r.trips == 0),
        sum(1 for r in rows if r.instant is True),
        sum(1 for r in rows if r.online is True),
        (
            sum(1 for r in rows if r.trips is not None),
            sum(1 for r in rows if r.instant is not None),
            sum(1 for r in rows if r.online is not None),
        ),
    )


def file_status(items: Iterable[ItemResult], findings: Iterable[Finding]) -> str:
    """accepted / partial / rejected / unreadable, as cli.md defines them."""
    file_errors = [
        f for f in findings if f.row is None and f.severity is Severity.ERROR
    ]
    if any(f.code in _UNREADABLE_CODES for f in file_errors):
        return UNREADABLE
    if file_errors:
        return REJECTED
    items = list(items)
    rejected = sum(1 for i in items if i.status == REJECTED)
    if not items or rejected == len(items):
        return REJECTED
    return PARTIAL if rejected else ACCEPTED


@dataclass(frozen=True, slots=True)
class FileReview:
    """Everything the review found in one submission file."""

    path: str
    sha256: str
    format: str | None
    status: str
    department: str | None
    items: tuple[ItemResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    received: datetime | None = None
    name: str = ""  # the file's original name as submitted

    @property
    def counts(self) -> dict[str, int]:
        """items / accepted / rejected / errors / warnings / infos (cli.md)."""
        rejected = sum(1 for i in self.items if i.status == REJECTED)
        return {
            "items": len(self.items),
            "accepted": len(self.items) - rejected,
            "rejected": rejected,
            **count_by_severity(self.findings),
        }

    @property
    def status_label(self) -> str:
        """The status in Chinese."""
        return STATUS_LABELS[self.status]

    @property
    def display_name(self) -> str:
        """The file's name as the department sent it (else the name of its path)."""
        return self.name or PurePath(self.path).name

    @property
    def ordered_findings(self) -> list[Finding]:
        """Every finding in reading order, sheets in the workbook's order: as the findings
        first name them (review_file keeps them so, and result.json after it), then as the
        items run."""
        sheets = [f.sheet for f in self.findings if f.row is not None]
        return ordered_by_sheets(self.findings, sheets + [i.sheet for i in self.items])

    @property
    def file_findings(self) -> list[Finding]:
        """Findings about the file as a whole (no row), in reading order."""
        return sorted((f for f in self.findings if f.row is None), key=sort_key)

    @property
    def file_errors(self) -> list[Finding]:
        """The file-level errors: what must be fixed before any item can pass."""
        return [f for f in self.file_findings if f.severity is Severity.ERROR]

    @gc_paused()  # one mapping per item: 0.6 s instead of 0.1 s on 100k items with GC on
    def as_dict(self) -> dict[str, Any]:
        """The file's entry of the JSON result of cli.md."""
        return {
            "path": self.path,
            # the name the department sent (intake reviews the archived copy, named by hash)
            "file": self.display_name,
            "sha256": self.sha256,
            "format": self.format,
            "status": self.status,
            "department": self.department,
            "received": self.received.isoformat() if self.received else None,
            "counts": self.counts,
            "items": [i.as_dict() for i in self.items],
            "findings": [f.as_dict() for f in self.ordered_findings],
        }
