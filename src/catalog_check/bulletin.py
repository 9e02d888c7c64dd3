"""The progress bulletin (进度通报): per department, submitted or not, counts, shares, late or not.

Pure: built from the registry, the latest submission of each department (ledger records)
and the items of those submissions; :mod:`catalog_check.bulletin_writer` reads the inputs
from disk and writes the workbook and the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from catalog_check.dates import day_text
from catalog_check.ledger import SubmissionRecord, catalogue_basis_of, latest_of
from catalog_check.text import item_key
from catalog_check.verdict import ACCEPTED, STATUS_LABELS, ItemResult, reform_counts

if TYPE_CHECKING:
    from catalog_check.registry import Registry

__all__ = ["Bulletin", "BulletinRow", "BulletinTotals", "build_bulletin", "held_counts",
           "left_out_counts", "share"]


def share(count: int, base: int) -> float | None:
    """count / base, None when there is nothing to divide by."""
    return count / base if base else None


@dataclass(frozen=True, slots=True)
class _Shares:
    """Counts of accepted items that go zero trips, are done on the spot, can be done online.

    base: the accepted items those counts were taken over (0 when their details are unknown);
    known: per measure, how many of them answer it (an item of a sheet without a 是否网上办理
    column is not "not online": it is left out of that share).
    """

    base: int = 0
    zero_trip: int = 0
    instant: int = 0
    online: int = 0
    known: tuple[int, int, int] = (0, 0, 0)


def _shares(items: Sequence[ItemResult]) -> _Shares:
    accepted = [i for i in items if i.status == ACCEPTED]
    zero_trip, instant, online, known = reform_counts(accepted)
    return _Shares(base=len(accepted), zero_trip=zero_trip, instant=instant, online=online,
                   known=known)


class _ShareFigures:
    """The three shares the reform is measured by, each over the accepted items that answer
    it (known: 跑动次数, 是否即办件, 是否网上办理 readable); None when none does."""

    __slots__ = ()
    zero_trip: int
    instant: int
    online: int
    share_base: int
    known: tuple[int, int, int]

    @property
    def zero_trip_share(self) -> float | None:
        """Share of 跑零次 among the accepted items whose 跑动次数 is known."""
        return share(self.zero_trip, self.known[0])

    @property
    def instant_share(self) -> float | None:
        """Share of 即办件 among the accepted items that say whether they are."""
        return share(self.instant, self.known[1])

    @property
    def online_share(self) -> float | None:
        """Share of 网上办理 among the accepted items that say whether they can be."""
        return share(self.online, self.known[2])

    def share_dict(self) -> dict[str, Any]:
        """The counts and shares, for as_dict."""
        return {
            "zero_trip": self.zero_trip,
            "instant": self.instant,
            "online": self.online,
            "share_base": self.share_base,
            "zero_trip_share": self.zero_trip_share,
            "instant_share": self.instant_share,
            "online_share": self.online_share,
        }


@dataclass(frozen=True, slots=True)
class BulletinRow(_ShareFigures):
    """One department's line.

    late: True when its first file was received after the deadline, or when it has not
    submitted and the deadline has passed; False when on time or not yet due; None without
    a deadline. listed: False for a department that is not (or no longer) in the registry.
    share_base: the accepted items the three shares are taken over (from result.json).
    """

    department: str
    audit_group: str | None
    submitted: bool
    submission_id: int | None = None
    file_name: str | None = None
    received_at: datetime | None = None
    status: str | None = None
    items: int = 0
    accepted: int = 0
    rejected: int = 0
    share_base: int = 0
    zero_trip: int = 0
    instant: int = 0
    online: int = 0
    late: bool | None = None
    listed: bool = True
    known: tuple[int, int, int] = (0, 0, 0)
    left_out: int = 0  # accepted items of its earlier files that its latest one lacks
    held: int = 0  # latest file rejected as a whole: accepted items of the earlier one kept
    # A body whose items came in its department's file (sent no file of its own): that
    # department, and the body's items and accepted items in the file (counted on its row).
    via: str | None = None
    via_items: int = 0
    via_accepted: int = 0
    # A department's file carrying items of its bodies: (body, items of it in the file).
    bodies: tuple[tuple[str, int], ...] = ()
    # Items of its file that a later file of its body (or of its department) gives again:
    # (that body or department, items), counted on that line, not here.
    counted_elsewhere: tuple[tuple[str, int], ...] = ()

    @property
    def remark(self) -> str:
        """What the summary group should know beyond the figures (empty when nothing)."""
        if self.via:
            return (f"未单独报送，本单位事项{self.via_items}项（通过{self.via_accepted}项）"
                    f"由{self.via}在其报送文件中一并报送，计入{self.via}一行的统计")
        notes = []
        if self.held:
            note = (f"最新报送整体退回，汇总目录暂沿用前次报送中已通过的{self.held}项，"
                    "待部门修改后重新报送")
            if self.left_out:  # counted against the file kept, not the rejected latest
                note += (f"；更早报送中已通过的{self.left_out}项不在沿用的报送中，"
                         "请与部门核实")
            notes.append(note)
        elif self.left_out:
            notes.append(f"前次报送中已通过的{self.left_out}项在最新报送中没有或未通过，"
                         "汇总目录以最新报送为准，请与部门核实")
        if self.bodies:
            notes.append("含所属单位事项："
                         + "、".join(f"{body}{n}项" for body, n in self.bodies))
        for other, n in self.counted_elsewhere:
            notes.append(f"其中{n}项也见于{other}较晚报送的文件，计入{other}一行，本行不重复统计")
        return "；".join(notes)

    @property
    def status_label(self) -> str:
        """The review result in Chinese, 未报送 when nothing came in (empty for a body whose
        items came in its department's file: the verdict is that file's, on its row)."""
        if self.via:
            return ""
        return STATUS_LABELS.get(self.status or "", "未报送") if self.submitted else "未报送"

    @property
    def submitted_label(self) -> str:
        """已报送 / 随上级报送 (its items came in its department's file) / 未报送."""
        if self.via:
            return "随上级报送"
        return "已报送" if self.submitted else "未报送"

    @property
    def late_label(self) -> str:
        """逾期 / 按时 / 逾期未报 / 未到期 / empty without a deadline."""
        if self.late is None:
            return ""
        if self.submitted:
            return "逾期" if self.late else "按时"
        return "逾期未报" if self.late else "未到期"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "department": self.department,
            "audit_group": self.audit_group,
            "submitted": self.submitted,
            "submission_id": self.submission_id,
            "file_name": self.file_name,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "status": self.status,
            "items": self.items,
            "accepted": self.accepted,
            "rejected": self.rejected,
            **self.share_dict(),
            "late": self.late,
            "listed": self.listed,
            "left_out": self.left_out,
            "held": self.held,
            "via": self.via,
            "via_items": self.via_items,
            "via_accepted": self.via_accepted,
            "bodies": [{"department": body, "items": n} for body, n in self.bodies],
            "counted_elsewhere": [{"department": body, "items": n}
                                  for body, n in self.counted_elsewhere],
        }


