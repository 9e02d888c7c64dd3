"""Text normalisation shared by the reader, the rules and the catalogue."""

from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

__all__ = [
    "CONTROL",
    "CONTROL_CHARS",
    "EMAIL",
    "INVISIBLE",
    "LINE_BOUNDARY",
    "PLACEHOLDERS",
    "TITLE_AND_QUOTE_MARKS",
    "cell_text",
    "clean",
    "is_placeholder",
    "is_placeholder_key",
    "is_tidy",
    "item_key",
    "item_label",
    "name_key",
    "plain_spaces",
    "shown_line",
    "trailing_notes_start",
    "unbracketed",
    "unify_brackets",
]

# Characters a reader does not see at all (zero-width spaces and joiners, soft hyphen, Mongolian
# vowel separator, bidi marks, embeddings and isolates, invisible operators, the emoji variation
# selector, BOM): pasted from web pages and Word. A regex class.
# With the C0 and C1 controls a pasted text brings along inside a line (\x07 BEL, \x1f unit
# separator …), but not those that end a line (\t, \n, \x0b-\x0d, \x1c-\x1e, NEL).
_UNSEEN = (
    "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe0f\ufeff"
    "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
)
# With the characters that are spaces to a reader but not always to str.split().
_SPACE_CHARS = "\\s\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000" + _UNSEEN
_INVISIBLE = re.compile(f"[{_SPACE_CHARS}]+")
#: The same characters spelled out, for str.strip (table: a cell holding only these is blank).
INVISIBLE = "".join(ch for ch in map(chr, range(0x3001)) if _INVISIBLE.fullmatch(ch)) + (
    "\ufe0f\ufeff"
)
_BRACKET_PAIRS = {
    "【": "(",
    "】": ")",
    "[": "(",
    "]": ")",
    "〔": "(",
    "〕": ")",
    "﹝": "(",
    "﹞": ")",
    "〖": "(",
    "〗": ")",
    "{": "(",
    "}": ")",
}
_BRACKETS = str.maketrans(_BRACKET_PAIRS)
#: Title and quotation marks that names carry or drop at will (《行政许可法》, “三力”测试): the
#: law and material-linking keys leave them out.
TITLE_AND_QUOTE_MARKS = "《》〈〉<>\u2039\u203a“”„‟\u2018\u2019「」『』\"'`"
_TRAILING = "。．.，,；;：:、"
# What name_key changes in text that is NFKC already: a space, a bracket it unifies.
_KEY_NOISE = re.compile(f"[{_SPACE_CHARS}{re.escape(''.join(_BRACKET_PAIRS))}]")
_DASHES = frozenset("-—/\\_.\u2012\u2013\u2015\u2500\u2501")  # figure, en, bar, box dashes
# Six letters, digits or ideographs: a name_key longer than any placeholder word, and not a
# run of dashes (see is_placeholder).
_SIX_SOLID = re.compile(
    "[0-9A-Za-z\u3400-\u9fff](?:[^0-9A-Za-z\u3400-\u9fff]*?[0-9A-Za-z\u3400-\u9fff]){5}"
)
# Every line boundary str.splitlines knows: \x0b is Word's manual line break (Shift+Enter),
# which an .xlsx stores as _x000B_ when text is pasted from Word.
_BREAKS = "\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85"
#: A line boundary (\r\n is one): where clean and the list parsers cut lines.
LINE_BOUNDARY = re.compile(rf"\r\n?|[{_BREAKS}]")
#: One plain mail address (the registry's mailboxes, [mail] sender): no display name, no list.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: What must not reach one line of output (a mail header, a console line, a file name shown):
#: C0 and C1 controls, line and paragraph separators, bidi overrides.
# Controls, line and paragraph separators and the marks that change how text reads (U+202E
# shows 报告\u202excod.exe as 报告exe.docx): none belongs in a header line or a file name.
CONTROL_CHARS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{CONTROL_CHARS}]+")
_ANY_BREAK = re.compile(f"[\r{_BREAKS}]")
# Spaces other than " " and U+3000 (no-break, Ogham, en, em, thin, narrow no-break, math).
_WIDE = "\u00a0\u1680\u2000-\u200a\u202f\u205f"
_SPACES_IN_LINE = re.compile(f"[ \t{_WIDE}\u200b\u3000\ufeff]+")
_ZERO_WIDTH = re.compile(f"[{_UNSEEN}]")
_WIDE_SPACE = re.compile(f"[{_WIDE}]")
_ODD = re.compile(f"[{_WIDE}{_UNSEEN}]")
# Circled and parenthesised numbers number list entries; NFKC would turn ① into a bare 1.
_CIRCLED = re.compile("([\u2460-\u249b\u24ea-\u24ff\u2776-\u2793])")

