"""The schemas and the rule registry: one implementation per item code, findings once per cell."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pandera.pandas as pa
import pytest

import catalog_check.checks as checks
from catalog_check.checks import IMPLEMENTATIONS, Context, FunctionRule, SchemaRule, prepare_items
from catalog_check.legal import parse_citations
from catalog_check.registry import Registry
from catalog_check.rules import RULES, Scope
from catalog_check.schemas import ItemTable, MaterialTable, check_tables, schema_codes
from catalog_check.table import Tables
from catalog_check.text import _rebuilt_key, is_placeholder, is_placeholder_key, name_key

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from rule_cases import ITEMS_SHEET, item, make_tables, where

ITEM_CODES = {r.code for r in RULES if r.scope is Scope.ITEM}
# Checks that are not rules: they guard the frame's own columns (a failure is a bug, not a finding).
_FRAME_GUARDS = {"greater_than_or_equal_to", "isin"}


def _check_names(model: type) -> set[str]:
    schema = model.to_schema()
    names = {c.name for c in schema.checks}
    for column in schema.columns.values():
        names.update(c.name for c in column.checks)
    return names


def test_every_item_code_has_one_implementation() -> None:
    """The registry maps each item-level code of rules.py to exactly one implementation."""
    assert set(IMPLEMENTATIONS) == ITEM_CODES


def test_schema_rules_are_schema_checks() -> None:
    """A SchemaRule code is a check of ItemTable or MaterialTable; a FunctionRule code is not."""
    in_schemas = schema_codes(ItemTable) | schema_codes(MaterialTable)
    schema_rules = {c for c, impl in IMPLEMENTATIONS.items() if isinstance(impl, SchemaRule)}
    function_rules = {c for c, impl in IMPLEMENTATIONS.items() if isinstance(impl, FunctionRule)}
    assert in_schemas == schema_rules
    assert function_rules == {"duplicate-item", "duplicate-item-code", "basis-unknown-law",
                              "unlinked-material", "item-after-notes"}


def test_every_schema_check_is_named_by_a_code() -> None:
    """Checks carry the rule code in name= (never error=), so failure_cases name the rule."""
    for model in (ItemTable, MaterialTable):
        names = _check_names(model)
        assert names - _FRAME_GUARDS <= ITEM_CODES
        schema = model.to_schema()
        errors = [
            c.error for col in schema.columns.values() for c in col.checks if c.name in ITEM_CODES
        ]
        assert errors == [None] * len(errors)


def test_engine_never_imports_schemas() -> None:
    """The engine (catalog_check.checks) does not import the policy layer."""
    root = Path(checks.__file__).parent
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ] + [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
        assert not [m for m in imported if "schemas" in m], path.name


def test_failures_are_per_row_and_column(registry: Registry) -> None:
    """ItemTable reports a rule once per failing row and column, with the code as the check."""
    tables = make_tables([item(是否即办件="是", 是否收费="也许", 是否网上办理="或许")])
    frame = prepare_items(Context(tables, registry))
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        ItemTable.validate(frame, lazy=True)
    cases = caught.value.failure_cases
    got = sorted(zip(cases["check"], cases["column"], cases["index"], strict=True))
    assert got == [
        ("instant-mismatch", "instant_gap", 0),
        ("invalid-yes-no", "是否收费", 0),
        ("invalid-yes-no", "是否网上办理", 0),
    ]


def test_prepared_frame_marks_blank_required_cells(registry: Registry) -> None:
    """A required cell left blank is "" in the prepared frame; a field nobody asks for is None."""
    tables = make_tables([item(受理条件=None)], materials=[])
    frame = prepare_items(Context(tables, registry))
    assert (frame.at[0, "受理条件"], frame.at[0, "申请材料"]) == ("", None)


def test_pandas_string_columns_are_read(registry: Registry) -> None:
    """Tables whose text columns use pandas' str dtype (NaN for blanks) are checked the same."""
    base = make_tables(
        [item(跑动次数="2"), item(事项名称="保安培训单位设立许可", 事项编码="X2", 受理条件=None)]
    )
    typed = Tables(
        items=base.items.astype({c: "str" for c in base.items.columns if c != "_row"}),
        raw=base.raw.astype({c: "str" for c in base.raw.columns if c != "_row"}),
        materials=None,
        materials_raw=None,
        layouts=base.layouts,
        findings=[],
    )
    assert (
        where(check_tables(typed, registry))
        == where(check_tables(base, registry))
        == [
            (0, "trips-exceed-one", ITEMS_SHEET, 4, "例外说明"),
            (1, "missing-value", ITEMS_SHEET, 5, "受理条件"),
        ]
    )