@dataclass(frozen=True, slots=True)
class BulletinTotals(_ShareFigures):
    """The sums over all rows; late counts late submissions, overdue departments not submitted."""

    departments: int
    submitted: int
    late: int
    overdue: int
    items: int
    accepted: int
    rejected: int
    share_base: int
    zero_trip: int
    instant: int
    online: int
    known: tuple[int, int, int] = (0, 0, 0)
    via: int = 0  # bodies counted as submitted whose items came in their department's file
    # Departments whose latest file was rejected as a whole, and the accepted items of their
    # earlier files the catalogue keeps: not in ``accepted`` (the latest files'), in consolidate's.
    held_departments: int = 0
    held: int = 0

    @property
    def not_submitted(self) -> int:
        """Departments with no submission."""
        return self.departments - self.submitted

    @property
    def catalogue_accepted(self) -> int:
        """The accepted items the catalogue is built from (consolidate's 通过事项): the latest
        files' and, where a latest file was rejected as a whole, the earlier file's kept."""
        return self.accepted + self.held

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "departments": self.departments,
            "submitted": self.submitted,
            "not_submitted": self.not_submitted,
            "late": self.late,
            "overdue": self.overdue,
            "items": self.items,
            "accepted": self.accepted,
            "rejected": self.rejected,
            **self.share_dict(),
            "via": self.via,
            "held_departments": self.held_departments,
            "held": self.held,
            "catalogue_accepted": self.catalogue_accepted,
        }


