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
)
from catalog_check.checks._values import as_mask
from catalog_check.parse import (
    MONTH_AS_30_DAYS,
    Duration,
    is_by_expiry,
    is_no_legal_limit,
    parse_time_limits,
)
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
    if is_placeholder(text) or is_no_legal_limit(text) or is_by_expiry(text):
        return True
    legal, promise = parse_time_limits(text, "法定")
    return legal is not None or promise is not None


def promise_readable(values: pd.Series) -> pd.Series:
    """time-limit-unparseable: 承诺办结时限 reads as a duration (即办, 5个工作日, 承诺5日)."""
    return as_mask(values, _promise_ok)


def legal_readable(values: pd.Series) -> pd.Series:
    """time-limit-unparseable: 法定办结时限 reads as a duration, or says there is none (无)."""
    return as_mask(values, _legal_ok)


def _excess(promises: pd.Series, legals: pd.Series, permit: np.ndarray) -> np.ndarray:
    """Promise minus legal limit in working days (rules.md: N日 = N×5/7), NaN if either is
    missing. A permit's legal N日 / N天 counts N (行政许可法 第八十二条 counts its 日 as working
    days); a promise in bare 日 then counts N too when the legal limit is also in bare 日 (one
    unit on both sides), else N×5/7: a promise is rejected only when it exceeds on every
    reading of 日 (20个工作日 against 28日 passes; 25日 against 20日 does not). A legal limit
    in months reads as 30 days a month, a little longer than rules.md's 21 working days (30日
    against 1个月 passes)."""
    out = np.full(len(promises), np.nan)
    for k, (promise, legal, is_permit) in enumerate(
        zip(promises.tolist(), legals.tolist(), permit.tolist(), strict=True)
    ):
        if promise is None or legal is None:
            continue
        promised, allowed = _compared(promise, legal, is_permit)
        out[k] = promised - allowed
    return out


def _compared(promise: Duration, legal: Duration, is_permit: bool) -> tuple[float, float]:
    """The promise and the legal limit in working days, as _excess compares them."""
    promised, allowed = promise.working_days, legal.working_days
    if legal.months:  # 1个月 is 21 working days (rules.md) or 30 days, the longer reading
        allowed *= MONTH_AS_30_DAYS
    if is_permit and legal.bare_days:
        allowed *= 7 / 5
        if promise.bare_days:
            promised *= 7 / 5
    return promised, allowed


def _days(value: float) -> str:
    return f"{round(value, 1):g}"


def _conversion(promise: Duration, legal: Duration, is_permit: bool) -> str:
    """How the two limits compare, when they are written in different units: 45日 against
    44个工作日 reads as 44 < 45 unless the message says 45日 is about 32 working days."""
    if promise.bare_days == legal.bare_days and not (promise.months or legal.months) and (
        ("工作" in promise.text) == ("工作" in legal.text)
    ):
        return ""
    promised, allowed = _compared(promise, legal, is_permit)
    if is_permit and legal.bare_days:
        basis = "行政许可的法定期限以工作日计"
    elif legal.months:
        basis = "法定期限1个月按30日计"
    elif "年" in legal.text and not legal.bare_days:
        basis = "1年按12个月、每月21个工作日计"
    else:
        basis = "“日”按自然日计"
    return f"（{basis}，折合工作日：承诺约{_days(promised)}个，法定约{_days(allowed)}个）"


def _flag(values: list[object]) -> np.ndarray:
    """True/False/None as 1.0/0.0/NaN."""
    return np.array([np.nan if v is None else float(bool(v)) for v in values])


def time_facts(ctx: Context) -> dict[str, pd.Series]:
    """promise_excess (promise - legal, working days), instant_gap (即办件 flag - 即办 promise)."""
    index = ctx.items.index
    excess = _excess(ctx.promise, ctx.legal, ctx.type_is("行政许可"))
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
    note = _conversion(promise, legal, bool(ctx.type_is("行政许可")[f.index]))
    return [
        ctx.item_finding(
            "promise-exceeds-legal", f.index, "承诺办结时限", promise=promise.text,
            legal=legal.text, note=note,
        )
    ]


def _mismatch(ctx: Context, f: Failure) -> list[Linked]:
    instant = ctx.raw_value(f.index, "是否即办件")
    promise = ctx.raw_value(f.index, "承诺办结时限")
    declared = ctx.yes_no("是否即办件").iat[f.index]
    note = ("即办件的承诺时限应为即办；确需办理时限的，不应标为即办件" if declared
            else "承诺时限为即办的，应标为即办件")
    return [
        ctx.item_finding(
            "instant-mismatch",
            f.index,
            "是否即办件",
            instant=instant.strip() if instant else "",
            promise=promise.strip() if promise else "",
            note=note,
        )
    ]


def _unparseable(ctx: Context, f: Failure) -> list[Linked]:
    """time-limit-unparseable; in the 法定办结时限 column the fix also says how to write that
    the law sets no limit (a department would otherwise invent one)."""
    none = "；法律法规未规定时限的，填“无”" if f.column == "法定办结时限" else ""
    return [ctx.item_finding("time-limit-unparseable", f.index, f.column, none=none)]


RULES: dict[str, SchemaRule | FunctionRule] = {
    "time-limit-unparseable": SchemaRule(_unparseable),
    "promise-exceeds-legal": SchemaRule(_exceeds),
    "instant-mismatch": SchemaRule(_mismatch),
}
