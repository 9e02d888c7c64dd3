"""Text normalisation of rules.md and template.md."""

from __future__ import annotations

import random
import unicodedata

import pytest

from catalog_check.text import _nfkc, cell_text, clean, is_placeholder, name_key, unbracketed


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("保安服务公司设立许可", "保安服务公司设立许可"),
        ("保安服务公司设立许可。", "保安服务公司设立许可"),
        (" 保安服务公司\u3000设立许可 ", "保安服务公司设立许可"),
        ("保安\u200b服务\u00a0公司设立许可", "保安服务公司设立许可"),
        ("大型群众性活动安全许可（跨设区市）", "大型群众性活动安全许可(跨设区市)"),
        ("大型群众性活动安全许可【跨设区市】", "大型群众性活动安全许可(跨设区市)"),
        ("测绘资质审批〔乙级〕", "测绘资质审批(乙级)"),
        ("测绘资质审批﹝乙级﹞；", "测绘资质审批(乙级)"),
        ("ＡＢＣ１２", "ABC12"),
        (None, ""),
        # invisible characters pasted from web pages and Word: soft hyphen, bidi embedding,
        # Mongolian vowel separator, isolates, the emoji variation selector
        ("保安服\u00ad务管理条例", "保安服务管理条例"),
        ("\u202a保安服务\u202c管理条例\u2066\u2069", "保安服务管理条例"),
        ("保安\u180e服务\ufe0f管理条例", "保安服务管理条例"),
    ],
)
def test_name_key(raw: str | None, key: str) -> None:
    """Keys ignore width, spaces, bracket style and trailing punctuation."""
    assert name_key(raw) == key


def test_cell_text_and_clean() -> None:
    """1.0 reads as 1; line breaks survive clean; blanks become None."""
    assert cell_text(1.0) == "1"
    assert cell_text(2.5) == "2.5"
    assert cell_text("   ") is None
    assert clean("１．申请书\r\n２．营业执照\u3000副本") == "1.申请书\n2.营业执照 副本"
    assert clean("1.0") == "1"
    assert clean("\u200b") is None
    assert clean("1.保安服\u00ad务\u202a管理\u202c条例") == "1.保安服务管理条例"


def test_controls_and_odd_spaces_inside_a_line_are_cleaned() -> None:
    """A control character pasted inside a line (BEL, the unit separator, NUL) is seen by no
    reader and is dropped; the Ogham space mark is a space like the others. Line boundaries
    among the controls (\x1c-\x1e, NEL) still cut lines."""
    from catalog_check.table import _clean_str

    for raw, want in [
        ("营业\x07执照", "营业执照"),
        ("营业执照\x1f", "营业执照"),
        ("\x00营业执照\x01副本", "营业执照副本"),
        ("营业\x9b执照", "营业执照"),
        ("营业执照\u1680副本", "营业执照 副本"),
        ("1.申请书\n2.营业\x07执照\u1680副本", "1.申请书\n2.营业执照 副本"),
        ("1.申请书\x1e2.营业执照\x1f", "1.申请书\n2.营业执照"),
        ("\x1f", None),
    ]:
        assert clean(raw) == want, raw
        assert _clean_str(raw) == want, raw


def test_every_line_boundary_is_a_line_break(tmp_path) -> None:
    """Word's manual line break (\x0b, stored as _x000B_ when pasted into Excel), form feed,
    NEL and the separators str.splitlines knows end a line like Alt+Enter: 申请书⏎营业执照 is
    two materials, not one."""
    import xlsxwriter

    from catalog_check.parse import split_list
    from catalog_check.reader import read_workbook
    from catalog_check.table import _clean_str

    for sep in ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"):
        assert clean(f"1.申请书{sep}2.营业执照") == "1.申请书\n2.营业执照"
        assert _clean_str(f"1.申请书{sep}2.营业执照") == "1.申请书\n2.营业执照"
        # the rules split a cell as written too (the material's own text for messages)
        assert split_list(f"申请书{sep}相关材料") == ["申请书", "相关材料"]
    book = xlsxwriter.Workbook(str(tmp_path / "word.xlsx"))
    book.add_worksheet("事项清单").write(0, 0, "1.申请书\x0b2.营业执照")  # → _x000B_
    book.close()
    [[cell]] = read_workbook(tmp_path / "word.xlsx").sheets[0].rows
    assert clean(cell) == "1.申请书\n2.营业执照"


@pytest.mark.parametrize("value", ["无", "/", "-", "—", "暂无", "待补充", "同上", "详见附件",
                                   "见附件", "见办事指南", "略", "N/A", "", None, "  ",
                                   "详见办事指南", "详见附件1", "参见服务指南", "具体见附表二。",
                                   "详见申请材料表", "具体见申请材料目录", "详见“申请材料”工作表",
                                   "（无）", "（ ）", "()", "（/）", "【—】",
                                   # more of the same (passed as a condition)
                                   "暂缺", "空", "空白", "待完善", "待填写", "未填写", "NULL"])
