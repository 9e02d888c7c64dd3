"""Sending one composed message over SMTP (the only module that talks to a mail server)."""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage

from catalog_check.config import PASSWORD_ENV, Mail
from catalog_check.failures import os_reason

__all__ = ["PartialDeliveryError", "SendError", "send"]


class SendError(RuntimeError):
    """The message was not accepted (the message is Chinese).

    permanent: the server refused it for good (5xx), so retrying now will not help;
    unreachable: no session could be opened (connection, TLS or login), so other
    messages will fail the same way.
    """

    def __init__(self, text: str, *, permanent: bool = False, unreachable: bool = False) -> None:
        super().__init__(text)
        self.permanent = permanent
        self.unreachable = unreachable


class PartialDeliveryError(SendError):
    """The server accepted the message for some recipients and refused the others."""

    def __init__(self, text: str, *, message_id: str, refused: tuple[str, ...]) -> None:
        super().__init__(text, permanent=True)
        self.message_id = message_id
        self.refused = refused


def _where(mail: Mail) -> str:
    return f"{mail.host}:{mail.port}"


def _open(mail: Mail) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if mail.security == "ssl":
        return smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout, context=context)
    client = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
    if mail.security == "starttls":
        try:
            client.starttls(context=context)
        except BaseException:
            client.close()
            raise
    return client


