"""Typed configuration: catalog-check.toml plus the environment, read here and nowhere else."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from catalog_check.text import EMAIL

__all__ = [
    "Batch",
    "Config",
    "ConfigError",
    "Limits",
    "Mail",
    "Schedule",
    "load_config",
]

PASSWORD_ENV = "CATALOG_CHECK_SMTP_PASSWORD"
DEFAULT_FILE = "catalog-check.toml"

# Where tomllib says the error is: "Invalid value (at line 2, column 1)".
_TOML_POSITION = re.compile(r"line (\d+), column (\d+)")


#: A value that was meant as a date: 2017-3-10, 2017/03/10, 2017年3月10日, 3月10日.
_DATE_LIKE = re.compile(r"\d+\s*[-/.年月]")
_BACKSLASH_HINT = "路径中的 \\ 请写成 /，或整个路径改用单引号，如 root = 'D:\\审核\\var'"
_DATE_HINT = "日期写作 2017-03-10（年-月-日，月和日各写两位，不加引号）"
#: The escapes of a TOML basic string that a Windows path can hold by mistake, shown back.
_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\b": "\\b",
                          "\f": "\\f"})
_QUOTE_HINT = "文字请加英文双引号，如 name = \"第二批\""


def _toml_hint(message: str, line: str) -> str:
    """What a first-time writer most likely did, for tomllib's English ``message`` about the
    line ``line``; "" when nothing useful can be said."""
    value = line.partition("=")[2].strip()
    if message.startswith(("Unescaped '\\'", "Invalid hex value", "Escaped character")):
        return _BACKSLASH_HINT
    if message.startswith("Invalid date or datetime"):
        return f"没有这个日期，{_DATE_HINT}"
    if message.startswith(("Invalid value", "Expected newline or end of document")):
        if not value:  # at the end of the document: no line to read the value from
            return ""
        if _DATE_LIKE.match(value):
            return _DATE_HINT
        if message.startswith("Invalid value"):
            return _QUOTE_HINT
        return f"一行只写一项设置；{_QUOTE_HINT}"
    if twice := re.match(r"Cannot declare \((.*)\) twice", message):
        name = ".".join(re.findall(r"'([^']*)'", twice[1]))
        return f"[{name}] 出现了两次，同一节的设置请写在一处"
    if message.startswith("Cannot overwrite a value"):
        return "同一项设置写了两次，请只保留一处"
    if message.startswith(("Expected ']'", "Expected ']]'")):
        return "节名应写在一对英文方括号中，如 [mail]"
    if message.startswith("Expected '=' after a key"):
        return "设置应写作 名称 = 值，如 port = 25"
    if message.startswith("Invalid statement"):
        return "每行应为 [节名]、名称 = 值 或 # 开头的注释，设置名称用英文，如 root = \"var\""
    if message.startswith(("Unterminated string", "Expected \"'\"", "Illegal character '\\n'")):
        return "引号没有成对：文字两端各有一个英文引号"
    if message.startswith("Unclosed array"):
        return "列表的方括号 [ ] 没有成对"
    if message.startswith("Unclosed inline table"):
        return "花括号 { } 没有成对"
    return ""


class ConfigError(ValueError):
    """A configuration that cannot be used; the message is Chinese and names the setting."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits; a file over any of them gets file-too-large."""

    max_file_mb: float = 50
    max_uncompressed_mb: float = 500
    max_rows: int = 200_000
    max_columns: int = 200
    # Cells holding a value in one .ods sheet, its repetitions counted (number-columns-repeated
    # and number-rows-repeated multiply a cell for free: 100 KB expanded to 30 million cells).
    max_cells: int = 5_000_000

    @property
    def max_file_bytes(self) -> int:
        """max_file_mb in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_uncompressed_bytes(self) -> int:
        """max_uncompressed_mb in bytes."""
        return int(self.max_uncompressed_mb * 1024 * 1024)


@dataclass(frozen=True, slots=True)
class Batch:
    """The batch under review: its name, deadline and the catalogues of earlier batches."""

    name: str = "第二批"
    deadline: date | None = date(2017, 3, 10)
    earlier: tuple[Path, ...] = ()
    #: The date a returned file must come back by, given in every notice (the audit groups
    #: finish on 20 March); None: the notice says 请尽快.
    resubmit_by: date | None = date(2017, 3, 20)


@dataclass(frozen=True, slots=True)
class Mail:
    """SMTP settings; the password comes from the environment only."""

    host: str = "127.0.0.1"
    port: int = 1025
    security: str = "none"  # none | starttls | ssl
    sender: str = "zuiduopaoyici@example.gov.cn"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    audit_group_cc: bool = True
    timeout: float = 30.0
    retries: int = 3


@dataclass(frozen=True, slots=True)
class Schedule:
    """Cron schedules of the served flows."""

    intake: str = "*/10 * * * *"
    notify: str = "*/5 * * * *"
    consolidate: str = "0 18 * * *"
    bulletin: str = "0 9 1,11,21 3 *"


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration."""

    root: Path = Path("var")
    batch: Batch = field(default_factory=Batch)
    departments: Path | None = None
    laws: Path | None = None
    audit_groups: Path | None = None
    mail: Mail = field(default_factory=Mail)
    limits: Limits = field(default_factory=Limits)
    schedule: Schedule = field(default_factory=Schedule)
    settle_seconds: float = 5.0
    source: Path | None = None  # the file this came from, None for defaults

    # The working folder's parts (cli.md, "Working folder").
    @property
    def inbox(self) -> Path:
        """Where audit groups drop files."""
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        """Immutable copies by content hash."""
        return self.root / "archive"

    @property
    def reports(self) -> Path:
        """Review reports, per department and file."""
        return self.root / "reports"

    @property
    def outbox(self) -> Path:
        """Queued notices; sent ones move to outbox/sent."""
        return self.root / "outbox"

    @property
    def catalogue(self) -> Path:
        """The merged catalogue and its side lists."""
        return self.root / "catalogue"

    @property
    def bulletins(self) -> Path:
        """Progress bulletins."""
        return self.root / "bulletins"

    @property
    def ledger(self) -> Path:
        """The SQLite ledger."""
        return self.root / "ledger.sqlite"

    def with_root(self, root: Path) -> Config:
        """The same configuration over another working folder."""
        return replace(self, root=root)


