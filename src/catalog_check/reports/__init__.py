"""Review reports: marked copy, review workbook and page, rejection list, blank template."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from catalog_check.dates import beijing
from catalog_check.files import atomic_path, safe_filename
from catalog_check.jsonout import json_bytes
from catalog_check.reports.marked import write_marked_copy
from catalog_check.reports.rejection_list import write_rejection_list
from catalog_check.reports.review_book import write_review_book
from catalog_check.reports.review_html import write_review_html
from catalog_check.reports.template import write_template
from catalog_check.verdict import ACCEPTED, UNKNOWN_DEPARTMENT, FileReview
from catalog_check.workbook import Workbook

if TYPE_CHECKING:
    from catalog_check.table import SheetLayout

__all__ = [
    "MARKED_SUFFIX",
    "REJECTION_LIST",
    "RESULT_JSON",
    "REVIEW_BOOK",
    "REVIEW_HTML",
    "original_stem",
    "report_folder",
    "write_marked_copy",
    "write_rejection_list",
    "write_reports",
    "write_review_book",
    "write_review_html",
    "write_template",
]

REVIEW_BOOK = "审核报告.xlsx"
REVIEW_HTML = "审核报告.html"
REJECTION_LIST = "退回清单.xlsx"
RESULT_JSON = "result.json"
MARKED_SUFFIX = "-标注版.xlsx"
_UNKNOWN_TIME = "时间未知"


def original_stem(review: FileReview) -> str:
    """The submitted file's name without folder and extension, safe as part of a file name."""
    name = re.split(r"[\\/]", review.name or review.path)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return safe_filename(stem, fallback="未命名文件", max_bytes=120)


def report_folder(root: Path, review: FileReview) -> Path:
    """root/<部门 or 未识别部门>/<received YYYYmmdd-HHMMSS>-<file stem>/ (not created here).

    When that folder already holds the reports of another file (same second, same name), the
    first eight hex digits of this file's sha256 are added so that neither overwrites the other.
    """
    department = safe_filename(review.department or UNKNOWN_DEPARTMENT, fallback=UNKNOWN_DEPARTMENT)
    when = (beijing(review.received).strftime("%Y%m%d-%H%M%S") if review.received
            else _UNKNOWN_TIME)
    base = f"{when}-{original_stem(review)}"
    folder = Path(root) / department / safe_filename(base)
    if _holds_other_file(folder, review.sha256):
        folder = folder.with_name(safe_filename(f"{base}-{review.sha256[:8]}"))
    return folder


def _holds_other_file(folder: Path, sha256: str) -> bool:
    result = folder / RESULT_JSON
    if not result.is_file():
        return False
    try:
        return json.loads(result.read_text(encoding="utf-8")).get("sha256") != sha256
    except (OSError, ValueError, AttributeError):
        return True


def write_reports(
    source: Path,
    workbook: Workbook | None,
    layouts: Sequence[SheetLayout],
    review: FileReview,
    folder: Path,
) -> dict[str, Path]:
    """Write every report of one file into ``folder``; return them by kind.

    Keys: review_book, review_html, rejection_list (only when something was rejected),
    marked (only when the workbook could be read), result_json (written last, so its presence
    means the folder is complete).
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = {
        "review_book": write_review_book(review, folder / REVIEW_BOOK),
        "review_html": write_review_html(review, folder / REVIEW_HTML),
    }
    if review.status != ACCEPTED:
        written["rejection_list"] = write_rejection_list(review, folder / REJECTION_LIST)
    if workbook is not None:
        out = folder / f"{original_stem(review)}{MARKED_SUFFIX}"
        written["marked"] = write_marked_copy(Path(source), workbook, layouts, review, out)
    result = folder / RESULT_JSON
    with atomic_path(result) as tmp:
        tmp.write_bytes(json_bytes(review.as_dict()))
    written["result_json"] = result
    return written
