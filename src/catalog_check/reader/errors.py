"""The one exception the reader raises: a file-level finding waiting to happen."""

from __future__ import annotations

__all__ = ["FILE_CODES", "ReadError"]

#: The file-level codes (rules.md) a ReadError may carry.
FILE_CODES = frozenset(
    {"unsupported-format", "file-unreadable", "file-encrypted", "file-too-large"}
)


class ReadError(Exception):
    """A submission that cannot be read.

    code: one of FILE_CODES; detail: Chinese detail for the message, such as
    "解压后超过500MB上限", "文件内容为PDF文档" or "xlsx压缩包已损坏"; spreadsheet: the file
    is a spreadsheet in a form not read (.xlsb, Excel 5.0/95), so still its department's list
    (a PDF or a Word letter is nobody's).
    """

    def __init__(self, code: str, detail: str = "", spreadsheet: bool = False) -> None:
        if code not in FILE_CODES:
            raise ValueError(f"not a file-level code: {code}")
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.spreadsheet = spreadsheet

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, bool]]:
        return (type(self), (self.code, self.detail, self.spreadsheet))


def unsupported(detail: str, *, spreadsheet: bool = False) -> ReadError:
    """unsupported-format with a detail (``spreadsheet``: see ReadError)."""
    return ReadError("unsupported-format", detail, spreadsheet)


def unreadable(detail: str) -> ReadError:
    """file-unreadable with a detail."""
    return ReadError("file-unreadable", detail)


def too_large(detail: str) -> ReadError:
    """file-too-large with a detail naming the limit."""
    return ReadError("file-too-large", detail)


def encrypted(detail: str = "文件设有打开密码") -> ReadError:
    """file-encrypted."""
    return ReadError("file-encrypted", detail)


def mb(n_bytes: int | float) -> str:
    """A byte count as the MB figure people configured (50, 0.5, 12.5)."""
    value = n_bytes / (1024 * 1024)
    return f"{round(value, 1):g}" if value >= 0.1 else f"{value:.3g}"
