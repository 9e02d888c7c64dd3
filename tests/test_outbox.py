"""Queueing and delivering notices through a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from catalog_check.config import Mail
from catalog_check.ledger import Ledger, LedgerError
from catalog_check.mailserver import LocalMailServer, free_port
from catalog_check.notice import compose_notice
from catalog_check.outbox import SUBMISSION_HEADER, deliver_pending, queue, read_eml
from catalog_check.registry import AuditGroup, Department
from catalog_check.smtp import PartialDeliveryError, SendError, send
from catalog_check.verdict import FileReview, ItemResult

CST = timezone(timedelta(hours=8))
NOW = datetime(2017, 3, 12, 10, 0, tzinfo=CST)
SENT_AT = NOW + timedelta(minutes=5)
MARKED = "浙江省公安厅-第二批-标注版.xlsx"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
SUBJECT = "【退回】浙江省公安厅“最多跑一次”事项（第二批）审核意见：1项需修改"


def _notice(sha: str = "ab" * 32) -> EmailMessage:
    review = FileReview(
        path="inbox/省公安厅.xlsx",
        sha256=sha,
        format="xlsx",
        status="partial",
        department="浙江省公安厅",
        items=(
            ItemResult("事项清单", 5, "保安服务公司设立许可", None, "accepted"),
            ItemResult(
                "事项清单", 7, "剧毒化学品购买许可", None, "rejected", reasons=("缺少依据",)
            ),
        ),
        name="省公安厅.xlsx",
    )
    return compose_notice(
        review,
        department=Department("浙江省公安厅", (), "gat@example.gov.cn", "第二审核小组"),
        audit_group=AuditGroup("第二审核小组", "shenhe2@example.gov.cn"),
        sender="zuiduopaoyici@example.gov.cn",
        batch="第二批",
        attachments=[(MARKED, b"PK\x03\x04 marked workbook", *XLSX)],
        cc_audit_group=True,
        now=NOW,
    )


@pytest.fixture(name="setup")
def setup_fixture(tmp_path: Path):
    """A ledger with one submission, and the outbox folder."""
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        sid = ledger.claim("ab" * 32, "省公安厅.xlsx", "inbox/省公安厅.xlsx", None, NOW, None)
        yield ledger, tmp_path / "outbox", sid


def _mail(port: int, **extra: object) -> Mail:
    return Mail(host="127.0.0.1", port=port, timeout=5, retries=3, **extra)  # type: ignore[arg-type]


def test_queue_writes_the_eml_then_the_ledger_row(setup) -> None:
    """The .eml holds the message; the row holds recipients, subject, attachments, state queued."""
    ledger, outbox, sid = setup
    message = _notice()
    nid = queue(ledger, outbox, sid, message, NOW)
    [notice] = ledger.pending_notices()
    path = Path(notice.eml_path)
    assert path.parent == outbox
    assert (
        path.name
        == f"20170312-100000-{sid}-浙江省公安厅“最多跑一次”事项（第二批）审核意见：1项需修改.eml"
    )
    assert (notice.id, notice.submission_id, notice.state, notice.attempts) == (
        nid,
        sid,
        "queued",
        0,
    )
    assert (notice.to_addrs, notice.cc_addrs) == (
        ("gat@example.gov.cn",),
        ("shenhe2@example.gov.cn",),
    )
    assert (notice.subject, notice.attachments) == (SUBJECT, (MARKED,))
    stored = read_eml(path)
    assert stored["Message-ID"] == message["Message-ID"]
    assert stored[SUBMISSION_HEADER] == str(sid)
    assert [p.name for p in outbox.iterdir()] == [path.name]  # no temp file left


def test_the_eml_is_named_by_beijing_time_whatever_the_clock_it_is_given(setup) -> None:
    """Intake passes UTC: the .eml's name is stamped in Beijing time, as everything a person
    reads (it read 02:30 for a notice queued at 10:30)."""
    ledger, outbox, sid = setup
    queue(ledger, outbox, sid, _notice(), datetime(2017, 3, 12, 2, 30, tzinfo=dt.UTC))
    [notice] = ledger.pending_notices()
    assert Path(notice.eml_path).name.startswith(f"20170312-103000-{sid}-")


def test_queue_never_replaces_an_eml_of_the_same_name(setup) -> None:
    """Two notices queued in the same second for one submission get two files."""
    ledger, outbox, sid = setup
    queue(ledger, outbox, sid, _notice(), NOW)
    queue(ledger, outbox, sid, _notice(), NOW)
    names = sorted(Path(n.eml_path).name for n in ledger.pending_notices())
    assert names[0].endswith("1项需修改-1.eml")
    assert names[1].endswith("1项需修改.eml")


def test_deliver_sends_through_a_real_server(setup, tmp_path: Path) -> None:
    """The server gets the notice; the .eml moves to sent/; the ledger says sent with Message-ID."""
    ledger, outbox, sid = setup
    message = _notice()
    nid = queue(ledger, outbox, sid, message, NOW)
    queued_path = Path(ledger.pending_notices()[0].eml_path)
    with LocalMailServer(tmp_path / "mailbox") as server:
        report = deliver_pending(
            ledger, outbox, _mail(server.port), lambda: SENT_AT, sleep=_no_sleep
        )
        [got] = server.messages()
    assert got["Subject"] == SUBJECT
    assert got["Message-ID"] == message["Message-ID"]
    assert [a.get_filename() for a in got.iter_attachments()] == [MARKED]
    assert [a.get_content() for a in got.iter_attachments()] == [b"PK\x03\x04 marked workbook"]
    notice = ledger.notice(nid)
    assert notice is not None
    assert (notice.state, notice.attempts, notice.sent_at) == ("sent", 1, SENT_AT)
    assert notice.message_id == message["Message-ID"]
    assert Path(notice.eml_path) == outbox / "sent" / queued_path.name
    assert not queued_path.exists()
    assert [line.notice_id for line in report.sent] == [nid]
    assert (report.queued, report.failed, report.ok) == ((), (), True)


def _no_sleep(_: float) -> None:
    pass


def test_a_server_that_never_answers_is_a_timeout_not_a_disconnect(setup) -> None:
    """A port that takes the connection and never greets (a wrong port, a proxy): 超时, with
    where to look, not 断开了连接."""
    import socket

    ledger, outbox, sid = setup
    queue(ledger, outbox, sid, _notice(), NOW)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        mail = Mail(host="127.0.0.1", port=port, timeout=0.5, retries=1)
        report = deliver_pending(ledger, outbox, mail, lambda: SENT_AT, sleep=_no_sleep)
    (line,) = report.queued
    assert line.error == (f"连接邮件服务器 127.0.0.1:{port} 超时：服务器没有应答，"
                          "请核对 [mail] host 与 port")


def _greeted_with(greeting: bytes) -> SendError:
    """What sending says when the server on the port greets with ``greeting``."""
    import socket
    import threading

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                conn.sendall(greeting)

        threading.Thread(target=answer, daemon=True).start()
        with pytest.raises(SendError) as info:
            send(_notice(), Mail(host="127.0.0.1", port=port, timeout=2, retries=1))
    assert info.value.unreachable
    return info.value


def test_a_port_that_is_no_mail_server_says_which_setting_to_check() -> None:
    """A web server on the port answers 400 Bad Request: the raw reply was the message; a
    mail server that refuses (554) is a mail server, and says so."""
    error = _greeted_with(b"HTTP/1.1 400 Bad Request\r\n\r\n")
    assert str(error).endswith(
        " 不是邮件服务器（应答不是 SMTP 问候语）：请核对 [mail] host 与 port")
    error = _greeted_with(b"554 5.7.1 client host rejected\r\n")
    assert "拒绝连接：554 5.7.1 client host rejected" in str(error)


def test_starttls_against_a_server_without_it_says_which_setting(tmp_path: Path) -> None:
    with LocalMailServer(tmp_path / "mailbox") as server, pytest.raises(SendError) as info:
        send(_notice(), _mail(server.port, security="starttls"))
    assert "不支持 STARTTLS 加密：请核对 [mail] security" in str(info.value)
    assert info.value.unreachable


def test_server_down_keeps_notices_queued_then_delivers_once(setup, tmp_path: Path) -> None:
    """Server down: 3 attempts, 1 s and 2 s back-off, still queued; back up: one copy each."""
    ledger, outbox, sid = setup
    first = queue(ledger, outbox, sid, _notice(), NOW)
    second = queue(ledger, outbox, sid, _notice(), NOW)
    port = free_port()
    pauses: list[float] = []
    report = deliver_pending(ledger, outbox, _mail(port), lambda: SENT_AT, sleep=pauses.append)
    refused = (f"无法连接邮件服务器 127.0.0.1:{port}：连接被拒绝（请确认邮件服务器在运行，"
               "并核对 [mail] host 与 port）")
    assert pauses == [1.0, 2.0]
    assert report.sent == ()
    assert [(x.notice_id, x.attempts, x.error) for x in report.queued] == [
        (first, 3, refused),
        (second, 0, f"本轮未发送：{refused}"),  # the server is down: not tried in this pass
    ]
    pending = ledger.pending_notices()
    assert [(n.id, n.state, n.attempts, n.last_error) for n in pending] == [
        (first, "queued", 3, refused),
        (second, "queued", 0, None),
    ]
    assert all(Path(n.eml_path).is_file() for n in pending)
    with LocalMailServer(tmp_path / "mailbox", port=port) as server:
        again = deliver_pending(ledger, outbox, _mail(port), lambda: SENT_AT, sleep=pauses.append)
        assert len(server.messages()) == 2
        third = deliver_pending(ledger, outbox, _mail(port), lambda: SENT_AT, sleep=pauses.append)
        assert len(server.messages()) == 2
    assert [x.notice_id for x in again.sent] == [first, second]
    assert third.sent == third.queued == ()
    assert [(n.state, n.attempts) for n in ledger.notices()] == [("sent", 4), ("sent", 1)]
    assert sorted(p.name for p in (outbox / "sent").iterdir()) == sorted(
        Path(n.eml_path).name for n in ledger.notices()
    )


@pytest.mark.parametrize("left", ["moved", "linked"])
def test_crash_after_delivery_is_not_sent_twice(setup, tmp_path: Path, left: str) -> None:
    """An .eml already in sent/ while the row is still queued is marked sent, not resent.
    Moving a sent notice links it into sent/, then removes it from the outbox: a process
    killed in between (SIGKILL, a power cut) left it in both ("linked"), and the next pass
    sent it again. Found in sent/ with the same bytes, it is marked sent."""
    ledger, outbox, sid = setup
    message = _notice()
    nid = queue(ledger, outbox, sid, message, NOW)
    path = Path(ledger.pending_notices()[0].eml_path)
    (outbox / "sent").mkdir()
    if left == "moved":
        path.rename(outbox / "sent" / path.name)  # accepted and moved, then the process died
    else:
        os.link(path, outbox / "sent" / path.name)  # accepted, linked, then the process died
    with LocalMailServer(tmp_path / "mailbox") as server:
        report = deliver_pending(
            ledger, outbox, _mail(server.port), lambda: SENT_AT, sleep=_no_sleep
        )
        assert server.messages() == []
    notice = ledger.notice(nid)
    assert notice is not None
    assert (notice.state, notice.message_id, notice.last_error) == (
        "sent", message["Message-ID"], "上次运行已发出")
    assert [x.notice_id for x in report.sent] == [nid]
    assert not path.exists()
    assert [p.name for p in (outbox / "sent").iterdir()] == [path.name]


def test_orphan_eml_is_adopted_and_sent(setup, tmp_path: Path) -> None:
    """An .eml written without its ledger row (crash in between) is queued and sent."""
    ledger, outbox, sid = setup
    outbox.mkdir()
    message = _notice()
    message[SUBMISSION_HEADER] = str(sid)
    (outbox / "orphan.eml").write_bytes(message.as_bytes())
    with LocalMailServer(tmp_path / "mailbox") as server:
        report = deliver_pending(
            ledger, outbox, _mail(server.port), lambda: SENT_AT, sleep=_no_sleep
        )
        assert [m["Subject"] for m in server.messages()] == [SUBJECT]
    [notice] = ledger.notices()
    assert report.adopted == (notice.id,)
    assert (notice.submission_id, notice.state, notice.attachments) == (sid, "sent", (MARKED,))


def test_missing_eml_marks_the_notice_failed(setup) -> None:
    """A queued row whose .eml is gone everywhere cannot be sent: failed, listed, never dropped."""
    ledger, outbox, sid = setup
    nid = queue(ledger, outbox, sid, _notice(), NOW)
    Path(ledger.pending_notices()[0].eml_path).unlink()
    report = deliver_pending(ledger, outbox, _mail(free_port()), lambda: SENT_AT, sleep=_no_sleep)
    notice = ledger.notice(nid)
    assert notice is not None
    assert notice.state == "failed"
    assert notice.last_error is not None
    assert notice.last_error.startswith("找不到邮件文件")
    assert [x.notice_id for x in report.failed] == [nid]


def test_permanent_refusal_is_not_retried_in_the_same_pass(setup) -> None:
    """A 5xx refusal gets one attempt per pass and stays queued with the server's words."""
    ledger, outbox, sid = setup
    nid = queue(ledger, outbox, sid, _notice(), NOW)
    calls: list[str] = []

    def refuse(message: EmailMessage, mail: Mail) -> str:
        calls.append(str(message["Subject"]))
        raise SendError(
            "收件人被邮件服务器拒收：gat@example.gov.cn（550 no such user）", permanent=True
        )

    report = deliver_pending(
        ledger, outbox, _mail(1), lambda: SENT_AT, sleep=_no_sleep, send=refuse
    )
    assert calls == [SUBJECT]
    assert [(x.notice_id, x.attempts) for x in report.queued] == [(nid, 1)]


