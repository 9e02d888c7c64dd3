"""The reviewer's decisions on probable duplicates, read back from 疑似重复.xlsx."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from catalog_check.text import cell_text, clean, item_key, name_key

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "DECIDED_SHEET",
    "KEEP_APART",
    "MERGE",
    "PAIRS_HEADERS",
    "PAIRS_SHEET",
    "Decision",
    "Decisions",
    "DecisionsError",
    "Key",
    "Unclear",
    "decision_value",
    "item_key",
    "key_from_text",
    "key_text",
    "pair_key",
    "read_decisions",
]

Key = tuple[str, str]  # (normalised 事项名称, normalised 子项名称) — rules.md
MERGE, KEEP_APART = "合并", "不合并"
PAIRS_SHEET, DECIDED_SHEET = "疑似重复", "已处理"
_HEADER_DECISION = "处理意见"
_HEADER_KEY_A, _HEADER_KEY_B = "键A", "键B"
_VISIBLE = ("事项A", "子项A", "部门A", "事项B", "子项B", "部门B", "相似度", "原因")
#: The columns of the 疑似重复 and 已处理 sheets, as written and read back.
PAIRS_HEADERS = (*_VISIBLE, _HEADER_DECISION, _HEADER_KEY_A, _HEADER_KEY_B)

# What reviewers actually type in the 处理意见 column besides the two dropdown values. A
# decision is its first clause (合并，以人社厅为主办部门 is 合并); 不确定 and 合并/不合并 decide
# nothing.
_KEEP_APART_WORDS = frozenset({"否", "不是", "非重复", "不重复", "保留", "分列", "分别保留"})
_KEEP_APART = re.compile(
    "(?:建议|应|应当|可|拟)?(?:不|无需|无须|不需|不需要|不用|不予|不宜|不同意)(?:予以)?"
    "(?:合并|重复)?(?:\\(.*\\))?"
)
_MERGE_WORDS = frozenset({"是", "重复"})
_MERGE = re.compile(
    "(?:建议|应|应当|可|可以|需|需要|同意|予以|确认|已|拟)?(?:予以)?合并(?:\\(.*\\))?"
)
_CLAUSE_END = re.compile("[,，。;；:：、 ]")


def pair_key(a: Key, b: Key) -> frozenset[Key]:
    """Order-independent key of a pair of items."""
    return frozenset((a, b))


def key_text(key: Key) -> str:
    """A key as the text kept in the hidden key columns."""
    return json.dumps(list(key), ensure_ascii=False)


def key_from_text(text: str | None) -> Key | None:
    """Read a hidden key cell back; None when it is missing or not a key."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except (ValueError, TypeError):
        return None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    return None


def decision_value(text: str | None) -> str | None:
    """合并 / 不合并 from what a reviewer typed, read from its first clause (合并，以人社厅为
    主办部门 is 合并); None for blank or anything else."""
    key = _CLAUSE_END.split(name_key(text), 1)[0]
    if not key:
        return None
    if key in _KEEP_APART_WORDS or _KEEP_APART.fullmatch(key):
        return KEEP_APART
    if key in _MERGE_WORDS or _MERGE.fullmatch(key):
        return MERGE
    return None


@dataclass(frozen=True, slots=True)
class Decision:
    """One decided pair, with the visible values of its row and the 处理意见 as the person
    typed it (合并，以省水利厅审批处为主办: who leads, why), carried into the next file."""

    a: Key
    b: Key
    verdict: str  # 合并 | 不合并
    row: tuple[str, ...] = ()  # 事项A … 原因 as they were shown
    text: str = ""  # the 处理意见 as typed; empty when the decision was not typed

    @property
    def note(self) -> str:
        """What the 处理意见 column shows: the text as typed, else the verdict."""
        return self.text or self.verdict

    @property
    def merge(self) -> bool:
        """True when the pair is to be merged into one catalogue row."""
        return self.verdict == MERGE


@dataclass(frozen=True, slots=True)
class Unclear:
    """A 处理意见 that says neither 合并 nor 不合并, kept as written for the next file."""

    a: Key
    b: Key
    text: str


