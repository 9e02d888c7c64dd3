"""Ctrl+C and SIGTERM as a terminal or a scheduler sends them: the real command in a process
group of its own, real signals at moments the test waits for (a worker starting, a file
archived, a message reaching the mail server, a module loaded), never after a blind delay.
A command stops in Chinese, never with a traceback, leaves nothing running, and the next run
loses nothing and does nothing twice."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from catalog_check.ledger import Ledger
from catalog_check.mailserver import free_port

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "submissions"
INTERRUPTED = "错误：已中断。"
INTAKE_INTERRUPTED = "已中断：未完成的文件留在原处，下次运行时重新处理。"
NOTIFY_INTERRUPTED = "已中断：未发出的退回通知留在发件箱，下次运行时发送。"
FINISHING = "正在发送的退回通知发出并记入台账后即停止（再次中断则立即停止）"


def _env(**extra: str) -> dict[str, str]:
    """The command's environment as a user has it: no Prefect server, so it starts its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    # (a loaded test machine starts that temporary server slowly: Prefect waits 20 s)
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    return {**env, **extra}


@contextlib.contextmanager
def _command(args: list[str], cwd: Path, *python: str, **env: str) -> Iterator[subprocess.Popen]:
    """``catalog-check ARGS`` in a process group of its own (as a terminal runs it); the group
    is killed when the block ends, whatever happened."""
    run = subprocess.Popen([sys.executable, *python, "-m", "catalog_check", *args], cwd=cwd,
                           env=_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, start_new_session=True)
    try:
        yield run
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.communicate()


def _when(run: subprocess.Popen, ready: Callable[[], bool], timeout: float = 300) -> None:
    """Wait until ``ready()``, the command still running."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the moment never came"
        time.sleep(0.02)


def _descendants(pid: int) -> dict[int, bytes]:
    """The processes ``pid`` started, and theirs, with their command lines (Linux: /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    found, level = [], [pid]
    while level:
        level = [p for p, parent in parents.items() if parent in level]
        found += level
    lines = {}
    for p in found:
        with contextlib.suppress(OSError):
            lines[p] = Path(f"/proc/{p}/cmdline").read_bytes()
    return lines


def _running(pid: int) -> bool:
    """The process is there and no zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _group_gone(pgid: int, within: float = 15) -> bool:
    """No process of the group is left (a zombie waits for init to reap it: a moment)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _working_folder(tmp_path: Path, mail_port: int | None = None) -> Path:
    text = 'root = "var"\nsettle_seconds = 0\n'
    if mail_port is not None:
        text += f'[mail]\nhost = "127.0.0.1"\nport = {mail_port}\nretries = 1\n'
    (tmp_path / "catalog-check.toml").write_text(text, encoding="utf-8")
    (tmp_path / "var" / "inbox").mkdir(parents=True)
    return tmp_path / "catalog-check.toml"


def test_ctrl_c_as_the_review_workers_start_says_one_chinese_line(tmp_path: Path) -> None:
    """The intake pool's workers spend their first seconds importing; a Ctrl+C then (the
    terminal signals the whole process group) printed their English tracebacks (a
    KeyboardInterrupt in an import, or "Fatal Python error: init_import_site"): they ignored
    it only once their initializer ran. They are born deaf to it now: the command alone
    handles it, ends them, and says one Chinese line; exit 130, nothing left running."""
    _working_folder(tmp_path)
    dropped = tmp_path / "var" / "inbox" / "浙江省公安厅-第二批.xlsx"
    shutil.copyfile(SAMPLES / dropped.name, dropped)
    with _command(["intake"], tmp_path) as run:
        _when(run, lambda: any(b"spawn_main" in c for c in _descendants(run.pid).values()))
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=60)
        assert (run.returncode, out, err.strip()) == (130, "", INTAKE_INTERRUPTED)
        assert _group_gone(run.pid)
    assert dropped.exists()


@pytest.mark.usefixtures("prefect_harness")
def test_ctrl_c_during_intake_stops_at_once_and_loses_nothing(tmp_path: Path) -> None:
    """Ctrl+C (SIGINT to the terminal's process group) while intake reviews: the command stops
    within seconds, in Chinese, exit 130 (it hung for ever after English tracebacks: the
    temporary Prefect server had died of the same signal); the next run reviews the file.
    (That next run is this process's, on the session's Prefect server: seconds quicker.)"""
    from workbooks import item_row, items_sheet, write_xlsx

    from catalog_check.flows.intake import intake

    config = _working_folder(tmp_path)
    rows = items_sheet(["保安服务公司设立许可"])
    rows += [item_row(n, f"事项{n}") for n in range(2, 3000)]  # a review of some seconds
    dropped = write_xlsx(tmp_path / "var" / "inbox" / "省公安厅-第二批.xlsx", rows)
    archive = tmp_path / "var" / "archive"  # a file is archived as its review begins
    with _command(["intake"], tmp_path) as run:
        _when(run, lambda: archive.is_dir() and any(p.is_file() for p in archive.rglob("*")))
        os.killpg(run.pid, signal.SIGINT)
        _, err = run.communicate(timeout=30)
        assert (run.returncode, err.strip()) == (130, INTAKE_INTERRUPTED)
        assert _group_gone(run.pid)  # no worker, no Prefect server left behind
    assert dropped.exists()
    results = intake(config_path=str(config))
    assert [(r.name, r.outcome, r.items) for r in results] == [
        ("省公安厅-第二批.xlsx", "reviewed", 2999)]
    assert not dropped.exists()
    with Ledger.open(tmp_path / "var" / "ledger.sqlite") as ledger:
        assert [(s.original_name, s.items) for s in ledger.submissions()] == [
            ("省公安厅-第二批.xlsx", 2999)]
        assert [r.state for r in ledger.runs("intake")] == ["interrupted", "completed"]


