"""One inbox file through intake, without Prefect: the order of the steps and what a failure
leaves behind (fault injection replaces one step; everything else is real)."""

from __future__ import annotations

import errno
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from catalog_check import receive as receive_module
from catalog_check.config import Config
from catalog_check.dates import BEIJING
from catalog_check.ledger import Ledger
from catalog_check.receive import REPLACED, receive_file
from catalog_check.registry import default_registry
from catalog_check.samples import make_samples
from catalog_check.summaries import intake_lines

NOW = datetime(2017, 3, 9, 12, 0, tzinfo=UTC)


@pytest.fixture(name="setup")
def fixture_setup(tmp_path: Path):
    """A working folder with the 省建设厅 sample (4 items to reject) in the inbox."""
    config = Config(root=tmp_path / "var", settle_seconds=0)
    path = config.inbox / "第二审核小组" / "省建设厅-第二批.xls"
    path.parent.mkdir(parents=True)
    make_samples.write_construction(path)
    stamp = datetime(2017, 3, 8, 10).timestamp()
    os.utime(path, (stamp, stamp))
    with Ledger.open(config.ledger) as ledger:
        yield config, path, ledger


def _receive(config, path, ledger):
    return receive_file(path, config=config, registry=default_registry(), ledger=ledger, now=NOW)


def test_report_failure_keeps_the_file_and_sends_nothing(setup, monkeypatch) -> None:
    """A failure while writing reports: the file stays in the inbox, no notice; next run works."""
    config, path, ledger = setup

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "var/reports/审核报告.xlsx")

    monkeypatch.setattr(receive_module, "write_reports", broken)
    result = _receive(config, path, ledger)
    assert result.outcome == "failed"
    assert result.error == (
        "处理失败：无法读写「var/reports/审核报告.xlsx」：磁盘空间不足，文件留在收件箱，下次收件时重试"
    )
    assert path.exists()
    assert ledger.notices() == []
    (sub,) = ledger.submissions()
    assert sub.status == "failed"
    monkeypatch.undo()
    again = _receive(config, path, ledger)
    assert (again.outcome, again.status) == ("reviewed", "partial")
    assert len(ledger.notices()) == 1
    assert not path.exists()


def test_crash_after_queueing_never_loses_or_doubles_the_notice(setup, monkeypatch) -> None:
    """Notice queued, then the run dies before recording the review: the next run reviews the
    file again and finds the notice already queued: exactly one notice."""
    config, path, ledger = setup

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(ledger, "record_review", crash)
    crashed = _receive(config, path, ledger)
    assert (crashed.outcome, crashed.error) == (
        "failed", "处理失败：内部错误（RuntimeError），文件留在收件箱，下次收件时重试"
    )
    assert path.exists()
    assert len(ledger.notices()) == 1
    monkeypatch.undo()
    ledger.reset_interrupted()
    again = _receive(config, path, ledger)
    assert again.outcome == "reviewed"
    assert len(ledger.notices()) == 1
    assert again.notice_id == ledger.notices()[0].id
    assert len(list(config.outbox.glob("*.eml"))) == 1


def test_missing_column_file_keeps_its_department(setup, tmp_path: Path) -> None:
    """A file rejected as a whole still names its department: the notice goes to it."""
    config, _, ledger = setup
    import openpyxl

    path = config.inbox / "浙江省公安厅-缺列.xlsx"
    make_samples.write_police(path)
    wb = openpyxl.load_workbook(path)
    wb.active.delete_cols(7)  # 设定依据
    wb.save(path)
    result = _receive(config, path, ledger)
    assert (result.status, result.department, result.items, result.rejected) == (
        "rejected", "浙江省公安厅", 5, 5)
    (notice,) = ledger.notices()
    assert notice.to_addrs == ("gat@example.gov.cn",)
    assert "浙江省公安厅" in notice.subject
    # the blank template goes with it: the columns to follow
    import io
    from email import policy
    from email.parser import BytesParser

    with open(notice.eml_path, "rb") as fh:
        message = BytesParser(policy=policy.default).parse(fh)
    attached = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
    assert set(attached) == {"浙江省公安厅-第二批-标注版.xlsx", "浙江省公安厅-第二批-退回清单.xlsx",
                             "事项目录统一模板.xlsx"}
    blank = openpyxl.load_workbook(io.BytesIO(attached["事项目录统一模板.xlsx"]))
    assert "设定依据" in [c.value for c in blank.worksheets[0][1]]


