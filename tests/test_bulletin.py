"""The progress bulletin from a small hand-built ledger, and its workbook and page."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from catalog_check.bulletin import Bulletin, build_bulletin, held_counts, left_out_counts
from catalog_check.bulletin_writer import (
    COLUMNS,
    write_bulletin,
)
from catalog_check.latest import load_items, read_result_items
from catalog_check.ledger import Ledger
from catalog_check.registry import AuditGroup, Department, Registry
from catalog_check.verdict import FileReview, ItemResult

CST = timezone(timedelta(hours=8))
AS_OF = datetime(2017, 3, 11, 9, 0, tzinfo=CST)
DEADLINE = date(2017, 3, 10)
EVIL_NAME = "<script>alert(1)</script>=cmd.xlsx"

REGISTRY = Registry(
    departments=[
        Department("浙江省公安厅", ("省公安厅",), "gat@example.gov.cn", "第二审核小组"),
        Department("浙江省水利厅", ("省水利厅",), "slt@example.gov.cn", "第一审核小组"),
        Department("浙江省教育厅", ("省教育厅",), "jyt@example.gov.cn", "第四审核小组"),
        Department("浙江省民政厅", ("省民政厅",), "mzt@example.gov.cn", "第一审核小组"),
    ],
    laws=(),
    audit_groups=[
        AuditGroup("第一审核小组", "shenhe1@example.gov.cn"),
        AuditGroup("第二审核小组", "shenhe2@example.gov.cn"),
        AuditGroup("综合组", "zonghe@example.gov.cn"),
    ],
)


def _item(
    row: int, status: str, trips: int | None, instant: bool | None, online: bool | None
) -> ItemResult:
    return ItemResult(
        "事项清单", row, f"事项{row}", None, status, trips=trips, instant=instant, online=online
    )


def _submit(
    ledger: Ledger,
    reports: Path,
    sha: str,
    name: str,
    received: datetime,
    department: str | None,
    status: str,
    items: tuple[ItemResult, ...],
) -> int:
    sid = ledger.claim(sha, name, f"inbox/{name}", None, received, None)
    assert sid is not None
    review = FileReview(f"inbox/{name}", sha, "xlsx", status, department, items=items, name=name)
    result = reports / sha / "result.json"
    result.parent.mkdir(parents=True)
    result.write_text(json.dumps(review.as_dict(), ensure_ascii=False), encoding="utf-8")
    ledger.record_review(sid, review, result.parent, result, reviewed_at=received)
    return sid


@pytest.fixture(name="bulletin")
def bulletin_fixture(tmp_path: Path):
    """A bulletin over police (twice), water (late), civil affairs and an unlisted body."""
    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(
            ledger,
            reports,
            "p1",
            "省公安厅-初稿.xlsx",
            datetime(2017, 3, 8, 10, 0, tzinfo=CST),
            "浙江省公安厅",
            "rejected",
            (_item(5, "rejected", 0, True, True),),
        )
        _submit(
            ledger,
            reports,
            "p2",
            EVIL_NAME,
            datetime(2017, 3, 9, 16, 0, tzinfo=CST),
            "浙江省公安厅",
            "partial",
            (
                _item(5, "accepted", 0, True, True),
                _item(6, "accepted", 0, False, True),
                _item(7, "accepted", 1, True, False),
                _item(8, "accepted", None, None, False),
                _item(9, "rejected", 0, True, True),
            ),
        )
        _submit(
            ledger,
            reports,
            "w1",
            "省水利厅.xlsx",
            datetime(2017, 3, 11, 8, 30, tzinfo=CST),
            "浙江省水利厅",
            "accepted",
            (
                _item(5, "accepted", 0, False, True),
                _item(6, "accepted", 0, False, None),
            ),
        )
        # 23:30 on the deadline in Hangzhou, stored in UTC: still on time.
        _submit(
            ledger,
            reports,
            "m1",
            "省民政厅.xlsx",
            datetime(2017, 3, 10, 15, 30, tzinfo=UTC),
            "浙江省民政厅",
            "rejected",
            tuple(_item(r, "rejected", 1, False, False) for r in (5, 6, 7)),
        )
        _submit(
            ledger,
            reports,
            "x1",
            "旧部门.xlsx",
            datetime(2017, 3, 9, 9, 0, tzinfo=CST),
            "浙江省旧部门",
            "accepted",
            (_item(5, "accepted", 1, None, None),),
        )
        _submit(
            ledger,
            reports,
            "u1",
            "不明.xlsx",
            datetime(2017, 3, 9, 9, 0, tzinfo=CST),
            None,
            "unreadable",
            (),
        )
        latest = ledger.latest_by_department()
        items = load_items(latest)
    return build_bulletin(REGISTRY, latest, items, DEADLINE, "第二批", AS_OF)


def test_rows_per_department_exact_numbers(bulletin) -> None:
    """Every registry department in order, then the unlisted one: latest file, counts, shares."""
    got = [
        (
            r.department,
            r.audit_group,
            r.submitted,
            r.file_name,
            r.status_label,
            r.items,
            r.accepted,
            r.rejected,
            r.share_base,
            r.zero_trip,
            r.instant,
            r.online,
            r.late_label,
            r.listed,
        )
        for r in bulletin.rows
    ]
    assert got == [
        (
            "浙江省公安厅",
            "第二审核小组",
            True,
            EVIL_NAME,
            "部分退回",
            5,
            4,
            1,
            4,
            2,
            2,
            2,
            "按时",
            True,
        ),
        (
            "浙江省水利厅",
            "第一审核小组",
            True,
            "省水利厅.xlsx",
            "通过",
            2,
            2,
            0,
            2,
            2,
            0,
            1,
            "逾期",
            True,
        ),
        ("浙江省教育厅", "综合组", False, None, "未报送", 0, 0, 0, 0, 0, 0, 0, "逾期未报", True),
        (
            "浙江省民政厅",
            "第一审核小组",
            True,
            "省民政厅.xlsx",
            "退回",
            3,
            0,
            3,
            0,
            0,
            0,
            0,
            "按时",
            True,
        ),
        ("浙江省旧部门", None, True, "旧部门.xlsx", "通过", 1, 1, 0, 1, 0, 0, 0, "按时", False),
    ]
    police, water, _, civil, _ = bulletin.rows
    # Each share over the items that answer it: 公安厅's row 8 gives no 跑动次数 or 即办 answer,
    # 水利厅's row 6 none on 网上办理; unknown is left out, not counted as 否.
    assert (police.zero_trip_share, police.instant_share, police.online_share) == (
        2 / 3, 2 / 3, 0.5
    )
    assert (water.zero_trip_share, water.instant_share, water.online_share) == (1.0, 0.0, 1.0)
    assert (civil.zero_trip_share, civil.instant_share, civil.online_share) == (None, None, None)
    assert police.received_at == datetime(2017, 3, 9, 16, 0, tzinfo=CST)


def test_totals_exact(bulletin) -> None:
    """Totals over the rows: 11 items, 7 accepted, 4 of them zero trips, one late, one overdue."""
    t = bulletin.totals
    assert t.as_dict() == {
        "departments": 5, "submitted": 4, "not_submitted": 1, "late": 1, "overdue": 1,
        "items": 11, "accepted": 7, "rejected": 4, "zero_trip": 4, "instant": 2, "online": 3,
        "share_base": 7, "zero_trip_share": 4 / 6, "instant_share": 2 / 5, "online_share": 3 / 5,
        "via": 0, "held_departments": 0, "held": 0, "catalogue_accepted": 7,
    }  # fmt: skip
    assert bulletin.title == "“最多跑一次”事项目录（第二批）审核进度通报（截至2017年3月11日）"
    assert bulletin.file_stem == "进度通报-20170311"


def test_a_fix_after_the_deadline_is_no_late_submission(tmp_path: Path) -> None:
    """公安厅 sent on 8 March and its fix on 14 March: on time, its row showing the fix;
    水利厅's only file came on 12 March: late."""
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, tmp_path, "p1", "公安厅.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST),
                "浙江省公安厅", "partial",
                (_item(5, "accepted", 0, True, True), _item(6, "rejected", 1, False, True)))
        _submit(ledger, tmp_path, "p2", "公安厅（修改后）.xlsx",
                datetime(2017, 3, 14, 11, 0, tzinfo=CST), "浙江省公安厅", "accepted",
                (_item(5, "accepted", 0, True, True), _item(6, "accepted", 1, False, True)))
        _submit(ledger, tmp_path, "w1", "水利厅.xlsx", datetime(2017, 3, 12, 9, 0, tzinfo=CST),
                "浙江省水利厅", "accepted", (_item(5, "accepted", 0, False, True),))
        every = ledger.reviewed_with_department()
        items = load_items(ledger.latest_by_department())
    b = build_bulletin(REGISTRY, every, items, DEADLINE, "第二批",
                       datetime(2017, 3, 15, 9, 0, tzinfo=CST))
    rows = {r.department: r for r in b.rows}
    police, water = rows["浙江省公安厅"], rows["浙江省水利厅"]
    assert (police.file_name, police.accepted, police.late) == ("公安厅（修改后）.xlsx", 2, False)
    assert (water.file_name, water.late) == ("水利厅.xlsx", True)
    assert b.totals.late == 1


