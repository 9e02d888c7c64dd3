"""Per-value helpers the rules share: map a function once per distinct value, fast keys, blanks.

Catalogue cells repeat a great deal (是, 20个工作日, 浙江省公安厅), so every parser runs once per
distinct text and the result is spread back over the rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from catalog_check.legal import Citation, Level
from catalog_check.text import is_placeholder_key, name_key, trailing_notes_start

__all__ = [
    "LINES",
    "as_mask",
    "bare_key",
    "citation_segments",
    "cited_levels",
    "cites_above",
    "flag_table",
    "flags",
    "map_unique",
]


def flag_table(values: pd.Series, *fns: Callable[[Any], bool]) -> list[np.ndarray]:
    """Several ``flags`` over one column, sharing one pass of factorize (missing → False)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    plain = _plain(uniques)
    out = []
    for fn in fns:
        table = np.fromiter((bool(fn(v)) for v in plain), dtype=bool, count=len(plain))
        out.append(np.append(table, False)[codes])
    return out


def as_mask(values: pd.Series, fn: Callable[[Any], bool]) -> pd.Series:
    """``fn`` over a column as a boolean Series for a schema check (once per distinct value)."""
    return pd.Series(flags(values, fn, True), index=values.index)


def cites_above(values: pd.Series, low: frozenset[str]) -> pd.Series:
    """Per text of cited levels ("部门规章、规范性文件"): whether it names one outside ``low``."""
    return as_mask(values, lambda v: not set(v.split("、")) <= low)


def filled_key(value: Any) -> str:
    """name_key, with a placeholder (无, /, 详见附件) as the empty key: a 子项名称 of 无 is no
    sub-item, for duplicates and for linking materials alike."""
    key = name_key(value)
    return "" if is_placeholder_key(key) else key


def bare_key(text: str) -> str:
    """name_key without trailing notes in brackets: 其他材料（如有） → 其他材料."""
    key = name_key(text)
    return key[: trailing_notes_start(key)]


#: Line breaks as parse.split_list reads them: each line of a list cell splits on its own.
LINES = re.compile("\r\n?|\n|\u2028|\u2029")


def _plain(uniques: Any) -> list[Any]:
    """factorize's uniques as a list of Python objects (iterating a pandas array is slow)."""
    return np.asarray(uniques, dtype=object).tolist()


def map_unique(values: pd.Series, fn: Callable[[Any], Any], na: Any = None) -> pd.Series:
    """Apply ``fn`` once per distinct value (a missing value gives ``na``), keeping the index."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=object)
    for k, value in enumerate(_plain(uniques)):
        table[k] = fn(value)
    table[-1] = na
    return pd.Series(table[codes], index=values.index, dtype=object)


def flags(values: pd.Series, fn: Callable[[Any], bool], na: bool = False) -> np.ndarray:
    """Boolean array of ``fn`` over the values, computed once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.fromiter((bool(fn(v)) for v in _plain(uniques)), dtype=bool, count=len(uniques))
    table = np.append(table, na)
    return table[codes]


def cited_levels(citations: tuple[Citation, ...]) -> str | None:
    """The distinct levels cited, in hierarchy order, joined by 、 (None without citations)."""
    if not citations:
        return None
    return _joined_levels(frozenset(c.level for c in citations))


@lru_cache(maxsize=256)
def _joined_levels(levels: frozenset[Level]) -> str:
    return "、".join(str(lv) for lv in sorted(levels, key=lambda level: level.rank))


_BEFORE_TITLE = re.compile("(?=《)")
_NESTED_TITLE = re.compile("《[^》]*《")


def citation_segments(text: str) -> list[str] | None:
    """The text cut before each 《 (None when it holds one title or nested 《》).

    A citation reads only its title and what follows up to the next 《 (legal.parse_citations),
    so "《A》第八条；《B》第十条" parses as "《A》第八条；" plus "《B》第十条". The pieces
    repeat across items far more than whole cells do, which makes the cache hit.
    """
    if text.count("《") < 2 or _NESTED_TITLE.search(text):
        return None
    return [piece for piece in _BEFORE_TITLE.split(text) if piece.startswith("《")]