_DEFAULT_BATCH = Batch()
_DEFAULT_MAIL = Mail()
_DEFAULT_LIMITS = Limits()
_DEFAULT = Config()
_SECTIONS = ("batch", "registry", "mail", "limits", "schedule")
_TOP = ("root", "settle_seconds")
#: Each section's keys, in the order docs/configuration.md gives them.
_KEYS: dict[str, tuple[str, ...]] = {
    "": _TOP + _SECTIONS,
    "batch": ("name", "deadline", "earlier", "resubmit_by"),
    "registry": ("departments", "laws", "audit_groups"),
    "mail": ("host", "port", "security", "sender", "username", "audit_group_cc", "timeout",
             "retries"),
    "limits": ("max_file_mb", "max_uncompressed_mb", "max_rows", "max_columns", "max_cells"),
    "schedule": ("intake", "notify", "consolidate", "bulletin"),
}


def _section(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"配置项 [{name}] 应为一个表（section）")
    return dict(value)


def _check_keys(section: str, given: Mapping[str, Any], source: Path | None) -> None:
    """Refuse a key the section does not have, naming the file and the keys it does have; a
    password is told where it belongs."""
    allowed = _KEYS[section]
    unknown = sorted(set(given) - set(allowed))
    if not unknown:
        return
    where = f"[{section}] " if section else ""
    file = f"配置文件 {source} " if source is not None else "配置文件"
    secret = next((k for k in unknown if "passw" in k.lower() or k.lower() == "pwd"), None)
    if secret is not None:
        raise ConfigError(
            f"{file}中不能写 {where}{secret}：SMTP 密码只从环境变量 {PASSWORD_ENV} 读取，"
            "不写在配置文件中，请删去这一行并设置该环境变量"
        )
    if section:
        valid = f"[{section}] 中可用的设置有：{'、'.join(allowed)}"
    else:
        valid = (f"顶层可用的设置有：{'、'.join(_TOP)}，以及 "
                 + "、".join(f"[{name}]" for name in _SECTIONS) + " 各节")
    raise ConfigError(f"{file}中有无法识别的设置：{where}{'、'.join(unknown)}；{valid}"
                      "（见 docs/configuration.md）")


