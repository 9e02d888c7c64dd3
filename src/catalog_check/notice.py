"""The rejection notice (退回通知): a review turned into a Chinese email, composed but not sent.

Pure: everything comes in as arguments (the time too) and an ``EmailMessage`` goes out, so
drafts can be golden-tested and queued; :mod:`catalog_check.smtp` sends them. Every header
goes through the email library, and every value taken from a submission or the registry is
made one line first, so no name can add a header.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from typing import TYPE_CHECKING

from catalog_check.dates import beijing, day_text, moment_text
from catalog_check.fields import ITEM_FIELDS
from catalog_check.rules import Severity
from catalog_check.text import CONTROL, EMAIL, item_key
from catalog_check.verdict import ACCEPTED, REJECTED, UNREADABLE, FileReview, ItemResult

if TYPE_CHECKING:
    from catalog_check.registry import AuditGroup, Department

__all__ = [
    "MAX_ITEMS_IN_BODY",
    "Attachment",
    "Dropped",
    "NoticeError",
    "Round",
    "compose_notice",
    "has_item_warnings",
    "notice_subject",
    "one_line",
]

#: (filename, data, maintype, subtype)
Attachment = tuple[str, bytes, str, str]
#: Rejected items listed in the body; the rest are in the attached rejection list.
MAX_ITEMS_IN_BODY = 100
WHOLE_FILE = "文件需修改后重新提交"
#: The subject's end for a file that could not be read (cut off in transfer, encrypted …).
UNREADABLE_FILE = "文件无法读取，请重新报送"
#: The file-level codes a department mends by following the template's columns: its notice
#: carries the blank template under this name.
SHAPE_CODES = frozenset({"header-not-found", "missing-column"})
TEMPLATE_NAME = "事项目录统一模板.xlsx"
#: The items sheet's required columns, as the notice lists them.
REQUIRED_COLUMNS = tuple(f.name for f in ITEM_FIELDS if f.required)


# A Message-ID as make_msgid writes it (<…@domain>): nothing else goes into References.
_MESSAGE_ID = re.compile(r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+>")


def has_item_warnings(review: FileReview) -> bool:
    """Whether the file has warnings on its rows (提示 in the marked copy); a late file's
    warning alone is the auditors', not the department's."""
    return any(f.severity is Severity.WARNING and f.row is not None for f in review.findings)


@dataclass(frozen=True, slots=True)
class Dropped:
    """The items a department's earlier list passed that the file of a notice leaves out: that
    file replaces the list whole (rules.md), so they leave the catalogue. ``file``: the earlier
    list's name as sent; ``received``: when it came."""

    file: str
    received: datetime | None
    items: tuple[ItemResult, ...]

    def count_text(self) -> str:
        """缺少此前已通过的N项, as the subject and the intake line say it."""
        return f"缺少此前已通过的{len(self.items)}项"


@dataclass(frozen=True, slots=True)
class Round:
    """Where a file stands among its department's files: ``number``, its place (第N次报送);
    ``file`` and ``received``: the last earlier file of the list that was sent back (wholly or
    in part), and ``sent_back``: the keys (item_key) of the items rejected there."""

    number: int
    file: str | None = None
    received: datetime | None = None
    sent_back: frozenset[tuple[str, str]] = frozenset()

    def subject_text(self) -> str:
        """（第N次报送） after 审核意见, from the second file on."""
        return f"（第{self.number}次报送）" if self.number > 1 else ""


class NoticeError(ValueError):
    """A notice that cannot be composed (the message is Chinese)."""


def one_line(text: str | None) -> str:
    """The text with every line break and control character turned into one space."""
    return " ".join(CONTROL.sub(" ", text or "").split())


def header_text(text: str | None) -> str:
    """one_line for a mail header: an RFC 2047 encoded word written in a file or department
    name (=?utf-8?q?=0ABcc:…?=) is shown as written, never decoded into header lines."""
    return one_line(text).replace("=?", "=\u2060?")


def _check_headers(message: EmailMessage, subject: str) -> None:
    """Refuse a notice whose headers are not what we wrote (defence in depth: a Python
    older than 3.11.10 writes a line break decoded from a header value out raw)."""
    if str(message["Subject"]) != subject or any(
        "\n" in str(v) or "\r" in str(v) for part in message.walk() for _, v in part.items()
    ):
        raise NoticeError("退回通知的邮件头含有换行或编码字符，已拒绝生成，请检查文件名和部门名称")


