"""Tests for catalog_check.parse: durations, trips, yes/no, lists, steps and phone numbers."""

from __future__ import annotations

import dataclasses

import pytest
from drawing import fw
from guards import no_hang

from catalog_check.parse import (
    YES_NO_BY_FIELD,
    YES_NO_FALSE,
    YES_NO_TRUE,
    Duration,
    _cn_int,
    fax_only,
    is_by_expiry,
    is_no_legal_limit,
    is_phone_list,
    parse_duration,
    parse_time_limits,
    parse_trips,
    parse_yes_no,
    split_list,
    split_steps,
)
from catalog_check.text import clean

DAY = 5 / 7  # one natural day in working days (rules.md)


# ---------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("\u3007", 0),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("三十五", 35),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百二十", 120),
        ("两百", 200),
        ("九百九十九", 999),
        ("一五", None),
        ("百", None),
        ("两十", None),
        ("一百五", None),
        ("零五", None),
        ("", None),
    ],
    ids=lambda v: str(v),
)
def test_cn_int_reads_numerals_up_to_999(text: str, value: int | None) -> None:
    """Chinese numerals as written in time limits and trip counts, and malformed ones."""
    assert _cn_int(text) == value


# ---------------------------------------------------------------- parse_duration


@pytest.mark.parametrize(
    ("text", "days", "instant"),
    [
        ("20个工作日", 20, False),
        ("20 个工作日", 20, False),
        ("20工作日", 20, False),
        ("二十个工作日", 20, False),
        ("十个工作日", 10, False),
        ("三十五个工作日", 35, False),
        ("１５个工作日", 15, False),
        ("15日", 15 * DAY, False),
        ("１５日", 15 * DAY, False),
        ("十五日", 15 * DAY, False),
        ("15天", 15 * DAY, False),
        ("15个自然日", 15 * DAY, False),
        ("30个日历日", 30 * DAY, False),
        ("一百二十日", 120 * DAY, False),
        ("3个月", 63, False),
        ("三个月", 63, False),
        ("一个月", 21, False),
        ("2周", 10, False),
        ("24小时", 24 / 24 * DAY, False),
        ("5", 5, False),
        ("5.0", 5, False),
        ("1.0", 1, False),
        ("0.5个工作日", 0.5, False),
        ("1.5天", 1.5 * DAY, False),
        ("5个工作日（不含专家评审时间）", 5, False),
        ("20个工作日(不含听证、检测时间)", 20, False),
        ("20个工作日，不含现场核查时间", 20, False),
        ("20个工作日，特殊情况可延长10个工作日", 20, False),
        ("20个工作日。", 20, False),
        ("法定20日", 20 * DAY, False),
        ("承诺5日", 5 * DAY, False),
        ("承诺时限：5个工作日", 5, False),
        ("法定期限:20日", 20 * DAY, False),
        ("自受理之日起20个工作日内", 20, False),
        ("收到申请之日起十日内", 10 * DAY, False),
        ("受理之日起20个工作日", 20, False),
        ("收到申请材料后5个工作日", 5, False),
        ("自受理申请之日起二十日内作出行政许可决定", 20 * DAY, False),  # 行政许可法 第四十二条
        ("20日内作出行政许可决定", 20 * DAY, False),
        ("10个工作日内作出决定", 10, False),
        ("半个工作日", 0.5, False),
        ("30分钟", 30 / 60 / 24 * DAY, False),
        ("受理后即办", 0, True),
        ("20个工作日，可延长10个工作日", 20, False),
        ("20日，经本行政机关负责人批准，可以延长10日", 20 * DAY, False),
        (
            "二十日内作出决定；二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日",
            20 * DAY,
            False,
        ),
        ("20个工作日，但法律法规另有规定的除外", 20, False),
        ("45日内审查完毕", 45 * DAY, False),
        ("审查期限为20个工作日", 20, False),
        ("20个工作日内办结并送达", 20, False),
        ("承诺时限压缩为5个工作日", 5, False),
        ("3个工作日内发证", 3, False),
        ("材料齐全后5个工作日", 5, False),
        ("当场发证", 0, True),
        ("即办即结", 0, True),
        ("当场受理当场办结", 0, True),
        ("当场受理，当场办结", 0, True),
        ("申请材料齐全的，当场办结", 0, True),
        ("当场受理，5个工作日办结", 5, False),
        ("10个工作日内决定", 10, False),
        ("5个工作日内答复", 5, False),
        ("15个工作日内办结并发证", 15, False),
        ("申请之日起10个工作日", 10, False),
        ("10个工作日，公示期不计入", 10, False),
        ("5个工作日内办结", 5, False),
        ("不超过10个工作日", 10, False),
        ("当日办结", 1, False),
        ("当天", 1, False),
        ("即办", 0, True),
        ("即办件", 0, True),
        ("当场办结", 0, True),
        ("立即办结", 0, True),
        ("即时办结", 0, True),
        ("即来即办", 0, True),
        ("承诺：即办", 0, True),
        ("即办（材料齐全的）", 0, True),
        ("0", 0, True),
        ("0.0", 0, True),
        (fw("0"), 0, True),
        ("0个工作日", 0, True),
        ("0日", 0, True),
        ("零个工作日", 0, True),
        ("15个工作日，涉及现场核查的25个工作日", 25, False),
        ("即办（需现场核查的30个工作日）", 30, False),  # a 承诺件 whose longest case is 30
        ("当场办结；需现场核查的5个工作日", 5, False),
        ("当日办结（需现场核查的3个工作日）", 3, False),
        ("即办（不含公告的45日）", 0, True),
        # a notice to the applicant, or the legal limit beside the promise, is no longer case
        ("即办（材料不齐全的，5个工作日内一次性告知补正）", 0, True),
        ("即办（不符合条件的，5个工作日内书面告知）", 0, True),
        ("即办（法定的20个工作日）", 0, True),
        ("5个工作日（变更法定代表人的，25个工作日）", 25, False),  # 法定代表人 is a case
        ("10个工作日（材料不齐全的，5日内一次性告知）", 10, False),
        ("10个工作日（需现场核查的，25个工作日）", 25, False),
        ("20日（需现场核查的延长10日）", 20 * DAY, False),
        ("承诺件5个工作日", 5, False),
        ("5个工作日（不含专家评审的30个工作日）", 5, False),
        ("5个工作日，不含现场勘查的25个工作日", 5, False),
        ("5个工作日（需报省政府审批的，省政府审批的30个工作日不计入）", 5, False),
        ("20个工作日（其中鉴定的60日）", 20, False),
        ("10个工作日，需专家评审的30个工作日", 10, False),  # 行政许可法 第四十五条
        ("7个工作日（举行听证的，30个工作日）", 7, False),
        ("10个工作日（需检验检疫的45日）", 10, False),
        ("15个工作日（需检测检验的45个工作日）", 15, False),
        ("10个工作日，涉及检验检测机构异地现场核查的30个工作日", 30, False),
        ("3个工作日（较法定的20个工作日压缩85%）", 3, False),
        ("20个工作日，需比对核查的30个工作日", 30, False),
        ("5个工作日（专家评审的30个工作日）", 5, False),
        ("受理当日办结", 1, False),
        ("当场办结，不能当场办结的3个工作日", 3, False),
        ("即办；不能即办的3个工作日", 3, False),
        ("随报随办", 0, True),
    ],
    ids=lambda v: str(v),
)
def test_parse_duration_reads_limits(text: str, days: float | None, instant: bool | None) -> None:
    """Every way the lists write a time limit gives its value in working days (rules.md)."""
    d = parse_duration(text)
    if days is None:
        assert d is None
        return
    assert d == Duration(pytest.approx(days), instant, text.strip())


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "尽快",
        "按规定",
        "按规定时限",
        "视情况而定",
        "无",
        "/",
        "待定",
        "工作日",
        "个工作日",
        "3月",  # a month name, not 3个月
        "2017年3月1日",
        "20个工作日，承诺5日",
        "20个工作日/10个工作日",
        "20-30个工作日",
        "-5个工作日",
        "5个半工作日",
        "一五个工作日",
        "二十多个工作日",
        "即办或3个工作日",
        "20个工作日（",
        "几日",
    ],
    ids=lambda v: repr(v),
)
def test_parse_duration_rejects_non_durations(text: str | None) -> None:
    """Vague wording, placeholders and ranges are not durations: time-limit-unparseable fires."""
    assert parse_duration(text) is None


