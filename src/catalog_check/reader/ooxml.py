"""The few OOXML parts the reader parses itself (defusedxml): which member holds which sheet,
which cell styles show a number with text (0"天"), and the cells whose text calamine reads
wrong (a number under such a style, a formula showing an error)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from catalog_check.reader.errors import ReadError, unreadable
from catalog_check.reader.limits import column_index
from catalog_check.reader.numfmt import NumberFormat, literal_format, render

__all__ = ["error_cells", "formatted_cells", "literal_styles", "sheet_members"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_REL_ATTRS = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAX_PART = 16 << 20


def _parse(zf: zipfile.ZipFile, name: str):
    info = zf.getinfo(name)
    if info.file_size > _MAX_PART:
        raise unreadable(f"压缩包中的{name}异常")
    try:
        return ElementTree.fromstring(zf.read(info))
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise unreadable(f"压缩包中的{name}无法解析") from exc


def sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of its worksheet XML, from xl/workbook.xml and its rels."""
    names = set(zf.namelist())
    if "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets: dict[str, str] = {}
    for rel in _parse(zf, "xl/_rels/workbook.xml.rels").iter(_PKG_REL):
        target = rel.get("Target", "")
        if target.startswith("/"):
            member = target.lstrip("/")
        else:
            member = posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id", "")] = member
    out: dict[str, str] = {}
    root = _parse(zf, "xl/workbook.xml")
    for ns in (_MAIN, _STRICT):
        for sheet in root.iter(f"{ns}sheet"):
            rid = next((sheet.get(a) for a in _REL_ATTRS if sheet.get(a)), None)
            member = targets.get(rid or "")
            if member in names:
                if member in out.values():
                    # 1000 sheets of one 100 KB worksheet: calamine read it 1000 times
                    # (20 s, 2.5 GB); Excel never writes two sheets of one part.
                    raise unreadable(f"工作簿中多个工作表指向同一内容：{member}")
                out[sheet.get("name", "")] = member
    return out


_STYLES = "xl/styles.xml"
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})(\d+)["']""")
_CELL_TYPE = re.compile(rb"""\bt\s*=\s*["'](\w+)["']""")
_VALUE = re.compile(rb"<v>([^<]{1,40})</v>")
_TAG_END = re.compile(rb"[^<>]*?(/?>)")
_FEW_STYLES = 16


def literal_styles(zf: zipfile.ZipFile) -> dict[int, NumberFormat]:
    """Cell style (the index in cellXfs a cell's s= names) → its number format, for the
    custom formats that show a number with text (numfmt.literal_format). A styles part that
    cannot be parsed (or is over 16 MB, the bloat copy-paste leaves) gives none: the cells
    are then read as stored, as before."""
    if _STYLES not in zf.namelist():
        return {}
    try:
        root = _parse(zf, _STYLES)
    except ReadError:
        return {}
    formats: dict[str, NumberFormat] = {}
    for ns in (_MAIN, _STRICT):
        for numfmt in root.iter(f"{ns}numFmt"):
            fmt = literal_format(numfmt.get("formatCode") or "")
            if fmt is not None:
                formats[numfmt.get("numFmtId", "")] = fmt
    if not formats:
        return {}
    out: dict[int, NumberFormat] = {}
    for ns in (_MAIN, _STRICT):
        xfs = root.find(f"{ns}cellXfs")
        if xfs is not None:
            for index, xf in enumerate(xfs.iter(f"{ns}xf")):
                fmt = formats.get(xf.get("numFmtId", "0"))
                if fmt is not None:
                    out[index] = fmt
    return out


def formatted_cells(
    xml: bytes, styles: dict[int, NumberFormat]
) -> dict[tuple[int, int], str]:
    """(row, column) → the text Excel shows, for each number cell of a worksheet whose style
    is one of ``styles`` (literal_styles): 20 under 0"天" is 20天."""
    if len(styles) <= _FEW_STYLES:  # the usual case: one look for each style
        present = [i for i in styles if b' s="%d"' % i in xml]
        if not present:
            return {}
        styled = b"|".join(b"%d" % i for i in present)
    else:  # copy-paste leaves thousands of styles: one pass, each cell's style looked up
        styled = rb"\d+"
    out: dict[tuple[int, int], str] = {}
    for place, tag, value in _cells(xml, re.compile(rb'<c\s[^<>]*\bs="(' + styled + rb')"')):
        kind = _CELL_TYPE.search(tag.group(0))
        if kind is not None and kind.group(1) != b"n":
            continue  # text, boolean, error cells show as they are
        try:
            number = float(value)
        except ValueError:
            continue
        fmt = styles.get(int(tag.group(1)))
        text = render(fmt, number) if fmt is not None else None
        if text is not None:
            out[place] = text
    return out


# A cell holding an error value and what it shows: <c r="D5" s="2" t="e"><f>…</f><v>#N/A</v>
_ERROR_CELL = re.compile(rb'<c\s[^<>]*\bt="e"')


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """(row, column) → the error a cell shows (#N/A, #REF!, #VALUE!): a formula whose result is
    an error, which calamine reads as an empty cell (a required field was then "empty")."""
    return {place: value.decode("ascii", "replace")
            for place, _, value in _cells(xml, _ERROR_CELL)}


def _cells(
    xml: bytes, start: re.Pattern[bytes]
) -> Iterator[tuple[tuple[int, int], re.Match[bytes], bytes]]:
    """((row, column), the match of ``start`` in its tag, the <v> it holds) of each cell of a
    worksheet whose start tag begins with ``start`` and holds a value. Inside a tag [^<>]*
    (an attribute value holds no "<"), and each cell's content is looked at once: a run of
    "<c <c <c" in a comment, or cells without </c>, cost one pass, not one pass per cell."""
    pos = 0
    while (m := start.search(xml, pos)) is not None:
        close = _TAG_END.match(xml, m.end())
        if close is None:
            pos = m.end()  # a tag cut by "<" (in a comment): the scan stopped at that "<"
            continue
        pos = close.end()
        if close.group(0) == b"/>":
            continue  # <c r="A1" s="3"/> only carries a format
        end = xml.find(b"</c>", pos)
        if end < 0:
            return  # (and no cell after it has an end either)
        ref = _CELL_REF.search(xml, m.start(), pos)
        value = _VALUE.search(xml, pos, end)
        pos = end
        if ref is not None and value is not None:
            yield (int(ref.group(2)), column_index(ref.group(1))), m, value.group(1)
