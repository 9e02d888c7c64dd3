"""Console lines and Prefect artifacts say in Chinese what a run did, with untrusted text inert."""

from __future__ import annotations

from catalog_check.config import Config
from catalog_check.receive import Received
from catalog_check.summaries import intake_lines, intake_markdown, md

RESULTS = [
    Received("浙江省公安厅-第二批.xlsx", "a" * 64, "reviewed", "accepted", "浙江省公安厅", 5, 0,
             "/srv/var/reports/浙江省公安厅/x"),
    Received("<b>坏|文件</b>.xlsx", "b" * 64, "reviewed", "unreadable", None, 0, 0,
             "/srv/var/reports/未识别部门/y", notice_id=3),
    Received("同一文件.xls", "c" * 64, "repeat"),
]


def test_intake_lines_name_every_file_and_outcome() -> None:
    """One line per file with its verdict in Chinese; the first line counts them."""
    lines = intake_lines(RESULTS)
    assert lines[0] == "本次收件 3 个文件：审核 2 个，重复提交 1 个，处理失败 0 个。"
    assert lines[1] == "  浙江省公安厅-第二批.xlsx  [通过]  浙江省公安厅，事项 5 项，退回 0 项"
    assert lines[2].endswith("[无法读取]  事项 0 项，退回 0 项，已排队退回通知")
    assert lines[3] == "  同一文件.xls  [重复提交（未再审核）]  "


def test_intake_artifact_escapes_names_and_links_reports() -> None:
    """A file name cannot break the Markdown table or inject HTML; reports are linked."""
    text = intake_markdown(RESULTS, Config())
    assert "<b>" not in text
    assert "&lt;b&gt;坏\\|文件&lt;/b&gt;.xlsx" in text
    assert "[审核报告.html](file:///srv/var/reports/" in text
    assert md("a*b_c[d]") == "a\\*b\\_c\\[d\\]"
