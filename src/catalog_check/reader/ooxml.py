"""The few OOXML parts the reader parses itself (defusedxml): which member holds which sheet."""

from __future__ import annotations

import posixpath
import zipfile

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from catalog_check.reader.errors import unreadable

__all__ = ["sheet_members"]

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
                out[sheet.get("name", "")] = member
    return out
