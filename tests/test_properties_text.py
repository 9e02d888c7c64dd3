"""Property tests (hypothesis) for the text layer and the parsers: text.clean and its fast
paths in table.py, parse.py's readers, legal.py's citations and safe.py's formula guard.

The example tests in test_text.py, test_parse.py and test_legal.py pin the wording down; these
check what must hold for every text: the fast paths equal the slow ones, the readers never
raise, the width and numeral a department writes in change nothing, lists split into what was
listed.
"""

from __future__ import annotations

import math
import re
import string
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from catalog_check import legal, parse, safe
from catalog_check.checks.material_kinds import entry_pieces
from catalog_check.parse import (
    is_no_legal_limit,
    is_phone_list,
    parse_duration,
    parse_time_limits,
    parse_trips,
    parse_yes_no,
    split_list,
    split_steps,
)
from catalog_check.registry import Registry
from catalog_check.table import _clean_str, _convert
from catalog_check.text import (
    cell_text,
    clean,
    is_placeholder,
    item_label,
    name_key,
    trailing_notes_start,
    unbracketed,
)

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from drawing import chinese, fw
from guards import no_hang

# ---------------------------------------------------------------- strategies

# What cells are made of: ideographs, ASCII, full-width forms and the characters text.clean
# removes or rewrites (spaces of every kind, zero-width and bidi marks, soft hyphen, the emoji
# variation selector, line breaks), circled numbers, combining marks and astral characters.
_SPECIALS = (
    " \t\n\r\x0b\x0c\x85\u00a0\u00ad\u180e\u2000\u2007\u200a\u200b\u200c\u200d\u200e\u200f"
    "\u2028\u2029\u202a\u202e\u202f\u205f\u2060\u2066\u2069\u3000\ufe0f\ufeff"
    "①⑴⒈❶➀⑳\u0301\u0308\u3099\u1100\u1161"
    "１２０．，；：（）【】〔〕﹝﹞［］《》〈〉“”、。·—－／＝＋＠"
    "\U0001d7cf\U0001f600\U00020000\u2460\u00b2\u00bd\u2160\uff21"
)
_WORDS = ("12", "12.0", "1.0", "0", "二十", "个工作日", "申请书", "营业执照", "复印件", "无",
          "是", "否", "次", "法定", "承诺", "第十二条", "〔2017〕", "1.", "（1）", "一、")
_CHARS = st.one_of(
    st.sampled_from(_SPECIALS),
    st.sampled_from(string.printable),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
    st.characters(blacklist_categories=("Cs",)),
)
CELL = st.lists(st.one_of(_CHARS, st.sampled_from(_WORDS)), max_size=24).map("".join)

# ---------------------------------------------------------------- text.clean and table fast paths


@given(CELL)
@example("申请书\ufe0f")  # the emoji variation selector is printable and NFKC already
@example("\ufe0f")
@example("12.0")
@example("①.0")
@example("１２.0")
@example("a\r\nb")
def test_clean_str_is_clean(s: str) -> None:
    """table._clean_str, the fast path the reader takes for every str cell, is text.clean."""
    assert _clean_str(s) == clean(s)


def _clean_line_by_line(s: str) -> str | None:
    """text.clean as its docstring defines it, without its shortcuts: each line (cut at every
    line boundary) NFKC but for circled numbers, without zero-width characters, one space at
    most, trimmed; empty lines dropped; 12.0 read as 12."""
    from catalog_check.text import LINE_BOUNDARY, _clean_line

    text = "\n".join(
        line for line in map(_clean_line, LINE_BOUNDARY.split(cell_text(s) or "")) if line
    )
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


@given(CELL)
@example("1．申请书；\n2．营业执照（副本）")  # several lines: NFKC of the whole text
@example("①申请书\n②营业执照")
@example("申请书\ufe0f\n营业执照")
@example("e\n\u0301")  # a combining mark after a line break composes with nothing
@example("12.0\n")
@example("申请书  复印件\n营业执照")
@example("申请书 \n营业执照")
@example("申请书\n\n营业执照")
@example(" 申请书\n营业执照")
@example("申请书\u3000\n营业执照")
def test_clean_is_clean_line_by_line(s: str) -> None:
    """text.clean's shortcut for text of several lines (NFKC of the whole text, kept when
    nothing else would change) gives what cleaning line by line gives."""
    assert clean(s) == _clean_line_by_line(s)


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([1.0, 0.0, -0.0, 2.5, 1e16, math.nan, math.inf]),
    st.floats(allow_nan=True),
    st.sampled_from(["1", "1.0", "是", " ", "", "\u3000", "申请书\ufe0f", " 申请书 "]),
    CELL,
)


