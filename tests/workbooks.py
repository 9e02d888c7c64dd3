"""Builders of real submission files for tests: xlsx, xls, ods, csv and broken or hostile files.

Rows are lists of cell values (None = blank) placed from Excel row 1 (after any title rows)
and column A (or ``first_col``). Merged ranges are Excel references such as "A1:V1".
Every builder returns the path it wrote.
"""

from __future__ import annotations

import csv
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DEPARTMENT",
    "FILLER",
    "HEADER",
    "TITLE",
    "SheetSpec",
    "column_letter",
    "item_row",
    "items_sheet",
    "make_docx",
    "make_encrypted_xlsx",
    "make_pdf",
    "make_png",
    "make_zip_bomb",
    "parse_range",
    "truncate",
    "write",
    "write_csv",
    "write_ods",
    "write_xls",
    "write_xlsx",
]

DEPARTMENT = "浙江省公安厅"
TITLE = "浙江省公安厅群众和企业到政府办事“最多跑一次”事项目录（第二批）"
FILLER = (
    "填报单位（盖章）：浙江省公安厅    填报人：王芳    联系电话：0571-87280000"
    "    填报日期：2017年3月1日"
)

#: The template's header: every item field, in template order.
HEADER: tuple[str, ...] = (
    "序号", "事项名称", "子项名称", "事项编码", "事项类型", "实施部门", "行使层级", "设定依据",
    "受理条件", "申请材料", "办理流程", "法定办结时限", "承诺办结时限", "跑动次数", "例外说明",
    "是否即办件", "是否网上办理", "办理形式", "是否收费", "收费依据", "咨询电话", "备注",
)

_DEFAULTS: dict[str, Any] = {
    "子项名称": None,
    "事项编码": None,
    "事项类型": "行政许可",
    "实施部门": DEPARTMENT,
    "行使层级": "省级",
    "设定依据": "《保安服务管理条例》第八条",
    "受理条件": (
        "1.有不低于人民币100万元的注册资本；\n"
        "2.拟任的保安服务公司法定代表人和主要管理人员应当具备任职所需的专业知识"
    ),
    "申请材料": "1.设立申请书\n2.法定代表人身份证明\n3.注册资本证明",
    "办理流程": "申请→受理→审查→决定→送达",
    "法定办结时限": "20个工作日",
    "承诺办结时限": "10个工作日",
    "跑动次数": 1,
    "例外说明": None,
    "是否即办件": "否",
    "是否网上办理": "是",
    "办理形式": "窗口办理、网上办理",
    "是否收费": "否",
    "收费依据": None,
    "咨询电话": "0571-87280114",
    "备注": None,
}


def item_row(
    seq: Any, name: str, *, header: Sequence[str] = HEADER, **fields: Any
) -> list[Any]:
    """One item row aligned to ``header``: realistic defaults, overridden by ``fields``."""
    values = {**_DEFAULTS, "序号": seq, "事项名称": name, **fields}
    return [values.get(h) for h in header]


def items_sheet(
    names: Sequence[str], *, header: Sequence[str] = HEADER, **fields: Any
) -> list[list[Any]]:
    """A header row followed by one default item row per name (序号 1, 2, ...)."""
    return [list(header)] + [
        item_row(i, n, header=header, **fields) for i, n in enumerate(names, start=1)
    ]


