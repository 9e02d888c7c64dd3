"""Parsers for cell values the review rules read: durations, trips, yes/no, lists and phones.

Every function takes the cell text (raw or already passed through ``text.clean``) and returns a
plain value, or None when the text does not say what the field asks for. The text-in/value-out
functions are cached, because catalogue cells repeat a great deal ("20个工作日", "是", "1").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from catalog_check.text import LINE_BOUNDARY, name_key, plain_spaces

__all__ = [
    "MONTH_AS_30_DAYS",
    "YES_NO_BY_FIELD",
    "YES_NO_FALSE",
    "YES_NO_TRUE",
    "Duration",
    "fax_only",
    "is_no_legal_limit",
    "is_phone_list",
    "list_lines",
    "may_go_on",
    "parse_duration",
    "parse_time_limits",
    "parse_trips",
    "parse_yes_no",
    "split_list",
    "split_steps",
    "unknown_area_code",
]

_CACHE = 16384

# ---------------------------------------------------------------- numbers

# Characters ruff reports as confusable (RUF001) are written as \u escapes.
_LING = "\u3007"
_CN_DIGIT = {"零": 0, _LING: 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_CHARS = f"零{_LING}一二两三四五六七八九十百"
_CN_NUMBER = re.compile(
    rf"(?:(?P<h>[一二两三四五六七八九])百)?(?P<z>[零{_LING}])?"
    r"(?:(?P<t>[一二两三四五六七八九])?(?P<ten>十))?(?P<u>[一二两三四五六七八九])?"
)


def _cn_int(text: str) -> int | None:
    """Read a Chinese numeral from 零 to 九百九十九 (十五, 二十, 一百零五, 两百); None otherwise."""
    if text in ("零", _LING):
        return 0
    m = _CN_NUMBER.fullmatch(text)
    if m is None or not text:
        return None
    h, z, t, ten, u = m.group("h", "z", "t", "ten", "u")
    if z and not (h and u and not ten):  # 零 only fills the tens of 一百零五
        return None
    if (t == "两" and not h) or (h and u and not ten and not z):
        return None  # 两十 is not written; 一百五 means 150, too loose to trust
    value = _CN_DIGIT[h] * 100 if h else 0
    if ten:
        value += (_CN_DIGIT[t] if t else 1) * 10
    if u:
        value += _CN_DIGIT[u]
    return value


def _number(text: str) -> float | None:
    """Read an Arabic (1, 1.5) or Chinese (二十) number, or 半 (half)."""
    if text == "半":
        return 0.5
    if text[0].isdigit():
        return float(text)
    value = _cn_int(text)
    return None if value is None else float(value)


# ---------------------------------------------------------------- durations


@dataclass(frozen=True, slots=True)
class Duration:
    """A time limit read from a cell.

    working_days: the value in working days, for comparing a promise with the legal limit
    instant: True for 即办, 当场办结, 立即办结 and every zero (0, 0个工作日, 0日)
    text: the text it was read from, trimmed
    bare_days: written in plain 日 or 天 (not 工作日, 自然日, 日历日): working days are then
    N×5/7 (rules.md), but the 行政许可法 counts its 日 as working days (第八十二条), which the
    time-limit rules apply to permits. months: written in 个月 (21 working days by rules.md,
    and 30 days as people count a month). How the limit was written, not its value: not
    compared. A limit with a longer one for some cases (15个工作日，涉及现场核查的25个工作日)
    is the longer one.
    """

    working_days: float
    instant: bool
    text: str
    bare_days: bool = field(default=False, compare=False)
    months: bool = field(default=False, compare=False)  # written in 个月 (read: 21 or 30 days)


# Working days per unit (rules.md promise-exceeds-legal). Natural days count 5/7 of a working
# day; hours are clock hours (24 to a natural day); a week is five working days.
_UNIT_FACTORS = {
    "个工作日": 1.0, "工作日": 1.0, "个工作天": 1.0, "工作天": 1.0,
    "个自然日": 5 / 7, "自然日": 5 / 7, "个日历日": 5 / 7, "日历日": 5 / 7, "日历天": 5 / 7,
    "自然天": 5 / 7, "日": 5 / 7, "天": 5 / 7,
    "个自然月": 21.0, "个月": 21.0, "年": 252.0,
    "个星期": 5.0, "星期": 5.0, "周": 5.0,
    "个小时": 5 / 168, "小时": 5 / 168, "分钟": 5 / 168 / 60,
}  # fmt: skip
_MOST_YEARS = 5  # a longer limit in years is a year (2017年)
_UNIT_RE = "|".join(sorted(_UNIT_FACTORS, key=len, reverse=True))
#: A month read as 30 days, in working days, against rules.md's 21: how much longer it is.
MONTH_AS_30_DAYS = 30 * _UNIT_FACTORS["日"] / _UNIT_FACTORS["个月"]
_PREFIX = (
    # 法定时限：, 承诺办结期限, 审查期限
    r"(?:(?:(?:法定|承诺)(?:办结|办理|审批|审查|审核)?|(?:办结|办理|审批|审查|审核))"
    r"(?:时限|期限|时间)?:?|承诺件:?)?"
    # the law's own wording: 行政机关应当自受理…起, 应当于受理之日起, 于受理之日起
    r"(?:(?:[^\d:,;]{0,8}?(?:机关|部门|机构))?(?:应当|应)?于?)?"
    # 自受理之日起, 从收到申请起; 受理之日起, 受理后, 收到申请材料后, 材料齐全后; the law's
    # longer events (保安服务管理条例 第九条: 自收到设区的市级人民政府公安机关审核意见之日起)
    r"(?:(?:(?:自|从)[^\d:,;]{1,30}?起"
    r"|(?:受理|收到|接到|接收|提交|申请|材料齐全|资料齐全)[^\d:,;]{0,10}?"
    r"(?:之日起|日起|起|之日后|后)),?)?"
    # 申请材料齐全的，当场办结; 当场受理，5个工作日办结
    r"(?:(?:申请)?材料齐全的?,?|当场受理,?)?"
    r"(?:为|是|(?:压缩|缩减|缩短|减少)(?:为|至|到))?(?:不超过|不多于|最长|最多|在)?"
)
# 20个工作日内办结, 二十日内作出行政许可决定 (the wording of 行政许可法 第四十二条), 45日内审查
# 完毕, 3个工作日内发证
_SUFFIX = (
    r"(?:内|以内|之内)?(?:办结(?:并(?:送达|发证|出证))?|办理完毕|办完|完成|审查完毕|审核完毕"
    r"|审批完毕|完毕|送达|发证|出证|决定|答复|办理|审批|审核|审查|(?:作出|做出)[^,;.。()]{0,12})?"
)
# What may follow a duration: notes in brackets, or a note after a comma that qualifies the
# limit rather than naming a second one (不含专家评审时间, 特殊情况可延长…).
_REST = re.compile(
    r"(?:\([^()]*\))*"
    r"(?:[,;.。](?:不含|不包括|不计|含|包括|其中|特殊情况|如|若|需|涉及|另|遇|经|可|但|因"
    r"|不能|无法|未能"  # 当场办结，不能当场办结的3个工作日: the case that takes longer
    r"|.*(?:延长|除外|不计|不含|不包括)).*)?"  # 可延长10个工作日, 但…除外, 公示期不计入
)
# A longer limit for some cases, in the note after a limit: 涉及现场核查的25个工作日, （需现场核查
# 的，25个工作日） (not an extension: 需现场核查的延长10日 adds to the limit, and is a note).
_CLAUSE = re.compile(r"[;()。]")  # (a comma may sit between a case and its limit)
# Time outside the limit: what a note excludes, an extension, a comparison, and a period
# 行政许可法 第四十五条 leaves out of a permit's limit (and 公示, 公告, which other rules leave
# out) when the clause is about that period itself (需专家评审的30个工作日, 举行听证的, 需检验
# 检疫的, 专家评审的), not about a body or a step named with the word (涉及检验检测机构异地现场
# 核查的, 设立拍卖企业分公司需实地核查的).
_EXCLUDED = re.compile(
    r"不含|不包括|不计|不算|除外|扣除|另行|其中|延长|另加"
    # a comparison with another limit: 较法定的20个工作日压缩85%, 比原来的20个工作日提速
    r"|较|比原|比法定|原来|原先|压缩|提速|缩短"
    r"|(?:评审|听证|招标|拍卖|检验|检测|检疫|鉴定|公示|公告)[^,;的]{0,4}?(?:的|时间|期间|期)"
    # a notice to the applicant, not the limit (材料不齐全的，5个工作日内一次性告知补正;
    # 行政许可法 第三十二条), and the legal limit named beside a promise (即办（法定的20个工作日）)
    r"|告知|补正|通知(?!书)|答复|说明理由|法定(?=的|办结|办理|时限|期限|[\d一二三四五六七八九十])"
)
_CASE_LIMIT = re.compile(
    rf"的,?(?:为|是)?(?:不超过|最长)?(?P<num>\d+(?:\.\d+)?|[{_CN_CHARS}]+)(?P<unit>{_UNIT_RE})"
)
_INSTANT = re.compile(
    _PREFIX
    + r"(?:即办即结|即办件?|即来即办|即到即办|即时办结|即时办理|即时|立即办结|立即办理"
    r"|当场受理[、,]?当场办结|当场办结|当场办理|当场发证|当场出证|当场|现场办结|当即办结"
    r"|随到随办|随报随办|随来随办)"
    r"(?P<rest>.*)"
)
_SAME_DAY = re.compile(
    _PREFIX
    + r"(?:(?:受理|收件|申请|收到申请)(?:之日)?)?(?:当日|当天)(?:办结|办理|完成)?(?P<rest>.*)"
)
_AMOUNT = re.compile(
    _PREFIX
    + rf"(?P<num>\d+(?:\.\d+)?|[{_CN_CHARS}]+|半)(?P<unit>{_UNIT_RE})?"
    + _SUFFIX
    + r"(?P<rest>.*)"
)


@lru_cache(maxsize=_CACHE)
def parse_duration(text: str | None) -> Duration | None:
    """Read a time limit (20个工作日, 十五日, 3个月, 即办, 承诺5日) as a Duration, else None."""
    if text is None:
        return None
    key = name_key(text)
    if not key:
        return None
    shown = text.strip()
    # 即办 and 当日办结 (done the same day, but not 即办) count as 0 and 1 days, unless a case
    # takes longer (即办（需现场核查的30个工作日）: a promise of up to 30 working days).
    for pattern, days in ((_INSTANT, 0.0), (_SAME_DAY, 1.0)):
        m = pattern.fullmatch(key)
        if m is not None and _REST.fullmatch(m["rest"]):
            return _with_cases(days, None, m["rest"], shown)
    m = _AMOUNT.fullmatch(key)
    if m is None or not _REST.fullmatch(m["rest"]):
        return None
    amount = _number(m["num"])
    if amount is None:
        return None
    if m["unit"] == "年" and amount > _MOST_YEARS:
        return None  # 2017年 is a year, not a limit
    factor = _UNIT_FACTORS[m["unit"]] if m["unit"] else 1.0
    return _with_cases(amount * factor, m["unit"], m["rest"], shown)


def _with_cases(days: float, unit: str | None, rest: str, shown: str) -> Duration:
    """The limit, or the longest limit for some cases in the note after it (…，涉及现场核查的25
    个工作日), in the unit of the one that counts (15日，涉及现场核查的25个工作日 is 25 working
    days)."""
    base = days
    for clause in _CLAUSE.split(rest):
        if _EXCLUDED.search(clause):
            continue  # 不含专家评审的30个工作日: time outside the limit, not a longer limit
        for case in _CASE_LIMIT.finditer(clause):
            other = _number(case["num"])
            if other is not None and other * _UNIT_FACTORS[case["unit"]] > days:
                days, unit = other * _UNIT_FACTORS[case["unit"]], case["unit"]
    if unit is None and days == base:  # 即办, 当日办结 as they are
        return Duration(days, days == 0, shown)
    return Duration(days, days == 0, shown, bare_days=unit in ("日", "天"),
                    months=unit in ("个月", "个自然月"))


# 法定 / 承诺 name a limit only when a limit follows (法定20日, 承诺时限：即办, 法定：无), not
# inside words of a note (不含法定节假日, 符合法定形式, 承诺件).
# (each run of spaces read one way only: \s*[:：]?\s* split a run of n spaces n ways, and the
# four such runs of the lookahead n**4 ways when no limit followed them)
_MARKER = re.compile(
    r"(法定|承诺)(?=(?:办结|办理|审批|审查|审核)?(?:时限|期限|时间)?\s*(?:[:：]\s*)?"
    r"(?:(?:为|是|(?:压缩|缩减|缩短|减少)(?:为|至|到))\s*)?"
    rf"(?:(?:不超过|不多于|最长|最多|在)\s*)?(?:[\d{_CN_CHARS}半无]|即|当场|当日|当天|立即|随到|现场|自|从))"
)
_SEGMENT_TRIM = " \t\r\n\u3000\u00a0,，;；。.、:：/"
# Bracket pairs: round, lenticular, square, tortoise shell; then the book-title kinds.
_ROUND = ("(（【[\uff3b\u3014\ufe5d", ")）】]\uff3d\u3015\ufe5e")
_ANGLE = ("《〈「『", "》〉」』")
_OPENERS, _CLOSERS = _ROUND
_FAMILY = {pair: re.compile(f"[{re.escape(pair[0] + pair[1])}]") for pair in (_ROUND, _ANGLE)}


def _trim_segment(segment: str) -> str:
    """Strip separators and brackets left over from cutting a cell at its 法定/承诺 markers:
    the separators at both ends, then an opening bracket at the end, or a closing one that
    closes none, and again (the brackets counted once: counted again for each one taken off,
    a run of them took quadratic time)."""
    opened = sum(map(segment.count, _OPENERS))
    closed = sum(map(segment.count, _CLOSERS))  # (the separators stripped hold no bracket)
    start, end = 0, len(segment)
    while True:
        while start < end and segment[start] in _SEGMENT_TRIM:
            start += 1
        while end > start and segment[end - 1] in _SEGMENT_TRIM:
            end -= 1
        if end == start:
            return ""
        last = segment[end - 1]
        if last in _OPENERS:
            opened -= 1
        elif last in _CLOSERS and closed > opened:
            closed -= 1
        else:
            return segment[start:end]
        end -= 1


@lru_cache(maxsize=_CACHE)
def parse_time_limits(
    text: str | None, unmarked: str = "承诺"
) -> tuple[Duration | None, Duration | None]:
    """Split a cell like 法定20日，承诺5日 into (legal, promise).

    Text that no 法定 / 承诺 names (all of it, or what comes before the first marker, as in
    5个工作日（法定20个工作日）) is the ``unmarked`` limit: the promise in a 承诺办结时限 cell,
    the legal limit in a 法定办结时限 cell.
    """
    if text is None:
        return None, None
    marks = list(_MARKER.finditer(text))
    found: dict[str, Duration | None] = {}
    for k, m in enumerate(marks):
        if m[1] in found:
            continue  # the first 法定 / 承诺 names the limit; a later one is part of a note
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        found[m[1]] = parse_duration(_trim_segment(text[m.start() : end]))
    lead = _trim_segment(text[: marks[0].start()]) if marks else text
    if lead and unmarked not in found:
        found[unmarked] = parse_duration(lead)
    return found.get("法定"), found.get("承诺")


_NO_LIMIT = re.compile(
    r"(?:法定(?:办结|办理)?(?:时限|期限)?:?)?"
    r"(?:[-—\u2013_/\\]+|n/?a|无|没有|暂无|不限|无限制|不适用"
    r"|不涉及|未作(?:出)?(?:明确|具体)?(?:规定|要求)"
    r"|(?:无|没有|未)(?:明确|具体)?(?:法定)?(?:办结|办理)?(?:时限|期限|规定|要求|限制)(?:要求|规定)?"
    r"|(?:法律|法规|法律法规|法律、法规|法律、行政法规|法律法规规章|上位法)(?:中|上)?"
    r"(?:未|无|没有)(?:作|做)?出?"
    r"(?:(?:明确|具体)的?(?:规定|要求|时限|期限)?|的?(?:规定|要求|时限|期限))"
    r"(?:办结|办理)?(?:时限|期限)?)"
    r"(?:\([^()]*\))*"
)


# Beyond the fixed forms above, a sentence saying the law sets no limit in its own word
# order (法律法规对办理时限未作规定, 法律法规未设定时限, 无规定时限, 暂无规定): nothing but words
# about laws, limits and their absence, with a negation and a word for the limit or the rule.
_NONE_NEGATION = re.compile(r"无|未|没有")
_NONE_ABOUT = re.compile(r"时限|期限|规定|要求|限制|明确|设定")
_NONE_WORDS = re.compile(
    r"法律法规规章|法律法规|行政法规|地方性法规|法律|法规|规章|上位法|国家|现行|相关|有关"
    r"|该事项|本事项|事项|对|中|上|的|均|尚|暂|并"
    r"|办结|办理|审批|审查|审核|法定|时限|期限|时间|规定|要求|限制|明确|具体|设定|设置"
    r"|作出|做出|作|做|出|无|未|没有|[,;:、.。]"
)


@lru_cache(maxsize=_CACHE)
def is_no_legal_limit(text: str | None) -> bool:
    """True when a 法定办结时限 cell says there is none (无, 无法定时限, 法律未规定, /,
    法律法规对办理时限未作规定)."""
    key = name_key(text).lower()
    if not key:
        return False
    if _NO_LIMIT.fullmatch(key) is not None:
        return True
    return (
        _NONE_NEGATION.search(key) is not None
        and _NONE_ABOUT.search(key) is not None
        and not _NONE_WORDS.sub("", key)
    )


# A renewal decided before the licence runs out (行政许可法 第五十条: 在该行政许可有效期届满前
# 作出是否准予延续的决定): the law sets a date, not a span to count.
_BY_EXPIRY = re.compile(
    r"(?:法定(?:办结|办理)?(?:时限|期限)?:?)?(?:应当|应)?(?:在|于)?(?:该|原)?(?:行政许可|许可|证书|证件|证照)?"
    r"的?有效期(?:届满|期满|满|到期)(?:之日|日)?之?前(?:作出|做出)?(?:是否)?(?:准予)?(?:延续)?的?"
    r"(?:决定)?(?:\([^()]*\))*"
)


@lru_cache(maxsize=_CACHE)
def is_by_expiry(text: str | None) -> bool:
    """True when a 法定办结时限 cell gives the law's date for a renewal (有效期届满前作出决定)."""
    return _BY_EXPIRY.fullmatch(name_key(text)) is not None


