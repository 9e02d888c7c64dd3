"""What calamine does not tell about an .xls: encryption (FILEPASS) and hidden rows (ROW)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

__all__ = ["BiffError", "BiffInfo", "BiffSheet", "scan_biff"]

_HEAD = struct.Struct("<HH")
_BOF = 0x0809
_BOF_OLD = (0x0009, 0x0209, 0x0409, 0x0809)
_EOF = 0x000A
_FILEPASS = 0x002F
_BOUNDSHEET = 0x0085
_ROW = 0x0208
_MULRK = 0x00BD
# Records of cells holding a value (BLANK and MULBLANK only carry a format).
_VALUE_CELLS = frozenset({0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, _MULRK, 0x00D6, 0x0406})
_ROW_COL = struct.Struct("<HH")


class BiffError(ValueError):
    """The Workbook stream is not a well-formed chain of BIFF records."""


@dataclass(slots=True)
class BiffSheet:
    """One BOUNDSHEET: name, hidden flag, hidden Excel rows, last row and column with a value."""

    name: str
    hidden: bool
    hidden_rows: set[int] = field(default_factory=set)
    last_row: int = 0
    last_column: int = 0


@dataclass(slots=True)
class BiffInfo:
    """encrypted: the globals hold a FILEPASS record; sheets: per BOUNDSHEET, in order."""

    encrypted: bool = False
    sheets: list[BiffSheet] = field(default_factory=list)


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
    places: list[tuple[int, bool, str]] = []
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
        pos += 4 + length
        if kind == _EOF:
            break
    for where, hidden, name in places:
        sheet = BiffSheet(name, hidden)
        pos = where
        if pos + 4 > n or _HEAD.unpack_from(data, pos)[0] not in _BOF_OLD:
            raise BiffError("sheet without BOF")
        last_row = last_column = 0
        while True:
            if pos + 4 > n:
                raise BiffError("sheet not closed")
            kind, length = _HEAD.unpack_from(data, pos)
            if pos + 4 + length > n:
                raise BiffError("record runs past the stream")
            if kind in _VALUE_CELLS and length >= 6:
                rw, col = _ROW_COL.unpack_from(data, pos + 4)
                if kind == _MULRK:
                    (col,) = struct.unpack_from("<H", data, pos + 2 + length)
                if rw >= last_row:
                    last_row = rw + 1
                if col >= last_column:
                    last_column = col + 1
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
