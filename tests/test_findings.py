"""Findings render their Chinese message from their own fields."""

from __future__ import annotations

import pytest

from catalog_check.findings import cell_ref, column_letter, finding, render_message
from catalog_check.rules import Severity


def test_message_names_row_field_and_material() -> None:
    """The cli.md example: row, field, the material, and what to do."""
    f = finding("certificate-without-basis", sheet="事项清单", row=7, column="申请材料",
                cell="J7", item="保安服务公司设立许可", value="无犯罪记录证明")
    assert f.severity is Severity.ERROR
    expected = "第7行「申请材料」：证明材料「无犯罪记录证明」未列明法律法规依据，应予取消"
    assert f.message.startswith(expected)
    assert f.as_dict()["severity"] == "error"
    assert list(f.as_dict()) == ["code", "severity", "sheet", "row", "column", "cell", "item",
                                 "value", "message"]


def test_file_finding_has_no_location_prefix() -> None:
    """A file-level finding reads as a sentence about the file."""
    f = finding("file-too-large", detail="解压后超过500MB上限")
    assert f.row is None
    assert f.message == "文件超出限制：解压后超过500MB上限，请拆分文件或删除多余内容后重新提交"


def test_params_fill_the_template_and_long_values_are_shortened() -> None:
    """Template parameters come from the finding; a long value is cut in the message only."""
    f = finding("duplicate-item", sheet="S", row=9, item="工伤认定", first_row=5)
    assert "与第5行重复" in f.message
    long = "材料" * 100
    g = finding("catch-all-material", row=3, column="申请材料", value=long)
    assert g.value == long
    assert "…" in g.message
    assert render_message(g) in g.message


def test_a_message_quotes_a_value_without_escapes_breaks_or_bidi_marks() -> None:
    """A value quoted as written may hold a terminal escape (ESC]0;…BEL retitles the window,
    ESC[2J clears the screen, ESC[1A ESC[2K erases the line above), a line break or a bidi
    override: the message is one line of what a reader sees; the value keeps what was
    written."""
    raw = "\x1b]0;PWNED\x07\x1b[2J行政许可\x1b[1A\x1b[2K\u202e\n许可"
    f = finding("invalid-item-type", sheet="S", row=2, column="事项类型", value=raw)
    assert f.value == raw
    assert not any(c in f.message for c in "\x1b\x07\u202e\n")
    assert "「]0;PWNED[2J行政许可[1A[2K 许可」" in f.message


@pytest.mark.parametrize(("index", "letters"), [(1, "A"), (10, "J"), (26, "Z"), (27, "AA"),
                                                (52, "AZ"), (703, "AAA")])
def test_column_letters(index: int, letters: str) -> None:
    """1-based column numbers become Excel letters."""
    assert column_letter(index) == letters
    assert cell_ref(index, 7) == f"{letters}7"
    assert cell_ref(None, 7) is None