@dataclass(frozen=True, slots=True)
class Unattributed:
    """A file received and reviewed whose department could not be told (no header, unreadable):
    its department may show as 未报送 though it sent this."""

    file_name: str
    audit_group: str | None
    received_at: datetime
    status: str

    @property
    def status_label(self) -> str:
        """The verdict in Chinese (无法读取, 退回 …)."""
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class Bulletin:
    """The whole bulletin: one row per department (registry order), then the totals, and the
    files whose department could not be told."""

    batch: str
    as_of: datetime
    deadline: date | None
    rows: tuple[BulletinRow, ...]
    totals: BulletinTotals
    unattributed: tuple[Unattributed, ...] = ()

    @property
    def title(self) -> str:
        """“最多跑一次”事项目录（第二批）审核进度通报（截至2017年3月11日）."""
        return f"“最多跑一次”事项目录（{self.batch}）审核进度通报（截至{day_text(self.as_of)}）"

    @property
    def file_stem(self) -> str:
        """进度通报-YYYYMMDD."""
        return f"进度通报-{self.as_of:%Y%m%d}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "title": self.title,
            "batch": self.batch,
            "as_of": self.as_of.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "rows": [r.as_dict() for r in self.rows],
            "totals": self.totals.as_dict(),
            "unattributed": [
                {"file_name": u.file_name, "audit_group": u.audit_group,
                 "received_at": u.received_at.isoformat(), "status": u.status}
                for u in self.unattributed
            ],
        }


def _local_day(moment: datetime, as_of: datetime) -> date:
    """The calendar day of ``moment`` where the bulletin is written (as_of's timezone)."""
    if moment.tzinfo is not None and as_of.tzinfo is not None:
        return moment.astimezone(as_of.tzinfo).date()
    return moment.date()


def _row(
    department: str,
    audit_group: str | None,
    record: SubmissionRecord | None,
    items: Sequence[ItemResult] | None,
    deadline: date | None,
    as_of: datetime,
    listed: bool,
    first: datetime | None = None,
    left_out: int = 0,
    held: int = 0,
) -> BulletinRow:
    if record is None:
        late = None if deadline is None else as_of.date() > deadline
        return BulletinRow(department, audit_group, submitted=False, late=late, listed=listed)
    shares = _shares(items) if items is not None else _Shares()
    # On time when the department's first file came by the deadline, though its fix came later.
    first = min(first or record.received_at, record.received_at)
    late = None if deadline is None else _local_day(first, as_of) > deadline
    return BulletinRow(
        department=department,
        audit_group=audit_group,
        submitted=True,
        submission_id=record.id,
        file_name=record.original_name,
        received_at=record.received_at,
        status=record.status,
        items=record.items,
        accepted=record.accepted,
        rejected=record.rejected,
        share_base=shares.base,
        zero_trip=shares.zero_trip,
        instant=shares.instant,
        online=shares.online,
        known=shares.known,
        late=late,
        listed=listed,
        left_out=left_out,
        held=held,
    )


