"""Failures in the words a user reads."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from catalog_check.failures import failure_text, os_error_text
from catalog_check.reader.errors import unreadable
from catalog_check.receive import outcome


@pytest.mark.parametrize(
    ("err", "text"),
    [
        (FileNotFoundError(errno.ENOENT, "No such file", "收件/a.xlsx"),
         "无法读写「收件/a.xlsx」：找不到该文件或目录"),
        (PermissionError(errno.EACCES, "Permission denied", "/var/x"),
         "无法读写「/var/x」：没有读写权限"),
        (OSError(errno.ENOSPC, "No space left on device"), "文件读写失败：磁盘空间不足"),
        (OSError(errno.EMLINK, "Too many links", "a"), "无法读写「a」：系统错误（错误码 31）"),
    ],
)
def test_os_errors_say_which_path_and_why(err: OSError, text: str) -> None:
    assert os_error_text(err) == text


def test_failure_text_keeps_chinese_and_names_anything_else_as_internal() -> None:
    assert failure_text(RuntimeError("审核程序出错")) == "审核程序出错"
    assert failure_text(unreadable("文件为空")) == "文件为空"
    assert failure_text(KeyError("sheet")) == "内部错误（KeyError）"
    # the archive's own refusals are OSErrors with a message only (shown as 错误码 None)
    from catalog_check.inbox import ArchiveError

    assert failure_text(ArchiveError("「a.csv」是符号链接，不予读取")) == (
        "「a.csv」是符号链接，不予读取")
    assert failure_text(NotADirectoryError(errno.ENOTDIR, "Not a directory", "x/y")) == (
        "无法读写「x/y」：路径中有一段不是目录"
    )


def test_a_crashed_task_becomes_a_failed_outcome_in_chinese() -> None:
    result = outcome(FileNotFoundError(errno.ENOENT, "No such file", "收件/a.xlsx"),
                     Path("收件/a.xlsx"))
    assert (result.name, result.outcome) == ("a.xlsx", "failed")
    assert result.error == "处理失败：无法读写「收件/a.xlsx」：找不到该文件或目录"


def test_a_temporary_prefect_server_that_did_not_start_is_said_with_what_to_do() -> None:
    """Prefect's RuntimeError when its temporary server misses its start-up time (seen on a
    busy 2-core machine) reads as what happened and what to do, not 内部错误（RuntimeError）."""
    from catalog_check.flows.commands import flow_failure_text

    exc = RuntimeError("Timed out while attempting to connect to ephemeral Prefect API server.")
    text = flow_failure_text(exc)
    assert text.startswith("本地 Prefect 服务器未能按时启动（机器繁忙时可能出现），请稍后重新运行")
    assert "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" in text
    assert flow_failure_text(RuntimeError("boom")) == "内部错误（RuntimeError）"