# A pointer elsewhere instead of the content: 详见附件1, 见办事指南, 参照服务指南, 详见浙江政务
# 服务网, 见附件材料清单, 详见申请材料表, 详见“申请材料”工作表, or a bare 附件1 (not 详见附件：
# 营业执照复印件, which says it).
_POINTER = "(?:具体)?(?:详见|参见|参照|请见|见)"
# A pointer to another row of the list instead of the content: 同第1项, 同序号1, 同上一事项,
# 同上（设立）, 同设立, 如上, 见上, 详见第2行; or to the guide: 按办事指南执行, 以办事指南为准
# (not 同意书, 同居证明, 同级人民政府备案: 同 opens words and names too).
_ROW_NO = "[0-9一二三四五六七八九十]{1,4}"
_SAME_AS = (
    r"同上(?:一(?:事项|项|行|条)|所述|述)?(?:\([^()]{0,8}\))?|同前"
    rf"|(?:同|详见|见|参见|参照)第{_ROW_NO}(?:项|行)(?:事项)?"
    r"(?:\([^()]{0,8}\)|的?(?:材料|内容|要求|条件|规定|流程))?"
    rf"|同序号{_ROW_NO}|如上(?:所述)?|见上(?:述|文)?"
    r"|同(?:设立|新办|新设|变更|延续|注销|首次|初次|申请)(?:事项|登记|许可)?"
    r"|(?:按|按照|以|依)(?:本)?(?:事项)?(?:的)?(?:办事指南|服务指南|指南)(?:执行|为准|办理|要求)?"
    r"|另附|附后|后附"
)
_REFERENCE_START = re.compile(  # is_placeholder's shortcut skips these
    rf"\s*(?:{_POINTER}|附件|同|如上|按(?:照)?(?:本)?(?:办事|服务)?指南|以(?:本)?(?:办事|服务)?指南"
    r"|另附|附后)"
)
_REFERENCE = re.compile(
    f"{_POINTER}(?=[^:]{{1,20}}$)《?(?:本|浙江)?[^:]{{0,8}}?"
    "(?:附件|附表|附页|办事指南|服务指南|指南|备注|政务服务网|网站|官网|清单|下表|上表|另表"
    "|材料表|材料目录|工作表|一览表|目录|流程图)[^:]*"
    "|附件[0-9一二三四五六七八九十、]*"
    "|(?:办理|办事|审批)?流程图"  # 办理流程: 流程图, a drawing that is not in the list
    f"|{_SAME_AS}"
)

#: Values that fill a required cell without saying anything (rules.md, missing-value).
PLACEHOLDERS = frozenset(
    {
        "无",
        "/",
        "-",
        "—",
        "——",
        "--",
        "暂无",
        "暂缺",
        "空",
        "空白",
        "待补充",
        "待完善",
        "待填写",
        "未填写",
        "待定",
        "同上",
        "详见附件",
        "见附件",
        "见办事指南",
        "略",
        "n/a",
        "na",
        "null",
        "none",
    }
)