@given(st.lists(_VALUES, max_size=12))
@example([1, 1.0, True])
@example([True, 1, 1.0, "1"])
@example([0, -0.0, False, None])
@example([1.0, 1])
def test_convert_is_cell_text_and_clean_per_value(values: list[object]) -> None:
    """table._convert converts each distinct value once; the result is still, value by value,
    (cell_text, clean), whatever mix of bool, int, float, None and str a column holds (1, 1.0
    and True are one dict key, and True reads 是)."""
    raw, cleaned = _convert(values)
    assert raw == [cell_text(v) for v in values]
    assert cleaned == [clean(v) for v in values]


def _composes(s: str) -> bool:
    """Whether the text holds a character NFKC may compose with the one before it (an accent,
    a Hangul vowel or final): clean removes zero-width characters after NFKC, so e + U+200B +
    U+0301 comes out as e + U+0301, which a second clean composes into é (left as it is:
    catalogues are Chinese, and name_key is NFKC on both sides)."""
    return any(
        unicodedata.combining(c) or "\u1160" <= c <= "\u11ff" or "\u3099" <= c <= "\u309a"
        for c in unicodedata.normalize("NFKD", s)
    )


@given(CELL)
def test_clean_is_idempotent_and_tidy(s: str) -> None:
    """clean(clean(x)) == clean(x); the result is None or text whose lines are non-empty,
    trimmed and without double spaces."""
    once = clean(s)
    if not _composes(s):
        assert clean(once) == once
    if once is None:
        return
    assert once
    for line in once.split("\n"):
        assert line
        assert line == line.strip()
        assert "  " not in line
        assert not any(c in line for c in "\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")


@given(CELL)
def test_name_key_is_idempotent_and_a_key_of_clean(s: str) -> None:
    """name_key ignores what clean changes: the key of the cleaned text is the key of the raw
    text, and a key is its own key."""
    assume(not _composes(s))
    key = name_key(s)
    assert name_key(key) == key
    cleaned = clean(s)
    if not (cleaned and cleaned.isdigit() and key.endswith(".0")):
        assert name_key(cleaned) == key  # (clean reads 12.0 as 12, a key keeps it)
    assert is_placeholder(s) == is_placeholder(clean(s))


_NAME = st.lists(st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1,
                 max_size=8).map("".join)


@given(_NAME, st.one_of(st.none(), _NAME, st.sampled_from(["无", "/", "（无）"])),
       st.sampled_from(["{}", "（{}）", "({})", "【{}】", " {} "]))
def test_item_label_brackets_a_sub_item_once(name: str, sub: str | None, shape: str) -> None:
    """A sub-item is bracketed once, however it was written; a placeholder names none."""
    if sub == "（无）":
        shape = "{}"
    written = None if sub is None else shape.format(sub)
    label = item_label(name, written)
    if sub is None or is_placeholder(sub) or sub == "（无）":
        assert label == name
    else:
        assert label == f"{name}（{sub}）"
        assert unbracketed(written) == sub


# ---------------------------------------------------------------- parsers never raise

