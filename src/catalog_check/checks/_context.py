"""What every item rule reads: the tables, the registry, where each cell is, and shared facts.

Facts that several rules read (the normalised type, the citations, the durations, the trips,
the yes/no flags) are parsed once per distinct cell text and kept here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import numpy as np
import pandas as pd

from catalog_check.checks._values import (
    citation_segments,
    cited_levels,
    filled_key,
    flags,
    map_unique,
)
from catalog_check.fields import item_type
from catalog_check.findings import Finding, cell_ref, finding
from catalog_check.header import layout_at
from catalog_check.legal import Citation, parse_citations
from catalog_check.parse import Duration, parse_time_limits, parse_trips, parse_yes_no
from catalog_check.registry import Registry
from catalog_check.table import SheetLayout, Tables
from catalog_check.text import is_placeholder, is_placeholder_key
from catalog_check.text import item_label as labelled

__all__ = [
    "Context",
    "Describer",
    "Failure",
    "FunctionRule",
    "Linked",
    "SchemaRule",
    "cell_rule",
]

# Fields whose name_key the rules need (duplicates, linking materials to items).
_KEYED = frozenset({"事项名称", "子项名称", "事项编码", "序号"})

#: A finding with the index (in tables.items) of the item it rejects or flags.
Linked = tuple[int, Finding]
_KEEP = object()


@dataclass(frozen=True, slots=True)
class Failure:
    """One failure a schema reported: which table ("items" or "materials"), row index, column."""

    table: str
    index: int
    column: str


#: Turns one failure a schema reported into the findings it stands for.
Describer = Callable[["Context", Failure], list[Linked]]


@dataclass(frozen=True, slots=True)
class SchemaRule:
    """A rule a schema checks: ``describe`` turns one reported failure into findings."""

    describe: Describer


@dataclass(frozen=True, slots=True)
class FunctionRule:
    """A rule checked by a plain function over the whole submission."""

    run: Callable[[Context], list[Linked]]


def cell_rule(code: str, column: str | None = None) -> SchemaRule:
    """A rule whose every failure is one finding about one cell of the failing item:
    ``column``, else the column the schema reported."""

    def describe(ctx: Context, f: Failure) -> list[Linked]:
        return [ctx.item_finding(code, f.index, column or f.column)]

    return SchemaRule(describe)


def _legal_of(text: str) -> Duration | None:
    """The legal limit a 法定办结时限 cell gives (a limit marked 承诺 there, if that is all)."""
    legal, promise = parse_time_limits(text, "法定")
    return legal if legal is not None else promise


class Context:
    """One submission as the rules read it (build it once per check_tables call)."""

    def __init__(self, tables: Tables, registry: Registry) -> None:
        self.tables = tables
        self.registry = registry
        # Rules address items by position; the caller's index labels come back in check_tables.
        self.items: pd.DataFrame = tables.items.reset_index(drop=True)
        self.raw: pd.DataFrame = tables.raw.reset_index(drop=True)
        self.n = len(tables.items)
        self.sheets: list[str | None] = [
            s if isinstance(s, str) else None for s in self.items["_sheet"].tolist()
        ]
        self.rows: list[int] = [int(r) for r in self.items["_row"].tolist()]
        self.names: list[str | None] = [
            r if isinstance(r, str) else c
            for r, c in zip(
                self.raw["事项名称"].tolist(), self.items["事项名称"].tolist(), strict=True
            )
        ]
        # The tables of each sheet in order (a sheet may hold two, each with its own header).
        self._layouts: dict[tuple[str, str | None], list[SheetLayout]] = {}
        for lay in tables.layouts:
            self._layouts.setdefault((lay.kind, lay.sheet), []).append(lay)
        # Sheets by code (a CSV's rows may carry no sheet name: None is a sheet like any other).
        self._sheet_names = list(dict.fromkeys(self.sheets))
        where = {s: k for k, s in enumerate(self._sheet_names)}
        self._sheet_codes = np.fromiter((where[s] for s in self.sheets), np.int64, self.n)
        self._item_layouts, self._item_layout_codes = self._index_item_layouts()
        self.has_materials_sheet = tables.materials is not None or any(
            kind == "materials" for kind, _ in self._layouts
        )
        self._memo: dict[str, Any] = {}

    def _index_item_layouts(self) -> tuple[list[SheetLayout | None], np.ndarray]:
        """Every items table once, and for each item the position of its table in that list
        (header.layout_at, for every item at once)."""
        found: list[SheetLayout | None] = []
        codes = np.zeros(self.n, dtype=np.int64)
        rows = np.asarray(self.rows, dtype=np.int64)
        for code, sheet in enumerate(self._sheet_names):
            mine = self._sheet_codes == code
            lays = self._layouts.get(("items", sheet), [])
            base = len(found)
            found += lays or [None]
            if len(lays) > 1:
                starts = np.array([lay.header_rows[-1] for lay in lays], dtype=np.int64)
                at = np.searchsorted(starts, rows[mine], side="left") - 1
                codes[mine] = base + np.clip(at, 0, len(lays) - 1)
            else:
                codes[mine] = base
        return found, codes

    def layout(self, kind: str, sheet: str | None, row: int) -> SheetLayout | None:
        """The table (items or materials) of ``sheet`` that Excel row ``row`` belongs to."""
        return layout_at(self._layouts.get((kind, sheet), ()), row)

    # ------------------------------------------------------------------ where things are

    def present(self, field: str) -> np.ndarray:
        """Whether each item's sheet has a column for ``field`` (no layout: assume it has)."""

        def build() -> np.ndarray:
            known = [field in lay.columns if lay is not None else True
                     for lay in self._item_layouts]
            return np.array(known, dtype=bool)[self._item_layout_codes]

        return self.memo(f"present:{field}", build)

    def item_cell(self, index: int, field: str) -> str | None:
        """The cell reference of ``field`` in item ``index`` (None without that column)."""
        lay = self._item_layouts[self._item_layout_codes[index]]
        col = lay.columns.get(field) if lay is not None else None
        return cell_ref(col, self.rows[index])

    def _column(self, frame: str, field: str) -> list[Any]:
        source = self.raw if frame == "raw" else self.items
        return self.memo(f"{frame}:{field}", lambda: source[field].tolist())

    def raw_value(self, index: int, field: str) -> str | None:
        """The cell as written (falls back to the normalised text); None when empty."""
        for frame in ("raw", "items"):
            if field in (self.raw.columns if frame == "raw" else self.items.columns):
                value = self._column(frame, field)[index]
                if isinstance(value, str):
                    return value
                if value is not None and not pd.isna(value):
                    return str(value)
        return None

    def sub_label(self, index: int) -> str:
        """（新办） for an item with a sub-item, "" without one."""
        return labelled("", self.raw_value(index, "子项名称"))

    def item_label(self, index: int) -> str:
        """The item's name with its sub-item: 保安服务公司设立许可（变更）."""
        return (self.names[index] or "") + self.sub_label(index)

    def item_finding(
        self, code: str, index: int, column: str, value: Any = _KEEP, **params: Any
    ) -> Linked:
        """A finding about ``column`` of item ``index``; value defaults to that cell as written."""
        shown = self.raw_value(index, column) if value is _KEEP else value
        lay = self._item_layouts[self._item_layout_codes[index]]
        written = lay.written.get(column) if lay is not None else None
        if written:
            params["written"] = written  # the header as the sheet names it (法律依据)
        return index, finding(
            code,
            sheet=self.sheets[index],
            row=self.rows[index],
            column=column,
            cell=self.item_cell(index, column),
            item=self.names[index],
            value=shown,
            **params,
        )

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """Compute a value once per context (the materials frame, lookup tables)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    # ------------------------------------------------------------------ shared facts

    def key(self, field: str) -> np.ndarray:
        """name_key of each item's ``field`` ("" when empty or a placeholder), once per
        distinct text."""
        return self.memo(
            f"key:{field}", lambda: map_unique(self.items[field], filled_key, "").to_numpy()
        )

    def blank(self, field: str) -> np.ndarray:
        """Whether each item's ``field`` is empty or a placeholder (cached per field)."""

        def build() -> np.ndarray:
            if field in _KEYED:  # the keys are needed anyway; is_placeholder is a test on them
                return flags(pd.Series(self.key(field), dtype=object), is_placeholder_key, True)
            return flags(self.items[field], is_placeholder, True)

        return self.memo(f"blank:{field}", build)

    def yes_no(self, field: str) -> pd.Series:
        """``field`` read as yes/no: True, False or None (blank or unreadable)."""
        read = partial(parse_yes_no, field=field)
        return self.memo(f"yn:{field}", lambda: map_unique(self.items[field], read))

    @cached_property
    def type_norm(self) -> pd.Series:
        """事项类型 normalised to one of the eleven types, None when blank or unknown."""
        return map_unique(self.items["事项类型"], item_type)

    @cached_property
    def citations(self) -> pd.Series:
        """设定依据 cited instruments per item (an empty tuple when blank)."""
        return self.citations_of(self.items["设定依据"])

    def _parse_cached(self, text: str) -> tuple[Citation, ...]:
        cache: dict[str, tuple[Citation, ...]] = self.memo("citations", dict)
        found = cache.get(text)
        if found is None:
            pieces = citation_segments(text)
            if pieces is None:
                found = parse_citations(text, self.registry)
            else:
                get, parse = cache.get, self._parse_cached
                found = ()
                for piece in pieces:
                    part = get(piece)
                    found += part if part is not None else parse(piece)
            cache[text] = found
        return found

    def citations_of(self, values: pd.Series) -> pd.Series:
        """Citations of any text column (an empty tuple when blank), parsed once per text."""
        return map_unique(values, self._parse_cached, ())

    def levels_of(self, values: pd.Series) -> pd.Series:
        """The levels cited by each text (cited_levels), None when it cites nothing."""
        return map_unique(values, lambda t: cited_levels(self._parse_cached(t)))

    @cached_property
    def promise(self) -> pd.Series:
        """承诺办结时限 as a Duration (the 承诺 part of a combined cell), None if unreadable."""
        return map_unique(self.items["承诺办结时限"], lambda t: parse_time_limits(t)[1])

    @cached_property
    def legal(self) -> pd.Series:
        """The legal limit: 法定办结时限, else the 法定 part of a combined 承诺办结时限 cell."""
        own = map_unique(self.items["法定办结时限"], _legal_of)
        combined = map_unique(self.items["承诺办结时限"], lambda t: parse_time_limits(t)[0])
        return own.where(own.notna(), combined)

    @cached_property
    def trips(self) -> pd.Series:
        """跑动次数 as a nullable integer (NA when blank or unreadable)."""
        return map_unique(self.items["跑动次数"], parse_trips).astype("Int64")

    def type_is(self, value: str) -> np.ndarray:
        """Whether each item's normalised type is ``value`` (cached: rules describing each
        failure ask again)."""
        return self.memo(f"type_is:{value}",
                         lambda: (self.type_norm == value).to_numpy(dtype=bool))
