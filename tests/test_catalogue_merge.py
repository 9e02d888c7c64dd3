"""Merging submissions: duplicates across departments, resubmissions, decisions, JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from catalogue_cases import ALIASES as ALIASES_USED
from catalogue_cases import GONGAN, JIANSHE, JIAOTONG, item, resolve, submission

from catalog_check.catalogue import (
    Consolidation,
    Submission,
    consolidate,
    consolidation_json,
    read_decisions,
    write_catalogue,
)
from catalog_check.catalogue.decisions import (
    KEEP_APART,
    MERGE,
    Decision,
    Decisions,
    decision_value,
    item_key,
)
from catalog_check.summaries import consolidate_lines
from catalog_check.text import name_key


def test_duplicate_across_departments_is_one_row_with_both_sources() -> None:
    c = consolidate(
        [
            submission(
                GONGAN,
                [
                    item("保安服务公司设立许可", GONGAN, 5),
                    item("机动车登记", GONGAN, 6, trips=0, instant=True),
                ],
            ),
            submission(
                JIAOTONG,
                [
                    item("机动车登记 。", JIAOTONG, 9, trips=0, instant=False),
                    item("道路旅客运输经营许可", JIAOTONG, 10),
                ],
            ),
        ],
        resolve_department=resolve,
    )
    assert [(e.name, e.departments) for e in c.catalogue] == [
        ("保安服务公司设立许可", (GONGAN,)),
        ("机动车登记", (GONGAN, JIAOTONG)),
        ("道路旅客运输经营许可", (JIAOTONG,)),
    ]
    row = c.catalogue[1]
    assert [(s.path, s.department, s.sheet, s.row) for s in row.sources] == [
        (f"archive/{GONGAN}.xlsx", GONGAN, "事项清单", 6),
        (f"archive/{JIAOTONG}.xlsx", JIAOTONG, "事项清单", 9),
    ]
    # Combined values are conservative: 即办件 only when every department says so.
    assert (row.trips, row.instant, row.online) == (0, False, True)
    assert c.duplicates == (row,)
    f = row.duplicate_finding()
    assert (f.code, f.severity.value, f.item) == (
        "duplicate-across-departments",
        "warning",
        "机动车登记",
    )
    assert f.message == f"事项「机动车登记」由{GONGAN}、{JIAOTONG}同时报送，请综合组确定牵头部门"
    assert c.counts == {
        "submissions": 2,
        "items_in": 4,
        "catalogue": 3,
        "duplicates_across_departments": 1,
        "probable_duplicates": 0,
        "earlier_batch": 0,
        "superseded": 0,
        "set_aside": 0,
        "merged_by_decision": 0,
        "restated": 0,
    }


def test_item_department_aliases_are_resolved() -> None:
    c = consolidate(
        [
            submission("省公安厅", [item("剧毒化学品购买许可", "省公安厅", 3)]),
            submission(GONGAN, [item("民用爆炸物品购买许可", GONGAN, 4)], day=11),
        ],
        resolve_department=resolve,
    )
    # The two submissions belong to one department: the later one replaces the earlier.
    assert [e.name for e in c.catalogue] == ["民用爆炸物品购买许可"]
    assert [s.department for s in c.submissions] == [GONGAN]
    assert [s.path for s in c.superseded] == [f"archive/{'省公安厅'}.xlsx"]


def test_resubmission_supersedes_whatever_the_order_given() -> None:
    one, two = "a/first.xlsx", "a/second.xlsx"
    first = submission(
        JIANSHE,
        [
            item("工程监理企业资质认定", JIANSHE, 5, path=one),
            item("房地产开发企业资质核定", JIANSHE, 6, path=one),
        ],
        day=8,
        path=one,
    )
    second = submission(
        JIANSHE, [item("工程监理企业资质认定", JIANSHE, 7, path=two)], day=12, path=two
    )
    for order in ([first, second], [second, first]):
        c = consolidate(order, resolve_department=resolve)
        assert [(e.name, [s.path for s in e.sources]) for e in c.catalogue] == [
            ("工程监理企业资质认定", ["a/second.xlsx"]),
        ]
        assert [s.path for s in c.superseded] == ["a/first.xlsx"]
        assert c.items_in == 1
        assert c.duplicates == ()


def test_a_bodys_own_later_file_gives_its_items_not_a_mix() -> None:
    """省公安厅's list carried two items of its 交通管理局; the bureau then sent its own list
    with those two (注册登记 now 0 trips) and a new one. The two were one row each with both
    files as sources and the stale trips winning (the highest): the bureau's later file now
    gives them alone, and the console says which were left out."""
    bureau = "浙江省公安厅交通管理局"
    resolved = {**ALIASES_USED, name_key(bureau): bureau}
    police = submission(GONGAN, [
        item("剧毒化学品购买许可", GONGAN, 5),
        item("机动车注册登记", bureau, 6, path=f"archive/{GONGAN}.xlsx", trips=1),
        item("机动车驾驶证核发", bureau, 7, path=f"archive/{GONGAN}.xlsx"),
    ], day=6)
    own = submission(bureau, [
        item("机动车注册登记", bureau, 3, trips=0),
        item("机动车驾驶证核发", bureau, 4),
        item("机动车检验合格标志核发", bureau, 5),
    ], day=12)
    for order in ([police, own], [own, police]):
        c = consolidate(order, resolve_department=lambda t: resolved.get(name_key(t)))
        rows = {e.name: e for e in c.catalogue}
        assert [s.path for s in rows["机动车注册登记"].sources] == [f"archive/{bureau}.xlsx"]
        assert rows["机动车注册登记"].trips == 0
        assert len(c.catalogue) == 4
        assert c.duplicates == ()
        assert sorted((s.name, s.row) for s in c.restated) == [
            ("机动车注册登记", 6), ("机动车驾驶证核发", 7)]
        lines = consolidate_lines(c, Path("catalogue"))
        assert (f"  {bureau}：archive/{GONGAN}.xlsx 中的 2 项（机动车注册登记、机动车驾驶证核发）"
                in lines)


def test_probable_duplicates_are_listed_not_merged() -> None:
    c = consolidate(
        [
            submission(
                GONGAN,
                [item("公章刻制业特种行业许可", GONGAN, 5), item("旅馆业特种行业许可", GONGAN, 6)],
            ),
            submission(
                JIANSHE,
                [
                    item("公章刻制业特种行业许可（新办）", JIANSHE, 5),
                    item("旅馆业特种行业许可（新办）", JIANSHE, 6, typ="行政确认"),
                ],
            ),
        ],
        resolve_department=resolve,
    )
    assert len(c.catalogue) == 4  # 旅馆业: another type, so not a probable pair
    assert [(p.a.name, p.b.name, p.score, p.reason) for p in c.probable] == [
        (
            "公章刻制业特种行业许可",
            "公章刻制业特种行业许可（新办）",
            0.85,
            "仅括号限定语不同（新办）",
        ),
    ]
    f = c.probable[0].finding()
    assert (f.code, f.severity.value) == ("probable-duplicate", "info")
    assert f.message == (
        "「公章刻制业特种行业许可」与「公章刻制业特种行业许可（新办）」疑似为同一事项"
        "（仅括号限定语不同（新办）），请人工确认是否合并"
    )


def test_same_key_with_different_types_is_still_one_row() -> None:
    c = consolidate(
        [
            submission(GONGAN, [item("户口迁移审批", GONGAN, 5, typ="行政确认")]),
            submission(JIANSHE, [item("户口迁移审批", JIANSHE, 5, typ="行政许可")]),
            submission(JIAOTONG, [item("户口迁移审批", JIAOTONG, 5, typ="行政确认")]),
        ],
        resolve_department=resolve,
    )
    assert [(e.name, e.type, len(e.sources)) for e in c.catalogue] == [
        ("户口迁移审批", "行政确认", 3)
    ]


def test_decision_merge_makes_one_row_and_keep_apart_is_not_asked_again() -> None:
    subs = [
        submission(
            GONGAN, [item("排污许可证核发", GONGAN, 5), item("饲料和饲料添加剂生产许可", GONGAN, 6)]
        ),
        submission(
            JIANSHE,
            [
                item("排污许可证核发（新办）", JIANSHE, 7),
                item("饲料及饲料添加剂生产许可", JIANSHE, 8),
            ],
        ),
    ]
    decisions = Decisions.of(
        [
            Decision(
                item_key("排污许可证核发（新办）", None), item_key("排污许可证核发", None), MERGE
            ),
            Decision(
                item_key("饲料和饲料添加剂生产许可", None),
                item_key("饲料及饲料添加剂生产许可", None),
                KEEP_APART,
            ),
        ]
    )
    c = consolidate(subs, decisions=decisions, resolve_department=resolve)
    assert c.probable == ()
    assert [(e.name, e.departments, [s.row for s in e.sources]) for e in c.catalogue] == [
        ("排污许可证核发", (GONGAN, JIANSHE), [5, 7]),
        ("饲料和饲料添加剂生产许可", (GONGAN,), [6]),
        ("饲料及饲料添加剂生产许可", (JIANSHE,), [8]),
    ]
    assert c.catalogue[0].merged_keys == (item_key("排污许可证核发（新办）", None),)
    assert c.duplicates == ()  # merged by a person, not an exact duplicate
    assert c.counts["merged_by_decision"] == 1
    assert "已按疑似重复.xlsx 中的处理意见合并 1 对（合并后的行列明全部部门）。" in (
        consolidate_lines(c, Path("catalogue")))  # (the console said nothing of it)


def _fill(path: Path, verdicts: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["疑似重复"]
    header = [c.value for c in ws[1]]
    col_a, col_decision = header.index("事项A") + 1, header.index("处理意见") + 1
    for r in range(2, ws.max_row + 1):
        name = ws.cell(r, col_a).value
        if name in verdicts:
            ws.cell(r, col_decision).value = verdicts[name]
    wb.save(path)


def test_decisions_round_trip_through_the_written_workbook(tmp_path: Path) -> None:
    subs = [
        submission(
            GONGAN,
            [
                item("排污许可证核发", GONGAN, 5),
                item("涉及饮用水卫生安全的产品卫生许可", GONGAN, 6),
                item("个体工商户注册登记", GONGAN, 7),
            ],
        ),
        submission(
            JIANSHE,
            [
                item("排污许可证核发（新办）", JIANSHE, 5),
                item("涉及饮用水卫生安全产品卫生许可", JIANSHE, 6),
                item("个体工商户登记", JIANSHE, 7),
            ],
        ),
    ]
    first = consolidate(subs, resolve_department=resolve)
    assert len(first.probable) == 3
    paths = write_catalogue(first, tmp_path)
    _fill(
        paths["probable_duplicates"],
        {
            "排污许可证核发": " 合并 ",
            "涉及饮用水卫生安全的产品卫生许可": "不合并",
        },
    )
    decisions = read_decisions(paths["probable_duplicates"])
    assert len(decisions) == 2

    second = consolidate(subs, decisions=decisions, resolve_department=resolve)
    assert [(p.a.name, p.b.name) for p in second.probable] == [
        ("个体工商户注册登记", "个体工商户登记")
    ]
    merged = next(e for e in second.catalogue if e.name == "排污许可证核发")
    assert [(s.department, s.name) for s in merged.sources] == [
        (GONGAN, "排污许可证核发"),
        (JIANSHE, "排污许可证核发（新办）"),
    ]
    assert len(second.catalogue) == 5

    # The next file keeps the decisions (sheet 已处理), so a third run still applies them.
    write_catalogue(second, tmp_path)
    wb = openpyxl.load_workbook(paths["probable_duplicates"])
    decided = [[c.value for c in row][:9] for row in wb["已处理"].iter_rows(min_row=2)]
    assert sorted(decided) == sorted(
        [
            [
                "排污许可证核发",
                None,
                GONGAN,
                "排污许可证核发（新办）",
                None,
                JIANSHE,
                0.78,
                "仅括号限定语不同（新办）",
                "合并",
            ],
            [
                "涉及饮用水卫生安全的产品卫生许可",
                None,
                GONGAN,
                "涉及饮用水卫生安全产品卫生许可",
                None,
                JIANSHE,
                0.97,
                "仅“的”字不同",
                "不合并",
            ],
        ]
    )
    third = consolidate(
        subs, decisions=read_decisions(paths["probable_duplicates"]), resolve_department=resolve
    )
    assert [(e.name, len(e.sources)) for e in third.catalogue] == [
        (e.name, len(e.sources)) for e in second.catalogue
    ]
    assert [p.keys for p in third.probable] == [p.keys for p in second.probable]


def _one_pair_decided(
    tmp_path: Path, written: str
) -> tuple[list[Submission], Consolidation, dict[str, Path]]:
    """公安厅's 排污许可证核发 and 建设厅's （新办）: one probable pair, written out, with
    ``written`` typed in its 处理意见."""
    subs = [
        submission(GONGAN, [item("排污许可证核发", GONGAN, 5)]),
        submission(JIANSHE, [item("排污许可证核发（新办）", JIANSHE, 5)]),
    ]
    c = consolidate(subs, resolve_department=resolve)
    paths = write_catalogue(c, tmp_path)
    _fill(paths["probable_duplicates"], {"排污许可证核发": written})
    return subs, c, paths


def test_write_never_drops_decisions_it_was_not_given(tmp_path: Path) -> None:
    _, c, paths = _one_pair_decided(tmp_path, "合并")
    write_catalogue(c, tmp_path)  # forgot to read the decisions first
    assert len(read_decisions(paths["probable_duplicates"])) == 1


def test_decision_values_and_hand_typed_rows(tmp_path: Path) -> None:
    path = tmp_path / "疑似重复.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "疑似重复"
    ws.append(["事项A", "子项A", "部门A", "事项B", "子项B", "部门B", "相似度", "原因", "处理意见"])
    ws.append(["X许可", None, "甲", "X许可（新办）", None, "乙", 0.8, "", "是"])
    ws.append(["Y许可", None, "甲", "Y许可（新办）", None, "乙", 0.8, "", "否"])
    ws.append(["Z许可", None, "甲", "Z许可（新办）", None, "乙", 0.8, "", "再看看"])
    ws.append(["W许可", "子项", "甲", "W许可（新办）", None, "乙", 0.8, "", None])
    wb.save(path)
    d = read_decisions(path)
    assert d.verdict(("X许可(新办)", ""), ("X许可", "")) == MERGE
    assert d.verdict(("Y许可", ""), ("Y许可(新办)", "")) == KEEP_APART
    assert d.verdict(("Z许可", ""), ("Z许可(新办)", "")) is None
    assert len(d) == 2
    assert len(read_decisions(tmp_path / "absent.xlsx")) == 0


def _half_a_sheet(path: Path) -> bytes:
    """A 疑似重复.xlsx whose sheet XML is cut in half (its rows fail as they are read)."""
    import io
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.append(["事项A", "事项B", "处理意见"])
    wb.active.append(["X许可", "X许可（新办）", "是"])
    wb.save(path)
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, data[: len(data) // 2] if "worksheets/" in info.filename
                          else data)
    return out.getvalue()


@pytest.mark.parametrize(
    "content", [b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), _half_a_sheet],
    ids=["empty", "an-xls-under-the-name", "half-a-sheet"])
def test_a_damaged_decisions_book_is_named_with_what_to_do(tmp_path: Path, content) -> None:
    """A 0-byte, .xls or cut 疑似重复.xlsx stopped consolidate with 内部错误（BadZipFile,
    ParseError）."""
    from catalog_check.catalogue.decisions import DecisionsError
    from catalog_check.failures import failure_text

    path = tmp_path / "疑似重复.xlsx"
    path.write_bytes(content(path) if callable(content) else content)
    with pytest.raises(DecisionsError) as info:
        read_decisions(path)
    assert failure_text(info.value).startswith(
        f"「{path}」无法读取（不是完好的 .xlsx 文件），其中的处理意见未能采用：请在 Excel 中另存为")


def test_json_has_the_shape_of_cli_md() -> None:
    c = consolidate(
        [
            submission(GONGAN, [item("机动车登记", GONGAN, 5), item("排污许可证核发", GONGAN, 6)]),
            submission(
                JIAOTONG,
                [item("机动车登记", JIAOTONG, 6), item("排污许可证核发（新办）", JIAOTONG, 7)],
            ),
        ],
        resolve_department=resolve,
    )
    doc = json.loads(json.dumps(consolidation_json(c), ensure_ascii=False))
    assert list(doc) == [
        "catalogue",
        "duplicates_across_departments",
        "probable_duplicates",
        "earlier_batch",
        "counts",
        "superseded",  # ours, after cli.md's keys
        "set_aside",
    ]
    first = doc["catalogue"][0]
    assert {k: first[k] for k in ("name", "subitem", "type", "departments")} == {
        "name": "机动车登记",
        "subitem": None,
        "type": "行政许可",
        "departments": [GONGAN, JIAOTONG],
    }
    assert [
        {k: s[k] for k in ("path", "department", "sheet", "row")} for s in first["sources"]
    ] == [
        {"path": f"archive/{GONGAN}.xlsx", "department": GONGAN, "sheet": "事项清单", "row": 5},
        {"path": f"archive/{JIAOTONG}.xlsx", "department": JIAOTONG, "sheet": "事项清单", "row": 6},
    ]
    assert doc["duplicates_across_departments"][0]["departments"] == [GONGAN, JIAOTONG]
    pair = doc["probable_duplicates"][0]
    assert pair["a"] == {"name": "排污许可证核发", "subitem": None, "departments": [GONGAN]}
    assert pair["b"] == {
        "name": "排污许可证核发（新办）",
        "subitem": None,
        "departments": [JIAOTONG],
    }
    assert (pair["score"], pair["reason"]) == (0.78, "仅括号限定语不同（新办）")
    assert doc["earlier_batch"] == []
    assert {
        k: doc["counts"][k]
        for k in (
            "submissions",
            "items_in",
            "catalogue",
            "duplicates_across_departments",
            "probable_duplicates",
            "earlier_batch",
        )
    } == {
        "submissions": 2,
        "items_in": 4,
        "catalogue": 3,
        "duplicates_across_departments": 1,
        "probable_duplicates": 1,
        "earlier_batch": 0,
    }


def test_a_later_file_rejected_as_a_whole_replaces_nothing() -> None:
    """cli.md builds the catalogue from each department's latest *accepted* submission: a
    resubmission rejected as a whole (missing-column) leaves the earlier list in the
    catalogue and is set aside, not the other way round; a department whose only file was
    rejected still has it as its latest (with no items)."""
    one, two = "a/first.xlsx", "a/second.xlsx"
    first = submission(JIANSHE, [item("工程监理企业资质认定", JIANSHE, 5, path=one)],
                       day=8, path=one)
    failed = replace(submission(JIANSHE, [], day=12, path=two), usable=False)
    lone = replace(submission(GONGAN, [], day=9, path="a/police.xlsx"), usable=False)
    for order in ([first, failed, lone], [lone, failed, first]):
        c = consolidate(order, resolve_department=resolve)
        assert [(e.name, [s.path for s in e.sources]) for e in c.catalogue] == [
            ("工程监理企业资质认定", [one]),
        ]
        assert sorted(s.path for s in c.submissions) == [one, "a/police.xlsx"]
        assert [s.path for s in c.set_aside] == [two]
        assert c.superseded == ()
        assert (c.counts["set_aside"], c.counts["superseded"]) == (1, 0)
        doc = consolidation_json(c)
        assert [(s["file"], s["path"], s["department"]) for s in doc["set_aside"]] == [
            (None, two, JIANSHE)
        ]
    # An older rejected file under a usable latest is simply superseded.
    older = replace(submission(JIANSHE, [], day=7, path="a/zero.xlsx"), usable=False)
    c = consolidate([older, first], resolve_department=resolve)
    assert ([s.path for s in c.superseded], c.set_aside) == (["a/zero.xlsx"], ())


@pytest.mark.parametrize(
    ("written", "verdict"),
    [
        ("合并，以人社厅为主办部门", MERGE),
        ("已合并", MERGE),
        ("合并。", MERGE),
        ("不合并（职能不同）", KEEP_APART),
        ("否，分别保留", KEEP_APART),
        ("合并不合适", None),
        ("请人社厅确认", None),
        ("", None),
        ("不确定，请建设厅确认", None),
        ("不清楚", None),
        ("合并/不合并", None),
        ("合并（以人社厅为主）", MERGE),
        ("可以合并", MERGE),
        ("需要合并", MERGE),
        ("是", MERGE),
        ("建议不合并", KEEP_APART),
        ("不同意", KEEP_APART),
        ("无需合并", KEEP_APART),
        ("不", KEEP_APART),
    ],
)
def test_a_decision_is_read_from_its_first_clause(written: str, verdict: str | None) -> None:
    assert decision_value(written) == verdict


def test_a_note_that_decides_nothing_is_kept_and_named(tmp_path: Path) -> None:
    """A reviewer's 处理意见 that says neither 合并 nor 不合并 is never erased: the pair stays
    pending with the text written back, and the console names it; a decision taken later
    replaces it."""
    subs, c, paths = _one_pair_decided(tmp_path, "请建设厅确认后再定")
    decisions = read_decisions(paths["probable_duplicates"])
    assert len(decisions) == 0
    again = consolidate(subs, decisions=decisions, resolve_department=resolve)
    assert [(p.a.name, p.b.name) for p in again.probable] == [
        ("排污许可证核发", "排污许可证核发（新办）")
    ]
    lines = consolidate_lines(again, tmp_path)
    assert lines[2] == (
        "疑似重复.xlsx 中有 1 条处理意见未能识别为“合并”或“不合并”，已原样保留，"
        "相应事项仍按疑似重复列出："
        "「请建设厅确认后再定」（排污许可证核发 / 排污许可证核发（新办））"
    )
    write_catalogue(again, tmp_path)
    ws = openpyxl.load_workbook(paths["probable_duplicates"])["疑似重复"]
    assert [[c.value for c in row][8] for row in ws.iter_rows(min_row=2)] == ["请建设厅确认后再定"]
    # Written over without reading the file first, the note still survives.
    write_catalogue(c, tmp_path)
    ws = openpyxl.load_workbook(paths["probable_duplicates"])["疑似重复"]
    assert [[c.value for c in row][8] for row in ws.iter_rows(min_row=2)] == ["请建设厅确认后再定"]
    _fill(paths["probable_duplicates"], {"排污许可证核发": "不合并"})
    decided = read_decisions(paths["probable_duplicates"])
    assert (len(decided), decided.unclear) == (1, ())


def test_submissions_in_registry_order() -> None:
    """Departments as the registry lists them (by alias too), unknown ones after by name;
    a department's own files keep their order."""
    from catalog_check.latest import in_registry_order

    subs = [
        submission(JIANSHE, [], day=8, path="a/jianshe.xlsx"),
        submission("某未登记单位", [], day=8, path="a/other.xlsx"),
        submission("省公安厅", [], day=7, path="a/police-1.xlsx"),
        submission(GONGAN, [], day=9, path="a/police-2.xlsx"),
    ]
    ordered = in_registry_order(subs, resolve, [GONGAN, JIAOTONG, JIANSHE])
    assert [s.path for s in ordered] == [
        "a/police-1.xlsx", "a/police-2.xlsx", "a/jianshe.xlsx", "a/other.xlsx"
    ]


