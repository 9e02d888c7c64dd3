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
