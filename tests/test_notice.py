"""The rejection notice: composed, serialised and parsed back as a mail client would."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from html import escape as html_escape
from typing import cast

import pytest

from catalog_check.findings import finding
from catalog_check.notice import MAX_ITEMS_IN_BODY, NoticeError, compose_notice, one_line
from catalog_check.registry import AuditGroup, Department
from catalog_check.verdict import FileReview, ItemResult

CST = timezone(timedelta(hours=8))
NOW = datetime(2017, 3, 12, 10, 0, tzinfo=CST)
POLICE = Department("浙江省公安厅", ("省公安厅",), "gat@example.gov.cn", "第二审核小组")
GROUP2 = AuditGroup("第二审核小组", "shenhe2@example.gov.cn")
SUMMARY = AuditGroup("综合组", "zonghe@example.gov.cn")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
MARKED = "浙江省公安厅-第二批-标注版.xlsx"
LIST = "浙江省公安厅-退回清单.xlsx"
REASON_7 = "第7行「申请材料」：证明材料「无犯罪记录证明」未列明法律法规依据，应予取消"
REASON_9 = "第9行「承诺办结时限」：承诺办结时限「30个工作日」长于法定办结时限「20个工作日」"


def _partial(
    name: str = "省公安厅-第二批.xlsx", department: str | None = "浙江省公安厅"
) -> FileReview:
    return FileReview(
        path=f"inbox/第二审核小组/{name}",
        sha256="ab" * 32,
        format="xlsx",
        status="partial",
        department=department,
        items=(
            ItemResult("事项清单", 5, "保安服务公司设立许可", None, "accepted"),
            ItemResult("事项清单", 7, "剧毒化学品购买许可", None, "rejected", reasons=(REASON_7,)),
            ItemResult("事项清单", 8, "民用爆炸物品购买许可", None, "accepted"),
            ItemResult("事项清单", 9, "户口迁移审批", "投靠类", "rejected", reasons=(REASON_9,)),
        ),
        findings=(finding("late-submission", received="2017-03-11 09:00", deadline="2017-03-10"),),
        received=datetime(2017, 3, 11, 9, 0, tzinfo=CST),
        name=name,
    )


def _roundtrip(message: EmailMessage) -> EmailMessage:
    return cast(EmailMessage, BytesParser(policy=default).parsebytes(message.as_bytes()))


def _text(message: EmailMessage, subtype: str = "plain") -> str:
    """A body part's text with the CRLF line ends of the wire turned into newlines."""
    return message.get_body((subtype,)).get_content().replace("\r\n", "\n")


def _compose(review: FileReview, **overrides: object) -> EmailMessage:
    options: dict[str, object] = {
        "department": POLICE,
        "audit_group": GROUP2,
        "sender": "zuiduopaoyici@example.gov.cn",
        "batch": "第二批",
        "attachments": [(MARKED, b"PK\x03\x04marked", *XLSX), (LIST, b"PK\x03\x04list", *XLSX)],
        "cc_audit_group": True,
        "now": NOW,
        "resubmit_by": date(2017, 3, 15),
    }
    options.update(overrides)
    return compose_notice(review, **options)  # type: ignore[arg-type]


def test_partial_rejection_headers_and_chinese_subject() -> None:
    """To the department, Cc its audit group, replies to the group, subject counts the items."""
    parsed = _roundtrip(_compose(_partial()))
    assert parsed["Subject"] == "【退回】浙江省公安厅“最多跑一次”事项（第二批）审核意见：2项需修改"
    assert [a.addr_spec for a in parsed["To"].addresses] == ["gat@example.gov.cn"]
    assert [a.display_name for a in parsed["To"].addresses] == ["浙江省公安厅"]
    assert [a.addr_spec for a in parsed["Cc"].addresses] == ["shenhe2@example.gov.cn"]
    assert [a.addr_spec for a in parsed["Reply-To"].addresses] == ["shenhe2@example.gov.cn"]
    assert parsed["From"].addresses[0].addr_spec == "zuiduopaoyici@example.gov.cn"
    assert parsed["From"].addresses[0].display_name == "“最多跑一次”第二审核小组"
    assert parsed["Date"].datetime == NOW
    assert parsed["Message-ID"].endswith("@example.gov.cn>")
    assert parsed["Auto-Submitted"] == "auto-generated"


