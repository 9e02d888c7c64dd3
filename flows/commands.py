"""The pipeline commands of the CLI: run a flow, then tell the user in Chinese what it did."""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from catalog_check.config import Config, ConfigError, load_config
from catalog_check.failures import failure_text
from catalog_check.flows._common import log_to_file
from catalog_check.interrupts import keyboard_interrupt_handling, stopping_at_once
from catalog_check.jsonout import write_json

EXIT_OK, EXIT_FAILED = 0, 1

#: What Ctrl+C during a flow says: nothing is lost, the next run takes it up.
INTAKE_INTERRUPTED = "已中断：未完成的文件留在原处，下次运行时重新处理。"
NOTIFY_INTERRUPTED = "已中断：未发出的退回通知留在发件箱，下次运行时发送。"


def _prefect_defaults() -> None:
    # The semaphore tracker the review pool starts would print an English warning when a run
    # is stopped by Ctrl+C; it passes this option to that process (multiprocessing does).
    sys.warnoptions.append("ignore::UserWarning:multiprocessing.resource_tracker")
    # Telemetry's heartbeat can log "database is locked" in local mode (field notes).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The terminal shows our Chinese summaries, never a traceback; Prefect's logs still go
    # to the API (the UI) and, with ours, to the working folder's log file (log_to_file).
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    # Prefect's temporary server gets 30 s to start; on a busy two-core machine (a pool
    # worker may start one of its own) that ran out and the whole run failed. Two minutes.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _run(label: str, flow: object, config: Config, interrupted: str) -> object:
    """Run a flow; a failure becomes a Chinese message on stderr and exit status 1 (a
    configuration error goes on to the command line: exit 2). Ctrl+C or SIGTERM stops it
    at once with ``interrupted`` (exit 130 or 143): see interrupts.py."""
    from catalog_check.registry import registry_for

    registry_for(config)  # a bad registry file is a configuration error (exit 2), found first
    log_file = log_to_file(config)
    try:
        # Left to Prefect, Ctrl+C killed the temporary API server (the terminal signals the
        # whole process group) and the command hung for ever after English tracebacks.
        with stopping_at_once(interrupted):
            return flow(**_params(config))  # type: ignore[operator]
    except ConfigError:
        raise  # a configuration error found on the way: exit 2, as at start-up
    except Exception as exc:
        print(f"错误：{label}失败：{flow_failure_text(exc)}（详细记录见 {log_file}）",
              file=sys.stderr, flush=True)
        raise SystemExit(EXIT_FAILED) from exc


def flow_failure_text(exc: BaseException) -> str:
    """Why a flow failed, in Chinese; Prefect's temporary server that did not start in time
    (a busy machine) is said with what to do, not as 内部错误（RuntimeError）."""
    if isinstance(exc, RuntimeError) and "ephemeral Prefect API server" in str(exc):
        return ("本地 Prefect 服务器未能按时启动（机器繁忙时可能出现），请稍后重新运行；"
                "也可设置环境变量 PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
                "（如 120）延长等待时间")
    return failure_text(exc)


def _params(config: Config) -> dict[str, str | None]:
    return {"config_path": str(config.source) if config.source else None, "root": str(config.root)}


class _InboxProgress:
    """A progress bar for long intake runs: files that have left the inbox, polled."""

    def __init__(self, config: Config) -> None:
        from catalog_check.cli import _Progress
        from catalog_check.inbox import scan

        self.files = scan(config.inbox) if config.inbox.is_dir() else []
        self.bar = _Progress(len(self.files), "收件审核")
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        shown: set[Path] = set()
        while True:
            stopping = self.stop.wait(0.5)
            for path in self.files:
                if path not in shown and not path.exists():
                    shown.add(path)
                    self.bar.step(path.name)
            if stopping:
                return

    def __enter__(self) -> _InboxProgress:
        if self.bar.enabled:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar.enabled:
            self.stop.set()
            self.thread.join()