def _registry_named(
    submissions: Sequence[SubmissionRecord], registry: Registry | None
) -> list[SubmissionRecord]:
    """The records under their department's registry name (a file recorded under a name that
    is now an alias is the same department's)."""
    if registry is None:
        return list(submissions)

    def named(record: SubmissionRecord) -> SubmissionRecord:
        found = registry.department(record.department) if record.department else None
        return replace(record, department=found.name) if found else record

    return [named(r) for r in submissions]


def held_counts(
    submissions: Sequence[SubmissionRecord],
    items_by_submission: Mapping[int, Sequence[ItemResult]],
    registry: Registry | None = None,
) -> dict[str, int]:
    """Per department whose latest file was rejected as a whole while an earlier one passed
    (in whole or in part), the accepted items of that earlier file, which the catalogue keeps
    (ledger.catalogue_basis_of)."""
    submissions = _registry_named(submissions, registry)
    latest = {r.department: r for r in latest_of(submissions) if r.department}
    out: dict[str, int] = {}
    for basis in catalogue_basis_of(submissions):
        head = latest.get(basis.department)
        if basis.department and head is not None and head.id != basis.id:
            items = items_by_submission.get(basis.id)
            out[basis.department] = (
                basis.accepted if items is None
                else sum(1 for i in items if i.status == ACCEPTED and i.name)
            )
    return out


def left_out_counts(
    submissions: Sequence[SubmissionRecord],
    items_by_submission: Mapping[int, Sequence[ItemResult]],
    registry: Registry | None = None,
) -> dict[str, int]:
    """Per department, the accepted items of its other files that the file its catalogue
    rests on (ledger.catalogue_basis_of: its latest, unless that was rejected as a whole)
    does not hold as accepted: that file replaces the whole list (rules.md), so a list sent
    in two parts loses its first part in the catalogue, as consolidate also says. Departments
    are compared by their registry name. Departments whose latest review cannot be read are
    left out."""
    submissions = _registry_named(submissions, registry)
    latest = {r.department: r for r in catalogue_basis_of(submissions) if r.department}
    earlier: dict[str, set[tuple[str, str]]] = {}
    for record in submissions:
        head = latest.get(record.department or "")
        if head is None or record.id == head.id:
            continue
        earlier.setdefault(head.department or "", set()).update(
            item_key(i.name, i.subitem)
            for i in items_by_submission.get(record.id, ()) if i.status == ACCEPTED and i.name
        )
    out: dict[str, int] = {}
    for department, keys in earlier.items():
        kept = items_by_submission.get(latest[department].id)
        if kept is None:
            continue
        lost = keys - {item_key(i.name, i.subitem) for i in kept if i.status == ACCEPTED}
        if lost:
            out[department] = len(lost)
    return out


@dataclass(frozen=True, slots=True)
class _Carried:
    """A body's items in its department's file: that department, the file (the one the
    department's catalogue rests on), when the first of its files holding them came, and how
    many of them there are and passed."""

    parent: str
    record: SubmissionRecord
    first: datetime
    items: int
    accepted: int


def _parents(registry: Registry) -> dict[str, str]:
    """Each registered body under a registered department (Registry.parent_of: its 上级部门,
    or a full name that starts with the department's, 浙江省公安厅交通管理局 under 浙江省公安厅)."""
    return {d.name: parent for d in registry.departments
            if (parent := registry.parent_of(d.name)) is not None}


def _carried_by_parents(
    registry: Registry,
    submissions: Sequence[SubmissionRecord],
    items_by_submission: Mapping[int, Sequence[ItemResult]],
) -> dict[str, _Carried]:
    """Per body whose items (实施部门 the body) are in the file its department's catalogue
    rests on (ledger.catalogue_basis_of, as consolidate, which lists them under the body):
    those items came through the department's list, so the body has submitted through it."""
    parents = _parents(registry)
    if not parents:
        return {}
    heads = set(parents.values())
    named = [r for r in _registry_named(submissions, registry) if r.department in heads]
    basis = {r.department: r for r in catalogue_basis_of(named)}
    department = _resolver(registry)

    out: dict[str, _Carried] = {}
    for body, parent in parents.items():
        kept = basis.get(parent)
        if kept is None:
            continue
        mine = [i for i in items_by_submission.get(kept.id, ()) if department(i.department) == body]
        if not mine:
            continue
        first = min(
            r.received_at for r in named
            if r.department == parent and any(
                department(i.department) == body for i in items_by_submission.get(r.id, ())
            )
        )
        out[body] = _Carried(parent, kept, first, len(mine),
                             sum(1 for i in mine if i.status == ACCEPTED))
    return out


