"""Review one file: read it, check every item, and decide. The path the CLI and the flows share.

This is the one engine module that composes the policy (``catalog_check.schemas``) with the
building blocks; the building blocks themselves never import the schemas.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, TypedDict, Unpack

import pandas as pd

from catalog_check.checks import Context
from catalog_check.config import Config
from catalog_check.dates import beijing, day_text, moment_text
from catalog_check.fields import CATALOGUE_DETAILS
from catalog_check.files import shown_name
from catalog_check.findings import Finding, finding, ordered_by_sheets, sort_key
from catalog_check.gcpause import gc_paused
from catalog_check.inbox import sha256_file
from catalog_check.reader import ReadError, read_workbook
from catalog_check.registry import Registry, registry_for
from catalog_check.returned import returned_report
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
    if received is None or deadline is None or beijing(received).date() <= deadline:
        return None
    return finding(  # dates as the notices write them (2017年3月11日 09:30)
        "late-submission",
        received=moment_text(received),
        deadline=day_text(deadline),
    )


def _online(online: bool | None, form_cell: str | None) -> bool | None:
    if online is not None:
        return online
    if form_cell and ("网上" in form_cell or "网办" in form_cell or "在线" in form_cell):
        return True
    return None


def _each_distinct(values: list[Any], read: Callable[[Any], Any]) -> list[Any]:
    """``read`` applied to every value, computed once per distinct value."""
    seen = {v: read(v) for v in dict.fromkeys(values)}
    return [seen[v] for v in values]


#: An item's reason when its file is rejected as a whole: the file's problems are listed once,
#: under 文件问题, not repeated under every item.
WHOLE_FILE_REASON = "所在文件存在问题，请先按「文件问题」修改文件"


def _items(
    ctx: Context,
    linked: list[tuple[int | None, Finding]],
    file_reasons: tuple[str, ...] = (),
) -> tuple[ItemResult, ...]:
    """Each item's verdict, with the facts the bulletin and the catalogue count, read from the
    rules' context (each distinct cell is parsed once, by the same parsers the rules use)."""
    by_item: dict[int | None, list[Finding]] = defaultdict(list)
    for index, f in linked:
        by_item[index].append(f)
    raw_names = ctx.raw["事项名称"].tolist()
    raw_subs = ctx.raw["子项名称"].tolist()
    codes = ctx.items["事项编码"].tolist()
    registry = ctx.registry

    def department(text: str | None) -> str | None:
        dept = registry.department(text)
        return dept.name if dept else None

    departments = _each_distinct(ctx.items["实施部门"].tolist(), department)
    types = ctx.type_norm.tolist()
    trips = [None if t is pd.NA else int(t) for t in ctx.trips.tolist()]
    # 即办 from 是否即办件, else from the 承诺 part of 承诺办结时限 (法定…，承诺即办).
    instant = [
        flag if flag is not None else (None if promise is None else promise.instant)
        for flag, promise in zip(
            ctx.yes_no("是否即办件").tolist(), ctx.promise.tolist(), strict=True
        )
    ]
    online = _each_distinct(
        list(zip(ctx.yes_no("是否网上办理").tolist(), ctx.items["办理形式"].tolist(), strict=True)),
        lambda pair: _online(*pair),
    )
    details = list(zip(*(_capped(ctx.items[f].tolist()) for f in CATALOGUE_DETAILS),
                       strict=True))
    out = []
    for i in range(ctx.n):
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
                sheet=ctx.sheets[i],
                row=ctx.rows[i],
                name=raw_names[i],
                subitem=raw_subs[i],
                status=REJECTED if reasons else ACCEPTED,
                type=types[i],
                department=departments[i],
                code=codes[i],
                trips=trips[i],
                instant=instant[i],
                online=online[i],
                reasons=reasons,
                notes=notes,
                details=details[i],
            )
        )
    return tuple(out)


#: The longest value of a catalogue field an item carries (the JSON result, the catalogue): a
#: 32,000-character cell repeated down 2,000 rows made a result of 772 million characters. A
#: 设定依据 quoting several articles in full stays whole; a longer one ends in …
DETAIL_CHARS = 4000


def _capped(values: list[str | None]) -> list[str | None]:
    return [v if v is None or len(v) <= DETAIL_CHARS else v[: DETAIL_CHARS - 1] + "…"
            for v in values]