def column_letter(index: int) -> str:
    """1-based column index → letters."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """"B3:D5" → (min_row, min_col, max_row, max_col), 1-based."""

    def cell(text: str) -> tuple[int, int]:
        letters = "".join(ch for ch in text if ch.isalpha())
        col = 0
        for ch in letters.upper():
            col = col * 26 + ord(ch) - 64
        return int(text[len(letters):]), col

    a, _, b = ref.partition(":")
    r1, c1 = cell(a)
    r2, c2 = cell(b or a)
    return r1, c1, r2, c2


@dataclass
class SheetSpec:
    """One sheet to write: rows start at Excel row 1, column ``first_col``."""

    name: str = "事项清单"
    rows: Sequence[Sequence[Any]] = ()
    merged: Sequence[str] = ()
    hidden: bool = False
    hidden_rows: Sequence[int] = ()
    first_col: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


def _with_titles(
    rows: Sequence[Sequence[Any]], title_rows: Sequence[Any], merged: Sequence[str], first_col: int
) -> tuple[list[list[Any]], list[str]]:
    """Title rows on top of ``rows``; a title given as a str is merged across the width."""
    width = max((len(r) for r in rows), default=1)
    out: list[list[Any]] = []
    merges: list[str] = []
    for r, title in enumerate(title_rows, start=1):
        if isinstance(title, str):
            out.append([title])
            if width > 1:
                merges.append(
                    f"{column_letter(first_col)}{r}:{column_letter(first_col + width - 1)}{r}"
                )
        else:
            out.append(list(title))
    out.extend(list(r) for r in rows)
    return out, merges + list(merged)


def _specs(
    rows: Sequence[Sequence[Any]] | None,
    sheets: Sequence[SheetSpec] | None,
    sheet_name: str,
    title_rows: Sequence[Any],
    merged: Sequence[str],
    hidden_rows: Sequence[int],
    hidden_sheets: dict[str, Sequence[Sequence[Any]]] | None,
    first_col: int,
) -> list[SheetSpec]:
    specs: list[SheetSpec] = list(sheets or [])
    if rows is not None:
        full, merges = _with_titles(rows, title_rows, merged, first_col)
        specs.insert(0, SheetSpec(sheet_name, full, merges, False, hidden_rows, first_col))
    for name, data in (hidden_sheets or {}).items():
        specs.append(SheetSpec(name, data, hidden=True))
    return specs


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]] | None = None,
    *,
    sheets: Sequence[SheetSpec] | None = None,
    sheet_name: str = "事项清单",
    title_rows: Sequence[Any] = (),
    merged: Sequence[str] = (),
    hidden_rows: Sequence[int] = (),
    hidden_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
    first_col: int = 1,
) -> Path:
    """An .xlsx written by openpyxl (title rows, merges, hidden rows and sheets)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for spec in _specs(rows, sheets, sheet_name, title_rows, merged, hidden_rows,
                       hidden_sheets, first_col):
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=spec.first_col):
                if value is not None:
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"
        for ref in spec.merged:
            ws.merge_cells(ref)
        for r in spec.hidden_rows:
            ws.row_dimensions[r].hidden = True
        if spec.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xls(
    path: Path,
    rows: Sequence[Sequence[Any]] | None = None,
    *,
    sheets: Sequence[SheetSpec] | None = None,
    sheet_name: str = "事项清单",
    title_rows: Sequence[Any] = (),
    merged: Sequence[str] = (),
    hidden_rows: Sequence[int] = (),
    hidden_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
    first_col: int = 1,
) -> Path:
    """An .xls (BIFF8) written by xlwt, as old Excel and WPS save them."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for spec in _specs(rows, sheets, sheet_name, title_rows, merged, hidden_rows,
                       hidden_sheets, first_col):
        ws = wb.add_sheet(spec.name, cell_overwrite_ok=True)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row, start=spec.first_col - 1):
                if value is not None:
                    ws.write(r, c, value)
        for ref in spec.merged:
            r1, c1, r2, c2 = parse_range(ref)
            ws.merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1)
        for r in spec.hidden_rows:
            ws.row(r - 1).hidden = True
        if spec.hidden:
            ws.visibility = 1
    wb.save(str(path))
    return path


def write_ods(
    path: Path,
    rows: Sequence[Sequence[Any]] | None = None,
    *,
    sheets: Sequence[SheetSpec] | None = None,
    sheet_name: str = "事项清单",
    title_rows: Sequence[Any] = (),
    merged: Sequence[str] = (),
    hidden_rows: Sequence[int] = (),
    hidden_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
    first_col: int = 1,
) -> Path:
    """An .ods written by odfpy (merges as spanned/covered cells, hidden rows collapsed)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    hidden_style = Style(name="taHidden", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden_style)
    for spec in _specs(rows, sheets, sheet_name, title_rows, merged, hidden_rows,
                       hidden_sheets, first_col):
        table = Table(name=spec.name, stylename=hidden_style) if spec.hidden else Table(
            name=spec.name
        )
        grid = [[None] * (spec.first_col - 1) + list(r) for r in spec.rows]
        width = max((len(r) for r in grid), default=0)
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for ref in spec.merged:
            r1, c1, r2, c2 = parse_range(ref)
            spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
            covered.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
            covered.discard((r1, c1))
            width = max(width, c2)
        height = max([len(grid)] + [parse_range(m)[2] for m in spec.merged])
        for r in range(1, height + 1):
            row_el = TableRow(visibility="collapse") if r in spec.hidden_rows else TableRow()
            values = grid[r - 1] if r <= len(grid) else []
            for c in range(1, width + 1):
                if (r, c) in covered:
                    row_el.addElement(CoveredTableCell())
                    continue
                value = values[c - 1] if c <= len(values) else None
                kw: dict[str, Any] = {}
                if (r, c) in spans:
                    kw["numberrowsspanned"], kw["numbercolumnsspanned"] = spans[(r, c)]
                if value is None:
                    cell = TableCell(**kw)
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(), **kw)
                    cell.addElement(P(text="TRUE" if value else "FALSE"))
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value, **kw)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string", **kw)
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                row_el.addElement(cell)
            table.addElement(row_el)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    title_rows: Sequence[Any] = (),
    lineterminator: str = "\r\n",
) -> Path:
    """A .csv as Excel saves it (GBK: encoding="gbk"; UTF-8 with BOM: "utf-8-sig")."""
    full, _ = _with_titles(rows, title_rows, (), 1)
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator=lineterminator)
        for row in full:
            writer.writerow(["" if v is None else v for v in row])
    return path


