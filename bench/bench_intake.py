"""Which Prefect task runner is faster for intake: ThreadPoolTaskRunner or ProcessPoolTaskRunner.

Each run takes a fresh working folder whose inbox holds the workload (copies of generated
submissions, one department each, under the audit group's subfolder, received on 2017-03-09),
and maps the real intake work (catalog_check.receive.receive_file: archive, review, reports,
ledger, queued notice, move out) over the inbox files in a small flow, with each task opening
its own Ledger as flows/intake.py does. A plain serial loop without Prefect is the baseline.

Run: .venv/bin/python bench/bench_intake.py [--big 8x5000] [--small 20x100] [--workers 2]
     [--runners serial,thread,process] [--no-harness]

Prefect runs under prefect_test_harness (a temporary API and database) unless --no-harness
(Prefect's local mode then uses the profile's database). Analytics are switched off.
"""

from __future__ import annotations

import os

# Set before anything imports Prefect (its settings are read at import).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import argparse
import contextlib
import csv
import platform
import shutil
import sys
import tempfile
import time
import traceback
from datetime import datetime
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from _gen import GEN_VERSION, ensure_submission

from catalog_check.config import Config
from catalog_check.inbox import scan, settled
from catalog_check.ledger import Ledger
from catalog_check.receive import Received, outcome, receive_file
from catalog_check.registry import registry_for

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "intake"
#: Departments with enough items of their own in the generator (domain.md).
DEPARTMENTS = (
    "浙江省公安厅", "浙江省工商行政管理局", "浙江省住房和城乡建设厅", "浙江省人力资源和社会保障厅",
    "浙江省卫生和计划生育委员会", "浙江省国土资源厅", "浙江省食品药品监督管理局",
    "浙江省质量技术监督局", "浙江省交通运输厅", "浙江省环境保护厅", "浙江省水利厅",
    "浙江省农业厅", "浙江省民政厅", "浙江省安全生产监督管理局",
)
RECEIVED = datetime(2017, 3, 9, 9, 30).timestamp()  # before the batch deadline (2017-03-10)


def _audit_groups() -> dict[str, str]:
    text = (package_files("catalog_check") / "data" / "departments.csv").read_text("utf-8")
    return {r["部门"]: r["审核小组"] for r in csv.DictReader(text.splitlines())}


def _workload(count: int, items: int, seed0: int) -> list[tuple[Path, str]]:
    """(generated file, department) for each submission of the workload (cached in bench/out)."""
    out = []
    for i in range(count):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)]
        path = ensure_submission(OUT, items, seed=seed0 + i, department=dept, tag=f"dept{i:02d}")
        out.append((path, dept))
    return out


def _fresh_root(parent: Path, workload: list[tuple[Path, str]]) -> Config:
    """A new working folder with the workload in its inbox; settle 0."""
    root = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    config = Config(root=root, settle_seconds=0)
    groups = _audit_groups()
    for i, (path, dept) in enumerate(workload):
        folder = config.inbox / groups.get(dept, "第一审核小组")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{dept}-第二批-{i + 1:02d}.xlsx"
        shutil.copyfile(path, target)
        os.utime(target, (RECEIVED, RECEIVED))
    with Ledger.open(config.ledger):
        pass  # the schema, as the intake flow's own ledger.open makes it before mapping
    return config


def _clear_caches() -> None:
    """Empty the package's functools caches so that no runner starts warm."""
    for name, module in list(sys.modules.items()):
        if name.startswith("catalog_check") and module is not None:
            for attr, value in vars(module).items():
                if attr != "default_registry" and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


# ------------------------------------------------------------------ the flows


def _receive(path: Path, config: Config) -> Received:
    """The intake task's body (flows/intake.py): its own Ledger, the real receive_file."""
    with Ledger.open(config.ledger) as ledger:
        return receive_file(path, config=config, registry=registry_for(config), ledger=ledger)


def _receive_task(path: Path, config: Config) -> Received:
    """The intake task as flows/intake.py has it: receive the file, log the outcome."""
    from prefect import get_run_logger

    result = _receive(path, config)
    get_run_logger().info("%s：%s %s", path.name, result.outcome,
                          result.status or result.error or "")
    return result


def _inbox(config: Config) -> list[Path]:
    return settled(scan(config.inbox), config.settle_seconds, time.time())


def run_serial(config: Config) -> list[Received]:
    """Baseline: the same work in a plain loop, no Prefect."""
    return [_receive(path, config) for path in _inbox(config)]


def _prefect_flow(kind: str, workers: int) -> Any:
    from prefect import flow, task, unmapped
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    runner = (ThreadPoolTaskRunner(max_workers=workers) if kind == "thread"
              else ProcessPoolTaskRunner(max_workers=workers))
    receive = task(_receive_task, name="receive")

    @flow(name=f"bench-intake-{kind}", task_runner=runner)
    def bench_intake(config: Config) -> list[Received]:
        files = _inbox(config)
        futures = receive.map(files, config=unmapped(config))
        return [outcome(f.result(raise_on_failure=False), p)
                for f, p in zip(futures, files, strict=True)]

    return bench_intake


