"""The SQLite ledger: schema migrations, claims, reviews, notices and runs on a real database."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from catalog_check.findings import finding
from catalog_check.ledger import MIGRATIONS, SCHEMA_VERSION, Ledger, LedgerError
from catalog_check.verdict import FileReview, ItemResult

CST = timezone(timedelta(hours=8))
T0 = datetime(2017, 3, 8, 10, 20, tzinfo=CST)


def _review(department: str | None = "浙江省公安厅", status: str = "partial") -> FileReview:
    return FileReview(
        path="inbox/公安组/省公安厅-第二批.xlsx",
        sha256="a" * 64,
        format="xlsx",
        status=status,
        department=department,
        items=(
            ItemResult("事项清单", 5, "保安服务公司设立许可", None, "accepted", trips=0),
            ItemResult("事项清单", 6, "保安培训单位设立许可", None, "accepted", trips=1),
            ItemResult("事项清单", 7, "剧毒化学品购买许可", None, "rejected", reasons=("x",)),
        ),
        findings=(
            finding("missing-value", sheet="事项清单", row=7, column="设定依据", shown=""),
            finding("basis-no-article", sheet="事项清单", row=5, column="设定依据"),
            finding("basis-no-article", sheet="事项清单", row=6, column="设定依据"),
        ),
    )


@pytest.fixture(name="ledger")
def ledger_fixture(tmp_path: Path):
    """A fresh ledger in a temporary folder."""
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        yield ledger


def test_open_creates_current_schema_in_wal_mode(tmp_path: Path) -> None:
    """A new file gets every migration, WAL journaling and the five tables."""
    path = tmp_path / "sub" / "ledger.sqlite"
    with Ledger.open(path) as ledger:
        assert ledger.version == SCHEMA_VERSION == 2
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"submissions", "repeats", "notices", "runs"}
    db.close()


def test_open_migrates_version_1_and_keeps_rows(tmp_path: Path) -> None:
    """A database left at version 1 gets migration 2 and keeps its submissions."""
    path = tmp_path / "ledger.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.execute(
        "INSERT INTO submissions (sha256, original_name, inbox_path, received_at)"
        " VALUES ('b', '旧.xlsx', 'inbox/旧.xlsx', '2017-03-01T09:00:00+08:00')"
    )
    db.commit()
    db.close()
    with Ledger.open(path) as ledger:
        assert ledger.version == 2
        [old] = ledger.submissions()
        assert (old.id, old.original_name, old.status) == (1, "旧.xlsx", "received")
        assert old.received_at == datetime(2017, 3, 1, 9, 0, tzinfo=CST)
        run = ledger.start_run("intake", T0)
        assert ledger.runs()[0].id == run


def test_open_refuses_a_newer_schema(tmp_path: Path) -> None:
    """A database from a newer catalog-check is not touched."""
    path = tmp_path / "ledger.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(LedgerError, match="版本（99）比本程序支持的版本（2）新"):
        Ledger.open(path)


def test_claim_twice_gives_none_the_second_time(ledger: Ledger) -> None:
    """The content hash is unique: the second claim of the same bytes is refused."""
    first = ledger.claim("c" * 64, "a.xlsx", Path("inbox/a.xlsx"), None, T0, "公安组")
    second = ledger.claim("c" * 64, "b.xlsx", Path("inbox/b.xlsx"), None, T0, None)
    assert (first, second) == (1, None)
    record = ledger.submission(1)
    assert record is not None
    assert (record.original_name, record.audit_group, record.status) == (
        "a.xlsx",
        "公安组",
        "received",
    )
    assert record.received_at == T0
    assert ledger.submission_by_hash("c" * 64) == record


def test_two_threads_claiming_the_same_hash_get_exactly_one_id(tmp_path: Path) -> None:
    """Two intakes at once (own connections) never both win the same file."""
    path = tmp_path / "ledger.sqlite"
    Ledger.open(path).close()
    barrier = threading.Barrier(8)
    results: list[int | None] = []

    def work(n: int) -> None:
        with Ledger.open(path) as own:
            barrier.wait()
            results.append(own.claim("d" * 64, f"{n}.xlsx", f"inbox/{n}.xlsx", None, T0, None))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda r: r is None) == [1] + [None] * 7
    with Ledger.open(path) as ledger:
        assert len(ledger.submissions()) == 1


def test_claim_rejects_naive_times(ledger: Ledger) -> None:
    """Times are stored with their offset; a naive datetime is a programming error."""
    with pytest.raises(ValueError, match="without timezone"):
        ledger.claim("e" * 64, "a.xlsx", "inbox/a.xlsx", None, datetime(2017, 3, 8), None)


def test_record_review_stores_status_department_and_counts(ledger: Ledger) -> None:
    """The review's status, department, cli.md counts and report places are kept."""
    archived = Path("archive/aa/" + "a" * 64 + ".xlsx")
    sid = ledger.claim(
        "a" * 64, "省公安厅-第二批.xlsx", "inbox/公安组/x.xlsx", archived, T0, "公安组"
    )
    assert sid is not None
    ledger.mark_reviewing(sid)
    assert ledger.unfinished()[0].status == "reviewing"
    done = T0 + timedelta(minutes=3)
    ledger.record_review(
        sid, _review(), Path("reports/r"), Path("reports/r/result.json"), reviewed_at=done
    )
    record = ledger.submission(sid)
    assert record is not None
    assert record.counts == {
        "items": 3,
        "accepted": 2,
        "rejected": 1,
        "errors": 1,
        "warnings": 2,
        "infos": 0,
    }
    assert (record.status, record.department, record.reviewed_at) == (
        "partial",
        "浙江省公安厅",
        done,
    )
    assert (record.report_dir, record.result_path) == ("reports/r", "reports/r/result.json")
    assert record.archive_path == "archive/aa/" + "a" * 64 + ".xlsx"
    assert record.reviewed is True
    assert ledger.unfinished() == []