def test_partial_rejection_plain_body_lists_items_and_what_to_do() -> None:
    """The plain body names the file, counts, each rejected item with reasons, and the deadline."""
    parsed = _roundtrip(_compose(_partial()))
    assert _text(parsed) == (
        "浙江省公安厅：\n"
        "\n"
        "    你单位报送的“最多跑一次”事项目录（第二批）文件「省公安厅-第二批.xlsx」"
        "（2017年3月11日 09:00收到）已审核。\n"
        "    事项共4项，通过2项，需修改2项，请修改后重新提交。\n"
        "\n"
        "一、需修改的事项（2项）\n"
        "1. 「事项清单」第7行 剧毒化学品购买许可\n"
        f"   · {REASON_7}\n"
        "2. 「事项清单」第9行 户口迁移审批——投靠类\n"
        f"   · {REASON_9}\n"
        "\n"
        "二、办理要求\n"
        f"1. 请对照附件修改：《{MARKED}》；《{LIST}》。\n"
        "2. 请于2017年3月15日前将修改后的完整文件重新报送"
        "（按原渠道报送完整文件，不要只报修改部分）；"
        "已通过的事项无需改动。\n"
        "3. 如有疑问，请联系第二审核小组（shenhe2@example.gov.cn）。\n"
        "\n"
        "“最多跑一次”事项目录第二审核小组\n"
        "2017年3月12日\n"
        "（本邮件由系统自动发送，回复将送达审核小组）\n"
    )


def test_html_alternative_has_the_item_table() -> None:
    """The HTML part carries the same items in a table, with no external resources."""
    html = _text(_roundtrip(_compose(_partial())), "html")
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", html)]
    assert [c for c in cells if c] == [
        ["1", "事项清单", "7", "剧毒化学品购买许可", html_escape(REASON_7)],
        ["2", "事项清单", "9", "户口迁移审批——投靠类", html_escape(REASON_9)],
    ]
    assert "剧毒化学品购买许可" in html
    assert "「无犯罪记录证明」" in html
    assert "户口迁移审批——投靠类" in html
    assert "http" not in html


def test_attachments_keep_chinese_names_and_bytes() -> None:
    """RFC 2231 filenames come back intact from get_filename(), bytes unchanged."""
    message = _compose(_partial())
    raw = message.as_bytes()
    assert b"filename*0*=utf-8''%E6%B5%99%E6%B1%9F" in raw  # RFC 2231, not an encoded word
    parsed = _roundtrip(message)
    got = [
        (p.get_filename(), p.get_content_type(), p.get_content()) for p in parsed.iter_attachments()
    ]
    assert got == [
        (
            MARKED,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK\x03\x04marked",
        ),
        (
            LIST,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK\x03\x04list",
        ),
    ]


def test_no_cc_when_the_audit_group_is_not_copied() -> None:
    """cc_audit_group=False leaves Cc out (replies still go to the group)."""
    parsed = _roundtrip(_compose(_partial(), cc_audit_group=False))
    assert parsed["Cc"] is None
    assert [a.addr_spec for a in parsed["Reply-To"].addresses] == ["shenhe2@example.gov.cn"]


def test_whole_file_rejection_subject_and_file_problems() -> None:
    """A file rejected for a missing column says so in the subject and lists the problem."""
    review = FileReview(
        path="inbox/省公安厅.xlsx",
        sha256="cd" * 32,
        format="xlsx",
        status="rejected",
        department="浙江省公安厅",
        findings=(finding("missing-column", column="设定依据"),),
        name="省公安厅.xlsx",
    )
    parsed = _roundtrip(_compose(review, resubmit_by=None, attachments=[]))
    assert (
        parsed["Subject"]
        == "【退回】浙江省公安厅“最多跑一次”事项（第二批）审核意见：文件需修改后重新提交"
    )
    body = _text(parsed)
    assert "    文件存在以下问题，整份退回，请修改后重新提交。\n" in body
    assert "已通过的事项" not in body  # none passed: a whole file goes back
    assert "提示" not in body  # no warnings, no word about them
    assert (
        "一、文件问题\n1. 表格缺少必填列「设定依据」，请按统一模板补充「设定依据」列后重新提交\n"
        in body
    )
    assert "二、办理要求\n1. 请尽快将修改后的完整文件重新报送" in body
    assert list(parsed.iter_attachments()) == []


