"""review_file's item verdicts: the facts the bulletin and the catalogue count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbooks import item_row, items_sheet, write_xlsx

from catalog_check.review import review_file


def test_item_facts_are_read_as_the_rules_read_them(tmp_path: Path) -> None:
    """即办 from 是否即办件, else from the 承诺 part of 承诺办结时限 (also in a combined cell);
    网办 from 是否网上办理, else from 办理形式; type and department normalised."""
    rows = items_sheet(["保安员证核发"], 是否即办件="是")
    rows += [
        item_row(2, "保安服务公司设立许可", 是否即办件=None,
                 承诺办结时限="法定20个工作日，承诺即办"),
        item_row(3, "典当业特种行业许可证核发", 是否即办件=None, 承诺办结时限="当场办结",
                 事项类型="许可", 跑动次数="零次"),
        item_row(4, "公章刻制备案", 是否即办件=None, 承诺办结时限="10个工作日",
                 是否网上办理=None, 办理形式="网上办理", 实施部门="省公安厅"),
        item_row(5, "户口迁移审批", 是否即办件=None, 承诺办结时限=None,
                 是否网上办理=None, 办理形式="窗口办理"),
    ]
    review = review_file(write_xlsx(tmp_path / "省公安厅-第二批.xlsx", rows))
    facts = [(i.row, i.type, i.department, i.trips, i.instant, i.online)
             for i in review.file.items]
    assert facts == [
        (2, "行政许可", "浙江省公安厅", 1, True, True),
        (3, "行政许可", "浙江省公安厅", 1, True, True),
        (4, "行政许可", "浙江省公安厅", 0, True, True),
        (5, "行政许可", "浙江省公安厅", 1, False, True),
        (6, "行政许可", "浙江省公安厅", 1, None, None),
    ]


def test_time_limit_units_in_headers_decide_the_comparison(tmp_path: Path) -> None:
    """Bare numbers under 法定办结时限（工作日） and 承诺办结时限（天） are compared in those
    units: 25天 is shorter than 20个工作日; 25个工作日 is longer."""
    header = list(items_sheet([])[0])
    legal, promise = header.index("法定办结时限"), header.index("承诺办结时限")
    header[legal], header[promise] = "法定办结时限（工作日）", "承诺办结时限（天）"
    rows = [header, item_row(1, "保安服务公司设立许可", 法定办结时限=20, 承诺办结时限=25,
                             申请材料="1.设立申请书\n2.章程")]
    review = review_file(write_xlsx(tmp_path / "days.xlsx", rows))
    assert [f.code for f in review.file.findings] == []
    header[promise] = "承诺办结时限（工作日）"
    review = review_file(write_xlsx(tmp_path / "working-days.xlsx", [header, rows[1]]))
    assert [(f.code, f.row, f.column) for f in review.file.findings] == [
        ("promise-exceeds-legal", 2, "承诺办结时限")
    ]


def _formatted(path: Path, formats: dict[str, str], **fields: Any) -> Path:
    """One item (the defaults, no certificate, ``fields`` changed) written by openpyxl with
    number formats on some of its cells (field → format code)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项清单"
    rows = items_sheet(["保安服务公司设立许可"], **{"申请材料": "1.设立申请书\n2.章程", **fields})
    for row in rows:
        ws.append(row)
    for name, code in formats.items():
        ws.cell(2, rows[0].index(name) + 1).number_format = code
    wb.save(path)
    return path


def test_time_limit_units_in_number_formats_decide_the_comparison(tmp_path: Path) -> None:
    """A public service's 法定办结时限 20 formatted 0"天" shows 20天 (about 14 working days),
    shorter than 承诺 15 formatted 0"个工作日": the promise is over the legal limit, and the
    message quotes what the cells show; 15 formatted 0"天" is not over (read bare, both
    numbers were working days: 15 < 20 passed)."""

    def review(promise_format: str) -> list[tuple[str, int, str | None, str]]:
        path = _formatted(tmp_path / "formats.xlsx",
                          {"法定办结时限": '0"天"', "承诺办结时限": promise_format},
                          事项类型="公共服务", 法定办结时限=20, 承诺办结时限=15)
        return [(f.code, f.row, f.column, f.message) for f in review_file(path).file.findings]

    [(code, row, column, message)] = review('0"个工作日"')
    assert (code, row, column) == ("promise-exceeds-legal", 2, "承诺办结时限")
    assert "承诺办结时限「15个工作日」长于法定办结时限「20天」" in message
    assert review('0"天"') == []