_PARSE_TOKENS = st.sampled_from([
    "1", "20", "0", "一", "十", "二十", "两", "零", "半", "百", "日", "个工作日", "个月", "天",
    "小时", "次", "趟", "跑", "即办", "当场办结", "当日", "法定", "承诺", "：", ":", "，", ",",
    "；", "。", ".", "、", "（", "）", "(", ")", "《", "》", "〈", "〉", "第", "条", "款", "项",
    "号", "令",
    "〔2017〕", "[2017]", "【2017】", "﹝2016﹞", "自受理之日起", "内", "办结", "不含", "延长",
    "涉及", "现场核查的", "的", "无", "未", "规定", "时限", "是", "否", "1.", "（1）", "①",
    "一、", "\n", " ", "\u3000", "0571-87654321", "12345", "转", "→", "-", "—", "受理", "审核",
    "国务院令第412号", "人民代表大会", "通过", "附件", "详见", "省", "市", "办法", "条例",
    "1" * 30, "9" * 320,
])
PARSE_TEXT = st.one_of(
    st.lists(st.one_of(_PARSE_TOKENS, _CHARS), max_size=30).map("".join),
    CELL,
)


@given(PARSE_TEXT)
@example("1" * 20)  # a 跑动次数 past any 64-bit integer
@example("1" * 400 + "次")  # past any float
@example("9" * 400 + "个工作日")
def test_parsers_never_raise(text: str) -> None:
    """Every reader takes any text and answers with its documented type."""
    _read_everything(text)


def _read_everything(text: str) -> None:
    duration = parse_duration(text)
    assert duration is None or isinstance(duration, parse.Duration)
    legal_limit, promise = parse_time_limits(text)
    assert legal_limit is None or isinstance(legal_limit, parse.Duration)
    assert promise is None or isinstance(promise, parse.Duration)
    parse_time_limits(text, "法定")
    assert isinstance(is_no_legal_limit(text), bool)
    trips = parse_trips(text)
    # 跑动次数 goes into a nullable int64 column: a number it cannot hold is no trip count
    assert trips is None or (type(trips) is int and 0 <= trips < 2**63)
    assert parse_yes_no(text) in (True, False, None)
    entries = split_list(text)
    assert all(e and e == e.strip(parse._ENTRY_TRIM) for e in entries)
    assert all(split_steps(text))
    assert isinstance(is_phone_list(text), bool)
    assert isinstance(legal.has_article(text), bool)
    assert isinstance(legal.classify(text), legal.Level)
    assert isinstance(legal.normalise_doc_number(text), str)


@given(PARSE_TEXT, st.booleans())
@settings(max_examples=50)
def test_citations_never_raise(registry: Registry, text: str, marks: bool) -> None:
    """parse_citations reads any text; every citation has a title and a level."""
    text = f"《{text}》{text}" if marks else text
    for c in legal.parse_citations(text, registry):
        assert c.title
        assert isinstance(c.level, legal.Level)


_HOSTILE_UNITS = ["1", "一", "。", ".", "、", "，", "；", "(", "（", "）", "《", "》", "第", "条",
                  "号", "令", "〔2017〕", " ", "-", "日", "的", "法定", "承诺", "次", "1.", "（1）",
                  "①", "0571-87654321", "、87654321", " 王科长", "转", "9:00-17:00", "→", "\n"]


@given(st.lists(st.sampled_from(_HOSTILE_UNITS), min_size=1, max_size=4),
       st.sampled_from(["", "个工作日", "x", "》", "号"]))