def test_files_whose_department_is_unknown_are_listed(tmp_path: Path) -> None:
    """民政厅's file could not be read, so no department: 民政厅 shows 未报送, and the file is
    listed apart (subtitle, a sheet of the workbook, a section of the page)."""
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, tmp_path, "p1", "公安厅.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST),
                "浙江省公安厅", "accepted", (_item(5, "accepted", 0, True, True),))
        _submit(ledger, tmp_path, "m1", "省民政厅-第二批（传输中断）.xlsx",
                datetime(2017, 3, 9, 10, 0, tzinfo=CST), None, "unreadable", ())
        every = ledger.reviewed()
        items = load_items(ledger.latest_by_department())
    b = build_bulletin(REGISTRY, every, items, DEADLINE, "第二批", AS_OF)
    assert [(u.file_name, u.status_label) for u in b.unattributed] == [
        ("省民政厅-第二批（传输中断）.xlsx", "无法读取")
    ]
    assert b.totals.submitted == 1
    written = write_bulletin(b, tmp_path / "bulletins")
    ws = openpyxl.load_workbook(written["xlsx"])["未识别部门的来件"]
    assert [c.value for c in ws[2]] == [
        1, "省民政厅-第二批（传输中断）.xlsx", "", "2017年3月9日 10:00", "无法读取"
    ]
    page = written["html"].read_text(encoding="utf-8")
    assert "另有未能识别部门的来件1个（见「未识别部门的来件」）" in page
    assert "<h2>未识别部门的来件</h2>" in page
    assert "<td>省民政厅-第二批（传输中断）.xlsx</td>" in page
    assert b.as_dict()["unattributed"][0]["status"] == "unreadable"
    from catalog_check.summaries import bulletin_markdown

    assert "- 省民政厅-第二批（传输中断）.xlsx（无法读取）" in bulletin_markdown(b, written)