def _resolver(registry: Registry) -> Callable[[str | None], str | None]:
    """The registry's full name of a 实施部门 as written (None when unknown), each text looked
    up once."""
    names: dict[str, str | None] = {}

    def department(text: str | None) -> str | None:
        if not text:
            return None
        if text not in names:
            found = registry.department(text)
            names[text] = found.name if found else None
        return names[text]

    return department


def _sent_again(
    registry: Registry,
    latest: Mapping[str, SubmissionRecord],
    items_by_submission: Mapping[int, Sequence[ItemResult]],
) -> dict[int, dict[int, tuple[str, ItemResult]]]:
    """Items a body's latest file and its department's latest file both give (the body's,
    by name): per the earlier of the two files, those items keyed by id(item), with the other
    department: counted on the line of the later file (as consolidate takes the later one's),
    not twice."""
    parents = _parents(registry)
    department = _resolver(registry)

    out: dict[int, dict[int, tuple[str, ItemResult]]] = {}
    for body, parent in parents.items():
        own, head = latest.get(body), latest.get(parent)
        if own is None or head is None:
            continue
        own_items = items_by_submission.get(own.id, ())
        head_items = [i for i in items_by_submission.get(head.id, ())
                      if department(i.department) == body]
        if (own.received_at, own.id) > (head.received_at, head.id):
            earlier, later, other = head, own_items, body
            theirs = head_items
        else:
            earlier, later, other = own, head_items, parent
            theirs = list(own_items)
        given = {item_key(i.name, i.subitem) for i in later}
        for item in theirs:
            if item_key(item.name, item.subitem) in given:
                out.setdefault(earlier.id, {})[id(item)] = (other, item)
    return out


def _via_row(
    department: str, audit_group: str | None, carried: _Carried, deadline: date | None,
    as_of: datetime,
) -> BulletinRow:
    """The line of a body that sent no file of its own and whose items came in its department's:
    submitted through it, on time when that file came by the deadline; its figures are counted
    on the department's line (they are that file's), so none is shown here twice."""
    late = None if deadline is None else _local_day(carried.first, as_of) > deadline
    return BulletinRow(
        department=department,
        audit_group=audit_group,
        submitted=True,
        submission_id=carried.record.id,
        file_name=carried.record.original_name,
        received_at=carried.record.received_at,
        late=late,
        via=carried.parent,
        via_items=carried.items,
        via_accepted=carried.accepted,
    )


