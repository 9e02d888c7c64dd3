"""`catalog-check demo` runs the whole day on the shipped samples, as `make demo` does."""

from __future__ import annotations

import os
import subprocess
import sys
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import pytest


def test_demo_writes_every_output_and_saves_the_mail(tmp_path: Path) -> None:
    """One process: intake → notify → consolidate → bulletin, then where everything is."""
    exe = Path(sys.executable).with_name("catalog-check")
    if not exe.exists():
        pytest.skip("console script not installed next to this interpreter")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run([str(exe), "demo", str(tmp_path / "演示")], capture_output=True,
                            text=True, cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "本次收件 5 个文件：审核 5 个，重复提交 0 个，处理失败 0 个。" in out
    assert "已发送 4 封，待重发 0 封，无法发送 0 封" in out
    assert "演示完成。各项输出位置：" in out
    root = tmp_path / "演示" / "var"
    assert (root / "catalogue" / "汇总目录.xlsx").exists()
    assert (root / "catalogue" / "疑似重复.xlsx").exists()
    assert (root / "catalogue" / "已公布事项.xlsx").exists()
    assert len(list((root / "bulletins").glob("进度通报-*.xlsx"))) == 1
    assert len(list((root / "archive").rglob("*.*"))) == 5
    mails = sorted((tmp_path / "演示" / "邮件").glob("*.eml"))
    assert len(mails) == 4
    subjects = {BytesParser(policy=default).parse(p.open("rb"))["Subject"] for p in mails}
    health = "【退回】浙江省卫生和计划生育委员会“最多跑一次”事项（第二批）审核意见：3项需修改"
    assert health in subjects
    assert not list((root / "inbox").rglob("*.*"))


def test_demo_refuses_a_folder_with_someone_elses_work(tmp_path: Path) -> None:
    """`catalog-check demo .` in a real working folder must not empty its ledger and archive."""
    from catalog_check.config import ConfigError
    from catalog_check.demo import prepare_demo

    (tmp_path / "catalog-check.toml").write_text('root = "var"\n', encoding="utf-8")
    ledger = tmp_path / "var" / "ledger.sqlite"
    ledger.parent.mkdir()
    ledger.write_bytes(b"real work")
    with pytest.raises(ConfigError, match="已有 catalog-check 的配置或工作数据，演示不会覆盖"):
        prepare_demo(tmp_path, 2525)
    assert ledger.read_bytes() == b"real work"
    assert (tmp_path / "catalog-check.toml").read_text(encoding="utf-8") == 'root = "var"\n'


def test_demo_resets_the_folder_an_earlier_demo_made(tmp_path: Path) -> None:
    """Run twice: the second run starts from the samples again, with no mail from the first."""
    from catalog_check.demo import DEMO_SUBMISSIONS, prepare_demo

    prepare_demo(tmp_path, 2525)
    (tmp_path / "var" / "ledger.sqlite").write_bytes(b"first run")
    (tmp_path / "邮件").mkdir()
    (tmp_path / "邮件" / "old.eml").write_bytes(b"x")
    config = prepare_demo(tmp_path, 2526)
    assert "port = 2526" in config.read_text(encoding="utf-8")
    assert not (tmp_path / "var" / "ledger.sqlite").exists()
    assert not (tmp_path / "邮件").exists()
    inbox = sorted(p.name for p in (tmp_path / "var" / "inbox").rglob("*.*"))
    assert inbox == sorted(DEMO_SUBMISSIONS)