def test_no_deadline_means_no_late_column() -> None:
    """Without a deadline nobody is late or overdue."""
    b = build_bulletin(REGISTRY, [], {}, None, "第二批", AS_OF)
    assert [r.late for r in b.rows] == [None] * 4
    assert [r.late_label for r in b.rows] == [""] * 4
    assert (b.totals.late, b.totals.overdue, b.totals.zero_trip_share) == (0, 0, None)


def test_before_the_deadline_missing_departments_are_not_overdue() -> None:
    """On 8 March nobody who has not submitted is overdue yet."""
    b = build_bulletin(REGISTRY, [], {}, DEADLINE, "第二批", datetime(2017, 3, 8, 9, 0, tzinfo=CST))
    assert [r.late_label for r in b.rows] == ["未到期"] * 4


def test_read_result_items_accepts_a_validate_document(tmp_path: Path) -> None:
    """result.json may be one file entry or the whole validate --json document."""
    review = FileReview(
        "a.xlsx",
        "s",
        "xlsx",
        "accepted",
        "浙江省公安厅",
        items=(_item(5, "accepted", 0, True, None),),
    )
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps({"tool": "catalog-check", "files": [review.as_dict()]}), encoding="utf-8"
    )
    assert read_result_items(path) == review.items


def test_workbook_has_title_table_totals_and_a_native_chart(bulletin, tmp_path: Path) -> None:
    """进度通报 sheet with the title, the header, a row per department, totals and chart1.xml."""
    written = write_bulletin(bulletin, tmp_path / "bulletins")
    xlsx, page = written["xlsx"], written["html"]
    assert (xlsx.name, page.name) == ("进度通报-20170311.xlsx", "进度通报-20170311.html")
    with zipfile.ZipFile(xlsx) as z:
        names = set(z.namelist())
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert "xl/charts/chart1.xml" in names
    assert "<c:barChart>" in chart
    assert '<c:grouping val="stacked"/>' in chart
    ws = openpyxl.load_workbook(xlsx)["进度通报"]
    assert ws["A1"].value == bulletin.title
    assert [c.value for c in ws[4]] == list(COLUMNS)
    assert [c.value for c in ws[5]] == [
        1, "浙江省公安厅", "第二审核小组", "已报送", EVIL_NAME, "2017年3月9日 16:00", "部分退回",
        5, 4, 1, 2, pytest.approx(2 / 3), 2, pytest.approx(2 / 3), 2, 0.5, "按时", None,
    ]  # fmt: skip
    assert ws["E5"].data_type == "s"  # a name starting like a formula stays text
    assert ws["L5"].number_format == "0.0%"
    assert [c.value for c in ws[7]][:4] + [c.value for c in ws[7]][7:] == [
        3,
        "浙江省教育厅",
        "综合组",
        "未报送",
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
        "逾期未报",
        None,
    ]
    assert [c.value for c in ws[9]][1] == "浙江省旧部门（名录外）"
    totals = [c.value for c in ws[10]]
    assert totals[0] == "合计"
    assert totals[7:11] == [11, 7, 4, 4]
    assert totals[11] == pytest.approx(4 / 6)
    assert totals[16] == "逾期报送1个、逾期未报1个"  # (was 逾期2个: the two summed)


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","点我").xlsx', "+1.xlsx", "@x.xlsx",
                                  "－目录.xlsx"])