def _signature(results: list[Received]) -> list[tuple[Any, ...]]:
    return sorted((r.name, r.outcome, r.status, r.items, r.rejected) for r in results)


def run_workloads(args: argparse.Namespace, workloads: dict[str, list[tuple[Path, str]]]
                  ) -> dict[tuple[str, str], float | str]:
    """Time each runner on each workload; check that every runner gives the same results."""
    scratch = Path(tempfile.mkdtemp(prefix="cc-bench-intake-"))
    times: dict[tuple[str, str], float | str] = {}
    try:
        for wname, workload in workloads.items():
            expected = None
            for kind in args.runners:
                config = _fresh_root(scratch, workload)
                _clear_caches()
                fn = run_serial if kind == "serial" else _prefect_flow(kind, args.workers)
                t = time.perf_counter()
                try:
                    results = fn(config)
                except Exception as exc:  # a runner that cannot run this flow: say why
                    times[(wname, kind)] = f"failed: {type(exc).__name__}: {exc}"
                    print(f"  {wname:<14} {kind:<8} FAILED: {type(exc).__name__}: {exc}")
                    traceback.print_exc(limit=6)
                    continue
                wall = time.perf_counter() - t
                bad = [r for r in results if r.outcome != "reviewed"]
                sig = _signature(results)
                same = expected is None or sig == expected
                expected = expected or sig
                times[(wname, kind)] = wall
                note = "" if same else "  (results differ from the first runner!)"
                if bad:
                    note += f"  ({len(bad)} not reviewed: {bad[0].error})"
                print(f"  {wname:<14} {kind:<8} {wall:7.2f} s  {len(results)} files{note}",
                      flush=True)
                shutil.rmtree(config.root, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return times


def _print_table(times: dict[tuple[str, str], float | str], runners: list[str],
                 workloads: list[str]) -> None:
    print("\nwall time per workload (s); speed-up against the serial loop in brackets")
    head = f"{'workload':<14}" + "".join(f"{r:>18}" for r in runners)
    print(head)
    print("-" * len(head))
    for w in workloads:
        base = times.get((w, "serial"))
        cells = []
        for r in runners:
            v = times.get((w, r))
            if isinstance(v, float):
                ratio = f" ({base / v:.2f}x)" if isinstance(base, float) and r != "serial" else ""
                cells.append(f"{v:.2f}{ratio}")
            else:
                cells.append("failed" if v else "-")
        print(f"{w:<14}" + "".join(f"{c:>18}" for c in cells))
    fails = {k: v for k, v in times.items() if isinstance(v, str)}
    for (w, r), why in fails.items():
        print(f"{w} / {r}: {why}")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, build the workloads, time every runner."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--big", default="8x5000", help="COUNTxITEMS of the large workload")
    p.add_argument("--small", default="20x100", help="COUNTxITEMS of the small workload")
    p.add_argument("--workers", type=int, default=2, help="max_workers of both runners")
    p.add_argument("--runners", default="serial,thread,process",
                   help="which of serial, thread, process to run (in that order)")
    p.add_argument("--no-harness", action="store_true",
                   help="use Prefect's local mode instead of prefect_test_harness")
    args = p.parse_args(argv)
    args.runners = [r.strip() for r in args.runners.split(",") if r.strip()]
    started = time.perf_counter()
    print(f"bench_intake: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"generator v{GEN_VERSION}, max_workers={args.workers}", flush=True)
    workloads = {}
    for label, spec, seed0 in (("big", args.big, 1000), ("small", args.small, 2000)):
        count, items = (int(x) for x in spec.lower().split("x"))
        t = time.perf_counter()
        workloads[f"{count}x{items}"] = _workload(count, items, seed0)
        print(f"{label} workload {count} files x {items} items ready "
              f"({time.perf_counter() - t:.1f} s)", flush=True)
    need_prefect = any(r != "serial" for r in args.runners)
    harness: Any = contextlib.nullcontext()
    if need_prefect:
        import prefect
        from prefect.testing.utilities import prefect_test_harness

        print(f"prefect {prefect.__version__}: "
              f"{'local mode' if args.no_harness else 'prefect_test_harness'}", flush=True)
        if not args.no_harness:
            harness = prefect_test_harness()
    t = time.perf_counter()
    with harness:
        if need_prefect:
            print(f"harness up in {time.perf_counter() - t:.1f} s", flush=True)
            warm = Path(tempfile.mkdtemp(prefix="cc-bench-warm-"))
            _prefect_flow("thread", 1)(Config(root=warm, settle_seconds=0))  # empty inbox
            shutil.rmtree(warm, ignore_errors=True)
            print(f"warm-up flow run done ({time.perf_counter() - t:.1f} s since start)",
                  flush=True)
        times = run_workloads(args, workloads)
    _print_table(times, args.runners, list(workloads))
    print(f"\nbench_intake total: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