class _SignalsOnData:
    """aiosmtpd handler: keeps each message; on the first, signals ``pid`` (a scheduler
    stopping the command) and answers only a second later, the message in hand."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope) -> str:
        self.messages.append(envelope.original_content or envelope.content)
        if self.pid is not None and len(self.messages) == 1:
            os.kill(self.pid, signal.SIGTERM)
            await asyncio.sleep(1)
        return "250 Message accepted for delivery"


def _notice(number: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "zuiduopaoyici@example.gov.cn"
    message["To"] = f"dept{number}@example.gov.cn"
    message["Subject"] = f"【退回】第{number}号通知"
    message["Message-ID"] = make_msgid(domain="example.gov.cn")
    message.set_content(f"第{number}号通知")
    return message


@pytest.mark.usefixtures("prefect_harness")
def test_sigterm_while_the_server_takes_a_notice_sends_it_once(tmp_path: Path) -> None:
    """SIGTERM to notify alone (what a scheduler sends) while the mail server holds a notice
    and has not answered yet: Prefect turned it into a crash (English errors, a minute), the
    notice stayed queued and went again on the next run (the department got it twice), and
    the temporary Prefect server was left running. Now the answer is awaited and recorded
    first: exit 143 in Chinese, nothing left running, and the next run sends the other
    notice only."""
    from catalog_check.flows.notify import notify
    from catalog_check.outbox import queue

    handler = _SignalsOnData()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        config = _working_folder(tmp_path, mail_port=port)
        notices = [_notice(1), _notice(2)]
        with Ledger.open(tmp_path / "var" / "ledger.sqlite") as ledger:
            for notice in notices:
                queue(ledger, tmp_path / "var" / "outbox", None, notice, datetime.now(UTC))
        with _command(["notify"], tmp_path) as run:
            handler.pid = run.pid
            _, err = run.communicate(timeout=300)
            assert (run.returncode, err.strip().splitlines()) == (
                143, [FINISHING, NOTIFY_INTERRUPTED])
            assert _group_gone(run.pid)
        handler.pid = None
        with Ledger.open(tmp_path / "var" / "ledger.sqlite") as ledger:
            assert [n.state for n in ledger.notices()] == ["sent", "queued"]
        report = notify(config_path=str(config))
        assert (len(report.sent), len(report.queued)) == (1, 0)
        with Ledger.open(tmp_path / "var" / "ledger.sqlite") as ledger:
            assert [r.state for r in ledger.runs("notify")] == ["interrupted", "completed"]
    finally:
        controller.stop()
    received = [message_from_bytes(m)["Message-ID"] for m in handler.messages]
    assert received == [n["Message-ID"] for n in notices]  # each once
    assert not list((tmp_path / "var" / "outbox").glob("*.eml"))


def test_validate_stops_in_chinese_while_loading_and_on_sigterm(tmp_path: Path) -> None:
    """Ctrl+C while the command still loads its modules printed a traceback of the import it
    cut (a second or more on a busy machine; here widened by compiling every module afresh
    and timed by -X importtime's lines); SIGTERM mid-review ended it without a word (exit
    -15). Both now say 错误：已中断。 (exit 130, 143) and leave no half-written file."""
    folder = tmp_path / "收到的文件"
    folder.mkdir()
    for n in range(4):
        for sample in SAMPLES.iterdir():
            shutil.copyfile(sample, folder / f"{n}-{sample.name}")
    out = tmp_path / "报告"
    fresh = {"PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"), "PYTHONDONTWRITEBYTECODE": "1"}
    with _command(["validate", str(folder)], tmp_path, "-X", "importtime", **fresh) as run:
        assert run.stderr is not None
        for line in run.stderr:  # each import's line comes as that import ends
            if line.rstrip().endswith(" catalog_check.text"):  # config's: cli's are loading
                break
        else:
            pytest.fail("catalog_check.text was never imported")
        os.killpg(run.pid, signal.SIGINT)
        out_text, err = run.communicate(timeout=60)
        said = [line for line in err.splitlines() if line and not line.startswith("import time")]
        assert (run.returncode, out_text, said) == (130, "", [INTERRUPTED])
    with _command(["validate", str(folder), "--out", str(out)], tmp_path) as run:
        _when(run, lambda: any(out.rglob("result.json")))
        run.send_signal(signal.SIGTERM)
        out_text, err = run.communicate(timeout=60)
        assert (run.returncode, out_text, err.strip()) == (143, "", INTERRUPTED)
    assert not [p for p in out.rglob("*") if ".part" in p.name]


def test_sigterm_stops_serve_and_its_local_prefect_server(tmp_path: Path) -> None:
    """SIGTERM to serve (kill, a scheduler) while it registered its flows ended it without a
    word (exit -15) and left its local Prefect server running for ever (a session of its own:
    not even the process group's signal reaches it). It stops as on Ctrl+C now: 已停止。,
    exit 0, the server gone."""
    _working_folder(tmp_path)
    with _command(["serve"], tmp_path) as run:
        assert run.stdout is not None
        for line in run.stdout:
            if line.startswith("按计划运行"):  # the server is up; the flows register now
                break
        started = _descendants(run.pid)
        assert any(b"server" in c for c in started.values()), started
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=120)
        assert (run.returncode, out.splitlines()[-1:], err) == (0, ["已停止。"], "")
    deadline = time.monotonic() + 15
    while any(map(_running, started)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [c for pid, c in started.items() if _running(pid)]
