"""Chinese summaries of each pipeline run: console lines and Markdown for Prefect artifacts."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog_check.config import Config
from catalog_check.dates import moment_text
from catalog_check.files import shown_name
from catalog_check.text import item_label
from catalog_check.verdict import ACCEPTED, STATUS_LABELS

if TYPE_CHECKING:  # importing receive would load the review engine for a type
    from catalog_check.catalogue import Consolidation, Submission
    from catalog_check.receive import Received

__all__ = [
    "bulletin_markdown",
    "consolidate_lines",
    "consolidate_markdown",
    "demo_lines",
    "intake_lines",
    "intake_markdown",
    "md",
    "notify_lines",
    "notify_markdown",
    "passed_over_line",
    "passed_over_validate_line",
]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>])")
OUTCOME_LABELS = {"reviewed": "已审核", "repeat": "重复提交（未再审核）", "failed": "处理失败",
                  "kept": "此前已审核"}


def md(text: Any) -> str:
    """Untrusted text made inert inside Markdown (and the HTML it becomes)."""
    flat = " ".join(str(text if text is not None else "").split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _status(r: Received) -> str:
    if r.outcome != "reviewed":
        return OUTCOME_LABELS[r.outcome]
    return STATUS_LABELS.get(r.status or "", r.status or "")


def intake_lines(results: Sequence[Received], inbox: Path | None = None) -> list[str]:
    """What one intake pass did, for the console; with nothing new, where the inbox looked
    at is (``inbox``: a file dropped into another folder is not waited for unseen)."""
    if not results:
        return ["收件箱中没有新文件。" + (f"收件箱位置：{inbox}" if inbox is not None else "")]
    counts = Counter(r.outcome for r in results)
    kept = f"，此前已审核但仍在收件箱 {counts['kept']} 个" if counts["kept"] else ""
    lines = [
        f"本次收件 {len(results)} 个文件：审核 {counts['reviewed']} 个，"
        f"重复提交 {counts['repeat']} 个，处理失败 {counts['failed']} 个{kept}。"
    ]
    for r in results:
        details = [r.department] if r.department else []
        if r.outcome == "reviewed":
            if r.round > 1:
                details.append(f"第{r.round}次报送")
            details.append(f"事项 {r.items} 项，退回 {r.rejected} 项")
            if r.late:
                details.append(f"逾期报送（{r.late}）")
            if r.dropped:
                details.append(f"较此前报送的「{r.dropped_from}」缺少已通过事项 {r.dropped} 项"
                               "（将不列入汇总目录）")
            if r.notice_id is not None:
                details.append("已排队通过通知" if r.status == ACCEPTED else "已排队退回通知")
        elif r.error:
            details.append(r.error)
        if r.note:
            details.append(r.note)
        lines.append(f"  {r.name}  [{_status(r)}]  " + "，".join(details))
    return lines


def intake_markdown(results: Sequence[Received], config: Config) -> str:
    """The intake artifact: one row per file, with where its reports are."""
    lines = ["# 收件审核结果", "", md(intake_lines(results, config.inbox)[0]), ""]
    if results:
        lines += ["| 文件 | 结果 | 部门 | 事项 | 退回 | 审核报告 |", "|---|---|---|---|---|---|"]
        for r in results:
            lines.append(
                f"| {md(r.name)} | {md(_status(r))} | {md(r.department or '')} | {r.items} "
                f"| {r.rejected} | {_report_link(r)} |"
            )
    lines += ["", f"工作目录：{md(config.root)}"]
    return "\n".join(lines)


def _report_link(r: Received) -> str:
    """A Markdown link to the file's HTML report (file:// on the machine that ran intake)."""
    if not r.report_dir:
        return md(r.error or "")
    page = Path(r.report_dir).resolve() / "审核报告.html"
    return f"[审核报告.html]({page.as_uri()})"


_HIDDEN_NAMES = "因文件名以“.”或“~$”开头{}（此类名称通常为隐藏文件或 Office 临时文件）"


def passed_over_line(paths: Sequence[Path]) -> str:
    """The workbooks intake left in the inbox for their names (inbox.passed_over), for the
    console and the flow's log."""
    return (f"收件箱中有 {len(paths)} 个文件{_HIDDEN_NAMES.format('未处理')}，"
            "如为报送文件请去掉开头的符号后重新放入："
            + "、".join(shown_name(p.name) for p in paths))


