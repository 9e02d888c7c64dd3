"""JSON results as text: indented, UTF-8 Chinese as is, written to a file or to stdout.

orjson writes an indented 100k-item result in 0.1 s where the standard library takes 1.0 s
(0.3 s without indenting), so every result is indented, whatever its size.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson

__all__ = ["json_bytes", "write_json"]

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE


def json_bytes(document: Any) -> bytes:
    """``document`` as indented UTF-8 JSON ending in a newline; anything else via str()."""
    return orjson.dumps(document, default=str, option=_OPTIONS)


def write_json(target: str | Path, document: Any) -> None:
    """Write ``document`` to the file ``target``, or to stdout when ``target`` is "-"."""
    data = json_bytes(document)
    if str(target) == "-":
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a text-only stream (a test's StringIO)
            sys.stdout.write(data.decode("utf-8"))
            return
        sys.stdout.flush()
        out.write(data)
        out.flush()
    else:
        Path(target).write_bytes(data)