def test_a_zero_under_an_accounting_format_is_still_zero(tmp_path: Path) -> None:
    """跑动次数 0 under WPS's accounting format (zero shown as "-") or under 0"次";-0"次";;
    (zero hidden) is the 0 the department typed, not an empty required cell."""
    for code in ('_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ', '0"次";-0"次";;@'):
        path = _formatted(tmp_path / "zero.xlsx", {"跑动次数": code}, 跑动次数=0)
        review = review_file(path)
        assert [f.code for f in review.file.findings] == []
        assert review.file.items[0].trips == 0


def test_a_phone_typed_as_a_number_under_a_digit_template_is_that_phone(tmp_path: Path) -> None:
    """057187280114 typed as a number is stored 57187280114; under 0000-00000000 the clerk
    sees 0571-87280114, which is a phone (no invalid-phone saying the 0 was lost)."""
    path = _formatted(tmp_path / "phone.xlsx", {"咨询电话": "0000-00000000"},
                      咨询电话=57187280114)
    assert [f.code for f in review_file(path).file.findings] == []


def test_an_item_below_the_notes_is_reviewed_and_flagged(tmp_path: Path) -> None:
    """Items a clerk appends below 填表说明 and the signature line are read, reviewed like any
    other (their own faults found too) and flagged at their row; the notes are no items."""
    materials = "1.设立申请书\n2.法定代表人身份证明"
    rows = items_sheet(["保安服务公司设立许可"], 申请材料=materials)
    rows += [
        ["填表说明：1.事项类型从下拉列表选择；2.跑动次数填0或1。"],  # 3
        ["填报人：王芳", None, "联系电话：0571-87280000", None, "审核人：李明"],  # 4
        item_row(2, "保安培训单位设立许可", 申请材料=materials),  # 5
        item_row(3, "典当业特种行业许可证核发", 申请材料=materials, 跑动次数=2),  # 6
    ]
    review = review_file(write_xlsx(tmp_path / "省公安厅.xlsx", rows))
    assert [i.row for i in review.file.items] == [2, 5, 6]
    assert [(f.code, f.row, f.column) for f in review.file.findings] == [
        ("item-after-notes", 5, "事项名称"),
        ("item-after-notes", 6, "事项名称"),
        ("trips-exceed-one", 6, "例外说明"),
    ]
    late = review.file.findings[0]
    assert late.severity.value == "warning"
    assert late.message.startswith(
        "第5行「事项名称」：本行在表格下方的说明、签字等表尾内容（第3行起）之后，已按事项一并审核，"
        "请确认是否为报送事项"
    )
    assert [i.status for i in review.file.items] == ["accepted", "accepted", "rejected"]


def test_a_csv_archived_under_its_hash_keeps_the_name_it_was_sent_under(tmp_path: Path) -> None:
    """The archive names a copy by its content hash; the CSV's one sheet (shown in findings,
    notices and the marked copy) is named after the file the department sent."""
    from workbooks import write_csv

    rows = items_sheet(["保安服务公司设立许可"], 跑动次数=3)
    archived = write_csv(tmp_path / "2cb75f73e1.csv", rows, encoding="gbk")
    review = review_file(archived, name="省公安厅-第二批.csv")
    assert {f.sheet for f in review.file.findings if f.row} == {"省公安厅-第二批"}
    assert [i.sheet for i in review.file.items] == ["省公安厅-第二批"]