def cell_text(value: Any) -> str | None:
    """Return a cell value as text as a person reads it: 1.0 → "1", blanks → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return _date_text(value)
    text = str(value)
    return text if text.strip() else None


def _date_text(value: datetime.date | datetime.time) -> str:
    """A date or time cell as Excel shows it with the default formats of a Chinese system
    (2017/3/10, 2017/3/10 9:30, 9:30:15), not Python's 2017-03-10 00:00:00: the reader does
    not render date formats (reader.numfmt), and a message quotes what the clerk sees."""
    if isinstance(value, datetime.time):
        clock = value
        day = ""
    else:
        day = f"{value.year}/{value.month}/{value.day}"
        if not isinstance(value, datetime.datetime) or value.time() == datetime.time():
            return day
        clock = value.time()
        day += " "
    seconds = f":{clock.second:02d}" if clock.second or clock.microsecond else ""
    return f"{day}{clock.hour}:{clock.minute:02d}{seconds}"


def clean(value: Any) -> str | None:
    """Normalise a cell for reading: NFKC, no zero-width characters, one space at most.

    Line breaks are kept (they separate materials and steps); runs of spaces inside a
    line become one space and the ends are trimmed. An all-blank value becomes None.
    """
    text = cell_text(value)
    if text is None:
        return None
    if "\n" not in text and _ANY_BREAK.search(text) is None:  # one line: the common case
        text = _clean_line(text)
    else:
        # Several lines, most often only full-width punctuation to map (1、申请书；⏎2、…):
        # NFKC of the whole text is NFKC line by line (a line break never composes), and
        # when nothing else would change, that is the result.
        mapped = _nfkc_keeping_numbering(text)
        if is_tidy(mapped):
            return mapped
        # Lines repeat across items (the same material in many cells): clean each once.
        lines = map(_clean_line_cached, LINE_BOUNDARY.split(text))
        text = "\n".join(line for line in lines if line)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def is_tidy(text: str) -> bool:
    """Whether clean leaves a text that NFKC would not change as it is: no control, format or
    separator character other than single spaces and \n line breaks (str.isprintable), not the
    emoji variation selector (printable, but clean removes it), no space or line break at
    either end or next to a line break, no double space or empty line, not a number written
    as "1.0". (Not empty: clean makes "" None.)"""
    if not text:
        return False
    multiline = "\n" in text
    return (
        (text.isprintable() or (multiline and text.replace("\n", "").isprintable()))
        and "\ufe0f" not in text
        and text[0] not in " \n"
        and text[-1] not in " \n"
        and "  " not in text
        and not (multiline and (" \n" in text or "\n " in text or "\n\n" in text))
        and not (text[-2:] == ".0" and text[:-2].isdigit())
    )


def shown_line(text: str) -> str:
    """``text`` for one line a person reads (a message, a console line): line breaks as
    spaces, and nothing a reader does not see, controls and bidi overrides above all (an
    escape sequence in a cell cleared the auditor's screen when a message quoted it)."""
    if text.isprintable():
        return text
    return _ZERO_WIDTH.sub("", LINE_BOUNDARY.sub(" ", text))


def plain_spaces(text: str) -> str:
    """``text`` with no-break, en, em, thin and other odd spaces as " " and the characters
    nobody sees dropped, nothing else changed (for parsing text as written)."""
    if _ODD.search(text) is None:
        return text
    return _ZERO_WIDTH.sub("", _WIDE_SPACE.sub(" ", text))


def _clean_line(line: str) -> str:
    """One line: NFKC (keeping circled numbering), no zero-width characters, single spaces."""
    line = _ZERO_WIDTH.sub("", _nfkc_keeping_numbering(line))
    return _SPACES_IN_LINE.sub(" ", line).strip()


_clean_line_cached = functools.lru_cache(maxsize=1 << 16)(_clean_line)


@functools.cache
def _nfkc_changes() -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """A pattern matching each BMP character that NFKC changes, and the replacement of a match
    by its NFKC form (built once, ~40 ms)."""
    forms: dict[str, str] = {}
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        char = chr(cp)
        mapped = unicodedata.normalize("NFKC", char)
        if mapped != char:
            forms[char] = mapped
    points = sorted(map(ord, forms))
    runs: list[list[int]] = []
    for cp in points:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    members = "".join(
        f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs
    )
    form = forms.__getitem__
    return re.compile(f"[{members}]"), lambda m: form(m.group())


_COMMON_WIDE = tuple((c, unicodedata.normalize("NFKC", c)) for c in "；（），：")


def _nfkc(text: str) -> str:
    """NFKC, replacing first only the characters NFKC changes, one by one (two to three times
    faster than unicodedata.normalize on Chinese text with full-width punctuation: the
    ideographs themselves are skipped by the pattern); the exact algorithm runs only when that
    result is not normal (combining marks, characters outside the BMP)."""
    changed, form = _nfkc_changes()
    # The full-width punctuation of nearly every Chinese cell first, each in one C pass (a
    # call of ``form`` per character took most of the time): NFKC of the text is NFKC of the
    # text with a character replaced by its (starter) NFKC form.
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    mapped = changed.sub(form, text)
    return mapped if unicodedata.is_normalized("NFKC", mapped) else \
        unicodedata.normalize("NFKC", text)


def _nfkc_keeping_numbering(text: str) -> str:
    if _CIRCLED.search(text) is None:
        return _nfkc(text)
    parts = _CIRCLED.split(text)
    return "".join(p if i % 2 else _nfkc(p) for i, p in enumerate(parts))


_ENCLOSED = re.compile(r"[（(【\[〔﹝]([^（()）【】\[\]〔〕﹝﹞]*)[）)】\]〕﹞]")


def unbracketed(text: str) -> str:
    """A sub-item written in brackets, without them (（分公司） → 分公司), so that a label
    adding its own brackets does not double them; other text as it is."""
    text = text.strip()
    m = _ENCLOSED.fullmatch(text)
    return m[1].strip() if m and m[1].strip() else text


def item_label(name: str, sub: str | None) -> str:
    """An item as messages name it: 保安服务公司设立许可（变更）; a 子项名称 written in brackets
    is not bracketed twice, a placeholder (无, /) names no sub-item."""
    if sub and sub.strip() and not is_placeholder(sub):
        return f"{name}（{unbracketed(sub)}）"
    return name


def trailing_notes_start(text: str) -> int:
    """Where the notes in ( ) that a text ends with begin (其他材料(如有)(复印件) → 4), len(text)
    when it ends with none; a note holds no bracket. Read from the end: a pattern for the
    notes at the end, tried from each bracket, read ()()()…x in quadratic time."""
    start = len(text)
    while start and text[start - 1] == ")":
        opened = text.rfind("(", 0, start - 1)
        if opened < 0 or text.find(")", opened + 1, start - 1) >= 0:
            break
        start = opened
    return start


def unify_brackets(text: str) -> str:
    """Write every bracket pair （）【】［］〔〕﹝﹞[] as ( ) (text already NFKC)."""
    return text.translate(_BRACKETS)


def name_key(value: Any) -> str:
    """The comparison key of rules.md: NFKC, no spaces, ( ) brackets, no trailing punctuation.

    Most names and codes are their own key already (NFKC, no space or bracket to unify, no
    trailing punctuation): those come back as they are, without being rebuilt.
    """
    if (
        value.__class__ is str
        and value
        and value[-1] not in _TRAILING
        and _KEY_NOISE.search(value) is None
        and (value.isascii() or unicodedata.is_normalized("NFKC", value))
    ):
        return value
    return _rebuilt_key(value)


def item_key(name: str | None, subitem: str | None) -> tuple[str, str]:
    """The item's comparison key of rules.md: (normalised 事项名称, normalised 子项名称)."""
    return name_key(name), name_key(subitem)


def _rebuilt_key(value: Any) -> str:
    """name_key computed in full (tests check the shortcut against it)."""
    text = cell_text(value)
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = unify_brackets(text)
    return text.rstrip(_TRAILING)


def is_placeholder(value: Any) -> bool:
    """True for an empty cell or one holding only a placeholder such as 无, / or 详见附件.

    Text with six letters, digits or ideographs is answered at once (no placeholder is that
    long), which keeps name_key off long 申请材料 and 受理条件 cells.
    """
    if (
        value.__class__ is str
        and len(value) > 5
        and _SIX_SOLID.search(value) is not None
        and _REFERENCE_START.match(value.lstrip()) is None
    ):
        return False
    return is_placeholder_key(name_key(value))


def is_placeholder_key(key: str) -> bool:
    """is_placeholder for a text already through name_key: also a placeholder in brackets, or
    brackets around nothing (（无）, （/）, （ ））."""
    while key[:1] == "(" and key[-1:] == ")":
        key = key[1:-1]
    return (
        not key
        or key.lower() in PLACEHOLDERS
        or set(key) <= _DASHES
        or _REFERENCE.fullmatch(key) is not None
    )