def test_partial_delivery_counts_as_sent_with_a_note(setup) -> None:
    """Some recipients accepted: resending would duplicate, so it is sent, refusals noted."""
    ledger, outbox, sid = setup
    nid = queue(ledger, outbox, sid, _notice(), NOW)

    def partial(message: EmailMessage, mail: Mail) -> str:
        raise PartialDeliveryError(
            "部分收件人被拒收：shenhe2@example.gov.cn",
            message_id=str(message["Message-ID"]),
            refused=("shenhe2@example.gov.cn",),
        )

    report = deliver_pending(ledger, outbox, _mail(1), lambda: SENT_AT, sleep=_no_sleep,
                             send=partial)
    notice = ledger.notice(nid)
    assert notice is not None
    assert (notice.state, notice.last_error) == ("sent", "部分收件人被拒收：shenhe2@example.gov.cn")
    # Not resent, but not "all well" either: the pass reports it (notify then exits 1).
    assert [x.notice_id for x in report.partial] == [nid]
    assert report.ok is False


def test_send_logs_in_when_a_username_is_set(tmp_path: Path) -> None:
    """With a user name the client logs in with the password from the environment (config)."""
    with LocalMailServer(tmp_path / "mailbox", credentials=("zdpyc", "s3cret")) as server:
        message = _notice()
        assert (
            send(message, _mail(server.port, username="zdpyc", password="s3cret"))
            == message["Message-ID"]
        )
        with pytest.raises(SendError, match="拒绝登录") as info:
            send(_notice(), _mail(server.port, username="zdpyc", password="wrong"))
        assert info.value.unreachable
        with pytest.raises(SendError, match="CATALOG_CHECK_SMTP_PASSWORD"):
            send(_notice(), _mail(server.port, username="zdpyc"))
        assert len(server.messages()) == 1


