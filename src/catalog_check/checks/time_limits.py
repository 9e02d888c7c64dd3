"""Time limits: readable durations, a promise within the legal limit, 即办件 matching 即办."""

from __future__ import annotations

import numpy as np
import pandas as pd

from catalog_check.checks._context import (
    Context,
    Failure,
    FunctionRule,
    Linked,
    SchemaRule,
    cell_rule,
)
from catalog_check.checks._values import as_mask
from catalog_check.parse import is_no_legal_limit, parse_time_limits
from catalog_check.text import is_placeholder

__all__ = [
    "RULES",
    "legal_readable",
    "promise_readable",
    "promise_within_legal",
    "time_facts",
]

# Working days are floats (N日 = N×5/7): an equal promise must not fail on rounding.
_EPSILON = 1e-9


def _promise_ok(text: str) -> bool:
    return is_placeholder(text) or parse_time_limits(text)[1] is not None


def _legal_ok(text: str) -> bool:
    if is_placeholder(text) or is_no_legal_limit(text):
        return True
    legal, promise = parse_time_limits(text, "法定")
    return legal is not None or promise is not None


def promise_readable(values: pd.Series) -> pd.Series:
    """time-limit-unparseable: 承诺办结时限 reads as a duration (即办, 5个工作日, 承诺5日)."""
    return as_mask(values, _promise_ok)


def legal_readable(values: pd.Series) -> pd.Series:
    """time-limit-unparseable: 法定办结时限 reads as a duration, or says there is none (无)."""
    return as_mask(values, _legal_ok)


def _days(durations: pd.Series, permit: np.ndarray | None = None) -> np.ndarray:
    """Working days (rules.md: N日 = N×5/7). With ``permit``, a permit's N日 / N天 count N: the
    行政许可法 counts its 日 as working days (第八十二条)."""
    if permit is None:
        permit = np.zeros(len(durations), dtype=bool)
    return np.array([
        np.nan if d is None else d.working_days * 7 / 5 if is_permit and d.bare_days
        else d.working_days
        for d, is_permit in zip(durations.tolist(), permit.tolist(), strict=True)
    ])


def _flag(values: list[object]) -> np.ndarray:
    """True/False/None as 1.0/0.0/NaN."""
    return np.array([np.nan if v is None else float(bool(v)) for v in values])


def time_facts(ctx: Context) -> dict[str, pd.Series]:
    """promise_excess (promise - legal, working days), instant_gap (即办件 flag - 即办 promise)."""
    index = ctx.items.index
    # A permit's legal 二十日 is 20 working days (行政许可法 第八十二条); a promise in bare 日 keeps
    # the shorter reading (N×5/7), so that it is rejected only when it exceeds on either reading.
    excess = _days(ctx.promise) - _days(ctx.legal, ctx.type_is("行政许可"))
    declared = _flag(ctx.yes_no("是否即办件").tolist())
    instant = _flag([None if d is None else d.instant for d in ctx.promise.tolist()])
    return {
        "promise_excess": pd.Series(np.round(excess, 9), index=index, dtype="Float64"),
        "instant_gap": pd.Series(declared - instant, index=index).astype("Int64"),
    }


def promise_within_legal(values: pd.Series) -> pd.Series:
    """promise-exceeds-legal: the promise is not longer than the legal limit (equal is fine)."""
    return values <= _EPSILON


def _exceeds(ctx: Context, f: Failure) -> list[Linked]:
    promise, legal = ctx.promise.iat[f.index], ctx.legal.iat[f.index]
    return [
        ctx.item_finding(
            "promise-exceeds-legal", f.index, "承诺办结时限", promise=promise.text, legal=legal.text
        )
    ]


def _mismatch(ctx: Context, f: Failure) -> list[Linked]:
    instant = ctx.raw_value(f.index, "是否即办件")
    promise = ctx.raw_value(f.index, "承诺办结时限")
    return [
        ctx.item_finding(
            "instant-mismatch",
            f.index,
            "是否即办件",
            instant=instant.strip() if instant else "",
            promise=promise.strip() if promise else "",
        )
    ]


RULES: dict[str, SchemaRule | FunctionRule] = {
    "time-limit-unparseable": cell_rule("time-limit-unparseable"),
    "promise-exceeds-legal": SchemaRule(_exceeds),
    "instant-mismatch": SchemaRule(_mismatch),
}