def test_parse_duration_accepts_cleaned_and_raw_text_alike() -> None:
    """A raw cell with full-width digits and U+3000 reads like its cleaned form."""
    raw = f"\u3000{fw('20')}个工作日\u3000"
    assert parse_duration(raw) == Duration(20.0, False, f"{fw('20')}个工作日")
    assert parse_duration(clean(raw)) == Duration(20.0, False, "20个工作日")


def test_duration_is_frozen_and_cached() -> None:
    """A Duration cannot be changed, and a repeated cell gives back the same object (lru_cache)."""
    d = parse_duration("20个工作日")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.working_days = 5  # type: ignore[misc]
    assert parse_duration("20个工作日") is d


def test_parse_duration_orders_promise_against_legal() -> None:
    """15日 (natural days) is shorter than 15个工作日, and 1个月 longer than 20个工作日."""
    assert parse_duration("15日").working_days < parse_duration("15个工作日").working_days
    assert parse_duration("1个月").working_days > parse_duration("20个工作日").working_days
    assert parse_duration("28日").working_days == pytest.approx(20)


# ---------------------------------------------------------------- parse_time_limits


@pytest.mark.parametrize(
    ("text", "legal", "promise"),
    [
        ("法定20日，承诺5日", ("法定20日", 20 * DAY), ("承诺5日", 5 * DAY)),
        (
            "法定：20个工作日；承诺：5个工作日",
            ("法定：20个工作日", 20),
            ("承诺：5个工作日", 5),
        ),
        (
            "法定时限20个工作日\n承诺时限3个工作日",
            ("法定时限20个工作日", 20),
            ("承诺时限3个工作日", 3),
        ),
        ("承诺5日（法定20日）", ("法定20日", 20 * DAY), ("承诺5日", 5 * DAY)),
        ("承诺即办，法定20日", ("法定20日", 20 * DAY), ("承诺即办", 0)),
        ("法定20个工作日", ("法定20个工作日", 20), None),
        ("承诺：3个工作日", None, ("承诺：3个工作日", 3)),
        ("法定时限：无；承诺时限：即办", None, ("承诺时限：即办", 0)),
        ("20个工作日", None, ("20个工作日", 20)),
        ("即办", None, ("即办", 0)),
        ("即办件", None, ("即办件", 0)),
        ("尽快", None, None),
        ("", None, None),
        (None, None, None),
        ("20个工作日（不含法定节假日）", None, ("20个工作日（不含法定节假日）", 20)),
        ("10个工作日（法定节假日除外）", None, ("10个工作日（法定节假日除外）", 10)),
        ("5个工作日（符合法定形式的）", None, ("5个工作日（符合法定形式的）", 5)),
        ("5个工作日（法定20个工作日）", ("法定20个工作日", 20), ("5个工作日", 5)),
        (
            "法定时限20个工作日，承诺时限缩减至5个工作日",
            ("法定时限20个工作日", 20),
            ("承诺时限缩减至5个工作日", 5),
        ),
        ("承诺件", None, None),
    ],
    ids=[
        "comma",
        "colons-semicolon",
        "two-lines",
        "legal-in-brackets",
        "promise-first-instant",
        "legal-only",
        "promise-only",
        "legal-none",
        "unmarked",
        "unmarked-instant",
        "承诺件-not-a-marker-即办件",
        "unmarked-vague",
        "empty",
        "none",
        "法定-in-a-note-法定节假日",
        "法定-in-a-note-除外",
        "法定-in-a-note-法定形式",
        "unmarked-promise-then-legal-in-brackets",
        "promise-shortened-to",
        "承诺件-alone",
    ],
)
def test_parse_time_limits_splits_combined_cells(
    text: str | None,
    legal: tuple[str, float] | None,
    promise: tuple[str, float] | None,
) -> None:
    """A combined 办理时限 cell gives (legal, promise); each Duration keeps its own segment."""
    got_legal, got_promise = parse_time_limits(text)
    for got, want in ((got_legal, legal), (got_promise, promise)):
        if want is None:
            assert got is None
        else:
            assert (got.text, got.working_days) == (want[0], pytest.approx(want[1]))


