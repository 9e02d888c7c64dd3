"""Chinese sentences for failures a user reads: file-system errors and errors of ours."""

from __future__ import annotations

import errno

__all__ = ["failure_text", "os_error_text", "os_reason"]

#: What an OSError says, in the words a user reads.
_OS_REASONS = {
    errno.ENOENT: "找不到该文件或目录",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "这是一个目录",
    errno.EACCES: "没有读写权限",
    errno.EPERM: "没有读写权限",
    errno.EROFS: "位于只读的磁盘上",
    errno.ENOSPC: "磁盘空间不足",
    errno.EEXIST: "已存在同名文件",
    errno.ECONNREFUSED: "连接被拒绝",
    errno.ECONNRESET: "连接被对方重置",
    errno.ETIMEDOUT: "连接超时",
    errno.ENETUNREACH: "网络不可达",
    errno.EHOSTUNREACH: "无法到达该主机",
}


def os_reason(err: OSError) -> str:
    """Why an OSError happened, in Chinese (连接被拒绝, 没有读写权限 …)."""
    return _OS_REASONS.get(err.errno or 0, f"系统错误（错误码 {err.errno}）")


def os_error_text(err: OSError) -> str:
    """A file-system error: which path, and why."""
    reason = os_reason(err)
    return f"无法读写「{err.filename}」：{reason}" if err.filename else f"文件读写失败：{reason}"


def failure_text(exc: BaseException) -> str:
    """Why something failed: a Chinese message as it is, a file-system error explained,
    anything else an internal error named for support (the traceback goes to the log)."""
    if isinstance(exc, OSError) and (exc.errno is not None or exc.filename):
        return os_error_text(exc)  # (an OSError raised with a Chinese message only says it)
    text = str(getattr(exc, "detail", None) or exc).strip()  # ReadError carries a detail
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    return f"内部错误（{type(exc).__name__}）"
