"""Number formats that add text: the number as Excel shows it (reader.numfmt)."""

from __future__ import annotations

import pytest

from catalog_check.reader.numfmt import literal_format, render


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ('0"天"', 20, "20天"),
        ('G/通用格式"个工作日"', 20, "20个工作日"),  # the Chinese Excel's General
        ('General"日"', 2.5, "2.5日"),
        ("0天", 5, "5天"),  # text written bare (WPS)
        ("0\\天", 5, "5天"),  # an escaped character
        ('"法定"0"日"', 20, "法定20日"),
        ('#,##0.00"元"', 1500, "1,500.00元"),
        ('#,##0.00"元"', 1234567.891, "1,234,567.89元"),
        ('"¥"#,##0.00', 3, "¥3.00"),
        ("[$¥-804]#,##0.00", 3, "¥3.00"),  # a currency symbol with its locale
        ('0.0%"以内"', 0.123, "12.3%以内"),
        ('000"号"', 7, "007号"),
        ('0"次"', 0, "0次"),
        ('#"天"', 0, "天"),  # # shows no digit for 0
        ('"有";"有";"无"', 1, "有"),  # positive; negative; zero
        ('"有";"有";"无"', 0, "无"),
        ('0"天"', -3, "-3天"),  # one section: the sign is shown
        ('0"天";"负"0"天"', -3, "负3天"),  # a negative section writes its own sign
        ('[Red]0"天";[Blue]-0"天"', -3, "-3天"),  # colours add nothing
        ('0.00"元";;"免费"', 0, "免费"),
        # rounded half away from zero, as Excel rounds (not half to even, not binary)
        ('0"个工作日"', 0.5, "1个工作日"),
        ('0"天"', 2.5, "3天"),
        ('0.0"天"', -7.25, "-7.3天"),
        ('0.00"元"', 2.675, "2.68元"),
        ('0.0"元"', 0.15, "0.2元"),
        ('General"倍"', 1e-07, "1E-07倍"),
        ('0"天"', 1e300, "1" + "0" * 300 + "天"),
        # a phone typed as a number, its leading 0 kept by a digit template
        ("0000-00000000", 57187280114, "0571-87280114"),
        ("(0000)00000000", 57187280114, "(0571)87280114"),
        ('000"-"00000000', 2187654321, "021-87654321"),
        ("0000 0000 0000", 12345, "0000 0001 2345"),
        ("0000-00000000", 571872801144, "5718-72801144"),  # a longer number widens the first run
        # a quoted area code before one run is text, not a run of the template
        ('"0571-"00000000', 87280114, "0571-87280114"),
        ('"010-"00000000', 87654321, "010-87654321"),
    ],
)
def test_a_format_that_adds_text_shows_the_number_with_it(
    code: str, value: float, shown: str
) -> None:
    fmt = literal_format(code)
    assert fmt is not None
    assert render(fmt, float(value)) == shown


@pytest.mark.parametrize(
    "code",
    [
        # nothing added: read as before
        "General", "G/通用格式", "0", "0.00", "#,##0", "0%", "#,##0;-#,##0", "0;(0)",
        # accounting and thousands formats: signs, brackets and spaces, quoted or escaped
        '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ', "#,##0.00_);[Red]\\(#,##0.00\\)",
        '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ',
        'yyyy"年"m"月"d"日"', "yyyy/m/d", "h:mm", "[$-F800]dddd",  # dates and times
        "[DBNum1]G/通用格式",  # Chinese numerals (二十): not rendered
        '[>=100]0"天";0"日"',  # a condition
        '0.00E+00"倍"', '# ?/?"天"', '@"天"', '0,"千元"',  # scientific, fraction, text, scaling
        '0"天', "[Red",  # broken
    ],
)
def test_a_format_it_does_not_render_exactly_is_left_alone(code: str) -> None:
    assert literal_format(code) is None


@pytest.mark.parametrize(
    ("code", "value"),
    [('0"次";-0"次";;@', 0), ('0"天";-0"天";"-"', 0), ('0"天";;', -3)],
)
def test_a_section_showing_no_digit_and_no_text_leaves_the_value_as_read(
    code: str, value: float
) -> None:
    """A zero hidden (0;-0;;) or shown as "-": the department typed 0, and a blank or a dash
    would read as 必填项为空."""
    fmt = literal_format(code)
    assert fmt is not None
    assert render(fmt, float(value)) is None


def test_a_code_longer_than_excel_allows_is_not_applied() -> None:
    """A styles.xml may hold any code: 3 MB of 0 before 天 made each cell a 3 MB text."""
    assert literal_format("0" * 256 + '"天"') is None
    assert literal_format("0" * 250 + '"天"') is not None


def test_a_number_too_large_for_its_percent_signs_is_left_as_read() -> None:
    """0%%…% (160 of them) times 100 per sign overflows a float: OverflowError made the file
    unreadable."""
    fmt = literal_format("0" + "%" * 160 + '"天"')
    assert fmt is not None
    assert render(fmt, 1.0) is None