@settings(max_examples=15)
def test_long_repetitive_text_does_not_hang(registry: Registry, unit: list[str], end: str) -> None:
    """A 4,000-character cell of a repeated pattern (the shape that makes a regular expression
    backtrack) is read in milliseconds; the guard only catches a hang."""
    pattern = "".join(unit)
    text = pattern * (4000 // len(pattern)) + end
    with no_hang():
        _read_everything(text)
        legal.parse_citations(text, registry)
        clean(text)
        name_key(text)
        is_placeholder(text)


# ---------------------------------------------------------------- width and numeral invariance

def _facts(d: parse.Duration | None) -> tuple[float, bool, bool, bool] | None:
    """What a Duration says, without the text it was read from."""
    return None if d is None else (d.working_days, d.instant, d.bare_days, d.months)


_UNITS = ("个工作日", "工作日", "日", "天", "个月", "个自然日", "小时", "周")
_FRAMES = ("{}", "法定{}", "承诺{}", "{}内办结", "自受理之日起{}内办结", "不超过{}",
           "{}（不含专家评审时间）", "  {}。")


@given(st.integers(1, 999), st.sampled_from(_UNITS), st.sampled_from(_FRAMES))
def test_duration_reads_any_numeral_and_width(n: int, unit: str, frame: str) -> None:
    """二十个工作日, 20个工作日 and ２０个工作日 are the same limit, in any wording."""
    arabic = parse_duration(frame.format(f"{n}{unit}"))
    assert arabic is not None
    assert _facts(parse_duration(frame.format(f"{chinese(n)}{unit}"))) == _facts(arabic)
    assert _facts(parse_duration(fw(frame.format(f"{n}{unit}")))) == _facts(arabic)
    factor = parse._UNIT_FACTORS[unit]
    assert arabic.working_days == pytest.approx(n * factor)


@given(st.integers(0, 999), st.sampled_from(["{}", "{}次", "跑{}次", "最多跑{}次", "{}趟",
                                             "{}次（领证时到现场）", "{}次，全程网上办理"]))
def test_trips_reads_any_numeral_and_width(n: int, frame: str) -> None:
    """零次, 0次, ０次 and 跑零次 are 0 trips; 一百零五次 is 105."""
    written = chinese(n) if n else "零"
    assert parse_trips(frame.format(n)) == n
    assert parse_trips(frame.format(written)) == n
    assert parse_trips(fw(frame.format(n))) == n
    assert parse_trips(frame.format(f"{n}.0")) == n


@given(st.sampled_from(sorted(parse.YES_NO_TRUE | parse.YES_NO_FALSE)),
       st.sampled_from(["{}", " {} ", "{}。", "{}（部分）", "\u3000{}", "{}；", "{}\u200b"]),
       st.booleans())
def test_yes_no_reads_any_width_and_note(word: str, frame: str, upper: bool) -> None:
    """是, 是。, YES, yes written full-width and 是（部分） read as the bare word."""
    expected = word in parse.YES_NO_TRUE
    text = frame.format(word.upper() if upper else word)
    assert parse_yes_no(text) is expected
    assert parse_yes_no(fw(text)) is expected


_FIELD_WORDS = sorted(
    (field, word, yes)
    for field, sets in parse.YES_NO_BY_FIELD.items()
    for yes, words in ((True, sets[0]), (False, sets[1]))
    for word in words
)


@given(st.sampled_from(_FIELD_WORDS), st.sampled_from(sorted(parse.YES_NO_BY_FIELD)),
       st.sampled_from(["{}", " {} ", "{}。", "{}（部分）", "\u3000{}", "{}；"]))
def test_a_columns_own_words_answer_that_column_only(
    own: tuple[str, str, bool], field: str, frame: str
) -> None:
    """即办件 answers 是否即办件, 免费 是否收费, 支持 是否网上办理, in any width and with a
    note; under another yes/no column they are no answer (unless that column has them too)."""
    home, word, yes = own
    text = frame.format(word)
    theirs = parse.YES_NO_BY_FIELD[field]
    expected = yes if field == home else (
        True if word in theirs[0] else False if word in theirs[1] else None
    )
    assert parse_yes_no(text, field) is expected
    assert parse_yes_no(fw(text), field) is expected


# ---------------------------------------------------------------- split_list

_BASE = st.sampled_from(["申请书", "营业执照", "身份证", "法定代表人身份证明", "章程", "场地证明",
                         "授权委托书", "可行性研究报告", "验收报告", "资质证书"])
_DECORATION = st.sampled_from([
    "（正反面）", "复印件", "副本", "原件1份", "1份", "（A4）", "（复印件2份）", "2寸照片",
    "，加盖公章", "（身份证、户口簿）", "（身份证；户口簿）", "原件及复印件", "《营业执照》",
    "(2017年版)", "第1页", "等材料", "、户口簿", "3张",
])
# Written before the name: 《营业执照》副本, 1份申请书, （复印件2份）身份证.
_FRONT = st.sampled_from(["《营业执照》", "1份", "（复印件2份）", "原件及复印件", "2寸", "副本"])
MATERIAL = st.builds(lambda front, base, deco: front + base + "".join(deco),
                     st.one_of(st.just(""), _FRONT), _BASE, st.lists(_DECORATION, max_size=3))

_STYLES = {
    "1.": lambda n: f"{n}.", "1、": lambda n: f"{n}、", "1．": lambda n: f"{n}．",
    "（1）": lambda n: f"（{n}）", "(1)": lambda n: f"({n})", "1)": lambda n: f"{n})",
    "①": lambda n: chr(0x245F + n), "⑴": lambda n: chr(0x2473 + n),
    "一、": lambda n: parse._cn_numeral(n) + "、",
    "（一）": lambda n: f"（{parse._cn_numeral(n)}）",
    "": lambda n: "",
}


@given(st.lists(MATERIAL, min_size=1, max_size=8), st.sampled_from(sorted(_STYLES)),
       st.sampled_from(["\n", "\r\n", "；", ";", "；\n", "。\n"]))
def test_split_list_gives_back_what_was_listed(names: list[str], style: str, sep: str) -> None:
    """N materials numbered in one style (or not), one a line or between ；, are N entries,
    each its own text: brackets, commas, 、 and digits inside a name never cut it."""
    number = _STYLES[style]
    if style in ("1.", "1．"):
        # 1.1份申请书 reads as the decimal 1.1 (as 1.5米以上的平面图 must)
        assume(not any(name[0].isdigit() for name in names))
    text = sep.join(number(k) + name for k, name in enumerate(names, 1))
    assert split_list(text) == names
    assert split_list(clean(text)) == [clean(name) for name in names]


@given(st.lists(MATERIAL, min_size=2, max_size=8),
       st.sampled_from(["1.", "1、", "（1）", "(1)", "①", "⑴", "一、", "（一）"]),
       st.sampled_from(["", " ", "，"]))
def test_split_list_numbered_on_one_line(names: list[str], style: str, sep: str) -> None:
    """Numbered materials on one line, glued or after a space or comma, split too."""
    number = _STYLES[style]
    if style in ("1.", "1．") or (sep == "" and style not in ("①", "⑴")):
        # 1.1份申请书 and 1.营业执照2.1份申请书 read 1.1 and 2.1 as decimals
        assume(not any(name[0].isdigit() for name in names))
    text = sep.join(number(k) + name for k, name in enumerate(names, 1))
    assert split_list(text) == names


_STEP = st.sampled_from(["申请", "受理", "审查", "审核", "决定", "办结", "发证", "送达", "窗口受理",
                         "材料审核", "现场核查", "作出决定", "领取证照", "网上申请"])


@given(st.lists(_STEP, min_size=2, max_size=7),
       st.sampled_from(["→", " → ", "->", "—>", "——", "-", "\n", "；", "\n1.", "➡"]))
def test_split_steps_gives_back_the_steps(steps: list[str], arrow: str) -> None:
    """Steps joined by arrows, dashes, lines or ； are those steps."""
    if arrow == "\n1.":
        text = "\n".join(f"{k}.{step}" for k, step in enumerate(steps, 1))
    else:
        text = arrow.join(steps)
    assert split_steps(text) == steps


_LIMIT = st.builds(lambda n, unit: (f"{n}{unit}", n * parse._UNIT_FACTORS[unit]),
                   st.integers(1, 120), st.sampled_from(["个工作日", "日", "天", "个月"]))


@given(_LIMIT, _LIMIT, st.sampled_from([
    "法定{l}，承诺{p}", "法定：{l}；承诺：{p}", "承诺{p}（法定{l}）", "{p}（法定{l}）",
    "承诺时限{p}，法定时限{l}", "法定{l}\n承诺{p}",
]))
def test_time_limits_split_legal_and_promise(
    legal_limit: tuple[str, float], promise: tuple[str, float], shape: str
) -> None:
    """法定X，承诺Y in any order and punctuation gives (X, Y)."""
    got_legal, got_promise = parse_time_limits(shape.format(l=legal_limit[0], p=promise[0]))
    assert got_legal is not None
    assert got_promise is not None
    assert got_legal.working_days == pytest.approx(legal_limit[1])
    assert got_promise.working_days == pytest.approx(promise[1])


_PHONE = st.one_of(
    st.builds("0571-{}".format, st.integers(10_000_000, 99_999_999)),
    st.builds("(0574){}".format, st.integers(10_000_000, 99_999_999)),
    st.builds("1{}{}".format, st.integers(3, 9), st.integers(100_000_000, 999_999_999)),
    st.sampled_from(["12345", "96345", "400-123-4567", "0571-12345"]),
)


@given(st.lists(_PHONE, min_size=1, max_size=4),
       st.sampled_from(["、", "；", "，", " ", "/", "\n"]),
       st.sampled_from(["", "咨询电话：", "联系人：王芳，"]), st.sampled_from(["", "（工作日）"]))
def test_phone_lists_read_in_any_width(
    phones: list[str], sep: str, label: str, note: str
) -> None:
    """Phones joined by any separator, with a label or a note, are a phone list, in
    full-width digits too."""
    text = label + sep.join(p + note for p in phones)
    assume(parse._FILLER.search(text) is None)  # 0571-10000000 reads as a template's filler
    assert is_phone_list(text)
    assert is_phone_list(fw(text))


# ---------------------------------------------------------------- citations

_TITLE = st.builds(
    lambda place, body, end: place + body + end,
    st.sampled_from(["", "浙江省", "中华人民共和国", "国务院", "杭州市"]),
    st.lists(st.sampled_from(list("保安服务管理道路运输食品安全建设工程质量消防人口")),
             min_size=2, max_size=8).map("".join),
    st.sampled_from(["条例", "办法", "法", "规定", "实施细则"]),
)


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, str]:
    """An article reference as written, and as Citation.articles gives it (NFKC, no spaces)."""
    chinese_numerals = draw(st.booleans())
    num = (lambda n: chinese(n)) if chinese_numerals else str
    text = f"第{num(draw(st.integers(1, 999)))}条"
    if draw(st.booleans()):
        text += f"第{num(draw(st.integers(1, 9)))}款"
    if draw(st.booleans()):
        text += f"第（{chinese(draw(st.integers(1, 20)))}）项"
    return text, text.replace("（", "(").replace("）", ")")


