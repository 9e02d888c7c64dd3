"""Trips and fees: readable 跑动次数, extra trips explained, zero trips reachable, fee basis."""

from __future__ import annotations

import bisect
import re

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
from catalog_check.checks._values import as_mask, flags
from catalog_check.parse import parse_trips
from catalog_check.text import is_placeholder

__all__ = [
    "RULES",
    "at_least_one",
    "at_most_one",
    "fee_facts",
    "trips_facts",
    "trips_readable",
]

# Sending by post (rules.md names 快递 and 邮寄; 寄递, 寄送, 邮政, EMS say the same) or as
# 行政许可法 第二十九条 lets an application come, by 信函, 电报, 电传, 传真, 电子邮件: no trip
# either; unless the words just before deny it (不支持快递, 不提供邮寄服务, 无需快递).
_POST_WORDS = "快递|邮寄|寄递|寄送|邮政|ems|信函|传真|电子邮件|电子邮箱|e-?mail|电报|电传"
_POST = re.compile(_POST_WORDS, re.IGNORECASE)
# A denial of post: 不 / 无 / 未 / 非, a verb of offering, then only post words and list marks up to
# this one (不支持快递、邮寄, 不提供邮寄或快递服务, 无需快递, 不可代办或邮寄, 不适用快递); not a
# 不 or 无 about something else
# (无需到现场，可快递申请, 不收取邮寄费用).
_DENIED = re.compile(
    r"(?:不|无|未|非)(?:需要|需|须|用|得|能|可以|可|允许|予|受理|接受|支持|提供|通过|采用|开放"
    r"|实行|涉及|开通|办理|以|适用)*(?:证照|材料|物流|上门|网上申请|网上)?[和或及与、/]?"
    rf"(?:(?:{_POST_WORDS})(?:服务|申请|方式)?[、,或和及与/]?)*$"
    # 不可代办或邮寄 forbids both (not 无需代办、邮寄即可: no proxy needed, post is fine)
    rf"|(?:不可|不得|不能|不予|不接受|不支持)代办[和或及与、/]?(?:(?:{_POST_WORDS})[、,或和及与/]?)*$"
    r"|□\s*$",  # an unticked box: □快递
    re.IGNORECASE,
)


# A denial written after the word, as a form's tick list reads: 快递：否, 邮寄（暂不支持）,
# 快递送达：无, 邮寄×, 邮寄（暂未开通）, 快递□, 邮寄件不予受理, also over a list of post words
# (快递、邮寄：否, 快递（邮寄）：否); not 邮寄：无需到现场, 快递不收取费用,
# 邮寄（不支持跨省寄递） or 邮寄申请（不支持邮寄到付）.
# More post words under one label are read by _denied_after, each once (one way only to read
# each space: no backtracking): what leads from one post word to the next,
_TO_NEXT_POST = re.compile(r"\s*(?:[、,/或和及与(（]\s*)?")
# and the denial after the last of them.
_DENIED_AFTER = re.compile(
    r"[)）]?(?:服务|申请|方式|办理|送达|递交|受理|寄送|材料|收件|件)?\s*(?:[:：(（【\[—\-]\s*)?"
    r"(?:否|无(?!需|须)|暂无|×|✗|✘|□|暂停|无法(?:办理)?|(?:暂)?未(?:开通|开放|提供)"
    r"|(?:暂)?不(?:支持|提供|受理|接受|接收|开放|开通|可以|可|能|行|适用|办理|予受理))"
    # then no more words (邮寄不支持跨省 denies only a part), or only the post word again
    # (不支持邮寄, but not 不支持邮寄到付)
    rf"(?:(?![\u4e00-\u9fff])|(?:{_POST_WORDS})(?:服务|方式|申请)?(?![\u4e00-\u9fff]))",
    re.IGNORECASE,
)


_TICKED = re.compile(r"\s*[☑√✓✔]")  # (\s: what str.lstrip strips)


# Post that only brings the result home (窗口办理，证照可快递送达; 结果邮寄送达): the applicant
# still comes to apply, so it makes no zero-trip item. Said within the post word's clause, or
# within its piece of a list of channels when that piece says what the post does (窗口受理、快递
# 送达 is 窗口受理，快递送达; in 领证方式：窗口领取、邮寄 the clause says it).
_CLAUSE_MARK = re.compile(r"[,，;；。\n]")
_PIECE_MARK = re.compile(r"[、/\s]")
_RESULT_ONLY = re.compile(r"送达|送证|证照|证件|证书|批文|结果|发证|出证|寄回|领取")
_APPLYING = re.compile(r"申请|申报|材料|提交|递交|收件|受理|报送|寄来|寄交")


def _result_only(clause: str) -> bool:
    return _RESULT_ONLY.search(clause) is not None and _APPLYING.search(clause) is None