def intake(args: argparse.Namespace, config: Config) -> int:
    """One pass of the intake flow (a progress bar on a terminal when many files wait)."""
    _prefect_defaults()
    from catalog_check.flows.intake import intake as flow
    from catalog_check.inbox import linked, passed_over, scan
    from catalog_check.summaries import intake_lines, linked_line, passed_over_line

    with _InboxProgress(config):
        results = _run("收件审核", flow, config, INTAKE_INTERRUPTED)
    if results is None:
        print("错误：另一个收件流程正在运行，本次未处理收件箱（那个流程会审核其中的文件），"
              "请稍后再试。", file=sys.stderr)
        return EXIT_FAILED
    failed = [r for r in results if r.outcome == "failed"]
    # (failed files stay in the inbox too, and those a read-only inbox keeps)
    waiting = len(scan(config.inbox)) - len(failed) - sum(r.left_in_inbox for r in results)
    lines = intake_lines(results, config.inbox) if results or not waiting else []
    for line in lines:
        print(line)
    if waiting > 0:
        print(f"收件箱中还有 {waiting} 个文件刚放入或仍在写入，下次运行时处理。")
    skipped = passed_over(config.inbox)
    if skipped:
        print(passed_over_line(skipped))
    links = linked(config.inbox)
    if links:
        print(linked_line(links))
    if failed:
        print(f"错误：{len(failed)} 个文件处理失败，已留在收件箱，下次运行时重试："
              + "；".join(f"{r.name}（{r.error}）" for r in failed), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def notify(args: argparse.Namespace, config: Config) -> int:
    """One pass of the mail flow."""
    _prefect_defaults()
    from catalog_check.flows.notify import notify as flow
    from catalog_check.summaries import notify_lines

    report = _run("发送退回通知", flow, config, NOTIFY_INTERRUPTED)
    if report is None:
        print("错误：另一个发送流程正在运行，本次未发送（那个流程会发出排队中的通知），"
              "请稍后再试。", file=sys.stderr)
        return EXIT_FAILED
    for line in notify_lines(report):
        print(line)
    if report.queued:
        print(f"错误：{len(report.queued)} 封退回通知未能发送，已留在发件箱，下次运行时重发："
              f"{report.queued[0].error}", file=sys.stderr)
    if report.failed:
        print(f"错误：{len(report.failed)} 封退回通知无法按原样发送，请审核小组检查："
              f"{report.failed[0].error}", file=sys.stderr)
    if report.partial:
        print(f"错误：{len(report.partial)} 封退回通知有收件人被拒收（已送达其余收件人，未重发以免"
              f"重复），请审核小组核实收件地址后转发：{report.partial[0].error}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


def consolidate(args: argparse.Namespace, config: Config) -> int:
    """Build the merged catalogue."""
    _prefect_defaults()
    from catalog_check.catalogue import consolidation_json
    from catalog_check.cli import check_output
    from catalog_check.flows.consolidate import consolidate as flow
    from catalog_check.summaries import consolidate_lines

    check_output(args.json, "--json 输出文件")  # before the catalogue is written, not after
    result = _run("汇总目录", flow, config, "已中断：汇总目录未完成，请重新运行。")
    human = sys.stderr if args.json == "-" else sys.stdout
    for line in consolidate_lines(result, config.catalogue):
        print(line, file=human)
    if args.json:
        write_json(args.json, consolidation_json(result))
    return EXIT_OK


def bulletin(args: argparse.Namespace, config: Config) -> int:
    """Write the progress bulletin."""
    _prefect_defaults()
    from catalog_check.flows.bulletin import bulletin as flow

    paths = _run("进度通报", flow, config, "已中断：进度通报未完成，请重新运行。")
    print("进度通报已生成：")
    for path in paths.values():
        print(f"  {path}")
    return EXIT_OK


@contextlib.contextmanager
def _local_prefect_server(config: Config) -> Iterator[str]:
    """Start Prefect's own server on 127.0.0.1 for this run (serving needs a live API)."""
    from catalog_check.mailserver import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    folder = config.root / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "prefect-server.log", "ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"},
            start_new_session=True,  # Ctrl+C stops the runner first; we stop the server after
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/health", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log_path = folder / "prefect-server.log"
                        raise SystemExit(  # noqa: B904 - the cause is in the server's log
                            f"错误：本地 Prefect 服务器未能启动，详见 {log_path}"
                        )
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()


def serve(args: argparse.Namespace, config: Config) -> int:
    """Serve the flows on their schedules until stopped (Ctrl+C)."""
    _prefect_defaults()
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"  # a service shows its runs
    with contextlib.ExitStack() as stack:
        url = os.environ.get("PREFECT_API_URL")
        if not url:
            print("未设置 PREFECT_API_URL：正在启动本地 Prefect 服务器……")
            url = stack.enter_context(_local_prefect_server(config))
            os.environ["PREFECT_API_URL"] = url
            print(f"本地 Prefect 服务器与界面：{url.removesuffix('/api')}")
        from catalog_check.flows.serve import schedule_lines, serve_flows

        try:
            # Prefect's runner stops on Ctrl+C; SIGTERM (a scheduler, kill) did not stop it
            # while it registered the flows: the command died and its local server ran on.
            # (In place before the line that says Ctrl+C stops it.)
            with keyboard_interrupt_handling():
                print(f"按计划运行收件、通知、汇总、通报四个流程，连接：{url}。按 Ctrl+C 停止。")
                print("\n".join(schedule_lines(config)))
                serve_flows(config)  # returns when Prefect's runner has handled Ctrl+C itself
        except KeyboardInterrupt:
            pass
        except Exception as exc:  # no server at PREFECT_API_URL, a refused registration …
            log_file = log_to_file(config)
            with log_file.open("a", encoding="utf-8") as log:  # not the console: no traceback
                log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} ERROR serve failed\n"
                          + "".join(traceback.format_exception(exc)))
            print(f"错误：未能向 Prefect 服务器（{url}）登记并运行流程（{type(exc).__name__}）。"
                  f"请检查 PREFECT_API_URL 是否正确、服务器是否在运行（详细记录见 {log_file}）",
                  file=sys.stderr)
            return EXIT_FAILED
    print("已停止。")
    return EXIT_OK


def demo(args: argparse.Namespace, config: Config) -> int:
    """The whole day on the samples: intake → notify → consolidate → bulletin."""
    _prefect_defaults()
    from catalog_check.demo import prepare_demo
    from catalog_check.mailserver import LocalMailServer, free_port
    from catalog_check.summaries import demo_lines

    folder: Path = args.dir.resolve()
    port = free_port()
    config_file = prepare_demo(folder, port)
    demo_config = load_config(config_file)
    print(f"演示目录：{folder}")
    print(f"本地邮件服务器：127.0.0.1:{port}（收到的邮件保存为 .eml）")
    with LocalMailServer(folder / "邮件", port=port) as server:
        for step, name in ((intake, "收件审核"), (notify, "发送退回通知"),
                           (consolidate, "汇总目录"), (bulletin, "进度通报")):
            print(f"\n== {name} ==")
            step(argparse.Namespace(json=None), demo_config)
        messages = server.messages()
    print()
    for line in demo_lines(demo_config, folder / "邮件", len(messages)):
        print(line)
    return EXIT_OK