# ---------------------------------------------------------------- trips

# A note after a comma (0次，全程网上办理; 1次，领证时到现场) that names no other count.
_TRIP_NOTE = r"(?:[,;:][^\d次趟]*)?"
_TRIPS = re.compile(
    r"(?:最多|至多|不超过)?(?:跑动|跑|到现场|到办事现场|现场)?"
    rf"(?P<num>\d+(?:\.0+)?|[{_CN_CHARS}]+)(?:次|趟)?(?:跑腿|跑动|跑)?(?:\([^()]*\))*{_TRIP_NOTE}"
    # 不跑, 不需要跑, 一次都不用跑: 0
    r"|(?P<none>(?:一次都|一趟都)?(?:不|不用|无需|无须|不需|不需要)(?:跑腿|跑动|跑|到现场))"
    rf"(?:\([^()]*\))*{_TRIP_NOTE}"
)

# A count no 64-bit integer holds (twenty digits and more, a pasted code) is no trip count:
# the rules keep trips in an Int64 column, and int() of an overflowed float raises.
_MAX_TRIPS = 2.0**63


# A channel named beside its count: 0次（网上办理）, 网上办理0次, 0（网办）, 窗口办理：1次.
_CHANNEL = "(?:{})".format("|".join(sorted(
    ("网上", "网上办理", "网办", "线上", "线上办理", "全程网办", "掌上办", "掌上办理", "窗口",
     "窗口办理", "现场", "现场办理", "线下", "线下办理", "大厅", "办事大厅", "快递", "邮寄",
     "自助", "自助办理", "网上申请", "网上申报", "窗口申请", "窗口申报", "现场申请"),
    key=len, reverse=True)))  # (the longest first: 网上办理0次 is not 网上 + 办理0次)
