"""Text normalisation of rules.md and template.md."""

from __future__ import annotations

import pytest

from catalog_check.text import cell_text, clean, is_placeholder, name_key


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


@pytest.mark.parametrize("value", ["无", "/", "-", "—", "暂无", "待补充", "同上", "详见附件",
                                   "见附件", "见办事指南", "略", "N/A", "", None, "  "])
def test_placeholders(value: str | None) -> None:
    """The placeholders of rules.md count as empty."""
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["无犯罪记录证明", "1", "申请书"])
def test_real_values_are_not_placeholders(value: str) -> None:
    """Real content, even short, is not a placeholder."""
    assert not is_placeholder(value)


def test_clean_keeps_circled_numbering() -> None:
    """① and ⑴ number materials; NFKC must not turn them into bare digits."""
    assert clean("①申请书②营业执照（副本）") == "①申请书②营业执照(副本)"


def test_no_placeholder_is_six_characters_long() -> None:
    """is_placeholder answers at once for text with six letters, digits or ideographs."""
    from catalog_check.text import PLACEHOLDERS

    assert max(map(len, PLACEHOLDERS)) < 6