@dataclass(frozen=True, slots=True)
class Decisions:
    """Every decided pair; the last decision read for a pair wins. unclear: the texts read
    that decide nothing (the pair stays pending, and the text is written back to it)."""

    items: tuple[Decision, ...] = ()
    unclear: tuple[Unclear, ...] = ()
    _by_pair: dict[frozenset[Key], Decision] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_pair.clear()
        for d in self.items:
            self._by_pair[pair_key(d.a, d.b)] = d

    @classmethod
    def of(cls, decisions: Iterable[Decision]) -> Decisions:
        """Decisions from any iterable, later ones overriding earlier ones for the same pair."""
        by_pair: dict[frozenset[Key], Decision] = {}
        for d in decisions:
            if d.a != d.b:
                by_pair.pop(pair_key(d.a, d.b), None)
                by_pair[pair_key(d.a, d.b)] = d
        return cls(tuple(by_pair.values()))

    def unclear_text(self, a: Key, b: Key) -> str | None:
        """The undecided 处理意见 written for the pair (a, b), None when there is none."""
        pair = pair_key(a, b)
        return next((u.text for u in reversed(self.unclear) if pair_key(u.a, u.b) == pair),
                     None)

    def verdict(self, a: Key, b: Key) -> str | None:
        """合并, 不合并 or None (not decided) for the pair (a, b) in either order."""
        d = self._by_pair.get(pair_key(a, b))
        return d.verdict if d else None

    def merges(self) -> list[Decision]:
        """The pairs decided 合并."""
        return [d for d in self._by_pair.values() if d.merge]

    def __len__(self) -> int:
        return len(self._by_pair)

    def __contains__(self, pair: object) -> bool:
        return pair in self._by_pair


def _header_map(row: list[object]) -> dict[str, int]:
    out: dict[str, int] = {}
    for j, value in enumerate(row):
        k = name_key(value)
        if k and k not in out:
            out[k] = j
    return out


def _cell(row: list[object], j: int | None) -> str | None:
    if j is None or j >= len(row):
        return None
    return clean(row[j])


def _shown(row: list[object], j: int | None) -> str:
    if j is None or j >= len(row):
        return ""
    return (cell_text(row[j]) or "").strip()


class DecisionsError(ValueError):
    """The 疑似重复.xlsx holding the summary group's decisions cannot be read (a Chinese
    message naming the file and what to do)."""


def _read_book(wb: Workbook) -> tuple[list[Decision], list[Unclear]]:
    """The decisions and the unclear notes of an open 疑似重复 workbook (closed after)."""
    try:
        names = sorted(wb.sheetnames, key=lambda n: (n != DECIDED_SHEET, n != PAIRS_SHEET))
        found: list[Decision] = []
        unclear: list[Unclear] = []
        for sheet_name in names:
            rows = wb[sheet_name].iter_rows(values_only=True)
            header: dict[str, int] | None = None
            for raw in rows:
                row = list(raw)
                if header is None:
                    h = _header_map(row)
                    if _HEADER_DECISION in h and "事项A" in h and "事项B" in h:
                        header = h
                    continue
                written = _cell(row, header[_HEADER_DECISION])
                verdict = decision_value(written)
                if written is None:
                    continue
                a = key_from_text(_cell(row, header.get(_HEADER_KEY_A)))
                b = key_from_text(_cell(row, header.get(_HEADER_KEY_B)))
                if a is None or b is None:
                    a = item_key(_cell(row, header["事项A"]), _cell(row, header.get("子项A")))
                    b = item_key(_cell(row, header["事项B"]), _cell(row, header.get("子项B")))
                if not a[0] or not b[0]:
                    continue
                # The whole note as typed (full-width marks too), not only the word it was
                # read as, nor its cleaned form.
                typed = _shown(row, header[_HEADER_DECISION])
                if verdict is None:
                    unclear.append(Unclear(a, b, typed))
                    continue
                shown = tuple(_shown(row, header.get(h)) for h in _VISIBLE)
                found.append(Decision(a, b, verdict, shown, typed))
    finally:
        wb.close()
    return found, unclear


def read_decisions(path: Path) -> Decisions:
    """Read the 处理意见 of every sheet of a 疑似重复.xlsx; a missing file gives no decisions.

    Rows are matched by the hidden key columns; where those are blank (a row typed or
    copied by hand) the visible 事项/子项 columns give the keys. Sheet 已处理 is read before
    疑似重复, so a decision taken in the newer list wins.
    """
    path = Path(path)
    if not path.exists():
        return Decisions()
    from openpyxl import load_workbook

    try:
        found, unclear = _read_book(load_workbook(path, read_only=True, data_only=True))
    except Exception as exc:  # empty, cut short, another format saved under the name …
        # (a read-only book parses each sheet while its rows are read: the rows too)
        raise DecisionsError(
            f"「{path}」无法读取（不是完好的 .xlsx 文件），其中的处理意见未能采用：请在 Excel 中"
            "另存为 .xlsx，或用备份替换；删除该文件则重新生成（已填的处理意见将丢失）"
        ) from exc
    decided = Decisions.of(found)
    # A text that decides nothing is kept only where no decision covers the pair.
    return Decisions(decided.items,
                     tuple(u for u in unclear if decided.verdict(u.a, u.b) is None))
