"""Tell a submission's format by its bytes, never by its name."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import olefile

from catalog_check.reader.errors import ReadError, encrypted, unreadable, unsupported

__all__ = ["HEAD_BYTES", "ole_kind", "sniff_bytes", "sniff_format", "text_kind", "zip_kind"]

HEAD_BYTES = 64 * 1024  # how much of a file the text sniffer looks at
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SMALL_MEMBER = 1 << 20  # metadata members read whole must be smaller than this

_ODS_TYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)
_ODF_OTHER = {
    b"application/vnd.oasis.opendocument.text": "ODF文本文档（.odt）",
    b"application/vnd.oasis.opendocument.presentation": "ODF演示文稿（.odp）",
}
# Magic numbers of formats people send by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF文档"),
    (b"\x89PNG\r\n\x1a\n", "图片"),
    (b"\xff\xd8\xff", "图片"),
    (b"GIF87a", "图片"),
    (b"GIF89a", "图片"),
    (b"II*\x00", "图片"),
    (b"MM\x00*", "图片"),
    (b"RIFF", "图片或音视频文件"),
    (b"Rar!\x1a\x07", "RAR压缩包，请直接提交表格文件"),
    (b"7z\xbc\xaf\x27\x1c", "7z压缩包，请直接提交表格文件"),
    (b"\x1f\x8b", "gzip压缩包，请直接提交表格文件"),
    (b"{\\rtf", "RTF文档"),
)
#: The delimiters a CSV may use (the full-width semicolon too: WPS exports).
DELIMITERS = (",", "\t", ";", "；")
#: Names under which delimited text is taken for a CSV (WPS and old systems export CSV
#: under spreadsheet names too).
_TABLE_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".xls", ".xlsx", ".xlsm", ".et", ".ods"})
_TEXT_CONTROL = frozenset({9, 10, 12, 13, 26, 27})  # tab, LF, FF, CR, Ctrl-Z (DOS EOF), ESC
#: Names of documents that are no spreadsheet: a damaged zip or compound file under one of
#: them is that document (a Word file sent by mistake), not a damaged workbook.
_OTHER_DOCUMENTS = {
    ".docx": "Word文档", ".doc": "Word文档", ".wps": "WPS文字文档", ".pptx": "演示文稿",
    ".ppt": "演示文稿", ".dps": "WPS演示文稿", ".odt": "ODF文本文档", ".odp": "ODF演示文稿",
    ".zip": "ZIP压缩包",
}


def _damaged(path: Path, what: str) -> ReadError:
    """A zip or compound file that cannot be opened: unsupported-format when its name says it
    is some other document, file-unreadable otherwise."""
    other = _OTHER_DOCUMENTS.get(path.suffix.lower())
    if other is not None:
        return unsupported(f"扩展名为{path.suffix}，是{other}")
    return unreadable(what)


def sniff_format(path: Path) -> str:
    """The format of a file by its bytes: xlsx, xlsm, xls, ods or csv; raises ReadError."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES + 1)
    except OSError as exc:
        raise unreadable("无法打开文件") from exc
    return sniff_bytes(path, head)