def test_parse_time_limits_unmarked_text_is_the_limit_of_its_column() -> None:
    """In a 法定办结时限 cell the text no marker names is the legal limit."""
    assert parse_time_limits("20个工作日（不含法定节假日）", "法定") == (
        Duration(20.0, False, "20个工作日（不含法定节假日）"), None
    )
    legal, promise = parse_time_limits("20个工作日，承诺5个工作日", "法定")
    assert (legal, promise) == (
        Duration(20.0, False, "20个工作日"), Duration(5.0, False, "承诺5个工作日")
    )
    assert parse_time_limits("20个工作日，承诺5个工作日") == (None, promise)


def test_bare_days_are_marked_for_the_permit_reading() -> None:
    """N日 and N天 are bare days (a permit reads them as working days); 自然日, 工作日 are not."""
    texts = ("二十日", "20天", "20个工作日", "20个自然日")
    assert [parse_duration(t).bare_days for t in texts] == [True, True, False, False]


def test_parse_time_limits_instant_flag_follows_segment() -> None:
    """The promise segment 即办 is instant; the legal segment is not."""
    legal, promise = parse_time_limits("法定20个工作日，承诺即办")
    assert legal == Duration(20.0, False, "法定20个工作日")
    assert promise == Duration(0.0, True, "承诺即办")


# ---------------------------------------------------------------- is_no_legal_limit


@pytest.mark.parametrize(
    "text",
    [
        "无",
        "无。",
        " 无 ",
        "/",
        fw("/"),
        "-",
        "—",
        "——",
        "N/A",
        "无法定时限",
        "无法定期限",
        "无法定办结时限",
        "无时限",
        "无规定",
        "无明确规定",
        "无具体规定",
        "未规定",
        "没有规定",
        "法律未规定",
        "法律无规定",
        "法律法规未规定",
        "法律、法规未作规定",
        "法律法规无明确规定",
        "法律法规没有明确规定时限",
        "上位法未规定",
        "不限",
        "不适用",
        "法定时限：无",
        "无（法律法规未作规定）",
        "未作规定",
        "法律法规未规定办结时限",
        "不涉及",
        "法律未明确",
        "法律法规无明确时限要求",
        "无规定时限",
        "法律法规对办理时限未作规定",
        "法律法规未设定时限",
        "法律法规无时限规定",
        "暂无规定",
    ],
    ids=lambda v: v,
)
def test_is_no_legal_limit_true(text: str) -> None:
    """Wordings that say there is no legal time limit."""
    assert is_no_legal_limit(text) is True


@pytest.mark.parametrize(
    "text",
    [None, "", "20个工作日", "即办", "按规定", "无需", "无偿", "未定", "详见附件", "尽快办理",
     "法律无", "法规未", "无限期", "法律法规规定的时限", "依法定时限"],
    ids=lambda v: repr(v),
)
def test_is_no_legal_limit_false(text: str | None) -> None:
    """An actual limit, an empty cell or unrelated wording is not a statement of no limit."""
    assert is_no_legal_limit(text) is False


# ---------------------------------------------------------------- parse_trips


@pytest.mark.parametrize(
    ("text", "trips"),
    [
        ("0", 0),
        ("1", 1),
        ("2", 2),
        (fw("0"), 0),
        ("1.0", 1),
        ("0.0", 0),
        ("0次", 0),
        ("0 次", 0),
        ("1次", 1),
        ("１次", 1),
        ("2次", 2),
        ("零次", 0),
        ("〇次", 0),
        ("一次", 1),
        ("两次", 2),
        ("二次", 2),
        ("三次", 3),
        ("跑零次", 0),
        ("零跑", 0),
        ("不跑", 0),
        ("无需跑动", 0),
        ("一次都不用跑", 0),
        ("不需要跑", 0),
        ("零次跑动", 0),
        ("零跑腿", 0),
        ("不跑腿", 0),
        ("跑一次", 1),
        ("最多跑一次", 1),
        ("最多跑1次", 1),
        ("1次（领取证照）", 1),
        ("0次，全程网上办理", 0),
        ("1次，领证时到现场", 1),
        ("0，网上申请快递送达", 0),
        ("不跑；一网通办", 0),
        ("0次，如需现场核验则跑1次", None),
        ("1（如需现场勘查，2次）", None),  # a note naming more trips: which is it?
        ("1次（领证时跑一次）", 1),
        # a trip on top of it (再, 另, 还): two trips for some case (passed as 1)
        ("1次（领证需再跑1次）", None),
        ("1（领证另需1次）", None),
        ("1次（现场核查时还需1次）", None),
        ("最多跑一次（领证再跑一次）", None),
        ("1次（无需再跑）", 1),
        ("1（另需0次）", 1),
        ("1次（原需再跑2次）", 1),  # before the reform
        ("1次（领证无需再跑1次，证照邮寄送达）", 1),  # no more trips, said
        ("1次（不需再跑1次）", 1),
        ("1次（还需一次性提交全部材料）", 1),  # 一次性 is no trip
        ("0次（不用再跑一次）", 0),
        # per channel: the most (at most one trip either way)
        ("0次（网上办理）；1次（窗口办理）", 1),
        ("0（网办）/1（窗口）", 1),
        ("网上办理0次，窗口办理1次", 1),
        ("网上办理：0次；窗口办理：2次", 2),
        ("0/1", None),  # no channel named: the template's hint
        ("窗口办理：1次", 1),
        ("0次(网上办理);1次(窗口办理,需核验)", 1),
        ("网上申请0次；窗口申请1次", 1),
        # a count before the reform in the note is no second case
        ("1次（改革前3次）", 1),
        ("0次（由原来的2次减为0次）", 0),
        ("1次，特殊情况两次", None),
        ("1次。", 1),
        (" 1 ", 1),
        ("十", 10),
        ("多次", None),
        ("-1", None),
        ("1.5", None),
        ("若干", None),
        ("", None),
        (None, None),
        ("无", None),
        ("/", None),
        ("1-2次", None),
        ("0或1次", None),
        ("一到两次", None),
        ("一百五", None),
        ("次", None),
        # past a 64-bit integer (the rules' Int64 column) or past any float: no trip count
        ("9223372036854775807", None),
        ("100000000000000000000次", None),
        ("1" * 400, None),
    ],
    ids=lambda v: repr(v)[:40],
)
def test_parse_trips(text: str | None, trips: int | None) -> None:
    """跑动次数 is a whole number ≥ 0 however it is written; anything else is trips-invalid."""
    assert parse_trips(text) == trips


