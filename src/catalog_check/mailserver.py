"""A small SMTP server on loopback that stores every message it receives as an .eml file.

Used by ``catalog-check demo`` (so the whole job runs without a real mail server) and by
the tests. Messages are saved byte for byte as received, one file each, in arrival order.
"""

from __future__ import annotations

import itertools
import socket
import ssl
import threading
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

__all__ = ["LocalMailServer", "free_port"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now (aiosmtpd cannot start on port 0 itself)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class _Store:
    """aiosmtpd handler: write each message to ``folder/NNNN.eml`` (temp name, then rename)."""

    def __init__(self, folder: Path, refuse: frozenset[str] = frozenset()) -> None:
        self.folder = folder
        self.refuse = refuse
        self._lock = threading.Lock()
        existing = [int(p.stem) for p in folder.glob("*.eml") if p.stem.isdigit()]
        self._numbers = itertools.count(max(existing, default=0) + 1)
        #: The envelope recipients (RCPT TO) of each message received, in arrival order.
        self.recipients: list[list[str]] = []

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.lower() in self.refuse:  # a mailbox that does not exist
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self._lock:
            number = next(self._numbers)
            self.recipients.append(list(envelope.rcpt_tos))
        temp = self.folder / f".{number:04d}.eml.tmp"
        temp.write_bytes(envelope.original_content or envelope.content)
        temp.replace(self.folder / f"{number:04d}.eml")
        return "250 Message accepted for delivery"


class LocalMailServer:
    """An aiosmtpd server on ``host:port`` saving messages into ``folder``; a context manager.

    ``security`` "starttls" or "ssl" needs ``certificate`` (certificate and key files).
    With ``credentials`` the server offers AUTH (without TLS, loopback only) and a login
    succeeds only with that user name and password (a client that does not log in is not
    refused: requiring AUTH without TLS makes aiosmtpd warn on every connection). Addresses
    in ``refuse`` are answered 550 at RCPT TO, as a mailbox that does not exist.
    """

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        credentials: tuple[str, str] | None = None,
        security: str = "none",
        certificate: tuple[Path, Path] | None = None,
        refuse: frozenset[str] = frozenset(),
    ) -> None:
        if security not in {"none", "starttls", "ssl"}:
            raise ValueError(f"unknown security {security!r}")
        if security != "none" and certificate is None:
            raise ValueError("starttls and ssl need a (certificate, key) pair")
        self.folder = folder
        self.host = host
        self.port = port if port is not None else free_port(host)
        self.credentials = credentials
        self.refuse = frozenset(a.lower() for a in refuse)
        self.security = security
        self.certificate = certificate
        self._controller: Controller | None = None
        self._store: _Store | None = None

    def _tls_context(self) -> ssl.SSLContext:
        assert self.certificate is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.certificate[0]), str(self.certificate[1]))
        return context

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if self.credentials is None or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = self.credentials
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    def start(self) -> LocalMailServer:
        """Start listening (in a background thread)."""
        if self._controller is not None:
            return self
        self.folder.mkdir(parents=True, exist_ok=True)
        options: dict[str, Any] = {}
        if self.credentials is not None:
            options = {
                "authenticator": self._authenticate,
                "auth_require_tls": False,
            }
        if self.security == "starttls":
            options.update(tls_context=self._tls_context(), require_starttls=True)
        elif self.security == "ssl":
            options["ssl_context"] = self._tls_context()
        self._store = _Store(self.folder, self.refuse)
        controller = Controller(
            self._store,
            hostname=self.host,
            port=self.port,
            data_size_limit=200 * 1024 * 1024,
            **options,
        )
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        """Stop listening; stored messages stay in the folder."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def paths(self) -> list[Path]:
        """The stored .eml files in arrival order."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.eml") if p.stem.isdigit())

    def envelope_recipients(self) -> list[list[str]]:
        """The RCPT TO addresses of each message received since start, in arrival order: who
        the message really went to, whatever its headers say."""
        return [list(r) for r in self._store.recipients] if self._store else []

    def messages(self) -> list[EmailMessage]:
        """Every stored message, parsed, in arrival order."""
        parser = BytesParser(policy=default)
        out = []
        for path in self.paths():
            with path.open("rb") as fh:
                out.append(parser.parse(fh))
        return out

    def __enter__(self) -> LocalMailServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
