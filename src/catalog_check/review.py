"""Review one file: read it, check every item, and decide. The path the CLI and the flows share.

This is the one engine module that composes the policy (``catalog_check.schemas``) with the
building blocks; the building blocks themselves never import the schemas.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from catalog_check.config import Config
from catalog_check.fields import item_type
from catalog_check.findings import Finding, finding, sort_key
from catalog_check.gcpause import gc_paused
from catalog_check.inbox import sha256_file
from catalog_check.parse import parse_time_limits, parse_trips, parse_yes_no
from catalog_check.reader import ReadError, read_workbook
from catalog_check.registry import Registry, registry_for
from catalog_check.rules import Severity
from catalog_check.schemas import check_tables
from catalog_check.table import Tables, extract_tables
from catalog_check.verdict import ACCEPTED, REJECTED, FileReview, ItemResult, file_status
from catalog_check.workbook import Workbook

__all__ = ["Review", "ReviewError", "review_file"]

log = logging.getLogger("catalog_check.review")


class ReviewError(Exception):
    """The review itself failed on a file (a bug of ours); the message is Chinese."""


@dataclass(frozen=True, slots=True)
class Review:
    """A file's review with what was read, for the reports that mark up the original."""

    file: FileReview
    workbook: Workbook | None = None
    tables: Tables | None = None


def _late(received: datetime | None, config: Config) -> Finding | None:
    deadline = config.batch.deadline
    if received is None or deadline is None or received.date() <= deadline:
        return None
    return finding(
        "late-submission",
        received=received.strftime("%Y-%m-%d %H:%M"),
        deadline=deadline.isoformat(),
    )


def _online(online_cell: str | None, form_cell: str | None) -> bool | None:
    flag = parse_yes_no(online_cell)
    if flag is not None:
        return flag
    if form_cell and ("网上" in form_cell or "网办" in form_cell or "在线" in form_cell):
        return True
    return None


def _instant(instant_cell: str | None, promise_cell: str | None) -> bool | None:
    flag = parse_yes_no(instant_cell)
    if flag is not None:
        return flag
    promise = parse_time_limits(promise_cell)[1]  # as the rules read it (法定…，承诺即办)
    return None if promise is None else promise.instant


def _each_distinct(values: list[Any], read: Callable[[Any], Any]) -> list[Any]:
    """``read`` applied to every value, computed once per distinct value."""
    seen = {v: read(v) for v in dict.fromkeys(values)}
    return [seen[v] for v in values]


def _items(
    tables: Tables,
    linked: list[tuple[int | None, Finding]],
    registry: Registry,
    file_reasons: tuple[str, ...] = (),
) -> tuple[ItemResult, ...]:
    by_item: dict[int | None, list[Finding]] = defaultdict(list)
    for index, f in linked:
        by_item[index].append(f)
    frame = tables.items
    raw = tables.raw
    cols = {name: frame[name].tolist() for name in (
        "事项名称", "子项名称", "事项类型", "实施部门", "事项编码", "跑动次数",
        "是否即办件", "承诺办结时限", "是否网上办理", "办理形式",
    )}
    raw_names = raw["事项名称"].tolist()
    raw_subs = raw["子项名称"].tolist()
    sheets = frame["_sheet"].tolist()
    rows = frame["_row"].tolist()

    def department(text: str | None) -> str | None:
        dept = registry.department(text)
        return dept.name if dept else None

    # Each distinct cell (or pair of cells) is read once: 100k items repeat their values.
    departments = _each_distinct(cols["实施部门"], department)
    types = _each_distinct(cols["事项类型"], item_type)
    trips = _each_distinct(cols["跑动次数"], parse_trips)
    instant = _each_distinct(list(zip(cols["是否即办件"], cols["承诺办结时限"], strict=True)),
                             lambda pair: _instant(*pair))
    online = _each_distinct(list(zip(cols["是否网上办理"], cols["办理形式"], strict=True)),
                            lambda pair: _online(*pair))
    out = []
    for i in range(len(frame)):
        found = by_item.get(i)
        if found:
            found.sort(key=sort_key)
            reasons = file_reasons + tuple(
                f.message for f in found if f.severity is Severity.ERROR
            )
            notes = tuple(f.message for f in found if f.severity is not Severity.ERROR)
        else:
            reasons, notes = file_reasons, ()
        out.append(
            ItemResult(
                sheet=sheets[i],
                row=int(rows[i]),
                name=raw_names[i],
                subitem=raw_subs[i],
                status=REJECTED if reasons else ACCEPTED,
                type=types[i],
                department=departments[i],
                code=cols["事项编码"][i],
                trips=trips[i],
                instant=instant[i],
                online=online[i],
                reasons=reasons,
                notes=notes,
            )
        )
    return tuple(out)


def _department(items: tuple[ItemResult, ...]) -> str | None:
    """The department most of the file's items name (cli.md: a submission's department)."""
    counts = Counter(i.department for i in items if i.department)
    return counts.most_common(1)[0][0] if counts else None


def _check(
    workbook: Workbook, registry: Registry, extra: list[Finding]
) -> tuple[Tables, list[Finding], tuple[ItemResult, ...]]:
    """Tables, findings and item verdicts of a workbook that could be read."""
    tables = extract_tables(workbook)
    findings = [*tables.findings, *extra]
    # A file rejected as a whole (missing-column …) still lists its rows, each rejected
    # for the file's reasons, so that its department and item count are known.
    blocking = tuple(f.message for f in tables.findings if f.severity is Severity.ERROR)
    linked = [] if blocking else check_tables(tables, registry)
    findings.extend(f for _, f in linked)
    return tables, findings, _items(tables, linked, registry, blocking)


def review_file(
    path: Path,
    *,
    config: Config | None = None,
    registry: Registry | None = None,
    received: datetime | None = None,
    name: str | None = None,
    sha256: str | None = None,
) -> Review:
    """Review one submission file; a bad file gives findings (ReviewError only for our bugs)."""
    config = config or Config()
    registry = registry or registry_for(config)
    sha = sha256 or sha256_file(path)
    base = {"path": str(path), "sha256": sha, "received": received, "name": name or path.name}
    late = _late(received, config)
    extra = [late] if late else []
    try:
        with gc_paused():
            workbook = read_workbook(path, config.limits)
    except ReadError as err:
        findings = (finding(err.code, detail=err.detail), *extra)
        return Review(FileReview(format=None, status=file_status((), findings),
                                 department=None, findings=findings, **base))
    try:
        with gc_paused():
            tables, findings, items = _check(workbook, registry, extra)
    except Exception as exc:
        # A bug of ours is not the department's fault: no finding blames their file.
        log.exception("review of %s failed", path)
        raise ReviewError(
            f"审核程序处理「{base['name']}」时出错（内部错误 {type(exc).__name__}），"
            "该文件未完成审核，请联系技术支持"
        ) from exc
    findings.sort(key=sort_key)
    review = FileReview(
        format=workbook.format,
        status=file_status(items, findings),
        department=_department(items),
        items=items,
        findings=tuple(findings),
        **base,
    )
    return Review(review, workbook, tables)