def _addresses(text: str | None, display_name: str) -> list[Address]:
    """The mailbox as a one-element list; empty when it is missing or not one plain address."""
    addr = (text or "").strip()
    if not EMAIL.fullmatch(addr):
        return []  # a malformed registry entry is not sent to; the audit group gets the notice
    return [Address(display_name=header_text(display_name), addr_spec=addr)]


def _file_name(review: FileReview) -> str:
    return one_line(review.display_name)


def _rejected(review: FileReview) -> list[ItemResult]:
    return [i for i in review.items if i.status == REJECTED]


def _reasons(review: FileReview, item: ItemResult) -> list[str]:
    if item.reasons:
        return [one_line(r) for r in item.reasons]
    return [
        one_line(f.message)
        for f in review.ordered_findings
        if f.row == item.row and f.sheet == item.sheet and f.severity is Severity.ERROR
    ]


def _item_label(item: ItemResult) -> str:
    name = one_line(item.name) or "（未填写事项名称）"
    if item.subitem:
        name += f"——{one_line(item.subitem)}"
    return name


def notice_subject(
    review: FileReview, department: Department | None, batch: str, dropped: Dropped | None = None,
    round_: Round | None = None,
) -> str:
    """The subject line, e.g. 【退回】浙江省公安厅“最多跑一次”事项（第二批）审核意见：3项需修改.

    A file rejected for file-level problems (no header, missing column, unreadable …) ends
    in 文件需修改后重新提交; an unknown department is named by the file instead. A file that
    leaves out items its department's earlier list passed (``dropped``) says so at the end;
    from a department's second file on, 审核意见 is followed by its place (第2次报送).
    """
    what = (UNREADABLE_FILE if review.status == UNREADABLE
            else WHOLE_FILE if review.file_errors else f"{len(_rejected(review))}项需修改")
    lost = dropped.count_text() if dropped and dropped.items else ""
    opinion = "审核意见" + (round_.subject_text() if round_ else "")
    who = one_line(department.name) if department else f"未识别部门（文件「{_file_name(review)}」）"
    if review.status == ACCEPTED:  # a fix after a rejection: the answer the department awaits
        passed = "审核通过" + (f"，但{lost}" if lost else "")
        return header_text(f"【通过】{who}“最多跑一次”事项（{one_line(batch)}）{opinion}：{passed}")
    if lost:
        what += f"，{lost}"
    if _no_list(review, department):  # the cover letter, most often: for the group to check
        return header_text(f"【核实】{who}“最多跑一次”事项（{one_line(batch)}）："
                           f"{_no_list_subject(review)}")
    return header_text(f"【退回】{who}“最多跑一次”事项（{one_line(batch)}）{opinion}：{what}")


#: The subject's end for a file that is no spreadsheet and names no department.
NO_LIST = "收到的文件不是电子表格，请核实"
#: The codes of a file that is no list and nobody's: a cover letter, or a report of ours.
_NO_LIST_CODES = frozenset({"unsupported-format", "returned-report"})


def _no_list(review: FileReview, department: Department | None) -> bool:
    """A file that is no spreadsheet (a .docx, a .pdf) or a report of ours sent back (退回清单)
    and no department's: most often the cover letter sent with the list, or a reply with the
    wrong attachment, which the audit group only has to recognise."""
    return department is None and any(f.code in _NO_LIST_CODES for f in review.file_errors)


def _returned(review: FileReview) -> str | None:
    """Which report of ours the file is (退回清单, 审核报告), or None."""
    return next((dict(f.params).get("kind", "审核材料") for f in review.file_errors
                 if f.code == "returned-report"), None)


def _no_list_subject(review: FileReview) -> str:
    kind = _returned(review)
    return f"收到的是审核组出具的{kind}，不是事项目录，请核实" if kind else NO_LIST


