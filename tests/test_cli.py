"""The command line as a user runs it: exit codes, the JSON result, summaries, reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from catalog_check.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "submissions"
POLICE = SAMPLES / "浙江省公安厅-第二批.xlsx"
CONSTRUCTION = SAMPLES / "省建设厅-第二批（WPS）.xls"


def test_clean_file_exits_zero_with_chinese_summary(capsys) -> None:
    """A clean submission: exit 0 and a Chinese summary on stdout."""
    assert main(["validate", str(POLICE)]) == 0
    out = capsys.readouterr().out
    assert "[通过]" in out
    assert "浙江省公安厅" in out
    assert "共审核 1 个文件、事项 5 项；1 个文件通过，0 个文件需修改。" in out


def test_json_to_stdout_is_the_document_alone(capsys) -> None:
    """--json - puts only the JSON on stdout; the summary goes to stderr; exit 1 on errors."""
    assert main(["validate", str(CONSTRUCTION), "--json", "-"]) == 1
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert "共审核" in captured.err
    assert doc["tool"] == "catalog-check"
    (entry,) = doc["files"]
    assert entry["status"] == "partial"
    assert entry["format"] == "xls"
    assert (entry["path"], entry["file"]) == (str(CONSTRUCTION), CONSTRUCTION.name)
    assert entry["department"] == "浙江省住房和城乡建设厅"
    assert entry["counts"] == {"items": 5, "accepted": 1, "rejected": 4, "errors": 5,
                               "warnings": 0, "infos": 0}
    first = entry["findings"][0]
    assert list(first) == ["code", "severity", "sheet", "row", "column", "cell", "item", "value",
                           "message"]
    assert (first["code"], first["row"], first["column"], first["cell"]) == (
        "certificate-without-basis", 8, "申请材料", "G8")
    assert first["message"].startswith("第8行「申请材料」：证明材料「专职技术人员在职证明")
    rows = [(i["row"], i["status"]) for i in entry["items"]]
    assert rows == [(7, "accepted"), (8, "rejected"), (9, "rejected"), (10, "rejected"),
                    (11, "rejected")]


def test_json_file_and_directory_skip_lock_and_hidden_files(tmp_path: Path, capsys) -> None:
    """A folder means every file in it and below, except ~$ lock files and hidden files."""
    folder = tmp_path / "收件"
    (folder / "子目录").mkdir(parents=True)
    shutil.copy(POLICE, folder / "子目录" / POLICE.name)
    (folder / "~$浙江省公安厅-第二批.xlsx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "说明.docx").write_bytes(b"PK\x03\x04not really")
    out = tmp_path / "result.json"
    code = main(["validate", str(folder), "--json", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    names = sorted(Path(f["path"]).name for f in doc["files"])
    assert names == ["浙江省公安厅-第二批.xlsx", "说明.docx"]
    assert code == 1  # the .docx is an error finding
    docx = next(f for f in doc["files"] if f["path"].endswith(".docx"))
    assert docx["status"] == "unreadable"
    # A damaged zip named .docx is a Word file sent by mistake, not a damaged workbook.
    assert [f["code"] for f in docx["findings"]] == ["unsupported-format"]
    assert docx["counts"]["items"] == 0


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["validate"], "参数错误"),
        (["validate", "不存在的文件.xlsx"], "找不到路径"),
        (["validate", "--frobnicate", "x.xlsx"],
         "用法 (usage): catalog-check validate"),  # the command's usage, not the top-level one
        (["validate", str(POLICE), "--received", "三月"], "--received"),
    ],
    ids=["no-path", "missing-path", "unknown-option", "bad-received"],
)
def test_usage_errors_exit_two(argv: list[str], needle: str, capsys) -> None:
    """Usage errors exit 2 with a Chinese reason on stderr."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse exits by itself
        code = exc.code
    assert code == 2
    assert needle in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["validate"], "参数错误：缺少必需的参数：PATH"),
        (["validate", "--frobnicate", "x.xlsx"], "参数错误：无法识别的参数：--frobnicate"),
        (["validate", "x.xlsx", "--json"], "参数错误：--json 后面缺少参数值"),
        (["frob"], "参数错误：无效的命令「frob」（可选：validate、template、intake、notify、"
                   "bulletin、serve、consolidate、demo）"),
    ],
    ids=["no-path", "unknown-option", "no-value", "unknown-command"],
)
def test_usage_errors_are_chinese_sentences(argv: list[str], said: str, capsys) -> None:
    """argparse's errors read as Chinese sentences: full-width colons and brackets, the choices
    listed bare (not "参数 COMMAND: 无效的命令或选项: 'frob' (可选 'validate', …)")."""
    with pytest.raises(SystemExit):
        main(argv)
    assert capsys.readouterr().err.splitlines()[-1] == said