_CHANNEL_TRIPS = re.compile(
    rf"(?:{_CHANNEL}:?)(?P<a>[^()]+)|(?P<b>[^()]+?)\({_CHANNEL}(?:[,;、][^()]*)?\)"
)
# A count in a note for some case (1（如需现场勘查，2次）): one more than the count before it
# hides a trip. Not a count before the reform (1次（改革前3次）, 0次（由原来的2次减为0次）).
_NOTE_COUNT = re.compile(rf"(\d+|[{_CN_CHARS}]+)[次趟]")
_NOTE_CASE = re.compile(r"如|若|需|特殊|个别|涉及|情况|另")
_NOTE_BEFORE = re.compile(r"改革前|原|以前|之前|过去|减|压缩|缩减")
# A count of trips on top of it (1次（领证需再跑1次）, 1（现场核查时还需1次）): a trip hidden too.
# Not when the note says no more (1次（领证无需再跑1次）, 0次（不用再跑一次）).
_NOTE_MORE = re.compile(
    r"(?<!无需)(?<!不需)(?<!无须)(?<!不用)(?<!不必)(?<!不要)(?<!免)(?<!不)(?<!没)"
    rf"(?:再|另|还|又|加)(?:需要|需|要|须)?(?:跑动|跑)?(\d+|[{_CN_CHARS}]+)[次趟](?!性)"
)