def test_record_failure_marks_failed_with_the_error(ledger: Ledger) -> None:
    """A review that crashed is kept as failed with its error, and listed as unfinished."""
    sid = ledger.claim("f" * 64, "a.xlsx", "inbox/a.xlsx", None, T0, None)
    assert sid is not None
    ledger.record_failure(sid, "读取时出错：MemoryError", failed_at=T0)
    [record] = ledger.unfinished()
    assert (record.id, record.status, record.error) == (sid, "failed", "读取时出错：MemoryError")


def test_update_of_an_unknown_submission_raises(ledger: Ledger) -> None:
    """Writing to a submission id that does not exist is an error, not a silent no-op."""
    with pytest.raises(LedgerError, match="没有编号为 42 的报送记录"):
        ledger.mark_reviewing(42)


def test_record_repeat_links_the_original(ledger: Ledger) -> None:
    """A repeat points at the submission that first had this content."""
    sid = ledger.claim("a" * 64, "a.xlsx", "inbox/a.xlsx", None, T0, None)
    rid = ledger.record_repeat("a" * 64, "a的副本.xlsx", "inbox/组/a的副本.xlsx", T0)
    [repeat] = ledger.repeats()
    assert (repeat.id, repeat.submission_id, repeat.original_name) == (rid, sid, "a的副本.xlsx")
    assert repeat.seen_at == T0


def test_latest_by_department_takes_the_last_received(ledger: Ledger) -> None:
    """Per department the latest reviewed file by received time; unknown ones are left out."""
    review = _review()

    def add(sha: str, received: datetime, department: str | None, status: str = "partial") -> int:
        sid = ledger.claim(sha, f"{sha}.xlsx", f"inbox/{sha}.xlsx", None, received, None)
        assert sid is not None
        r = replace(review, department=department, status=status)
        ledger.record_review(sid, r, "r", "r/result.json", reviewed_at=received)
        return sid

    add("1", T0, "浙江省公安厅")
    late = add("2", T0 + timedelta(days=1), "浙江省公安厅")
    # Same instant written with another offset: 02:20 UTC is 10:20 CST, earlier than day 2.
    add("3", datetime(2017, 3, 8, 2, 20, tzinfo=UTC), "浙江省公安厅")
    water = add("4", T0, "浙江省水利厅", status="rejected")
    add("5", T0 + timedelta(days=2), None, status="unreadable")
    ledger.claim("6", "6.xlsx", "inbox/6.xlsx", None, T0 + timedelta(days=3), None)  # not reviewed
    latest = ledger.latest_by_department()
    assert [(r.department, r.id) for r in latest] == [
        ("浙江省公安厅", late),
        ("浙江省水利厅", water),
    ]


def test_notice_lifecycle_queue_attempt_sent(ledger: Ledger) -> None:
    """A notice stays queued through failed attempts and becomes sent with its Message-ID."""
    sid = ledger.claim("a" * 64, "a.xlsx", "inbox/a.xlsx", None, T0, None)
    nid = ledger.queue_notice(
        sid,
        ["ga@example.gov.cn"],
        ["group@example.gov.cn"],
        "【退回】主题",
        Path("outbox/1.eml"),
        ["浙江省公安厅-第二批-标注版.xlsx"],
        T0,
    )
    ledger.mark_attempt_failed(nid, "无法连接邮件服务器")
    ledger.mark_attempt_failed(nid, "无法连接邮件服务器")
    [pending] = ledger.pending_notices()
    assert (pending.id, pending.state, pending.attempts, pending.last_error) == (
        nid,
        "queued",
        2,
        "无法连接邮件服务器",
    )
    assert pending.to_addrs == ("ga@example.gov.cn",)
    assert pending.cc_addrs == ("group@example.gov.cn",)
    assert pending.attachments == ("浙江省公安厅-第二批-标注版.xlsx",)
    sent_at = T0 + timedelta(minutes=5)
    ledger.mark_sent(nid, "<1@example.gov.cn>", sent_at, Path("outbox/sent/1.eml"))
    assert ledger.pending_notices() == []
    notice = ledger.notice(nid)
    assert notice is not None
    assert (notice.state, notice.attempts, notice.message_id, notice.sent_at, notice.eml_path) == (
        "sent",
        3,
        "<1@example.gov.cn>",
        sent_at,
        "outbox/sent/1.eml",
    )
    assert notice.last_error is None
    assert ledger.notices(sid) == [notice]
    with pytest.raises(LedgerError, match=r"没有编号为 .* 的待发通知"):
        ledger.mark_attempt_failed(nid, "late")