def _clean_construction(
    path: Path, names: tuple[str, ...] = ("房地产开发企业资质核定", "二级建造师执业资格注册")
) -> None:
    """省建设厅's list with nothing to reject: by default its fix (two of the sample's rejected
    items, mended, the others dropped)."""
    from workbooks import item_row, items_sheet, write_xlsx

    rows = items_sheet([])
    rows += [item_row(k, name, 实施部门="浙江省住房和城乡建设厅", 事项类型="公共服务",
                      申请材料="1.查询申请表\n2.居民身份证")
             for k, name in enumerate(names, start=1)]
    write_xlsx(path, rows)


def test_a_fix_that_passes_gets_an_answer(setup) -> None:
    """After a rejection the department waits for an answer to its fix: a fix that passes gets
    a short 【通过】 notice (it got nothing, and silence looked like not yet reviewed). A first
    file that passes gets none, as before."""
    from email import policy
    from email.parser import BytesParser

    config, path, ledger = setup
    _receive(config, path, ledger)  # 4 items rejected
    fix = config.inbox / "第二审核小组" / "省建设厅-第二批（修改）.xlsx"
    _clean_construction(fix, tuple(row[1] for row in make_samples.CONSTRUCTION))  # all five
    later = datetime(2017, 3, 9, 10).timestamp()
    os.utime(fix, (later, later))
    result = _receive(config, fix, ledger)
    assert (result.status, result.notice_id is not None) == ("accepted", True)
    assert "已排队通过通知" in "\n".join(intake_lines([result]))
    notice = ledger.notice(result.notice_id)
    assert notice.subject == (
        "【通过】浙江省住房和城乡建设厅“最多跑一次”事项（第二批）审核意见（第2次报送）：审核通过")
    assert notice.to_addrs == ("jst@example.gov.cn",)
    with open(notice.eml_path, "rb") as fh:
        message = BytesParser(policy=policy.default).parse(fh)
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "事项共5项，全部通过审核。此前退回的问题均已修改，无需再次报送。" in body
    assert "\n一、说明\n1. 本次审核结论为通过" in body
    assert "需修改" not in body
    assert list(message.iter_attachments()) == []

    other = config.inbox / "省公安厅-第二批.xlsx"  # a first file that passes: no notice
    make_samples.write_police(other)
    first = _receive(config, other, ledger)
    assert (first.status, first.notice_id) == ("accepted", None)


def test_the_answer_to_a_fix_is_in_the_thread_of_the_first_notice(setup) -> None:
    """The notice about a fix replies to the notice sent about the list it fixes (In-Reply-To,
    References): the department's mail client shows the rounds as one thread (the second
    letter looked like the first, and the two were easy to mix up)."""
    from email import policy
    from email.parser import BytesParser

    from catalog_check.outbox import read_eml

    config, path, ledger = setup
    first = _receive(config, path, ledger)
    notice = ledger.notice(first.notice_id)
    sent_id = str(read_eml(Path(notice.eml_path))["Message-ID"])
    ledger.mark_sent(notice.id, sent_id, NOW)
    fix = config.inbox / "第二审核小组" / "省建设厅-第二批（修改）.xlsx"
    _clean_construction(fix)
    later = datetime(2017, 3, 9, 10).timestamp()
    os.utime(fix, (later, later))
    answer = ledger.notice(_receive(config, fix, ledger).notice_id)
    with open(answer.eml_path, "rb") as fh:
        message = BytesParser(policy=policy.default).parse(fh)
    assert message["In-Reply-To"] == sent_id
    assert message["References"] == sent_id
    assert sent_id[0] + sent_id[-1] == "<>"