def test_a_column_missing_from_one_sheet_names_it_and_items_are_still_checked(
    tmp_path: Path,
) -> None:
    """公共服务 lacks 设定依据, 行政许可 has it: the finding names 「公共服务」表; the whole
    file goes back, each item saying so once (not the file's message again), and the items'
    own problems are reported in the same round."""
    from workbooks import HEADER, SheetSpec

    without = [h for h in HEADER if h != "设定依据"]
    papers = "1.设立申请书\n2.法定代表人身份证明"
    permits = items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"], 申请材料=papers)
    permits[2] = item_row(2, "保安培训单位设立许可", 申请材料="1.设立申请书\n2.其他材料")
    services = items_sheet(["居民身份证申领"], header=without, 事项类型="公共服务",
                           申请材料=papers)
    path = write_xlsx(tmp_path / "省公安厅-第二批.xlsx",
                      sheets=[SheetSpec("行政许可", permits), SheetSpec("公共服务", services)])
    review = review_file(path).file
    (missing,) = [f for f in review.findings if f.code == "missing-column"]
    assert missing.message.startswith("表格缺少必填列「设定依据」（「公共服务」表），请按统一模板")
    assert (missing.sheet, missing.row) == ("公共服务", None)
    reasons = {(i.sheet, i.row): i.reasons for i in review.items}
    assert reasons[("行政许可", 2)] == ("所在文件存在问题，请先按「文件问题」修改文件",)
    assert reasons[("行政许可", 3)] == (
        "所在文件存在问题，请先按「文件问题」修改文件",
        "第3行「申请材料」：材料「其他材料」属兜底性要求，请删除，或改为写明具体的材料名称",
    )
    assert reasons[("公共服务", 2)] == ("所在文件存在问题，请先按「文件问题」修改文件",)
    assert review.status == "rejected"


def test_a_file_belongs_to_the_department_most_of_its_items_name(tmp_path: Path) -> None:
    """rules.md: the department most items name in 实施部门, not the first row's (one bureau
    item of 省建设厅 at the top of 公安厅's list)."""
    rows = items_sheet(["建筑业企业资质认定"], 实施部门="省建设厅")
    rows += [item_row(2, "保安服务公司设立许可", 实施部门="浙江省公安厅"),
             item_row(3, "典当业特种行业许可证核发", 实施部门="省公安厅")]
    review = review_file(write_xlsx(tmp_path / "第二批.xlsx", rows))
    assert review.file.department == "浙江省公安厅"
    assert [i.department for i in review.file.items] == [
        "浙江省住房和城乡建设厅", "浙江省公安厅", "浙江省公安厅"
    ]


def test_a_bodys_items_count_for_its_department_when_the_department_is_there(
    tmp_path: Path,
) -> None:
    """省公安厅's list, three of whose five items are its 交通管理局's: 省公安厅's (it was filed
    under the bureau, and its fix, with another mix, did not replace it). A file named for
    the bureau is the bureau's; a bureau's own list stays the bureau's."""
    bureau = "浙江省公安厅交通管理局"
    rows = items_sheet(["保安服务公司设立许可"], 实施部门="浙江省公安厅")
    rows += [item_row(n, name, 实施部门=bureau) for n, name in
             ((2, "机动车驾驶证核发"), (3, "机动车登记"), (4, "校车驾驶资格许可"))]
    rows += [item_row(5, "典当业特种行业许可证核发", 实施部门="省公安厅")]
    assert review_file(write_xlsx(tmp_path / "第二批.xlsx", rows)).file.department == (
        "浙江省公安厅")
    assert review_file(write_xlsx(tmp_path / "省公安厅-第二批.xlsx", rows)).file.department == (
        "浙江省公安厅")
    named = write_xlsx(tmp_path / "省公安厅交管局-第二批.xlsx", rows)
    assert review_file(named).file.department == bureau
    own = items_sheet(["机动车驾驶证核发", "机动车登记"], 实施部门=bureau)
    assert review_file(write_xlsx(tmp_path / "a.xlsx", own)).file.department == bureau


