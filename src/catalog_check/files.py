"""Files we write: names valid on every system, and whole-or-nothing writes."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog_check.interrupts import removed_if_stopped
from catalog_check.text import CONTROL, CONTROL_CHARS

__all__ = ["atomic_path", "safe_filename", "shown_name"]

_BAD_NAME = re.compile(f'[{CONTROL_CHARS}<>:"/\\\\|?*]+')
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
)


def shown_name(name: str, *, one_line: bool = True) -> str:
    """A file name or path as text a person reads, on one line: a name that is not UTF-8 on
    disk (GBK from a Windows zip or share, held by Python as lone surrogates) is read as
    GB18030, else with U+FFFD for the bytes that cannot be read; line breaks and other
    control characters become a space (a name cannot forge a line of a summary), unless
    ``one_line`` is False (a path a script reads back from JSON). Such a name can go to
    SQLite, JSON, mail, workbooks and the console."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        # part by part: a GBK file name in a UTF-8 folder (第四审核小组/<GBK name>)
        name = "/".join(map(_decoded, name.encode("utf-8", "surrogateescape").split(b"/")))
    return CONTROL.sub(" ", name) if one_line else name


def _decoded(raw: bytes) -> str:
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def safe_filename(name: str, *, fallback: str = "未命名", max_bytes: int = 150) -> str:
    """A file or folder name that is valid on Windows, macOS and Linux and never hidden."""
    text = unicodedata.normalize("NFC", name)
    text = _BAD_NAME.sub("_", text).strip().strip(".").strip()
    if text.split(".")[0].upper() in _RESERVED_NAMES:
        text = "_" + text
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    text = text.rstrip(". ")
    return text or fallback


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out`` (this process's own); move it onto ``out`` only
    when the block succeeds, so a reader never sees half a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.part{out.suffix}")
    try:
        with removed_if_stopped(tmp):
            yield tmp
            tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