@given(_TITLE, st.lists(articles(), max_size=3), st.booleans())
def test_citation_reads_title_and_articles(
    registry: Registry, title: str, refs: list[tuple[str, str]], full_width: bool
) -> None:
    """《title》第N条、第M条第二款第（三）项 gives the title and those articles, whatever the
    numerals; full-width digits read as ASCII."""
    written = "《" + title + "》" + "、".join(r for r, _ in refs)
    if full_width:
        written = fw(written)
    (c,) = legal.parse_citations(written, registry)
    assert c.title == title
    assert c.articles == tuple(a for _, a in refs)
    assert legal.has_article(written) == bool(refs)


@given(_TITLE, st.sampled_from(["浙政办发", "浙政发", "国办发", "浙交"]),
       st.integers(1990, 2030), st.integers(1, 300),
       st.sampled_from(["〔{}〕", "[{}]", "【{}】", "﹝{}﹞", "（{}）", "({})", "［{}］", "〖{}〗",
                        "〔 {} 〕"]))
def test_document_number_brackets_are_one(
    registry: Registry, title: str, issuer: str, year: int, number: int, brackets: str
) -> None:
    """浙政办发〔2017〕12号, [2017], 【2017】, ﹝2016﹞ … are one document number."""
    doc = issuer + brackets.format(year) + f"{number}号"
    expected = f"{issuer}〔{year}〕{number}号"
    assert legal.normalise_doc_number(doc) == expected
    (c,) = legal.parse_citations(f"《{title}》（{doc}）第三条", registry)
    assert c.doc_number == expected
    assert c.articles == ("第三条",)


