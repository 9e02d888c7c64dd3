"""What the catalogue tests merge: real department names, the aliases they are written with,
and items and submissions built with realistic defaults."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from catalog_check.catalogue import SourceItem, Submission
from catalog_check.text import name_key

GONGAN, JIANSHE, JIAOTONG = "浙江省公安厅", "浙江省住房和城乡建设厅", "浙江省交通运输厅"
ALIASES = {
    "省公安厅": GONGAN,
    GONGAN: GONGAN,
    "省建设厅": JIANSHE,
    JIANSHE: JIANSHE,
    "省交通运输厅": JIAOTONG,
    JIAOTONG: JIAOTONG,
}


def resolve(text: str) -> str | None:
    """The department a name stands for, among the three above."""
    return ALIASES.get(name_key(text))


def item(
    name: str,
    dept: str,
    row: int,
    subitem: str | None = None,
    *,
    path: str | None = None,
    typ: str | None = "行政许可",
    trips: int | None = 1,
    instant: bool | None = False,
    online: bool | None = True,
) -> SourceItem:
    """An accepted item of ``dept``'s submission, on row ``row`` of its 事项清单 sheet."""
    return SourceItem(
        name,
        subitem,
        typ,
        dept,
        path or f"archive/{dept}.xlsx",
        "事项清单",
        row,
        trips=trips,
        instant=instant,
        online=online,
    )


def submission(
    dept: str, items: Iterable[SourceItem], day: int = 10, path: str | None = None
) -> Submission:
    """``dept``'s submission, received on 2017-03-``day`` at 09:00."""
    return Submission(path or f"archive/{dept}.xlsx", dept, datetime(2017, 3, day, 9), tuple(items))