# ---------------------------------------------------------------- parse_yes_no


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("是", None, True),
        ("否", None, False),
        ("Y", None, True),
        ("N", None, False),
        ("y", None, True),
        ("n", None, False),
        ("Yes", None, True),
        ("No", None, False),
        (fw("YES"), None, True),
        ("√", None, True),
        ("\u00d7", None, False),  # multiplication sign
        ("✓", None, True),
        ("✗", None, False),
        ("有", None, True),
        ("无", None, False),
        ("1", None, True),
        ("0", None, False),
        ("1.0", None, True),
        ("0.0", None, False),
        ("即办件", "是否即办件", True),
        ("承诺件", "是否即办件", False),
        ("收费", "是否收费", True),
        ("不收费", "是否收费", False),
        ("免费", "是否收费", False),
        ("不收取费用", "是否收费", False),
        ("可以", "是否网上办理", True),
        ("不可以", "是否网上办理", False),
        ("支持", "是否网上办理", True),
        ("不支持", "是否网上办理", False),
        (" 是 ", None, True),
        ("是。", None, True),
        ("是（部分收费）", None, True),
        ("是(按件收费)", None, True),
        ("否，不收费", "是否收费", False),
        ("否（全程网办）", None, False),
        ("收费（按国家标准）", "是否收费", True),
        ("是/否", None, None),
        ("是否", None, None),
        ("待定", None, None),
        ("部分", None, None),
        ("2", None, None),
        ("视情况", None, None),
        ("", None, None),
        # a column's own words answer that column only
        ("即办", "是否网上办理", None),
        ("即办件", "是否收费", None),
        ("收费", "是否即办件", None),
        ("免费", "是否网上办理", None),
        ("全程网办", "是否收费", None),
        ("支持", "是否即办件", None),
        ("即办件", None, None),  # 是否证明材料 and any other yes/no column
        (None, None, None),
        # a slash in the note (a web address, 核验/邮寄) is no hint 是/否
        ("是（http://www.zjzwfw.gov.cn）", "是否网上办理", True),
        ("否（需现场核验/邮寄原件）", "是否网上办理", False),
        ("是（按件/按次）", "是否收费", True),
        ("是/否（按件）", None, None),
        # the note on the next line or after a space
        ("是\n浙江政务服务网", "是否网上办理", True),
        ("是\nhttp://www.zjzwfw.gov.cn", "是否网上办理", True),
        ("否\n需现场核验", None, False),
        ("是 浙江政务服务网", None, True),
        ("是 否", None, None),
        ("是 / 否", None, None),
        ("是\n否", None, None),
        # the short words of 办件类型 and 是否网上办理
        ("承诺", "是否即办件", False),
        ("即办", "是否即办件", True),
        ("网上办理", "是否网上办理", True),
        ("承诺", None, None),
        # a fee said in words under 是否收费
        ("依法收费", "是否收费", True),
        ("按照《中华人民共和国护照法》收取", "是否收费", True),
        ("按标准收费（每证10元）", "是否收费", True),
        ("依法收费", "是否网上办理", None),
        ("依法免收", "是否收费", None),
    ],
    ids=lambda v: repr(v),
)
def test_parse_yes_no(text: str | None, field: str | None, value: bool | None) -> None:
    """Yes/no cells in every spelling the template lists; the template hint 是/否 is no answer."""
    assert parse_yes_no(text, field) is value


def test_yes_no_sets_are_disjoint_and_normalised() -> None:
    """No spelling is both yes and no, and every spelling is stored in its lookup form."""
    for yes, no in [(YES_NO_TRUE, YES_NO_FALSE), *YES_NO_BY_FIELD.values()]:
        assert not (yes | YES_NO_TRUE) & (no | YES_NO_FALSE)
        for spelling in yes | no:
            assert spelling == spelling.lower().strip()


