"""One inbox file in a process of its own, so that a reader crash takes only that file down.

python-calamine can abort the whole process on a damaged workbook. In intake's process pool
that breaks the pool and fails every file in flight, run after run. Files caught in a broken
pool are therefore retried one by one, each in a fresh process; the file whose process dies
is recorded as failed with a Chinese reason (and stays in the inbox, as failed files do), and
is reviewed alone from then on instead of breaking the pool again.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path

from catalog_check.config import Config
from catalog_check.files import shown_name
from catalog_check.inbox import sha256_dropped
from catalog_check.interrupts import deaf_to_ctrl_c, leave_ctrl_c_to_the_parent
from catalog_check.ledger import Ledger
from catalog_check.receive import Received, receive_file
from catalog_check.registry import registry_for

__all__ = ["CRASHED", "crashed_before", "receive_alone"]

#: The reason recorded for a file whose review process died; it also marks the file as one to
#: review alone next time.
CRASHED = ("审核该文件时处理进程异常退出（文件可能已损坏，触发了读取程序的缺陷），文件留在收件箱，"
           "下次收件时单独重试；请部门用 Excel 或 WPS 打开确认无误、另存后重新提交")


def _receive(path: Path, config: Config) -> Received:
    with Ledger.open(config.ledger) as ledger:
        return receive_file(path, config=config, registry=registry_for(config), ledger=ledger)


def receive_alone(path: Path, config: Config) -> Received:
    """receive_file in a fresh process; a process that dies fails this file only."""
    context = multiprocessing.get_context("spawn")  # no threads or locks inherited
    with ProcessPoolExecutor(max_workers=1, mp_context=context,
                             initializer=leave_ctrl_c_to_the_parent) as pool:
        try:
            with deaf_to_ctrl_c():  # (the process starts here: Ctrl+C is the command's)
                future = pool.submit(_receive, path, config)
            return future.result()
        except BrokenProcessPool:
            pass
    try:
        sha = sha256_dropped(path)
    except OSError:  # gone, or no longer a plain file
        sha = ""
    with Ledger.open(config.ledger) as ledger:
        record = ledger.submission_by_hash(sha) if sha else None
        if record is not None:
            ledger.record_failure(record.id, CRASHED, failed_at=datetime.now(UTC))
    return Received(shown_name(path.name), sha, "failed", error=CRASHED)


def crashed_before(files: Sequence[Path], ledger: Ledger) -> list[Path]:
    """The files whose content killed its review process in an earlier run (hashed only when
    the ledger holds such a submission at all: receive_file hashes every file anyway)."""
    crashed = {r.sha256 for r in ledger.submissions() if r.error == CRASHED}
    if not crashed:
        return []
    out = []
    for path in files:
        try:
            if sha256_dropped(path) in crashed:
                out.append(path)
        except OSError:
            continue  # gone or swapped meanwhile: the pool's receive says so
    return out
