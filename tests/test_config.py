"""The configuration file, its defaults and its errors."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from catalog_check.config import ConfigError, load_config


def test_defaults_without_a_file(tmp_path: Path) -> None:
    """No catalog-check.toml: the built-in defaults with ./var as the working folder."""
    config = load_config(cwd=tmp_path, env={})
    assert config.root == tmp_path / "var"
    assert config.batch.deadline == date(2017, 3, 10)
    assert config.batch.resubmit_by == date(2017, 3, 20)
    assert config.limits.max_rows == 200_000
    assert config.inbox == tmp_path / "var" / "inbox"


def test_file_values_and_password_from_environment(tmp_path: Path) -> None:
    """Paths are relative to the file; the SMTP password only comes from the environment."""
    path = tmp_path / "catalog-check.toml"
    path.write_text(
        'root = "work"\n[batch]\nname = "第二批"\ndeadline = 2017-03-10\n'
        'resubmit_by = 2017-03-18\n'
        'earlier = ["published/第一批.xlsx"]\n[mail]\nport = 2525\nsecurity = "starttls"\n'
        'username = "zdpyc"\n[limits]\nmax_rows = 10\nmax_cells = 1000\n',
        encoding="utf-8",
    )
    config = load_config(path, env={"CATALOG_CHECK_SMTP_PASSWORD": "s3cret"})
    assert config.root == tmp_path / "work"
    assert config.batch.earlier == (tmp_path / "published" / "第一批.xlsx",)
    assert config.batch.resubmit_by == date(2017, 3, 18)
    assert (config.mail.port, config.mail.security, config.mail.password) == (2525, "starttls",
                                                                              "s3cret")
    assert (config.limits.max_rows, config.limits.max_cells) == (10, 1000)
    assert "s3cret" not in repr(config)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[mail]\nsecurity = "tls13"\n', "security"),
        ("[limits]\nmax_rows = -1\n", "max_rows"),
        ('[batch]\ndeadline = "三月十日"\n', "deadline"),
        ("[batch]\ndeadline = 2017-03-10T12:00:00\n", "含有时刻"),
        ('[batch]\nresubmit_by = "下周"\n', "resubmit_by"),
        ("colour = 1\n", "colour"),
        ('settle_seconds = "soon"\n', "settle_seconds"),
        ("settle_seconds = -1\n", "settle_seconds"),
        ('[mail]\nretries = "three"\n', "retries"),
        ('[mail]\naudit_group_cc = "false"\n', "audit_group_cc"),
        ('[schedule]\nintake = "every ten minutes"\n', "cron"),
        ("[batch]\nearlier = 5\n", "earlier"),
        ('[batch]\nearlier = ["a.xlsx", true]\n', "earlier"),
        ("[limits]\nmax_rows = nan\n", "max_rows"),
        ("[limits]\nmax_file_mb = inf\n", "max_file_mb"),
        ("[limits]\nmax_rows = 1.5\n", "整数"),
        ("[mail]\nport = 70000\n", "port"),
        ("[mail]\nport = 25.5\n", "port"),
        ("[mail]\nhost = []\n", "host"),
        ('[mail]\nsender = "not an email"\n', "sender"),
        ('[mail]\nsender = "a@example.gov.cn, b@example.gov.cn"\n', "sender"),
        ("root = []\n", "root"),
        ('root = ""\n', "root"),
        ("[registry]\nlaws = 3\n", "laws"),
    ],
    ids=["bad-security", "negative-limit", "bad-date", "date-with-a-time", "bad-resubmit-date",
         "unknown-key", "settle", "settle-negative", "retries", "cc-flag", "cron", "earlier-number",
         "earlier-list-of-bool",
         "limit-nan", "limit-infinite", "rows-fraction", "port-range", "port-fraction",
         "host-list", "sender-not-an-address", "sender-two-addresses", "root-list", "root-empty",
         "registry-number"],
)
def test_bad_configuration_is_a_chinese_error(tmp_path: Path, text: str, needle: str) -> None:
    """Every setting is checked when the file is read; a bad one is named in a Chinese
    ConfigError (the CLI exits 2 with it)."""
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle):
        load_config(path, env={})


def test_a_file_that_is_not_toml_or_not_utf8_is_named_in_chinese(tmp_path: Path) -> None:
    """Where the syntax breaks, in Chinese; tomllib's English stays out of the message."""
    path = tmp_path / "c.toml"
    path.write_text('root = "var"\n[mail\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    assert str(err.value) == (f"配置文件 {path} 第2行第6列附近格式有误（不符合 TOML 语法）："
                              "节名应写在一对英文方括号中，如 [mail]")
    path.write_bytes('root = "工作"\n'.encode("gbk"))
    with pytest.raises(ConfigError, match="不是 UTF-8 编码，请另存为 UTF-8"):
        load_config(path, env={})