def test_failed_notice_can_be_requeued(ledger: Ledger) -> None:
    """A notice marked failed leaves the queue until a person puts it back."""
    nid = ledger.queue_notice(None, ["a@example.gov.cn"], [], "s", "outbox/x.eml", [], T0)
    ledger.mark_failed(nid, "找不到邮件文件")
    assert ledger.pending_notices() == []
    ledger.requeue(nid)
    assert [n.id for n in ledger.pending_notices()] == [nid]


def test_runs_record_summary_json(ledger: Ledger) -> None:
    """A run keeps its flow, times, state and a Chinese JSON summary."""
    run = ledger.start_run("notify", T0)
    ledger.finish_run(run, T0 + timedelta(seconds=9), "completed", {"已发送": 2, "待发": [3]})
    [record] = ledger.runs("notify")
    assert (record.flow, record.state, record.summary) == (
        "notify",
        "completed",
        {"已发送": 2, "待发": [3]},
    )
    assert record.finished_at == T0 + timedelta(seconds=9)
    assert ledger.runs("intake") == []


def test_a_run_block_records_completed_or_failed(ledger: Ledger) -> None:
    """ledger.run: the summary the block fills in, or 'failed' with a Chinese reason; the
    error still reaches the caller."""
    with ledger.run("notify") as summary:
        summary["sent"] = 2
    with pytest.raises(FileNotFoundError), ledger.run("consolidate"):
        raise FileNotFoundError(2, "No such file", "汇总/a.xlsx")
    done, failed = ledger.runs()
    assert (done.flow, done.state, done.summary) == ("notify", "completed", {"sent": 2})
    assert (failed.flow, failed.state) == ("consolidate", "failed")
    assert failed.summary == {"error": "无法读写「汇总/a.xlsx」：找不到该文件或目录"}
    assert failed.finished_at is not None


def test_a_failed_submission_is_claimed_again_once(ledger: Ledger) -> None:
    """After a failed review the same bytes are claimed again (same id), but only by one claim."""
    sid = ledger.claim("9" * 64, "a.xlsx", "inbox/a.xlsx", None, T0, "公安组")
    assert sid is not None
    ledger.record_failure(sid, "boom")
    again = ledger.claim("9" * 64, "a-改.xlsx", "inbox/a-改.xlsx", "archive/99/x.xlsx", T0, None)
    assert (again, ledger.claim("9" * 64, "a.xlsx", "inbox/a.xlsx", None, T0, None)) == (sid, None)
    record = ledger.submission(sid)
    assert record is not None
    assert (record.status, record.error, record.original_name, record.audit_group) == (
        "received",
        None,
        "a-改.xlsx",
        "公安组",
    )
    assert record.archive_path == "archive/99/x.xlsx"


def test_reset_interrupted_makes_stuck_claims_claimable(ledger: Ledger) -> None:
    """A run killed mid-review leaves received/reviewing rows; reset turns them into failed."""
    a = ledger.claim("a", "a.xlsx", "inbox/a.xlsx", None, T0, None)
    b = ledger.claim("b", "b.xlsx", "inbox/b.xlsx", None, T0, None)
    assert a is not None
    assert b is not None
    ledger.mark_reviewing(b)
    assert ledger.reset_interrupted() == 2
    assert [(r.id, r.status, r.error) for r in ledger.unfinished()] == [
        (a, "failed", "上次收件运行中断，将重新审核"),
        (b, "failed", "上次收件运行中断，将重新审核"),
    ]
    assert ledger.claim("b", "b.xlsx", "inbox/b.xlsx", None, T0, None) == b


def test_a_ledger_held_by_another_program_is_said_in_chinese(tmp_path: Path, monkeypatch) -> None:
    """Another program holds the write lock past the wait: a LedgerError naming the cause,
    not sqlite's OperationalError (which reached users as 内部错误)."""
    from catalog_check import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "_BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "ledger.sqlite"
    Ledger.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Ledger.open(path) as ledger, pytest.raises(LedgerError) as caught:
            ledger.claim("ab" * 32, "省公安厅.xlsx", "inbox/省公安厅.xlsx", None,
                         datetime(2017, 3, 8, tzinfo=UTC), None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(caught.value) == (
        f"台账数据库 {path} 正被另一个程序占用，等待0.2秒仍未释放，"
        "请稍后再试（或关闭正在打开它的程序）"
    )