# ---------------------------------------------------------------- split_list


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (
            "1.营业执照副本；2.法定代表人身份证明（2）\n3、申请书",
            ["营业执照副本", "法定代表人身份证明（2）", "申请书"],
        ),
        ("1、申请书\n2、营业执照复印件", ["申请书", "营业执照复印件"]),
        ("1\uff0e申请书\r\n2\uff0e身份证复印件", ["申请书", "身份证复印件"]),
        (f"{fw('1.')}申请书\n{fw('2.')}身份证复印件", ["申请书", "身份证复印件"]),
        ("（1）申请表；（2）身份证明", ["申请表", "身份证明"]),
        ("(1)申请表(2)身份证明", ["申请表", "身份证明"]),  # pasted without a separator
        ("(1)申请表；(2)身份证明", ["申请表", "身份证明"]),
        ("1)申请表\n2)身份证明", ["申请表", "身份证明"]),
        ("①申请书②营业执照③法定代表人身份证明", ["申请书", "营业执照", "法定代表人身份证明"]),
        ("⑴申请书\n⑵营业执照", ["申请书", "营业执照"]),
        ("一、申请书\n二、可行性研究报告", ["申请书", "可行性研究报告"]),
        ("（一）申请书；（二）章程", ["申请书", "章程"]),
        ("申请书；营业执照", ["申请书", "营业执照"]),
        ("申请书;营业执照;", ["申请书", "营业执照"]),
        ("申请书\n营业执照\n\n", ["申请书", "营业执照"]),
        ("申请书\r\n营业执照", ["申请书", "营业执照"]),
        ("营业执照。2.身份证明", ["营业执照", "身份证明"]),
        ("1、营业执照 2、身份证明 3、申请书", ["营业执照", "身份证明", "申请书"]),
        ("1、营业执照，2、身份证明", ["营业执照", "身份证明"]),
        ("1.营业执照 3.身份证明", ["营业执照 3.身份证明"]),
        ("营业执照 2.身份证明", ["营业执照 2.身份证明"]),
        ("1.身份证复印件 （2）", ["身份证复印件 （2）"]),
        ("1. 1.5米以上的平面图", ["1.5米以上的平面图"]),
        ("1.1.5米以上的平面图", ["1.1.5米以上的平面图"]),
        ("1.5米以上的平面图", ["1.5米以上的平面图"]),
        ("2017.3.1前取得的证书", ["2017.3.1前取得的证书"]),
        ("1.依据第1条、第2条规定提交的材料", ["依据第1条、第2条规定提交的材料"]),
        (
            "1.《中华人民共和国道路运输条例；实施细则》规定的材料；2.申请书",
            ["《中华人民共和国道路运输条例；实施细则》规定的材料", "申请书"],
        ),
        ("1.身份证明（身份证；户口簿）；2.申请书", ["身份证明（身份证；户口簿）", "申请书"]),
        ("1.身份证明（身份证；2.申请书", ["身份证明（身份证", "申请书"]),
        # the ) of a numbering 1) closes nothing: the brackets after it still shelter
        ("1）身份证明（身份证；户口簿）；2）申请书", ["身份证明（身份证；户口簿）", "申请书"]),
        ("1)身份证明(身份证;户口簿)", ["身份证明(身份证;户口簿)"]),
        ("一、二级建造师注册证书", ["一、二级建造师注册证书"]),
        # after 1、 or 1） a digit starts the material (1.2 stays a decimal, 1、2级 two numbers)
        ("1、2寸免冠照片\n2、2017年度审计报告", ["2寸免冠照片", "2017年度审计报告"]),
        ("1）身份证；2）3张照片", ["身份证", "3张照片"]),
        ("1、2级建造师注册证书", ["1、2级建造师注册证书"]),
        ("1.营业执照：(1)正本；(2)副本", ["营业执照：(1)正本", "副本"]),
        ("  1.  申请书。  ", ["申请书"]),
        ("申请书（原件1份，复印件1份）", ["申请书（原件1份，复印件1份）"]),
        ("1.\n2.申请书", ["申请书"]),
        ("", []),
        (None, []),
        ("\n ；\n", []),
    ],
    ids=[
        "brief-example",
        "dun-hao",
        "fullwidth-dot-crlf",
        "fullwidth-digits",
        "paren-fullwidth",
        "paren-mid-line-no-separator",
        "paren-after-semicolon",
        "digit-close-paren",
        "circled",
        "parenthesized-digit-char",
        "chinese-dun-hao",
        "chinese-paren",
        "semicolon-only",
        "ascii-semicolons-trailing",
        "lines-blank",
        "crlf",
        "full-stop-then-number",
        "space-separated-sequence",
        "comma-separated-sequence",
        "space-out-of-sequence",
        "space-without-first-number",
        "trailing-copy-count",
        "decimal-after-number",
        "digit-after-dot-is-no-numbering",
        "decimal-at-start",
        "date",
        "article-numbers",
        "semicolon-inside-book-title",
        "semicolon-inside-brackets",
        "unbalanced-bracket",
        "semicolon-inside-brackets-after-close-paren-numbering",
        "semicolon-inside-brackets-after-close-paren-numbering-ascii",
        "first-second-class",
        "digit-after-dun-hao",
        "digit-after-close-paren",
        "arabic-first-second-class",
        "nested-numbering",
        "spaces-and-stop",
        "comma-inside-brackets",
        "empty-numbered-entry",
        "empty",
        "none",
        "only-separators",
    ],
)
def test_split_list(text: str | None, entries: list[str]) -> None:
    """One entry per numbered entry, ；/; or line; the entry's own text is kept as written."""
    assert split_list(text) == entries


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("1.申请书\n2.无犯罪记录证明\n（依据《保安服务管理条例》第八条）",
         ["申请书", "无犯罪记录证明（依据《保安服务管理条例》第八条）"]),
        ("1.申请书\n2.无犯罪记录证明（原件1份）\n   依据《保安服务管理条例》第八条",
         ["申请书", "无犯罪记录证明（原件1份）依据《保安服务管理条例》第八条"]),
        ("1.申请书；\n2.出生医学证明；\n依据：《中华人民共和国母婴保健法》第二十三条",
         ["申请书", "出生医学证明依据：《中华人民共和国母婴保健法》第二十三条"]),
        ("（1）申请书\n（2）无犯罪记录证明\n注：依据《保安服务管理条例》第八条",
         ["申请书", "无犯罪记录证明注：依据《保安服务管理条例》第八条"]),
        ("1.申请书\n2.其他材料\n（授权委托书、受托人身份证复印件）",
         ["申请书", "其他材料（授权委托书、受托人身份证复印件）"]),
        # a numbering in brackets starts an entry; a heading 依据： is no basis
        ("申请书\n（1）身份证\n（二）户口簿", ["申请书", "身份证", "户口簿"]),
        ("申请材料：\n依据：\n1.申请书", ["申请材料", "依据", "申请书"]),
        # not numbered: a line that starts with an aside and goes on is a material of its own
        ("申请书\n（复印件2份）身份证", ["申请书", "（复印件2份）身份证"]),
        # a line starting 根据 that cites nothing is a material (a catch-all, here)
        ("1.申请书\n2.营业执照复印件\n根据审查需要提供的其他材料",
         ["申请书", "营业执照复印件", "根据审查需要提供的其他材料"]),
        ("申请书\n无犯罪记录证明\n（依据《保安服务管理条例》第八条）",
         ["申请书", "无犯罪记录证明（依据《保安服务管理条例》第八条）"]),
    ],
    ids=["bracketed-basis", "indented-basis", "basis-after-semicolon", "note-basis",
         "bracket-listing-what", "bracketed-numbers", "heading-basis",
         "unnumbered-aside-then-name", "unnumbered-whole-aside", "catch-all-after"],
)
def test_split_list_joins_a_line_that_goes_on(text: str, entries: list[str]) -> None:
    """A line typed after Alt+Enter that goes on with the entry above (a bracketed aside, the
    entry's basis) is part of that entry: it was a material of its own, and the certificate
    above it was rejected as citing nothing."""
    assert split_list(text) == entries


def test_split_steps_keeps_a_step_that_starts_with_genju() -> None:
    """In a process, a line starting 根据 is a step, not the basis of the step above."""
    assert split_steps("1.受理\n2.审查\n根据审查结果作出决定") == [
        "受理", "审查", "根据审查结果作出决定"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定", 20 * DAY),
        ("应当自受理申请之日起20个工作日内作出决定", 20),
        ("公安机关应当自收到申请之日起30日内作出决定", 30 * DAY),
        ("于受理之日起20日内办结", 20 * DAY),
        ("1年", 252),
        ("一年", 252),
    ],
)
def test_parse_duration_reads_the_laws_wording_and_years(text: str, days: float) -> None:
    """A 法定办结时限 copied from the law (行政机关应当自…起二十日内…) and limits in years were
    time-limit-unparseable."""
    found = parse_duration(text)
    assert found is not None
    assert found.working_days == pytest.approx(days)


