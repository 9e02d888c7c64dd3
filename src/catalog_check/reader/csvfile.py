"""CSV submissions: UTF-8 (with or without BOM), GBK/GB18030 or UTF-16; delimiter sniffed."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

from catalog_check.config import Limits
from catalog_check.fields import is_header
from catalog_check.header import HEADER_SCAN_ROWS
from catalog_check.reader.errors import unreadable
from catalog_check.reader.limits import too_many_columns, too_many_rows
from catalog_check.reader.sniff import DELIMITERS
from catalog_check.workbook import Sheet

__all__ = ["decode_text", "read_csv", "sniff_delimiter"]

_SNIFF_RECORDS = 50


def decode_text(data: bytes) -> str:
    """Decode strictly as UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (covers GBK)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    if data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)  # the file says it is UTF-8: no other guess
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if len(encodings) == 1:  # a BOM named the encoding: say where the text breaks
                before = exc.object[: exc.start]  # (the bytes decoded: after a BOM)
                line = bytes(before).decode(encoding, errors="replace").count("\n") + 1
                raise unreadable(
                    f"文件标明为{'UTF-8' if encoding == 'utf-8-sig' else 'UTF-16'}编码，"
                    f"但第{line}行含有无法识别的字节（文件可能在导出或传输时损坏）"
                ) from exc
    raise unreadable("无法识别文件的文字编码，应为UTF-8或GBK")


def sniff_delimiter(text: str) -> str:
    """The delimiter under which the file reads as a table (comma when in doubt).

    Records are parsed with each candidate (quotes respected, so cells spanning lines count
    once). The winner splits a header out of the first records (the most cells that are
    headers of template.md), then gives the most records with the same number of fields
    (more than one), then the most fields. The header comes first: under a wrong delimiter
    the lines of multi-line cells (1.有注册资本；⏎2.有住所；) split into short records that
    outnumber the real ones.
    """
    sample = text[: 64 * 1024]
    best, best_score = ",", (0, 0, 0)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        widths: list[int] = []
        headers = 0
        try:
            for k, record in enumerate(
                csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            ):
                if k < HEADER_SCAN_ROWS:
                    headers = max(headers, _header_cells(record))
                if len(record) > 1:
                    widths.append(len(record))
                    if len(widths) >= _SNIFF_RECORDS and k >= HEADER_SCAN_ROWS:
                        break
        except csv.Error:
            continue
        if not widths:
            continue
        usual, times = Counter(widths).most_common(1)[0]
        score = (headers, times, usual)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_cells(record: list[str]) -> int:
    """How many cells of a record are headers of template.md (of items or materials)."""
    return sum(1 for v in record if v and len(v) <= 40 and is_header(v))


def _formula_text(value: str) -> str:
    """="0571-87280114" (Excel's way of keeping a leading 0 or a long number as text in a CSV)
    is the text it shows: 0571-87280114."""
    if len(value) >= 3 and value[:2] == '="' and value[-1] == '"':
        return value[2:-1].replace('""', '"')
    return value


def read_csv(path: Path, data: bytes, limits: Limits) -> Sheet:
    """One sheet named after the file; row_numbers are the lines each record starts on."""
    text = decode_text(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    width = 0
    line = 0
    formulas = '="' in text  # (most files hold none: no look at every cell)
    try:
        for record in reader:
            row_numbers.append(line + 1)
            line = reader.line_num
            if formulas and any(v[:2] == '="' for v in record):
                record = [_formula_text(v) for v in record]
            rows.append(record)
            if len(record) > width:
                width = len(record)
                too_many_columns(path.stem, width, limits)
            if len(rows) > limits.max_rows:
                too_many_rows(path.stem, len(rows), limits, counted=False)
    except csv.Error as exc:
        # (the only error of a non-strict reader: a field past csv.field_size_limit, which an
        # unpaired quote makes of the rest of the file, and one cell that long does too; a
        # quoted file holds an even number of ")
        if text.count('"') % 2:
            detail = f"CSV第{line + 1}行起引号不配对，其后内容无法读取，请检查该行的引号"
        else:
            detail = (f"CSV第{line + 1}行有单元格超过{csv.field_size_limit()}个字符，无法读取"
                      "（Excel单元格最多32767个字符），请核对该行")
        raise unreadable(detail) from exc
    for record in rows:
        if len(record) < width:
            record.extend([""] * (width - len(record)))
    return Sheet(name=path.stem, rows=rows, row_numbers=row_numbers)