def _session_error(exc: BaseException, mail: Mail) -> SendError:
    where = _where(mail)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SendError(f"邮件服务器 {where} 拒绝登录（用户名或密码错误）", unreachable=True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if "starttls" in str(exc).lower():
            return SendError(f"邮件服务器 {where} 不支持 STARTTLS 加密：请核对 [mail] security"
                             "（服务器要求直接加密连接时填 ssl，局域网明文服务器填 none）",
                             unreachable=True)
        if "auth" in str(exc).lower():
            return SendError(f"邮件服务器 {where} 不支持登录（AUTH）：请核对是否需要填写"
                             " [mail] username，或是否应使用加密端口", unreachable=True)
        return SendError(f"邮件服务器 {where} 不支持所需功能：{exc}", unreachable=True)
    if isinstance(exc, smtplib.SMTPConnectError) and exc.smtp_code == -1:
        # (a greeting that is no SMTP reply at all: a web server, a database on that port)
        return SendError(f"{where} 不是邮件服务器（应答不是 SMTP 问候语）："
                         "请核对 [mail] host 与 port", unreachable=True)
    if isinstance(exc, smtplib.SMTPConnectError):  # a mail server that will not talk: 421, 554
        return SendError(f"邮件服务器 {where} 拒绝连接：{exc.smtp_code} "
                         f"{_decode(exc.smtp_error)}", unreachable=True)
    if isinstance(exc, ssl.SSLCertVerificationError | ssl.CertificateError):
        return SendError(f"与邮件服务器 {where} 建立加密连接失败：服务器证书校验未通过"
                         f"（{getattr(exc, 'verify_message', None) or exc}）", unreachable=True)
    if isinstance(exc, ssl.SSLError):
        hint = ("，该端口可能不是加密端口：请核对 [mail] security 与 port"
                "（ssl 通常用 465，starttls 用 587 或 25）"
                if "WRONG_VERSION_NUMBER" in str(exc) or "UNEXPECTED_EOF" in str(exc) else "")
        return SendError(f"与邮件服务器 {where} 建立加密连接失败{hint}（{exc.reason or exc}）",
                         unreachable=True)
    if isinstance(exc, TimeoutError | socket.timeout):
        return SendError(f"连接邮件服务器 {where} 超时：服务器没有应答，请核对 [mail] host 与 port",
                         unreachable=True)
    if isinstance(exc, ConnectionRefusedError):
        return SendError(f"无法连接邮件服务器 {where}：连接被拒绝（请确认邮件服务器在运行，"
                         "并核对 [mail] host 与 port）", unreachable=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected) and "timed out" in str(exc):
        # (smtplib reports a server that never answers its greeting so)
        return SendError(f"连接邮件服务器 {where} 超时：服务器没有应答，请核对 [mail] host 与 port",
                         unreachable=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return SendError(f"邮件服务器 {where} 断开了连接", unreachable=True)
    if isinstance(exc, socket.gaierror):
        return SendError(f"找不到邮件服务器 {mail.host}（域名无法解析，请核对 [mail] host）",
                         unreachable=True)
    if isinstance(exc, OSError):
        reason = os_reason(exc) if exc.errno else str(exc)
        return SendError(f"无法连接邮件服务器 {where}：{reason}", unreachable=True)
    return SendError(f"邮件服务器 {where} 通信出错：{exc}", unreachable=True)


def _decode(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


_ONLY_HEADERS = ("To", "Cc")
_NEVER_HEADERS = ("Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc")


def _recipients(message: EmailMessage) -> list[str]:
    """The envelope recipients: the To and Cc a notice is composed with, nothing else. A queued
    message carrying any other recipient header was not written by us and is not sent."""
    if any(message.get_all(h) for h in _NEVER_HEADERS):
        raise SendError("邮件含有未经允许的收件人头（Bcc 等），已拒绝发送", permanent=True)
    recipients = [
        a.addr_spec for h in _ONLY_HEADERS for v in message.get_all(h, [])
        for a in getattr(v, "addresses", ()) if a.addr_spec
    ]
    if not recipients:
        raise SendError("邮件没有收件人", permanent=True)
    return recipients


def send(message: EmailMessage, mail: Mail) -> str:
    """Send ``message`` with the settings in ``mail`` and return its Message-ID.

    Returns only after the server accepted the message. Raises :class:`SendError` when it
    did not, and :class:`PartialDeliveryError` when only some recipients were accepted.
    """
    message_id = message["Message-ID"]
    if not message_id:
        raise ValueError("message has no Message-ID")
    recipients = _recipients(message)
    if mail.username and mail.password is None:
        raise SendError(
            f"已配置 SMTP 用户名 {mail.username}，但未设置密码（环境变量 {PASSWORD_ENV}）",
            unreachable=True,
        )
    if mail.username and not f"{mail.username}{mail.password or ''}".isascii():
        # smtplib logs in with ASCII only: a Chinese name or a full-width letter (U+FF53) would
        # fail every notice as if its mail were broken; it is the settings, and they wait.
        raise SendError(
            "SMTP 用户名或密码含非 ASCII 字符（中文、全角字母或符号），无法登录邮件服务器："
            f"请核对 [mail] username 与环境变量 {PASSWORD_ENV}（通知仍在队列中）",
            unreachable=True,
        )
    try:
        client = _open(mail)
    except (smtplib.SMTPException, OSError) as exc:
        raise _session_error(exc, mail) from exc
    try:
        with client:
            if mail.username:
                client.login(mail.username, mail.password or "")
            refused = client.send_message(message, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        detail = "；".join(
            f"{addr}（{code} {_decode(reply)}）" for addr, (code, reply) in exc.recipients.items()
        )
        raise SendError(f"收件人被邮件服务器拒收：{detail}", permanent=True) from exc
    except smtplib.SMTPSenderRefused as exc:
        raise SendError(
            f"发件人 {exc.sender} 被邮件服务器拒绝：{exc.smtp_code} {_decode(exc.smtp_error)}",
            permanent=exc.smtp_code >= 500,
        ) from exc
    except smtplib.SMTPDataError as exc:
        raise SendError(
            f"邮件服务器拒收邮件内容：{exc.smtp_code} {_decode(exc.smtp_error)}",
            permanent=exc.smtp_code >= 500,
        ) from exc
    except smtplib.SMTPResponseException as exc:
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            raise _session_error(exc, mail) from exc
        raise SendError(
            f"邮件服务器 {_where(mail)} 返回错误：{exc.smtp_code} {_decode(exc.smtp_error)}",
            permanent=exc.smtp_code >= 500,
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise _session_error(exc, mail) from exc
    if refused:
        addrs = tuple(sorted(refused))
        raise PartialDeliveryError(
            f"部分收件人被拒收：{'、'.join(addrs)}", message_id=str(message_id), refused=addrs
        )
    return str(message_id)