def compose_notice(
    review: FileReview,
    *,
    department: Department | None,
    audit_group: AuditGroup,
    sender: str,
    batch: str,
    attachments: Sequence[Attachment],
    cc_audit_group: bool,
    now: datetime,
    resubmit_by: date | None = None,
    received_by: AuditGroup | None = None,
    after_rejection: bool = False,
    references: Sequence[str] = (),
    dropped: Dropped | None = None,
    round_: Round | None = None,
) -> EmailMessage:
    """Compose the rejection notice for a reviewed file (not accepted), or with
    ``after_rejection`` the notice that an accepted fix passed. ``references``: the
    Message-IDs of the notices sent before about the department's earlier files, oldest
    first: the mail client shows the rounds as one thread (In-Reply-To, References).
    ``dropped``: the items its department's earlier list passed that this file leaves out
    (listed, with what to do; an accepted file gets a notice for them alone). ``round_``: the
    file's place among its department's files and the items sent back last time (said in the
    subject and the opening; those still wrong are marked 上次已退回).

    To: the department's mailbox, Cc: its audit group's (when ``cc_audit_group``), and the
    group whose inbox received the file when that is another (``received_by``). With no
    department, or a department without a mailbox, the notice goes to ``audit_group``
    (pass the fallback 综合组 when there is no better one) and says why. The Message-ID
    carries the sender's domain.
    """
    if dropped is not None and not dropped.items:
        dropped = None
    if review.status == ACCEPTED and not after_rejection and dropped is None:
        raise NoticeError(f"文件「{_file_name(review)}」已通过审核，无需发送退回通知")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must carry a timezone")
    group_name = header_text(audit_group.name)
    group_addrs = _addresses(audit_group.email, group_name)
    dept_addrs = _addresses(department.email, department.name) if department else []
    if dept_addrs:
        to, cc = dept_addrs, (group_addrs if cc_audit_group else [])
        if cc_audit_group and received_by is not None and received_by.name != audit_group.name:
            cc = [*cc, *_addresses(received_by.email, header_text(received_by.name))]
    else:
        to, cc = group_addrs, []
    if not to:
        raise NoticeError(
            f"无法确定「{_file_name(review)}」退回通知的收件人：部门和审核小组{group_name}均未登记邮箱"
        )

    message = EmailMessage(policy=SMTP)
    subject = notice_subject(review, department, batch, dropped, round_)
    message["Subject"] = subject
    name, addr = parseaddr(one_line(sender))
    if not EMAIL.fullmatch(addr):
        raise NoticeError(f"发件人地址「{one_line(sender)}」无效，请检查 [mail] sender")
    message["From"] = Address(display_name=header_text(name) or f"“最多跑一次”{group_name}",
                              addr_spec=addr)
    message["To"] = to
    if cc:
        message["Cc"] = cc
    if group_addrs:
        message["Reply-To"] = group_addrs
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=addr.partition("@")[2])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies back to us
    ids = [i for i in references if _MESSAGE_ID.fullmatch(i)]
    if ids:
        message["In-Reply-To"] = ids[-1]
        message["References"] = " ".join(ids)

    names = [header_text(a[0]) for a in attachments]
    # The letter is dated as the reader's clock shows it: Beijing time.
    parts = _Parts(review, department, group_name, group_addrs, batch, names, resubmit_by,
                   beijing(now), dropped=dropped, after_rejection=after_rejection,
                   round_=round_)
    message.set_content(parts.text())
    message.add_alternative(parts.html(), subtype="html")
    for (_, data, maintype, subtype), filename in zip(attachments, names, strict=True):
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    _check_headers(message, subject)
    return message