def _one_count(key: str) -> int | None:
    m = _TRIPS.fullmatch(key)
    if m is None:
        return None
    if m["none"]:
        return 0
    value = _number(m["num"])
    if value is None or not value < _MAX_TRIPS:
        return None
    notes = key[m.end("num") :]
    if notes and not _NOTE_BEFORE.search(notes) and (
        (_NOTE_CASE.search(notes) and any(
            (n := _number(c)) is not None and n > value for c in _NOTE_COUNT.findall(notes)))
        or any((n := _number(c)) is not None and n > 0 for c in _NOTE_MORE.findall(notes))
    ):
        return None  # 1（如需现场勘查，2次）: which count is it? (as 1次，特殊情况两次)
    return int(value)


@lru_cache(maxsize=_CACHE)
def parse_trips(text: str | None) -> int | None:
    """Read 跑动次数 as a whole number ≥ 0 (0, 1次, 零次, 零跑, 不跑, 两次, 最多跑一次, 1.0),
    or per channel the most (0次（网上办理）；1次（窗口办理） is 1); None otherwise."""
    key = name_key(text)
    value = _one_count(key)
    if value is not None:
        return value
    counts = []
    for part in _outside_brackets_split(key):
        m = _CHANNEL_TRIPS.fullmatch(part)
        count = _one_count(m["a"] or m["b"]) if m is not None else None
        if count is None:
            return None
        counts.append(count)
    return max(counts) if counts else None


def _outside_brackets_split(key: str) -> list[str]:
    """A key cut at ; , / outside brackets (0次(网上办理);1次(窗口办理,需核验))."""
    parts, depth, start = [], 0, 0
    for k, char in enumerate(key):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and char in ";,/":
            parts.append(key[start:k])
            start = k + 1
    parts.append(key[start:])
    return parts


# ---------------------------------------------------------------- yes / no

#: Spellings read as 是 in every yes/no column (compared after NFKC, without spaces, lower-case).
YES_NO_TRUE = frozenset(
    {"是", "是的", "y", "yes", "true", "√", "✓", "✔", "☑", "有", "1"}
)  # fmt: skip
#: Spellings read as 否. "x" is the cross people type for the multiplication sign.
YES_NO_FALSE = frozenset(
    {"否", "不是", "n", "no", "false", "\u00d7", "✗", "✘", "x", "☒", "无", "没有", "0"}
)  # fmt: skip
#: A column's own answers (是, 否): 即办件 answers 是否即办件 (template.md's 办件类型), not
#: 是否网上办理, where it was read as 是; 免费 answers 是否收费 only.
YES_NO_BY_FIELD: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "是否即办件": (frozenset({"即办件", "即办"}), frozenset({"承诺件", "承诺", "非即办件"})),
    "是否收费": (
        frozenset({"收费", "需收费", "部分收费", "收取工本费", "收工本费"}),
        frozenset({"不收费", "不收取费用", "不收取", "免费", "免收", "免收费用", "无收费", "免",
                   "免征", "停征", "暂停征收", "暂免征收"}),
    ),
    "是否网上办理": (
        frozenset({"可以", "可", "能", "支持", "全程网办", "可网办", "网办", "网上办理",
                   "可网上办理", "可以网上办理", "支持网上办理"}),
        frozenset({"不可以", "不可", "不能", "不支持", "不可网上办理", "不能网上办理",
                   "不支持网上办理"}),
    ),
    # A channel's column under 办理形式 written as ticks (窗口办理 | 网上办理 | 快递申请): the
    # marks of a filled or an empty box, and whether the channel is offered.
    "办理形式": (  # (v: the tick typed on a keyboard without √)
        frozenset({"●", "■", "✅", "v", "可以", "可", "能", "支持", "提供", "开通", "已开通"}),
        frozenset({"○", "☐", "□", "不可以", "不可", "不能", "不支持", "不提供", "未开通"}),
    ),
}
_NO_WORDS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
_YES_NO_HEAD = re.compile(r"[^(,;:]+")


@lru_cache(maxsize=_CACHE)
def parse_yes_no(text: str | None, field: str | None = None) -> bool | None:
    """Read a yes/no cell (是/否, Y/N, √/✗, 有/无, 1/0, 是（…）, and the ``field``'s own words:
    即办件/承诺件 for 是否即办件, 免费 for 是否收费 …); None if unknown."""
    key = name_key(text).lower()
    if key.endswith(".0"):
        key = key[:-2]
    yes, no = YES_NO_BY_FIELD.get(field or "", _NO_WORDS)

    def answer(candidate: str) -> bool | None:
        if candidate in YES_NO_TRUE or candidate in yes:
            return True
        if candidate in YES_NO_FALSE or candidate in no:
            return False
        return None

    for candidate in (key, _head(key)):
        found = answer(candidate)
        if found is not None:
            return found
    if field == "是否收费" and _CHARGED.fullmatch(key) and not _NOT_CHARGED.search(key):
        return True  # 依法收费, 按照《中华人民共和国护照法》收取
    # The answer, then its note on the next line or after a space (是⏎浙江政务服务网), unless
    # the rest is an answer too (是 否, the hint with a space).
    parts = (text or "").split(None, 1)
    head = _YES_NO_HEAD.match(key)
    if len(parts) == 2 and not (head and "/" in head.group()):  # 是 / 否
        rest = name_key(parts[1]).lower()
        if answer(rest) is None and answer(_head(rest)) is None:
            return answer(name_key(parts[0]).lower())
    return None


# A fee said in words under 是否收费: 依法收费, 按规定收取, 按照《…》收取, 按标准收费（…）.
_CHARGED = re.compile(
    r"(?:依法|依规|按规定|按照规定|按标准|按照标准|(?:按|按照|依据|根据|依照)《[^《》]{2,60}》"
    r"(?:规定|第[^,;]{1,12}?条)?(?:的?标准)?)(?:收费|收取(?:费用)?)(?:\(.*\))?"
)
_NOT_CHARGED = re.compile(r"不|免|无|未")


def _head(key: str) -> str:
    """The part before a bracket or separator: 是（部分收费） → 是, 是（按件/按次） → 是; 是/否
    stays ambiguous (a slash in the note, a web address, does not)."""
    m = _YES_NO_HEAD.match(key)
    if m is None or "/" in m.group():
        return ""  # 是/否 is the template's hint, not an answer
    return m.group().rstrip("。.")