def write(path: Path, fmt: str, rows: Sequence[Sequence[Any]] | None = None, **kw: Any) -> Path:
    """Write ``rows`` in ``fmt`` (xlsx, xls, ods, csv) with the matching builder."""
    if fmt == "csv":
        return write_csv(path, rows or [], **kw)
    builder = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods}[fmt]
    return builder(path, rows, **kw)


# ---- files that are not what they should be -------------------------------------------------


def truncate(src: Path, dst: Path, keep: float = 0.5) -> Path:
    """A copy of ``src`` cut after ``keep`` of its bytes (an interrupted upload)."""
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


def make_encrypted_xlsx(src: Path, dst: Path, password: str = "zjga2017") -> Path:
    """``src`` encrypted with an open password, as Excel does (msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as f, open(dst, "wb") as out:
        OOXMLFile(f).encrypt(password, out)
    return dst


def make_docx(path: Path) -> Path:
    """A minimal Word document (a zip holding word/document.xml)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>事项目录'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
    return path


def make_pdf(path: Path) -> Path:
    """A small PDF file."""
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
        b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return path


def make_png(path: Path) -> Path:
    """A 1×1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


_BOMB_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://'
        'schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="事项清单" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
    b"<is><t>\xe4\xba\x8b\xe9\xa1\xb9\xe5\x90\x8d\xe7\xa7\xb0</t></is></c></row>"
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def _deflate_block(data: bytes) -> bytes:
    """Raw deflate of ``data`` ending on a byte boundary, not final: blocks concatenate."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush(zlib.Z_FULL_FLUSH)


def make_zip_bomb(
    path: Path, *, inflated_mb: int = 600, filler: bytes = b" ", declared_size: int | None = None
) -> Path:
    """A valid xlsx whose sheet1.xml holds ``inflated_mb`` MB of ``filler`` inside <sheetData>.

    Built from repeated deflate blocks, so it takes well under a second and ~1 MB on disk.
    ``declared_size`` makes the archive lie about the sheet's inflated size.
    """
    chunk = filler * (1 << 20)
    block = _deflate_block(chunk)
    members: list[tuple[str, int, int, int, list[bytes]]] = []  # name, crc, size, csize, data
    for name, text in _BOMB_PARTS.items():
        raw = text.encode()
        comp = _deflate_block(raw) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
        members.append((name, zlib.crc32(raw), len(raw), len(comp), [comp]))
    crc = zlib.crc32(_SHEET_HEAD)
    chunk_crc_parts = chunk
    for _ in range(inflated_mb):
        crc = zlib.crc32(chunk_crc_parts, crc)
    crc = zlib.crc32(_SHEET_TAIL, crc)
    parts = [_deflate_block(_SHEET_HEAD), *([block] * inflated_mb), _deflate_block(_SHEET_TAIL),
             zlib.compressobj(9, zlib.DEFLATED, -15).flush()]
    size = len(_SHEET_HEAD) + inflated_mb * len(chunk) + len(_SHEET_TAIL)
    members.append(("xl/worksheets/sheet1.xml", crc, size, sum(map(len, parts)), parts))
    central = b""
    offset = 0
    with open(path, "wb") as f:
        for name, m_crc, m_size, m_csize, data in members:
            declared = declared_size if declared_size is not None and name.endswith(
                "sheet1.xml") else m_size
            encoded = name.encode()
            local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, m_crc,
                                m_csize, declared, len(encoded), 0) + encoded
            f.write(local)
            for piece in data:
                f.write(piece)
            central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, 8, 0,
                                   0x21, m_crc, m_csize, declared, len(encoded), 0, 0, 0, 0, 0,
                                   offset) + encoded
            offset += len(local) + m_csize
        f.write(central)
        f.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                            len(central), offset, 0))
    return path
