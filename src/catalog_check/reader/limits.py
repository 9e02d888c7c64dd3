"""Size limits enforced before and while reading: file bytes, inflated zip size, rows, columns.

The zip guard inflates every member itself, in bounded chunks, counting the bytes it gets
rather than trusting the sizes the archive declares, so a zip bomb is refused after at most
``max_uncompressed_bytes`` of work and a few MB of memory. While a worksheet streams past it
also notes, without parsing the XML, what the spreadsheet library would otherwise load
first and check later: the last row holding a value, any value beyond the column limit, and
the rows marked hidden.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from catalog_check.config import Limits
from catalog_check.findings import column_letter
from catalog_check.reader.errors import encrypted, mb, too_large, unreadable

__all__ = [
    "SheetScan",
    "check_file_size",
    "column_index",
    "guard_zip",
    "too_many_columns",
    "too_many_rows",
    "unreferenced_extent",
]

_READ = 1 << 20  # compressed bytes read at a time
_OUT = 4 << 20  # most inflated bytes produced by one decompress call
_TAIL = 4096  # longest tail of a segment carried into the next one
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name length, extra length
_DTD = (b"<!DOCTYPE", b"<!ENTITY")

# Inside a tag, [^<>]* and not [^>]*: in XML an attribute value holds no "<", and a run of
# "<row <row …" with no ">" (in a comment) then costs one pass, not one pass per start.
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\s([^<>]*)>")
_ERROR_TYPE = b't="e"'
_HIDDEN_ATTR = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_R_ATTR = re.compile(rb"""\br\s*=\s*["']([A-Z]*)(\d+)["']""")
# A cell tag whose first attribute is not r= (every writer puts r= first: Excel, WPS,
# LibreOffice, openpyxl, XlsxWriter): maybe a cell without r=, which calamine places after
# the cell before it. A literal "<c" lets the search skip ahead fast (0.13 s on the 180 MB
# sheet of 100k items, where a test of every tag's attributes took 1.2 s); a hit is checked
# exactly by unreferenced_extent. Only cells matter: a cell with r= is placed by it, whatever
# its row says. A sheet binding the main namespace to a prefix (<x:c>) is searched with it.
_CELL_NOT_R_FIRST = rb"c[\s>/](?!r=)"
_MAIN_PREFIX = re.compile(
    rb"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*["'](?:http://schemas\.openxmlformats\.org/"""
    rb"""spreadsheetml/2006/main|http://purl\.oclc\.org/ooxml/spreadsheetml/main)["']"""
)
_TOKEN = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|v|is)(?=[\s/>])([^<>]*)>")


def check_file_size(size: int, limits: Limits) -> None:
    """file-too-large when the file itself is over max_file_mb."""
    if size > limits.max_file_bytes:
        raise too_large(f"文件大小{mb(size)}MB，超过{limits.max_file_mb:g}MB上限")


def too_many_rows(sheet: str, rows: int, limits: Limits, *, counted: bool = True) -> None:
    """file-too-large when a sheet reaches past max_rows; ``counted`` False: reading stopped
    at row ``rows``, so the sheet has at least that many (a CSV is not read to its end)."""
    if rows > limits.max_rows:
        size = f"有{rows}行，" if counted else "行数"
        raise too_large(f"工作表「{sheet}」{size}超过{limits.max_rows}行上限")


def too_many_cells(
    sheet: str, cells: int, limits: Limits, area: tuple[int, int] | None = None
) -> None:
    """file-too-large when a sheet holds more than max_cells values, or spans an area (rows ×
    columns, which calamine fills in whole) of more: a 3 MB xlsx of 100,000 rows × 200 short
    strings is within every other limit and took gigabytes and minutes."""
    if cells > limits.max_cells:
        what = (f"的表格区域为{area[0]}行×{area[1]}列，超过{limits.max_cells}个单元格上限"
                if area else f"的非空单元格超过{limits.max_cells}个上限")
        raise too_large(f"工作表「{sheet}」{what}")


def too_many_columns(sheet: str, columns: int, limits: Limits) -> None:
    """file-too-large when a sheet reaches past max_columns."""
    if columns > limits.max_columns:
        raise too_large(f"工作表「{sheet}」有{columns}列，超过{limits.max_columns}列上限")