def test_bad_configuration_exits_two(tmp_path: Path, capsys) -> None:
    """A broken configuration file is a usage error, named in Chinese."""
    config = tmp_path / "bad.toml"
    config.write_text('[mail]\nsecurity = "carrier-pigeon"\n', encoding="utf-8")
    assert main(["validate", str(POLICE), "--config", str(config)]) == 2
    assert "security" in capsys.readouterr().err


def test_received_after_deadline_warns(capsys) -> None:
    """--received after the deadline adds late-submission, a warning: exit stays 0."""
    assert main(["validate", str(POLICE), "--received", "2017-03-11T09:30", "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    codes = [f["code"] for f in doc["files"][0]["findings"]]
    assert codes == ["late-submission"]
    (late,) = doc["files"][0]["findings"]  # dates as the notices write them
    assert late["message"].startswith(
        "文件于2017年3月11日 09:30收到，晚于报送截止日期2017年3月10日"
    )


def test_a_late_file_is_said_late_on_the_console(capsys) -> None:
    """The console says why a file has a 提示 of its own (逾期报送), which no row shows."""
    assert main(["validate", str(POLICE), "--received", "2017-03-11T09:30"]) == 0
    out = capsys.readouterr().out
    assert "   · 提示：文件于2017年3月11日 09:30收到，晚于报送截止日期2017年3月10日，" \
        "请在截止日期前报送；已逾期的，请向审核小组说明原因\n" in out
    assert main(["validate", str(POLICE), "--received", "2017-03-10T09:30"]) == 0
    assert "· 提示" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("received", "codes"),
    [("2017-03-10T23:59", []), ("2017-03-10T00:00", []), ("2017-03-11T00:00", ["late-submission"]),
     ("2017-03-11T00:30+08:00", ["late-submission"]),
     # a time in another zone is the same instant in Beijing time, whatever the server's zone
     ("2017-03-10T15:59:59Z", []), ("2017-03-10T16:00:00Z", ["late-submission"]),
     ("2017-03-10T23:59:59+00:00", ["late-submission"])],
)
def test_the_deadline_day_is_on_time_to_its_last_minute(
    received: str, codes: list[str], capsys
) -> None:
    """Submissions are due by 10 March: any time that day is on time, the next day is late."""
    assert main(["validate", str(POLICE), "--received", received, "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in doc["files"][0]["findings"]] == codes


def test_received_in_another_zone_is_said_in_beijing_time(capsys) -> None:
    """--received 2017-03-11T01:30+00:00 is 09:30 in Beijing: late, and said so."""
    main(["validate", str(POLICE), "--received", "2017-03-11T01:30+00:00", "--json", "-"])
    (late,) = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert late["message"].startswith("文件于2017年3月11日 09:30收到")


def test_out_writes_reports_per_department_and_file(tmp_path: Path, capsys) -> None:
    """--out writes the marked copy, the review workbook and the HTML page per file."""
    assert main(["validate", str(CONSTRUCTION), "--out", str(tmp_path)]) == 1
    (folder,) = (tmp_path / "浙江省住房和城乡建设厅").iterdir()
    names = sorted(p.name for p in folder.iterdir())
    assert "审核报告.xlsx" in names
    assert "审核报告.html" in names
    assert "result.json" in names
    marked = next(p for p in folder.iterdir() if p.name.endswith("标注版.xlsx"))
    wb = openpyxl.load_workbook(marked)
    ws = wb["第二批事项"]
    assert ws["G8"].comment is not None
    assert "证明材料" in ws["G8"].comment.text
    assert ws["J9"].comment is not None  # promise-exceeds-legal


def test_template_command_writes_a_template_that_passes(tmp_path: Path, capsys) -> None:
    """catalog-check template writes the blank template; its header is found by the reader."""
    out = tmp_path / "模板" / "报送模板.xlsx"
    assert main(["template", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["事项清单", "申请材料"]
    assert "空白报送模板已写入" in capsys.readouterr().out
    # Blank, it holds no item, and that is its only finding: the reader found its header.
    assert main(["validate", str(out), "--json", "-"]) == 1
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert [f["code"] for f in entry["findings"]] == ["no-items"]


def test_paths_that_cannot_be_written_are_a_chinese_error(tmp_path: Path, capsys) -> None:
    """An output under a file, not a folder: a Chinese message naming the path, exit 2."""
    blocker = tmp_path / "a.txt"
    blocker.write_text("x", encoding="utf-8")
    assert main(["template", str(blocker / "模板.xlsx")]) == 2
    assert capsys.readouterr().err == f"错误：无法读写「{blocker}」：已存在同名文件\n"
    assert main(["validate", str(POLICE), "--out", str(blocker / "报告")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：无法读写「")
    assert "Traceback" not in err


def test_validate_does_not_import_prefect(tmp_path: Path) -> None:
    """validate starts fast: Prefect is never imported on its path."""
    script = (
        "import sys\n"
        "from catalog_check.cli import main\n"
        f"code = main(['validate', {str(POLICE)!r}, '--json', {str(tmp_path / 'r.json')!r}])\n"
        "assert code == 0, code\n"
        "print('prefect' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, cwd=tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_reader_that_leaves_early_gets_no_error(tmp_path: Path) -> None:
    """`validate … | head -1`: the pipe closes before we write; no 文件读写失败, no traceback."""
    script = (
        "import sys\nfrom catalog_check.cli import main\n"
        f"sys.exit(main(['validate', {str(POLICE)!r}]))\n"
    )
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    result = subprocess.run([sys.executable, "-c", script], stdout=write_end,
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141  # as a shell reports a command stopped by SIGPIPE


def test_installed_command_runs_from_any_directory(tmp_path: Path) -> None:
    """The console script works outside the checkout (cwd has no project files)."""
    exe = Path(sys.executable).with_name("catalog-check")
    if not exe.exists():
        pytest.skip("console script not installed next to this interpreter")
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run([str(exe), "validate", str(POLICE)], capture_output=True, text=True,
                            cwd=tmp_path, env=env)
    assert result.returncode == 0
    assert "[通过]" in result.stdout


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    """python -m catalog_check is catalog-check (there was no __main__: "is a package and
    cannot be directly executed")."""
    result = subprocess.run([sys.executable, "-m", "catalog_check", "validate", str(POLICE)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[通过]" in result.stdout


@pytest.mark.parametrize("brk", ["\n", "\r", "\u2028", "\x85"], ids=repr)
def test_a_line_break_in_a_file_name_cannot_forge_a_summary_line(
    tmp_path: Path, capsys, brk: str
) -> None:
    """A name holding a line break and a fake 通过 line prints on one line, as one file; the
    JSON keeps the path as it is, for scripts that open it."""
    name = f"x{brk}√ 省公安厅.xlsx  [通过]  浙江省公安厅{brk}.xlsx"
    shutil.copy(CONSTRUCTION, tmp_path / name)
    assert main(["validate", str(tmp_path), "--json", str(tmp_path / "r.json")]) == 1
    out = capsys.readouterr().out.splitlines()
    shown = f"{tmp_path}/x √ 省公安厅.xlsx  [通过]  浙江省公安厅 .xlsx"
    assert out[0] == f"△ {shown}  [部分退回]  浙江省住房和城乡建设厅"
    assert not any(line.startswith("√") for line in out)
    (entry,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]
    assert entry["path"] == str(tmp_path / name)


def test_a_pipe_is_refused_not_waited_on(tmp_path: Path, capsys) -> None:
    """A named pipe given as a path would block the read for ever: exit 2 and say why."""
    fifo = tmp_path / "管道.xlsx"
    os.mkfifo(fifo)
    assert main(["validate", str(fifo)]) == 2
    assert capsys.readouterr().err == f"错误：不是文件或文件夹：{fifo}\n"


def test_an_empty_folder_still_gives_the_json_document(tmp_path: Path, capsys) -> None:
    """--json - on a folder with nothing to review: the document with no files, exit 1 (a
    script must not read a folder where nothing was reviewed as all passed)."""
    (tmp_path / "空").mkdir()
    assert main(["validate", str(tmp_path / "空"), "--json", "-"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"] == []
    assert captured.err == f"没有找到要审核的文件（{tmp_path / '空'}）。\n"


def test_validate_names_lists_whose_names_hide_them(tmp_path: Path, capsys) -> None:
    """A real list named ~$… or .… is left out of a folder as intake leaves it in the inbox,
    and named on stderr as intake names it (an Office lock file is not); stdout stays the JSON
    document alone, and with nothing else to review the exit status is 1, not 0."""
    folder = tmp_path / "收件"
    folder.mkdir()
    hidden = folder / ".省建设厅-第二批.xls"
    renamed = folder / "~$浙江省公安厅-第二批.xlsx"
    shutil.copy(CONSTRUCTION, hidden)
    shutil.copy(POLICE, renamed)
    (folder / "~$名单.xlsx").write_bytes(b"\x06wangfang" + b" " * 155)  # Excel's own lock file
    assert main(["validate", str(folder), "--json", "-"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"] == []
    assert captured.err == (
        "注意：有 2 个文件因文件名以“.”或“~$”开头未审核（此类名称通常为隐藏文件或 Office "
        f"临时文件），如为报送文件请去掉开头的符号后重新审核，或直接给出文件路径：{hidden}、{renamed}\n"
        f"没有找到要审核的文件（{folder}）。\n")
    # beside a file that is reviewed: still named; the exit status is the reviewed file's
    shutil.copy(POLICE, folder / POLICE.name)
    assert main(["validate", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("注意：有 2 个文件因文件名以“.”或“~$”开头未审核")
    assert "共审核 1 个文件" in captured.out
    # named as a file, a hidden name is reviewed like any other
    assert main(["validate", str(renamed)]) == 0
    assert capsys.readouterr().err == ""


def test_the_out_folder_inside_the_reviewed_folder_is_not_reviewed(tmp_path: Path, capsys) -> None:
    """validate DIR --out DIR/审核结果 twice: the second run reviews the one submission
    again, not the reports the first run wrote."""
    shutil.copy(POLICE, tmp_path / POLICE.name)
    for _ in range(2):
        assert main(["validate", str(tmp_path), "--out", str(tmp_path / "审核结果")]) == 0
        assert "共审核 1 个文件、事项 5 项" in capsys.readouterr().out


def test_summary_prints_on_a_gbk_console(tmp_path: Path) -> None:
    """Output redirected on a Chinese Windows machine is GBK: the status marks are in it."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    run = subprocess.run(
        [sys.executable, "-m", "catalog_check.cli", "validate", str(POLICE), str(CONSTRUCTION)],
        capture_output=True, env=env, timeout=120, check=False,
    )
    assert run.returncode == 1, run.stderr.decode("gbk", "replace")
    out = run.stdout.decode("gbk")
    assert f"√ {POLICE}  [通过]" in out
    assert "△ " in out


def test_serve_without_a_reachable_server_says_so_in_chinese(tmp_path: Path) -> None:
    """PREFECT_API_URL naming a port nothing listens on: one Chinese line on stderr, exit 1,
    the traceback in the working folder's log, none on the terminal."""
    from catalog_check.mailserver import free_port

    url = f"http://127.0.0.1:{free_port()}/api"
    env = {**os.environ, "PREFECT_API_URL": url}
    run = subprocess.run([sys.executable, "-m", "catalog_check.cli", "serve"], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert run.returncode == 1
    notice, error = run.stderr.split("\n", 1)
    assert notice.startswith(f"注意：当前文件夹（{tmp_path}）中没有配置文件")  # (no config)
    assert error.startswith(
        f"错误：未能向 Prefect 服务器（{url}）登记并运行流程（ConnectError）"
    )
    assert "Traceback" not in run.stderr + run.stdout
    assert "Traceback" in (tmp_path / "var" / "logs" / "catalog-check.log").read_text("utf-8")


def test_template_ignores_a_bad_configuration_in_the_current_folder(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """template reads no configuration: a broken catalog-check.toml beside it is not its
    business (it has no --config to choose another)."""
    (tmp_path / "catalog-check.toml").write_text("rooot = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["template", "模板.xlsx"]) == 0
    assert (tmp_path / "模板.xlsx").is_file()
    assert main(["validate", str(POLICE)]) == 2  # a command that reads it still refuses it
    assert "rooot" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["template", "--help"]],
                         ids=["top", "validate", "template"])
def test_help_is_in_chinese_and_english(argv: list[str], capsys) -> None:
    """--help: argparse's own words (usage, options, the -h line) in Chinese and English."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法 (usage): catalog-check")
    assert out.count("用法 (usage)") == 1
    assert "选项 (options):" in out
    assert "显示本帮助并退出 (show this help)" in out
    assert "show this help message and exit" not in out


def test_small_command_line_slips(tmp_path: Path, capsys) -> None:
    """template refuses a name that is no .xlsx; --out - is no folder; a file named twice
    is reviewed once."""
    assert main(["template", str(tmp_path / "模板.csv")]) == 2
    assert "应以 .xlsx 结尾" in capsys.readouterr().err
    assert not (tmp_path / "模板.csv").exists()
    assert main(["validate", str(POLICE), "--out", "-"]) == 2
    assert "--out 应为一个目录" in capsys.readouterr().err
    shutil.copy(POLICE, tmp_path / POLICE.name)
    again = tmp_path / "sub" / ".." / POLICE.name  # the same file by another path
    (tmp_path / "sub").mkdir()
    assert main(["validate", str(POLICE), str(POLICE), str(tmp_path / POLICE.name),
                 str(again)]) == 0
    assert "共审核 2 个文件" in capsys.readouterr().out


def test_the_reviewed_folder_itself_is_no_out_folder(tmp_path: Path, capsys) -> None:
    """--out equal to the reviewed folder: refused (its reports would be reviewed next time)."""
    shutil.copy(POLICE, tmp_path / POLICE.name)
    assert main(["validate", str(tmp_path), "--out", str(tmp_path)]) == 2
    assert "--out 不能是被审核的目录本身" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [POLICE.name]


def test_the_summary_says_each_error_once_and_where_the_rest_are(tmp_path: Path, capsys) -> None:
    """A materials-sheet row shared by three sub-items is one line, not three identical ones;
    its sheet is named once; the rest are counted as the count above counts them, and the
    pointer names an output that was asked for (there was none: 详见 JSON 结果或审核报告)."""
    from workbooks import SheetSpec, item_row, items_sheet, write_xlsx

    rows = items_sheet(["危险物品运输许可"] * 3, 申请材料=None)
    for k, sub in enumerate(("新办", "变更", "延续"), start=1):
        rows[k] = item_row(k, "危险物品运输许可", 子项名称=sub, 申请材料=None)
    materials = [["事项名称", "材料名称", "材料依据"], ["危险物品运输许可", "无犯罪记录证明", None]]
    materials += [["危险物品运输许可", f"第{k}户居住证明", None] for k in range(10)]
    path = write_xlsx(tmp_path / "省公安厅-第二批.xlsx",
                      sheets=[SheetSpec("事项清单", rows), SheetSpec("申请材料", materials)])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = "「申请材料」表第2行「材料名称」：证明材料「无犯罪记录证明」未列明法律法规依据"
    assert out.count(line) == 1
    assert "〔申请材料〕" not in out
    # 11 rows, each a finding for each of 3 sub-items: 33; 8 lines say 24 of them
    assert "问题 33 个需修改" in out
    assert "… 另有 9 个需修改的问题，用 --out 指定目录可写出审核报告" in out
    assert main(["validate", str(path), "--out", str(tmp_path / "out")]) == 1
    assert "… 另有 9 个需修改的问题，详见审核报告" in capsys.readouterr().out


def test_an_impossible_cron_stops_every_command_with_exit_two(tmp_path: Path, capsys) -> None:
    """[schedule] intake = "61 * * * *" is refused when the configuration is read (serve used
    to fail later, blaming the Prefect server)."""
    config = tmp_path / "catalog-check.toml"
    config.write_text('root = "w"\n[schedule]\nintake = "61 * * * *"\n', encoding="utf-8")
    for command in (["intake"], ["serve"], ["validate", str(POLICE)]):
        assert main([*command, "--config", str(config)]) == 2
        assert capsys.readouterr().err == (
            "错误：[schedule] intake「61 * * * *」不是有效的 cron 表达式（分钟应为 0-59）\n")
    assert not (tmp_path / "w").exists()


def test_a_password_in_the_configuration_is_refused_in_chinese(tmp_path: Path, capsys) -> None:
    """[mail] password: exit 2, the file named and the environment variable to use instead."""
    config = tmp_path / "catalog-check.toml"
    config.write_text('[mail]\nusername = "zdpyc"\npassword = "secret"\n', encoding="utf-8")
    assert main(["notify", "--config", str(config)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"错误：配置文件 {config} 中不能写 [mail] password：SMTP 密码只从环境变量 "
        "CATALOG_CHECK_SMTP_PASSWORD 读取，不写在配置文件中，请删去这一行并设置该环境变量\n")
    assert "secret" not in captured.err + captured.out


def test_an_smtp_username_that_is_no_text_exits_two(tmp_path: Path, capsys) -> None:
    """[mail] username = 123: refused when read (notify used to fail every queued notice)."""
    config = tmp_path / "catalog-check.toml"
    config.write_text('root = "w"\n[mail]\nusername = 123\n', encoding="utf-8")
    assert main(["notify", "--config", str(config)]) == 2
    assert capsys.readouterr().err == "错误：[mail] username 应为非空的文字，现为「123」\n"
    assert not (tmp_path / "w").exists()


@pytest.mark.usefixtures("prefect_harness")  # (alone, intake starts Prefect's own server: ~10 s)
def test_no_configuration_found_is_said_with_the_working_folder(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """The configuration saved as catalog-check.toml.txt (Windows hid the extension): intake
    says on stderr that it runs on the defaults, in which working folder, and names the
    look-alike."""
    (tmp_path / "catalog-check.toml.txt").write_text('root = "审核"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["intake"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"注意：当前文件夹（{tmp_path}）中没有配置文件 catalog-check.toml，使用内置默认设置，"
        f"工作目录：{tmp_path / 'var'}（可用 --config 指定配置文件）；这里有 "
        "catalog-check.toml.txt，如是配置文件，请改名为 catalog-check.toml"
        "（Windows 可能隐藏了 .txt 等扩展名）\n")


@pytest.mark.parametrize("command", ["notify", "consolidate", "bulletin", "serve"])
def test_every_working_folder_command_says_it_found_no_configuration(
    tmp_path: Path, monkeypatch, capsys, command: str
) -> None:
    """The same line for each command that works in the working folder (the command itself is
    not run here)."""
    import catalog_check.cli as cli

    monkeypatch.setitem(cli.COMMANDS, command, lambda args, config: 0)
    monkeypatch.chdir(tmp_path)
    assert main([command]) == 0
    assert capsys.readouterr().err == (
        f"注意：当前文件夹（{tmp_path}）中没有配置文件 catalog-check.toml，使用内置默认设置，"
        f"工作目录：{tmp_path / 'var'}（可用 --config 指定配置文件）\n")


def test_no_configuration_notice_only_where_it_matters(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """validate and template use no working folder, and a --config given or a
    ./catalog-check.toml found is no surprise: none of them says anything about it."""
    import catalog_check.cli as cli

    monkeypatch.setitem(cli.COMMANDS, "intake", lambda args, config: 0)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(POLICE)]) == 0
    assert main(["template", str(tmp_path / "模板.xlsx")]) == 0
    (tmp_path / "my.toml").write_text('root = "work"\n', encoding="utf-8")
    assert main(["intake", "--config", str(tmp_path / "my.toml")]) == 0
    (tmp_path / "catalog-check.toml").write_text('root = "work"\n', encoding="utf-8")
    assert main(["intake"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("given", "expected"), [(None, "120"), ("45", "45")])
def test_prefects_temporary_server_gets_two_minutes_to_start(
    given: str | None, expected: str
) -> None:
    """On a busy two-core machine Prefect's 20 s for its temporary server ran out and the
    demo failed (收件审核失败); the flow commands give it 120 s unless the user set a value."""
    env = {k: v for k, v in os.environ.items()
           if k != "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"}
    if given is not None:
        env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = given
    code = ("from catalog_check.flows.commands import _prefect_defaults\n"
            "_prefect_defaults()\n"
            "from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS as S\n"
            "print(S.value())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    assert out.strip() == expected