@pytest.mark.parametrize("text", ["2017年", "10年"])
def test_parse_duration_a_year_is_no_limit(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("1.设立申请书2.与申请事项相关的材料", ["设立申请书", "与申请事项相关的材料"]),
        ("一、设立申请书二、相关材料", ["设立申请书", "相关材料"]),
        ("（一）申请书（二）章程", ["申请书", "章程"]),
        ("1.身份证（正反面）2.照片", ["身份证（正反面）", "照片"]),
        ("1.申请表1份2.身份证", ["申请表1份", "身份证"]),
        # not a numbering: a count, a decimal, an article, a sequence not from 1
        ("1.申请书2份", ["申请书2份"]),
        ("1.营业执照2.5寸照片", ["营业执照2.5寸照片"]),
        ("（1）申请书（2份）", ["申请书（2份）"]),
        ("1.按照第2、3项规定提交", ["按照第2、3项规定提交"]),
        ("一、按第二、三项执行", ["按第二、三项执行"]),
        ("2.申请书3.章程", ["申请书3.章程"]),
        ("1.其他材料（见附表2.附表3）", ["其他材料（见附表2.附表3）"]),  # inside an aside
        ("1、建设项目申请表（附表2、附表3）", ["建设项目申请表（附表2、附表3）"]),
        ("1.卫生技术人员不少于2、其中医师1名", ["卫生技术人员不少于2、其中医师1名"]),
        ("1、卫生技术人员不少于2、其中医师1名", ["卫生技术人员不少于2、其中医师1名"]),
        ("1.参照附件2.附件3的格式", ["参照附件2.附件3的格式"]),
        ("1.申请表2.营业执照", ["申请表", "营业执照"]),
        # a citation's 第（二）项 is no entry
        ("（一）《保安服务管理条例》第十四条第（二）项规定的无犯罪记录证明",
         ["《保安服务管理条例》第十四条第（二）项规定的无犯罪记录证明"]),
        ("(1)按照《办法》第七条第(2)款规定提交的材料", ["按照《办法》第七条第(2)款规定提交的材料"]),
        # an entry may end in 项, 条 or 款 (事项, 税款, 第八条) before the next number
        ("（1）拟变更事项（2）身份证明", ["拟变更事项", "身份证明"]),
        ("（1）符合《消防法》第十五条（2）有专职管理人员",
         ["符合《消防法》第十五条", "有专职管理人员"]),
        ("（１）申请书（２）章程", ["申请书", "章程"]),  # full-width digits, before NFKC
    ],
    ids=lambda v: str(v),
)
def test_split_list_numbering_glued_to_the_text_before(text: str, entries: list[str]) -> None:
    """Numbered entries pasted without a separator (from a web page) are entries, read in
    turn from 1 in the line's own style; numbers that only look like one stay text."""
    assert split_list(text) == entries


def test_split_list_circled_numbers_survive_clean() -> None:
    """text.clean keeps circled numbering, so cleaned cells still split on it."""
    raw = "①申请书②营业执照"
    assert split_list(raw) == ["申请书", "营业执照"]
    assert split_list(clean(raw)) == ["申请书", "营业执照"]


def test_split_list_keeps_fullwidth_text_of_entries() -> None:
    """Entries are not normalised: messages quote the material as the department wrote it."""
    assert split_list(f"1、《建设工程规划许可证》（复印件）\n2、申请表（{fw('A4')}）") == [
        "《建设工程规划许可证》（复印件）",
        f"申请表（{fw('A4')}）",
    ]


# ---------------------------------------------------------------- split_steps


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("受理", ["受理"]),
        ("申请→受理→审核→办结", ["申请", "受理", "审核", "办结"]),
        ("受理——审核——发证", ["受理", "审核", "发证"]),
        ("受理-审核-发证", ["受理", "审核", "发证"]),
        ("提交5-10份材料后受理", ["提交5-10份材料后受理"]),
        ("申请 → 受理 → 办结", ["申请", "受理", "办结"]),
        ("申请->受理->办结", ["申请", "受理", "办结"]),
        ("申请—>受理—>办结", ["申请", "受理", "办结"]),
        ("申请——>受理", ["申请", "受理"]),
        ("申请\uff1e受理\uff1e办结", ["申请", "受理", "办结"]),
        ("申请>受理", ["申请", "受理"]),
        ("申请⇒受理", ["申请", "受理"]),
        ("受理、审查、决定、送达", ["受理", "审查", "决定", "送达"]),
        ("1.受理\n2.审查\n3.决定", ["受理", "审查", "决定"]),
        ("1、申请；2、受理；3、审核、决定", ["申请", "受理", "审核", "决定"]),
        ("申请\n受理", ["申请", "受理"]),
        ("（1）受理（2）审核", ["受理", "审核"]),
        ("1.申请2.受理3.审查4.决定", ["申请", "受理", "审查", "决定"]),
        ("①受理②审核③发证", ["受理", "审核", "发证"]),
        ("窗口受理后当场办结", ["窗口受理后当场办结"]),
        (
            "申请人提交营业执照、身份证和申请书等全部材料后窗口受理",
            ["申请人提交营业执照、身份证和申请书等全部材料后窗口受理"],
        ),
        ("受理（含审查、核实）", ["受理（含审查、核实）"]),
        ("受理、", ["受理"]),
        ("-", ["-"]),
        ("", []),
        (None, []),
    ],
    ids=[
        "one-step",
        "arrows",
        "double-dashes-between-words",
        "dashes-between-words",
        "dash-between-digits",
        "arrows-spaced",
        "ascii-arrow",
        "dash-arrow",
        "long-dash-arrow",
        "fullwidth-gt",
        "gt",
        "double-arrow",
        "dun-hao-words",
        "numbered-lines",
        "numbered-and-dun-hao",
        "lines",
        "paren-without-separator",
        "numbered-without-separator",
        "circled",
        "sentence",
        "long-parts-not-split",
        "dun-hao-in-brackets",
        "trailing-dun-hao",
        "dash",
        "empty",
        "none",
    ],
)
def test_split_steps(text: str | None, steps: list[str]) -> None:
    """办理流程 steps; fewer than two gives process-too-short."""
    assert split_steps(text) == steps


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("受理、审查、决定、送达（详见办事指南流程图）", ["受理", "审查", "决定", "送达"]),
        ("申请，受理，审核，办结", ["申请", "受理", "审核", "办结"]),
        ("受理，审核，办结。", ["受理", "审核", "办结"]),
        ("申请/受理/审核/办结", ["申请", "受理", "审核", "办结"]),
        # one step, or a sentence: as before
        ("材料齐全，当场受理", ["材料齐全，当场受理"]),
        ("受理（含审查、核实）", ["受理（含审查、核实）"]),
        ("申报，受理，审核，办结", ["申报", "受理", "审核", "办结"]),  # a step word it lacks
        ("网上申请/窗口申请/邮寄申请", ["网上申请/窗口申请/邮寄申请"]),  # ways to apply
        ("窗口/网上/邮寄", ["窗口/网上/邮寄"]),
        ("受理 审核 办结", ["受理", "审核", "办结"]),
        ("申请, 受理, 审核, 办结", ["申请", "受理", "审核", "办结"]),
        ("申请 / 受理 / 审核 / 办结", ["申请", "受理", "审核", "办结"]),
        ("网上 窗口 邮寄", ["网上 窗口 邮寄"]),
        # clauses between commas, each naming a step
        ("申请人提出申请，窗口受理，审查，作出决定",
         ["申请人提出申请", "窗口受理", "审查", "作出决定"]),
        ("申请人提交申请，申请材料包括身份证、户口簿",
         ["申请人提交申请，申请材料包括身份证、户口簿"]),
        ("申请人到窗口提交材料并由工作人员进行受理，审核",
         ["申请人到窗口提交材料并由工作人员进行受理，审核"]),
        # asides saying when or who, in each step (were one step: process-too-short)
        ("受理（1个工作日）、审查（3个工作日）、决定（1个工作日）", ["受理", "审查", "决定"]),
        ("受理（窗口）、审核（业务处）、决定（分管厅领导）", ["受理", "审核", "决定"]),
        ("受理（即办），审核（3个工作日），发证（1个工作日）", ["受理", "审核", "发证"]),
        ("网上申报，窗口受理，组织专家评审（不计入时限），审批决定，证书寄送",
         ["网上申报", "窗口受理", "组织专家评审", "审批决定", "证书寄送"]),
        ("申请人通过浙江政务服务网提交申请材料，省厅行政审批处受理，业务处室审核后报分管领导审批，"
         "作出许可决定", ["申请人通过浙江政务服务网提交申请材料", "省厅行政审批处受理",
                         "业务处室审核后报分管领导审批", "作出许可决定"]),
    ],
    ids=lambda v: str(v),
)
def test_split_steps_listed_with_an_aside_commas_or_slashes(text: str, steps: list[str]) -> None:
    """Step words listed with a bracketed aside after them, or between commas or slashes."""
    assert split_steps(text) == steps