def test_workbook_keeps_formula_looking_file_names_text(
    bulletin, tmp_path: Path, name: str
) -> None:
    """A file sent as =HYPERLINK(…).xlsx is shown as text, with Excel's quote prefix."""
    rows = (dataclasses.replace(bulletin.rows[0], file_name=name), *bulletin.rows[1:])
    xlsx = write_bulletin(dataclasses.replace(bulletin, rows=rows), tmp_path)["xlsx"]
    cell = openpyxl.load_workbook(xlsx)["进度通报"]["E5"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)


def test_page_is_self_contained_and_escaped(bulletin, tmp_path: Path) -> None:
    """The page escapes names, draws bars with inline CSS and loads nothing from the network."""
    page = write_bulletin(bulletin, tmp_path)["html"]
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;=cmd.xlsx" in text
    assert "http://" not in text
    assert "https://" not in text
    assert " src=" not in text
    assert " href=" not in text
    assert f"<h1>{bulletin.title}</h1>" in text
    assert '<span class="bar"><span style="width:50.0%"></span></span>50.0%' in text
    assert text.count('<tr class="missing">') == 1


def test_a_list_sent_in_two_parts_is_noted_on_its_row(tmp_path: Path) -> None:
    """The water department sends items 5-6, then 7 alone: its latest file replaces the list,
    so the row notes the 2 accepted items of the first file that the latest lacks; the police
    fix, whose earlier file accepted nothing the latest lacks, gets no note."""
    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, reports, "w1", "省水利厅-第一部分.xlsx",
                datetime(2017, 3, 8, 9, 0, tzinfo=CST), "浙江省水利厅", "partial",
                (_item(5, "accepted", 0, True, True), _item(6, "accepted", 0, True, True),
                 _item(9, "rejected", 0, True, True)))
        _submit(ledger, reports, "w2", "省水利厅-第二部分.xlsx",
                datetime(2017, 3, 9, 9, 0, tzinfo=CST), "浙江省水利厅", "accepted",
                (_item(7, "accepted", 0, True, True),))
        _submit(ledger, reports, "p1", "省公安厅-初稿.xlsx",
                datetime(2017, 3, 8, 10, 0, tzinfo=CST), "浙江省公安厅", "partial",
                (_item(5, "accepted", 0, True, True), _item(6, "rejected", 0, True, True)))
        _submit(ledger, reports, "p2", "省公安厅-修改稿.xlsx",
                datetime(2017, 3, 9, 10, 0, tzinfo=CST), "浙江省公安厅", "accepted",
                (_item(5, "accepted", 0, True, True), _item(6, "accepted", 0, True, True)))
        every = ledger.reviewed()
    items = load_items(every)
    assert left_out_counts(every, items) == {"浙江省水利厅": 2}
    bulletin = build_bulletin(REGISTRY, every, items, DEADLINE, "第二批", AS_OF,
                              left_out_counts(every, items))
    rows = {r.department: r for r in bulletin.rows}
    assert rows["浙江省水利厅"].remark == (
        "前次报送中已通过的2项在最新报送中没有或未通过，汇总目录以最新报送为准，请与部门核实"
    )
    assert rows["浙江省公安厅"].remark == ""
    written = write_bulletin(bulletin, tmp_path / "out")
    ws = openpyxl.load_workbook(written["xlsx"])["进度通报"]
    water = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "浙江省水利厅")
    assert water[COLUMNS.index("备注")] == rows["浙江省水利厅"].remark
    assert rows["浙江省水利厅"].remark in written["html"].read_text(encoding="utf-8")


def test_left_out_follows_the_registry_name_of_a_department(tmp_path: Path) -> None:
    """A first file recorded under a name that is now an alias (省水利厅) and a fix under the
    full name are one department's files: its lost item is counted."""
    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, reports, "w1", "省水利厅-一.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST),
                "省水利厅", "accepted", (_item(5, "accepted", 0, True, True),))
        _submit(ledger, reports, "w2", "省水利厅-二.xlsx", datetime(2017, 3, 9, 9, 0, tzinfo=CST),
                "浙江省水利厅", "accepted", (_item(6, "accepted", 0, True, True),))
        every = ledger.reviewed()
    items = load_items(every)
    assert left_out_counts(every, items) == {}  # by the names as recorded: two departments
    assert left_out_counts(every, items, REGISTRY) == {"浙江省水利厅": 1}


