"""The scheduled pipeline end to end: real Prefect flows, a real SMTP server, a real ledger."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from workbooks import item_row, items_sheet, write_xlsx

from catalog_check.config import load_config
from catalog_check.ledger import Ledger
from catalog_check.samples import make_samples

pytestmark = pytest.mark.usefixtures("prefect_harness")

MARCH_8 = datetime(2017, 3, 8, 10, 0).timestamp()


def _drop(folder: Path, name: str, writer, *, when: float = MARCH_8) -> Path:
    """Write a submission into the inbox with a received time before the deadline."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    writer(path)
    os.utime(path, (when, when))
    return path


def _construction_fix(path: Path) -> None:
    """省建设厅's list as a fix would come: another file (another hash), the same list."""
    make_samples.write_construction(path)
    with path.open("ab") as fh:
        fh.write(b"\0" * 512)


def _construction_fix_twice(path: Path) -> None:
    """Another fix of 省建设厅's list: another hash again."""
    make_samples.write_construction(path)
    with path.open("ab") as fh:
        fh.write(b"\0" * 1024)


def _unknown_department(path: Path) -> None:
    make_samples.write_police(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=5).value = "某某事务管理处"
    wb.save(path)


def _run(flow_name: str, config_file: Path):
    from catalog_check.flows import bulletin, consolidate, intake, notify

    flows = {"intake": intake.intake, "notify": notify.notify,
             "consolidate": consolidate.consolidate, "bulletin": bulletin.bulletin}
    return flows[flow_name](config_path=str(config_file))


#: Inboxes that several tests start from. Each is taken through the real intake flow once per
#: module (every intake that reviews a file starts a pool worker: seconds on a 2-core machine);
#: a test gets its own copy of the working folder the flow left, at the same path.
_INBOXES = {
    "construction": (("省建设厅-第二批.xls", make_samples.write_construction),),
    "police": (("浙江省公安厅-第二批.xlsx", make_samples.write_police),),
    "police-construction": (("浙江省公安厅-第二批.xlsx", make_samples.write_police),
                            ("省建设厅-第二批.xls", make_samples.write_construction)),
}


@pytest.fixture(name="intake_snapshots", scope="module")
def fixture_intake_snapshots(tmp_path_factory, prefect_harness):
    """inbox name → a folder holding work/ (the working folder, as the intake flow left it)
    and snapshot/ (a copy taken then); each inbox is reviewed on first use."""
    made: dict[str, Path] = {}

    def snapshot(inbox: str) -> Path:
        if inbox not in made:
            base = tmp_path_factory.mktemp(f"after-intake-{inbox}")
            (base / "work").mkdir()
            config_file = base / "work" / "catalog-check.toml"
            config_file.write_text(  # as the workdir fixture writes it (no mail is sent here)
                'root = "var"\nsettle_seconds = 0\n[batch]\ndeadline = 2017-03-10\n'
                '[mail]\nhost = "127.0.0.1"\nport = 1\nretries = 1\n', encoding="utf-8")
            inbox_folder = load_config(config_file).inbox
            for name, writer in _INBOXES[inbox]:
                _drop(inbox_folder, name, writer)
            _run("intake", config_file)
            shutil.copytree(base / "work", base / "snapshot", symlinks=True)
            made[inbox] = base
        return made[inbox]

    return snapshot


@pytest.fixture(name="after_intake")
def fixture_after_intake(intake_snapshots, workdir: Path):
    """after_intake("construction") → the configuration file of a working folder just as the
    intake flow left it after reviewing that inbox (_INBOXES), with this test's configuration
    (its mail server). The ledger names files by absolute path: the folder is restored where
    the flow ran, fresh for every test."""

    def restore(inbox: str) -> Path:
        base = intake_snapshots(inbox)
        shutil.rmtree(base / "work")
        shutil.copytree(base / "snapshot", base / "work", symlinks=True)
        config_file = base / "work" / "catalog-check.toml"
        config_file.write_text(workdir.read_text(encoding="utf-8"), encoding="utf-8")
        return config_file

    return restore


def test_intake_and_notify_end_to_end(workdir: Path, mail_server) -> None:
    """Clean, partly rejected, unreadable and unknown-department files: archive, reports,
    ledger, and the messages the SMTP server received."""
    config = load_config(workdir)
    inbox = config.inbox / "第二审核小组"
    _drop(inbox, "浙江省公安厅-第二批.xlsx", make_samples.write_police)
    _drop(inbox, "省建设厅-第二批.xls", make_samples.write_construction)
    _drop(inbox, "损坏的文件.xlsx", make_samples.write_corrupt)
    _drop(inbox, "某单位-事项目录.xlsx", _unknown_department)
    (inbox / "~$浙江省公安厅-第二批.xlsx").write_bytes(b"lock")

    results = {r.name: r for r in _run("intake", workdir)}

    assert set(results) == {"浙江省公安厅-第二批.xlsx", "省建设厅-第二批.xls", "损坏的文件.xlsx",
                            "某单位-事项目录.xlsx"}
    assert results["浙江省公安厅-第二批.xlsx"].status == "accepted"
    assert results["省建设厅-第二批.xls"].status == "partial"
    assert results["损坏的文件.xlsx"].status == "unreadable"
    assert results["某单位-事项目录.xlsx"].status == "rejected"
    # Archived by hash, reports written, files moved out of the inbox (the lock file stays).
    for r in results.values():
        archived = list(config.archive.rglob(f"{r.sha256}*"))
        assert len(archived) == 1
    assert [p.name for p in inbox.iterdir()] == ["~$浙江省公安厅-第二批.xlsx"]
    assert (config.root / "processed" / "第二审核小组" / "省建设厅-第二批.xls").exists()
    construction = Path(results["省建设厅-第二批.xls"].report_dir)
    assert construction.parent.name == "浙江省住房和城乡建设厅"
    names = {p.name for p in construction.iterdir()}
    assert {"审核报告.xlsx", "审核报告.html", "result.json"} <= names
    assert any(n.endswith("标注版.xlsx") for n in names)

    with Ledger.open(config.ledger) as ledger:
        subs = {s.original_name: s for s in ledger.submissions()}
        assert subs["省建设厅-第二批.xls"].status == "partial"
        assert subs["省建设厅-第二批.xls"].rejected == 4
        assert subs["损坏的文件.xlsx"].status == "unreadable"
        assert len(ledger.pending_notices()) == 3  # everything but the accepted file

    report = _run("notify", workdir)
    assert len(report.sent) == 3
    assert not report.queued

    messages = {m["Subject"]: m for m in mail_server.messages()}
    assert len(messages) == 3
    subject = "【退回】浙江省住房和城乡建设厅“最多跑一次”事项（第二批）审核意见：4项需修改"
    assert subject in messages
    msg = messages[subject]
    # To the department's mailbox, Cc its audit group in the registry (第三审核小组) and the
    # group whose inbox received the file (第二审核小组).
    assert [a.addr_spec for a in msg["To"].addresses] == ["jst@example.gov.cn"]
    assert [a.addr_spec for a in msg["Cc"].addresses] == [
        "shenhe3@example.gov.cn", "shenhe2@example.gov.cn"
    ]
    assert [a.addr_spec for a in msg["Reply-To"].addresses] == ["shenhe3@example.gov.cn"]
    body = msg.get_body(("plain",)).get_content()
    assert "二级建造师执业资格注册" in body
    assert "第10行" in body  # the .xls row Excel shows for 二级建造师执业资格注册
    # Every rejected item with the rows Excel shows, in order.
    listed = [int(n) for n in re.findall(r"\n\d+\. 「[^」]*」第(\d+)行", body)]
    assert listed == [8, 9, 10, 11], body
    attachments = {a.get_filename(): a for a in msg.iter_attachments()}
    assert set(attachments) == {"浙江省住房和城乡建设厅-第二批-标注版.xlsx",
                                "浙江省住房和城乡建设厅-第二批-退回清单.xlsx"}
    marked = openpyxl.load_workbook(io.BytesIO(
        attachments["浙江省住房和城乡建设厅-第二批-标注版.xlsx"].get_content()))
    assert marked.sheetnames[0] == "审核结果"
    # The unknown department's notice went to an audit group mailbox, not lost.
    unknown = next(m for s, m in messages.items() if "未识别" in s)
    assert unknown["To"].addresses[0].addr_spec == "shenhe2@example.gov.cn"  # its inbox folder
    with Ledger.open(config.ledger) as ledger:
        assert all(n.state == "sent" and n.message_id for n in ledger.notices())
    assert len(list((config.outbox / "sent").glob("*.eml"))) == 3