def test_a_file_of_another_shape_is_told_the_template_and_every_required_column() -> None:
    """No header we know: the notice names the attached blank template and every required
    column (it said 等列, and asked to follow a template the department was never sent)."""
    from catalog_check.notice import TEMPLATE_NAME

    review = FileReview(
        path="inbox/省水利厅-第二批.xlsx", sha256="cd" * 32, format="xlsx", status="rejected",
        department="浙江省公安厅", findings=(finding("header-not-found"),),
        name="省水利厅-第二批.xlsx",
    )
    attachments = [(MARKED, b"PK\x03\x04marked", *XLSX), (TEMPLATE_NAME, b"PK\x03\x04t", *XLSX)]
    body = _text(_roundtrip(_compose(review, attachments=attachments)))
    required = ("事项名称、事项类型、实施部门、设定依据、受理条件、申请材料、办理流程、"
                "承诺办结时限、跑动次数")
    assert f"表头须含全部必填列：{required}\n" in body
    assert f"1. 请对照附件修改：《{MARKED}》。\n" in body
    assert (f"2. 表格的列须与统一模板一致：请按附件《{TEMPLATE_NAME}》的列名填写（可将事项复制到"
            f"模板中），必填列为：{required}。\n") in body


def test_an_unreadable_file_is_asked_to_be_sent_again() -> None:
    """A file cut off in transfer: resend it (it was asked to 修改 and 对照附件修改)."""
    review = FileReview(
        path="inbox/省民政厅-第二批.xlsx", sha256="cd" * 32, format="xlsx", status="unreadable",
        department="浙江省公安厅", findings=(finding("file-unreadable", detail="压缩包已损坏"),),
        name="省民政厅-第二批.xlsx",
    )
    parsed = _roundtrip(_compose(review, attachments=[(LIST, b"PK\x03\x04list", *XLSX)]))
    assert parsed["Subject"] == (
        "【退回】浙江省公安厅“最多跑一次”事项（第二批）审核意见：文件无法读取，请重新报送")
    body = _text(parsed)
    assert f"1. 详见附件：《{LIST}》。\n" in body
    assert ("2. 请于2017年3月15日前重新报送完整文件（文件如在传输中损坏，重新发送原文件即可）。"
            in body)
    assert "修改后的完整文件" not in body


def test_unknown_department_goes_to_the_audit_group() -> None:
    """No department: To the (fallback) group, no Cc, subject and body say it was not identified."""
    review = _partial(name="目录.xlsx", department=None)
    parsed = _roundtrip(_compose(review, department=None, audit_group=SUMMARY))
    assert (
        parsed["Subject"]
        == "【退回】未识别部门（文件「目录.xlsx」）“最多跑一次”事项（第二批）审核意见：2项需修改"
    )
    assert [a.addr_spec for a in parsed["To"].addresses] == ["zonghe@example.gov.cn"]
    assert parsed["Cc"] is None
    body = _text(parsed)
    assert body.startswith(
        "综合组：\n\n    收到文件「目录.xlsx」（2017年3月11日 09:00收到），未能识别报送部门"
    )
    assert "请核实报送部门后将本通知转交该部门" in body
    assert "（表格中的实施部门不在省级部门名录中，或未填写）" in body
    unreadable = FileReview(path="inbox/x.xlsx", sha256="ef" * 32, format=None,
                            status="unreadable", department=None,
                            findings=(finding("file-unreadable", detail="压缩包已损坏"),),
                            name="省民政厅-第二批.xlsx")
    body = _text(_roundtrip(_compose(unreadable, department=None, audit_group=SUMMARY,
                                     attachments=[])))
    assert "未能识别报送部门（文件中未能读出任何事项）" in body