def test_another_part_that_passes_is_no_fix(setup) -> None:
    """省建设厅's 行政许可 rejected, then its 公共服务 in another file, passing: that file is no
    fix of the first, so no 【通过】 saying 此前退回的问题均已修改 (the first part's rejections
    stand); its notice is not withdrawn either. Its own notice says which item of the first
    part that had passed it leaves out (the catalogue rests on the latest file alone)."""
    from catalog_check.latest import fixed_by

    config, path, ledger = setup
    first = _receive(config, path, ledger)
    part = config.inbox / "第二审核小组" / "省建设厅-第二批-公共服务.xlsx"
    _clean_construction_other(part)
    later = datetime(2017, 3, 9, 10).timestamp()
    os.utime(part, (later, later))
    result = _receive(config, part, ledger)
    assert (result.status, result.dropped) == ("accepted", 1)
    notice = ledger.notice(result.notice_id)
    assert notice.subject == ("【通过】浙江省住房和城乡建设厅“最多跑一次”事项（第二批）"
                              "审核意见（第2次报送）：审核通过，但缺少此前已通过的1项")
    from catalog_check.outbox import read_eml

    body = read_eml(Path(notice.eml_path)).get_body(("plain",)).get_content()
    assert "此前退回" not in body
    assert "1. 建筑业企业资质认定（施工总承包序列二级）（原「省建设厅-第二批.xls」" in body
    assert fixed_by(ledger, ledger.notice(first.notice_id).submission_id) is None


def test_a_fix_then_another_part_still_withdraws_the_stale_notice(setup) -> None:
    """The list, its fix, then another part (one intake pass): the fix replaces the list, so
    the list's notice is withdrawn, though the latest file is the other part (it was sent,
    and the department got two letters about the same four items)."""
    from catalog_check.latest import fixed_by

    config, path, ledger = setup
    first = _receive(config, path, ledger)
    fix = config.inbox / "第二审核小组" / "省建设厅-第二批（修改）.xls"
    make_samples.write_construction(fix)
    with fix.open("ab") as fh:
        fh.write(b"\0" * 512)  # another hash, the same list
    part = config.inbox / "第二审核小组" / "省建设厅-第二批-公共服务.xlsx"
    _clean_construction_other(part)
    for k, p in enumerate((fix, part), start=1):
        stamp = datetime(2017, 3, 9, 10 + k).timestamp()
        os.utime(p, (stamp, stamp))
    second = _receive(config, fix, ledger)
    _receive(config, part, ledger)
    stale = ledger.notice(first.notice_id).submission_id
    newer = fixed_by(ledger, stale)
    assert newer is not None
    assert newer.id == ledger.notice(second.notice_id).submission_id


def _clean_construction_other(path: Path) -> None:
    """Another part of 省建设厅's list: none of the sample's items."""
    _clean_construction(path, ("建筑业企业资质证书遗失补办", "工程造价咨询企业信息变更"))


def test_a_gbk_file_name_is_read_as_chinese(setup) -> None:
    """A name that is GBK on disk (unzipped from a Windows zip) is taken in like any other:
    the ledger, the notice and the CSV's sheet read 省人力社保厅-第二批, no traceback."""
    config, _, ledger = setup
    name = "省人力社保厅-第二批.csv"
    group = config.inbox / "第二审核小组"  # a UTF-8 folder around a GBK name
    raw = Path(os.fsdecode(os.fsencode(group) + b"/" + name.encode("gbk")))
    make_samples.write_labour(group / "tmp.csv")
    (group / "tmp.csv").rename(raw)
    (path,) = (p for p in group.iterdir() if p.suffix == ".csv")
    assert path.name != name  # Python holds the GBK bytes as surrogates
    result = _receive(config, path, ledger)
    assert (result.outcome, result.name) == ("reviewed", name)
    (sub,) = ledger.submissions()
    assert sub.original_name == name
    (notice,) = ledger.notices()
    assert "浙江省人力资源和社会保障厅" in notice.subject
    assert not raw.exists()  # moved out of the inbox
    result_json = Path(sub.result_path).read_text(encoding="utf-8")
    assert '"sheet": "省人力社保厅-第二批"' in result_json
    doc = json.loads(result_json)
    entry = doc["files"][0] if "files" in doc else doc
    assert entry["file"] == name  # the name as sent, beside the archived copy's path
    assert "archive" in entry["path"]
    assert sub.inbox_path == f"{group}/{name}"  # the UTF-8 folder stays as it is
    assert sub.audit_group == "第二审核小组"


