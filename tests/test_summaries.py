"""Console lines and Prefect artifacts say in Chinese what a run did, with untrusted text inert."""

from __future__ import annotations

from pathlib import Path

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


def test_only_replaced_files_whose_items_the_latest_lacks_are_listed() -> None:
    """公安厅 fixed and resent its whole list: not listed. 交通厅 sent its list in two parts: the
    first part's items are not in the catalogue, and it is named with them. A file whose
    review cannot be read says so rather than 0 items."""
    import dataclasses

    from catalogue_cases import GONGAN, JIAOTONG, item, submission

    from catalog_check.catalogue import consolidate
    from catalog_check.summaries import consolidate_lines

    def resolve(name: str) -> str:
        return name

    police = [item("机动车登记", GONGAN, 5), item("户口迁移审批", GONGAN, 6)]
    part1 = [item("港口经营许可", JIAOTONG, 5), item("道路运输经营许可", JIAOTONG, 6)]
    part2 = [item("船舶登记", JIAOTONG, 5)]
    subs = [
        dataclasses.replace(submission(GONGAN, police, day=8), file="公安厅.xlsx"),
        dataclasses.replace(submission(JIAOTONG, part1, day=8), file="交通厅（一）.xlsx"),
        dataclasses.replace(submission(JIAOTONG, [], day=7), file="交通厅（旧）.xlsx",
                            readable=False),
        dataclasses.replace(submission(GONGAN, police, day=9), file="公安厅（修改）.xlsx"),
        dataclasses.replace(submission(JIAOTONG, part2, day=9), file="交通厅（二）.xlsx"),
    ]
    lines = consolidate_lines(consolidate(subs, resolve_department=resolve), Path("out"))
    listed = [line for line in lines if line.startswith("  ")]
    assert lines[2].startswith("以下 2 个文件已被同一部门较晚收到的报送取代")
    assert listed[0].startswith(f"  交通厅（一）.xlsx（{JIAOTONG}，2017年3月8日 09:00收到）：")
    assert listed[0].endswith(
        "其中 2 项在该文件中通过、但最新报送中没有或未通过：港口经营许可、道路运输经营许可"
    )
    assert listed[1].endswith("：审核结果无法读取，无法核对其事项")
    assert len(listed) == 2


def test_a_replaced_file_under_an_alias_is_set_beside_its_departments_latest() -> None:
    """The older file says 省公安厅, the latest 浙江省公安厅: the same department, every item
    kept, nothing listed."""
    import dataclasses

    from catalogue_cases import GONGAN, item, submission

    from catalog_check.catalogue import consolidate
    from catalog_check.summaries import consolidate_lines

    police = [item("机动车登记", GONGAN, 5)]
    older = dataclasses.replace(submission("省公安厅", police, day=8), file="旧.xlsx")
    newer = dataclasses.replace(submission(GONGAN, police, day=9), file="新.xlsx")
    c = consolidate([older, newer], resolve_department=lambda n: GONGAN if "公安" in n else None)
    assert len(c.superseded) == 1
    assert c.left_out(c.superseded[0]) == ()
    assert not any("取代" in line for line in consolidate_lines(c, Path("out")))


def test_a_later_file_rejected_as_a_whole_is_named_with_the_list_kept() -> None:
    """民政厅's fix was rejected as a whole: the console says the catalogue keeps its earlier
    file, with that file's accepted items counted."""
    import dataclasses

    from catalogue_cases import item, submission

    from catalog_check.catalogue import consolidate
    from catalog_check.summaries import consolidate_lines

    minzheng = "浙江省民政厅"
    passed = [item("社会团体成立登记", minzheng, 5), item("民办非企业单位成立登记", minzheng, 6)]
    subs = [
        dataclasses.replace(submission(minzheng, passed, day=8), file="民政厅.xlsx"),
        dataclasses.replace(submission(minzheng, [], day=15), file="民政厅（修改）.xlsx",
                            usable=False),
        dataclasses.replace(submission(minzheng, [], day=16), file="民政厅（再改）.xlsx",
                            usable=False),
    ]
    lines = consolidate_lines(consolidate(subs, resolve_department=lambda n: n), Path("out"))
    assert lines[0].endswith("通过事项 2 项，汇总目录 2 项；")
    assert lines[2:] == [
        "以下 1 个部门在已通过的报送之后报送的文件整体退回，未取代已通过的报送；"
        "待部门修改后重新报送：",
        "  浙江省民政厅：民政厅（修改）.xlsx（2017年3月15日 09:00收到）、"
        "民政厅（再改）.xlsx（2017年3月16日 09:00收到）整体退回，"
        "汇总目录沿用其2017年3月8日 09:00收到的民政厅.xlsx（通过2项）",
        "输出目录：out",
    ]


def test_a_department_whose_only_list_was_sent_back_whole_is_named() -> None:
    """民政厅's only file was rejected as a whole: the console counted it among the lists
    consolidated and said nothing else; it now says which departments have no list in the
    catalogue yet."""
    import dataclasses

    from catalogue_cases import GONGAN, item, submission

    from catalog_check.catalogue import consolidate
    from catalog_check.summaries import consolidate_lines

    minzheng = "浙江省民政厅"
    subs = [
        dataclasses.replace(submission(GONGAN, [item("机动车登记", GONGAN, 5)], day=8),
                            file="公安厅.xlsx"),
        dataclasses.replace(submission(minzheng, [], day=9), file="民政厅.xlsx", usable=False),
    ]
    lines = consolidate_lines(consolidate(subs, resolve_department=lambda n: n), Path("out"))
    assert lines[0].startswith("汇总 2 个部门的最新报送（其中 1 个部门的文件整体退回，未纳入），"
                               "通过事项 1 项，")
    assert "以下 1 个部门尚无事项纳入汇总目录（最新报送整体退回，待修改后重新报送）：" in lines
    assert f"  {minzheng}：民政厅.xlsx（2017年3月9日 09:00收到）" in lines