def test_placeholders(value: str | None) -> None:
    """The placeholders of rules.md count as empty."""
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["无犯罪记录证明", "1", "申请书", "见证人身份证明", "办事指南",
                                   "详见附件：营业执照复印件", "见《保安服务管理条例》第八条",
                                   "见义勇为事迹说明", "参照网上公布的标准执行", "见申请表",
                                   "申请材料目录表"])
def test_real_values_are_not_placeholders(value: str) -> None:
    """Real content, even short, is not a placeholder."""
    assert not is_placeholder(value)


def test_deeply_bracketed_text_is_judged_without_recursion() -> None:
    """1,500 nested brackets (a recursion once: 内部错误 for the whole file)."""
    assert is_placeholder("（" * 1500 + "）" * 1500)
    assert is_placeholder("（" * 1500 + "无" + "）" * 1500)
    assert not is_placeholder("（" * 1500 + "变更" + "）" * 1500)


def test_clean_keeps_circled_numbering() -> None:
    """① and ⑴ number materials; NFKC must not turn them into bare digits."""
    assert clean("①申请书②营业执照（副本）") == "①申请书②营业执照(副本)"


def test_no_placeholder_is_six_characters_long() -> None:
    """is_placeholder answers at once for text with six letters, digits or ideographs."""
    from catalog_check.text import PLACEHOLDERS

    assert max(map(len, PLACEHOLDERS)) < 6


def test_nfkc_shortcut_gives_exactly_unicodedata_nfkc() -> None:
    """text._nfkc replaces only the characters NFKC changes; on any text, BMP or not, with
    combining marks or not, the result is unicodedata's NFKC."""
    rng = random.Random(2017)
    pools = [
        (0x20, 0x3000),  # Latin, symbols, combining marks, circled and enclosed forms
        (0x3000, 0x3100),  # CJK punctuation, kana
        (0x4E00, 0x9FFF),  # ideographs
        (0xF900, 0xFFFF),  # compatibility ideographs, full-width and half-width forms
        (0x1D400, 0x1D800),  # mathematical letters: outside the BMP
    ]
    for _ in range(20_000):
        chars = []
        for _ in range(rng.randrange(1, 16)):
            low, high = rng.choice(pools)
            cp = rng.randrange(low, high)
            if not 0xD800 <= cp <= 0xDFFF:
                chars.append(chr(cp))
        text = "".join(chars)
        assert _nfkc(text) == unicodedata.normalize("NFKC", text), ascii(text)
    assert _nfkc("《行政许可法》第十二条第（三）项；１５日\u3000ＡＢ") == \
        "《行政许可法》第十二条第(三)项;15日 AB"


@pytest.mark.parametrize(
    ("written", "bare"),
    [("（分公司）", "分公司"), ("(新办)", "新办"), (" 【变更】 ", "变更"), ("分公司", "分公司"),
     ("（一）（二）", "（一）（二）"), ("（ ）", "（ ）"), ("新办（含迁入）", "新办（含迁入）")],
)
def test_unbracketed_takes_off_one_pair_around_the_whole(written: str, bare: str) -> None:
    assert unbracketed(written) == bare


def test_dates_and_times_read_as_excel_shows_them(tmp_path) -> None:
    """A date typed in a cell is quoted as a Chinese Excel shows it by default (2017/3/10,
    2017/3/10 9:30), not as Python prints it (2017-03-10 09:30:00)."""
    import datetime

    import openpyxl

    from catalog_check.review import review_file

    assert cell_text(datetime.date(2017, 3, 10)) == "2017/3/10"
    assert cell_text(datetime.datetime(2017, 3, 10)) == "2017/3/10"
    assert cell_text(datetime.datetime(2017, 3, 10, 9, 30)) == "2017/3/10 9:30"
    assert cell_text(datetime.datetime(2017, 3, 10, 17, 5, 9)) == "2017/3/10 17:05:09"
    assert cell_text(datetime.time(9, 30)) == "9:30"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "事项清单"
    sheet.append(["序号", "事项名称", "实施部门", "事项类型", "设定依据", "申请材料", "办理流程",
                  "受理条件", "法定办结时限", "承诺办结时限", "跑动次数", "是否收费", "咨询电话"])
    sheet.append([1, "建筑业企业资质核准", "浙江省住房和城乡建设厅", "行政许可",
                  "《中华人民共和国建筑法》第十三条", "1.申请表", "受理→审查→决定", "符合资质标准",
                  "20个工作日", datetime.datetime(2017, 3, 10, 9, 30), "0", "否",
                  "0571-87051234"])
    sheet["J2"].number_format = "yyyy/m/d h:mm"
    book.save(tmp_path / "a.xlsx")
    [finding] = review_file(tmp_path / "a.xlsx").file.findings
    assert (finding.code, finding.row, finding.value) == (
        "time-limit-unparseable", 2, "2017/3/10 9:30")
    assert "「2017/3/10 9:30」" in finding.message