def test_the_notice_gives_the_configured_date_to_resubmit_by(setup) -> None:
    """[batch] resubmit_by (default 20 March) is the date the notice asks for; after that day
    it says 请尽快."""
    from email import policy
    from email.parser import BytesParser

    config, path, ledger = setup
    _receive(config, path, ledger)
    (notice,) = ledger.notices()
    with open(notice.eml_path, "rb") as fh:
        body = BytesParser(policy=policy.default).parse(fh).get_body(("plain",)).get_content()
    assert "请于2017年3月20日前将修改后的完整文件重新报送" in body
    later = datetime(2017, 3, 21, 9, 0, tzinfo=UTC)
    assert receive_module._resubmit_by(config, later) is None


def test_a_fix_after_the_deadline_is_not_called_late(setup) -> None:
    """建设厅 sent on 8 March; its fix comes on 14 March, as the notice asked: no 逾期报送
    warning goes back to it. A department whose first file is late keeps the warning."""
    import json

    config, path, ledger = setup
    _receive(config, path, ledger)
    late_stamp = datetime(2017, 3, 14, 10).timestamp()
    fix = config.inbox / "第二审核小组" / "省建设厅-第二批（修改）.xls"
    make_samples.write_construction(fix)
    with fix.open("ab") as fh:
        fh.write(b"\0")  # other bytes: a new submission, not a repeat
    os.utime(fix, (late_stamp, late_stamp))
    _receive(config, fix, ledger)
    police = config.inbox / "浙江省公安厅-第二批.xlsx"
    make_samples.write_police(police)
    os.utime(police, (late_stamp, late_stamp))
    late = _receive(config, police, ledger)
    # the intake line says so, not only the reports (10:00 in this machine's zone, said in
    # Beijing time)
    at = datetime.fromtimestamp(late_stamp, BEIJING).strftime("%H:%M")
    said = f"文件于2017年3月14日 {at}收到，晚于报送截止日期2017年3月10日"
    assert late.late == said
    assert intake_lines([late])[1].endswith(f"，逾期报送（{said}）")
    codes = {}
    for sub in ledger.submissions():
        result = json.loads(Path(sub.result_path).read_text(encoding="utf-8"))
        codes[sub.original_name] = {f["code"] for f in result["findings"]}
    assert "late-submission" not in codes["省建设厅-第二批（修改）.xls"]
    assert "late-submission" in codes["浙江省公安厅-第二批.xlsx"]


@pytest.mark.parametrize(
    ("utc", "late"),
    [(datetime(2017, 3, 10, 15, 59, tzinfo=UTC), False),
     (datetime(2017, 3, 10, 16, 1, tzinfo=UTC), True)],
    ids=["23:59-beijing", "00:01-beijing-next-day"],
)
def test_received_is_beijing_time_whatever_the_servers_zone(
    setup, utc: datetime, late: bool
) -> None:
    """The inbox file's time is read as Beijing time, the deadline's clock: 16:01 UTC on
    10 March is 00:01 on 11 March in Beijing, late (a server on UTC called it on time)."""
    import json

    config, path, ledger = setup
    os.utime(path, (utc.timestamp(), utc.timestamp()))
    _receive(config, path, ledger)
    (sub,) = ledger.submissions()
    assert sub.received_at.utcoffset() == timedelta(hours=8)
    assert sub.received_at == utc
    result = json.loads(Path(sub.result_path).read_text(encoding="utf-8"))
    assert any(f["code"] == "late-submission" for f in result["findings"]) is late
    assert result["received"].endswith("+08:00")


