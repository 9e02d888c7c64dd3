"""Merging every department's latest accepted items into one catalogue (rules.md, consolidation).

Order of work: keep each department's latest submission; keep out the items of earlier
batches (per item, before merging); merge exact duplicates across departments into one row;
list probable duplicates; apply the reviewer's decisions (合并 → one row, 不合并 → not asked
again).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from catalog_check.catalogue.decisions import Decisions, Key, item_key
from catalog_check.catalogue.earlier import EarlierIndex, EarlierItem
from catalog_check.catalogue.similar import find_key_pairs
from catalog_check.fields import CATALOGUE_DETAILS
from catalog_check.findings import Finding, finding
from catalog_check.text import clean

__all__ = [
    "CatalogueEntry",
    "Consolidation",
    "EarlierMatch",
    "ProbablePair",
    "Resolver",
    "SourceItem",
    "Submission",
    "consolidate",
    "default_resolver",
]

Resolver = Callable[[str], "str | None"]


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One accepted item of a department's latest submission, where it was written."""

    name: str
    subitem: str | None
    type: str | None
    department: str
    path: str
    sheet: str | None
    row: int
    code: str | None = None
    trips: int | None = None
    instant: bool | None = None
    online: bool | None = None
    #: The name the file was sent under (path is the archived copy, named by its hash).
    file: str | None = None
    #: The values of fields.CATALOGUE_DETAILS, in that order (None: empty; () none read).
    details: tuple[str | None, ...] = ()

    @property
    def key(self) -> Key:
        """(normalised 事项名称, normalised 子项名称)."""
        return item_key(self.name, self.subitem)


@dataclass(frozen=True, slots=True)
class Submission:
    """A department's submission: its file, when it was received and its accepted items."""

    path: str
    department: str
    received: datetime
    items: tuple[SourceItem, ...]
    #: The name the file was sent under.
    file: str | None = None
    #: False when its review could not be read back (its items are then unknown, not none).
    readable: bool = True
    #: False when the review rejected the file as a whole or every item of it: it replaces no
    #: earlier submission of its department (cli.md: the latest *accepted* submission).
    usable: bool = True


def _label(name: str, subitem: str | None) -> str:
    return f"{name}——{subitem}" if subitem else name


def _all_or_none(values: list[bool | None]) -> bool | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    return all(known)


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One row of the merged catalogue: the item, every department and every source row.

    name/subitem/type: as the first source wrote them (type: the most common one);
    merged_keys: keys of other items merged into this row by a reviewer's 合并.
    """

    key: Key
    name: str
    subitem: str | None
    type: str | None
    departments: tuple[str, ...]
    sources: tuple[SourceItem, ...]
    merged_keys: tuple[Key, ...] = ()

    @property
    def label(self) -> str:
        """名称——子项 as shown in messages."""
        return _label(self.name, self.subitem)

    @property
    def trips(self) -> int | None:
        """跑动次数 of the row: the highest any source gives (None when none gives one)."""
        known = [s.trips for s in self.sources if s.trips is not None]
        return max(known) if known else None

    @property
    def instant(self) -> bool | None:
        """是否即办件: 是 only when every source that says says 是."""
        return _all_or_none([s.instant for s in self.sources])

    @property
    def online(self) -> bool | None:
        """是否网上办理: 是 only when every source that says says 是."""
        return _all_or_none([s.online for s in self.sources])

    def detail(self, field: str) -> str | None:
        """A field of fields.CATALOGUE_DETAILS as the sources write it: each different value
        once, one per line, in the sources' order (two departments may cite differently)."""
        at = CATALOGUE_DETAILS.index(field)
        values = dict.fromkeys(s.details[at] for s in self.sources
                               if len(s.details) > at and s.details[at] is not None)
        return "\n".join(values) if values else None

    @property
    def types_differ(self) -> str | None:
        """How the sources' 事项类型 differ, when they do (科技厅：其他行政权力；人社厅：行政许
        可): the row keeps the most common one, and the summary group should know."""
        by_department = dict.fromkeys((s.department, s.type) for s in self.sources if s.type)
        if len({t for _, t in by_department}) < 2:
            return None
        return "各部门填写的事项类型不一致：" + "；".join(f"{d}：{t}" for d, t in by_department)

    def duplicate_finding(self) -> Finding:
        """The duplicate-across-departments finding of this row."""
        return finding(
            "duplicate-across-departments",
            item=self.label,
            value=self.label,
            departments="、".join(self.departments),
        )


@dataclass(frozen=True, slots=True)
class ProbablePair:
    """Two catalogue items that are probably the same item written differently."""

    a: CatalogueEntry
    b: CatalogueEntry
    score: float
    reason: str

    @property
    def keys(self) -> frozenset[Key]:
        """The pair's order-independent key (the one decisions use)."""
        return frozenset((self.a.key, self.b.key))

    def finding(self) -> Finding:
        """The probable-duplicate finding of this pair."""
        return finding(
            "probable-duplicate",
            item=self.a.label,
            value=self.b.label,
            other_item=self.b.label,
            reason=self.reason,
        )