def _shown(value: Any) -> str:
    """A setting's value as the TOML file writes it (true, not Python's True; ["a", "b"])."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else _shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def _as_date(value: Any, key: str = "deadline") -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():  # a time of day would be dropped unseen
            raise ConfigError(f"[batch] {key}「{value}」含有时刻，只填日期即可（当日24时截止），"
                              "应写作 2017-03-10")
        return value.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(f"[batch] {key}「{_shown(value)}」不是日期，应写作 2017-03-10") from exc


def _number(section: str, key: str, value: Any, kind: type, top: float | None = None) -> Any:
    where = f"[{section}] {key}" if section else key
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{where} 应为数字，现为「{_shown(value)}」")
    if kind is int and value != int(value):
        raise ConfigError(f"{where} 应为整数，现为「{_shown(value)}」")
    if value <= 0:
        raise ConfigError(f"{where} 应大于0")
    if top is not None and value > top:
        raise ConfigError(f"{where} 应不大于{top:g}，现为「{_shown(value)}」")
    return kind(value)


def _text(section: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        where = f"[{section}] {key}" if section else key
        raise ConfigError(f"{where} 应为非空的文字，现为「{_shown(value)}」")
    return value


def _paths(value: Any) -> list[str]:
    """[batch] earlier: one path or a list of paths."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ConfigError(f"[batch] earlier 应为文件路径或路径列表，现为「{_shown(value)}」")
    return items


def _sender(value: Any) -> str:
    text = _text("mail", "sender", value)
    found = getaddresses([text])
    if len(found) != 1 or not EMAIL.fullmatch(found[0][1]):
        raise ConfigError(f"[mail] sender「{text}」不是有效的邮件地址")
    return text


def _flag(section: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"[{section}] {key} 应为 true 或 false，现为「{_shown(value)}」")
    return value


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"settle_seconds 应为不小于0的秒数，现为「{_shown(value)}」")
    return float(value)


_CRON_FIELD = re.compile(r"^[\d*/,\-A-Za-z?LW#]+$")
#: The five fields of a cron expression: their Chinese names and the numbers they take.
_CRON_FIELDS = (("分钟", 0, 59), ("小时", 0, 23), ("日", 1, 31), ("月", 1, 12), ("星期", 0, 7))
_CRON_EXAMPLE = "格式为“分 时 日 月 星期”，如 \"*/10 * * * *\""


@functools.cache
def _croniter() -> Any | None:
    """The croniter class Prefect checks a schedule with, without importing Prefect (validate
    must not: it costs seconds): the copy Prefect vendors (prefect/_vendor/croniter/
    croniter.py, a module standing alone), loaded as a file, else the croniter package if
    installed (which Prefect 3.0 depended on); None when neither loads (the checks of _cron
    then stand alone)."""
    vendored = _vendored_croniter()
    if vendored is not None:
        return vendored
    with contextlib.suppress(ImportError):
        from croniter import croniter

        return croniter
    return None