def test_attachments_of_a_file_whose_department_is_unknown_carry_its_name() -> None:
    """The audit group forwards them: named for the file as sent, not 未识别部门."""
    from catalog_check.receive import notice_names
    from catalog_check.verdict import FileReview

    known = FileReview("archive/ab.xlsx", "ab", "xlsx", "partial", "浙江省文化厅",
                       name="省文化厅-第二批.xlsx")
    unknown = FileReview("archive/ab.xlsx", "ab", "xlsx", "rejected", None,
                         name="省文化厅-第二批.xlsx")
    assert notice_names(known, "第二批") == ("浙江省文化厅-第二批-标注版.xlsx",
                                            "浙江省文化厅-第二批-退回清单.xlsx")
    assert notice_names(unknown, "第二批") == ("省文化厅-第二批-标注版.xlsx",
                                              "省文化厅-第二批-退回清单.xlsx")
    # a name as sent that no file system takes whole: no quote, slash, colon …, no leading
    # dot, and short enough for 255 bytes with the suffix
    for sent, stem in [('a"b\\..\\Startup\\c:d*e?f<g>h|i.xlsx', "a_b_.._Startup_c_d_e_f_g_h_i"),
                       (".xlsx", "xlsx"), ("." * 3 + "名单.xlsx", "名单")]:
        odd = FileReview("archive/ab.xlsx", "ab", "xlsx", "rejected", None, name=sent)
        assert notice_names(odd, "第二批")[0] == f"{stem}-标注版.xlsx", sent
    long = FileReview("archive/ab.xlsx", "ab", "xlsx", "rejected", None,
                      name="事项目录" * 40 + ".xlsx")
    assert all(len(n.encode()) <= 255 for n in notice_names(long, "第二批"))


def test_a_file_copied_over_during_its_review_stays_for_the_next_run(setup, monkeypatch) -> None:
    """The group copies the corrected list over the one being reviewed: the review done is of
    the first version (archived, recorded); the corrected one is not moved out unreviewed but
    stays in the inbox, and the next run reviews it as a submission of its own."""
    config, path, ledger = setup
    real = receive_module.review_file

    def copied_over_meanwhile(*args, **kwargs):
        review = real(*args, **kwargs)
        make_samples.write_police(path)  # the corrected file lands under the same name
        return review

    monkeypatch.setattr(receive_module, "review_file", copied_over_meanwhile)
    first = _receive(config, path, ledger)
    assert (first.outcome, first.status, first.note) == ("reviewed", "partial", REPLACED)
    assert path.exists()
    assert not list((config.root / "processed").rglob("*"))
    monkeypatch.undo()
    second = _receive(config, path, ledger)
    assert (second.outcome, second.status, second.department) == (
        "reviewed", "accepted", "浙江省公安厅")
    assert not path.exists()
    assert [s.status for s in ledger.submissions()] == ["partial", "accepted"]
    assert len(list(config.archive.rglob("*.*"))) == 2


def test_an_inbox_file_that_cannot_be_moved_out_is_reviewed_once(setup, monkeypatch) -> None:
    """An inbox the tool may read but not change (a share): the file was reviewed and its
    notice queued, yet intake said 处理失败, left a new hard link in processed/ on every run,
    and called the file a repeat of itself once it could move. Now: reviewed, said why it
    stays; the next runs name it as the file already reviewed, and move it when they can."""
    config, path, ledger = setup
    real_unlink = Path.unlink

    def read_only_inbox(self: Path, missing_ok: bool = False) -> None:
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only_inbox)
    first = _receive(config, path, ledger)
    assert (first.outcome, first.status, first.notice_id is not None) == (
        "reviewed", "partial", True)
    assert first.note == (f"已审核，但无法移出收件箱（无法读写「{path}」：没有读写权限）："
                          "请检查收件箱的写权限，移出前每次收件都会提示")
    assert first.left_in_inbox  # (not counted as 刚放入或仍在写入 by the command)
    again = _receive(config, path, ledger)
    assert (again.outcome, again.left_in_inbox) == ("kept", True)
    head, line = intake_lines([again])
    assert head == ("本次收件 1 个文件：审核 0 个，重复提交 0 个，处理失败 0 个，"
                    "此前已审核但仍在收件箱 1 个。")
    assert line.startswith(f"  {path.name}  [此前已审核]  浙江省住房和城乡建设厅")
    assert again.note.startswith("此文件已于2017年3月9日")
    assert "无法移出收件箱" in again.note
    assert not list((config.root / "processed").rglob("*.*"))  # no copy left behind
    monkeypatch.undo()
    last = _receive(config, path, ledger)
    assert last.note.endswith("审核，此前未能移出收件箱，现已移出")
    assert not path.exists()
    assert len(list((config.root / "processed").rglob("*.*"))) == 1
    assert ledger.repeats() == []
    assert [s.status for s in ledger.submissions()] == ["partial"]
    assert len(ledger.notices()) == 1