def test_index_labels_come_back(registry: Registry) -> None:
    """The index returned is tables.items' own label for the item."""
    base = make_tables(
        [item(), item(事项名称="保安培训单位设立许可", 事项编码="X2", 跑动次数="多次")]
    )
    relabelled = Tables(
        items=base.items.set_axis([10, 20]),
        raw=base.raw.set_axis([10, 20]),
        materials=None,
        materials_raw=None,
        layouts=base.layouts,
        findings=[],
    )
    assert [(i, f.code) for i, f in check_tables(relabelled, registry)] == [(20, "trips-invalid")]


def test_rows_without_sheet_name(registry: Registry) -> None:
    """Rows whose sheet is None (as a CSV may give) still find their layout and cells."""
    base = make_tables([item(咨询电话="电话")], sheet=None)  # type: ignore[arg-type]
    linked = check_tables(base, registry)
    assert [(f.sheet, f.row, f.column, f.cell) for _, f in linked] == [(None, 4, "咨询电话", "U4")]


def test_empty_items(registry: Registry) -> None:
    """No item rows: nothing to report (no-items is a file-level finding)."""
    tables = make_tables([])
    assert check_tables(tables, registry) == []


def test_real_workbook_through_the_reader(tmp_path: Path, registry: Registry) -> None:
    """An xlsx with a title block, through the real reader: findings at Excel rows and cells."""
    openpyxl = pytest.importorskip("openpyxl")
    from catalog_check.config import Limits
    from catalog_check.reader import read_workbook
    from catalog_check.table import extract_tables

    fields = list(item())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项目录"
    ws.append(["附件1"])
    ws.append(["浙江省公安厅群众和企业到政府办事“最多跑一次”事项目录（第二批）"])
    ws.append(fields)
    ws.append([item()[f] for f in fields])
    ws.append(
        [
            item(
                事项名称="保安培训单位设立许可",
                事项编码="X2",
                承诺办结时限="30个工作日",
                申请材料="1.申请书\n2.其他相关材料",
            )[f]
            for f in fields
        ]
    )
    path = tmp_path / "浙江省公安厅.xlsx"
    wb.save(path)

    tables = extract_tables(read_workbook(path, Limits()))
    linked = check_tables(tables, registry)
    assert [(i, f.code, f.sheet, f.row, f.column, f.cell, f.value) for i, f in linked] == [
        (1, "catch-all-material", "事项目录", 5, "申请材料", "J5", "其他相关材料"),
        (1, "promise-exceeds-legal", "事项目录", 5, "承诺办结时限", "M5", "30个工作日"),
    ]


# The engine's shortcuts must agree with the shared functions they stand in for.
TEXTS = [
    "保安服务公司设立许可",
    "大型群众性活动安全许可（跨设区市）",
    "大型群众性活动安全许可(跨设区市)",
    "【新办】 许可。",
    "330000-GA-001",
    "1.1",
    "x.",
    "\uff11\uff12\uff13",  # full-width digits
    "\u3000无\u3000",
    "无",
    "见 办 事 指 南",
    "——————————————",
    "\uff0f" * 7,  # full-width slashes
    "N/A",
    "详见附件。",
    "1.营业执照复印件\n2.法定代表人身份证明",
    "名称\u200b",
    "e\u0301",
    "",
]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_key_and_placeholder_shortcuts_agree_with_the_full_rules(text: str) -> None:
    """name_key's and is_placeholder's shortcuts give what the full computation gives."""
    assert name_key(text) == _rebuilt_key(text)
    assert is_placeholder(text) == is_placeholder_key(_rebuilt_key(text))


BASES = [
    "《中华人民共和国行政许可法》第十二条；《保安服务管理条例》第八条",
    "《保安服务管理条例》（国务院令第564号）第八条、《保安培训机构管理办法》（公安部令第85号）第五条",
    "依据《浙江省实施《中华人民共和国道路交通安全法》办法》第十条和《行政许可法》第十二条",
    "《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）第1项；《通知》（浙政办发〔2017〕12号）",
    "《保安服务管理条例》第八条《行政许可法",
    "根据有关规定",
]


@pytest.mark.parametrize("text", BASES, ids=range(len(BASES)))
def test_citations_by_segment_agree(registry: Registry, text: str) -> None:
    """Parsing a basis piece by piece (cached per piece) gives exactly parse_citations' result."""
    ctx = Context(make_tables([item(设定依据=text)]), registry)
    assert ctx.citations.iat[0] == parse_citations(text, registry)