# ---------------------------------------------------------------- is_phone_list


@pytest.mark.parametrize(
    "text",
    [
        "0571-87654321",
        "057187654321",
        "(0571)87654321",
        "（0571）87654321",
        "0571 87654321",
        "0571-8765432",
        "010-12345678",
        "0571—87654321",
        fw("0571-87654321"),
        "13800001111",
        "138-0000-1111",
        "+86 13800001111",
        "+86-571-87654321",
        "12345",
        "12315",
        "12348",
        "96345",
        "400-800-1234",
        "0571-87654321转123",
        "0571-87654321-123",
        "0571-87654321 转 8001",
        "0571-87654321（转123）",
        "0571-87654321,0571-87654322",
        "0571-87654321、0571-87654322",
        "0571-87654321；12345",
        "0571-87654321/13800001111",
        "0571-87654321 0571-87654322",
        "0571-87654321\n0571-87654322",
        "0571-87654321或12345",
        "咨询电话：0571-87654321",
        "咨询电话:0571-87654321；投诉电话:12345",
        "咨询：0571-87654321，投诉：0571-87654322",
        "办公室0571-87654321",
        "0571-87654321（工作日）",
        "0571-87654321。",
        "0571-87654321（9:00-17:00）",
        "0571-87654321（省行政服务中心A区12号窗口）",
        "12345政务服务热线",
        "0571-12345",
        "0571-8765 4321",
        "0571-87654321、87654322",
        "0571-87654321（周一至周五上午8:30-12:00，下午14:30-17:30）",
        "0571-87654321转8001、8002",
        # 转分机, a 400 number grouped 3-4-3, the country code without +
        "0574-87280114转分机8001",
        "400-8888-114",
        "86-571-87280114",
        "0086-571-87280114",
        # office hours without brackets, a local number grouped with a dash, 4008 numbers
        "0571-87054321 工作日9:00-17:00",
        "0571-87054321，工作日9:00-17:00",
        "0571-87054321 9:00-17:00",
        "0571-87054321 工作日上午8:30-12:00，下午13:30-17:00",
        "0571-8705-4321",
        "4008-123-456",
        "0571-87054321 工作日 9:00-17:00",
        "0571-87054321，上午8:30-12:00 下午14:00-17:00",
        "0571-87054321、87054322 9:00-17:00",
        "0571-87654321 王科长",
        "联系人：王芳，电话：0571-87054321",
        "王芳，0571-87054321",
        # an office named in full, extensions listed after a dash (were invalid-phone)
        "浙江省人力资源和社会保障厅行政审批处0571-87654321",
        "0571-86000000-2001/2002",
        # numbers by their last digits, an extension to an office (were invalid-phone)
        "0571-87654321/2/3",
        "0571-87654321/22/23、0571-88888888",
        "0571-87654321转行政审批处",
        "0571-87654321（转法规处）",
        "0571-87654321转审批窗口、12345",
        # the numbers, then other ways to reach the office (咨询方式)
        "电话：0571-87654321\n地址：杭州市学士路2号",
        "0571-87654321 邮箱：abc@zj.gov.cn",
        "0571-87654321 http://www.zjhrss.gov.cn",
    ],
    ids=lambda v: v.replace("\n", "\\n"),
)
def test_is_phone_list_true(text: str) -> None:
    """Area-code numbers, mobiles and hotlines, alone or listed, labelled or with an extension."""
    assert is_phone_list(text) is True


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "  ",
        "87654321",
        "8765432",
        "0571-123",
        "0571-87654",
        "电话",
        "咨询电话：",
        "110",
        "1234",
        "123456",
        "12345678",
        "1380000111",
        "23800001111",
        "87654322、0571-87654321",
        "0571-87654321，见官网",
        "详见办事指南",
        "www.zjzwfw.gov.cn",
        "zhengwu@zj.gov.cn",
        "0571-87654321转",
        "0571-87654321转王",  # a person is no office to put through to
        "87654321/2/3",  # no area code
        "0571-87654321/2345",  # four digits after / are no last digits
        "0571-87654321（87654322）",
        "0571-00000000",  # a template's filler
        "0000-00000000",
        "11111",
        "地址：杭州市学士路2号",  # an address with no number before it
        "87654321 地址：杭州市学士路2号",  # the number before it still judged
    ],
    ids=lambda v: repr(v),
)
def test_is_phone_list_false(text: str | None) -> None:
    """Numbers without an area code, short numbers, labels, web or mail addresses are not phones."""
    assert is_phone_list(text) is False