def test_a_crash_between_the_eml_and_its_ledger_row_gives_one_notice(
    setup, monkeypatch
) -> None:
    """The run dies after writing the notice's .eml and before its ledger row: the next run
    adopts that .eml instead of queueing a second one (the department got two mails)."""
    config, path, ledger = setup

    def power_cut(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(ledger, "queue_notice", power_cut)
    crashed = _receive(config, path, ledger)
    assert crashed.outcome == "failed"
    assert len(list(config.outbox.glob("*.eml"))) == 1
    assert ledger.notices() == []
    monkeypatch.undo()
    ledger.reset_interrupted()
    again = _receive(config, path, ledger)
    assert again.outcome == "reviewed"
    (notice,) = ledger.notices()
    assert again.notice_id == notice.id
    assert [p.name for p in config.outbox.glob("*.eml")] == [Path(notice.eml_path).name]


@pytest.mark.parametrize("sent", ["退回清单.xlsx", "审核报告.xlsx"])
def test_our_own_report_sent_back_is_nobodys_list(setup, sent: str) -> None:
    """A department that replies with the 退回清单 it was sent instead of its mended list (or
    a 审核报告.xlsx dropped into the inbox) sent no list. It was read as one: header-not-found
    and the blank template for the 退回清单, five "items" missing six columns from the
    审核报告's 事项结论 sheet, each the department's latest file (退回 on the bulletin) and its
    next round. It is now nobody's submission, and the audit group is asked to look at it."""
    import shutil

    config, path, ledger = setup
    first = _receive(config, path, ledger)
    back = config.inbox / "第二审核小组" / f"浙江省住房和城乡建设厅-第二批-{sent}"
    shutil.copyfile(Path(first.report_dir) / sent, back)
    later = datetime(2017, 3, 9, 10).timestamp()
    os.utime(back, (later, later))
    result = _receive(config, back, ledger)
    assert (result.status, result.department, result.items) == ("rejected", None, 0)
    kind = sent.removesuffix(".xlsx")
    data = json.loads((Path(result.report_dir) / "result.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["message"]) for f in data["findings"]] == [
        ("returned-report", f"此文件是审核组出具的《{kind}》，不是事项目录，"
                            "请在标注版（或原文件）中修改后，重新报送完整的事项目录")]
    assert not list(Path(result.report_dir).glob("*标注版*"))
    notice = ledger.notice(result.notice_id)
    assert notice.subject == (
        f"【核实】未识别部门（文件「{back.name}」）“最多跑一次”事项（第二批）："
        f"收到的是审核组出具的{kind}，不是事项目录，请核实")
    assert notice.to_addrs == ("shenhe2@example.gov.cn",)  # the group whose inbox got it
    from catalog_check.outbox import read_eml

    message = read_eml(Path(notice.eml_path))
    assert list(message.iter_attachments()) == []
    body = message.get_body(("plain",)).get_content()
    assert f"该文件是审核组出具的《{kind}》，不是事项目录，未作为事项目录审核" in body
    assert "重新报送完整文件" not in body
    # The department's list is still its first file, and its next file its second.
    assert [r.original_name for r in ledger.reviewed_with_department()] == ["省建设厅-第二批.xls"]