def _denied_after(text: str, posts: list[re.Match[str]]) -> list[bool]:
    """For each post word, whether a denial follows it, also after more post words under one
    label (快递、邮寄：否, 快递（邮寄）：否). From the last word back, so that a long list is
    read once, not again from each of its words."""
    index = {m.start(): k for k, m in enumerate(posts)}
    after: dict[int, bool] = {}  # position → a denial, maybe after more post words, reads there

    def reads(at: int) -> bool:
        if _DENIED_AFTER.match(text, at) is not None:
            return True
        lead = _TO_NEXT_POST.match(text, at)  # (it matches everywhere, if only nothing)
        k = index.get(lead.end()) if lead is not None else None
        if k is None:
            return False
        end = posts[k].end()  # (after it, maybe its closing bracket: 快递（邮寄）：否)
        return after[end] or (text[end : end + 1] in (")", "）") and after[end + 1])

    for m in reversed(posts):
        end = m.end()
        if text[end : end + 1] in (")", "）"):
            after[end + 1] = reads(end + 1)
        after[end] = reads(end)
    return [after[m.end()] for m in posts]


def _by_post(text: str) -> bool:
    posts = list(_POST.finditer(text))
    if not posts:
        return False
    marks = [k.start() for k in _CLAUSE_MARK.finditer(text)]
    cuts = [k.start() for k in _PIECE_MARK.finditer(text)]
    denied_after = _denied_after(text, posts)
    result_only: dict[tuple[int, int], bool] = {}  # by span: post words share a clause

    def in_result_only_clause(m: re.Match[str]) -> bool:
        # the post word's clause, or its piece of a list when the piece says what post does
        at = bisect.bisect_left(marks, m.start())
        start = marks[at - 1] + 1 if at else 0
        end = marks[at] if at < len(marks) else len(text)
        cut = bisect.bisect_left(cuts, m.start())
        piece = (max(start, cuts[cut - 1] + 1 if cut else 0),
                 min(end, cuts[cut] if cut < len(cuts) else len(text)))
        words = text[piece[0] : piece[1]]
        span = piece if _RESULT_ONLY.search(words) or _APPLYING.search(words) else (start, end)
        if span not in result_only:
            result_only[span] = _result_only(text[span[0] : span[1]])
        return result_only[span]

    return any(
        _TICKED.match(text, m.end()) is not None  # 窗口办理□ 快递☑: the box after is its own
        or (
            _DENIED.search(text[max(0, m.start() - 16) : m.start()]) is None
            and not denied
            and not in_result_only_clause(m)
        )
        for m, denied in zip(posts, denied_after, strict=True)
    )


def trips_readable(values: pd.Series) -> pd.Series:
    """trips-invalid: 跑动次数 reads as a whole number ≥ 0 (0, 1次, 零次, 最多跑一次)."""
    return as_mask(values, lambda v: is_placeholder(v) or parse_trips(v) is not None)


def at_most_one(values: pd.Series) -> pd.Series:
    """trips-exceed-one / trips-exception: at most one trip."""
    return values <= 1


def at_least_one(values: pd.Series) -> pd.Series:
    """zero-trip-offline: an item that cannot be done online or by post needs a trip."""
    return values >= 1


def trips_facts(ctx: Context) -> dict[str, pd.Series]:
    """Trips split by whether 例外说明 explains them; trips of items neither online nor by post."""
    trips = ctx.trips
    explained = ~(ctx.blank("例外说明") | flags(
        ctx.items["例外说明"], lambda v: _says_none(v) or _gives_no_reason(v)
    ))
    offline = (ctx.yes_no("是否网上办理") == False).to_numpy(dtype=bool)  # noqa: E712
    post = flags(ctx.items["办理形式"], _by_post)
    return {
        "trips_unexplained": trips.where(~explained),
        "trips_explained": trips.where(explained),
        "trips_offline": trips.where(offline & ~post),
    }


# A 收费依据 that says there is no fee is no basis for one (是否收费 是, 收费依据 不收费,
# 不收取任何费用, 本事项免费办理).
_NO_FEE = re.compile(
    r"(?:本事项|该事项)?(?:收费标准[:：]?)?(?:暂|目前|暂时)?"
    r"(?:(?:不|免|无需|无须|免予|不予)(?:收费|收取|征收|缴费|缴纳)(?:任何)?(?:工本费|费用)?"
    r"|免费(?:办理)?|免收(?:费用|工本费)?|免征|免缴|不收(?:费用)?|无(?:任何)?费用|零收费|0元?)"
)
# A 收费依据 or 例外说明 that says there is none in words beyond the placeholders: 无依据,
# 暂无依据, 无收费依据, 没有, 不涉及, 无例外情况, 无说明.
_NONE = re.compile(
    r"(?:本事项|该事项)?(?:暂|目前|暂时)?(?:无|没有|不涉及|未涉及)(?:任何)?"
    r"(?:收费)?(?:依据|例外|例外情况|例外说明|说明|特殊情况|原因)?"
    r"|(?:收费)?依据(?:待查|待核实|待确认)"
)


# A 收费依据 that points at rules without naming any (按规定收费, 根据有关规定, 按国家相关
# 文件执行, 按标准收取): no document a person could look up. A named document (《…》, a 文号,
# 浙价费〔2017〕12号) or any other wording is left alone.
_VAGUE_FEE = re.compile(
    r"(?:按照?|根据|依据|依照|参照|执行|详见|参见|见)?"
    r"(?:国家|上级物价部门|省|省级|上级|物价局|物价部门|价格主管部门|财政部门|有关部门|相关部门)?的?"
    r"(?:有关|相关)?(?:的)?(?:收费)?(?:法律法规|法规|规定|文件|政策|标准|收费标准|公示){1,2}"
    r"(?:执行|收费|收取|办理|征收)?"
)