# ---------------------------------------------------------------- speed


def test_is_phone_list_does_not_backtrack_on_long_digit_runs() -> None:
    """A long cell of spaced numbers that fails at its end does not backtrack for ages."""
    with no_hang():
        assert is_phone_list(" ".join(["0571 87654321"] * 2000) + " 电话：") is False
        assert is_phone_list(" ".join(["0571 87654321"] * 2000)) is True


def test_is_phone_list_does_not_backtrack_on_named_entries() -> None:
    """Numbers with a name after a space, many of them, failing at the end: no backtracking."""
    with no_hang():
        assert is_phone_list(" ".join(["0571-87654321 王科长"] * 400) + " 电话：") is False


def test_is_phone_list_does_not_backtrack_on_office_hours_or_spaces() -> None:
    """Numbers each followed by office hours, or one number and a long run of spaces, failing
    at the end: judged at once (160 entries with hours did not finish in a minute)."""
    with no_hang():
        assert is_phone_list("0571-87054321 9:00-17:00 " * 1000 + "x") is False
        assert is_phone_list("0571-87054321" + " " * 20000 + "x") is False
        assert is_phone_list("0571-8705-4321-" * 1000 + "x") is False
        assert is_phone_list("，".join(["0571-87054321 工作日9:00-17:00"] * 1000)) is True
        assert is_phone_list("0571-87654321" + "/2" * 10000 + "x") is False
        assert is_phone_list("0571-87654321转" + "审批处" * 5000 + "x") is False
        assert is_phone_list("、".join(["0571-87654321转行政审批处"] * 1000)) is True
        # an office that ends in three places (处, 办, 办公室), many, failing at the end
        assert is_phone_list("、".join(["0571-87654321转行政审批处办公室"] * 400) + "、x") is False


def test_a_case_limit_counts_in_its_own_unit() -> None:
    """15日，涉及现场核查的25个工作日 is 25 working days, not 25 bare days (which a permit's
    legal limit would count as 35)."""
    d = parse_duration("15日，涉及现场核查的25个工作日")
    assert d is not None
    assert (d.working_days, d.bare_days, d.months) == (25, False, False)


@pytest.mark.parametrize("run", [" ", "\t", "\u3000", "-", "—", "=", " -", "中 "])
def test_split_steps_reads_a_full_cell_of_spaces_or_dashes_at_once(run: str) -> None:
    """A 32,767-character 办理流程 of spaces or dashes that lead to no arrow: the arrows are
    found from the start of each run, not tried again from every character of it (8,000
    spaces took 1.5 s and a full cell over 20 s)."""
    text = run * (32_767 // len(run)) + "x"
    with no_hang():
        steps = split_steps(text)
        arrowed = split_steps("受理" + text + "->发证")
    assert len(steps) <= 1
    assert arrowed[-1] == "发证"


@pytest.mark.parametrize("space", [" ", "\u1680"])  # (U+1680, a space clean() keeps)
def test_time_limit_markers_read_a_run_of_spaces_one_way(space: str) -> None:
    """法定 or 承诺 and a long run of spaces before no limit: the lookahead for the limit split
    the run four ways (640 spaces took over a minute, the time growing as n**4)."""
    with no_hang():
        assert parse_time_limits("法定" + space * 32_000 + "x") == (None, None)
        assert parse_time_limits("承诺" + space * 32_000 + "x", "法定") == (None, None)
        legal, _ = parse_time_limits("法定" + space * 32_000 + "20个工作日")
    assert legal is not None
    assert legal.working_days == 20


def test_fax_label_reads_a_run_of_spaces_one_way() -> None:
    """传真 and a full cell of spaces after it: the spaces before an optional colon were split
    n ways (32,000 took 17 s)."""
    with no_hang():
        assert fax_only("传真" + " " * 32_000 + "x") is fax_only("传真 x")
        assert fax_only("传真" + " " * 32_000 + "0571-87280115") is True
        assert fax_only("传真" + " " * 32_000 + "电话0571-87280114") is False


def test_time_limit_segments_lose_their_stray_brackets_at_once() -> None:
    """A run of closing brackets before 法定 (none of them opened): they were counted again
    for each one taken off (2 s a full cell)."""
    with no_hang():
        for k in range(6):  # six such cells
            legal, _ = parse_time_limits("）" * 32_000 + f"法定{20 + k}日")
            assert legal is not None
            assert legal.text == f"法定{20 + k}日"


def test_long_readings_of_limits_and_steps_are_linear() -> None:
    """The statute's lead-in (自…之日起, up to 30 characters) and comma-separated step words read a
    30,000-character cell at once."""
    with no_hang():
        assert parse_duration("自" + "收到审核意见" * 5000 + "之日起15日") is None
        assert parse_duration("自收到之日起" * 5000 + "15日") is None
        assert parse_duration("自" + "起" * 30000) is None
        assert len(split_steps("报名，考试，" * 5000 + "发证")) == 10001
        assert len(split_steps("在线填报" * 7500)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("有效期届满前作出决定", True),
        ("在该行政许可有效期届满前作出是否准予延续的决定", True),
        ("应当在有效期届满前作出决定（行政许可法第五十条）", True),
        ("有效期届满前30日", False),  # a span before the date: read as a limit or not at all
        ("有效期届满后作出决定", False),
        ("20个工作日", False),
    ],
)
def test_is_by_expiry(text: str, expected: bool) -> None:
    """行政许可法 第五十条: a renewal is decided before the licence runs out, a date."""
    assert is_by_expiry(text) is expected