def test_a_login_that_cannot_be_sent_keeps_every_notice_queued(setup, tmp_path: Path) -> None:
    """A Chinese user name or a full-width letter in the password (smtplib logs in with ASCII
    only) failed every notice for good as a broken .eml; it is the settings: queued."""
    ledger, outbox, sid = setup
    first = queue(ledger, outbox, sid, _notice(), NOW)
    second = queue(ledger, outbox, sid, _notice(), NOW)
    with LocalMailServer(tmp_path / "mailbox", credentials=("zdpyc", "secret")) as server:
        for username, password in (("张三", "secret"), ("zdpyc", "\uff53ecret")):
            mail = _mail(server.port, username=username, password=password)
            report = deliver_pending(ledger, outbox, mail, lambda: SENT_AT, sleep=_no_sleep)
            assert report.failed == ()
            assert report.queued[0].error.startswith("SMTP 用户名或密码含非 ASCII 字符")
        assert [n.state for n in ledger.notices()] == ["queued", "queued"]
        mail = _mail(server.port, username="zdpyc", password="secret")
        report = deliver_pending(ledger, outbox, mail, lambda: SENT_AT, sleep=_no_sleep)
        assert [x.notice_id for x in report.sent] == [first, second]
        assert len(server.messages()) == 2


def test_send_goes_to_to_and_cc_only_and_refuses_other_recipients(tmp_path: Path) -> None:
    """The envelope holds the To and Cc we composed; an .eml that grew a Bcc (edited in the
    outbox, or written by an older Python from a decoded header) is refused, not sent."""
    with LocalMailServer(tmp_path / "mailbox") as server:
        message = _notice()
        assert send(message, _mail(server.port)) == message["Message-ID"]
        tampered = _notice()
        tampered["Bcc"] = "spy@evil.example"
        with pytest.raises(SendError, match="未经允许的收件人头") as info:
            send(tampered, _mail(server.port))
        assert info.value.permanent
        [got] = server.messages()
    assert got["Message-ID"] == message["Message-ID"]
    composed = [a.addr_spec for h in ("To", "Cc") for a in message[h].addresses]
    assert len(composed) == 2
    assert server.envelope_recipients() == [composed]