# ---------------------------------------------------------------- lists

_LINES = LINE_BOUNDARY
_DIGITS = "0-9\uff10-\uff19"
_FW_DOT = "\uff0e"
_CN_ORDINAL = "一二三四五六七八九十"
_CIRCLED = (
    "\u2460-\u2473"  # ①-⑳
    "\u2474-\u2487"  # ⑴-⒇
    "\u2488-\u249b"  # ⒈-⒛
    "\u2776-\u277f"  # ❶-❿
    "\u2780-\u2789"  # ➀-➉
)
# One numbering at a given position; the group says which style it is.
_NUMBERING = re.compile(
    rf"[ \t\u3000]*(?:"
    rf"[(（][ \t]*(?P<pa>[{_DIGITS}]{{1,2}})[ \t]*[)）]"
    rf"|[(（][ \t]*(?P<pc>[{_CN_ORDINAL}]{{1,3}})[ \t]*[)）]"
    rf"|(?P<ci>[{_CIRCLED}])"
    # 1.5米 is a decimal and 1、2级 two numbers; after 1、 or 1） a digit starts the entry's
    # text (1、2寸免冠照片, 2）2017年度审计报告).
    rf"|(?P<ad>[{_DIGITS}]{{1,3}})[ \t]*(?:[.{_FW_DOT}](?![{_DIGITS}])"
    rf"|、(?![{_DIGITS}]+[、级类等种档项条款号])|[)）])"
    rf"|(?P<cn>[{_CN_ORDINAL}]{{1,3}})[ \t]*[、.{_FW_DOT}](?![{_CN_ORDINAL}][、级类等种档])"
    rf")[ \t\u3000]*"
)
_SCAN = re.compile(
    rf"(?P<open>[{re.escape(_ANGLE[0] + _ROUND[0])}])"
    rf"|(?P<close>[{re.escape(_ANGLE[1] + _ROUND[1])}])"
    rf"|(?P<sep>[；;])|(?P<stop>。)|(?P<soft>[ \t\u3000，,]+)|(?P<ci>[{_CIRCLED}])"
)
_ENTRY_TRIM = f" \t\u3000\u00a0\u200b\ufeff,，;；。.{_FW_DOT}、:："
# The characters _SCAN may cut a line at (separators, full stops, soft breaks, circled digits).
_TOKEN = re.compile(rf"[；;。 \t\u3000，,{_CIRCLED}]")


def _circled_value(char: str) -> int:
    """The number of a circled or bracketed digit character (① → 1, ⑴ → 1, ❶ → 1)."""
    code = ord(char)
    for first in (0x2460, 0x2474, 0x2488, 0x2776, 0x2780):
        if first <= code < first + 20:
            return code - first + 1
    return 0


def _numbering_value(m: re.Match[str]) -> tuple[str, int]:
    """The (style, value) of a numbering match, to check that 1. is followed by 2."""
    style = m.lastgroup or ""
    raw = m[style]
    if style in ("pa", "ad"):
        return style, int(unicodedata.normalize("NFKC", raw))
    if style == "ci":
        return style, _circled_value(raw)
    return style, _cn_int(raw) or 0


def _balanced(line: str, pair: tuple[str, str]) -> bool:
    """Whether a line closes every bracket of one family it opens. A closing bracket with
    none open is no matter: the numbering 1) or 1） leaves one (1）身份证明（身份证；户口簿）)."""
    opened = sum(map(line.count, pair[0]))
    if not opened:
        return True
    if sum(map(line.count, pair[1])) < opened:
        return False
    depth = 0
    for m in _FAMILY[pair].finditer(line):
        if m[0] in pair[0]:
            depth += 1
        elif depth:
            depth -= 1
    return depth == 0


def _split_line(line: str) -> list[str]:
    """Cut one line at its separators and numberings, outside brackets; entries untrimmed."""
    cuts: list[tuple[int, int]] = []
    last: tuple[str, int] | None = None
    first = _NUMBERING.match(line)
    skip = 0
    # Fast path: after a leading numbering, nothing that could cut the line but the separators
    # and punctuation trailing it (they only leave empty pieces behind), and no separator at its
    # start. Brackets alone never cut, so the line is one entry.
    core = line[first.end() if first is not None else 0 :].rstrip(_ENTRY_TRIM)
    if not core:
        return []  # numbering and punctuation only: no entry
    glued = _glued(line, first) if first is not None else []
    if core[0] not in _ENTRY_TRIM and _TOKEN.search(core) is None and not glued:
        return [core]
    if first is not None:
        cuts.append((0, first.end()))
        last, skip = _numbering_value(first), first.end()
    # Brackets only shelter separators when a line closes what it opens: a stray （ must not
    # glue the rest of a line into one entry.
    nest_angle = _balanced(line, _ANGLE)
    nest_round = _balanced(line, _ROUND)
    depth = 0
    for t in _SCAN.finditer(line):
        start, kind = t.start(), t.lastgroup
        if start < skip:
            continue
        if kind == "open":
            if (nest_angle and t[0] in _ANGLE[0]) or (nest_round and t[0] in _ROUND[0]):
                depth += 1
            continue
        if kind == "close":
            if (nest_angle and t[0] in _ANGLE[1]) or (nest_round and t[0] in _ROUND[1]):
                depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if kind == "ci":
            cuts.append((start, t.end()))
            last, skip = ("ci", _circled_value(t[0])), t.end()
            continue
        m = _NUMBERING.match(line, t.end())
        if kind == "soft":
            # After a space or comma a numbering counts only when it continues the sequence
            # (…材料 2.…) and has text after it: "复印件 （2）" stays one entry.
            if m is None or last is None:
                continue
            style_value = _numbering_value(m)
            if style_value != (last[0], last[1] + 1) or not line[m.end() :].strip(_ENTRY_TRIM):
                continue
        elif kind == "stop" and m is None:
            continue  # a full stop inside an entry's text
        end = m.end() if m is not None else t.end()
        cuts.append((start, end))
        skip = end
        if m is not None:
            last = _numbering_value(m)
    if len(cuts) == 1 and cuts[0][0] == 0:
        cuts += glued
    pieces, pos = [], 0
    for a, b in cuts:
        pieces.append(line[pos:a])
        pos = b
    pieces.append(line[pos:])
    return pieces


def _cn_numeral(n: int) -> str:
    """一 … 十九 (the ordinals a list is numbered with)."""
    if n <= 10:
        return _CN_ORDINAL[n - 1]
    return "十" + _CN_ORDINAL[n - 11]