def test_a_fix_rejected_as_a_whole_keeps_the_earlier_list_and_says_so(tmp_path: Path) -> None:
    """民政厅 passes 2 items, then sends a fix rejected as a whole: its row shows the latest
    file (退回), and its 备注 says the catalogue keeps the 2 items of the earlier file; the
    earlier file's items are not counted as lost. 水利厅, whose only file was rejected, has
    no note."""
    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, reports, "m1", "省民政厅.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST),
                "浙江省民政厅", "partial",
                (_item(5, "accepted", 0, True, True), _item(6, "accepted", 0, True, True),
                 _item(7, "rejected", 0, True, True)))
        _submit(ledger, reports, "m2", "省民政厅（修改）.xlsx",
                datetime(2017, 3, 15, 9, 0, tzinfo=CST), "浙江省民政厅", "rejected",
                (_item(5, "rejected", 0, True, True),))
        _submit(ledger, reports, "w1", "省水利厅.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST),
                "浙江省水利厅", "rejected", (_item(5, "rejected", 0, True, True),))
        every = ledger.reviewed()
    items = load_items(every)
    assert held_counts(every, items, REGISTRY) == {"浙江省民政厅": 2}
    assert left_out_counts(every, items, REGISTRY) == {}
    bulletin = build_bulletin(REGISTRY, every, items, DEADLINE, "第二批", AS_OF,
                              left_out_counts(every, items, REGISTRY),
                              held_counts(every, items, REGISTRY))
    rows = {r.department: r for r in bulletin.rows}
    civil = rows["浙江省民政厅"]
    assert (civil.file_name, civil.status_label, civil.accepted) == ("省民政厅（修改）.xlsx",
                                                                     "退回", 0)
    assert civil.remark == (
        "最新报送整体退回，汇总目录暂沿用前次报送中已通过的2项，待部门修改后重新报送"
    )
    assert rows["浙江省水利厅"].remark == ""
    written = write_bulletin(bulletin, tmp_path / "out")
    ws = openpyxl.load_workbook(written["xlsx"])["进度通报"]
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "浙江省民政厅")
    assert row[COLUMNS.index("备注")] == civil.remark


@pytest.mark.parametrize("rejected_last", [True, False])
def test_files_received_at_one_moment_are_ordered_alike_everywhere(
    tmp_path: Path, rejected_last: bool
) -> None:
    """Two attachments of one mail share their received time: the one taken in last is the
    latest, for consolidate and the bulletin alike. A rejected file taken in last is set
    aside (and noted on the row); taken in first, it is superseded (and no note)."""
    from catalog_check.catalogue import consolidate
    from catalog_check.latest import submissions_to_merge

    reports = tmp_path / "reports"
    when = datetime(2017, 3, 8, 9, 0, tzinfo=CST)
    passed = ("m-ok", "省民政厅.xlsx", "partial",
              (_item(5, "accepted", 0, True, True), _item(6, "rejected", 0, True, True)))
    failed = ("m-bad", "省民政厅（空表）.xlsx", "rejected", (_item(5, "rejected", 0, True, True),))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        for sha, name, status, items in ((passed, failed) if rejected_last else (failed, passed)):
            _submit(ledger, reports, sha, name, when, "浙江省民政厅", status, items)
        every = ledger.reviewed()
        c = consolidate(submissions_to_merge(ledger), resolve_department=lambda n: n)
    items = load_items(every)
    assert [s.file for s in c.submissions] == ["省民政厅.xlsx"]
    assert [s.file for s in c.set_aside] == (["省民政厅（空表）.xlsx"] if rejected_last else [])
    assert [s.file for s in c.superseded] == ([] if rejected_last else ["省民政厅（空表）.xlsx"])
    bulletin = build_bulletin(REGISTRY, every, items, DEADLINE, "第二批", AS_OF,
                              left_out_counts(every, items, REGISTRY),
                              held_counts(every, items, REGISTRY))
    row = next(r for r in bulletin.rows if r.department == "浙江省民政厅")
    assert row.file_name == ("省民政厅（空表）.xlsx" if rejected_last else "省民政厅.xlsx")
    assert row.held == (1 if rejected_last else 0)