def passed_over_validate_line(paths: Sequence[Path]) -> str:
    """The same files left out of a folder given to validate (its paths, as given), for
    stderr."""
    return (f"注意：有 {len(paths)} 个文件{_HIDDEN_NAMES.format('未审核')}，"
            "如为报送文件请去掉开头的符号后重新审核，或直接给出文件路径："
            + "、".join(shown_name(str(p)) for p in paths))


def notify_lines(report: Any) -> list[str]:
    """What one mail pass did, for the console."""
    return report.summary().splitlines()


def notify_markdown(report: Any) -> str:
    """The notify artifact."""
    lines = ["# 退回通知发送结果", ""]
    lines += [md(line) for line in report.summary().splitlines()]
    return "\n\n".join(lines)


def consolidate_lines(result: Consolidation, folder: Path) -> list[str]:
    """What consolidation produced, for the console."""
    c = result.counts
    unusable = [s for s in result.submissions if not s.usable]
    aside = f"（其中 {len(unusable)} 个部门的文件整体退回，未纳入）" if unusable else ""
    return [
        f"汇总 {c['submissions']} 个部门的最新报送{aside}，通过事项 {c['items_in']} 项，"
        f"汇总目录 {c['catalogue']} 项；",
        f"跨部门重复 {c['duplicates_across_departments']} 项，"
        f"疑似重复 {c['probable_duplicates']} 对，"
        f"已在前批公布 {c['earlier_batch']} 项。",
        *([f"已按疑似重复.xlsx 中的处理意见合并 {c['merged_by_decision']} 对（合并后的行"
           "列明全部部门）。"] if c["merged_by_decision"] else []),
        *_superseded_lines(result),
        *_no_list_lines(unusable),
        *_restated_lines(result),
        *_set_aside_lines(result),
        *_unclear_lines(result),
        f"输出目录：{folder}",
    ]


def _no_list_lines(unusable: list[Submission]) -> list[str]:
    """Departments whose latest list was sent back whole, with none accepted before it."""
    if not unusable:
        return []
    return [f"以下 {len(unusable)} 个部门尚无事项纳入汇总目录"
            "（最新报送整体退回，待修改后重新报送）：",
            *(f"  {s.department}：{s.file or s.path}（{moment_text(s.received)}收到）"
              for s in unusable)]


def _restated_lines(result: Consolidation) -> list[str]:
    """Items of a body given in its department's file and again in its own: the later file's
    stand (its values, not a mix), the earlier file's are left out; said per file."""
    groups: dict[tuple[str, str], list[str]] = {}
    for s in result.restated:
        groups.setdefault((s.department, s.file or s.path), []).append(
            item_label(s.name, s.subitem))
    if not groups:
        return []
    lines = ["以下事项在两个文件中重复报送（所属单位自行报送，其上级部门的文件中也有），"
             "汇总目录以较晚收到的文件为准，较早文件中的未计入："]
    for (department, file), names in groups.items():
        lines.append(f"  {department}：{file} 中的 {len(names)} 项（" + "、".join(names[:5])
                     + ("等" if len(names) > 5 else "") + "）")
    return lines


def _superseded_lines(result: Consolidation) -> list[str]:
    """The replaced files whose accepted items their department's latest file lacks (a list
    sent in two parts, or items dropped in the fix): those items are not in the catalogue.
    A routine resubmission holding every item again is not listed."""
    lines = []
    for sub in result.superseded:
        lost = result.left_out(sub)
        if lost == ():
            continue
        what = (
            "审核结果无法读取，无法核对其事项" if lost is None
            else f"其中 {len(lost)} 项在该文件中通过、但最新报送中没有或未通过："
            + "、".join(item_label(s.name, s.subitem) for s in lost[:5])
            + ("等" if len(lost) > 5 else "")
        )
        lines.append(f"  {sub.file or sub.path}（{sub.department}，"
                     f"{moment_text(sub.received)}收到）：{what}")
    if not lines:
        return []
    return [
        f"以下 {len(lines)} 个文件已被同一部门较晚收到的报送取代（以最新报送为准），"
        "其事项未计入汇总目录；如为分批报送，请部门合并为一个文件后重新报送：",
        *lines,
    ]