def _vendored_croniter() -> Any | None:
    try:
        spec = importlib.util.find_spec("prefect")  # finds the package, runs none of it
        if spec is None or not spec.submodule_search_locations:
            return None
        source = Path(spec.submodule_search_locations[0], "_vendor", "croniter", "croniter.py")
        if not source.is_file():
            return None
        loaded = importlib.util.spec_from_file_location("catalog_check._croniter", source)
        if loaded is None or loaded.loader is None:
            return None
        module = importlib.util.module_from_spec(loaded)
        loaded.loader.exec_module(module)
        return module.croniter
    except (Exception, SystemExit):  # a vendored copy that moved or changed: our own checks
        return None


def _cron_field_error(fields: list[str]) -> str | None:
    """What is wrong with a field, in Chinese: a number out of its field's range or a zero
    step; None when no such thing is seen."""
    for text, (name, low, high) in zip(fields, _CRON_FIELDS, strict=True):
        for part in text.split(","):
            bounds, _, step = part.partition("/")
            if step.isdigit() and int(step) == 0:
                return f"{name}的间隔不能为 0"
            for number in bounds.partition("#")[0].split("-"):
                if number.isdigit() and not low <= int(number) <= high:
                    return f"{name}应为 {low}-{high}"
    return None


def _croniter_accepts(value: str) -> bool:
    """Whether croniter accepts ``value``; True when there is no croniter, or it cannot tell
    (another version's API): the checks of _cron before it stand."""
    croniter = _croniter()
    if croniter is None:
        return True
    try:
        return bool(croniter.is_valid(value))
    except Exception:
        return True


def _cron(key: str, value: Any) -> str:
    bad = f"[schedule] {key}「{_shown(value)}」不是有效的 cron 表达式"
    if not isinstance(value, str):
        raise ConfigError(f"{bad}（应为加引号的文字，{_CRON_EXAMPLE}）")
    fields = value.split()
    if len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
        raise ConfigError(f"[schedule] {key}「{value}」不是五段式 cron 表达式，如 \"*/10 * * * *\"")
    if (why := _cron_field_error(fields)) is not None:
        raise ConfigError(f"{bad}（{why}）")
    if any(f.upper() in {"R", "H"} for f in fields):  # Prefect refuses random and hashed fields
        raise ConfigError(f"{bad}（不支持随机 R 或散列 H 写法）")
    if not _croniter_accepts(value):
        raise ConfigError(f"{bad}（{_CRON_EXAMPLE}）")
    return value