def test_a_kept_list_missing_items_of_an_even_earlier_one_says_so_without_contradiction() -> None:
    """A (2 items), B (1 of them), then C rejected: the catalogue keeps B; the remark says the
    kept file lacks 1 item of the earlier one, and does not call C 最新报送 for that."""
    row = dataclasses.replace(
        build_bulletin(REGISTRY, [], {}, DEADLINE, "第二批", AS_OF).rows[0], held=1, left_out=1
    )
    assert row.remark == (
        "最新报送整体退回，汇总目录暂沿用前次报送中已通过的1项，待部门修改后重新报送；"
        "更早报送中已通过的1项不在沿用的报送中，请与部门核实"
    )


BODIES = Registry(
    departments=[
        *REGISTRY.departments,
        Department("浙江省公安厅交通管理局", ("省公安厅交管局",), "jgj@example.gov.cn",
                   "第二审核小组"),
        Department("浙江省公安厅出入境管理局", ("省出入境管理局",), "crj@example.gov.cn",
                   "第二审核小组"),
    ],
    laws=(),
    audit_groups=REGISTRY.audit_groups,
)


def _of(department: str, row: int, status: str = "accepted") -> ItemResult:
    return dataclasses.replace(_item(row, status, 0, True, True), department=department)


def test_a_body_whose_items_came_in_its_departments_file_has_submitted_through_it(
    tmp_path: Path,
) -> None:
    """省公安厅's list (on time) holds an item of its 交通管理局 and one of its 出入境管理局,
    and 水利厅's holds one of 出入境管理局 too: 交通管理局 and 出入境管理局 sent no file, but
    their items came in 省公安厅's, so their rows say 随上级报送, show that file, are on time
    and carry no figures (counted once, on 省公安厅's row, whose 备注 names them); an item in
    another department's file makes no submission. The subtitle counts them as submitted."""
    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, reports, "p1", "省公安厅-第二批（含交管局）.xlsx",
                datetime(2017, 3, 8, 10, 0, tzinfo=CST), "浙江省公安厅", "partial",
                (_of("浙江省公安厅", 5), _of("浙江省公安厅", 6),
                 _of("浙江省公安厅交通管理局", 7), _of("浙江省公安厅交通管理局", 8, "rejected"),
                 _of("浙江省公安厅出入境管理局", 9)))
        every = ledger.reviewed()
    items = load_items(every)
    bulletin = build_bulletin(BODIES, every, items, DEADLINE, "第二批", AS_OF)
    rows = {r.department: r for r in bulletin.rows}
    assert bulletin.totals.submitted == 3
    assert bulletin.totals.items == 5  # the bodies' items counted once, on 省公安厅's row
    written = write_bulletin(bulletin, tmp_path / "out")
    ws = openpyxl.load_workbook(written["xlsx"])["进度通报"]
    table = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    police, traffic, exits = (table["浙江省公安厅"], table["浙江省公安厅交通管理局"],
                              table["浙江省公安厅出入境管理局"])
    col = COLUMNS.index
    assert (police[col("报送情况")], police[col("事项数")], police[col("通过")]) == ("已报送", 5, 4)
    assert police[col("备注")] == (
        "含所属单位事项：浙江省公安厅交通管理局2项、浙江省公安厅出入境管理局1项"
    )
    assert [traffic[col(c)] for c in ("报送情况", "最新报送文件", "收到时间", "事项数", "通过",
                                      "是否逾期", "备注")] == [
        "随上级报送", "省公安厅-第二批（含交管局）.xlsx", "2017年3月8日 10:00", "—", "—", "按时",
        "未单独报送，本单位事项2项（通过1项）由浙江省公安厅在其报送文件中一并报送，"
        "计入浙江省公安厅一行的统计",
    ]
    assert (exits[col("报送情况")], exits[col("是否逾期")]) == ("随上级报送", "按时")
    assert table["浙江省水利厅"][col("报送情况")] == "未报送"
    assert "已报送3个（其中随上级部门报送2个），未报送3个" in ws["A2"].value
    page = written["html"].read_text(encoding="utf-8")
    assert "<td>随上级报送</td>" in page
    assert "已报送3个（其中随上级部门报送2个），未报送3个" in page
    assert rows["浙江省公安厅交通管理局"].remark in page
    assert page.count('<tr class="missing">') == 3
    from catalog_check.summaries import bulletin_markdown

    assert f"| 浙江省公安厅交通管理局 | 随上级报送 | — | — | — | 否 | {traffic[col('备注')]} |" in (
        bulletin_markdown(bulletin, written))