def test_a_notice_about_a_file_replaced_before_it_went_out_is_withdrawn(
    workdir: Path, mail_server
) -> None:
    """省建设厅's list and its fix came in before notify ran (one intake pass, or the mail
    server down): only the fix's notice goes out; the first is withdrawn, says why, and its
    .eml is kept under outbox/withdrawn. Both used to reach the department, the stale one
    asking to fix what the fix had fixed, attachments under the same names."""
    config = load_config(workdir)
    _drop(config.inbox, "省建设厅-第二批.xls", make_samples.write_construction)

    _drop(config.inbox, "省建设厅-第二批（修改）.xls", _construction_fix, when=MARCH_8 + 3600)
    _run("intake", workdir)
    report = _run("notify", workdir)
    assert [len(report.sent), len(report.withdrawn)] == [1, 1]
    assert report.ok
    (line,) = report.withdrawn
    from catalog_check.dates import moment_text

    fixed_at = moment_text(datetime.fromtimestamp(MARCH_8 + 3600).astimezone())
    assert line.error == (f"未发送：浙江省住房和城乡建设厅已于{fixed_at}报送新文件"
                          "「省建设厅-第二批（修改）.xls」，以新文件的审核结果为准")
    assert "已撤回 1 封（所涉文件已被新报送取代）" in report.summary()
    assert len(mail_server.messages()) == 1
    with Ledger.open(config.ledger) as ledger:
        states = {ledger.submission(n.submission_id).original_name: n.state
                  for n in ledger.notices()}
    assert states == {"省建设厅-第二批.xls": "withdrawn", "省建设厅-第二批（修改）.xls": "sent"}
    assert len(list((config.outbox / "withdrawn").glob("*.eml"))) == 1
    assert not list(config.outbox.glob("*.eml"))


def _construction_other_part(path: Path) -> None:
    """Another part of 省建设厅's list (its 公共服务 items in a file of their own): no item of
    the first part in it."""
    rows = items_sheet([])
    rows += [item_row(k, name, 实施部门="浙江省住房和城乡建设厅", 事项类型="公共服务",
                      申请材料="1.查询申请表\n2.居民身份证")
             for k, name in enumerate(("建筑施工企业安全生产许可证信息查询",
                                       "房屋建筑工程竣工验收备案信息查询"), start=1)]
    write_xlsx(path, rows)


def test_another_part_of_the_list_withdraws_no_notice(workdir: Path, mail_server) -> None:
    """A department that sends its list in two files (行政许可 first, then 公共服务): the second
    is no fix of the first, whose rejections still stand. Its notice was withdrawn as replaced,
    so nobody heard of the four rejected items. The second part's own notice says that it
    leaves out the first part's item that had passed (the latest file is the list)."""
    config = load_config(workdir)
    _drop(config.inbox, "省建设厅-第二批-行政许可.xls", make_samples.write_construction)
    _run("intake", workdir)
    # (in one intake pass the two files are reviewed at once: the second could not yet know
    # what the first passed)
    _drop(config.inbox, "省建设厅-第二批-公共服务.xlsx", _construction_other_part,
          when=MARCH_8 + 600)
    _run("intake", workdir)
    report = _run("notify", workdir)
    assert report.withdrawn == ()
    with Ledger.open(config.ledger) as ledger:
        states = {ledger.submission(n.submission_id).original_name: n.state
                  for n in ledger.notices()}
        parts = {r.original_name: r.status for r in ledger.submissions()}
    assert parts["省建设厅-第二批-公共服务.xlsx"] == "accepted"  # a file that could replace
    assert states == {"省建设厅-第二批-行政许可.xls": "sent",
                      "省建设厅-第二批-公共服务.xlsx": "sent"}
    ends = sorted(m["Subject"].rpartition("：")[2] for m in mail_server.messages())
    assert ends == ["4项需修改", "审核通过，但缺少此前已通过的1项"]


