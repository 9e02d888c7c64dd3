"""The blank template: built from fields.py, with dropdowns, header notes, a frozen header."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from catalog_check.fields import EX_OFFICIO_TYPES, ITEM_FIELDS, ITEM_TYPES, MATERIAL_FIELDS
from catalog_check.reports import write_template
from catalog_check.reports.template import TEMPLATE_ROWS, field_prompt, required_label

ITEMS, MATERIALS = "事项清单", "申请材料"


@pytest.fixture(name="template", scope="module")
def fixture_template(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The template as written, loaded back."""
    out = write_template(tmp_path_factory.mktemp("t") / "模板.xlsx")
    return openpyxl.load_workbook(out)


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, list[object]]:
    """Data validations by the range they cover."""
    out: dict[str, list[object]] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out.setdefault(rng, []).append(dv)
    return out


def _list_values(wb: openpyxl.Workbook, formula: str) -> list[object]:
    """The allowed values a list validation points at (可选值!$B$2:$B$9)."""
    sheet, ref = formula.lstrip("=").split("!")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[ref.replace("$", "")] for c in row]


def test_sheets_in_order_values_sheet_hidden(template: openpyxl.Workbook) -> None:
    """事项清单 opens first; 可选值 is hidden."""
    assert template.sheetnames == [ITEMS, MATERIALS, "填表说明", "可选值"]
    assert template.active.title == ITEMS
    assert template["可选值"].sheet_state == "hidden"
    assert [ws.sheet_state for ws in template.worksheets[:3]] == ["visible"] * 3


@pytest.mark.parametrize(("sheet", "fields"), [(ITEMS, ITEM_FIELDS), (MATERIALS, MATERIAL_FIELDS)],
                         ids=["items", "materials"])
def test_headers_in_row_one_in_field_order(
    template: openpyxl.Workbook, sheet: str, fields: tuple
) -> None:
    """Row 1 holds every field name in fields.py order; widths from Field.width; A2 frozen."""
    ws = template[sheet]
    assert [c.value for c in ws[1]] == [f.name for f in fields]
    assert ws.freeze_panes == "A2"
    for col, field in enumerate(fields, 1):
        letter = openpyxl.utils.get_column_letter(col)
        assert ws.column_dimensions[letter].width == field.width
        header = ws.cell(1, col)
        assert header.font.b is True
        assert header.fill.fgColor.rgb == "00DDEBF7"
        assert (header.font.color is not None and header.font.color.rgb == "FFC00000") \
            == field.required
    assert ws.max_row == 1  # no stray cells below the header


@pytest.mark.parametrize(("sheet", "fields"), [(ITEMS, ITEM_FIELDS), (MATERIALS, MATERIAL_FIELDS)],
                         ids=["items", "materials"])
def test_every_header_has_an_input_note_and_a_comment(
    template: openpyxl.Workbook, sheet: str, fields: tuple
) -> None:
    """Selecting a header shows its note (required or not, what form); hovering shows it too."""
    ws = template[sheet]
    by_range = _validations(ws)
    for col, field in enumerate(fields, 1):
        letter = openpyxl.utils.get_column_letter(col)
        notes = [dv for rng, dvs in by_range.items() for dv in dvs
                 if rng in (f"{letter}1", f"{letter}1:{letter}{TEMPLATE_ROWS + 1}")]
        assert len(notes) == 1, field.name
        dv = notes[0]
        assert dv.showInputMessage is True
        assert dv.promptTitle == field.name
        assert dv.prompt == field_prompt(field)
        assert ("必填" in dv.prompt) == (field.required or "必填" in field.note)
        assert ws.cell(1, col).comment.text == f"{field.name}：{field_prompt(field)}"


def test_item_type_dropdown_lists_the_accepted_types(template: openpyxl.Workbook) -> None:
    """事项类型 offers the eleven types minus the three ex-officio ones, in fields.py order."""
    ws = template[ITEMS]
    dv = _validations(ws)[f"E2:E{TEMPLATE_ROWS + 1}"][0]
    assert dv.type == "list"
    assert dv.errorStyle == "stop"
    assert _list_values(template, dv.formula1) == [
        "行政许可", "行政征收", "行政给付", "行政确认", "行政奖励", "行政裁决", "其他行政权力",
        "公共服务"]
    assert _list_values(template, dv.formula1) == [t for t in ITEM_TYPES
                                                   if t not in EX_OFFICIO_TYPES]


def test_yes_no_and_other_dropdowns(template: openpyxl.Workbook) -> None:
    """Every field with choices has a list over rows 2-501 pointing at 可选值; a few only warn."""
    ws = template[ITEMS]
    by_range = _validations(ws)
    lists = {}
    for col, field in enumerate(ITEM_FIELDS, 1):
        letter = openpyxl.utils.get_column_letter(col)
        dvs = [dv for dv in by_range.get(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}", [])
               if dv.type == "list"]
        assert len(dvs) == (1 if field.choices else 0), field.name
        if dvs:
            assert dvs[0].formula1.startswith("可选值!$")
            lists[field.name] = (_list_values(template, dvs[0].formula1), dvs[0].errorStyle)
    assert lists == {
        # Not the ex-officio types (处罚, 强制, 检查): they are no service items.
        "事项类型": (["行政许可", "行政征收", "行政给付", "行政确认", "行政奖励", "行政裁决",
                  "其他行政权力", "公共服务"], "stop"),
        "行使层级": (["省级", "市级", "县级", "乡镇（街道）级"], "warning"),
        "跑动次数": ([0, 1], "warning"),
        "是否即办件": (["是", "否"], "stop"),
        "是否网上办理": (["是", "否"], "stop"),
        "是否收费": (["是", "否"], "stop"),
    }
    m = _validations(template[MATERIALS])
    fee = next(dv for dv in m[f"H2:H{TEMPLATE_ROWS + 1}"] if dv.type == "list")
    assert _list_values(template, fee.formula1) == ["是", "否"]