def test_a_file_that_is_no_spreadsheet_is_said_to_be_none() -> None:
    """A .docx or .pdf (most often the cover letter beside the list) is not called a list whose
    department could not be identified: the group is told what it is, and when to pass it on."""
    letter = FileReview(path="inbox/x.docx", sha256="cd" * 32, format=None,
                        status="unreadable", department=None,
                        findings=(finding("unsupported-format", detail="文件内容为Word文档"),),
                        name="省水利厅关于报送第二批事项目录的函.docx")
    body = _text(_roundtrip(_compose(letter, department=None, audit_group=SUMMARY,
                                     attachments=[])))
    assert body.startswith(
        "综合组：\n\n    收到文件「省水利厅关于报送第二批事项目录的函.docx」，"
        "该文件不是电子表格，未能作为事项目录审核。"
        "如为报送函等随附材料，无需处理；如为部门误报的事项目录，请将本通知转交该部门。"
    )
    assert "填写部门全称" not in body
    assert "1. 文件不是可读取的电子表格（文件内容为Word文档）" in body
    # nothing says it was rejected as a list to fix: it may be only the letter
    assert "如为事项目录，存在以下问题：" in body
    assert "整份退回" not in body
    assert "修改后的完整文件" not in body
    assert "1. 如为部门误报的事项目录，请于2017年3月15日前以电子表格格式重新报送完整文件。" in body
    subject = _roundtrip(_compose(letter, department=None, audit_group=SUMMARY,
                                  attachments=[]))["Subject"]
    assert subject == ("【核实】未识别部门（文件「省水利厅关于报送第二批事项目录的函.docx」）"
                       "“最多跑一次”事项（第二批）：收到的文件不是电子表格，请核实")


def test_a_csv_notice_says_its_rows_are_the_files_lines() -> None:
    """A CSV's rows are its text lines (cli.md): the notice says so, as the marked copy does;
    a workbook's notice does not."""
    from dataclasses import replace

    csv = replace(_partial(name="省公安厅-第二批.csv"), format="csv")
    body = _text(_roundtrip(_compose(csv)))
    assert "原文件为 .csv 格式，文中行号为原文件的文本行号（单元格内有换行时，与表格软件中" \
        "显示的行号不同），修改时请以附件标注版为准。" in body
    assert "文本行号" in _text(_roundtrip(_compose(csv)), "html")
    assert "文本行号" not in _text(_roundtrip(_compose(_partial())))


def test_department_without_mailbox_goes_to_its_group() -> None:
    """A registered department with no mailbox: the group gets it and is asked to pass it on."""
    nomail = Department("浙江省公安厅", (), "", "第二审核小组")
    parsed = _roundtrip(_compose(_partial(), department=nomail))
    assert [a.addr_spec for a in parsed["To"].addresses] == ["shenhe2@example.gov.cn"]
    assert parsed["Subject"].startswith("【退回】浙江省公安厅“最多跑一次”")
    assert "该部门邮箱未登记，请审核小组将本通知转交该部门。" in _text(parsed)


def test_no_recipient_at_all_is_an_error() -> None:
    """Neither the department nor the group has a mailbox: nothing to send to."""
    with pytest.raises(NoticeError, match="均未登记邮箱"):
        _compose(_partial(), department=None, audit_group=AuditGroup("综合组", ""))


def test_accepted_file_gets_no_notice() -> None:
    """An accepted file is not rejected, so there is no rejection notice."""
    accepted = FileReview("a.xlsx", "ef" * 32, "xlsx", "accepted", "浙江省公安厅", name="a.xlsx")
    with pytest.raises(NoticeError, match="已通过审核"):
        _compose(accepted)


def test_header_injection_through_names_is_neutralised() -> None:
    """CR/LF in a file, department or attachment name cannot add a header such as Bcc."""
    evil = "目录.xlsx\r\nBcc: spy@evil.example\r\nX-Evil: 1"
    review = _partial(name=evil, department=None)
    dept = Department(
        "浙江省公安厅\r\nBcc: spy@evil.example",
        (),
        "gat@example.gov.cn\r\nBcc: x@evil.example",
        "g",
    )
    for department in (None, dept):
        message = _compose(
            review,
            department=department,
            attachments=[("a\r\nBcc: spy@evil.example.xlsx", b"x", *XLSX)],
        )
        raw = message.as_bytes()
        parsed = _roundtrip(message)
        assert parsed["Bcc"] is None
        assert parsed["X-Evil"] is None
        assert b"\r\nBcc:" not in raw
        assert "\n" not in parsed["Subject"]
        every = [a.addr_spec for h in ("To", "Cc") if parsed[h] for a in parsed[h].addresses]
        assert "spy@evil.example" not in every
        assert "x@evil.example" not in every
        [attachment] = parsed.iter_attachments()
        assert attachment.get_filename() == "a Bcc: spy@evil.example.xlsx"
    assert (
        parsed["Subject"]
        == "【退回】浙江省公安厅 Bcc: spy@evil.example“最多跑一次”事项（第二批）审核意见：2项需修改"
    )