def test_a_bureau_registered_with_its_department_counts_for_it(tmp_path: Path) -> None:
    """交通运输厅's list, three of whose five items are its 公路管理局's (a bureau whose name
    does not begin with the department's, registered with 上级部门): no unknown-department
    (it was an error on each), and the list is the department's, not the bureau's."""
    bureau = "浙江省公路管理局"
    common = {"设定依据": "《公路安全保护条例》第二十七条"}
    rows = items_sheet(["道路旅客运输经营许可"], 实施部门="浙江省交通运输厅", **common)
    rows += [item_row(n, name, 实施部门=written, **common) for n, name, written in
             ((2, "公路超限运输许可", bureau), (3, "涉路施工许可", "省公路局"),
              (4, "公路建筑控制区设置非公路标志许可", bureau),
              (5, "道路货物运输经营许可", "省运管局"))]
    review = review_file(write_xlsx(tmp_path / "第二批.xlsx", rows))
    assert review.file.department == "浙江省交通运输厅"
    assert "unknown-department" not in {f.code for f in review.file.findings}
    assert [i.department for i in review.file.items] == [
        "浙江省交通运输厅", bureau, bureau, bureau, "浙江省道路运输管理局"]


def test_sheet_and_workbook_protection_without_encryption_is_read_normally(
    tmp_path: Path,
) -> None:
    """rules.md: a protected sheet or workbook (no password to open) is no file-encrypted;
    its items are read at their rows, in .xlsx and in .xls."""
    import openpyxl
    import xlwt
    from openpyxl.workbook.protection import WorkbookProtection

    rows = items_sheet(["保安服务公司设立许可", "典当业特种行业许可证核发"])
    xlsx = write_xlsx(tmp_path / "省公安厅-保护.xlsx", rows)
    wb = openpyxl.load_workbook(xlsx)
    wb.active.protection.sheet = True
    wb.active.protection.password = "123456"
    wb.security = WorkbookProtection(workbookPassword="123456", lockStructure=True)
    wb.save(xlsx)

    xls = tmp_path / "省公安厅-保护.xls"
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("事项清单")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    ws.protect = True
    ws.password = "123456"
    book.protect = True
    book.save(str(xls))

    for path in (xlsx, xls):
        review = review_file(path)
        assert list(review.file.file_findings) == []
        assert review.file.status != "unreadable"
        assert [(i.row, i.name) for i in review.file.items] == [
            (2, "保安服务公司设立许可"), (3, "典当业特种行业许可证核发")
        ]


def test_a_file_whose_items_name_no_department_takes_the_one_its_name_names(
    tmp_path: Path,
) -> None:
    """An unreadable file, or one without 实施部门, is the department's its name names (so its
    notice reaches that department); a name naming none or two departments names none."""
    broken = tmp_path / "省民政厅-第二批（传输中断）.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    review = review_file(broken)
    assert (review.file.status, review.file.department) == ("unreadable", "浙江省民政厅")
    letter = tmp_path / "省民政厅关于报送事项目录的函.pdf"  # a cover letter: nobody's list
    letter.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    review = review_file(letter)
    assert [f.code for f in review.file.findings] == ["unsupported-format"]
    assert review.file.department is None

    header = [h for h in items_sheet([])[0] if h != "实施部门"]
    rows = items_sheet(["保安服务公司设立许可"], header=header)
    for name, department in [("公安厅 第二批事项.xlsx", "浙江省公安厅"),
                             ("公安厅交通厅联合报送.xlsx", None), ("第二批事项.xlsx", None)]:
        review = review_file(write_xlsx(tmp_path / name, rows))
        assert [f.code for f in review.file.file_findings] == ["missing-column"]
        assert review.file.department == department, name