class _Parts:
    """The body's parts, written once as plain text and once as HTML."""

    def __init__(
        self,
        review: FileReview,
        department: Department | None,
        group_name: str,
        group_addrs: list[Address],
        batch: str,
        attachment_names: list[str],
        resubmit_by: date | None,
        now: datetime,
        *,
        dropped: Dropped | None = None,
        after_rejection: bool = False,
        round_: Round | None = None,
    ) -> None:
        self.review = review
        self.round = round_
        statuses = {item_key(i.name, i.subitem): i.status for i in review.items if i.name}
        back = round_.sent_back if round_ else frozenset()
        # of the items sent back last time: mended (they pass now), still wrong, left out
        self.mended = sum(1 for k in back if statuses.get(k) == ACCEPTED)
        self.still = frozenset(k for k in back if statuses.get(k) == REJECTED)
        self.absent = len(back) - self.mended - len(self.still)
        self.dropped = dropped
        self.after_rejection = after_rejection
        self.department = department
        self.group_name = group_name
        self.group_mail = ", ".join(a.addr_spec for a in group_addrs)
        self.batch = one_line(batch)
        self.attachments = attachment_names
        self.template = TEMPLATE_NAME if TEMPLATE_NAME in attachment_names else None
        self.resubmit_by = resubmit_by
        self.now = now
        # File-level warnings (late-submission) are for the auditors: the review report.
        self.errors = review.file_errors
        self.rejected = _rejected(review)
        self.listed = self.rejected[:MAX_ITEMS_IN_BODY]

    # ---- the words, shared by both forms ----------------------------------------------------

    def greeting(self) -> str:
        if self.department and self.department.email and _addresses(self.department.email, ""):
            return f"{one_line(self.department.name)}："
        return f"{self.group_name}："

    def opening(self) -> list[str]:
        name = _file_name(self.review)
        received = f"（{moment_text(self.review.received)}收到）" if self.review.received else ""
        counts = self.review.counts
        if _returned(self.review):
            verdict = "审核意见如下。"
        elif _no_list(self.review, self.department):
            verdict = "如为事项目录，存在以下问题："
        elif self.review.status == ACCEPTED:
            verdict = f"事项共{counts['items']}项，全部通过审核。"
            if self.after_rejection and not self.absent:  # (else the round's line says so)
                verdict += "此前退回的问题均已修改" + ("。" if self.dropped else "，无需再次报送。")
            if self.dropped:
                verdict += f"但本文件{self.dropped.count_text()}，见下。"
        elif self.errors:
            verdict = "文件存在以下问题，整份退回，请修改后重新提交。"
        else:
            verdict = (
                f"事项共{counts['items']}项，通过{counts['accepted']}项，"
                f"需修改{counts['rejected']}项，请修改后重新提交。"
            )
        lines = []
        if _no_list(self.review, self.department) and (kind := _returned(self.review)):
            lines.append(
                f"收到文件「{name}」{received}，该文件是审核组出具的《{kind}》，不是事项目录，"
                "未作为事项目录审核。如为部门误将其作为修改稿报送，请提醒部门在标注版（或原文件）中"
                "修改后重新报送完整的事项目录；如为误放入收件箱，无需处理。"
            )
        elif _no_list(self.review, self.department):
            # A .docx or .pdf: most often the cover letter sent with the list, nobody's list.
            lines.append(
                f"收到文件「{name}」{received}，该文件不是电子表格，未能作为事项目录审核。"
                "如为报送函等随附材料，无需处理；如为部门误报的事项目录，请将本通知转交该部门。"
                "审核意见如下。"
            )
        elif self.department is None:
            why = (
                "表格中的实施部门不在省级部门名录中，或未填写" if self.review.items
                else "文件中未能读出任何事项"  # unreadable, no header: nobody's name to read
            )
            lines.append(
                f"收到文件「{name}」{received}，未能识别报送部门（{why}），无法直接退回。"
                "请核实报送部门后将本通知转交该部门，或告知其填写部门全称后重新提交。审核意见如下。"
            )
        elif not _addresses(self.department.email, ""):
            lines.append(
                f"{one_line(self.department.name)}报送的文件「{name}」{received}已审核。"
                "该部门邮箱未登记，请审核小组将本通知转交该部门。"
            )
        else:
            place = f"第{self.round.number}次" if self.round and self.round.number > 1 else ""
            lines.append(
                f"你单位{place}报送的“最多跑一次”事项目录（{self.batch}）文件「{name}」{received}"
                "已审核。"
            )
        lines.append(verdict)
        if line := self.round_line():
            lines.append(line)
        return lines

    def round_line(self) -> str | None:
        """What became of the items sent back last time (the first line says the round)."""
        r = self.round
        if r is None or not r.sent_back or not r.file or self.department is None:
            return None
        if self.review.status == ACCEPTED and not self.absent:
            return None  # a pass that mends them all: the verdict says so
        received = f"（{moment_text(r.received)}收到）" if r.received else ""
        total = len(r.sent_back)
        last = f"上次报送的「{one_line(r.file)}」{received}退回的{total}项"
        marked = "（下列标注“上次已退回”的事项）"
        if len(self.still) == total:
            return f"{last}均仍需修改{marked}。"
        parts = [f"{self.mended}项已修改通过"] if self.mended else []
        if self.still:
            parts.append(f"{len(self.still)}项仍需修改{marked}")
        if self.absent:
            parts.append(f"{self.absent}项不在本文件中")
        return f"{last}中，" + "，".join(parts) + "。"

    def item_rows(self) -> list[tuple[str, str, str, list[str]]]:
        return [
            (one_line(i.sheet) or "", str(i.row),
             _item_label(i)
             + ("（上次已退回）" if item_key(i.name, i.subitem) in self.still else ""),
             _reasons(self.review, i))
            for i in self.listed
        ]

    def more_items(self) -> str | None:
        rest = len(self.rejected) - len(self.listed)
        return f"另有{rest}项需修改的事项未在正文列出，详见附件退回清单。" if rest > 0 else None

    def dropped_title(self) -> str:
        assert self.dropped is not None
        return f"此前已通过但本文件中没有的事项（{len(self.dropped.items)}项）"

    def dropped_lead(self) -> str:
        assert self.dropped is not None
        received = (f"（{moment_text(self.dropped.received)}收到）"
                    if self.dropped.received else "")
        return (f"你单位此前报送的「{one_line(self.dropped.file)}」{received}中，"
                "以下事项已通过审核，但不在本文件中：")

    def dropped_rows(self) -> list[str]:
        assert self.dropped is not None
        file = one_line(self.dropped.file)
        rows = []
        for item in self.dropped.items[:MAX_ITEMS_IN_BODY]:
            sheet = f"「{one_line(item.sheet)}」" if item.sheet else ""
            rows.append(f"{_item_label(item)}（原「{file}」{sheet}第{item.row}行）")
        return rows

    def dropped_more(self) -> str | None:
        assert self.dropped is not None
        rest = len(self.dropped.items) - MAX_ITEMS_IN_BODY
        return f"另有{rest}项未在正文列出。" if rest > 0 else None

    def dropped_step(self) -> str:
        assert self.dropped is not None
        return (
            f"本批次以你单位最新报送的文件为准，本文件将替换此前报送的「{one_line(self.dropped.file)}」："
            f"上列{len(self.dropped.items)}项此前已通过，但不在本文件中，将不列入汇总目录。如需保留，"
            "请将其与本文件的事项合并为一份完整的事项目录重新报送；如确系删除或已更名，无需处理。"
        )

    def todo_title(self) -> str:
        return "说明" if self.review.status == ACCEPTED else "办理要求"

    def todo(self) -> list[str]:
        contact = f"（{self.group_mail}）" if self.group_mail else ""
        if self.review.status == ACCEPTED:
            steps = (["本次审核结论为通过，该文件作为你单位本批次事项目录，无需再次报送。"]
                     if self.dropped is None else ["本次审核结论为通过。", self.dropped_step()])
            if self.attachments:
                steps.append("附件中标为“提示”（黄色）的内容不影响审核结论，可结合实际一并完善。")
            return [*steps, f"如有疑问，请联系{self.group_name}{contact}。"]
        steps = []
        unreadable = self.review.status == UNREADABLE
        reports = [n for n in self.attachments if n != self.template]
        if reports:
            steps.append(
                ("详见附件：" if unreadable else "请对照附件修改：")
                + "；".join(f"《{n}》" for n in reports) + "。"
            )
        if self.template:
            steps.append(
                f"表格的列须与统一模板一致：请按附件《{self.template}》的列名填写（可将事项复制到"
                f"模板中），必填列为：{'、'.join(REQUIRED_COLUMNS)}。"
            )
        when = f"请于{day_text(self.resubmit_by)}前" if self.resubmit_by else "请尽快"
        passed = "；已通过的事项无需改动" if self.review.counts["accepted"] else ""
        if _returned(self.review):
            pass  # (the opening says what to do)
        elif _no_list(self.review, self.department):
            steps.append(f"如为部门误报的事项目录，{when}以电子表格格式重新报送完整文件。")
        elif unreadable:
            steps.append(f"{when}重新报送完整文件（文件如在传输中损坏，重新发送原文件即可）。")
        else:
            steps.append(
                f"{when}将修改后的完整文件重新报送（按原渠道报送完整文件，不要只报修改部分）"
                f"{passed}。"
            )
            if self.dropped:
                steps.append(self.dropped_step())
        if self.attachments and has_item_warnings(self.review):
            steps.append(
                "附件中标为“提示”（黄色）的内容不影响本次审核结论，不作为退回理由，"
                "可结合实际一并完善。"
            )
        if self.review.format == "csv" and self.rejected:
            # (cli.md: a CSV's rows are its lines; the marked copy says so too)
            steps.append(
                "原文件为 .csv 格式，文中行号为原文件的文本行号（单元格内有换行时，与表格软件中"
                "显示的行号不同），修改时请以附件标注版为准。"
            )
        steps.append(f"如有疑问，请联系{self.group_name}{contact}。")
        return steps

    def signature(self) -> list[str]:
        return [
            f"“最多跑一次”事项目录{self.group_name}",
            day_text(self.now),
            "（本邮件由系统自动发送，回复将送达审核小组）",
        ]

    # ---- plain text ---------------------------------------------------------------------------

    def text(self) -> str:
        out = [self.greeting(), "", *("    " + line for line in self.opening()), ""]
        number = iter("一二三四五六")
        if self.errors:
            out.append(f"{next(number)}、文件问题")
            out += [f"{n}. {one_line(f.message)}" for n, f in enumerate(self.errors, 1)]
            out.append("")
        if self.listed:
            out.append(f"{next(number)}、需修改的事项（{len(self.rejected)}项）")
            for n, (sheet, row, label, reasons) in enumerate(self.item_rows(), 1):
                where = f"「{sheet}」第{row}行" if sheet else f"第{row}行"
                out.append(f"{n}. {where} {label}")
                out += [f"   · {r}" for r in reasons]
            if more := self.more_items():
                out.append(more)
            out.append("")
        if self.dropped:
            out += [f"{next(number)}、{self.dropped_title()}", self.dropped_lead()]
            out += [f"{n}. {row}" for n, row in enumerate(self.dropped_rows(), 1)]
            if more := self.dropped_more():
                out.append(more)
            out.append("")
        out.append(f"{next(number)}、{self.todo_title()}")
        out += [f"{n}. {step}" for n, step in enumerate(self.todo(), 1)]
        out += ["", *self.signature()]
        return "\n".join(out) + "\n"

    # ---- HTML -------------------------------------------------------------------------------

    def html(self) -> str:
        e = html.escape
        cell = 'style="border:1px solid #bbb;padding:4px 6px;vertical-align:top"'
        head = 'style="border:1px solid #bbb;padding:4px 6px;background:#f2f2f2;text-align:left"'
        out = [
            "<!DOCTYPE html>",
            '<html lang="zh-CN"><head><meta charset="utf-8"></head>',
            "<body style=\"font-family:'Microsoft YaHei','PingFang SC',sans-serif;"
            'font-size:14px;line-height:1.6;color:#222">',
            f"<p>{e(self.greeting())}</p>",
            *(f'<p style="text-indent:2em">{e(line)}</p>' for line in self.opening()),
        ]
        number = iter("一二三四五六")
        if self.errors:
            out.append(f"<h3>{next(number)}、文件问题</h3><ol>")
            out += [f"<li>{e(one_line(f.message))}</li>" for f in self.errors]
            out.append("</ol>")
        if self.listed:
            out.append(f"<h3>{next(number)}、需修改的事项（{len(self.rejected)}项）</h3>")
            out.append('<table style="border-collapse:collapse">')
            titles = ("序号", "工作表", "行号", "事项名称", "需修改的问题")
            out.append("<tr>" + "".join(f"<th {head}>{h}</th>" for h in titles) + "</tr>")
            for n, (sheet, row, label, reasons) in enumerate(self.item_rows(), 1):
                problems = "<br>".join(e(r) for r in reasons)
                out.append(
                    f"<tr><td {cell}>{n}</td><td {cell}>{e(sheet)}</td><td {cell}>{e(row)}</td>"
                    f"<td {cell}>{e(label)}</td><td {cell}>{problems}</td></tr>"
                )
            out.append("</table>")
            if more := self.more_items():
                out.append(f"<p>{e(more)}</p>")
        if self.dropped:
            out.append(f"<h3>{next(number)}、{e(self.dropped_title())}</h3>")
            out.append(f"<p>{e(self.dropped_lead())}</p><ol>")
            out += [f"<li>{e(row)}</li>" for row in self.dropped_rows()]
            out.append("</ol>")
            if more := self.dropped_more():
                out.append(f"<p>{e(more)}</p>")
        out.append(f"<h3>{next(number)}、{self.todo_title()}</h3><ol>")
        out += [f"<li>{e(step)}</li>" for step in self.todo()]
        out.append("</ol>")
        out.append("<p>" + "<br>".join(e(line) for line in self.signature()) + "</p>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"