def _glued(line: str, first: re.Match[str]) -> list[tuple[int, int]]:
    """Cuts at numberings written straight after the text before them, with no separator
    (（1）设立申请书（2）有关材料, 1.设立申请书2.相关材料, 一、申请书二、相关材料: text pasted
    from a web page): only a line numbered from 1, only its own style, only 2, 3 … in turn."""
    style, value = _numbering_value(first)
    if value != 1 or style not in ("pa", "pc", "ad", "cn"):
        return []
    # The same mark after the number as the first entry's (1. then 2., 1、 then 2、), and not
    # after a word of quantity or order (不少于2、其中…, 第2、3项).
    dot = re.escape(first.group().strip()[-1])
    after = f"(?<![0-9.{_FW_DOT}第于过共约至满达计和及或与])(?<!附件)(?<!附表)(?<!附图)"
    cuts: list[tuple[int, int]] = []
    pos = first.end()
    for n in range(2, 20):
        if style == "pa":  # (not 第（二）项 or 第(2)款 of a citation)
            mark = rf"(?<!第)[(（][ \t]*(?:{n}|{chr(0xFF10 + n) if n < 10 else n})[ \t]*[)）]"
        elif style == "pc":
            mark = rf"(?<!第)[(（]{_cn_numeral(n)}[)）]"
        elif style == "ad":
            mark = rf"{after}{n}{dot}(?![0-9])"
        else:
            mark = rf"(?<![{_CN_ORDINAL}第]){_cn_numeral(n)}{dot}(?![{_CN_ORDINAL}])"
        m = re.compile(mark).search(line, pos)
        if (
            m is None
            or not line[pos : m.start()].strip(_ENTRY_TRIM)
            or not _outside_brackets(line, m.start())
        ):
            break  # no next number, nothing between, or inside an aside: the list ends here
        cuts.append((m.start(), m.end()))
        pos = m.end()
    return cuts


def _outside_brackets(line: str, at: int) -> bool:
    """Whether position ``at`` is outside every bracket and title mark opened before it."""
    before = line[:at]
    return all(
        sum(map(before.count, opening)) <= sum(map(before.count, closing))
        for opening, closing in (_ROUND, _ANGLE)
    )


# A line that goes on with the entry above it (typed after Alt+Enter): a bracketed aside, not a
# numbering (（原件1份）, （依据《保安服务管理条例》第八条）); in a list of materials also the
# entry's basis (依据《…》, 注：依据…), which in a process may be a step (根据审查结果作出决定).
_ASIDE = r"[(（](?![ \t]*(?:[0-9\uff10-\uff19]{1,2}|[一二三四五六七八九十]{1,3})[ \t]*[)）])"
_BASIS = r"(?:注[:：]?[ \t\u3000]*)?(?:(?:设定|材料|法律|法规|政策)?依据|根据)(?![ \t]*[:：]?$)"
_CONTINUES = {
    True: re.compile(rf"[ \t\u3000]*(?:{_ASIDE}|{_BASIS})"),
    False: re.compile(rf"[ \t\u3000]*{_ASIDE}"),
}
# Whether a text has a line that may go on with the one above (the fast path skips the rest).
_MAY_CONTINUE = {
    basis: re.compile(rf"(?:{LINE_BOUNDARY.pattern})(?:{pattern.pattern})")
    for basis, pattern in _CONTINUES.items()
}


def may_go_on(line: str) -> bool:
    """Whether a line of a list of materials may go on with the line above it (list_lines)."""
    return _CONTINUES[True].match(line) is not None and _NUMBERING.match(line) is None


def list_lines(text: str, *, basis: bool = True) -> list[str]:
    """The lines of a list cell, a line that goes on with the entry above it joined to that
    line: a bracketed aside (2.劳动合同⏎（原件1份）) and, with ``basis``, the entry's legal basis
    (2.无犯罪记录证明⏎依据《保安服务管理条例》第八条)."""
    lines = _LINES.split(text)
    if len(lines) == 1 or _MAY_CONTINUE[basis].search(text) is None:
        return lines
    continues = _CONTINUES[basis]
    out = [lines[0]]
    for line in lines[1:]:
        if _goes_on(out[-1], line, continues):
            out[-1] = out[-1].rstrip().rstrip("；;，,。") + line.strip()  # (2.证明；⏎依据…)
        else:
            out.append(line)
    return out


def _goes_on(above: str, line: str, continues: re.Pattern[str]) -> bool:
    if not above.strip() or not continues.match(line) or _NUMBERING.match(line) is not None:
        return False
    if _opens_aside(line):
        # an aside with text after it starts a material in a list not numbered: （复印件2份）身份证
        return _NUMBERING.match(above) is not None or _whole_aside(line)
    return _CITES.search(line) is not None  # 根据需要提供的其他材料 is a material, no basis


# What makes a line starting 依据 / 根据 a basis, not a material of its own (根据需要提供的其他
# 材料 is a catch-all): a title, an article or a document's number.
_CITES = re.compile(r"《|第[^,;，；。]{1,8}?条|令|〔|号")


def _opens_aside(line: str) -> bool:
    return line.lstrip(" \t\u3000")[:1] in ("(", "（")


def _whole_aside(line: str) -> bool:
    """Whether the line is one bracketed aside and nothing after it: （依据《…》第八条）."""
    text = line.strip(" \t\u3000")
    depth = 0
    for k, char in enumerate(text):
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth -= 1
            if depth == 0:
                return k == len(text) - 1
    return False


@lru_cache(maxsize=_CACHE)
def _split(text: str, basis: bool = True) -> tuple[str, ...]:
    """Split text into trimmed, non-empty entries (shared by split_list and split_steps)."""
    text = plain_spaces(text)  # \u00a02.相关材料 must not keep its number: 2.相关材料
    entries = []
    for line in list_lines(text, basis=basis):
        for piece in _split_line(line):
            piece = piece.strip(_ENTRY_TRIM)
            if piece:
                entries.append(piece)
    return tuple(entries)


def split_list(text: str | None) -> list[str]:
    """Split a list cell into entries: numbered (1. 1、 （1） ① 一、), ；/; separated or lines."""
    if not text:
        return []
    return list(_split(text))


_ARROWS = re.compile(
    # (an arrow's spaces and dashes are read from the start of their run only: tried from each
    # space or dash of a long run that leads to no arrow, they made the search quadratic)
    r"(?:(?<![ \t\u3000])[ \t\u3000]++)?"
    r"(?:(?<![-—\uff0d=])(?:[-—\uff0d=]+>|[-—\uff0d=]*[\uff1e>]+)|[→⇒➔➜➝➞➡⟶⇨]+)[ \t\u3000]*"
    # dashes between words as arrows: 受理——审核——发证, 受理-审核-发证 (not 5-10个工作日)
    r"|(?<=[\u4e00-\u9fff])[ \t\u3000]*[-—\u2013\uff0d]+[ \t\u3000]*(?=[\u4e00-\u9fff])"
)
_STEP_WORD_MAX = 10
_BRACKET = re.compile(f"[{re.escape(_ANGLE[0] + _ROUND[0])}]")