def _load_text(tmp_path: Path, text: str) -> str:
    """The message load_config refuses ``text`` with."""
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    return str(err.value)


@pytest.mark.parametrize(
    ("cron", "why"),
    [
        ("61 * * * *", "分钟应为 0-59"),
        ("0 24 * * *", "小时应为 0-23"),
        ("0 9 0 3 *", "日应为 1-31"),
        ("0 9 1 13 *", "月应为 1-12"),
        ("0 9 * * 8", "星期应为 0-7"),
        ("1-60/5 * * * *", "分钟应为 0-59"),
        ("*/0 * * * *", "分钟的间隔不能为 0"),
        ("H 9 * * *", "不支持随机 R 或散列 H 写法"),
        # only croniter (what Prefect checks with) knows these two
        ("0 9 * * 1#6", "格式为“分 时 日 月 星期”，如 \"*/10 * * * *\""),
        ("0 9 * MAI *", "格式为“分 时 日 月 星期”，如 \"*/10 * * * *\""),
    ],
)
def test_an_impossible_cron_is_refused_when_the_file_is_read(
    tmp_path: Path, cron: str, why: str
) -> None:
    """A cron Prefect would refuse only when serve registers the flows (and the message then
    blamed the Prefect server) is refused with the file, naming the key, value and field."""
    message = _load_text(tmp_path, f'[schedule]\nintake = "{cron}"\n')
    assert message == f"[schedule] intake「{cron}」不是有效的 cron 表达式（{why}）"


def test_possible_crons_pass(tmp_path: Path) -> None:
    """Names, ranges, lists, steps, 7 for Sunday and Quartz's L and # are Prefect's too."""
    path = tmp_path / "c.toml"
    path.write_text('[schedule]\nintake = "*/10 8-18 * * MON-FRI"\nnotify = "0 9 L * 0-7"\n'
                    'consolidate = "0 18 * JAN,MAR *"\nbulletin = "0 9 * * 1#2"\n',
                    encoding="utf-8")
    schedule = load_config(path, env={}).schedule
    assert (schedule.intake, schedule.bulletin) == ("*/10 8-18 * * MON-FRI", "0 9 * * 1#2")


def test_the_cron_check_finds_croniter_without_importing_prefect() -> None:
    """croniter is Prefect's vendored copy (prefect/_vendor) in Prefect 3.9: it is loaded as a
    file, so that validate still never imports Prefect."""
    script = (
        "import sys\n"
        "from catalog_check.config import _croniter\n"
        "assert _croniter() is not None and not _croniter().is_valid('0 9 * * 1#6')\n"
        "print(any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_a_croniter_that_cannot_tell_leaves_our_own_checks(tmp_path: Path, monkeypatch) -> None:
    """Another croniter's API (is_valid raising) never reaches the user as a traceback: the
    field checks stand alone."""
    from catalog_check import config as config_module

    class Changed:
        @staticmethod
        def is_valid(value: str) -> bool:
            raise KeyError(value)

    monkeypatch.setattr(config_module, "_croniter", lambda: Changed)
    path = tmp_path / "c.toml"
    path.write_text('[schedule]\nintake = "*/10 8-18 * * MON-FRI"\n', encoding="utf-8")
    assert load_config(path, env={}).schedule.intake == "*/10 8-18 * * MON-FRI"
    message = _load_text(tmp_path, '[schedule]\nintake = "61 * * * *"\n')
    assert message == "[schedule] intake「61 * * * *」不是有效的 cron 表达式（分钟应为 0-59）"


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        ('root = "D:\\审核\\var"\n', "第1行第13列附近",
         "路径中的 \\ 请写成 /，或整个路径改用单引号，如 root = 'D:\\审核\\var'"),
        ('root = "C:\\Users\\审核"\n', "第1行第13列附近",
         "路径中的 \\ 请写成 /，或整个路径改用单引号，如 root = 'D:\\审核\\var'"),
        ("[batch]\ndeadline = 2017-3-10\n", "第2行第16列附近",
         "日期写作 2017-03-10（年-月-日，月和日各写两位，不加引号）"),
        ("[batch]\ndeadline = 2017年3月10日\n", "第2行第16列附近",
         "日期写作 2017-03-10（年-月-日，月和日各写两位，不加引号）"),
        ("[batch]\ndeadline = 2017-02-30\n", "第2行第12列附近",
         "没有这个日期，日期写作 2017-03-10（年-月-日，月和日各写两位，不加引号）"),
        ("[batch]\nname = 第二批\n", "第2行第8列附近", "文字请加英文双引号，如 name = \"第二批\""),
        ("[batch]\nname = “第二批”\n", "第2行第8列附近",
         "文字请加英文双引号，如 name = \"第二批\""),
        ('[mail]\nhost = "smtp.zj.gov.cn"\n[mail]\nport = 25\n', "第3行第6列附近",
         "[mail] 出现了两次，同一节的设置请写在一处"),
        ("[mail]\nport = 25\nport = 465\n", "第3行第11列附近", "同一项设置写了两次，请只保留一处"),
        ('root = "var"\n[mail\n', "第2行第6列附近", "节名应写在一对英文方括号中，如 [mail]"),
        ('[batch]\nname = "第二批\n', "第2行第12列附近", "引号没有成对：文字两端各有一个英文引号"),
    ],
    ids=["backslash", "backslash-u", "date", "chinese-date", "no-such-date", "bare-text",
         "chinese-quotes", "table-twice", "key-twice", "table-bracket", "open-quote"],
)
def test_toml_syntax_errors_say_what_to_write(
    tmp_path: Path, text: str, where: str, hint: str
) -> None:
    """A first-time writer's usual slips get a Chinese hint after where the syntax breaks."""
    path = tmp_path / "c.toml"
    assert _load_text(tmp_path, text) == (
        f"配置文件 {path} {where}格式有误（不符合 TOML 语法）：{hint}")


