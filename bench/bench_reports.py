"""Time the review reports on a 10k-item workbook with 2,000 findings (target: < 15 s in all).

Run: PYTHONPATH=src python bench/bench_reports.py [--items 10000] [--findings 2000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter

from catalog_check.fields import ITEM_FIELDS
from catalog_check.findings import Finding, column_letter, finding
from catalog_check.reports import (
    write_marked_copy,
    write_rejection_list,
    write_review_book,
    write_review_html,
)
from catalog_check.verdict import FileReview, ItemResult, file_status
from catalog_check.workbook import CellRange, Sheet, Workbook

SHEET = "事项清单"
HEADER_ROW = 3


@dataclass(frozen=True)
class Layout:
    """The four fields of catalog_check.table.SheetLayout the reports read."""

    sheet: str
    header_rows: tuple[int, ...]
    columns: dict[str, int]
    kind: str


_NAMES = ("保安服务公司设立许可", "公章刻制业特种行业许可证核发", "建筑业企业资质核准",
          "房地产开发企业资质核定", "教师资格认定", "民办学校办学许可", "食品生产许可",
          "药品经营许可证核发", "道路运输经营许可", "特种设备作业人员资格认定")
_DEPTS = ("浙江省公安厅", "浙江省住房和城乡建设厅", "浙江省教育厅", "浙江省食品药品监督管理局")
_VALUES = {
    "事项类型": ("行政许可", "行政确认", "公共服务", "行政给付"),
    "行使层级": ("省级", "省级、市级", "市级、县级"),
    "设定依据": ("《中华人民共和国行政许可法》第十二条；《保安服务管理条例》第八条",
             "《浙江省城乡规划条例》第三十条", "根据有关规定"),
    "受理条件": ("1. 有不低于人民币100万元的注册资本；\n2. 有固定的办公场所和必要的设施；\n"
             "3. 有健全的组织机构和管理制度。",),
    "申请材料": ("1. 申请书；\n2. 法定代表人居民身份证复印件；\n3. 营业执照复印件；\n"
             "4. 其他相关材料",),
    "办理流程": ("申请→受理→审查→决定→送达", "受理、审核、办结"),
    "法定办结时限": ("20个工作日", "30日", "无"),
    "承诺办结时限": ("10个工作日", "即办", "5个工作日"),
    "跑动次数": ("0", "1", "2"),
    "是否即办件": ("是", "否"),
    "是否网上办理": ("是", "否"),
    "办理形式": ("窗口办理、网上办理", "窗口办理、快递申请"),
    "是否收费": ("否", "是"),
    "咨询电话": ("0571-87280000", "12345", "找综合处"),
}
_CODES = (
    ("missing-value", "设定依据", {"shown": ""}),
    ("basis-no-citation", "设定依据", {}),
    ("catch-all-material", "申请材料", {}),
    ("invalid-phone", "咨询电话", {}),
    ("promise-exceeds-legal", "承诺办结时限", {"promise": "30个工作日", "legal": "20个工作日"}),
    ("basis-no-article", "设定依据", {}),
    ("process-too-short", "办理流程", {"steps": "1"}),
)


def _rows(n: int, rng: random.Random) -> list[list[object]]:
    rows = []
    for i in range(1, n + 1):
        row: list[object] = []
        for field in ITEM_FIELDS:
            if field.name == "序号":
                row.append(i)
            elif field.name == "事项名称":
                row.append(f"{rng.choice(_NAMES)}（第{i}项）")
            elif field.name == "实施部门":
                row.append(rng.choice(_DEPTS))
            elif field.name in _VALUES:
                row.append(rng.choice(_VALUES[field.name]))
            else:
                row.append(None)
        rows.append(row)
    return rows


def _write_source(path: Path, rows: list[list[object]]) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#FCE4D6", "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    title = "浙江省群众和企业到政府办事“最多跑一次”事项目录（第二批）"
    ws.merge_range(0, 0, 0, len(ITEM_FIELDS) - 1, title)
    ws.write_string(1, 0, "填报单位（盖章）：　　填报人：　　联系电话：")
    for c, field in enumerate(ITEM_FIELDS):
        ws.write_string(HEADER_ROW - 1, c, field.name, bold)
        ws.set_column(c, c, field.width)
    for r, row in enumerate(rows, HEADER_ROW):
        for c, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(r, c, value, wrap)
            elif value is not None:
                ws.write_number(r, c, value, wrap)
    book.add_worksheet("下拉选项").hide()
    book.close()


def _review(rows: list[list[object]], n_findings: int, rng: random.Random) -> FileReview:
    columns = {f.name: i for i, f in enumerate(ITEM_FIELDS, 1)}
    first = HEADER_ROW + 1
    findings: list[Finding] = []
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for _ in range(n_findings):
        i = rng.randrange(len(rows))
        code, field, params = rng.choice(_CODES)
        excel_row = first + i
        f = finding(code, sheet=SHEET, row=excel_row, column=field,
                    cell=f"{column_letter(columns[field])}{excel_row}", item=str(rows[i][1]),
                    value=str(rows[i][columns[field] - 1]), **params)
        findings.append(f)
        by_row[excel_row].append(f)
    items = []
    for i, row in enumerate(rows):
        mine = by_row.get(first + i, [])
        reasons = tuple(f.message for f in mine if f.severity == "error")
        notes = tuple(f.message for f in mine if f.severity != "error")
        items.append(ItemResult(SHEET, first + i, str(row[1]), None,
                                "rejected" if reasons else "accepted", type=str(row[4]),
                                department=str(row[5]), reasons=reasons, notes=notes))
    return FileReview("inbox/bench.xlsx", "f" * 64, "xlsx", file_status(items, findings),
                      "浙江省公安厅", tuple(items), tuple(findings),
                      datetime(2017, 3, 9, 10, 0), "bench.xlsx")


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def main() -> None:
    """Generate, time and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--findings", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="write outputs here instead of a temp folder")
    args = parser.parse_args()
    rng = random.Random(2017)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-reports-"))
    folder.mkdir(parents=True, exist_ok=True)

    rows = _rows(args.items, rng)
    source = folder / "bench.xlsx"
    _write_source(source, rows)
    title = [["浙江省群众和企业到政府办事“最多跑一次”事项目录（第二批）"], ["填报单位（盖章）："],
             [f.name for f in ITEM_FIELDS]]
    all_rows = title + rows
    read = Workbook(source, "xlsx", (
        Sheet(SHEET, all_rows, list(range(1, len(all_rows) + 1)),
              (CellRange(1, 1, 1, len(ITEM_FIELDS)),)),
        Sheet("下拉选项", [], [], hidden=True),
    ))
    layout = Layout(SHEET, (HEADER_ROW,), {f.name: i for i, f in enumerate(ITEM_FIELDS, 1)},
                    "items")
    review = _review(rows, args.findings, rng)
    print(f"输入: {args.items} 项 × {len(ITEM_FIELDS)} 列, {args.findings} 个问题, "
          f"{source.stat().st_size / 1e6:.1f} MB; 退回 {review.counts['rejected']} 项; "
          f"启动后内存峰值 {_peak_mib():.0f} MiB")

    steps = (
        ("标注版 write_marked_copy", lambda: write_marked_copy(
            source, read, [layout], review, folder / "bench-标注版.xlsx")),
        ("审核报告.xlsx write_review_book", lambda: write_review_book(
            review, folder / "审核报告.xlsx")),
        ("审核报告.html write_review_html", lambda: write_review_html(
            review, folder / "审核报告.html")),
        ("退回清单.xlsx write_rejection_list", lambda: write_rejection_list(
            review, folder / "退回清单.xlsx")),
    )
    total = 0.0
    for label, run in steps:
        start = time.perf_counter()
        out = run()
        took = time.perf_counter() - start
        total += took
        print(f"{label:<36} {took:6.2f} s  {out.stat().st_size / 1e6:6.2f} MB  "
              f"峰值 {_peak_mib():.0f} MiB")
    print(f"{'合计':<36} {total:6.2f} s  (目标 < 15 s)")
    print(f"输出目录: {folder}")


if __name__ == "__main__":
    main()
