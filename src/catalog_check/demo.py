"""Prepare a demo working folder: configuration, an earlier batch, and the samples in the inbox."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from importlib import resources
from pathlib import Path

import xlsxwriter

from catalog_check.config import ConfigError
from catalog_check.safe import XLSXWRITER_OPTIONS

__all__ = ["DEMO_SUBMISSIONS", "prepare_demo"]

#: Sample file → (audit group subfolder, received time). One arrives after the deadline.
DEMO_SUBMISSIONS: dict[str, tuple[str, datetime]] = {
    "浙江省公安厅-第二批.xlsx": ("第一审核小组", datetime(2017, 3, 8, 16, 20)),
    "省建设厅-第二批（WPS）.xls": ("第二审核小组", datetime(2017, 3, 9, 10, 5)),
    "省人力社保厅-第二批.csv": ("第三审核小组", datetime(2017, 3, 10, 17, 45)),
    "省卫生计生委-第二批.xlsx": ("第四审核小组", datetime(2017, 3, 11, 9, 30)),
    "省民政厅-第二批（传输中断）.xlsx": ("第三审核小组", datetime(2017, 3, 9, 15, 0)),
}

#: The first batch as published: (序号, 事项名称, 实施部门, 备注).
FIRST_BATCH = [
    (1, "民用爆炸物品购买许可", "省公安厅", ""),
    (2, "护士执业注册", "浙江省卫生和计划生育委员会", ""),
    (3, "有限责任公司设立登记", "浙江省工商行政管理局", ""),
]


def _write_first_batch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), XLSXWRITER_OPTIONS)
    sheet = book.add_worksheet("第一批")
    for col, head in enumerate(("序号", "事项名称", "实施部门", "备注")):
        sheet.write_string(0, col, head)
    for row, values in enumerate(FIRST_BATCH, start=1):
        sheet.write_number(row, 0, values[0])
        for col, value in enumerate(values[1:], start=1):
            sheet.write_string(row, col, value)
    book.close()


_MARK = "# catalog-check 演示配置（由 catalog-check demo 生成）"


def prepare_demo(folder: Path, smtp_port: int) -> Path:
    """Lay out ``folder`` for the demo and return its configuration file.

    A folder an earlier demo made is reset (its working data and saved mail); any other
    folder holding a configuration or working data is refused (ConfigError), never emptied.
    """
    config = folder / "catalog-check.toml"
    root, mail = folder / "var", folder / "邮件"
    made_by_demo = config.is_file() and config.read_text(encoding="utf-8").startswith(_MARK)
    if not made_by_demo and (config.exists() or root.exists()):
        raise ConfigError(
            f"目录「{folder}」已有 catalog-check 的配置或工作数据，演示不会覆盖它们；"
            "请换一个新目录运行 catalog-check demo"
        )
    for old in (root, mail) if made_by_demo else ():
        if old.exists():
            shutil.rmtree(old)
    folder.mkdir(parents=True, exist_ok=True)
    _write_first_batch(folder / "published" / "第一批.xlsx")
    config.write_text(
        f"""{_MARK}
root = "var"
settle_seconds = 0

[batch]
name = "第二批"
deadline = 2017-03-10
earlier = ["published/第一批.xlsx"]

[mail]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
sender = "zuiduopaoyici@example.gov.cn"
retries = 2
""",
        encoding="utf-8",
    )
    samples = resources.files("catalog_check.samples") / "submissions"
    for name, (group, received) in DEMO_SUBMISSIONS.items():
        target = root / "inbox" / group / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(samples.joinpath(name).read_bytes())
        stamp = received.timestamp()
        os.utime(target, (stamp, stamp))
    return config