def _department(
    items: tuple[ItemResult, ...], named: str | None, registry: Registry
) -> str | None:
    """The department most of the file's items name (cli.md: a submission's department).

    A body's items count for its department when the department's own items are in the file
    too (省公安厅's list, most of whose items are 浙江省公安厅交通管理局's, is 省公安厅's: filed
    under the bureau, its fix, with another mix, did not replace it). The file's name decides
    between a department and its body (``named``: the department the name names). Items name
    registered departments, and a body is known by the registry (Registry.parent_of: its
    上级部门, or a name that starts with the department's)."""
    counts = Counter(i.department for i in items if i.department)
    if not counts:
        return None
    parent = registry.parent_of
    folded: Counter[str] = Counter()
    for name, n in counts.items():
        head = parent(name)
        folded[head if head in counts else name] += n
    top = folded.most_common(1)[0][0]
    if named is not None and named in counts and (named == top or parent(named) == top):
        return named
    return top


def _named_by_file(registry: Registry, name: str) -> str | None:
    """The department the file's name names, for a file whose items name none (it could not
    be read, or has no 实施部门): its notice then reaches the department, not only the group."""
    found = registry.department_named_in(name)
    return found.name if found else None


def _check(
    workbook: Workbook, registry: Registry, extra: list[Finding]
) -> tuple[Tables, list[Finding], tuple[ItemResult, ...]]:
    """Tables, findings and item verdicts of a workbook that could be read."""
    tables = extract_tables(workbook)
    findings = [*tables.findings, *extra]
    # A file rejected as a whole (missing-column …) still lists its rows, so that its
    # department and item count are known, each rejected with the file; its items are checked
    # all the same (the rules leave a missing column alone), so that the department fixes
    # everything in one round instead of learning of the rest after sending the columns.
    blocking = any(f.severity is Severity.ERROR for f in tables.findings)
    ctx = Context(tables, registry)
    linked = check_tables(tables, registry, context=ctx) if ctx.n else []
    findings.extend(f for _, f in linked)
    return tables, findings, _items(ctx, linked, (WHOLE_FILE_REASON,) if blocking else ())


def _named(workbook: Workbook, name: str | None) -> Workbook:
    """A CSV's one sheet is named after the file: after the name it was submitted under, not
    the archived copy's (a content hash the department never saw)."""
    if workbook.format != "csv" or not name or len(workbook.sheets) != 1:
        return workbook
    sheet = dataclasses.replace(workbook.sheets[0], name=PurePath(name).stem)
    return dataclasses.replace(workbook, sheets=(sheet,))


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
    name = shown_name(name or path.name)  # a GBK name on disk reads as text
    # (the path as it is, for scripts; only bytes JSON cannot carry are read as text)
    base: _Base = {"path": shown_name(str(path), one_line=False), "sha256": sha,
                   "received": received, "name": name}
    late = _late(received, config)
    extra = [late] if late else []
    try:
        with gc_paused():
            workbook = _named(read_workbook(path, config.limits), name)
    except ReadError as err:
        findings = (finding(err.code, detail=err.detail), *extra)
        # A spreadsheet that could not be read (.xlsb and Excel 95 too) is its department's;
        # a cover letter (.pdf, .docx: unsupported-format) is no submission of anyone's.
        nobodys = err.code == "unsupported-format" and not err.spreadsheet
        named = None if nobodys else _named_by_file(registry, name)
        return Review(FileReview(format=None, status=file_status((), findings),
                                 department=named, findings=findings, **base))
    if kind := returned_report(workbook):
        # Our own 退回清单 or 审核报告 sent back: no list, and nobody's (as a cover letter)
        findings = (finding("returned-report", kind=kind),)
        return Review(FileReview(format=workbook.format, status=file_status((), findings),
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
    return Review(file_review(workbook, items, findings, registry, **base), workbook, tables)


class _Base(TypedDict):
    """What a FileReview records of the file itself."""

    path: str
    sha256: str
    received: datetime | None
    name: str


def file_review(
    workbook: Workbook,
    items: tuple[ItemResult, ...],
    findings: list[Finding],
    registry: Registry,
    **base: Unpack[_Base],
) -> FileReview:
    """The verdict on a file that could be read: its findings in the order of its sheets, its
    status and its department (``base``: path, sha256, received and name, as FileReview
    takes them)."""
    findings = ordered_by_sheets(findings, [s.name for s in workbook.sheets])
    named = _named_by_file(registry, base["name"])
    return FileReview(
        format=workbook.format,
        status=file_status(items, findings),
        department=_department(items, named, registry) or named,
        items=items,
        findings=tuple(findings),
        **base,
    )