# A bracketed aside in a step (受理（1个工作日）), or at the end of a list of step words (受理、
# 审查、决定（详见办事指南流程图）).
_ASIDE_IN_STEP = re.compile(r"[(（][^()（）]*[)）]")
_TRAILING_ASIDE = re.compile(_ASIDE_IN_STEP.pattern + "$")
# Short step words between commas, slashes or spaces: 申请，受理，审核，办结, 申请/受理/审核/办结
# or 受理 审核 办结 (three or more, each of at most four characters: not 材料齐全，当场受理),
# naming at least two different steps (not 窗口/网上/邮寄, nor 网上申请/窗口申请/邮寄申请: ways
# to apply).
_SHORT_WORDS = re.compile(r"[^,，/、\s]{1,4}(?:(?:\s*[,，/]\s*|\s+)[^,，/、\s]{1,4}){2,}")
_SHORT_SEPARATOR = re.compile(r"\s*[,，/]\s*|\s+")
_STEP_VERB = re.compile(
    "申请|受理|审查|审核|审批|初审|复审|决定|办结|发证|颁证|制证|领证|出证|送达|核查|核实|核准"
    "|批准|登记|公示|公告|勘查|踏勘|听证|评审|签发|收件|查验|验收|备案|反馈|告知|缴费|办理"
    "|申报|寄送|寄递|领取"
    # the steps of an exam, a grant and an online filing (报名，考试，发证; 申领，审核，发放;
    # 在线填报，自动赋码)
    "|报名|考试|考核|培训|申领|发放|拨付|核定|核发|颁发|认定|鉴定|复核|调查|调解|裁决|推荐|上报"
    "|转报|批复|发文|授予|注册|填报|赋码|校验"
)


# Clauses between commas, each naming a step (申请人提出申请，窗口受理，审查，作出决定): steps
# too, when every clause is short and names one and at least two different steps are named
# (not 材料齐全，当场受理, nor 申请人提交申请，申请材料包括身份证、户口簿).
_COMMA = re.compile(r"[,，]")
_STEP_CLAUSE_MAX = 18


def _step_words(words: list[str]) -> bool:
    """At least two different steps named (申报，受理，审核，办结 names three it knows)."""
    return len({v.group() for w in words if (v := _STEP_VERB.search(w))}) > 1


@lru_cache(maxsize=_CACHE)
def _steps(text: str) -> tuple[str, ...]:
    """Split 办理流程 into steps (cached)."""
    steps: list[str] = []
    for entry in _split(_ARROWS.sub("\n", text), False):
        listed = _TRAILING_ASIDE.sub("", entry).strip(_ENTRY_TRIM)
        if _SHORT_WORDS.fullmatch(listed):
            short = [w.strip(_ENTRY_TRIM) for w in _SHORT_SEPARATOR.split(listed)]
            if _step_words(short):
                steps.extend(short)
                continue
        # Asides in brackets say when or who (受理（1个工作日）、审查（业务处）、决定): the steps
        # are read without them; one left (nested, unclosed) keeps the entry whole.
        bare = _ASIDE_IN_STEP.sub("", listed)
        clauses = [c.strip(_ENTRY_TRIM) for c in _COMMA.split(bare)]
        if (
            len(clauses) > 1
            and all(0 < len(c) <= _STEP_CLAUSE_MAX and _STEP_VERB.search(c) for c in clauses)
            and _step_words(clauses)
            and not _BRACKET.search(bare)
        ):
            steps.extend(clauses)  # 申请人提出申请，窗口受理，审查，作出决定
            continue
        words = [w.strip(_ENTRY_TRIM) for w in bare.split("、")]
        # 受理、审查、决定 lists step words; 提交营业执照、身份证等材料后窗口受理并审核 does not,
        # nor does a bracketed aside such as 受理（含审查、核实）.
        if (
            len(words) > 1
            and all(0 < len(w) <= _STEP_WORD_MAX for w in words)
            and not _BRACKET.search(bare)
        ):
            steps.extend(words)
        else:
            steps.append(entry)
    return tuple(steps)


def split_steps(text: str | None) -> list[str]:
    """Split 办理流程 into steps at arrows (→ -> —>), numberings, lines and 、 between words."""
    if not text:
        return []
    return list(_steps(text))


# ---------------------------------------------------------------- phones

# Every optional space sits in exactly one place, so a long cell that fails at its end does not
# backtrack through 2**n ways of placing the spaces.
_DASH = r"(?:\s*[-—\u2013~]\s*|\s*)"
# 87654321, 8765 4321, 8705-4321; a run of numbers by their last digits: 87654321/2/3 is
# 87654321, 87654322 and 87654323 (possessive: a suffix is never a separator and a number)
_LOCAL = r"(?:\d{7,8}|\d{3,4}[ -]\d{4})(?:/\d{1,2}(?![\d\-]))*+"
# China's area codes: 010, 02X, 0 and three digits from 3 (0571); 0123 is no area code.
_AREA = r"(?:10|2\d|[3-9]\d\d)"
_LANDLINE = (
    rf"(?:\(0{_AREA}\)|0{_AREA}){_DASH}{_LOCAL}"  # 0571-87654321, (0571)87654321
    # +86-571-87654321, 86-571-87654321, 0086 571 87654321
    rf"|(?:\+|00)?86{_DASH}(?:\(0?{_AREA}\)|0?{_AREA}){_DASH}{_LOCAL}"
)
_MOBILE = rf"(?:\+86{_DASH})?1[3-9]\d(?:[-\s]?\d{{4}}){{2}}"
# 12345, 96345, also after the area code (0571-12345); 400-/800- numbers
_HOTLINE = (
    rf"(?:0{_AREA}{_DASH})?[19]\d{{4}}|[48]00[-\s]?\d{{3}}[-\s]?\d{{4}}"
    r"|[48]00\d[-\s]?\d{3}[-\s]?\d{3}"  # 4008-123-456
    r"|[48]00[-\s]?\d{4}[-\s]?\d{3}"  # 400-8888-114
)
_EXTENSION = (
    # (a listed extension is read whole, never as a separator and a hotline: possessive)
    r"(?:\s*(?:转分机|转|分机|ext\.?|x)\s*\d{1,6}(?:[、,/]\d{1,6}(?![\d\-]))*+"  # 转8001、8002
    r"|-\d{1,6}(?:[、,/]\d{1,6}(?![\d\-]))*+|\s*\((?:转|分机)\s*\d{1,6}\)"  # -2001/2002
    # put through to an office: 转行政审批处, 转审批窗口, (转法规处); atomic, read one way
    # (处…办公室 ends in three places: a failing list of such entries was read 3**n ways)
    r"|(?>\s*\(?转\s*[\u4e00-\u9fff]{1,11}(?:处|科|室|股|中心|窗口|办公室|办)\)?))"
)
# 咨询电话：, 投诉：, 办公室, 电话/传真：, 电话、传真： (one number for both)
# (a department's office in full: 浙江省人力资源和社会保障厅行政审批处)
_LABEL = r"(?:[\u4e00-\u9fffa-z()]{1,30}(?:[/、][\u4e00-\u9fff]{1,6})?(?:\s*:\s*|\s*))"
# A bracketed note after a number: （工作日）, （9:00-17:00）, （省行政服务中心A区12号窗口）; a
# bracket holding only digits is no note.
_NOTE = r"(?:\s*\((?=[^()]*[\u4e00-\u9fff:])[^()]{1,60}\))"
# 12345政务服务热线, 0571-87654321 王科长 (written on; after a space only at the entry's end, so
# that a name is never both this entry's tail and the next entry's label)
_TAIL_LABEL = (
    r"(?:(?!转|分机)[\u4e00-\u9fff]{1,10}"
    r"| (?!转|分机)[\u4e00-\u9fff]{1,10}(?=\s*[、,;/]|$))"
)
# Office hours written after a number without brackets: 0571-87054321 工作日9:00-17:00,
# …，上午8:30-12:00 (one time span, or a morning and an afternoon one).
_SPAN = r"(?:上午|下午)?\d{1,2}:\d{2}[-—~至到]\d{1,2}:\d{2}"
_HOURS = (
    # (the spaces before it one way only: \s*,?\s* split a run of spaces n ways)
    rf"(?:(?:\s+|\s*,\s*)?(?:(?:工作日|周一至周五|周一至周日|办公时间|上班时间):? ?)?{_SPAN}"
    rf"(?:[,、 ]?{_SPAN})?)"
)
_PHONE_ENTRY = (
    rf"{_LABEL}?(?:{_LANDLINE}|{_MOBILE}|{_HOTLINE}){_EXTENSION}?"
    rf"(?:{_NOTE}|{_TAIL_LABEL}|{_HOURS})?"
)
# A later entry may leave out the area code it shares (0571-87654321、87654322).
_SAME_AREA = rf"\d{{7,8}}{_EXTENSION}?(?:{_NOTE}|{_TAIL_LABEL}|{_HOURS})?"
_PHONE_SEP = r"(?:\s*[、,;/]\s*|\s*(?:或|和|及)\s*|\s+)"
# The person to ask, before the numbers: 联系人：王芳，电话：0571-87054321; 王芳，0571-87054321.
_CONTACT = r"(?:(?:联系人|经办人|负责人)\s*:\s*)?[\u4e00-\u9fff]{2,4}\s*[,;]\s*"
_PHONE_LIST = re.compile(
    rf"(?:{_CONTACT})?{_PHONE_ENTRY}(?:{_PHONE_SEP}(?:{_PHONE_ENTRY}|{_SAME_AREA}))*"
)
_PHONE_TRIM = " \t\r\n\u3000,，;；。.、"


