"""What calamine does not tell about an .xls: encryption (FILEPASS), hidden rows (ROW), and
numbers under a format that adds text (FORMAT, XF: 20 under 0"天" shows 20天)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from catalog_check.reader.numfmt import NumberFormat, literal_format, render

__all__ = ["BiffError", "BiffInfo", "BiffSheet", "scan_biff"]

_HEAD = struct.Struct("<HH")
_BOF = 0x0809
_BOF_OLD = (0x0009, 0x0209, 0x0409, 0x0809)
_EOF = 0x000A
_FILEPASS = 0x002F
_BOUNDSHEET = 0x0085
_ROW = 0x0208
_MULRK = 0x00BD
_FORMAT = 0x041E
_XF = 0x00E0
_NUMBER = 0x0203
_RK = 0x027E
_FORMULA = 0x0006
# Records of cells holding a value (BLANK and MULBLANK only carry a format).
_VALUE_CELLS = frozenset({0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, _MULRK, 0x00D6, 0x0406})
_ROW_COL = struct.Struct("<HH")


class BiffError(ValueError):
    """The Workbook stream is not a well-formed chain of BIFF records."""


@dataclass(slots=True)
class BiffSheet:
    """One BOUNDSHEET: name, hidden flag, hidden Excel rows, last row and column with a value;
    shown: (Excel row, column) → the text of a number under a format that adds text."""

    name: str
    hidden: bool
    hidden_rows: set[int] = field(default_factory=set)
    last_row: int = 0
    last_column: int = 0
    shown: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(slots=True)
class BiffInfo:
    """encrypted: the globals hold a FILEPASS record; sheets: per BOUNDSHEET, in order;
    biff8: Excel 97-2003 (BIFF8), not Excel 5.0/95 (BIFF5) or older."""

    encrypted: bool = False
    sheets: list[BiffSheet] = field(default_factory=list)
    biff8: bool = True


def _sheet_name(payload: bytes, biff8: bool) -> str:
    if biff8:
        cch, high = payload[6], payload[7] & 1
        raw = payload[8 : 8 + cch * (2 if high else 1)]
        return raw.decode("utf-16-le" if high else "latin-1", errors="replace")
    cch = payload[6]
    raw = payload[7 : 7 + cch]
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _format_code(payload: bytes, biff8: bool) -> tuple[int, str]:
    """A FORMAT record: its number and its code."""
    (ifmt,) = struct.unpack_from("<H", payload, 0)
    if biff8:
        (cch,) = struct.unpack_from("<H", payload, 2)
        high = payload[4] & 1
        raw = payload[5 : 5 + cch * (2 if high else 1)]
        return ifmt, raw.decode("utf-16-le" if high else "latin-1", errors="replace")
    cch = payload[2]
    return ifmt, payload[3 : 3 + cch].decode("gbk", errors="replace")


def _rk(rk: int) -> float:
    """An RK number: a 30-bit integer or the top of a double, maybe divided by 100."""
    if rk & 2:
        value = float((rk >> 2) - (1 << 30) if rk & 0x80000000 else rk >> 2)
    else:
        value = struct.unpack("<d", struct.pack("<Q", (rk & 0xFFFFFFFC) << 32))[0]
    return value / 100 if rk & 1 else value


def _numbers(kind: int, data: bytes, at: int, length: int) -> list[tuple[int, int, int, float]]:
    """(row, column, XF, value) of each number a NUMBER, RK, MULRK or FORMULA record holds."""
    rw, col = _ROW_COL.unpack_from(data, at)
    if kind == _NUMBER and length >= 14:
        xf, value = struct.unpack_from("<Hd", data, at + 4)
        return [(rw, col, xf, value)]
    if kind == _RK and length >= 10:
        xf, rk = struct.unpack_from("<HI", data, at + 4)
        return [(rw, col, xf, _rk(rk))]
    if kind == _FORMULA and length >= 14:
        (xf,) = struct.unpack_from("<H", data, at + 4)
        if data[at + 12 : at + 14] == b"\xff\xff":
            return []  # a text, boolean or error result
        return [(rw, col, xf, struct.unpack_from("<d", data, at + 6)[0])]
    if kind == _MULRK:
        out = []
        for k in range((length - 6) // 6):
            xf, rk = struct.unpack_from("<HI", data, at + 4 + 6 * k)
            out.append((rw, col + k, xf, _rk(rk)))
        return out
    return []


def scan_biff(data: bytes) -> BiffInfo:
    """Walk the globals and each sheet's records; raise BiffError on a broken chain."""
    info = BiffInfo()
    n = len(data)
    if n < 8:
        raise BiffError("stream too short")
    kind, length = _HEAD.unpack_from(data, 0)
    if kind not in _BOF_OLD:
        raise BiffError("no BOF")
    biff8 = kind == _BOF and length >= 2 and _HEAD.unpack_from(data, 4)[0] == 0x0600
    info.biff8 = biff8
    places: list[tuple[int, bool, str]] = []
    formats: dict[int, NumberFormat] = {}  # FORMAT number → a format that adds text
    xf_formats: list[int] = []  # XF index → its FORMAT number
    pos = 0
    while True:
        if pos + 4 > n:
            raise BiffError("globals not closed")
        kind, length = _HEAD.unpack_from(data, pos)
        if pos + 4 + length > n:
            raise BiffError("record runs past the stream")
        if kind == _FILEPASS:
            info.encrypted = True
            return info
        if kind == _BOUNDSHEET and length >= 8:
            payload = data[pos + 4 : pos + 4 + length]
            (where,) = struct.unpack_from("<I", payload, 0)
            places.append((where, payload[4] & 0x3 != 0, _sheet_name(payload, biff8)))
        elif kind == _FORMAT and length >= 4:
            ifmt, code = _format_code(data[pos + 4 : pos + 4 + length], biff8)
            fmt = literal_format(code)
            if fmt is not None:
                formats[ifmt] = fmt
        elif kind == _XF and length >= 4:
            xf_formats.append(struct.unpack_from("<H", data, pos + 6)[0])
        pos += 4 + length
        if kind == _EOF:
            break
    styled = {i: formats[f] for i, f in enumerate(xf_formats) if f in formats}
    # Each sheet's records follow the globals and end before the next sheet's begin: BOUNDSHEET
    # records all pointing at one big sheet made this walk (and calamine) read it once per
    # sheet, minutes and GBs for a 1 MB file.
    starts = sorted(where for where, _, _ in places)
    if len(set(starts)) != len(starts) or (starts and starts[0] < pos):
        raise BiffError("sheets overlap")
    ends = dict(zip(starts, [*starts[1:], n], strict=True))
    for where, hidden, name in places:
        sheet = BiffSheet(name, hidden)
        pos = where
        end = ends[where]
        if pos + 4 > n or _HEAD.unpack_from(data, pos)[0] not in _BOF_OLD:
            raise BiffError("sheet without BOF")
        last_row = last_column = 0
        while True:
            if pos + 4 > n:
                raise BiffError("sheet not closed")
            kind, length = _HEAD.unpack_from(data, pos)
            if pos + 4 + length > end:
                raise BiffError("sheet runs into the next one")
            if kind in _VALUE_CELLS and length >= 6:
                rw, col = _ROW_COL.unpack_from(data, pos + 4)
                if kind == _MULRK:
                    (col,) = struct.unpack_from("<H", data, pos + 2 + length)
                if rw >= last_row:
                    last_row = rw + 1
                if col >= last_column:
                    last_column = col + 1
                if styled and kind in (_NUMBER, _RK, _MULRK, _FORMULA):
                    for r, c, xf, value in _numbers(kind, data, pos + 4, length):
                        fmt = styled.get(xf)
                        text = render(fmt, value) if fmt is not None else None
                        if text is not None:
                            sheet.shown[(r + 1, c + 1)] = text
            elif kind == _ROW and length >= 16:
                rw, flags = struct.unpack_from("<H10xH", data, pos + 4)
                if flags & 0x20:
                    sheet.hidden_rows.add(rw + 1)
            elif kind == _EOF:
                break
            pos += 4 + length
        sheet.last_row, sheet.last_column = last_row, last_column
        info.sheets.append(sheet)
    return info