def build_bulletin(
    registry: Registry,
    submissions: Sequence[SubmissionRecord],
    items_by_submission: Mapping[int, Sequence[ItemResult]],
    deadline: date | None,
    batch: str,
    as_of: datetime,
    left_out: Mapping[str, int] | None = None,
    held: Mapping[str, int] | None = None,
) -> Bulletin:
    """The bulletin as of ``as_of``: every registry department, submitted or not, and the totals.

    ``submissions``: the ledger's reviewed submissions (all, or the latest per department;
    those without a department are listed apart, as files whose department is unknown);
    a department's row shows the one received last, and it is late only when the first one
    came after the deadline (a fix sent during the audit is no late submission). Shares are
    taken over the accepted items found in ``items_by_submission`` (a submission without
    items there has no shares). ``left_out``: per department, the accepted items of its
    earlier files its latest one lacks (:func:`left_out_counts`), noted on its row; ``held``:
    per department whose latest file was rejected as a whole, the accepted items of the
    earlier file the catalogue keeps (:func:`held_counts`), noted too.

    A body under a registered department (浙江省公安厅交通管理局) that sent no file of its own,
    but whose items are in the department's file the catalogue rests on, has submitted through
    its department: its row says so (随上级报送), with that file, and is late only when that
    file came after the deadline; the items stay counted on the department's row, which names
    them.
    """
    left_out = left_out or {}
    held = held or {}
    latest = {r.department or "": r for r in latest_of(submissions)}
    first: dict[str, datetime] = {}
    unattributed: list[Unattributed] = []
    for record in submissions:
        if record.department is None:
            unattributed.append(Unattributed(record.original_name, record.audit_group,
                                             record.received_at, record.status))
            continue
        earliest = first.get(record.department)
        if earliest is None or record.received_at < earliest:
            first[record.department] = record.received_at

    all_carried = _carried_by_parents(registry, submissions, items_by_submission)
    for body, c in all_carried.items():  # a body's items first came in its department's file
        if body in first:
            first[body] = min(first[body], c.first)
    carried = {body: c for body, c in all_carried.items() if body not in latest}
    again = _sent_again(registry, latest, items_by_submission)
    rows: list[BulletinRow] = []
    for dept in registry.departments:
        found: SubmissionRecord | None = latest.pop(dept.name, None)
        items = items_by_submission.get(found.id) if found else None
        group = registry.group_of(dept).name
        if found is None and dept.name in carried:
            rows.append(_via_row(dept.name, group, carried[dept.name], deadline, as_of))
            continue
        twice = again.get(found.id, {}) if found is not None else {}
        if twice and items is not None:
            items = [i for i in items if id(i) not in twice]
        row = _row(dept.name, group, found, items, deadline, as_of, listed=True,
                   first=first.get(dept.name), left_out=left_out.get(dept.name, 0),
                   held=held.get(dept.name, 0))
        if twice:
            gone = list(twice.values())
            passed = sum(1 for _, item in gone if item.status == ACCEPTED)
            row = replace(row, items=row.items - len(gone), accepted=row.accepted - passed,
                          rejected=row.rejected - (len(gone) - passed),
                          counted_elsewhere=tuple(Counter(other for other, _ in gone).items()))
        bodies = tuple((body, c.items) for body, c in carried.items()
                       if c.parent == dept.name and found is not None and c.record.id == found.id)
        rows.append(replace(row, bodies=bodies) if bodies else row)
    for name in sorted(latest):  # departments the registry no longer knows: shown, not dropped
        other = latest[name]
        items = items_by_submission.get(other.id)
        rows.append(_row(name, other.audit_group, other, items, deadline, as_of, listed=False,
                         first=first.get(name), left_out=left_out.get(name, 0),
                         held=held.get(name, 0)))

    done = [r for r in rows if r.submitted]
    totals = BulletinTotals(
        departments=len(rows),
        submitted=len(done),
        late=sum(1 for r in done if r.late),
        overdue=sum(1 for r in rows if not r.submitted and r.late),
        items=sum(r.items for r in done),
        accepted=sum(r.accepted for r in done),
        rejected=sum(r.rejected for r in done),
        share_base=sum(r.share_base for r in done),
        zero_trip=sum(r.zero_trip for r in done),
        instant=sum(r.instant for r in done),
        online=sum(r.online for r in done),
        known=tuple(sum(r.known[k] for r in done) for k in range(3)),  # type: ignore[arg-type]
        via=sum(1 for r in done if r.via),
        held_departments=sum(1 for r in done if r.held),
        held=sum(r.held for r in done),
    )
    unattributed.sort(key=lambda u: u.received_at)
    return Bulletin(batch=batch, as_of=as_of, deadline=deadline, rows=tuple(rows), totals=totals,
                    unattributed=tuple(unattributed))