@given(st.lists(st.tuples(_TITLE, st.lists(articles(), max_size=2)), min_size=1, max_size=4),
       st.sampled_from(["、", "；", "；\n", "，", "\n", " ", "和", "及", "，根据"]))
def test_citation_list_is_its_citations(
    registry: Registry, cited: list[tuple[str, list[tuple[str, str]]]], sep: str
) -> None:
    """Citations joined by 、 or ； read as each read alone."""
    parts = ["《" + t + "》" + "、".join(r for r, _ in refs) for t, refs in cited]
    together = legal.parse_citations(sep.join(parts), registry)
    alone = tuple(c for p in parts for c in legal.parse_citations(p, registry))
    assert together == alone


def _title_spans_by_scanning(text: str) -> list[tuple[int, int]]:
    """What legal._title_spans gives, written as it once was: a fresh scan from each 《
    (quadratic in unclosed 《, so the property below compares on short texts)."""
    if "〈" not in text and text.count("《") == 1:
        start = text.find("《")
        close = text.find("》", start)
        return [(start, close + 1)] if close >= 0 else []
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := text.find("《", pos)) >= 0:
        depth, end = 0, -1
        for i in range(start, len(text)):
            if text[i] in "《〈":
                depth += 1
            elif text[i] in "》〉":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        if end < 0:
            pos = start + 1
            continue
        spans.append((start, end))
        pos = end
    return spans