def test_encoded_words_in_names_are_shown_not_decoded() -> None:
    """An RFC 2047 encoded word in a file name (=?utf-8?q?=0ABcc:…?=) stays text in the
    subject: the email library never decodes it into a Bcc line (CVE-2024-6923 on 3.11.7)."""
    evil = "=?utf-8?q?=0D=0ABcc:_spy@evil.example=0D=0AX-Evil:_1?=.xlsx"
    message = _compose(_partial(name=evil, department=None), department=None,
                       attachments=[(evil, b"x", *XLSX)])
    raw = message.as_bytes()
    parsed = _roundtrip(message)
    assert b"\nBcc:" not in raw
    assert b"\nX-Evil:" not in raw
    assert parsed["Bcc"] is None
    assert parsed["X-Evil"] is None
    assert "\n" not in parsed["Subject"]
    shown = evil.replace("=?", "=\u2060?")
    assert f"文件「{shown}」" in parsed["Subject"]
    [attachment] = parsed.iter_attachments()
    assert attachment.get_filename() == shown


def test_long_lists_point_to_the_attachment() -> None:
    """Past MAX_ITEMS_IN_BODY rejected items, the body refers to the rejection list."""
    items = tuple(
        ItemResult("事项清单", 5 + n, f"事项{n}", None, "rejected", reasons=("缺少材料",))
        for n in range(MAX_ITEMS_IN_BODY + 3)
    )
    review = FileReview(
        "a.xlsx", "ef" * 32, "xlsx", "rejected", "浙江省公安厅", items=items, name="a.xlsx"
    )
    parsed = _roundtrip(_compose(review))
    assert parsed["Subject"].endswith(f"审核意见：{MAX_ITEMS_IN_BODY + 3}项需修改")
    body = _text(parsed)
    assert f"{MAX_ITEMS_IN_BODY}. 「事项清单」第{MAX_ITEMS_IN_BODY + 4}行" in body
    assert f"{MAX_ITEMS_IN_BODY + 1}. 「事项清单」" not in body
    assert "另有3项需修改的事项未在正文列出，详见附件退回清单。" in body


def test_one_line_removes_every_line_break() -> None:
    """CR, LF, NEL, LS, PS and other controls become single spaces."""
    assert one_line("a\r\nb\x85c\u2028d\u2029e\tf\x00g  h") == "a b c d e f g h"


def test_naive_time_is_refused() -> None:
    """The Date header needs a timezone."""
    with pytest.raises(ValueError, match="timezone"):
        _compose(_partial(), now=datetime(2017, 3, 12, 10, 0))