def _set_aside_lines(result: Consolidation) -> list[str]:
    """Later files rejected as a whole: the catalogue keeps the department's earlier list."""
    kept = {s.department: s for s in result.submissions}
    by_department: dict[str, list[str]] = {}
    for sub in result.set_aside:
        if sub.department in kept:
            by_department.setdefault(sub.department, []).append(
                f"{sub.file or sub.path}（{moment_text(sub.received)}收到）")
    lines = []
    for department, files in by_department.items():
        basis = kept[department]
        lines.append(f"  {department}：{'、'.join(files)}整体退回，汇总目录沿用其"
                     f"{moment_text(basis.received)}收到的{basis.file or basis.path}"
                     f"（通过{len(basis.items)}项）")
    if not lines:
        return []
    return [f"以下 {len(lines)} 个部门在已通过的报送之后报送的文件整体退回，未取代已通过的报送；"
            "待部门修改后重新报送：", *lines]


def _unclear_lines(result: Consolidation) -> list[str]:
    """处理意见 that say neither 合并 nor 不合并: kept in 疑似重复.xlsx, the pair still pending."""
    pending = {p.keys: p for p in result.probable}
    pairs = ((u, pending.get(frozenset((u.a, u.b)))) for u in result.decisions.unclear)
    unclear = [(u, p) for u, p in pairs if p is not None]  # the pairs still listed
    if not unclear:
        return []
    shown = "；".join(f"「{u.text}」（{item_label(p.a.name, p.a.subitem)} / "
                     f"{item_label(p.b.name, p.b.subitem)}）" for u, p in unclear[:5])
    more = f"等{len(unclear)}条" if len(unclear) > 5 else ""
    return [f"疑似重复.xlsx 中有 {len(unclear)} 条处理意见未能识别为“合并”或“不合并”，"
            f"已原样保留，相应事项仍按疑似重复列出：{shown}{more}"]


def consolidate_markdown(result: Consolidation, paths: Mapping[str, Path]) -> str:
    """The consolidate artifact."""
    lines = ["# 汇总目录", ""]
    lines += [md(line) for line in consolidate_lines(result, Path())[:-1]]
    lines += ["", "文件："] + [f"- {md(p)}" for p in paths.values()]
    return "\n".join(lines)


def bulletin_markdown(bulletin: Any, paths: Mapping[str, Path]) -> str:
    """The bulletin artifact: the departments' progress as a table."""
    lines = [f"# {md(bulletin.title)}", "",
             "| 部门 | 是否报送 | 事项 | 通过 | 退回 | 逾期 | 备注 |",
             "|---|---|---|---|---|---|---|"]
    for row in bulletin.rows:
        late = "是" if row.late else ("否" if row.late is not None else "")
        # A body whose items came in its department's file: counted on that department's row.
        items, accepted, rejected = (
            ("—", "—", "—") if row.via else (row.items, row.accepted, row.rejected)
        )
        lines.append(
            f"| {md(row.department)} | {row.submitted_label} | {items} "
            f"| {accepted} | {rejected} | {late} | {md(row.remark)} |"
        )
    if bulletin.unattributed:
        lines += ["", f"未识别部门的来件（{len(bulletin.unattributed)}个）："]
        lines += [f"- {md(u.file_name)}（{md(u.status_label)}）" for u in bulletin.unattributed]
    lines += ["", "文件："] + [f"- {md(p)}" for p in paths.values()]
    return "\n".join(lines)


def demo_lines(config: Config, mail_folder: Path, messages: int) -> list[str]:
    """Where every output of the demo is."""
    root = config.root
    return [
        "演示完成。各项输出位置：",
        f"  收件箱（已处理的文件移入 processed/）：{root / 'inbox'}",
        f"  原件存档（按内容哈希命名）：{config.archive}",
        f"  审核报告（审核报告.xlsx / 审核报告.html / 标注版 / result.json）：{config.reports}",
        f"  退回通知（已发送的在 sent/ 中）：{config.outbox}",
        f"  本地邮件服务器收到的邮件（{messages} 封 .eml）：{mail_folder}",
        f"  汇总目录、疑似重复、已公布事项：{config.catalogue}",
        f"  进度通报：{config.bulletins}",
        f"  台账数据库：{config.ledger}",
    ]


def linked_line(paths: Sequence[Path]) -> str:
    """The links intake does not follow (inbox.linked), for the console and the flow's log."""
    return (f"收件箱中有 {len(paths)} 个快捷方式（符号链接）未处理（出于安全不读取链接指向的"
            "文件），请把文件本身复制进收件箱：" + "、".join(shown_name(p.name) for p in paths))