@given(st.text(st.sampled_from("《《》》〈〉a法"), max_size=40))
@example("《a〉b》")
@example("《《a》《b》")
@example("》《〈《a》〉》《")
@settings(max_examples=300)
def test_title_spans_are_the_outermost_marks(text: str) -> None:
    """The outermost 《…》 spans are found in one pass, exactly as a scan from each 《 finds
    them: nested, unclosed, stray and mixed 《》〈〉 alike."""
    assert legal._title_spans(text) == _title_spans_by_scanning(text)


# The arrows of 办理流程 as they were matched before their runs of spaces and dashes were read
# from the start only (the same matches, found in quadratic time on a long run).
_ARROWS_TRIED_EVERYWHERE = re.compile(
    r"[ \t\u3000]*(?:[-—\uff0d=]+>|[-—\uff0d=]*[\uff1e>]+|[→⇒➔➜➝➞➡⟶⇨]+)[ \t\u3000]*"
    r"|(?<=[\u4e00-\u9fff])[ \t\u3000]*[-—\u2013\uff0d]+[ \t\u3000]*(?=[\u4e00-\u9fff])"
)


@given(st.text(st.sampled_from(" \t\u3000-—\u2013\uff0d=>\uff1e→中a"), max_size=40))
@example("受理 - ->审核")
@example("a→ →b")
@example("受理  ——  审核")
@settings(max_examples=300)
def test_arrows_are_found_as_before(text: str) -> None:
    """The arrows split_steps cuts at are the ones the pattern tried from every character
    found."""
    assert parse._ARROWS.sub("\n", text) == _ARROWS_TRIED_EVERYWHERE.sub("\n", text)


_NOTES_AT_THE_END = re.compile(r"(?:\([^()]*\))+$")  # as bare_key found them (quadratic)
_PIECES_LOOKING_AHEAD = re.compile(r"[、,，;；](?![^()（）]*[)）])")  # as entry_pieces cut


@given(st.text(st.sampled_from("()（）、,，;；a其他"), max_size=30))
@example("a))(b)(c)")
@example("其他材料（授权委托书、复印件）、身份证")
@settings(max_examples=300)
def test_notes_and_pieces_are_read_as_the_patterns_read_them(text: str) -> None:
    """Where the notes at the end of a key begin, and the pieces of an entry, are what the
    patterns found, read now from the end in one pass."""
    assert trailing_notes_start(text) == len(_NOTES_AT_THE_END.sub("", text))
    assert entry_pieces(text) == _PIECES_LOOKING_AHEAD.split(text)


# ---------------------------------------------------------------- safe


@given(st.one_of(CELL, st.sampled_from(safe.FORMULA_PREFIXES).flatmap(
    lambda p: CELL.map(lambda s: p + s))))
def test_formula_guard(text: str) -> None:
    """Text is formula-looking exactly when it starts with = + - @ (ASCII or full-width), a tab
    or a carriage return; set_cell keeps it a string and quotes exactly those."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)  # what reports/_styles.xml_text takes out
    assert safe.looks_like_formula(text) == (text[:1] in safe.FORMULA_PREFIXES)
    cell = Workbook().active.cell(1, 1)
    safe.set_cell(cell, text)
    assert cell.data_type == "s"
    assert cell.value == text
    assert bool(cell.quotePrefix) == safe.looks_like_formula(text)