@dataclass(frozen=True, slots=True)
class EarlierMatch:
    """An item of this batch kept out because an earlier batch published it."""

    item: SourceItem
    earlier: EarlierItem

    @property
    def batch(self) -> str:
        """The earlier batch's label (第一批)."""
        return self.earlier.batch

    def finding(self) -> Finding:
        """The published-in-earlier-batch finding, pointing at the item's row."""
        return finding(
            "published-in-earlier-batch",
            sheet=self.item.sheet,
            row=self.item.row,
            column="事项名称",
            item=_label(self.item.name, self.item.subitem),
            value=self.item.name,
            batch=self.batch,
        )


@dataclass(frozen=True, slots=True)
class Consolidation:
    """Everything consolidate found; the writer and the JSON are built from it.

    duplicates: catalogue rows with the same key from two or more departments;
    merged: the 合并 decisions applied (pairs present in this catalogue);
    submissions: the latest submission of each department, in the order given (the latest
    accepted in whole or in part: a later file rejected as a whole replaces nothing);
    superseded: older submissions of the same departments, left out;
    set_aside: later submissions rejected as a whole, which did not replace the one kept.
    """

    catalogue: tuple[CatalogueEntry, ...]
    duplicates: tuple[CatalogueEntry, ...]
    probable: tuple[ProbablePair, ...]
    earlier: tuple[EarlierMatch, ...]
    submissions: tuple[Submission, ...]
    superseded: tuple[Submission, ...]
    items_in: int
    decisions: Decisions = field(default_factory=Decisions)
    merged: tuple[tuple[Key, Key], ...] = ()
    set_aside: tuple[Submission, ...] = ()
    # Items a body's department's file gave which the body's own later file gives again (or
    # the reverse): the later file's stand, these are left out.
    restated: tuple[SourceItem, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """The counts of cli.md's consolidate --json, plus superseded and merged."""
        return {
            "submissions": len(self.submissions),
            "items_in": self.items_in,
            "catalogue": len(self.catalogue),
            "duplicates_across_departments": len(self.duplicates),
            "probable_duplicates": len(self.probable),
            "earlier_batch": len(self.earlier),
            "superseded": len(self.superseded),
            "set_aside": len(self.set_aside),
            "merged_by_decision": len(self.merged),
            "restated": len(self.restated),
        }

    def left_out(self, sub: Submission) -> tuple[SourceItem, ...] | None:
        """The accepted items of a superseded submission that its department's latest one
        does not hold (a list sent in two parts loses its first part); None when its review
        could not be read."""
        if not sub.readable:
            return None
        kept = {s.key for latest in self.submissions if latest.department == sub.department
                for s in latest.items}
        return tuple(s for s in sub.items if s.key not in kept)

    def findings(self) -> list[Finding]:
        """Catalogue-level findings: earlier batch (with rows), duplicates, probable pairs."""
        return (
            [m.finding() for m in self.earlier]
            + [e.duplicate_finding() for e in self.duplicates]
            + [p.finding() for p in self.probable]
        )


def default_resolver() -> Resolver:
    """Alias resolution through the shipped department registry (the text itself without it)."""
    try:
        from catalog_check.registry import default_registry
    except ImportError:  # the registry module is optional for the catalogue engine
        return clean

    registry = default_registry()

    def resolve(text: str) -> str | None:
        dept = registry.department(text)
        return None if dept is None else getattr(dept, "name", str(dept))

    return resolve


def _memo(resolve: Resolver) -> Resolver:
    cache: dict[str, str | None] = {}

    def resolved(text: str) -> str | None:
        if text not in cache:
            cache[text] = resolve(text)
        return cache[text]

    return resolved


def _latest(
    submissions: Sequence[Submission], resolve: Resolver
) -> tuple[list[Submission], list[Submission], list[Submission]]:
    """The latest usable submission of each department (its latest when none is usable; ties:
    the later one given), the older ones it replaces, and the later unusable ones set aside."""
    latest: dict[str, int] = {}
    for i, sub in enumerate(submissions):
        dept = resolve(sub.department) or sub.department
        j = latest.get(dept)
        if j is None or (sub.usable, sub.received) >= (submissions[j].usable,
                                                       submissions[j].received):
            latest[dept] = i
    keep = {i: dept for dept, i in latest.items()}
    superseded: list[Submission] = []
    set_aside: list[Submission] = []
    for i, s in enumerate(submissions):
        if i in keep:
            continue
        # (under the resolved name too, to be set beside its department's latest)
        dept = resolve(s.department) or s.department
        kept = latest[dept]
        later = (s.received, i) > (submissions[kept].received, kept)  # ties: the order given
        (set_aside if later else superseded).append(replace(s, department=dept))
    return (
        [replace(s, department=keep[i]) for i, s in enumerate(submissions) if i in keep],
        superseded,
        set_aside,
    )


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _entry(key: Key, sources: list[SourceItem]) -> CatalogueEntry:
    first = sources[0]
    if len(sources) == 1:
        return CatalogueEntry(
            key, first.name, first.subitem, first.type, (first.department,), (first,)
        )
    types = Counter(s.type for s in sources if s.type)
    best = max(types.values()) if types else 0
    typ = next((s.type for s in sources if s.type and types[s.type] == best), first.type)
    departments = tuple(dict.fromkeys(s.department for s in sources))
    return CatalogueEntry(key, first.name, first.subitem, typ, departments, tuple(sources))


def _collect(
    kept: Sequence[Submission], index: EarlierIndex, resolve: Resolver
) -> tuple[dict[Key, list[SourceItem]], list[EarlierMatch], int]:
    """Items by key (departments resolved), the items of earlier batches, items read."""
    by_key: dict[Key, list[SourceItem]] = {}
    hits: list[EarlierMatch] = []
    count = 0
    for sub in kept:
        for item in sub.items:
            count += 1
            dept = (resolve(item.department) if item.department else None) or sub.department
            if dept != item.department:
                item = replace(item, department=dept)
            key = item.key
            hit = index.match_key(key, dept)
            if hit is not None:
                hits.append(EarlierMatch(item, hit))
            else:
                by_key.setdefault(key, []).append(item)
    return by_key, hits, count


def _latest_per_department(
    by_key: dict[Key, list[SourceItem]], kept: Sequence[Submission]
) -> list[SourceItem]:
    """One department's item given in two kept files (a body's item in its department's list,
    and again in the body's own file): the later file's stands, as a resubmission replaces
    an earlier list (its values are the body's latest word, not merged with the stale ones).
    Returns the items left out."""
    received = {sub.path: (sub.received, k) for k, sub in enumerate(kept)}
    restated: list[SourceItem] = []
    for key, sources in by_key.items():
        if len(sources) < 2:
            continue
        latest: dict[str, tuple[datetime, int]] = {}
        for src in sources:
            when = received.get(src.path)
            if when is not None and (src.department not in latest or when > latest[src.department]):
                latest[src.department] = when
        keep = [s for s in sources if received.get(s.path) in (None, latest.get(s.department))]
        if len(keep) < len(sources):
            restated += [s for s in sources if s not in keep]
            by_key[key] = keep
    return restated


def _merged_rows(entries: list[CatalogueEntry], union: _Union) -> list[CatalogueEntry]:
    """One row per group of entries joined by 合并, named as its first entry."""
    groups: dict[int, list[int]] = {}
    for i in range(len(entries)):
        groups.setdefault(union.find(i), []).append(i)
    rows: list[CatalogueEntry] = []
    for root, members in groups.items():  # roots are the smallest index: catalogue order
        head = entries[root]
        if len(members) == 1:
            rows.append(head)
            continue
        whole = _entry(head.key, [s for i in members for s in entries[i].sources])
        rows.append(
            replace(
                whole,
                name=head.name,
                subitem=head.subitem,
                type=head.type,
                merged_keys=tuple(entries[i].key for i in members if i != root),
            )
        )
    return rows


def consolidate(
    submissions: Sequence[Submission],
    *,
    earlier: Sequence[EarlierItem] = (),
    decisions: Decisions | None = None,
    resolve_department: Resolver | None = None,
) -> Consolidation:
    """Build the merged catalogue from each department's latest accepted items (rules.md).

    Submissions of one department (after alias resolution) keep only the latest by received
    time. Items matching an earlier batch are kept out first; exact duplicates (same key)
    become one row; probable pairs are listed unless a decision already covers them.
    resolve_department: alias → full name, None when unknown (default: shipped registry).
    """
    resolve = _memo(resolve_department or default_resolver())
    decisions = decisions if decisions is not None else Decisions()
    kept, superseded, set_aside = _latest(submissions, resolve)
    by_key, earlier_hits, items_in = _collect(kept, EarlierIndex(earlier, resolve), resolve)
    restated = _latest_per_department(by_key, kept)

    entries = [_entry(key, sources) for key, sources in by_key.items()]
    position = {e.key: i for i, e in enumerate(entries)}
    union = _Union(len(entries))
    merged: list[tuple[Key, Key]] = []
    for d in decisions.merges():
        i, j = position.get(d.a), position.get(d.b)
        if i is not None and j is not None:
            union.union(i, j)
            merged.append((d.a, d.b))

    pairs = [
        ProbablePair(entries[i], entries[j], m.score, m.reason)
        for i, j, m in find_key_pairs([(e.key, e.type) for e in entries])
        if union.find(i) != union.find(j)
        and decisions.verdict(entries[i].key, entries[j].key) is None
    ]
    return Consolidation(
        catalogue=tuple(_merged_rows(entries, union)),
        duplicates=tuple(e for e in entries if len(e.departments) > 1),
        probable=tuple(pairs),
        earlier=tuple(earlier_hits),
        submissions=tuple(kept),
        superseded=tuple(superseded),
        set_aside=tuple(set_aside),
        items_in=items_in,
        decisions=decisions,
        merged=tuple(merged),
        restated=tuple(restated),
    )