def test_a_body_is_late_with_its_departments_file_and_its_own_file_comes_first(
    tmp_path: Path,
) -> None:
    """省公安厅's file carrying 交通管理局's item came after the deadline: that body is late
    too. 出入境管理局 sent its own file as well: its row is its own file's."""
    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, reports, "p1", "省公安厅.xlsx", datetime(2017, 3, 12, 9, 0, tzinfo=CST),
                "浙江省公安厅", "accepted",
                (_of("浙江省公安厅", 5), _of("浙江省公安厅交通管理局", 6),
                 _of("浙江省公安厅出入境管理局", 7)))
        _submit(ledger, reports, "c1", "出入境管理局.xlsx",
                datetime(2017, 3, 9, 9, 0, tzinfo=CST), "浙江省公安厅出入境管理局", "accepted",
                (_of("浙江省公安厅出入境管理局", 5), _of("浙江省公安厅出入境管理局", 6)))
        every = ledger.reviewed()
    bulletin = build_bulletin(BODIES, every, load_items(every), DEADLINE, "第二批", AS_OF)
    rows = {r.department: r for r in bulletin.rows}
    traffic, exits = rows["浙江省公安厅交通管理局"], rows["浙江省公安厅出入境管理局"]
    assert (traffic.submitted_label, traffic.late_label) == ("随上级报送", "逾期")
    assert (exits.submitted_label, exits.file_name, exits.items, exits.late_label) == (
        "已报送", "出入境管理局.xlsx", 2, "按时")
    assert rows["浙江省公安厅"].remark == "含所属单位事项：浙江省公安厅交通管理局1项"
    assert bulletin.totals.items == 5


def _bodies_bulletin(tmp_path: Path, *files: tuple[Any, ...]) -> Bulletin:
    """The bulletin over these files (sha, name, received, department, status, items)."""
    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        for sha, name, when, department, status, items in files:
            _submit(ledger, reports, sha, name, when, department, status, items)
        every = ledger.reviewed()
    return build_bulletin(BODIES, every, load_items(every), DEADLINE, "第二批", AS_OF)


def test_a_body_that_sends_its_items_again_in_its_own_file_is_counted_once(
    tmp_path: Path,
) -> None:
    """省公安厅's list (on time) held two items of its 交通管理局; the bureau then sent its own
    list, late, with those two and a new one. The two were counted on both rows (the totals
    two too high) and the bureau turned 逾期, though its items first came on time: they now
    count on the bureau's row only (省公安厅's 备注 says so), and the bureau stays 按时."""
    bulletin = _bodies_bulletin(
        tmp_path,
        ("p1", "省公安厅.xlsx", datetime(2017, 3, 6, 10, 0, tzinfo=CST), "浙江省公安厅",
         "accepted", (_of("浙江省公安厅", 5), _of("浙江省公安厅交通管理局", 6),
                      _of("浙江省公安厅交通管理局", 7))),
        ("t1", "省公安厅交管局.xlsx", datetime(2017, 3, 12, 9, 0, tzinfo=CST),
         "浙江省公安厅交通管理局", "partial",
         (_of("浙江省公安厅交通管理局", 6), _of("浙江省公安厅交通管理局", 7),
          _of("浙江省公安厅交通管理局", 8, "rejected"))),
    )
    rows = {r.department: r for r in bulletin.rows}
    police, traffic = rows["浙江省公安厅"], rows["浙江省公安厅交通管理局"]
    assert (police.items, police.accepted, police.rejected, police.share_base) == (1, 1, 0, 1)
    assert police.remark == ("其中2项也见于浙江省公安厅交通管理局较晚报送的文件，计入浙江省公安厅"
                             "交通管理局一行，本行不重复统计")
    assert (traffic.submitted_label, traffic.items, traffic.accepted, traffic.late_label) == (
        "已报送", 3, 2, "按时")
    assert (bulletin.totals.items, bulletin.totals.accepted) == (4, 3)


def test_a_departments_later_file_restating_its_bodys_items_counts_them(tmp_path: Path) -> None:
    """The other way round: the bureau's own file first (an item rejected), then 省公安厅's
    list giving that item again, accepted. The later file counts it, as consolidate takes the
    later file's: on 省公安厅's row, not the bureau's (it counted the stale rejection)."""
    bulletin = _bodies_bulletin(
        tmp_path,
        ("t1", "省公安厅交管局.xlsx", datetime(2017, 3, 6, 9, 0, tzinfo=CST),
         "浙江省公安厅交通管理局", "partial",
         (_of("浙江省公安厅交通管理局", 6, "rejected"), _of("浙江省公安厅交通管理局", 7))),
        ("p1", "省公安厅.xlsx", datetime(2017, 3, 9, 10, 0, tzinfo=CST), "浙江省公安厅",
         "accepted", (_of("浙江省公安厅", 5), _of("浙江省公安厅交通管理局", 6))),
    )
    rows = {r.department: r for r in bulletin.rows}
    police, traffic = rows["浙江省公安厅"], rows["浙江省公安厅交通管理局"]
    assert (police.items, police.accepted, police.remark) == (2, 2, "")
    assert (traffic.items, traffic.accepted, traffic.rejected) == (1, 1, 0)
    assert traffic.remark == ("其中1项也见于浙江省公安厅较晚报送的文件，计入浙江省公安厅一行，"
                              "本行不重复统计")
    assert (bulletin.totals.items, bulletin.totals.rejected) == (3, 0)


