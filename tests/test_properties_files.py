"""Property: a damaged, odd or hostile file is a file-level finding, never a traceback.

review_file on a mutated submission returns (no exception, ReviewError included), within a
few seconds; when the file could not be read its findings hold a file-level code with a
Chinese message; and `validate --json -` exits 0 or 1 with one JSON document on stdout.

Seeds: the shipped samples and files written by tests/workbooks.py (xlsx, xls, ods, GBK csv).
Mutations: bytes flipped, overwritten, inserted, deleted, duplicated or cut, of the whole
file or of one member of a zip re-zipped (sheet1.xml, sharedStrings.xml, styles.xml,
workbook.xml, [Content_Types].xml, content.xml); structural edits of the XML (absurd r=,
s=, spans, dimension and merge references, cell types, error values, number formats, odd
prologs and DTDs, repeated ods rows and columns, sheets pointing nowhere); CSV with NULs,
stray quotes, BOMs, long lines and many columns.

The hostile inputs found by hand (runs of tag starts, cells without r=, BOUNDSHEETs sharing
a sheet, huge number formats) have their own tests in test_reader.py and test_numfmt.py.
HYPOTHESIS_PROFILE=explore draws 2000 fresh examples per test.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
import warnings
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from drawing import examples
from guards import no_hang
from workbooks import TITLE, items_sheet, write_csv, write_ods, write_xls, write_xlsx

from catalog_check.reader.errors import FILE_CODES
from catalog_check.review import review_file

SAMPLES = Path(__file__).parent.parent / "samples" / "submissions"
FILE_LEVEL = FILE_CODES | {"header-not-found", "missing-column", "no-items"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
MEMBERS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
           "xl/workbook.xml", "[Content_Types].xml", "content.xml", "xl/_rels/workbook.xml.rels")


@cache
def seeds() -> tuple[tuple[str, bytes], ...]:
    """(suffix, bytes) of every seed file."""
    out = [(p.suffix, p.read_bytes()) for p in sorted(SAMPLES.iterdir())]
    rows = items_sheet(["保安服务公司设立许可", "民用爆炸物品购买许可", "剧毒化学品购买许可"])
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        out.append((".xlsx", write_xlsx(folder / "a.xlsx", rows, title_rows=[TITLE],
                                        hidden_rows=[3]).read_bytes()))
        out.append((".xls", write_xls(folder / "a.xls", rows, title_rows=[TITLE],
                                      hidden_rows=[3]).read_bytes()))
        out.append((".ods", write_ods(folder / "a.ods", rows, title_rows=[TITLE],
                                      merged=["A3:A4"]).read_bytes()))
        out.append((".csv", write_csv(folder / "a.csv", rows, encoding="gbk").read_bytes()))
    return tuple(out)


# XML edits: a pattern and what may replace one of its matches.
EDITS: tuple[tuple[bytes, tuple[bytes, ...]], ...] = (
    (rb'r="[A-Z]+\d+"', (b'r="A0"', b'r="XFE1"', b'r="A99999999"', b'r=""', b'r="1"',
                         b'r="A1048577"', b'r="GR200000"')),
    (rb'<row r="\d+"', (b'<row r="0"', b'<row r="-1"', b'<row r="99999999999999999999"',
                        b'<row hidden="1" r="1048576"', b"<row")),
    (rb'<c r="[A-Z]+\d+"', (b"<c",)),
    (rb's="\d+"', (b's="999999"', b's="-1"', b's="x"')),
    (rb'spans="[^"]*"', (b'spans="1:99999999"', b'spans="-5:3"')),
    (rb'ref="[^"]*"', (b'ref="A1:XFD1048576"', b'ref="A0"', b'ref="ZZZZZZ9999999999"',
                       b'ref="B2:A1"')),
    (rb't="\w+"', (b't="e"', b't="s"', b't="inlineStr"', b't="b"', b't="d"', b't="str"',
                   b't="zz"')),
    (rb"<v>[^<]*</v>", (b"<v>#N/A</v>", b"<v>99999999</v>", b"<v>-1</v>", b"<v>1e308</v>",
                        b"<v>nan</v>", b"<v>inf</v>", b"<v></v>", b"<v>" + b"9" * 400 + b"</v>",
                        b"<v>&amp;&lt;&#0;</v>")),
    (rb'formatCode="[^"]*"', (b'formatCode="0&quot;\xe5\xa4\xa9"', b'formatCode="["',
                              b'formatCode=";;;"', b'formatCode="' + b"0" * 3000 + b'"',
                              b'formatCode="' + b"0;" * 1000 + b'"',
                              b'formatCode="0' + b"%" * 200 + b'&quot;x&quot;"')),
    (rb'numFmtId="\d+"', (b'numFmtId="-1"', b'numFmtId="99999999999"', b'numFmtId="164"')),
    (rb"<\?xml[^>]*\?>", (b'<?xml version="1.0" encoding="GBK"?>',
                          b'<?xml version="1.0" encoding="UTF-16"?>',
                          b'<?xml version="1.0" encoding="bogus"?>',
                          b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>', b"")),
    (rb'name="[^"]*"', (b'name=""', b'name="' + b"x" * 300 + b'"', b'name="a/b*?[]"')),
    (rb"<t>", (b"<t>&#1;", b"<r><t>x</t></r><t>", b"<t>" + b"A" * 100000)),
    (rb"<c ", (b'<c t="inlineStr" r="B2"><is><t>x</t></is></c><c ',
               b'<c t="e" r="C3"><f>1/0</f><v>#DIV/0!</v></c><c ',
               b'<c t="s" r="D4"><v>999999999</v></c><c ')),
    (rb'Target="[^"]*"', (b'Target="../../../../etc/passwd"', b'Target=""',
                          b'Target="worksheets/none.xml"', b'Target="/xl/worksheets/sheet1.xml"')),
    (rb"<sheet ", (b'<sheet name="x" sheetId="9" r:id="rId99"/><sheet ',
                   b'<sheet state="veryHidden" ')),
    (rb"<table:table-row", (b'<table:table-row table:number-rows-repeated="1000000"',
                            b'<table:table-row table:number-rows-repeated="2000000000"',
                            b'<table:table-row table:visibility="collapse" '
                            b'table:number-rows-repeated="2000000000"')),
    (rb"<table:table-cell", (b'<table:table-cell table:number-columns-repeated="100000"',
                             b'<table:table-cell table:number-columns-repeated="-3"',
                             b'<table:table-cell table:number-rows-spanned="2000000000" '
                             b'table:number-columns-spanned="2000000000"',
                             b'<table:table-cell office:value-type="float" office:value="1e999"')),
)


@st.composite
def byte_edits(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with 1-4 byte-level edits."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            out = bytearray(b"x")
        at = draw(st.integers(0, len(out) - 1))
        op = draw(st.sampled_from(["flip", "overwrite", "cut", "insert", "delete", "repeat"]))
        if op == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            out[at : at + len(chunk)] = chunk
        elif op == "cut":
            del out[at:]
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        else:
            start = draw(st.integers(0, len(out) - 1))
            out[at:at] = out[start : start + draw(st.integers(1, 200))] * draw(st.integers(1, 3))
    return bytes(out)


@st.composite
def xml_edit(draw: st.DrawFn, data: bytes) -> bytes:
    pattern, choices = draw(st.sampled_from(EDITS))
    found = list(re.finditer(pattern, data))
    if not found:
        return draw(byte_edits(data))
    m = draw(st.sampled_from(found))
    return data[: m.start()] + draw(st.sampled_from(choices)) + data[m.end() :]


@st.composite
def rezipped(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` (a zip) with one member edited, removed or doubled, re-zipped."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        names = zin.namelist()
        parts = {n: zin.read(n) for n in names}
    target = draw(st.sampled_from([n for n in names if n in MEMBERS] or names))
    how = draw(st.sampled_from(["xml", "xml", "bytes", "remove", "double"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            body = parts[name]
            if name == target:
                if how == "remove":
                    continue
                body = draw(xml_edit(body) if how == "xml" else byte_edits(body))
            z.writestr(name, body)
        if how == "double":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the duplicate name is the point
                z.writestr(zipfile.ZipInfo(target), b"<x/>")
    return out.getvalue()


CSV_EDITS = (
    lambda d: d + b"," * 100_000 + b"\r\n",
    lambda d: d.replace(b",", b'"', 1),
    lambda d: d + b"\x00" * 10,
    lambda d: d + b"a" * 2_000_000,
    lambda d: d + b'"' + b"x" * 200_000 + b"\n",
    lambda d: b"\xff\xfe" + d,
    lambda d: b"\xef\xbb\xbf" + d,
    lambda d: d.replace(b",", b"\t"),
    lambda d: d + b'="' * 1000,
    lambda d: d + (b"a," * 5000 + b"\r\n") * 3,
    lambda d: d.replace(b"\r\n", b"\r"),
    lambda d: d + "事项名称,保安".encode() + b"\xa1" * 9,
)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix, data = draw(st.sampled_from(seeds()))
    if zipfile.is_zipfile(io.BytesIO(data)) and draw(st.booleans()):
        data = draw(rezipped(data))
    elif suffix == ".csv" and draw(st.booleans()):
        data = draw(st.sampled_from(CSV_EDITS))(data)
    else:
        data = draw(byte_edits(data))
    if draw(st.integers(0, 19)) == 0:
        suffix = draw(st.sampled_from([".xlsx", ".xls", ".csv", ".ods", ".docx", ".txt"]))
    return suffix, data


def _reviewed(tmp: Path, suffix: str, data: bytes) -> None:
    path = tmp / f"省公安厅-第二批{suffix}"
    path.write_bytes(data)
    with no_hang():  # a review takes ~0.1 s; the hangs found by fuzzing took hours
        review = review_file(path).file
    codes = {f.code for f in review.findings}
    if review.format is None:
        assert codes & FILE_CODES, codes
        assert review.status == "unreadable"
    for f in review.findings:
        assert CHINESE.search(f.message), (f.code, f.message)
        if f.code in FILE_LEVEL:
            assert f.row is None


@settings(max_examples=examples(500))
@given(damaged())
def test_a_damaged_file_is_a_finding(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as d:
        _reviewed(Path(d), suffix, data)


@settings(max_examples=examples(100))
@given(st.sampled_from([".xlsx", ".xls", ".csv", ".ods"]), st.binary(max_size=3000))
def test_random_bytes_are_a_finding(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        _reviewed(Path(d), suffix, data or b"\x00")


@settings(max_examples=examples(8))
@given(damaged())
def test_validate_prints_json_and_exits_0_or_1(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"a{suffix}"
        path.write_bytes(data)
        done = subprocess.run(
            [sys.executable, "-m", "catalog_check.cli", "validate", str(path), "--json", "-"],
            capture_output=True, timeout=60, check=False,
        )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")[-2000:]
    document = json.loads(done.stdout)
    assert len(document["files"]) == 1
    assert "Traceback" not in done.stderr.decode(errors="replace")