def from_mapping(
    data: Mapping[str, Any],
    *,
    base: Path,
    env: Mapping[str, str] | None = None,
    source: Path | None = None,
) -> Config:
    """Build a Config from parsed TOML; relative paths are taken from ``base``; ``source``
    (the file) is named in the messages about unknown keys."""
    env = os.environ if env is None else env
    _check_keys("", data, source)

    def path(value: Any, key: str = "root") -> Path:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{key} 应为非空的路径，现为「{_shown(value)}」")
        if any(ord(c) < 32 for c in value):  # "D:\temp": \t became a tab inside "…"
            shown = value.translate(_ESCAPES)
            raise ConfigError(f"{key}「{shown}」中有 \\ 被读作了制表符、换行等特殊字符："
                              + _BACKSLASH_HINT)
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

    batch_d = _section(data, "batch")
    _check_keys("batch", batch_d, source)
    earlier = _paths(batch_d.get("earlier", []))
    batch = Batch(
        name=_text("batch", "name", batch_d.get("name", _DEFAULT_BATCH.name)),
        deadline=_as_date(batch_d.get("deadline", _DEFAULT_BATCH.deadline)),
        earlier=tuple(path(p, "[batch] earlier") for p in earlier),
        resubmit_by=_as_date(batch_d.get("resubmit_by", _DEFAULT_BATCH.resubmit_by),
                             "resubmit_by"),
    )
    reg = _section(data, "registry")
    _check_keys("registry", reg, source)
    mail_d = _section(data, "mail")
    _check_keys("mail", mail_d, source)
    security = str(mail_d.get("security", "none")).lower()
    if security not in {"none", "starttls", "ssl"}:
        raise ConfigError(f"[mail] security 应为 none、starttls 或 ssl，现为「{security}」")
    mail = Mail(
        host=_text("mail", "host", mail_d.get("host", _DEFAULT_MAIL.host)),
        port=_number("mail", "port", mail_d.get("port", _DEFAULT_MAIL.port), int, 65535),
        security=security,
        sender=_sender(mail_d.get("sender", _DEFAULT_MAIL.sender)),
        # (username = "" is the natural way to say no login)
        username=(_text("mail", "username", mail_d["username"])
                  if mail_d.get("username", "") != "" else None),
        password=env.get(PASSWORD_ENV) or None,
        audit_group_cc=_flag("mail", "audit_group_cc", mail_d.get("audit_group_cc", True)),
        timeout=_number("mail", "timeout", mail_d.get("timeout", _DEFAULT_MAIL.timeout), float),
        retries=_number("mail", "retries", mail_d.get("retries", _DEFAULT_MAIL.retries), int),
    )
    lim = _section(data, "limits")
    _check_keys("limits", lim, source)
    limits = Limits(**{
        name: _number("limits", name, lim.get(name, getattr(_DEFAULT_LIMITS, name)), kind)
        for name, kind in (("max_file_mb", float), ("max_uncompressed_mb", float),
                           ("max_rows", int), ("max_columns", int), ("max_cells", int))
    })
    sched = _section(data, "schedule")
    _check_keys("schedule", sched, source)
    schedule = Schedule(**{k: _cron(k, v) for k, v in sched.items()})
    return Config(
        root=path(data.get("root", str(_DEFAULT.root))),
        batch=batch,
        departments=(path(reg["departments"], "[registry] departments")
                     if "departments" in reg else None),
        laws=path(reg["laws"], "[registry] laws") if "laws" in reg else None,
        audit_groups=(path(reg["audit_groups"], "[registry] audit_groups")
                      if "audit_groups" in reg else None),
        mail=mail,
        limits=limits,
        schedule=schedule,
        settle_seconds=_seconds(data.get("settle_seconds", _DEFAULT.settle_seconds)),
    )


def load_config(
    path: Path | None = None, *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Config:
    """Read ``path``, else ./catalog-check.toml, else the built-in defaults (root ./var)."""
    cwd = Path.cwd() if cwd is None else cwd
    if path is None:
        candidate = cwd / DEFAULT_FILE
        if not candidate.is_file():
            env = os.environ if env is None else env
            return Config(root=cwd / "var", mail=Mail(password=env.get(PASSWORD_ENV) or None))
        path = candidate
    if path.is_dir():
        raise ConfigError(f"配置文件应为一个文件，「{path}」是文件夹")
    if not path.is_file():
        raise ConfigError(f"找不到配置文件：{path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 不是 UTF-8 编码，请另存为 UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_POSITION.search(str(exc))
        where = (f"第{at[1]}行第{at[2]}列附近" if at
                 else "末尾附近" if "end of document" in str(exc) else "")
        lines = text.split("\n")  # as tomllib counts them
        line = lines[int(at[1]) - 1] if at and int(at[1]) <= len(lines) else ""
        hint = _toml_hint(str(exc), line)
        raise ConfigError(f"配置文件 {path} {where}格式有误（不符合 TOML 语法）"
                          + (f"：{hint}" if hint else "")) from exc
    try:
        config = from_mapping(data, base=path.resolve().parent, env=env, source=path)
    except ConfigError:
        raise
    except (TypeError, ValueError, OverflowError) as exc:  # a value of a kind no check foresaw
        raise ConfigError(
            f"配置文件 {path} 中有取值类型不正确的设置，请对照 docs/configuration.md 检查"
        ) from exc
    return replace(config, source=path)