def test_a_fix_that_replaces_nothing_withdraws_no_notice(workdir: Path, mail_server) -> None:
    """A fix that cannot be read (or is rejected as a whole) leaves the first list the one the
    catalogue rests on: the first list's notice goes out too, or the department never hears of
    its four rejected items. A withdrawal cut short (the .eml moved, the ledger not yet told)
    is finished by the next pass, not reported as a missing file."""
    config = load_config(workdir)
    _drop(config.inbox, "省建设厅-第二批.xls", make_samples.write_construction)
    _drop(config.inbox, "省建设厅-第二批（修改）.xlsx", make_samples.write_corrupt,
          when=MARCH_8 + 3600)
    _run("intake", workdir)
    report = _run("notify", workdir)
    assert [len(report.sent), len(report.withdrawn)] == [2, 0]

    _drop(config.inbox, "省建设厅-第二批（再改）.xls", _construction_fix, when=MARCH_8 + 7200)
    _drop(config.inbox, "省建设厅-第二批（三改）.xls", _construction_fix_twice,
          when=MARCH_8 + 9000)
    _run("intake", workdir)
    with Ledger.open(config.ledger) as ledger:  # (the pool may finish either file first)
        (stale,) = [n for n in ledger.pending_notices()
                    if ledger.submission(n.submission_id).original_name.endswith("（再改）.xls")]
    eml = Path(stale.eml_path)
    (config.outbox / "withdrawn").mkdir(exist_ok=True)
    eml.rename(config.outbox / "withdrawn" / eml.name)  # as if stopped right after the move
    report = _run("notify", workdir)
    assert [len(report.sent), len(report.withdrawn), len(report.failed)] == [1, 1, 0]
    assert report.withdrawn[0].notice_id == stale.id


def test_same_content_under_two_names_is_reviewed_once(after_intake, mail_server) -> None:
    """A repeat (same hash, other name) is recorded and moved out, not reviewed again."""
    workdir = after_intake("construction")  # 省建设厅-第二批.xls reviewed
    config = load_config(workdir)
    keep = (config.root / "processed" / "省建设厅-第二批.xls").read_bytes()
    again = config.inbox / "省建设厅-第二批（再次发送）.xls"
    again.write_bytes(keep)
    os.utime(again, (MARCH_8, MARCH_8))
    results = _run("intake", workdir)
    assert [r.outcome for r in results] == ["repeat"]
    # the console line says whose it is and which file it repeats
    from catalog_check.summaries import intake_lines

    line = intake_lines(results)[1]
    assert "[重复提交（未再审核）]  浙江省住房和城乡建设厅，与" in line
    assert line.endswith("收到的「省建设厅-第二批.xls」内容相同")
    assert "2017年3月8日" in line  # as every other line writes a time
    # the old version sent again after a fix: said so, and whose version the catalogue takes
    _drop(config.inbox, "省建设厅-第二批（修改）.xls", _construction_fix, when=MARCH_8 + 86400)
    _run("intake", workdir)
    old = config.inbox / "省建设厅-第二批（以此为准）.xls"
    old.write_bytes(keep)
    os.utime(old, (MARCH_8 + 2 * 86400, MARCH_8 + 2 * 86400))
    line = intake_lines(_run("intake", workdir))[1]
    assert "收到的「省建设厅-第二批.xls」内容相同，而该部门已于2017年3月9日" in line
    assert line.endswith("报送较新的「省建设厅-第二批（修改）.xls」（汇总以较新的为准），"
                         "请与部门核实以哪一版为准")
    _run("notify", workdir)
    with Ledger.open(config.ledger) as ledger:
        assert len(ledger.submissions()) == 2
        assert len(ledger.repeats()) == 2
        assert len(ledger.notices()) == 2
    assert len(mail_server.messages()) == 1  # the first list's notice withdrawn: fixed since
    assert not list(config.inbox.iterdir())


def test_notice_survives_a_mail_server_outage(after_intake, mail_server) -> None:
    """Server down: the notice stays queued with its error; back up: exactly one message."""
    workdir = after_intake("construction")
    config = load_config(workdir)
    mail_server.stop()
    report = _run("notify", workdir)
    assert not report.sent
    assert len(report.queued) == 1
    with Ledger.open(config.ledger) as ledger:
        (notice,) = ledger.notices()
        assert notice.state == "queued"
        assert notice.attempts == 1  # retries = 1: one try per pass
        assert notice.last_error.startswith("无法连接邮件服务器")
    mail_server.start()
    report = _run("notify", workdir)
    assert len(report.sent) == 1
    _run("notify", workdir)
    assert len(mail_server.messages()) == 1


def test_file_copied_slowly_is_reviewed_once_and_whole(tmp_path: Path, workdir: Path) -> None:
    """A file arriving in chunks is left alone until it has settled, then reviewed whole."""
    config_text = workdir.read_text(encoding="utf-8").replace("settle_seconds = 0",
                                                              "settle_seconds = 1")
    workdir.write_text(config_text, encoding="utf-8")
    config = load_config(workdir)
    source = tmp_path / "source.xls"
    make_samples.write_construction(source)
    data = source.read_bytes()
    target = config.inbox / "省建设厅-第二批.xls"
    target.parent.mkdir(parents=True)

    def copy_slowly() -> None:
        with open(target, "wb") as fh:
            for start in range(0, len(data), 2048):
                fh.write(data[start:start + 2048])
                fh.flush()
                time.sleep(0.25)

    writer = threading.Thread(target=copy_slowly)
    writer.start()
    time.sleep(0.3)
    early = _run("intake", workdir)  # runs while the copy is under way
    writer.join()
    assert early == []
    time.sleep(1.2)
    results = _run("intake", workdir)
    assert [r.outcome for r in results] == ["reviewed"]
    with Ledger.open(config.ledger) as ledger:
        (sub,) = ledger.submissions()
    import hashlib

    assert sub.sha256 == hashlib.sha256(data).hexdigest()
    assert sub.items == 5