def column_index(letters: bytes | str) -> int:
    """Excel column letters → 1-based index (A → 1, AA → 27)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def _beyond(limit: int) -> bytes:
    """A regex (bytes) matching exactly the column letters of columns after ``limit``."""
    top = column_letter(limit)
    parts = [b"[A-Z]{%d,}" % (len(top) + 1)]
    for i, ch in enumerate(top):
        if ch != "Z":
            rest = len(top) - i - 1
            tail = b"[A-Z]{%d}" % rest if rest else b""
            parts.append(top[:i].encode() + b"[%c-Z]" % (ord(ch) + 1) + tail)
    return b"(?:" + b"|".join(parts) + b")"


def _beyond_number(limit: int) -> bytes:
    """A regex (bytes) matching exactly the decimal numbers (no leading zero) above ``limit``."""
    top = str(limit)
    parts = [b"[1-9][0-9]{%d,}" % len(top)]
    for i, ch in enumerate(top):
        if ch != "9":
            rest = len(top) - i - 1
            tail = b"[0-9]{%d}" % rest if rest else b""
            parts.append(top[:i].encode() + b"[%c-9]" % (ord(ch) + 1) + tail)
    return b"(?:" + b"|".join(parts) + b")"


@dataclass(slots=True)
class SheetScan:
    """What a worksheet's XML showed on its way through the zip guard.

    cells: how many cells are written out (<c …>…</c>, not <c …/>); last_row: the last row
    holding a value
    (0 if none seen); far_column: the furthest
    column beyond the column limit holding a value (0 if none); hidden_rows: rows marked
    hidden; errors: a cell holds an error value (t="e": a formula showing #N/A), which
    calamine reads as empty (see ooxml.error_cells); unreferenced: a cell tag may have no r=
    attribute, so that last_row and far_column do not tell where calamine puts its values
    (see unreferenced_extent).
    """

    max_columns: int
    max_rows: int = 1_048_576
    cells: int = 0
    last_row: int = 0
    far_column: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    errors: bool = False
    unreferenced: bool = False  # a cell may have no r=: see unreferenced_extent
    _carry: bytes = b""
    _far: re.Pattern[bytes] | None = None
    _cell: re.Pattern[bytes] | None = None  # a cell tag without r= first (see feed)
    _cell_end: bytes = b"</c>"  # with the prefix, if any

    def __post_init__(self) -> None:
        # A value cell (not self-closing: <c .../> only carries a format) beyond the column
        # or the row limit. The pattern starts with "r=", not " r=", so a run of spaces costs
        # no match attempt per byte; the lookaheads (the shortest column letters and row
        # number beyond the limits) fail ordinary references at once.
        letters = len(column_letter(self.max_columns + 1))
        digits = len(str(self.max_rows + 1))
        self._far = re.compile(
            rb"""r=["'](?:(?=[A-Z]{%d})(%s)([0-9]+)|([A-Z]{1,3})(?=[0-9]{%d})(%s))["']"""
            % (letters, _beyond(self.max_columns), digits, _beyond_number(self.max_rows))
        )

    def feed(self, data: bytes) -> None:
        """Scan the next inflated bytes of the worksheet."""
        buf = self._carry + data if self._carry else data
        cut = buf.rfind(b">") + 1
        if cut == 0:
            # No complete tag: nothing to look at (filler, or one enormous text node).
            self._carry = buf[-_TAIL:]
            return
        if len(buf) - cut > _TAIL:
            cut = len(buf) - _TAIL
        self._carry = buf[cut:]
        self._scan(buf[:cut] if cut < len(buf) else buf)

    def close(self) -> None:
        """Scan whatever was left over."""
        if self._carry:
            self._scan(self._carry)
            self._carry = b""

    def _scan(self, seg: bytes) -> None:
        end = max(seg.rfind(b"</v>"), seg.rfind(b"</is>"))
        if end > 0:
            at = seg.rfind(b" r=", 0, end)
            if at >= 0:
                m = _R_ATTR.match(seg, at + 1)
                if m and m.group(1):
                    self.last_row = max(self.last_row, int(m.group(2)))
        assert self._far is not None
        gt = -1  # the end of the tag the last far reference was in (one look-up per tag:
        # a run of far references with no ">" after them costs one pass, not one per reference)
        for m in self._far.finditer(seg):
            if m.end() > gt:
                gt = seg.find(b">", m.end())
                if gt < 0:
                    break  # (an unfinished tag: as the pattern's [^>]*> did not match it)
            if seg[gt - 1] == 0x2F:  # "/": <c r="…" s="1"/> only carries a format
                continue
            if m.start() and seg[m.start() - 1] in b" \t\r\n":
                if m.group(1):
                    self.far_column = max(self.far_column, column_index(m.group(1)))
                    self.last_row = max(self.last_row, int(m.group(2)))
                else:
                    self.last_row = max(self.last_row, int(m.group(4)))
        if self._cell is None:  # the first segment holds the root element's namespaces
            prefix = _MAIN_PREFIX.search(seg)
            tag = b"<" + (re.escape(prefix.group(1)) + b":" if prefix else b"")
            self._cell = re.compile(tag + _CELL_NOT_R_FIRST)
            if prefix:
                self._cell_end = b"</" + prefix.group(1) + b":c>"
        self.cells += seg.count(self._cell_end)  # (a tag is never cut: see feed)
        if not self.unreferenced and self._cell.search(seg) is not None:
            self.unreferenced = True
        if not self.errors and _ERROR_TYPE in seg:  # (a tag is never cut: segments end at >)
            self.errors = True
        if b"hidden" in seg:
            for m in _ROW_TAG.finditer(seg):
                attrs = m.group(1)
                if _HIDDEN_ATTR.search(attrs):
                    r = _R_ATTR.search(attrs)
                    if r and not r.group(1):
                        self.hidden_rows.add(int(r.group(2)))


def _data_offset(f: BinaryIO, info: zipfile.ZipInfo) -> int:
    f.seek(info.header_offset)
    header = f.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise unreadable("压缩包已损坏，文件可能不完整")
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise unreadable("压缩包已损坏")
    return info.header_offset + _LOCAL_HEADER.size + name_len + extra_len


def guard_zip(
    path: Path, zf: zipfile.ZipFile, limits: Limits, scans: dict[str, SheetScan] | None = None
) -> int:
    """Inflate every member in bounded chunks; raise ReadError past the limit or on damage.

    ``scans`` maps member names to the SheetScan that should see their bytes. Returns the
    total inflated size.
    """
    scans = scans or {}
    limit = limits.max_uncompressed_bytes
    infos = [i for i in zf.infolist() if not i.is_dir()]
    declared = sum(i.file_size for i in infos)
    if declared > limit:
        raise too_large(f"解压后{mb(declared)}MB，超过{limits.max_uncompressed_mb:g}MB上限")
    total = 0
    with open(path, "rb") as f:
        for info in infos:
            if info.flag_bits & 0x1:
                raise encrypted("压缩包设有密码")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise unreadable(f"压缩包使用了不支持的压缩方式：{info.compress_type}")
            f.seek(_data_offset(f, info))
            scan = scans.get(info.filename)
            is_xml = info.filename.endswith((".xml", ".rels"))
            deflated = info.compress_type == zipfile.ZIP_DEFLATED
            inflate = zlib.decompressobj(-15) if deflated else None
            left = info.compress_size
            size = 0
            first = True
            while True:
                if inflate is not None and inflate.unconsumed_tail:
                    out = inflate.decompress(inflate.unconsumed_tail, _OUT)
                else:
                    if left <= 0:
                        break
                    chunk = f.read(min(_READ, left))
                    if not chunk:
                        raise unreadable("压缩包已损坏，文件可能不完整")
                    left -= len(chunk)
                    out = inflate.decompress(chunk, _OUT) if inflate is not None else chunk
                if out:
                    size += len(out)
                    total += len(out)
                    if total > limit:
                        raise too_large(f"解压后超过{limits.max_uncompressed_mb:g}MB上限")
                    if first and is_xml and any(d in out[:_READ] for d in _DTD):
                        raise unreadable(f"压缩包中的{info.filename}含有不允许的DTD声明")
                    first = False
                    if scan is not None:
                        scan.feed(out)
                if inflate is not None and inflate.eof:
                    break
            if inflate is not None and not inflate.eof:
                raise unreadable(f"压缩包中的{info.filename}已损坏")
            if size != info.file_size:
                raise unreadable(f"压缩包中的{info.filename}大小与记录不符")
            if scan is not None:
                scan.close()
    return total


def unreferenced_extent(xml: bytes) -> tuple[int, int]:
    """(last row, last column) holding a value in a worksheet whose rows or cells may lack the
    r= attribute, placed as calamine places them: a row without r= after the row before it, a
    cell without r= after the cell before it in its row. calamine builds a dense grid from
    A1 to there before anything can look at it (<row r="1000000"> with 200 cells without r=
    is 6 GB), so this pass comes first."""
    row = col = 0  # 1-based position of the last row and cell tag
    last_row = last_col = 0
    for m in _TOKEN.finditer(xml):
        closing, tag, attrs = m.group(1), m.group(2), m.group(3)
        if tag == b"row":
            if closing:
                continue
            ref = _R_ATTR.search(attrs)
            row = int(ref.group(2)) if ref and not ref.group(1) else row + 1
            col = 0
        elif tag == b"c":
            if closing:
                continue
            ref = _R_ATTR.search(attrs)
            if ref and ref.group(1):
                row, col = int(ref.group(2)), column_index(ref.group(1))
            else:
                col += 1
        elif closing:  # </v> or </is>: the cell holds a value
            last_row, last_col = max(last_row, row), max(last_col, col)
    return last_row, last_col
