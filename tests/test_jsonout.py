"""JSON results: indented, Chinese kept, odd values through str(), to a file or stdout."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from catalog_check.jsonout import json_bytes, write_json


def test_json_bytes_is_indented_utf8_with_chinese_as_is() -> None:
    document = {"部门": "浙江省公安厅", "rows": [7, 8], "received": datetime(2017, 3, 9, 8, 30)}
    data = json_bytes(document)
    text = data.decode("utf-8")
    assert text.startswith('{\n  "部门": "浙江省公安厅"')
    assert text.endswith("}\n")
    assert json.loads(text) == {"部门": "浙江省公安厅", "rows": [7, 8],
                                "received": "2017-03-09T08:30:00"}


def test_json_bytes_turns_other_values_and_keys_into_text() -> None:
    assert json.loads(json_bytes({1: Path("收件/a.xlsx")})) == {"1": "收件/a.xlsx"}


def test_write_json_to_a_file_and_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "结果.json"
    write_json(target, {"状态": "通过"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"状态": "通过"}
    write_json("-", {"状态": "退回"})
    assert json.loads(capsys.readouterr().out) == {"状态": "退回"}