def test_two_intakes_at_once_review_each_file_once(workdir: Path) -> None:
    """Two intake runs started together never review the same file twice."""
    config = load_config(workdir)
    _drop(config.inbox, "浙江省公安厅-第二批.xlsx", make_samples.write_police)
    _drop(config.inbox, "省建设厅-第二批.xls", make_samples.write_construction)
    outcomes: list = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def intake() -> None:
        barrier.wait()
        try:
            outcomes.append(_run("intake", workdir))
        except BaseException as exc:  # a failed run must fail the test, not only warn
            errors.append(exc)

    threads = [threading.Thread(target=intake) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(outcomes) == 2
    # The second run either found the inbox locked (None) or found it already emptied.
    reviewed = [r for run in outcomes if run is not None for r in run if r.outcome == "reviewed"]
    assert sorted(r.name for r in reviewed) == ["浙江省公安厅-第二批.xlsx", "省建设厅-第二批.xls"]
    with Ledger.open(config.ledger) as ledger:
        assert len(ledger.submissions()) == 2


def test_consolidate_and_bulletin_after_intake(after_intake) -> None:
    """The summary group's outputs are written from the ledger's latest submissions."""
    workdir = after_intake("police-construction")
    config = load_config(workdir)
    result = _run("consolidate", workdir)
    from catalog_check.catalogue import consolidation_json

    doc = consolidation_json(result)
    assert doc["counts"]["submissions"] == 2
    assert doc["counts"]["catalogue"] == 6  # 5 police items + 1 accepted construction item
    # 来源 names the file as the department sent it; the archived copy has its own column.
    files = {src["file"] for row in doc["catalogue"] for src in row["sources"]}
    assert files == {"浙江省公安厅-第二批.xlsx", "省建设厅-第二批.xls"}
    sheet = openpyxl.load_workbook(config.catalogue / "汇总目录.xlsx")["全部事项"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    police = next(r for r in rows if r["实施部门"] == "浙江省公安厅")
    # what the summary group passes on, as the department wrote it
    assert (police["事项名称"], police["行使层级"], police["设定依据"]) == (
        "保安服务公司设立许可", "省级", "《保安服务管理条例》第八条")
    assert (police["法定办结时限"], police["承诺办结时限"]) == ("20个工作日", "10个工作日")
    assert police["办理形式"] == "窗口办理、网上办理"
    assert doc["catalogue"][0]["fields"]["设定依据"] == "《保安服务管理条例》第八条"
    assert police["来源"].startswith("浙江省公安厅-第二批.xlsx / ")
    assert police["存档文件"].startswith("archive/")
    assert "archive/" not in "".join(r["来源"] for r in rows)
    # Departments in the registry's order (公安厅 before 住房和城乡建设厅), not by character.
    order = list(dict.fromkeys(r["实施部门"] for r in rows))
    assert order == ["浙江省公安厅", "浙江省住房和城乡建设厅"]
    stats = openpyxl.load_workbook(config.catalogue / "汇总目录.xlsx")["统计"]
    assert [r[0] for r in stats.iter_rows(min_row=2, max_row=4, values_only=True)] == [
        *order, "合计"
    ]
    paths = _run("bulletin", workdir)
    from catalog_check.bulletin_writer import COLUMNS

    table = openpyxl.load_workbook(paths["xlsx"])["进度通报"]
    figures = {
        r[1]: (r[COLUMNS.index("审核结论")], r[COLUMNS.index("事项数")], r[COLUMNS.index("通过")])
        for r in table.iter_rows(min_row=5, values_only=True) if r[1] in order
    }
    assert figures == {"浙江省公安厅": ("通过", 5, 5), "浙江省住房和城乡建设厅": ("部分退回", 5, 1)}
    assert "浙江省住房和城乡建设厅" in paths["html"].read_text(encoding="utf-8")
    shutil.rmtree(config.root / "processed", ignore_errors=True)


def test_resubmission_replaces_the_departments_items(workdir: Path) -> None:
    """A department's later file (by received time) replaces its earlier one in the catalogue."""
    config = load_config(workdir)

    def first_version(path: Path) -> None:
        make_samples.write_police(path)
        wb = openpyxl.load_workbook(path)
        wb.active["B6"] = "枪支（弹药）持枪证件核发"  # replaced in the resubmission
        wb.save(path)

    _drop(config.inbox, "浙江省公安厅-第二批.xlsx", first_version)
    _run("intake", workdir)
    later = datetime(2017, 3, 9, 16, 0).timestamp()
    _drop(config.inbox, "浙江省公安厅-第二批（修改稿）.xlsx", make_samples.write_police,
          when=later)
    _run("intake", workdir)
    from catalog_check.catalogue import consolidation_json

    doc = consolidation_json(_run("consolidate", workdir))
    names = sorted(row["name"] for row in doc["catalogue"])
    assert names == sorted(row[1] for row in make_samples.POLICE)
    assert "枪支（弹药）持枪证件核发" not in names
    assert doc["counts"]["submissions"] == 1
    paths = [src["path"] for row in doc["catalogue"] for src in row["sources"]]
    assert paths
    assert all(p.startswith("archive/") for p in paths)  # relative to the working folder
    # The replaced file is named with the item the fix dropped, so that a list sent in
    # parts, or an item lost in the fix, is noticed.
    assert doc["counts"]["superseded"] == 1
    (old,) = doc["superseded"]
    assert (old["file"], old["department"], old["accepted_items"], old["not_in_latest"]) == (
        "浙江省公安厅-第二批.xlsx", "浙江省公安厅", 5,
        [{"name": "枪支（弹药）持枪证件核发", "subitem": None}],
    )
    from catalog_check.summaries import consolidate_lines

    lines = consolidate_lines(_run("consolidate", workdir), config.catalogue)
    assert lines[2].startswith("以下 1 个文件已被同一部门较晚收到的报送取代")
    assert lines[3].startswith("  浙江省公安厅-第二批.xlsx（浙江省公安厅，")
    assert lines[3].endswith(
        "收到）：其中 1 项在该文件中通过、但最新报送中没有或未通过：枪支（弹药）持枪证件核发"
    )


def test_intake_command_says_when_another_run_holds_the_inbox(workdir: Path, capsys) -> None:
    """A held inbox lock is not an empty inbox: the command says so and exits 1; the file
    waits for the run that holds the lock."""
    from catalog_check.cli import main
    from catalog_check.inbox import IntakeLock

    config = load_config(workdir)
    dropped = _drop(config.inbox, "浙江省公安厅-第二批.xlsx", make_samples.write_police)
    lock = IntakeLock(config.root)
    lock.acquire()
    try:
        assert main(["intake", "--config", str(workdir)]) == 1
    finally:
        lock.release()
    captured = capsys.readouterr()
    assert "另一个收件流程正在运行，本次未处理收件箱" in captured.err
    assert "收件箱中没有新文件" not in captured.out
    assert dropped.exists()


def test_intake_names_a_list_whose_name_hides_it(workdir: Path, capsys) -> None:
    """A real workbook named ~$… or .… is left in the inbox like an Office lock file, but
    named on the console on every run (it waited unseen for ever); a lock file is not."""
    from catalog_check.cli import main

    config = load_config(workdir)
    _drop(config.inbox, "~$浙江省公安厅-第二批.xlsx", make_samples.write_police)
    _drop(config.inbox, ".省建设厅-第二批.xls", make_samples.write_construction)
    (config.inbox / "~$名单.xlsx").write_bytes(b"\x06wangfang" + b" " * 155)  # Excel's lock
    (config.inbox / ".名单.csv").write_text("事项名称\n户口迁移审批\n", encoding="utf-8")
    assert main(["intake", "--config", str(workdir)]) == 0
    out = capsys.readouterr().out
    assert "收件箱中没有新文件。" in out
    assert ("收件箱中有 3 个文件因文件名以“.”或“~$”开头未处理（此类名称通常为隐藏文件或 Office "
            "临时文件），如为报送文件请去掉开头的符号后重新放入：.名单.csv、.省建设厅-第二批.xls、"
            "~$浙江省公安厅-第二批.xlsx") in out


def test_intake_names_links_it_does_not_follow(workdir: Path, tmp_path: Path, capsys) -> None:
    """A link to a shared folder or to a file is never read (it may point anywhere); intake
    said nothing about it (收件箱中没有新文件 on every run), and now names it."""
    from catalog_check.cli import main

    config = load_config(workdir)
    share = tmp_path / "共享盘"
    share.mkdir()
    elsewhere = share / "浙江省公安厅-第二批.xlsx"
    make_samples.write_police(elsewhere)
    config.inbox.mkdir(parents=True, exist_ok=True)
    (config.inbox / "公安组").symlink_to(share, target_is_directory=True)
    (config.inbox / "省公安厅.xlsx").symlink_to(elsewhere)
    assert main(["intake", "--config", str(workdir)]) == 0
    out = capsys.readouterr().out
    assert ("收件箱中有 2 个快捷方式（符号链接）未处理（出于安全不读取链接指向的文件），"
            "请把文件本身复制进收件箱：公安组、省公安厅.xlsx") in out
    assert elsewhere.exists()


def test_consolidate_refuses_when_a_latest_review_cannot_be_read(after_intake, capsys) -> None:
    """A department's result.json gone: no catalogue silently without its items; the command
    names the department and exits 1."""
    from catalog_check.cli import main

    workdir = after_intake("police-construction")
    config = load_config(workdir)
    with Ledger.open(config.ledger) as ledger:
        police = next(s for s in ledger.submissions() if s.department == "浙江省公安厅")
    Path(police.result_path).unlink()
    with pytest.raises(SystemExit) as stop:
        main(["consolidate", "--config", str(workdir)])
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "审核结果（result.json）无法读取，汇总目录未生成：浙江省公安厅（" in err
    assert not (config.catalogue / "汇总目录.xlsx").exists()


def test_a_missing_earlier_catalogue_is_a_configuration_error(workdir: Path, capsys) -> None:
    """[batch] earlier names a file that is not there: exit 2 from the command, and the flow
    itself (as a schedule runs it) stops with the same Chinese message."""
    from catalog_check.cli import main
    from catalog_check.config import ConfigError

    text = workdir.read_text(encoding="utf-8")
    workdir.write_text(text.replace("[batch]\n", '[batch]\nearlier = ["第一批.xlsx"]\n'),
                       encoding="utf-8")
    assert main(["consolidate", "--config", str(workdir)]) == 2
    missing = workdir.parent / "第一批.xlsx"
    assert capsys.readouterr().err == (
        f"错误：配置 [batch] earlier 中的前批目录文件不存在：{missing}\n"
    )
    with pytest.raises(ConfigError, match="前批目录文件不存在"):
        _run("consolidate", workdir)


def test_a_failure_in_an_intake_worker_reaches_the_log_file(workdir: Path) -> None:
    """The review runs in a worker process: its traceback still lands in logs/, while the
    outcome says in Chinese what happened."""
    config = load_config(workdir)
    _drop(config.inbox, "浙江省公安厅-第二批.xlsx", make_samples.write_police)
    config.root.mkdir(parents=True, exist_ok=True)
    (config.root / "reports").write_text("not a folder", encoding="utf-8")
    (result,) = _run("intake", workdir)
    assert result.outcome == "failed"
    assert result.error.startswith("处理失败：无法读写「")
    log = (config.root / "logs" / "catalog-check.log").read_text(encoding="utf-8")
    assert "intake of" in log
    assert "Traceback (most recent call last)" in log


def test_intake_command_names_files_left_to_settle(workdir: Path, capsys) -> None:
    """A file still being copied (newer than settle_seconds) is left for the next run, and the
    command says so instead of 收件箱中没有新文件."""
    from catalog_check.cli import main

    text = workdir.read_text(encoding="utf-8")
    workdir.write_text(text.replace("settle_seconds = 0", "settle_seconds = 600"),
                       encoding="utf-8")
    config = load_config(workdir)
    dropped = _drop(config.inbox, "浙江省公安厅-第二批.xlsx", make_samples.write_police,
                    when=time.time())
    assert main(["intake", "--config", str(workdir)]) == 0
    out = capsys.readouterr().out
    assert out == "收件箱中还有 1 个文件刚放入或仍在写入，下次运行时处理。\n"
    assert dropped.exists()


def test_intake_on_a_fresh_working_folder_makes_its_inbox(workdir: Path, capsys) -> None:
    """A first run with nothing dropped yet: the inbox is there afterwards, for people to see
    where files go."""
    from catalog_check.cli import main

    config = load_config(workdir)
    assert not config.inbox.exists()
    assert main(["intake", "--config", str(workdir)]) == 0
    assert config.inbox.is_dir()
    assert capsys.readouterr().out == f"收件箱中没有新文件。收件箱位置：{config.inbox}\n"


def test_consolidate_checks_its_json_target_before_writing(workdir: Path, capsys) -> None:
    """consolidate --json into a folder that does not exist: exit 2 before any catalogue is
    written (it used to write everything and fail at the end)."""
    from catalog_check.cli import main

    config = load_config(workdir)
    assert main(["consolidate", "--config", str(workdir), "--json",
                 str(workdir.parent / "无此目录" / "r.json")]) == 2
    assert "所在的目录不存在" in capsys.readouterr().err
    assert not (config.catalogue / "汇总目录.xlsx").exists()


def test_notify_command_gives_the_reason_on_stderr(after_intake, capsys) -> None:
    """A notice the mail server cannot take stays queued; the command exits 1 and says why
    on stderr (cli.md: the reason on stderr in Chinese), not only in its stdout report."""
    from catalog_check.cli import main
    from catalog_check.mailserver import free_port

    workdir = after_intake("construction")
    config = load_config(workdir)
    text = workdir.read_text(encoding="utf-8")
    workdir.write_text(text.replace(f"port = {config.mail.port}", f"port = {free_port()}"),
                       encoding="utf-8")
    assert main(["notify", "--config", str(workdir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "错误：1 封退回通知未能发送，已留在发件箱，下次运行时重发：无法连接邮件服务器"
    )


def test_notify_command_says_when_another_pass_holds_the_outbox(after_intake, capsys) -> None:
    """Two passes at once (the schedule and a person) sent a notice twice: a pass that finds
    the outbox held sends nothing, says so and exits 1; the notice waits, queued, for the pass
    that holds it."""
    from catalog_check.cli import main
    from catalog_check.flows.notify import NOTIFY_LOCK
    from catalog_check.runlock import RunLock

    workdir = after_intake("construction")
    config = load_config(workdir)
    lock = RunLock(config.root / NOTIFY_LOCK, "另一个发送流程正在运行")
    lock.acquire()
    try:
        assert main(["notify", "--config", str(workdir)]) == 1
    finally:
        lock.release()
    assert "另一个发送流程正在运行，本次未发送" in capsys.readouterr().err
    with Ledger.open(config.ledger) as ledger:
        assert len(ledger.pending_notices()) == 1


def test_a_fix_rejected_as_a_whole_does_not_empty_the_departments_list(after_intake) -> None:
    """The police list passes; its fix lacks the 办理流程 column (missing-column, rejected as
    a whole): the catalogue keeps the first list and names the fix as set aside; the
    bulletin's row shows the fix and says the earlier items are kept."""
    workdir = after_intake("police")
    config = load_config(workdir)

    def without_process(path: Path) -> None:
        make_samples.write_police(path)
        wb = openpyxl.load_workbook(path)
        ws = wb.active
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "办理流程":
                    ws.delete_cols(cell.column)
                    wb.save(path)
                    return
        raise AssertionError("no 办理流程 header")

    later = datetime(2017, 3, 9, 16, 0).timestamp()
    _drop(config.inbox, "浙江省公安厅-第二批（修改稿）.xlsx", without_process, when=later)
    results = _run("intake", workdir)
    assert [(r.name, r.status) for r in results] == [
        ("浙江省公安厅-第二批（修改稿）.xlsx", "rejected")
    ]
    from catalog_check.catalogue import consolidation_json

    doc = consolidation_json(_run("consolidate", workdir))
    names = sorted(row["name"] for row in doc["catalogue"])
    assert names == sorted(row[1] for row in make_samples.POLICE)
    assert {src["file"] for row in doc["catalogue"] for src in row["sources"]} == {
        "浙江省公安厅-第二批.xlsx"
    }
    assert [(s["file"], s["department"]) for s in doc["set_aside"]] == [
        ("浙江省公安厅-第二批（修改稿）.xlsx", "浙江省公安厅")
    ]
    assert doc["superseded"] == []
    from catalog_check.bulletin_writer import COLUMNS

    paths = _run("bulletin", workdir)
    ws = openpyxl.load_workbook(paths["xlsx"])["进度通报"]
    police = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "浙江省公安厅")
    assert police[COLUMNS.index("审核结论")] == "退回"
    assert police[COLUMNS.index("备注")] == (
        f"最新报送整体退回，汇总目录暂沿用前次报送中已通过的{len(make_samples.POLICE)}项，"
        "待部门修改后重新报送"
    )


def test_consolidate_json_to_stdout_is_the_document_alone(after_intake, capsys) -> None:
    """cli.md: with --json - stdout is the JSON result alone; the summary goes to stderr."""
    from catalog_check.cli import main

    workdir = after_intake("police")
    capsys.readouterr()
    assert main(["consolidate", "--config", str(workdir), "--json", "-"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["counts"]["catalogue"] == len(make_samples.POLICE)
    assert captured.err.startswith("汇总 1 个部门的最新报送，通过事项 5 项，汇总目录 5 项；")


def test_bulletin_command_prints_where_it_wrote(workdir: Path, capsys) -> None:
    """`catalog-check bulletin` exits 0 and names the workbook and page it wrote."""
    from catalog_check.cli import main

    config = load_config(workdir)
    assert main(["bulletin", "--config", str(workdir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "进度通报已生成："
    written = [Path(line.strip()) for line in lines[1:]]
    assert sorted(p.suffix for p in written) == [".html", ".xlsx"]
    assert all(p.is_file() and p.parent == config.bulletins for p in written)


def test_notify_exits_one_for_a_notice_that_cannot_be_sent_as_stored(
    after_intake, capsys
) -> None:
    """A queued notice whose .eml is gone cannot be sent: it is marked failed, the command
    says so on stderr and exits 1 (cli.md: 1 when a notice could not be sent)."""
    from catalog_check.cli import main

    workdir = after_intake("construction")
    config = load_config(workdir)
    (eml,) = list(config.outbox.rglob("*.eml"))
    eml.unlink()
    capsys.readouterr()
    assert main(["notify", "--config", str(workdir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：1 封退回通知无法按原样发送，请审核小组检查：找不到邮件文件")


def test_an_unreadable_file_reaches_the_department_its_name_names(
    workdir: Path, mail_server
) -> None:
    """A transfer cut short: the file cannot be read, but its name says 省民政厅, so the
    notice goes to 民政厅 (Cc its audit group), and the bulletin shows 民政厅's file as
    unreadable instead of listing it apart."""
    config = load_config(workdir)
    _drop(config.inbox / "第四审核小组", "省民政厅-第二批（传输中断）.xlsx",
          make_samples.write_corrupt)
    (result,) = _run("intake", workdir)
    assert (result.status, result.department) == ("unreadable", "浙江省民政厅")
    report = _run("notify", workdir)
    assert len(report.sent) == 1
    (msg,) = mail_server.messages()
    assert [a.addr_spec for a in msg["To"].addresses] == ["mzt@example.gov.cn"]
    assert [a.addr_spec for a in msg["Cc"].addresses] == ["shenhe4@example.gov.cn"]
    assert msg["Subject"].startswith("【退回】浙江省民政厅")
    from catalog_check.bulletin_writer import COLUMNS

    paths = _run("bulletin", workdir)
    table = openpyxl.load_workbook(paths["xlsx"])["进度通报"]
    row = next(r for r in table.iter_rows(min_row=5, values_only=True) if r[1] == "浙江省民政厅")
    assert row[COLUMNS.index("审核结论")] == "无法读取"


_ABORT_ON_NAME = '''
import builtins, os, sys
_import = builtins.__import__
def _hooked(name, *args, **kwargs):
    module = _import(name, *args, **kwargs)
    review = sys.modules.get("catalog_check.review")
    if review is not None and hasattr(review, "review_file") and not getattr(
            review, "_aborts", False):
        review._aborts = True
        real = review.review_file
        def review_file(path, *a, **kw):
            if "读取崩溃" in str(kw.get("name", "")):
                os.abort()  # what python-calamine does on some damaged files
            return real(path, *a, **kw)
        review.review_file = review_file
    return module
builtins.__import__ = _hooked
'''


def test_a_file_that_kills_its_review_process_fails_alone(
    workdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose review aborts the worker process (a reader crash) broke the pool and
    failed every file of every run. Now the other files are reviewed; that one fails with a
    Chinese reason and stays in the inbox, and the next run reviews it alone."""
    from catalog_check.alone import CRASHED

    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_ABORT_ON_NAME, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]))
    config = load_config(workdir)
    _drop(config.inbox, "0-省文化厅-第二批（读取崩溃）.xls", make_samples.write_construction)
    _drop(config.inbox, "浙江省公安厅-第二批.xlsx", make_samples.write_police)
    _drop(config.inbox, "省卫生计生委-第二批.xlsx", make_samples.write_health)
    results = {r.name: r for r in _run("intake", workdir)}
    assert {n: (r.outcome, r.status) for n, r in results.items()} == {
        "0-省文化厅-第二批（读取崩溃）.xls": ("failed", None),
        "浙江省公安厅-第二批.xlsx": ("reviewed", "accepted"),
        "省卫生计生委-第二批.xlsx": ("reviewed", "partial"),
    }
    assert results["0-省文化厅-第二批（读取崩溃）.xls"].error == CRASHED
    assert [p.name for p in config.inbox.iterdir()] == ["0-省文化厅-第二批（读取崩溃）.xls"]
    (again,) = _run("intake", workdir)
    assert (again.name, again.outcome, again.error) == (
        "0-省文化厅-第二批（读取崩溃）.xls", "failed", CRASHED)
    with Ledger.open(config.ledger) as ledger:
        states = sorted((s.original_name, s.status) for s in ledger.submissions())
    assert states == [("0-省文化厅-第二批（读取崩溃）.xls", "failed"),
                      ("浙江省公安厅-第二批.xlsx", "accepted"),
                      ("省卫生计生委-第二批.xlsx", "partial")]


def test_notify_says_so_when_the_departments_mailbox_is_refused(
    after_intake, tmp_path: Path, capsys
) -> None:
    """The server refuses the department's address and takes the audit group's: the notice
    is not sent again (the group would get it twice), but notify exits 1 and says why on
    stderr, so that a scheduled run shows it."""
    from catalog_check.cli import main
    from catalog_check.mailserver import LocalMailServer

    workdir = after_intake("construction")
    config = load_config(workdir)
    with LocalMailServer(tmp_path / "refusing", refuse={"jst@example.gov.cn"}) as server:
        text = workdir.read_text(encoding="utf-8")
        workdir.write_text(text.replace(f"port = {config.mail.port}", f"port = {server.port}"),
                           encoding="utf-8")
        capsys.readouterr()
        assert main(["notify", "--config", str(workdir)]) == 1
        assert server.envelope_recipients() == [["shenhe3@example.gov.cn"]]
    err = capsys.readouterr().err
    assert err.startswith("错误：1 封退回通知有收件人被拒收（已送达其余收件人，未重发以免重复），"
                          "请审核小组核实收件地址后转发：部分收件人被拒收：jst@example.gov.cn")


def test_served_schedules_run_on_beijing_time() -> None:
    """serve registers the four flows on the configured crons in Beijing time: Prefect reads a
    cron in UTC unless told, which ran the 09:00 bulletin at 17:00 in Zhejiang."""
    from catalog_check.config import Config
    from catalog_check.flows.serve import deployments

    found = {d.name: [(s.schedule.cron, s.schedule.timezone) for s in d.schedules]
             for d in deployments(Config())}
    assert found == {
        "intake": [("*/10 * * * *", "Asia/Shanghai")],
        "notify": [("*/5 * * * *", "Asia/Shanghai")],
        "consolidate": [("0 18 * * *", "Asia/Shanghai")],
        "bulletin": [("0 9 1,11,21 3 *", "Asia/Shanghai")],
    }


def test_serve_says_its_schedules_in_chinese() -> None:
    """serve prints the flows and their crons in Chinese instead of Prefect's English banner."""
    from catalog_check.config import Config, Schedule
    from catalog_check.flows.serve import schedule_lines

    assert schedule_lines(Config(schedule=Schedule(intake="*/15 * * * *"))) == [
        "各流程的运行计划（北京时间，cron 格式：分 时 日 月 星期）：",
        "  收件审核（intake）  */15 * * * *",
        "  发送退回通知（notify）  */5 * * * *",
        "  汇总目录（consolidate）  0 18 * * *",
        "  进度通报（bulletin）  0 9 1,11,21 3 *",
    ]


def _construction_rejected_only(path: Path) -> None:
    """省建设厅's fix as departments often send it: only the four items that were sent back,
    mended, in a file of their own (the item that had passed left out)."""
    rows = items_sheet([])
    rows += [item_row(k, row[1], 实施部门="浙江省住房和城乡建设厅",
                      申请材料="1.资质申请表\n2.营业执照")
             for k, row in enumerate(make_samples.CONSTRUCTION[1:], start=1)]
    write_xlsx(path, rows)


def test_a_fix_that_leaves_out_passed_items_tells_the_department(
    workdir: Path, mail_server
) -> None:
    """A fix holding only the items that were sent back replaces the whole list (rules.md), so
    the item that had passed leaves the catalogue. The department was told 审核通过 … 无需再次
    报送 and never learned it; the notice now names the item, the list it came from, and what
    to do, and says so in its subject."""
    config = load_config(workdir)
    _drop(config.inbox, "省建设厅-第二批.xls", make_samples.write_construction)
    _run("intake", workdir)
    _run("notify", workdir)
    _drop(config.inbox, "省建设厅-第二批（修改事项）.xlsx", _construction_rejected_only,
          when=MARCH_8 + 86400)
    (result,) = _run("intake", workdir)
    assert (result.status, result.items, result.dropped) == ("accepted", 4, 1)
    _run("notify", workdir)
    (fix,) = [m for m in mail_server.messages() if m["Subject"].startswith("【通过】")]
    assert fix["Subject"] == ("【通过】浙江省住房和城乡建设厅“最多跑一次”事项（第二批）"
                              "审核意见（第2次报送）：审核通过，但缺少此前已通过的1项")
    body = fix.get_body(("plain",)).get_content()
    passed = make_samples.CONSTRUCTION[0][1]
    assert "一、此前已通过但本文件中没有的事项（1项）" in body
    assert f"1. {passed}（原「省建设厅-第二批.xls」「第二批事项」第7行）" in body
    assert "不列入汇总目录" in body
    assert "无需再次报送" not in body
    assert passed in fix.get_body(("html",)).get_content()
    from catalog_check.catalogue import consolidation_json

    doc = consolidation_json(_run("consolidate", workdir))
    assert passed not in {row["name"] for row in doc["catalogue"]}  # as the notice says


def test_a_second_part_of_the_list_is_told_it_replaces_the_first(
    workdir: Path, mail_server
) -> None:
    """A department that sent its list in two files, each passing, heard nothing of the
    second: its first file's items left the catalogue in silence. The second file's notice
    says which passed items it lacks."""
    config = load_config(workdir)
    _drop(config.inbox, "浙江省公安厅-第二批.xlsx", make_samples.write_police)
    _run("intake", workdir)

    def other_part(path: Path) -> None:
        write_xlsx(path, items_sheet(["公章刻制业特种行业许可", "旅馆业特种行业许可"],
                                     申请材料="1.申请表\n2.营业执照"))

    _drop(config.inbox, "浙江省公安厅-第二批（续）.xlsx", other_part, when=MARCH_8 + 600)
    (result,) = _run("intake", workdir)
    assert (result.status, result.dropped, result.notice_id is not None) == ("accepted", 5, True)
    _run("notify", workdir)
    (message,) = mail_server.messages()
    assert message["Subject"].endswith("审核意见（第2次报送）：审核通过，但缺少此前已通过的5项")
    body = message.get_body(("plain",)).get_content()
    assert "此前退回" not in body
    assert all(row[1] in body for row in make_samples.POLICE)


def _marked_copy_fixed(message, path: Path, fixes: dict[str, str]) -> None:
    """The department opens the marked copy attached to ``message``, mends the given cells of
    its items sheet, and saves it as Excel would (our summary sheet, fills, comments and the
    审核意见 column stay in the file)."""
    (marked,) = [a for a in message.iter_attachments() if a.get_filename().endswith("标注版.xlsx")]
    wb = openpyxl.load_workbook(io.BytesIO(marked.get_content()))
    ws = wb["第二批事项"]
    for cell, value in fixes.items():
        ws[cell] = value
    wb.save(path)


def test_the_marked_copy_goes_round_until_it_passes(workdir: Path, mail_server) -> None:
    """The whole round trip as departments make it: 省建设厅's .xls is sent back, the
    department mends two of the four marked cells in the marked copy and sends it back under a
    new name, then the other two. Each round's notice lists only what is still wrong, says
    which round it is and which items were sent back before; the catalogue holds each item
    once, from the latest round; the bulletin counts what the catalogue holds."""
    from catalog_check.catalogue import consolidation_json
    from catalog_check.dates import moment_text

    config = load_config(workdir)
    _drop(config.inbox, "省建设厅-第二批.xls", make_samples.write_construction)
    _run("intake", workdir)
    _run("notify", workdir)
    (first,) = mail_server.messages()
    second_file = config.inbox / "省建设厅-第二批（修改稿）.xlsx"
    _marked_copy_fixed(first, second_file, {"G8": "1.资质申报表\n2.营业执照复印件",
                                            "J9": "15个工作日"})
    os.utime(second_file, (MARCH_8 + 86400, MARCH_8 + 86400))
    (second,) = _run("intake", workdir)
    assert (second.status, second.items, second.rejected) == ("partial", 5, 2)
    _run("notify", workdir)
    notice = mail_server.messages()[1]
    assert notice["Subject"] == ("【退回】浙江省住房和城乡建设厅“最多跑一次”事项（第二批）"
                                 "审核意见（第2次报送）：2项需修改")
    body = notice.get_body(("plain",)).get_content()
    when = moment_text(datetime.fromtimestamp(MARCH_8).astimezone())
    assert "你单位第2次报送的“最多跑一次”事项目录（第二批）文件「省建设厅-第二批（修改稿）" in body
    assert (f"上次报送的「省建设厅-第二批.xls」（{when}收到）退回的4项中，2项已修改通过，"
            "2项仍需修改（下列标注“上次已退回”的事项）。") in body
    listed = re.findall(r"\n\d+\. 「第二批事项」第(\d+)行 (\S+)", body)
    assert listed == [("10", "二级建造师执业资格注册（上次已退回）"),
                      ("11", "工程造价咨询企业资质认定（上次已退回）")]
    # The marked copy of round 2: only what is still wrong is red, every opinion is fresh.
    (marked,) = [a for a in notice.iter_attachments() if a.get_filename().endswith("标注版.xlsx")]
    wb = openpyxl.load_workbook(io.BytesIO(marked.get_content()))
    assert wb.sheetnames == ["审核结果", "第二批事项"]
    ws = wb["第二批事项"]
    red = sorted(c.coordinate for row in ws.iter_rows() for c in row
                 if c.fill.fill_type and c.fill.fgColor.rgb == "00FFC7CE")
    assert red == ["E10", "L11"]
    assert [ws[f"Q{r}"].value.split("：")[0] for r in range(7, 12)] == [
        "通过", "通过", "通过", "退回", "退回"]

    third_file = config.inbox / "省建设厅-第二批（修改稿2）.xlsx"
    _marked_copy_fixed(notice, third_file, {"E10": "《中华人民共和国建筑法》第十四条",
                                            "L11": "需现场核验办公场所和人员原件"})
    os.utime(third_file, (MARCH_8 + 2 * 86400, MARCH_8 + 2 * 86400))
    (third,) = _run("intake", workdir)
    assert (third.status, third.rejected, third.dropped) == ("accepted", 0, 0)
    _run("notify", workdir)
    answer = mail_server.messages()[2]
    assert answer["Subject"] == ("【通过】浙江省住房和城乡建设厅“最多跑一次”事项（第二批）"
                                 "审核意见（第3次报送）：审核通过")
    assert "此前退回的问题均已修改，无需再次报送。" in answer.get_body(("plain",)).get_content()

    doc = consolidation_json(_run("consolidate", workdir))
    rows = [(row["name"], [(s["file"], s["row"]) for s in row["sources"]])
            for row in doc["catalogue"]]
    assert rows == [(r[1], [("省建设厅-第二批（修改稿2）.xlsx", k)])
                    for k, r in enumerate(make_samples.CONSTRUCTION, start=7)]
    paths = _run("bulletin", workdir)
    table = openpyxl.load_workbook(paths["xlsx"])["进度通报"]
    values = [list(r) for r in table.iter_rows(values_only=True)]
    row = next(r for r in values if r[1] == "浙江省住房和城乡建设厅")
    header = next(r for r in values if "事项数" in r)
    got = dict(zip(header, row, strict=True))
    assert (got["事项数"], got["通过"], got["退回"]) == (5, 5, 0)
