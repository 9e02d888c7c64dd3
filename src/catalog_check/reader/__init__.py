"""Read a submission into a Workbook: format by the bytes, limits before and while reading.

xlsx, xlsm, xls and ods are read with python-calamine; what it does not report is filled
in from the file itself: hidden rows of xlsx (a byte scan of the worksheet XML on its way
through the zip guard) and xls (the BIFF ROW records), merged ranges and hidden rows of
ods (content.xml, streamed with defusedxml). CSV goes through the csv module.

Every sheet's rows start at Excel row 1 and column A (rows[i] is Excel row i + 1; CSV:
row_numbers holds the line each record starts on). Rows of a sheet all have the same
length. Blank cells are "" as calamine gives them; read them with text.cell_text. Hidden
sheets are returned with hidden=True; the table step decides what to do with them.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from catalog_check.config import Limits
from catalog_check.reader.errors import ReadError, too_large, unreadable
from catalog_check.reader.limits import check_file_size
from catalog_check.reader.sniff import HEAD_BYTES, sniff_bytes, sniff_format
from catalog_check.workbook import Workbook

__all__ = ["ReadError", "read_workbook", "sniff_format"]

log = logging.getLogger(__name__)


def read_workbook(path: Path, limits: Limits = Limits()) -> Workbook:  # noqa: B008 - frozen
    """Read a submission; raises ReadError (and no other exception) when it cannot."""
    path = Path(path)
    try:
        return _read(path, limits)
    except ReadError:
        raise
    except MemoryError as exc:
        raise too_large("文件内容过大，内存不足") from exc
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except OSError as exc:
        raise unreadable("无法打开文件") from exc
    except BaseException as exc:  # what a parser raises on damaged content
        log.warning("reading %s failed with %s", path, type(exc).__name__, exc_info=True)
        raise unreadable("文件内容无法解析") from exc


def _read(path: Path, limits: Limits) -> Workbook:
    size = path.stat().st_size
    if size == 0:
        raise unreadable("文件为空")
    check_file_size(size, limits)
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES + 1)
    fmt = sniff_bytes(path, head)
    if fmt == "csv":
        from catalog_check.reader.csvfile import read_csv

        sheets = (read_csv(path, path.read_bytes(), limits),)
    elif fmt == "xls":
        from catalog_check.reader.spreadsheet import read_ole_workbook

        sheets = read_ole_workbook(path, limits)
    else:
        from catalog_check.reader.spreadsheet import read_zip_workbook

        try:
            with zipfile.ZipFile(path) as zf:
                sheets = read_zip_workbook(path, zf, fmt, limits)
        except zipfile.BadZipFile as exc:
            raise unreadable("压缩包已损坏，文件可能不完整") from exc
    return Workbook(path=path, format=fmt, sheets=sheets)