def test_a_second_table_on_a_sheet_is_read_under_its_own_header(tmp_path: Path) -> None:
    """一、行政许可 with the full header, then 二、公共服务 with a header of its own (no 子项名称,
    no 法定办结时限, 事项类型 after 实施部门) on the same sheet: its items are read under its own
    columns (they were read under the first header: 事项类型 = the department, seven false
    errors each), a finding points at its own cell, and the marked copy marks that cell and
    adds one 审核意见 column to the sheet."""
    import openpyxl
    from workbooks import HEADER

    from catalog_check.reports import write_marked_copy

    second = [h for h in HEADER if h not in ("子项名称", "法定办结时限", "事项类型")]
    second.insert(second.index("实施部门") + 1, "事项类型")
    papers = "1.设立申请书\n2.法定代表人身份证明"
    rows = [["一、行政许可"], *items_sheet(["保安服务公司设立许可"], 申请材料=papers), [],
            ["二、公共服务"], second,
            item_row(1, "居民身份证申领", header=second, 事项类型="公共服务", 申请材料=papers),
            item_row(2, "户口迁移审批", header=second, 事项类型="公共服务类别", 申请材料=papers)]
    path = write_xlsx(tmp_path / "省公安厅-第二批.xlsx", rows)
    full = review_file(path)
    assert [la.header_rows for la in full.tables.layouts] == [(2,), (6,)]
    assert [(i.row, i.name, i.type) for i in full.file.items] == [
        (3, "保安服务公司设立许可", "行政许可"), (7, "居民身份证申领", "公共服务"),
        (8, "户口迁移审批", None),
    ]
    type_column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[second.index("事项类型")]
    assert [(f.code, f.row, f.column, f.cell) for f in full.file.findings] == [
        ("invalid-item-type", 8, "事项类型", f"{type_column}8")
    ]
    out = write_marked_copy(path, full.workbook, full.tables.layouts, full.file,
                            tmp_path / "标注版.xlsx")
    ws = openpyxl.load_workbook(out)[full.workbook.sheets[0].name]
    assert ws[f"{type_column}8"].comment is not None
    opinion = [c.column for row in ws.iter_rows() for c in row if c.value == "审核意见"]
    assert opinion == [len(HEADER) + 1]


def test_findings_run_in_the_workbook_sheet_order(tmp_path: Path) -> None:
    """Sheets 行政许可 then 公共服务: findings (the JSON result, the reports, the notice) run
    in that order, as the department's tabs do, not by the sheets' names (公共服务 sorted
    first), and within a row a column AA comes after H."""
    from workbooks import SheetSpec

    from catalog_check.findings import finding, sort_key

    permits = items_sheet(["保安服务公司设立许可"], 事项类型="许可证")
    services = items_sheet(["居民身份证申领"], 事项类型="公共服务", 实施部门="省民防局")
    path = write_xlsx(tmp_path / "省公安厅-第二批.xlsx",
                      sheets=[SheetSpec("行政许可", permits), SheetSpec("公共服务", services)])
    review = review_file(path).file
    order = [(f.sheet, f.code) for f in review.ordered_findings if f.row is not None]
    assert order[0] == ("行政许可", "invalid-item-type")
    sheets = [s for s, _ in order]
    assert sheets == sorted(sheets, key=["行政许可", "公共服务"].index)
    assert "公共服务" in sheets
    assert [f["sheet"] for f in review.as_dict()["findings"] if f["row"]] == [s for s, _ in order]
    # a materials sheet before the items sheet keeps its place in every output
    materials = [["事项名称", "材料名称"], ["保安服务公司设立许可", "户籍证明"]]
    first = write_xlsx(tmp_path / "材料在前.xlsx", sheets=[
        SheetSpec("申请材料", materials), SheetSpec("行政许可", permits)])
    before = review_file(first).file
    sheets = list(dict.fromkeys(f.sheet for f in before.findings if f.row))
    assert sheets == ["申请材料", "行政许可"]
    assert [f.sheet for f in before.ordered_findings] == [f.sheet for f in before.findings]
    h, aa = (finding("invalid-phone", sheet="行政许可", row=2, column="咨询电话", cell=c,
                     value="x") for c in ("H2", "AA2"))
    assert sorted([aa, h], key=sort_key) == [h, aa]