def test_a_windows_path_turned_into_a_tab_is_refused(tmp_path: Path) -> None:
    """"D:\\temp" is valid TOML, with a tab in it: the path is refused, saying why."""
    assert _load_text(tmp_path, 'root = "D:\\temp\\new"\n') == (
        "root「D:\\temp\\new」中有 \\ 被读作了制表符、换行等特殊字符："
        "路径中的 \\ 请写成 /，或整个路径改用单引号，如 root = 'D:\\审核\\var'")


def test_an_smtp_password_in_the_file_is_sent_to_the_environment(tmp_path: Path) -> None:
    """[mail] password is refused (exit 2), saying where the password does go."""
    path = tmp_path / "c.toml"
    assert _load_text(tmp_path, '[mail]\nusername = "zdpyc"\npassword = "secret"\n') == (
        f"配置文件 {path} 中不能写 [mail] password：SMTP 密码只从环境变量 "
        "CATALOG_CHECK_SMTP_PASSWORD 读取，不写在配置文件中，请删去这一行并设置该环境变量")


def test_unknown_keys_name_the_file_and_the_keys_that_exist(tmp_path: Path) -> None:
    """A guessed key: the file, the key and every key its section has."""
    path = tmp_path / "c.toml"
    assert _load_text(tmp_path, '[mail]\nsmtp_host = "smtp.zj.gov.cn"\nssl = true\n') == (
        f"配置文件 {path} 中有无法识别的设置：[mail] smtp_host、ssl；[mail] 中可用的设置有："
        "host、port、security、sender、username、audit_group_cc、timeout、retries"
        "（见 docs/configuration.md）")
    assert _load_text(tmp_path, "colour = 1\n") == (
        f"配置文件 {path} 中有无法识别的设置：colour；顶层可用的设置有：root、settle_seconds，"
        "以及 [batch]、[registry]、[mail]、[limits]、[schedule] 各节（见 docs/configuration.md）")


@pytest.mark.parametrize("value", ["123", "true", '["zdpyc"]'])
def test_an_smtp_username_that_is_not_text_is_refused(tmp_path: Path, value: str) -> None:
    """A username notify could not log in with is refused when the file is read, not when
    every notice fails to go out."""
    message = _load_text(tmp_path, f"[mail]\nusername = {value}\n")
    assert message.startswith("[mail] username 应为非空的文字，现为「")


@pytest.mark.parametrize(
    ("setting", "said"),
    [("settle_seconds = true", "settle_seconds 应为不小于0的秒数，现为「true」"),
     ('[mail]\nusername = ["zdpyc", 1]', '[mail] username 应为非空的文字，现为「["zdpyc", 1]」'),
     ("[mail]\nport = {x = 1}", "[mail] port 应为数字，现为「{x = 1}」"),
     ("[batch]\ndeadline = false", "[batch] deadline「false」不是日期，应写作 2017-03-10")],
    ids=["bool", "list", "table", "date"],
)
def test_a_wrong_value_is_quoted_as_the_file_writes_it(
    tmp_path: Path, setting: str, said: str
) -> None:
    """The value quoted back is TOML as the clerk wrote it (true, ["a"]), not Python's
    True or ['a']."""
    assert _load_text(tmp_path, setting + "\n") == said


def test_an_empty_smtp_username_means_no_login(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[mail]\nusername = ""\n', encoding="utf-8")
    assert load_config(path, env={}).mail.username is None