def test_a_decision_keeps_the_whole_note_typed(tmp_path: Path) -> None:
    """「合并，以省建设厅审批处为主办（职能相同）」 merges the pair, and 已处理 keeps the
    whole note as typed (full-width marks too), run after run; the next runs still merge."""
    typed = "合并，以省建设厅审批处为主办（职能相同）"
    subs, _, paths = _one_pair_decided(tmp_path, typed)
    for _ in range(2):
        again = consolidate(subs, decisions=read_decisions(paths["probable_duplicates"]),
                            resolve_department=resolve)
        assert (len(again.catalogue), again.probable) == (1, ())
        write_catalogue(again, tmp_path)
        wb = openpyxl.load_workbook(paths["probable_duplicates"])
        assert [[c.value for c in row][8] for row in wb["已处理"].iter_rows(min_row=2)] == [typed]
        assert wb["疑似重复"].max_row == 1


def test_a_note_that_decides_nothing_comes_back_with_its_own_marks(tmp_path: Path) -> None:
    """「请建设厅确认（急），再定」 goes back to its pair with its full-width marks, not as
    请建设厅确认(急),再定."""
    typed = "请建设厅确认（急），再定"
    subs, _, paths = _one_pair_decided(tmp_path, typed)
    again = consolidate(subs, decisions=read_decisions(paths["probable_duplicates"]),
                        resolve_department=resolve)
    write_catalogue(again, tmp_path)
    ws = openpyxl.load_workbook(paths["probable_duplicates"])["疑似重复"]
    assert [[c.value for c in row][8] for row in ws.iter_rows(min_row=2)] == [typed]
    assert f"「{typed}」" in consolidate_lines(again, tmp_path)[2]
