"""审核报告.html: one offline page, every submitted text escaped."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from catalog_check.findings import Finding, finding
from catalog_check.reports import write_review_html
from catalog_check.reports.review_html import render_review_html
from catalog_check.verdict import FileReview, ItemResult, file_status

SCRIPT = "<script>alert(1)</script>"
SHEET = "事项清单"


def _review() -> FileReview:
    findings: tuple[Finding, ...] = (
        finding("late-submission", received="2017-03-11 09:30", deadline="2017-03-10"),
        finding("basis-no-citation", sheet=SHEET, row=5, column="设定依据", cell="H5",
                item=SCRIPT, value=SCRIPT),
        finding("catch-all-material", sheet=SHEET, row=5, column="申请材料", cell="J5",
                item=SCRIPT, value='"><img src=x onerror=alert(2)>'),
        finding("catch-all-material", sheet=SHEET, row=6, column="申请材料", cell="J6",
                item="保安员证核发", value="其他材料"),
        finding("invalid-phone", sheet=SHEET, row=6, column="咨询电话", cell="U6",
                item="保安员证核发", value="=HYPERLINK(\"http://evil.example\",\"点击\")"),
    )
    items = (
        ItemResult(SHEET, 5, SCRIPT, "<b>子项</b>", "rejected", type="行政许可",
                   department="浙江省公安厅", reasons=(findings[1].message, findings[2].message)),
        ItemResult(SHEET, 6, "保安员证核发", None, "rejected", type="行政许可",
                   department="浙江省公安厅", reasons=(findings[3].message,),
                   notes=(findings[4].message,)),
        ItemResult(SHEET, 7, "保安服务公司设立许可", None, "accepted", type="行政许可",
                   department="浙江省公安厅"),
    )
    return FileReview("inbox/<x>.xlsx", "d" * 64, "xlsx", file_status(items, findings),
                      "浙江省公安厅", items, findings, datetime(2017, 3, 11, 9, 30),
                      name="省公安厅&<第二批>.xlsx")


@pytest.fixture(name="page")
def fixture_page(tmp_path: Path) -> str:
    """The page as written to disk."""
    out = write_review_html(_review(), tmp_path / "审核报告.html")
    return out.read_text(encoding="utf-8")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_page_references_no_remote_resource(page: str) -> None:
    """Nothing is fetched: no http(s) in src=, href=, url( or @import, no script at all."""
    remote = re.compile(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//|url\(\s*[\"']?\s*(https?:)?//"
                        r"|@import", re.IGNORECASE)
    assert remote.search(page) is None
    tags = _parse(page)
    assert "script" not in tags.tags
    assert "img" not in tags.tags
    assert "link" not in tags.tags
    assert not [a for a in tags.attrs if a[0] in ("src", "href") or a[0].startswith("on")]
    assert "default-src 'none'" in page


def test_hostile_text_is_escaped(page: str) -> None:
    """An item name and a value holding markup come out as text."""
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    assert "&lt;b&gt;子项&lt;/b&gt;" in page
    assert "省公安厅&amp;&lt;第二批&gt;.xlsx" in page
    text = "".join(_parse(page).text)
    assert SCRIPT in text  # shown to the reader exactly as submitted


def test_page_is_chinese_with_a_chinese_font_stack(page: str) -> None:
    """lang zh-CN, UTF-8, and a font stack with Chinese fonts first."""
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in page
    assert '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC"' in page
    assert "审核结论：部分退回" in page


def test_summary_counts_and_chart(page: str) -> None:
    """Cards carry the counts; the chart has one bar per rule, longest for the most found."""
    found = re.findall(r'<div class="card[^"]*"><b>(\d+)</b>([^<]+)</div>', page)
    cards = {label: int(n) for n, label in found}
    assert cards == {"事项": 3, "通过事项": 1, "退回事项": 2, "退回问题": 3, "提示": 2, "备注": 0}
    chart = page[page.index('<section id="chart">'):page.index('<section id="findings">')]
    bars = re.findall(r'<code>([a-z-]+)</code></td><td class="sev">[^<]+</td>'
                      r'<td class="num">(\d+)</td><td class="bar"><svg[^>]*><rect [^>]*'
                      r'width="([\d.]+)"', chart)
    assert bars == [
        ("catch-all-material", "2", "100.0"),
        ("late-submission", "1", "50.0"),
        ("basis-no-citation", "1", "50.0"),
        ("invalid-phone", "1", "50.0"),
    ]


def test_findings_and_items_tables(page: str) -> None:
    """Every finding is a row of the findings table and every item a row of the items table."""
    findings = page[page.index('<section id="findings">'):page.index('<section id="items">')]
    assert "问题清单（5个）" in findings
    assert findings.count("<tr class=") == 5
    assert re.findall(r"<td>([A-Z]+\d+)</td>", findings) == ["H5", "J5", "J6", "U6"]
    items = page[page.index('<section id="items">'):]
    assert "事项结论（3项）" in items
    assert re.findall(r'<td class="(?:accepted|rejected)">([^<]+)</td>', items) == [
        "退回", "退回", "通过"]


def test_empty_review_says_so() -> None:
    """A review without findings or items renders plain notes instead of empty tables."""
    review = FileReview("a.xlsx", "e" * 64, "xlsx", "rejected", None)
    page = render_review_html(review)
    assert page.count("未发现问题。") == 2
    assert "未读取到事项。" in page
    assert "未识别部门" in page