def sniff_bytes(path: Path, head: bytes) -> str:
    """The format of ``path`` given its first bytes (up to HEAD_BYTES + 1 of them)."""
    if not head:
        raise unreadable("文件为空")
    if head.startswith(ZIP_MAGIC) or head.startswith(EMPTY_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                return zip_kind(zf)
        except ReadError:
            raise
        except Exception as exc:  # BadZipFile, zlib.error, EOFError, RuntimeError ...
            raise _damaged(path, "压缩包已损坏，文件可能不完整") from exc
    if head.startswith(OLE_MAGIC):
        try:
            with olefile.OleFileIO(str(path)) as ole:
                return ole_kind(ole)
        except ReadError:
            raise
        except Exception as exc:  # olefile raises OSError, IndexError, struct.error ...
            raise _damaged(path, "Office复合文档结构已损坏") from exc
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise unsupported(f"文件内容为{what}")
    if head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00":
        raise unsupported("文件内容为图片")
    kind = text_kind(head, complete=len(head) <= HEAD_BYTES)
    suffix = path.suffix.lower()
    if suffix and suffix not in _TABLE_SUFFIXES:
        # Delimited text is a CSV only when its name says it is a table of some kind: a
        # README.md or a script with commas in it is not a submission.
        raise unsupported(f"文件为{suffix}文本文件")
    return kind


def _member_bytes(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > _SMALL_MEMBER:
        raise unreadable(f"压缩包中的{name}异常")
    return zf.read(info)


def zip_kind(zf: zipfile.ZipFile) -> str:
    """xlsx, xlsm or ods for a zip container; unsupported-format for any other zip;
    file-encrypted for a zip with a password (7-Zip, WinRAR) or an .ods saved with one."""
    if any(info.flag_bits & 0x1 for info in zf.infolist()):
        raise encrypted("压缩包设有密码")
    names = set(zf.namelist())
    if "xl/workbook.xml" in names:
        if "xl/vbaProject.bin" in names:
            return "xlsm"
        if "[Content_Types].xml" in names:
            types = _member_bytes(zf, "[Content_Types].xml").lower()
            if b"macroenabled" in types:
                return "xlsm"
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise unsupported("文件为Excel二进制工作簿.xlsb，另存为.xlsx即可读取", spreadsheet=True)
    if "mimetype" in names:
        mimetype = _member_bytes(zf, "mimetype").strip()
        if mimetype in _ODS_TYPES:
            return _ods(zf, names)
        if mimetype in _ODF_OTHER:
            raise unsupported(f"文件内容为{_ODF_OTHER[mimetype]}")
    if "content.xml" in names and "META-INF/manifest.xml" in names:
        manifest = _member_bytes(zf, "META-INF/manifest.xml")
        if any(t in manifest for t in _ODS_TYPES):
            return _ods(zf, names)
    if any(n.startswith("word/") for n in names):
        raise unsupported("文件内容为Word文档")
    if any(n.startswith("ppt/") for n in names):
        raise unsupported("文件内容为PowerPoint演示文稿")
    if any(n.lower().endswith((".xlsx", ".xls", ".csv", ".ods")) for n in names):
        raise unsupported("文件为ZIP压缩包，请直接提交表格文件")
    raise unsupported("文件为ZIP压缩包，其中没有表格文件")


def _ods(zf: zipfile.ZipFile, names: set[str]) -> str:
    """ods, unless LibreOffice or WPS saved it with a password: its manifest then holds
    manifest:encryption-data for the encrypted content.xml."""
    if "META-INF/manifest.xml" in names and b"encryption-data" in _member_bytes(
        zf, "META-INF/manifest.xml"
    ):
        raise encrypted()
    return "ods"


def ole_kind(ole: olefile.OleFileIO) -> str:
    """xls for an OLE2 file holding a workbook; encrypted or unsupported otherwise."""
    if ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage"):
        raise encrypted()
    if ole.exists("Workbook") or ole.exists("Book"):
        return "xls"
    if ole.exists("WordDocument"):
        raise unsupported("文件内容为Word文档")
    if ole.exists("PowerPoint Document"):
        raise unsupported("文件内容为PowerPoint演示文稿")
    if not ole.listdir():
        raise unreadable("Office复合文档结构已损坏")
    raise unsupported("文件为Office复合文档，其中没有工作表")


def _decode_head(head: bytes, complete: bool) -> str | None:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            try:
                return codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    # (a stray NUL in a CSV is one control character among many: a binary file holds
    # hundreds; UTF-16 without a BOM is caught here too, half its bytes being NUL)
    control = sum(1 for b in head[:8192] if b < 32 and b not in _TEXT_CONTROL)
    return control > max(2, len(head[:8192]) // 100)


def text_kind(head: bytes, *, complete: bool) -> str:
    """csv for delimited text (UTF-8, UTF-16 with BOM or GB18030); unsupported otherwise."""
    head = head[:HEAD_BYTES]
    if _looks_binary(head):
        raise unsupported("无法识别的二进制文件")
    text = _decode_head(head, complete)
    if text is None:
        # Text that decodes as neither UTF-8 nor GBK: a CSV in an unknown encoding.
        if any(d.encode() in head for d in (",", "\t", ";")):
            return "csv"
        raise unsupported("无法识别的文件内容")
    start = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start or "<?mso-application" in start:
            raise unsupported("文件为Excel 2003 XML表格，用Excel另存为.xlsx即可读取")
        if "<html" in start or "<!doctype html" in start or "<table" in start:
            raise unsupported("文件为网页格式（HTML），用Excel另存为.xlsx即可读取")
        raise unsupported("文件为XML文档")
    if not any(d in text for d in DELIMITERS):
        raise unsupported("文件为纯文本，没有分隔各列的逗号或制表符")
    return "csv"
