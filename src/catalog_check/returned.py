"""Our own workbooks coming back: a 退回清单 or 审核报告.xlsx sent in as if it were a list.

A department that replies with the rejection list it was sent (instead of its mended list),
or a review report dropped into the inbox, sent no list. Read as one, the 退回清单 gave
header-not-found and the 审核报告's 事项结论 sheet gave items missing six columns, and either
became the department's latest file and its next round.
"""

from __future__ import annotations

from catalog_check.text import cell_text
from catalog_check.workbook import Workbook

__all__ = ["returned_report"]

#: The workbooks we write for a review, by their sheets (reports.rejection_list and
#: reports.review_book), and their name: the title their first sheet opens with, and how a
#: notice names them.
_OURS: dict[tuple[str, ...], str] = {
    ("退回清单",): "退回清单",
    ("概况", "问题清单", "规则统计", "事项结论"): "审核报告",
}


def returned_report(workbook: Workbook) -> str | None:
    """The name of the report of ours this workbook is (退回清单, 审核报告), or None: its sheets
    are exactly ours and its first cell is our title (a department's own sheet called 退回清单
    holding its list is its list)."""
    found = _OURS.get(tuple(s.name for s in workbook.sheets))
    if found is None:
        return None
    rows = workbook.sheets[0].rows
    first = cell_text(rows[0][0]) if rows and rows[0] else None
    return found if first is not None and first.endswith(found) else None
