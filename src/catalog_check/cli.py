"""The command line: parses arguments and calls the engine or the flows.

``validate`` and ``template`` never import Prefect (it costs seconds of start-up); the
pipeline commands import the flows only when they run.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from catalog_check import __version__
from catalog_check.config import DEFAULT_FILE, Config, ConfigError, load_config
from catalog_check.failures import os_error_text
from catalog_check.files import shown_name
from catalog_check.jsonout import write_json
from catalog_check.verdict import UNKNOWN_DEPARTMENT

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


#: argparse's English usage errors in Chinese, with full-width punctuation. The groups of a
#: pattern marked True are lists argparse writes ('validate', 'template'), shown bare.
_ARGPARSE_ZH: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(r"argument (\S+): invalid choice: (.+) \(choose from ([^()]*)\)"),
     "无效的命令「{1}」（可选：{2}）", True),
    (re.compile(r"argument (\S+): expected one argument"), "{0} 后面缺少参数值", False),
    (re.compile(r"the following arguments are required: (.+)"), "缺少必需的参数：{0}", True),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}", False),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), "选项 {0} 不明确，可能是：{1}", True),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "{0} 不能与 {1} 同时使用",
     False),
)


def _bare(names: str) -> str:
    """'validate', 'template' (argparse's reprs of the choices) as validate、template."""
    return "、".join(n.strip().strip("'\"") for n in names.split(","))


def usage_error_text(message: str) -> str:
    """An argparse usage error in Chinese; one we have no words for keeps its English."""
    for pattern, chinese, lists in _ARGPARSE_ZH:
        if m := pattern.fullmatch(message):
            return chinese.format(*(_bare(g) if lists else g for g in m.groups()))
    return message


class _Formatter(argparse.HelpFormatter):
    """Help in Chinese and English, as every other line of it is."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # a subcommand's prog is formatted with prefix "": keep that one bare
        super().add_usage(usage, actions, groups,
                          "用法 (usage): " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors and exit status 2, and help in Chinese and English."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数 (arguments)"
        self._optionals.title = "选项 (options)"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出 (show this help)")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"参数错误：{usage_error_text(message)}\n")


def _add_config(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="配置文件 (configuration file)，默认 ./catalog-check.toml")


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", metavar="FILE|-",
                   help="把 JSON 结果写入文件，- 表示标准输出"
                   " (write the JSON result; - for stdout)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="catalog-check",
        description="“最多跑一次”事项目录审核工具 — review the item catalogues departments submit.",
    )
    parser.add_argument("--version", action="version", version=f"catalog-check {__version__}",
                        help="显示版本号并退出 (show the version)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "validate",
        help="审核文件并输出中文摘要 (review files)",
        description="审核一个或多个文件（目录则审核其中全部文件）。"
        " Review files; a directory means every file in it."
        " 例：catalog-check validate 收件/ --json -",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="文件或目录 (files or folders)")
    _add_json(p)
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="把审核报告、标注版和 HTML 报告写入该目录 (write review reports here)")
    p.add_argument("--received", metavar="YYYY-MM-DD[THH:MM]",
                   help="收文时间，用于检查是否逾期 (received time, to check the deadline)")
    _add_config(p)

    p = sub.add_parser("template", help="生成空白报送模板 (write the blank template)",
                       description="生成空白报送模板。Write the blank submission template."
                       " 例：catalog-check template 报送模板.xlsx")
    p.add_argument("out", type=Path, metavar="OUT.xlsx",
                   help="模板文件名，.xlsx (the template's file name)")

    for name, zh, en in (
        ("intake", "扫描收件箱并审核新文件", "one pass of the intake flow over the inbox"),
        ("notify", "发送排队中的退回通知", "send every queued rejection notice"),
        ("bulletin", "生成进度通报", "write the progress bulletin"),
        ("serve", "按计划运行各流程（Prefect）", "serve the flows on their schedules"),
    ):
        p = sub.add_parser(name, help=f"{zh} ({en})", description=f"{zh}。{en[0].upper()}{en[1:]}.")
        _add_config(p)
    p = sub.add_parser("consolidate", help="汇总目录、去重 (build the merged catalogue)",
                       description="汇总各部门最新一次报送中通过的事项，去重并列出疑似重复。"
                       " Build the merged, deduplicated catalogue.")
    _add_config(p)
    _add_json(p)
    p = sub.add_parser("demo", help="用样例文件演示全流程 (run the whole job on the samples)",
                       description="在演示目录中用样例文件运行 收件→通知→汇总→通报 全流程。"
                       " Run intake → notify → consolidate → bulletin on the shipped samples.")
    p.add_argument("dir", nargs="?", type=Path, default=Path("catalog-check-demo"), metavar="DIR",
                   help="演示目录，默认 ./catalog-check-demo (the demo folder)")
    return parser


# ---- helpers ---------------------------------------------------------------------------

def _say(text: str = "", *, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def _fail(text: str, code: int = EXIT_USAGE) -> int:
    print(f"错误：{text}", file=sys.stderr, flush=True)
    return code


def submission_files(
    paths: Sequence[Path], *, skip: Path | None = None, unreadable: list[OSError] | None = None
) -> list[Path]:
    """Expand folders into their files, skipping hidden files, Office lock files (~$…) and
    anything under ``skip`` (the --out folder); folders that cannot be listed go to
    ``unreadable``."""
    from catalog_check.inbox import is_ignored

    skipped = skip.resolve() if skip is not None else None
    errors = unreadable if unreadable is not None else []
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        found: list[Path] = []
        for folder, dirs, names in os.walk(path, onerror=errors.append):
            here = Path(folder)
            dirs[:] = [d for d in dirs if not is_ignored(d)
                       and (skipped is None or (here / d).resolve() != skipped)]
            for n in names:
                try:
                    if not is_ignored(n) and (here / n).is_file():
                        found.append(here / n)
                except OSError as err:  # a folder that can be listed but not entered
                    errors.append(err)
        out.extend(sorted(found))
    # a file named twice (a.xlsx ./a.xlsx /abs/a.xlsx) is reviewed once, under its first name
    seen: set[Path] = set()
    once = []
    for p in out:
        if (real := p.resolve()) not in seen:
            seen.add(real)
            once.append(p)
    return once


def passed_over_in(folders: Sequence[Path]) -> list[Path]:
    """The files submission_files leaves out of ``folders`` that look like a submission all the
    same (inbox.passed_over: a ~$ name too big for a lock file, a hidden spreadsheet), each
    once."""
    from catalog_check.inbox import passed_over

    seen: set[Path] = set()
    found: list[Path] = []
    for folder in folders:
        for path in passed_over(folder):
            if (real := path.resolve()) not in seen:
                seen.add(real)
                found.append(path)
    return found


def _received(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(
            f"--received「{text}」不是日期时间，应写作 2017-03-10 或 2017-03-10T17:30"
        ) from exc


class _Progress:
    """A one-line progress display on stderr for runs over many files."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done = total, label, 0
        self.enabled = total >= 5 and sys.stderr.isatty()

    def step(self, name: str) -> None:
        self.done += 1
        if self.enabled:
            width = 24
            filled = width * self.done // self.total
            bar = "█" * filled + "·" * (width - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {self.done}/{self.total} {name[:30]:<30}")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _file_summary(review: Any, details: str) -> list[str]:
    """The console lines of one file: verdict, counts, the first errors (each said once: a
    materials row shared by sub-items is one line), and where the rest are (``details``)."""
    counts = review.counts
    # √ △ × are in GBK, which a Chinese Windows console or a redirected file may use
    mark = {"accepted": "√", "partial": "△", "rejected": "×", "unreadable": "×"}[review.status]
    dept = review.department or UNKNOWN_DEPARTMENT
    lines = [
        f"{mark} {shown_name(review.path)}  [{review.status_label}]  {dept}",
        f"   事项 {counts['items']} 项：通过 {counts['accepted']} 项，"
        f"退回 {counts['rejected']} 项；"
        f"问题 {counts['errors']} 个需修改，{counts['warnings']} 个提示，{counts['infos']} 个备注",
    ]
    errors = [f for f in review.ordered_findings if f.severity.value == "error"]
    said: set[str] = set()
    for f in errors:
        if f.message in said:
            continue
        if len(said) == 8:
            break
        said.add(f.message)
        named = f.sheet and (f.row is None or f"「{f.sheet}」表" in f.message)
        where = "" if named or not f.sheet else f"〔{f.sheet}〕"
        lines.append(f"   - {where}{f.message}")
    # counted as the line above counts them: a line said once may stand for several findings
    more = len(errors) - sum(1 for f in errors if f.message in said)
    if more > 0:
        lines.append(f"   … 另有 {more} 个需修改的问题，{details}")
    # What concerns the whole file without rejecting it (逾期报送): counted among the 提示
    # above, and said, since no row of the reports is there to show it.
    for f in review.ordered_findings:
        if f.row is None and f.severity.value != "error":
            lines.append(f"   · {f.severity.label}：{f.message}")
    return lines


def check_output(target: str | None, what: str) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if target is None or target == "-":
        return
    path = Path(target)
    if path.is_dir():
        raise ConfigError(f"{what}「{target}」是一个目录，请给出文件名")
    if not path.parent.is_dir():
        raise ConfigError(f"{what}「{target}」所在的目录不存在")


# ---- commands --------------------------------------------------------------------------

def _write_reports(path: Path, review: Any, out: Path) -> None:
    from catalog_check.reports import report_folder, write_reports

    layouts = review.tables.layouts if review.tables else ()
    write_reports(path, review.workbook, layouts, review.file, report_folder(out, review.file))


def cmd_validate(args: argparse.Namespace, config: Config) -> int:
    """Review files and print the summary; exit 1 when anything must be fixed."""
    from catalog_check.registry import registry_for
    from catalog_check.review import ReviewError, review_file

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        return _fail("找不到路径：" + "、".join(str(p) for p in missing))
    odd = [p for p in args.paths if not (p.is_file() or p.is_dir())]
    if odd:  # a pipe or a device: reading it could wait for ever
        return _fail("不是文件或文件夹：" + "、".join(str(p) for p in odd))
    received = _received(args.received)
    check_output(args.json, "--json 输出文件")
    if args.out is not None and (str(args.out) == "-" or args.out.is_file()):
        raise ConfigError(f"--out 应为一个目录，「{args.out}」不是")
    # The reports would be reviewed as submissions the next time (a subfolder is left out).
    same = [p for p in args.paths if args.out is not None and p.is_dir()
            and p.resolve() == args.out.resolve()]
    if same:
        raise ConfigError(f"--out 不能是被审核的目录本身「{same[0]}」，请另选一个目录或其子目录")
    unlisted: list[OSError] = []
    files = submission_files(args.paths, skip=args.out, unreadable=unlisted)
    for err in unlisted:
        print(f"错误：{os_error_text(err)}，其中的文件未审核", file=sys.stderr, flush=True)
    folders = [p for p in args.paths if p.is_dir()]
    hidden = passed_over_in(folders)
    if hidden:  # a list renamed ~$… or .… by mistake would pass unseen (intake names them too)
        from catalog_check.summaries import passed_over_validate_line

        _say(passed_over_validate_line(hidden), stream=sys.stderr)
    human = sys.stderr if args.json == "-" else sys.stdout
    if not files:
        # Only folders were named (a file named is reviewed, whatever its name) and nothing in
        # them was reviewed: exit 1, a script must not read it as "all passed".
        _say(f"没有找到要审核的文件（{'、'.join(shown_name(str(p)) for p in folders)}）。",
             stream=human)
        if args.json:
            from catalog_check import __version__ as version

            write_json(args.json, {"tool": "catalog-check", "version": version, "files": []})
        return EXIT_FINDINGS
    registry = registry_for(config)
    progress = _Progress(len(files), "审核")
    reviews = []  # FileReview only: the workbook and tables are dropped after each file
    failed = 0
    for path in files:
        try:
            review = review_file(path, config=config, registry=registry, received=received)
        except (ReviewError, OSError) as err:  # our bug, or a file this machine cannot read
            failed += 1
            reason = f"{os_error_text(err)}，该文件未审核" if isinstance(err, OSError) else err
            print(f"错误：{reason}", file=sys.stderr, flush=True)
            progress.step(shown_name(path.name))
            continue
        if args.out:
            _write_reports(path, review, args.out)
        reviews.append(review.file)
        del review  # keep only the FileReview: the workbook and tables can go
        progress.step(shown_name(path.name))
    details = ("详见审核报告" if args.out else "详见 JSON 结果" if args.json
               else "用 --out 指定目录可写出审核报告")
    for review in reviews:
        for line in _file_summary(review, details):
            _say(line, stream=human)
    totals = [r.counts for r in reviews]
    bad = sum(1 for r in reviews if r.status != "accepted")
    _say(
        f"共审核 {len(reviews)} 个文件、事项 {sum(c['items'] for c in totals)} 项；"
        f"{len(reviews) - bad} 个文件通过，{bad} 个文件需修改。",
        stream=human,
    )
    if args.out:
        _say(f"审核报告已写入：{args.out}", stream=human)
    if args.json:
        from catalog_check import __version__ as version

        write_json(args.json, {
            "tool": "catalog-check",
            "version": version,
            "files": [r.as_dict() for r in reviews],
        })
    has_error = failed or unlisted or any(r.counts["errors"] for r in reviews)
    return EXIT_FINDINGS if has_error else EXIT_OK


def cmd_template(args: argparse.Namespace, config: Config) -> int:
    """Write the blank submission template."""
    from catalog_check.reports import write_template

    if args.out.is_dir():
        raise ConfigError(f"「{args.out}」是一个目录，请给出 .xlsx 文件名")
    if args.out.suffix.lower() != ".xlsx":
        raise ConfigError(f"模板是 Excel 工作簿，文件名应以 .xlsx 结尾：「{args.out}」")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_template(args.out)
    _say(f"空白报送模板已写入：{args.out}")
    return EXIT_OK


def _pipeline(name: str) -> Callable[[argparse.Namespace, Config], int]:
    def run(args: argparse.Namespace, config: Config) -> int:
        from catalog_check.flows import commands

        return getattr(commands, name)(args, config)

    return run


COMMANDS: dict[str, Callable[[argparse.Namespace, Config], int]] = {
    "validate": cmd_validate,
    "template": cmd_template,
    **{n: _pipeline(n) for n in ("intake", "notify", "consolidate", "bulletin", "serve", "demo")},
}


_NO_CONFIG = frozenset({"template", "demo"})
#: The commands that work in the working folder: run on the built-in defaults by mistake,
#: they would fill ./var unseen.
_WORKING_FOLDER = frozenset({"intake", "notify", "consolidate", "bulletin", "serve"})


def no_config_line(config: Config, cwd: Path) -> str:
    """Said on stderr when no catalog-check.toml was found: the defaults and the working
    folder in use, and a file that looks meant to be the configuration (catalog-check.toml.txt,
    its extension hidden by Windows)."""
    line = (f"注意：当前文件夹（{cwd}）中没有配置文件 {DEFAULT_FILE}，使用内置默认设置，"
            f"工作目录：{config.root}（可用 --config 指定配置文件）")
    try:
        near = sorted(shown_name(p.name) for p in cwd.iterdir()
                      if p.name.lower().startswith("catalog-check") and p.name != DEFAULT_FILE
                      and p.is_file())
    except OSError:
        near = []
    if near:
        line += (f"；这里有 {'、'.join(near)}，如是配置文件，请改名为 {DEFAULT_FILE}"
                 "（Windows 可能隐藏了 .txt 等扩展名）")
    return line


def _command_parser(parser: argparse.ArgumentParser, command: str | None) -> Any:
    """The parser of ``command`` (the top-level parser without one)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush finds no broken pipe."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing will flush into a pipe
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``catalog-check`` command."""
    for stream in (sys.stdout, sys.stderr):  # a GBK console: a name it cannot show gets a ?
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:  # the command's own usage line, not the top-level one
        _command_parser(parser, args.command).error(f"unrecognized arguments: {' '.join(extras)}")
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        # template needs no configuration and demo brings its own: neither reads a
        # catalog-check.toml that happens to be in the current folder
        config = (Config() if args.command in _NO_CONFIG
                  else load_config(getattr(args, "config", None)))
    except ConfigError as err:
        return _fail(str(err))
    if args.command in _WORKING_FOLDER and config.source is None:
        _say(no_config_line(config, Path.cwd()), stream=sys.stderr)
    from catalog_check.registry import RegistryError

    try:
        return COMMANDS[args.command](args, config)
    except (ConfigError, RegistryError) as err:
        return _fail(str(err))
    except BrokenPipeError:  # the reader of our output left (| head): stop quietly
        _silence_stdout()
        return 141  # what a shell reports for a command stopped by SIGPIPE
    except OSError as err:  # an output path that cannot be written, a working folder …
        return _fail(os_error_text(err))
    except KeyboardInterrupt:
        return _fail("已中断。", 130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
