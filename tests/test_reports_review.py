"""审核报告.xlsx, 退回清单.xlsx, the report folder and write_reports."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from catalog_check.findings import Finding, finding, sort_key
from catalog_check.reports import (
    original_stem,
    report_folder,
    write_rejection_list,
    write_reports,
    write_review_book,
)
from catalog_check.reports.review_book import FINDING_HEADERS, ITEM_HEADERS, RULE_HEADERS
from catalog_check.verdict import FileReview, ItemResult, file_status
from catalog_check.workbook import Sheet, Workbook

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "＝1"]
SHEET = "事项清单"


def _findings() -> tuple[Finding, ...]:
    return (
        finding("late-submission", received="2017-03-11 09:30", deadline="2017-03-10"),
        finding("certificate-without-basis", sheet=SHEET, row=7, column="申请材料", cell="J7",
                item="保安服务公司设立许可", value="无犯罪记录证明"),
        finding("catch-all-material", sheet=SHEET, row=7, column="申请材料", cell="J7",
                item="保安服务公司设立许可", value="其他相关材料"),
        finding("invalid-phone", sheet=SHEET, row=5, column="咨询电话", cell="U5",
                item="保安员证核发", value="找综合处"),
        finding("ex-officio-item", sheet=SHEET, row=9, column="事项类型", cell="E9",
                item=HOSTILE[0], value="行政处罚"),
        finding("missing-value", sheet=SHEET, row=9, column="设定依据", cell="H9",
                item=HOSTILE[0], value=HOSTILE[1], shown=""),
        finding("unknown-department", sheet=SHEET, row=10, column="实施部门", cell="F10",
                item=HOSTILE[2], value=HOSTILE[3]),
        finding("invalid-yes-no", sheet=SHEET, row=10, column="是否收费", cell="S10",
                item=HOSTILE[2], value=HOSTILE[4]),
    )


def _review(findings: tuple[Finding, ...] = (), *, department: str | None = "浙江省公安厅",
            name: str = "省公安厅-第二批.xlsx", sha: str = "a" * 64) -> FileReview:
    rows = {5: ("保安员证核发", "行政许可"), 7: ("保安服务公司设立许可", "行政许可"),
            9: (HOSTILE[0], "行政处罚"), 10: (HOSTILE[2], "公共服务")}
    items = []
    for row, (name_, type_) in rows.items():
        mine = [f for f in findings if f.row == row]
        reasons = tuple(f.message for f in mine if f.severity == "error")
        notes = tuple(f.message for f in mine if f.severity != "error")
        items.append(ItemResult(SHEET, row, name_, "子项" if row == 7 else None,
                                "rejected" if reasons else "accepted", type=type_,
                                department=department, reasons=reasons, notes=notes))
    return FileReview(path=f"inbox/{name}", sha256=sha, format="xlsx",
                      status=file_status(items, findings), department=department,
                      items=tuple(items), findings=findings,
                      received=datetime(2017, 3, 11, 9, 30, 5), name=name)


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture(name="book")
def fixture_book(tmp_path: Path) -> openpyxl.Workbook:
    """The review book of a partly rejected file with hostile values."""
    return openpyxl.load_workbook(write_review_book(_review(_findings()), tmp_path / "r.xlsx"))


def test_review_book_sheets(book: openpyxl.Workbook) -> None:
    """Four sheets in a fixed order, the overview first."""
    assert book.sheetnames == ["概况", "问题清单", "规则统计", "事项结论"]


def test_overview_values(book: openpyxl.Workbook) -> None:
    """The overview names the file, department, hash, time, counts and the Chinese result."""
    ws = book["概况"]
    pairs = {r[0]: r[1] for r in _rows(ws)[2:] if r[0]}
    assert pairs["原文件名"] == "省公安厅-第二批.xlsx"
    assert pairs["实施部门"] == "浙江省公安厅"
    assert pairs["SHA-256"] == "a" * 64
    assert pairs["收到时间"] == "2017年3月11日 09:30"
    assert pairs["审核结论"] == "部分退回"
    assert (pairs["事项数"], pairs["通过事项"], pairs["退回事项"]) == (4, 1, 3)
    assert (pairs["退回问题"], pairs["提示"], pairs["备注"]) == (6, 2, 0)
    assert pairs["文件问题"].startswith("【提示·逾期报送】文件于2017-03-11 09:30收到")


def test_findings_sheet_rows_are_the_sorted_findings(book: openpyxl.Workbook) -> None:
    """One row per finding, sorted, with exact sheet, row, cell, field and code columns."""
    ws = book["问题清单"]
    rows = _rows(ws)
    assert tuple(rows[0]) == FINDING_HEADERS
    expected = sorted(_findings(), key=sort_key)
    assert [(r[0], r[1], r[2], r[3], r[5], r[7]) for r in rows[1:]] == [
        (f.sheet, f.row, f.cell, f.column, f.code, {"error": "退回", "warning": "提示"}[f.severity])
        for f in expected
    ]
    assert [r[8] for r in rows[1:]] == [f.message for f in expected]
    assert rows[1][0:3] == [None, None, None]  # the file-level finding comes first
    assert rows[2][6] == "咨询电话不规范"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{len(expected) + 1}"


def test_rule_counts(book: openpyxl.Workbook) -> None:
    """Per rule: code, Chinese name, severity and count, in registry order, then a total."""
    rows = _rows(book["规则统计"])
    assert tuple(rows[0]) == RULE_HEADERS
    assert [tuple(r[:5]) for r in rows[1:-1]] == [
        ("late-submission", "逾期报送", "提示", 1, 0),
        ("missing-value", "必填项为空", "退回", 1, 1),
        ("ex-officio-item", "依职权事项", "退回", 1, 1),
        ("unknown-department", "实施部门无法识别", "退回", 1, 1),
        ("invalid-yes-no", "是否类取值不规范", "退回", 1, 1),
        ("catch-all-material", "兜底性材料", "退回", 1, 1),
        ("certificate-without-basis", "证明材料无依据", "退回", 1, 1),
        ("invalid-phone", "咨询电话不规范", "提示", 1, 1),
    ]
    assert rows[-1][0] == "合计"
    assert rows[-1][3] == 8


def test_item_verdicts(book: openpyxl.Workbook) -> None:
    """Per item: where it is, what it is, 通过/退回 and the reasons."""
    rows = _rows(book["事项结论"])
    assert tuple(rows[0]) == ITEM_HEADERS
    assert [tuple(r[:7]) for r in rows[1:]] == [
        (SHEET, 5, "保安员证核发", None, "行政许可", "浙江省公安厅", "通过"),
        (SHEET, 7, "保安服务公司设立许可", "子项", "行政许可", "浙江省公安厅", "退回"),
        (SHEET, 9, HOSTILE[0], None, "行政处罚", "浙江省公安厅", "退回"),
        (SHEET, 10, HOSTILE[2], None, "公共服务", "浙江省公安厅", "退回"),
    ]
    cert, catch = (f.message for f in _findings() if f.row == 7)
    assert rows[2][7] == f"1. {catch}\n2. {cert}" or rows[2][7] == f"1. {cert}\n2. {catch}"
    assert rows[1][7] is None
    assert rows[1][8] == next(f.message for f in _findings() if f.code == "invalid-phone")


def _cells_with(wb: openpyxl.Workbook, value: str) -> list[openpyxl.cell.Cell]:
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == value]


@pytest.mark.parametrize("value", HOSTILE, ids=["hyperlink", "plus", "minus", "at", "fullwidth"])
def test_formula_like_values_are_text_in_review_book(book: openpyxl.Workbook, value: str) -> None:
    """Submitted names and values that look like formulas are stored as text, unchanged, with
    the quote prefix (still text when a person edits the cell)."""
    cells = _cells_with(book, value)
    assert cells
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)


@pytest.fixture(name="rejection")
def fixture_rejection(tmp_path: Path) -> openpyxl.Workbook:
    """The rejection list of a partly rejected file with a file-level error."""
    findings = (*_findings(), finding("missing-column", column="办理流程"))
    review = _review(findings)
    return openpyxl.load_workbook(write_rejection_list(review, tmp_path / "退回清单.xlsx"))


def test_rejection_list_holds_file_errors_then_rejected_items(
    rejection: openpyxl.Workbook,
) -> None:
    """File-level errors (not warnings) first, then every rejected item with its reasons."""
    ws = rejection["退回清单"]
    rows = _rows(ws)
    assert rows[0][0] == "省公安厅-第二批.xlsx 退回清单"
    assert rows[1][0] == "实施部门：浙江省公安厅　收到时间：2017年3月11日 09:30　审核结论：退回"
    assert rows[2][0] == "需修改的文件问题1个，退回事项3项。请逐项修改后重新报送。"
    assert rows[4][0] == "一、文件问题（须先改正）"
    assert rows[6][:2] == [1, "缺少必填列"]
    assert rows[6][5] == "表格缺少必填列「办理流程」，请按统一模板补充「办理流程」列后重新提交"
    assert all("逾期" not in str(v) for r in rows for v in r if v)
    header = next(i for i, r in enumerate(rows) if r[0] == "序号" and r[1] == "工作表")
    assert [tuple(r[:5]) for r in rows[header + 1:]] == [
        (1, SHEET, 7, "保安服务公司设立许可", "子项"),
        (2, SHEET, 9, HOSTILE[0], None),
        (3, SHEET, 10, HOSTILE[2], None),
    ]
    nine = [f.message for f in sorted(_findings(), key=sort_key) if f.row == 9]
    assert rows[header + 2][5] == f"1. {nine[0]}\n2. {nine[1]}"


def test_rejection_list_names_only_the_problems_there_are(tmp_path: Path) -> None:
    """The list's first line counts what it holds: no 文件问题0个 above rejected items, no
    退回事项0项 under a file that is returned whole."""
    items_only = write_rejection_list(_review(_findings()), tmp_path / "a.xlsx")
    assert _rows(openpyxl.load_workbook(items_only)["退回清单"])[2][0] == (
        "退回事项3项。请逐项修改后重新报送。")
    whole = _review((finding("file-unreadable", detail="压缩包已损坏，文件可能不完整"),))
    whole = dataclasses.replace(whole, items=())
    file_only = write_rejection_list(whole, tmp_path / "b.xlsx")
    assert _rows(openpyxl.load_workbook(file_only)["退回清单"])[2][0] == (
        "需修改的文件问题1个，整份退回。请按下列要求修改后重新报送。")


@pytest.mark.parametrize("value", [HOSTILE[0], HOSTILE[2]], ids=["hyperlink", "minus"])
def test_formula_like_item_names_are_text_in_rejection_list(
    rejection: openpyxl.Workbook, value: str
) -> None:
    """Hostile item names stay text in the list sent to the department, quote-prefixed."""
    cells = _cells_with(rejection, value)
    assert cells
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)


def test_rejection_list_holds_no_formula(rejection: openpyxl.Workbook) -> None:
    """The other hostile values reach the list only inside messages, which stay text."""
    cells = [c for ws in rejection.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert cells
    assert all(c.data_type != "f" for c in cells)
    assert not any(c.quotePrefix for c in cells if not str(c.value).startswith(("=", "-")))
    messages = "\n".join(str(c.value) for c in cells)
    for value in (HOSTILE[3], HOSTILE[4]):
        assert f"「{value}」" in messages


def test_report_folder_layout(tmp_path: Path) -> None:
    """root/<部门>/<YYYYmmdd-HHMMSS>-<stem>; 未识别部门 when the department is unknown."""
    assert report_folder(tmp_path, _review()) == (
        tmp_path / "浙江省公安厅" / "20170311-093005-省公安厅-第二批")
    unknown = _review(department=None, name='../a:b*c?"<d>|.xlsx')
    folder = report_folder(tmp_path, unknown)
    assert folder.parent == tmp_path / "未识别部门"
    assert folder.name == "20170311-093005-a_b_c_d_"
    assert original_stem(_review(name="CON.xlsx")) == "_CON"
    assert original_stem(_review(name=".hidden.xlsx")) == "hidden"


def test_report_folder_never_mixes_two_files(tmp_path: Path) -> None:
    """Another file with the same name and second gets its own folder; the same file reuses it."""
    first = _review(sha="a" * 64)
    folder = report_folder(tmp_path, first)
    write_reports(Path("unused.xlsx"), None, (), first, folder)
    assert report_folder(tmp_path, first) == folder
    other = _review(sha="b" * 64)
    assert report_folder(tmp_path, other) == folder.with_name(folder.name + "-bbbbbbbb")


def test_write_reports_for_a_partly_rejected_file(tmp_path: Path) -> None:
    """All five outputs, the marked copy named after the original, result.json as the JSON."""
    source = tmp_path / "a1b2.xlsx"  # the archive names files by hash
    wb = openpyxl.Workbook()
    wb.active.title = SHEET
    wb.save(source)
    read = Workbook(source, "xlsx", (Sheet(SHEET, [], []),))
    review = _review(_findings())
    folder = tmp_path / "out"
    written = write_reports(source, read, (), review, folder)
    assert written == {
        "review_book": folder / "审核报告.xlsx",
        "review_html": folder / "审核报告.html",
        "rejection_list": folder / "退回清单.xlsx",
        "marked": folder / "省公安厅-第二批-标注版.xlsx",
        "result_json": folder / "result.json",
    }
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written.values())
    text = (folder / "result.json").read_text(encoding="utf-8")
    assert json.loads(text) == review.as_dict()
    assert "浙江省公安厅" in text  # ensure_ascii=False
    assert text.startswith('{\n  "path"')  # indented


def test_write_reports_for_an_accepted_unreadable_pair(tmp_path: Path) -> None:
    """Accepted: no rejection list. No workbook (unreadable): no marked copy."""
    accepted = _review(())
    written = write_reports(Path("x.xlsx"), None, (), accepted, tmp_path / "ok")
    assert set(written) == {"review_book", "review_html", "result_json"}
    unreadable = FileReview("inbox/x.docx", "c" * 64, None, "unreadable", None,
                            findings=(finding("unsupported-format", detail="Word 文档"),))
    written = write_reports(Path("x.docx"), None, (), unreadable, tmp_path / "bad")
    assert set(written) == {"review_book", "review_html", "rejection_list", "result_json"}
    rows = _rows(openpyxl.load_workbook(written["rejection_list"])["退回清单"])
    assert rows[6][5] == ("文件不是可读取的电子表格（Word 文档），"
                          "请以 .xlsx、.xls、.ods 或 .csv 格式重新提交")
    # the overview names no format it could not read, rather than leaving a blank
    overview = dict(_rows(openpyxl.load_workbook(written["review_book"])["概况"])[1:])
    assert overview["文件格式"] == "无法识别（见问题清单）"
    page = written["review_html"].read_text(encoding="utf-8")
    assert "无法识别（见问题清单）" in page


def test_rule_counts_count_items_not_sheet_rows(tmp_path: Path) -> None:
    """涉及事项数 counts the items a rule's findings belong to: three materials-sheet rows of one
    item are one item, a row shared by two sub-items is two, an unlinked row is none (it
    counted sheet rows: more items than the file has)."""
    m = "申请材料"

    def cert(row: int, item: str) -> Finding:
        return finding("certificate-without-basis", sheet=m, row=row, column="材料名称",
                       cell=f"C{row}", item=item, value="户籍证明")

    one, two, three = cert(3, "保安员证核发"), cert(4, "保安员证核发"), cert(6, "保安员证核发")
    shared = cert(5, "危险物品运输许可")
    unlinked = finding("unlinked-material", sheet=m, row=9, column="材料名称", cell="C9",
                       item="（未填写）", value="营业执照", why="找不到")
    findings = (one, two, shared, three, unlinked)
    items = (
        ItemResult(SHEET, 2, "保安员证核发", None, "rejected",
                   reasons=(one.message, two.message, three.message)),
        ItemResult(SHEET, 3, "危险物品运输许可", "新办", "rejected", reasons=(shared.message,)),
        ItemResult(SHEET, 4, "危险物品运输许可", "变更", "rejected", reasons=(shared.message,)),
    )
    review = FileReview(path="inbox/a.xlsx", sha256="b" * 64, format="xlsx",
                        status=file_status(items, findings), department="浙江省公安厅",
                        items=items, findings=findings)
    rows = _rows(openpyxl.load_workbook(write_review_book(review, tmp_path / "r.xlsx"))["规则统计"])
    assert [tuple(r[:5]) for r in rows[1:-1]] == [
        ("certificate-without-basis", "证明材料无依据", "退回", 4, 3),
        ("unlinked-material", "材料找不到所属事项", "提示", 1, 0),
    ]


def test_rejection_list_without_a_received_time_leaves_it_out(tmp_path: Path) -> None:
    """A file reviewed without --received: no empty 收到时间： on the list."""
    review = dataclasses.replace(_review(_findings()), received=None)
    ws = openpyxl.load_workbook(write_rejection_list(review, tmp_path / "r.xlsx"))["退回清单"]
    assert ws["A2"].value == "实施部门：浙江省公安厅　审核结论：部分退回"