def test_send_refuses_a_message_without_message_id() -> None:
    """The Message-ID is what the ledger records, so it must be there before sending."""
    message = EmailMessage()
    message["Subject"] = "x"
    with pytest.raises(ValueError, match="Message-ID"):
        send(message, _mail(1))


@pytest.mark.parametrize("security", ["starttls", "ssl"], ids=["starttls", "smtps"])
def test_send_over_tls_verifies_the_server(
    security: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """STARTTLS and SMTPS use the default (verifying) context: trusted cert works, unknown fails."""
    certificate = self_signed(tmp_path)
    server = LocalMailServer(tmp_path / "mailbox", security=security, certificate=certificate)
    with server:
        mail = _mail(server.port, security=security)
        with pytest.raises(SendError, match="建立加密连接失败") as info:
            send(_notice(), mail)
        assert info.value.unreachable
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
        message = _notice()
        assert send(message, mail) == message["Message-ID"]
        assert [m["Message-ID"] for m in server.messages()] == [message["Message-ID"]]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """Write cert.pem and key.pem for 127.0.0.1 (its own CA); their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_smtps_against_a_plain_port_says_which_setting_to_check(tmp_path: Path) -> None:
    """security = "ssl" aimed at a plain SMTP port: the message names the likely mistake (the
    port or the security setting), in Chinese, not only OpenSSL's WRONG_VERSION_NUMBER."""
    with LocalMailServer(tmp_path / "mailbox") as server, pytest.raises(SendError) as info:
        send(_notice(), _mail(server.port, security="ssl"))
    text = str(info.value)
    assert text.startswith(
        f"与邮件服务器 127.0.0.1:{server.port} 建立加密连接失败，该端口可能不是加密端口"
    )
    assert info.value.unreachable


def test_an_unusable_ledger_file_is_named_in_chinese(tmp_path: Path) -> None:
    """A ledger.sqlite that is no database: a Chinese reason, not SQLite's English."""
    path = tmp_path / "ledger.sqlite"
    path.write_bytes(b"this is not a database, only text " * 200)
    with pytest.raises(LedgerError) as info:
        Ledger.open(path)
    assert str(info.value) == (
        f"台账数据库 {path} 无法使用（文件不是台账数据库或已损坏），请从备份恢复或检查文件"
    )


def test_an_eml_edited_by_hand_fails_alone_and_the_others_are_sent(
    setup, tmp_path: Path
) -> None:
    """A queued .eml whose Message-ID line was deleted by hand cannot be sent as stored: it is
    marked failed with its file named, and the notices after it still go out (a ValueError
    from it used to stop the whole pass, every pass)."""
    ledger, outbox, sid = setup
    first = queue(ledger, outbox, sid, _notice(), NOW)
    rest = [queue(ledger, outbox, sid, _notice(), NOW) for _ in range(2)]
    path = Path(ledger.notice(first).eml_path)
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(x for x in lines if not x.startswith(b"Message-ID:")))
    with LocalMailServer(tmp_path / "mailbox") as server:
        report = deliver_pending(ledger, outbox, _mail(server.port), lambda: SENT_AT,
                                 sleep=_no_sleep)
        assert len(server.messages()) == 2
    assert [x.notice_id for x in report.failed] == [first]
    assert sorted(x.notice_id for x in report.sent) == sorted(rest)
    notice = ledger.notice(first)
    assert notice is not None
    assert (notice.state, notice.last_error) == (
        "failed", f"邮件文件 {path.name} 缺少 Message-ID（可能被手工修改过），无法按原样发送")


def test_a_refused_department_mailbox_is_said_and_not_all_well(setup, tmp_path: Path) -> None:
    """A real server refuses the department's address and takes the audit group's: the
    notice counts as sent (sending again would give the group a second copy), with the
    refusal noted, and the pass is not ok (notify exits 1 and says so)."""
    ledger, outbox, sid = setup
    nid = queue(ledger, outbox, sid, _notice(), NOW)
    with LocalMailServer(tmp_path / "mailbox", refuse={"gat@example.gov.cn"}) as server:
        report = deliver_pending(ledger, outbox, _mail(server.port), lambda: SENT_AT,
                                 sleep=_no_sleep)
        assert server.envelope_recipients() == [["shenhe2@example.gov.cn"]]
    assert [x.notice_id for x in report.partial] == [nid]
    assert report.ok is False
    notice = ledger.notice(nid)
    assert notice is not None
    assert notice.state == "sent"
    assert notice.last_error == "部分收件人被拒收：gat@example.gov.cn"