@lru_cache(maxsize=_CACHE)
def is_phone_list(text: str | None) -> bool:
    """True when every entry of a 咨询电话 cell is a phone: area code + number, mobile or hotline.

    Accepted: area code + 7-8 digits, with or without a dash, space or (brackets) (0571-87654321,
    057187654321, (0571)87654321, 0571 87654321, +86-571-87654321); mobiles 1[3-9] + 9 digits
    (also 138-0000-0000); 5-digit service numbers starting 1 or 9 (12345, 12315, 96345, 95588)
    and 400/800 numbers. A number may carry an extension (转123, 分机123, -123, x123), a label
    before it (咨询电话：, 投诉：, an office in full: 浙江省人力资源和社会保障厅行政审批处) or after
    it (12345政务服务热线), and a bracketed note
    after it (（工作日）, （9:00-17:00）, （A区12号窗口）, up to 60 characters) or a name after a
    space at its end (0571-87654321 王科长); the person to ask may come first (联系人：王芳，).
    Digits may be grouped (0571-8765 4321), a hotline may follow its area code (0571-12345),
    an extension may list several (转8001、8002, -2001/2002) or put the call through to an
    office (转行政审批处), and numbers may be listed by their last digits (0571-87654321/2/3).
    Entries are separated by 、，,；;/, 或/和/及, spaces or lines, and a later entry may leave out
    the area code it shares with the first (0571-87654321、87654322). A local number alone or
    first (87654321), a short number (0571-123), an area code China does not have (0123), fax
    numbers alone (fax_only), a label alone (电话) or a template's filler (0000-00000000,
    0571-00000000, 11111) is not a phone.
    """
    if not text:
        return False
    normal = unicodedata.normalize("NFKC", text).lower().strip(_PHONE_TRIM)
    other = _OTHER_CONTACT.search(normal)
    if other is not None and other.start() > 0:  # the numbers, then an address, mail or site
        normal = normal[: other.start()].strip(_PHONE_TRIM)
    return (
        bool(normal)
        and _PHONE_LIST.fullmatch(normal) is not None
        and _FILLER.search(normal) is None
        and not _faxes_only(normal)
    )


# Where the rest of a 咨询方式 cell gives other ways to reach the office (地址：…, 邮箱：…, a mail
# or web address): the phones before it are judged, the rest is no phone to check.
_OTHER_CONTACT = re.compile(
    r"(?:办公地址|联系地址|通讯地址|地址|电子邮箱|邮箱|e-?mail|邮政编码|邮编|网址|网站)\s*:"
    r"|https?://|www\.|(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+\.[a-z]"  # (from a run's start)
)


def fax_only(text: str | None) -> bool:
    """True when a 咨询电话 cell lists fax numbers and nothing else to call: 传真：0571-87280115,
    0571-87280115（传真）; not 电话/传真：…, 电话、传真：… (one number for both)."""
    return bool(text) and _faxes_only(unicodedata.normalize("NFKC", text).lower())


def _faxes_only(normal: str) -> bool:
    if "传真" not in normal:
        return False
    rest = _FAX_NOTED.sub("", _FAX_ENTRY.sub("", _PHONE_AND_FAX.sub(r"\1/", normal)))
    return _LONG_NUMBER.search(rest) is None


# A number given as a fax: after a 传真 label (which covers the numbers listed after it:
# 传真：0571-87280115、87280116), or noted (传真) after it. A phone label just before 传真
# (电话/传真：, 电话、传真：) labels one number for both.
_FAX_NUMBER = rf"(?:{_LANDLINE}|\d{{7,8}}){_EXTENSION}?"
_FAX_ENTRY = re.compile(
    rf"(?<![\u4e00-\u9fff/])传真(?:号码?)?\s*(?::\s*)?{_FAX_NUMBER}(?:\s*[、,/]\s*{_FAX_NUMBER})*"
)
_FAX_NOTED = re.compile(rf"{_FAX_NUMBER}\s*\(传真(?:号码?)?\)")
_PHONE_AND_FAX = re.compile(r"(电话|手机|热线|咨询)\s*[、,;/及和]\s*(?=传真)")
_LONG_NUMBER = re.compile(r"\d{5}")
# An area code China does not have, before a local number: 0123-87654321, (0123)87654321.
_NO_AREA = re.compile(r"(?<!\d)\(?(01[1-9]\d?|00\d\d?)\)?[-\s]?\d{7,8}(?!\d)")


def unknown_area_code(text: str | None) -> str | None:
    """The area code China does not have that a number is written with (0123 in
    0123-87654321), else None (China's are 010, 02X and 0 with three digits from 3)."""
    m = _NO_AREA.search(unicodedata.normalize("NFKC", text or ""))
    return m.group(1) if m else None


# A template's filler, not a number: 0000-00000000, 0571-00000000, 11111.
_FILLER = re.compile(r"(?<![\d-])0{3,4}-?\d{7,8}(?!\d)|(?<!\d)(?:\d*0{7,}|1{5,})(?!\d)")