def test_the_bulletin_says_what_each_figure_is_counted_over(bulletin, tmp_path: Path) -> None:
    """Under the subtitle, the workbook and the page say that 事项数/通过/退回 are the latest
    file's and 跑零次/即办件/网上办理 its accepted items, each share over those that answer
    (公安厅: 5 items, 4 accepted, 2 of them 跑零次 over the 3 that give their trips)."""
    written = write_bulletin(bulletin, tmp_path)
    note = (
        "说明：事项数、通过、退回为各部门最新报送文件中的事项数；跑零次、即办件、网上办理"
        "为其中审核通过的事项数（不含退回事项）；各占比的分母为通过事项中填写了跑动次数、"
        "是否即办件、是否网上办理（且能识别）的事项数，未填写的不计入分母，无可计的显示为"
        "“—”。"
    )
    ws = openpyxl.load_workbook(written["xlsx"])["进度通报"]
    assert ws["A3"].value == note
    assert [c.value for c in ws[4]] == list(COLUMNS)
    assert f'<p class="note">{note}</p>' in written["html"].read_text(encoding="utf-8")


def test_the_total_accepted_says_why_the_catalogue_counts_more(tmp_path: Path) -> None:
    """民政厅 passed 2 items, then sent a fix rejected as a whole: the bulletin's 合计「通过」
    sums the latest files (公安厅's 1), while consolidate counts the 2 items the catalogue
    keeps too (3); the total row's 备注 gives consolidate's figure and why."""
    from catalog_check.catalogue import consolidate
    from catalog_check.latest import submissions_to_merge

    reports = tmp_path / "reports"
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _submit(ledger, reports, "p1", "省公安厅.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST),
                "浙江省公安厅", "partial",
                (_item(5, "accepted", 0, True, True), _item(6, "rejected", 0, True, True)))
        _submit(ledger, reports, "m1", "省民政厅.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST),
                "浙江省民政厅", "accepted",
                (_item(5, "accepted", 0, True, True), _item(6, "accepted", 1, True, True)))
        _submit(ledger, reports, "m2", "省民政厅（修改）.xlsx",
                datetime(2017, 3, 12, 9, 0, tzinfo=CST), "浙江省民政厅", "rejected",
                (_item(5, "rejected", 0, True, True), _item(6, "rejected", 1, True, True)))
        every = ledger.reviewed()
        merged = consolidate(submissions_to_merge(ledger), resolve_department=lambda n: n)
    items = load_items(every)
    bulletin = build_bulletin(REGISTRY, every, items, DEADLINE, "第二批", AS_OF,
                              left_out_counts(every, items, REGISTRY),
                              held_counts(every, items, REGISTRY))
    assert merged.counts["items_in"] == 3
    written = write_bulletin(bulletin, tmp_path / "out")
    ws = openpyxl.load_workbook(written["xlsx"])["进度通报"]
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "合计")
    remark = ("合计「通过」为各部门最新报送之和；另有1个部门最新报送整体退回，"
              "汇总目录沿用其前次报送中已通过的2项（见各行备注），汇总目录据以汇总的通过事项共3项")
    assert (total[COLUMNS.index("通过")], total[COLUMNS.index("备注")]) == (1, remark)
    assert remark in written["html"].read_text(encoding="utf-8")
    assert bulletin.totals.catalogue_accepted == merged.counts["items_in"]


def test_a_bulletin_cut_short_leaves_the_days_earlier_one_whole(bulletin, tmp_path: Path) -> None:
    """Writing that stops half-way (a stop, a full disk: here the file-size limit of a real
    process) truncated the day's earlier 进度通报 in place; each file is now written beside
    it and moved into place whole, and nothing half-written is left."""
    import pickle
    import subprocess
    import sys

    folder = tmp_path / "bulletins"
    written = write_bulletin(bulletin, folder)
    before = {path.name: path.read_bytes() for path in written.values()}
    (tmp_path / "bulletin.pickle").write_bytes(pickle.dumps(bulletin))
    script = (
        "import pickle, resource, sys\n"
        "from pathlib import Path\n"
        "from catalog_check.bulletin_writer import write_bulletin\n"
        "bulletin = pickle.loads(Path(sys.argv[1]).read_bytes())\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "write_bulletin(bulletin, Path(sys.argv[2]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "bulletin.pickle"),
                             str(folder)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "File too large" in result.stderr, result.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