def test_sender_with_its_own_display_name_is_kept() -> None:
    """A configured sender such as 名称 <addr> keeps its name; a malformed one is refused."""
    parsed = _roundtrip(_compose(_partial(), sender="改革办 <zdpyc@example.gov.cn>"))
    [sender] = parsed["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("改革办", "zdpyc@example.gov.cn")
    with pytest.raises(NoticeError, match="发件人地址「not-an-address」无效"):
        _compose(_partial(), sender="not-an-address")


def test_the_letter_is_dated_by_the_local_clock_not_utc(monkeypatch) -> None:
    """Sent at 07:30 Beijing time (23:30 UTC the day before): the letter says the local day."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        late_utc = datetime(2017, 3, 12, 23, 30, tzinfo=UTC)
        body = _text(_roundtrip(_compose(_partial(), now=late_utc)))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert "“最多跑一次”事项目录第二审核小组\n2017年3月13日\n" in body


def test_message_id_takes_the_domain_of_a_named_sender() -> None:
    """A sender written with a display name still gives a well-formed Message-ID."""
    parsed = _roundtrip(_compose(_partial(), sender="省审改办 <zuiduopaoyici@example.gov.cn>"))
    assert parsed["Message-ID"].endswith("@example.gov.cn>")
    assert ">>" not in parsed["Message-ID"]


def test_warnings_on_items_are_said_not_to_be_reasons_for_return() -> None:
    """An item's 提示 (basis without an article) gets the line saying it needs no change; a late
    file's own warning (the auditors') does not."""
    import dataclasses

    warned = dataclasses.replace(_partial(), findings=(
        *_partial().findings,
        finding("basis-no-article", sheet="事项清单", row=5, column="设定依据", cell="G5",
                item="保安服务公司设立许可", value="《保安服务管理条例》"),
    ))
    body = _text(_roundtrip(_compose(warned)))
    assert "3. 附件中标为“提示”（黄色）的内容不影响本次审核结论，不作为退回理由，" in body
    assert "提示" not in _text(_roundtrip(_compose(_partial())))


def test_the_group_whose_inbox_received_the_file_is_copied_too() -> None:
    """The department's group is Cc'd; the group that received the file, when another, too
    (it dropped the file and should see the notice go); never twice, never without Cc."""
    other = AuditGroup("第三审核小组", "shenhe3@example.gov.cn")

    def copied(**overrides: object) -> list[str]:
        message = _roundtrip(_compose(_partial(), **overrides))
        return [a.addr_spec for a in message["Cc"].addresses] if message["Cc"] else []

    assert copied(received_by=other) == ["shenhe2@example.gov.cn", "shenhe3@example.gov.cn"]
    assert copied(received_by=GROUP2) == ["shenhe2@example.gov.cn"]
    assert copied() == ["shenhe2@example.gov.cn"]
    assert copied(received_by=other, cc_audit_group=False) == []


def test_a_pass_that_left_out_an_item_sent_back_does_not_say_all_were_mended() -> None:
    """A fix that passes but left out one of the items sent back last time (the department
    deleted it rather than mend it) was told 此前退回的问题均已修改: the opening now says what
    became of each item sent back."""
    from catalog_check.notice import Round

    review = FileReview(
        path="inbox/省公安厅-第二批（修改稿）.xlsx", sha256="cd" * 32, format="xlsx",
        status="accepted", department="浙江省公安厅",
        items=(ItemResult("事项清单", 5, "保安服务公司设立许可", None, "accepted"),
               ItemResult("事项清单", 6, "剧毒化学品购买许可", None, "accepted")),
        received=datetime(2017, 3, 12, 9, 0, tzinfo=CST), name="省公安厅-第二批（修改稿）.xlsx",
    )
    sent_back = frozenset({("剧毒化学品购买许可", ""), ("户口迁移审批", "投靠类")})
    place = Round(2, "省公安厅-第二批.xlsx", datetime(2017, 3, 8, 9, 0, tzinfo=CST), sent_back)
    parsed = _roundtrip(_compose(review, after_rejection=True, round_=place, attachments=[]))
    assert parsed["Subject"] == ("【通过】浙江省公安厅“最多跑一次”事项（第二批）"
                                 "审核意见（第2次报送）：审核通过")
    body = _text(parsed)
    assert "你单位第2次报送的“最多跑一次”事项目录" in body
    assert "均已修改" not in body
    assert ("    事项共2项，全部通过审核。\n"
            "    上次报送的「省公安厅-第二批.xlsx」（2017年3月8日 09:00收到）退回的2项中，"
            "1项已修改通过，1项不在本文件中。\n") in body


def test_an_item_sent_back_again_is_marked_in_both_bodies() -> None:
    """An item rejected in the file the department was told about and again now is marked
    上次已退回, in the plain and the HTML body; an item sent back for the first time is not."""
    from catalog_check.notice import Round

    place = Round(3, "省公安厅-第二批（修改稿）.xlsx", None,
                  frozenset({("剧毒化学品购买许可", "")}))
    parsed = _roundtrip(_compose(_partial(), round_=place))
    assert "审核意见（第3次报送）：2项需修改" in parsed["Subject"]
    plain, page = _text(parsed), _text(parsed, "html")
    assert "1. 「事项清单」第7行 剧毒化学品购买许可（上次已退回）\n" in plain
    assert "2. 「事项清单」第9行 户口迁移审批——投靠类\n" in plain
    assert ("上次报送的「省公安厅-第二批（修改稿）.xlsx」退回的1项均仍需修改"
            "（下列标注“上次已退回”的事项）。") in plain
    assert "剧毒化学品购买许可（上次已退回）" in page
    assert "户口迁移审批——投靠类（上次已退回）" not in page
