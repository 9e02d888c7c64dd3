"""intake: inbox → settle → archive → review → reports → ledger → queue notice → move out."""

from __future__ import annotations

import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.task_runners import ProcessPoolTaskRunner

from catalog_check.alone import crashed_before, receive_alone
from catalog_check.config import Config
from catalog_check.flows._common import config_from, log_to_file
from catalog_check.inbox import IntakeLock, LockBusyError, linked, passed_over, scan, settled
from catalog_check.interrupts import deaf_to_ctrl_c, leave_ctrl_c_to_the_parent
from catalog_check.ledger import Ledger
from catalog_check.receive import Received, outcome, receive_file
from catalog_check.registry import registry_for
from catalog_check.summaries import (
    intake_lines,
    intake_markdown,
    linked_line,
    passed_over_line,
)


@task
def settled_files(config: Config) -> list[Path]:
    """Files in the inbox that have finished arriving (a fresh working folder gets its inbox,
    so that people see where to drop files)."""
    config.inbox.mkdir(parents=True, exist_ok=True)
    return settled(scan(config.inbox), config.settle_seconds, time.time())


class ReviewPool(ProcessPoolTaskRunner):
    """Prefect's process pool, its workers deaf to Ctrl+C from birth: the terminal sends it to
    the whole process group, and a worker that died of it left the parent waiting for ever;
    one still importing (the first seconds) printed an English traceback. The command ends
    them (interrupts.py). Workers start as tasks are submitted, in Prefect's threads: those
    are started with SIGINT blocked, which the workers inherit."""

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        with deaf_to_ctrl_c():
            return super().submit(*args, **kwargs)


@task
def receive(path: Path, config: Config) -> Received:
    """Archive, review, report, record and queue one file (a failure stays with this file)."""
    log_to_file(config)  # this worker process's own handler: tracebacks reach the log file
    logger = get_run_logger()
    with Ledger.open(config.ledger) as ledger:
        result = receive_file(path, config=config, registry=registry_for(config), ledger=ledger)
    logger.info(intake_lines([result])[-1].strip())
    return result


@task
def publish(results: list[Received], config: Config) -> str:
    """Publish the run's summary as a Prefect artifact."""
    markdown = intake_markdown(results, config)
    create_markdown_artifact(markdown, key="intake-summary", description="收件审核结果")
    return markdown


@flow(name="intake", log_prints=True,
      task_runner=ReviewPool(max_workers=2, initializer=leave_ctrl_c_to_the_parent))
def intake(config_path: str | None = None, root: str | None = None) -> list[Received] | None:
    """One pass over the inbox; None when another run holds it (that run reviews the files)."""
    config = config_from(config_path, root)
    lock = IntakeLock(config.root)
    try:
        lock.acquire()
    except LockBusyError as busy:  # another run holds the inbox: it will review these files
        get_run_logger().warning(str(busy))
        return None
    try:
        with Ledger.open(config.ledger) as ledger, ledger.run("intake", exclusive=True) as summary:
            ledger.reset_interrupted()
            files = settled_files(config)
            # A file whose review process died before is reviewed alone, not in the pool.
            alone = crashed_before(files, ledger)
            pooled = [p for p in files if p not in alone]
            futures = receive.map(pooled, config=unmapped(config))
            results = []
            for future, path in zip(futures, pooled, strict=True):
                try:
                    results.append(outcome(future.result(raise_on_failure=False), path))
                except BrokenProcessPool:  # a worker died (a reader crash): retried alone
                    alone.append(path)
            if alone:  # files a dead worker had claimed are no repeats: claim them afresh
                ledger.reset_interrupted("审核进程异常退出，单独重试")
            results += [receive_alone(path, config) for path in alone]
            skipped = passed_over(config.inbox)
            if skipped:  # (said on every run, served or by hand, until renamed)
                get_run_logger().warning(passed_over_line(skipped))
            if links := linked(config.inbox):
                get_run_logger().warning(linked_line(links))
            publish(results, config)
            summary["files"] = len(results)
    finally:
        lock.release()
    return results