def _vague_fee(text: object) -> bool:
    return isinstance(text, str) and _VAGUE_FEE.fullmatch(text.strip(" 。.")) is not None


def _says_no_fee(text: object) -> bool:
    """收费依据 saying nothing is charged, whole or in its last clause (依据《行政许可法》
    第五十八条，不收费)."""
    if not isinstance(text, str):
        return False
    clauses = _LAST_CLAUSE.split(text.strip(" 。."))
    if _NO_FEE.fullmatch(clauses[-1].strip(" 。.")) is None:
        return False
    # (not an exemption for some case after a charge: 每证收取工本费10元；因…换证的，免收)
    before = clauses[:-1]
    return not before or (not before[-1].rstrip().endswith("的")
                          and not any(_CHARGE.search(c) for c in before))


_LAST_CLAUSE = re.compile(r"[，,；;]")
_CHARGE = re.compile(r"收取|收费标准|工本费|\d+(?:\.\d+)?元|价费")


def _says_none(text: object) -> bool:
    return isinstance(text, str) and _NONE.fullmatch(text.strip(" 。.")) is not None


# A 例外说明 that gives no reason: a yes/no or a count from another column (2, 2次, 两次,
# 最多跑两次), 需要, 无需说明, 待补充说明, or 根据有关规定 (a rule nobody could look up).
_NO_REASON = re.compile(
    r"是|否|有|对|需要|需|要|待补充(?:说明|原因)?|待定|(?:无需|无须|不需要|不需)(?:说明)?"
    r"|(?:最多|至多)?(?:跑动|跑)?(?:\d+|[零〇一二两三四五六七八九十]+)(?:次|趟)?(?:跑动|跑)?"
    r"|(?:根据|按照?|依据)(?:有关|相关)?(?:法律法规)?(?:规定|要求)(?:需要)?"
)


def _gives_no_reason(text: object) -> bool:
    return isinstance(text, str) and _NO_REASON.fullmatch(text.strip(" 。.")) is not None


def fee_facts(ctx: Context) -> dict[str, pd.Series]:
    """fee_basis: 收费依据 ("" when empty, a placeholder or a statement that nothing is charged)
    of items that charge a fee, else NA."""
    charged = (ctx.yes_no("是否收费") == True).to_numpy(dtype=bool)  # noqa: E712
    text = ctx.items["收费依据"].to_numpy(dtype=object)
    # (是 or 否 there is a value from the 是否收费 column: no document either)
    none = ctx.blank("收费依据") | flags(
        ctx.items["收费依据"],
        lambda v: _says_no_fee(v) or _says_none(v) or _vague_fee(v) or v.strip() in ("是", "否"),
    )
    basis = np.where(charged, np.where(none, "", text), np.array(None))
    return {"fee_basis": pd.Series(basis, index=ctx.items.index, dtype=object)}


def _exception_note(code: str) -> SchemaRule:
    """A finding about the 例外说明 cell that should explain the trips (value: what it holds)."""

    def describe(ctx: Context, f: Failure) -> list[Linked]:
        trips = int(ctx.trips.iat[f.index])
        written = ctx.raw_value(f.index, "例外说明")
        # 例外说明 无例外情况 is filled but gives no reason: say what it holds
        note = {}
        if code == "trips-exceed-one":
            filled = written is not None and written.strip()
            note["note"] = (
                f"例外说明「{' '.join(written.split())}」未说明理由" if filled
                else "未填写例外说明" if ctx.present("例外说明")[f.index]
                else "表中没有「例外说明」列（请增加该列）"
            )
        return [ctx.item_finding(code, f.index, "例外说明", trips=trips, **note)]

    return SchemaRule(describe)


def _fee_note(ctx: Context, f: Failure) -> list[Linked]:
    """fee-without-basis, saying what the 收费依据 cell holds when it is filled."""
    written = ctx.raw_value(f.index, "收费依据")
    shown = " ".join(written.split()) if written is not None else ""
    if not shown or ctx.blank("收费依据")[f.index]:
        note = "未列明收费依据"
    elif _says_no_fee(ctx.items["收费依据"].iat[f.index]):
        note = f"收费依据写的是「{shown}」，二者矛盾"
    else:
        note = f"收费依据「{shown}」未写明具体的收费文件"
    return [ctx.item_finding("fee-without-basis", f.index, "收费依据", note=note)]


RULES: dict[str, SchemaRule | FunctionRule] = {
    "trips-invalid": cell_rule("trips-invalid", "跑动次数"),
    "trips-exceed-one": _exception_note("trips-exceed-one"),
    "trips-exception": _exception_note("trips-exception"),
    "zero-trip-offline": cell_rule("zero-trip-offline", "跑动次数"),
    "fee-without-basis": SchemaRule(_fee_note),
}