def test_messages_name_the_columns_as_the_sheet_heads_them(tmp_path: Path) -> None:
    """Headers 法律依据 and 联系电话（区号+号码） (aliases of 设定依据, 咨询电话): the messages say
    第2行「法律依据」, 第2行「联系电话」, as the clerk's sheet reads; the JSON column stays the
    canonical field (cli.md). Under a group cell the field's own name stays."""
    from workbooks import HEADER

    header = [{"设定依据": "法律依据", "咨询电话": "联系电话（区号+号码）"}.get(h, h)
              for h in HEADER]
    fields = list(HEADER)
    rows = [header, item_row(1, "保安服务公司设立许可", header=fields, 设定依据="根据有关规定",
                             咨询电话="找综合处", 申请材料="1.设立申请书"),
            item_row(2, "保安培训单位设立许可", header=fields, 设定依据="/",
                     申请材料="1.设立申请书")]
    review = review_file(write_xlsx(tmp_path / "省公安厅-第二批.xlsx", rows)).file
    got = {(f.code, f.column): f.message for f in review.findings}
    assert got[("basis-no-citation", "设定依据")].startswith("第2行「法律依据」：")
    assert got[("invalid-phone", "咨询电话")].startswith("第2行「联系电话」：")
    assert got[("missing-value", "设定依据")] == (
        "第3行「法律依据」：必填项仅填写了占位内容「/」，请如实填写「法律依据」"
    )
    assert {f["column"] for f in review.as_dict()["findings"]} == {"设定依据", "咨询电话"}


def test_under_a_group_cell_the_field_keeps_its_own_name(tmp_path: Path) -> None:
    """办理时限 over 法定 | 承诺: a message names 「承诺办结时限」, not the bare sub-header 「承诺」
    (only the header's top row is taken as written)."""
    from workbooks import HEADER

    top = ["办理时限" if h == "法定办结时限" else None if h == "承诺办结时限" else h
           for h in HEADER]
    sub = ["法定" if h == "法定办结时限" else "承诺" if h == "承诺办结时限" else None
           for h in HEADER]
    legal = HEADER.index("法定办结时限")
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    merged = [f"{letters[legal]}1:{letters[legal + 1]}1"] + [
        f"{letters[c]}1:{letters[c]}2" for c in range(len(HEADER)) if c not in (legal, legal + 1)
    ]
    rows = [top, sub, item_row(1, "保安服务公司设立许可", 承诺办结时限="30个工作日",
                               申请材料="1.设立申请书")]
    review = review_file(write_xlsx(tmp_path / "省公安厅-第二批.xlsx", rows, merged=merged)).file
    (f,) = review.findings
    assert (f.code, f.column) == ("promise-exceeds-legal", "承诺办结时限")
    assert f.message.startswith("第3行「承诺办结时限」：")


def test_an_items_catalogue_fields_are_capped(tmp_path: Path) -> None:
    """The catalogue fields an item carries into the JSON and the catalogue are cut at
    DETAIL_CHARS (a 32,000-character cell down 2,000 rows made a result of 772 million
    characters); the review itself reads the whole cell."""
    from catalog_check.fields import CATALOGUE_DETAILS
    from catalog_check.review import DETAIL_CHARS

    long = "《中华人民共和国行政许可法》第十二条" + "，" * 5000
    rows = items_sheet(["保安服务公司设立许可"], 设定依据=long)
    (item,) = review_file(write_xlsx(tmp_path / "a.xlsx", rows)).file.items
    basis = dict(zip(CATALOGUE_DETAILS, item.details, strict=True))["设定依据"]
    assert len(basis) == DETAIL_CHARS
    assert basis.startswith("《中华人民共和国行政许可法》第十二条")
    assert basis.endswith("…")


def test_a_departments_list_on_a_sheet_named_like_our_rejection_list_is_its_list(
    tmp_path: Path,
) -> None:
    """Only our own 退回清单 (its one sheet, our title first) is taken for ours: a department's
    list on a sheet it named 退回清单 is reviewed as a list."""
    rows = items_sheet(["保安服务公司设立许可"])
    path = write_xlsx(tmp_path / "省公安厅-退回清单.xlsx", rows, sheet_name="退回清单")
    review = review_file(path).file
    assert [i.name for i in review.items] == ["保安服务公司设立许可"]
    assert "returned-report" not in {f.code for f in review.findings}
    titled = write_xlsx(tmp_path / "x.xlsx", rows, sheet_name="退回清单",
                        title_rows=["省公安厅-第二批.xlsx 退回清单"])
    assert [f.code for f in review_file(titled).file.findings] == ["returned-report"]