def test_text_columns_keep_leading_zeros(template: openpyxl.Workbook) -> None:
    """序号, 事项编码 and 咨询电话 are text columns (0571-… and 001 survive)."""
    ws = template[ITEMS]
    formats = {f.name: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].number_format
               for i, f in enumerate(ITEM_FIELDS, 1)}
    assert {k for k, v in formats.items() if v == "@"} == {"序号", "事项编码", "咨询电话"}


def test_guide_lists_every_field(template: openpyxl.Workbook) -> None:
    """填表说明 names every field with required or not, its note and its choices."""
    ws = template["填表说明"]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "填表说明"
    assert any("行政处罚、行政强制、行政检查属依职权事项" in str(r[0]) for r in rows)
    assert [required_label(f) for f in MATERIAL_FIELDS[:2]] == ["选填", "条件必填"]
    assert field_prompt(ITEM_FIELDS[-1]) == "选填"  # 备注 has no note of its own
    for field in ITEM_FIELDS:
        assert (field.name, required_label(field), field_prompt(field),
                "、".join(c for c in field.choices if c not in EX_OFFICIO_TYPES) or None) in rows


def test_guide_states_each_rule_with_no_placeholder(template: openpyxl.Workbook) -> None:
    """The rules in 填表说明 read whole: a param of the fix has the rule's default where it has
    one (实施部门: 请填写部门全称，如浙江省住房和城乡建设厅, not 请填写部门全称相应内容)."""
    rows = [tuple(r) for r in template["填表说明"].iter_rows(values_only=True)]
    fixes = {r[0]: r[2] for r in rows}
    assert fixes["实施部门无法识别"] == "请填写部门全称，如浙江省住房和城乡建设厅"
    # a param no default fills is worded for the page, not 「相应内容」
    assert fixes["缺少必填列"] == "请按统一模板补充所缺的列后重新提交"
    assert fixes["必填项为空"] == "请如实填写该项"
    assert fixes["办结时限无法识别"] == "请填写如“5个工作日”“即办”的期限"
    # said to the department that fills the template in (was 请审核小组核实逾期原因)
    assert fixes["逾期报送"] == "请在截止日期前报送；已逾期的，请向审核小组说明原因"
    assert not any(("{" in str(c) or "相应内容" in str(c) or "\0" in str(c))
                   for r in rows for c in r if c)


def _fill(path: Path) -> None:
    """Two valid items, typed as a department would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[ITEMS]
    col = {c.value: c.column for c in ws[1]}
    items = [
        {
            "序号": "1", "事项名称": "保安服务公司设立许可", "事项类型": "行政许可",
            "实施部门": "浙江省公安厅", "行使层级": "省级",
            "设定依据": "《保安服务管理条例》第八条",
            "受理条件": "1. 有不低于人民币100万元的注册资本；\n"
                        "2. 拟任的保安服务公司法定代表人和主要管理人员"
                        "具备任职所需的专业知识和有关业务工作经验；\n"
                        "3. 有与所提供的保安服务相适应的专业技术人员。",
            "申请材料": "1. 保安服务公司设立申请书；\n"
                        "2. 拟任法定代表人和主要管理人员的居民身份证复印件；\n"
                        "3. 公司章程",
            "办理流程": "申请→受理→审查→决定→送达",
            "法定办结时限": "20个工作日", "承诺办结时限": "10个工作日", "跑动次数": 0,
            "是否即办件": "否", "是否网上办理": "是", "办理形式": "网上办理、快递申请",
            "是否收费": "否", "咨询电话": "0571-87280000",
        },
        {
            "序号": "2", "事项名称": "公章刻制业特种行业许可证核发", "事项类型": "行政许可",
            "实施部门": "浙江省公安厅", "行使层级": "市级、县级",
            "设定依据": "《中华人民共和国行政许可法》第十二条；"
                        "《国务院对确需保留的行政审批项目设定行政许可的决定》第37项",
            "受理条件": "1. 有固定的经营场所；\n2. 有符合要求的刻制设备和安全防范设施。",
            "申请材料": "1. 公章刻制业特种行业许可证申请登记表；\n2. 法定代表人居民身份证复印件",
            "办理流程": "申请→受理→审查→决定",
            "法定办结时限": "20个工作日", "承诺办结时限": "5个工作日", "跑动次数": 1,
            "是否即办件": "否", "是否网上办理": "是", "办理形式": "窗口办理、网上办理",
            "是否收费": "否", "咨询电话": "0571-87280000",
        },
    ]
    for r, item in enumerate(items, 2):
        for name, value in item.items():
            ws.cell(r, col[name]).value = value
    wb.save(path)


def test_filled_template_passes_review(tmp_path: Path) -> None:
    """The template, filled with two valid items, is accepted by the review without an error."""
    review = pytest.importorskip("catalog_check.review")
    path = write_template(tmp_path / "浙江省公安厅-第二批.xlsx")
    _fill(path)
    result = review.review_file(path)
    errors = [(f.code, f.sheet, f.row, f.column) for f in result.file.findings
              if f.severity == "error"]
    assert errors == []
    assert result.file.status == "accepted"
    assert [(i.sheet, i.row, i.name, i.status) for i in result.file.items] == [
        (ITEMS, 2, "保安服务公司设立许可", "accepted"),
        (ITEMS, 3, "公章刻制业特种行业许可证核发", "accepted"),
    ]
