"""Time `catalog-check validate` against a plain calamine read (issues 2 and 3).

Targets: the whole review of a 100k-item file within 2x the time of pandas.read_excel(engine=
"calamine") on the same file, peak memory under 1 GiB; a 100-row file in under 1.5 s, start-up
included.

Run: .venv/bin/python bench/bench_validate.py [--sizes 100,1k,10k,100k] [--repeat 3] [--profile]

Submissions are generated once into bench/out/ (gitignored) by bench/_gen.py and reused. Each
measurement runs in a fresh wrapper process that starts the command and reports its peak memory:
the larger of the peak RSS of its largest process (getrusage(RUSAGE_CHILDREN)) and the summed
Pss of its process tree sampled every 20 ms (so that work moved to a child process, were
any, would be counted too).
--profile then reviews the largest file in-process: time per stage of review_file, time per rule
family inside check_tables (every check function wrapped at run time; no source is changed) and
the top 25 functions of a cProfile run by cumulative time.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _gen import GEN_VERSION, ensure_submission

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SEED = 2017
MIB = 1024 * 1024
TARGET_RATIO = 2.0
TARGET_RSS_MIB = 1024
TARGET_SMALL_S = 1.5

# Runs argv[1:] and reports its wall time and peak memory. ru_maxrss (KiB on Linux) is the
# largest single process; the wrapper also samples, every 20 ms, the proportional set size
# (Pss: shared pages split between the processes sharing them) summed over the command and its
# descendants, the memory the whole command holds, so that a forked helper cannot hide its share.
_WRAPPER = r"""
import json, os, resource, subprocess, sys, time

def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out

def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
peak = 0
while p.poll() is None:
    peak = max(peak, sum(pss_kib(q) for q in tree(p.pid)))
    time.sleep(0.02)
out, err = p.communicate()
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
lines = out.decode("utf-8", "replace").strip().splitlines()
print(json.dumps({"wall": wall, "maxrss_kib": ru.ru_maxrss, "pss_kib": peak,
                  "cpu": ru.ru_utime + ru.ru_stime,
                  "rc": p.returncode, "last": lines[-1] if lines else "",
                  "stderr": err.decode("utf-8", "replace")[-2000:]}))
"""

# pandas.read_excel with calamine alone; reports import and read times on its last line.
_CALAMINE = r"""
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
df = pd.read_excel(sys.argv[1], engine="calamine")
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "shape": list(df.shape)}))
"""


def _label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _parse_size(text: str) -> int:
    text = text.strip().lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def _measure(cmd: list[str]) -> dict[str, Any]:
    """Wall time and peak RSS of ``cmd``, run from a fresh wrapper process."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _catalog_check() -> str:
    beside = Path(sys.executable).with_name("catalog-check")
    found = str(beside) if beside.exists() else shutil.which("catalog-check")
    if not found:
        sys.exit("catalog-check not found: run with the project's venv (.venv/bin/python)")
    return found


def _median_run(cmd: list[str], repeat: int) -> dict[str, Any]:
    runs = [_measure(cmd) for _ in range(repeat)]
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "walls": [r["wall"] for r in runs],
        # The larger of one process's peak RSS and the tree's summed Pss (see _WRAPPER).
        "rss_mib": max(max(r["maxrss_kib"], r["pss_kib"]) for r in runs) / 1024,
        "cpu": statistics.median(r["cpu"] for r in runs),
        "rc": runs[-1]["rc"],
        "last": runs[-1]["last"],
        "lasts": [r["last"] for r in runs],
        "stderr": runs[-1]["stderr"],
    }


def _findings(json_path: Path) -> tuple[int, int, int, int]:
    """(items, rejected, errors, warnings) from validate's JSON."""
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    counts = doc["files"][0]["counts"]
    return counts["items"], counts["rejected"], counts["errors"], counts["warnings"]


def run_table(sizes: list[int], repeat: int) -> dict[int, dict[str, Any]]:
    """Measure validate and the calamine read on each size; print the table and the targets."""
    cc = _catalog_check()
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        t = time.perf_counter()
        path = ensure_submission(OUT, n, seed=SEED)
        made = time.perf_counter() - t
        if made > 0.5:
            print(f"generated {path.name} in {made:.1f} s", flush=True)
        json_out = OUT / f"validate-{_label(n)}.json"
        review = _median_run([cc, "validate", str(path), "--json", str(json_out)], repeat)
        if review["rc"] not in (0, 1):
            print(f"validate failed on {path.name} (exit {review['rc']}):\n{review['stderr']}")
            sys.exit(2)
        calamine = _median_run([sys.executable, "-c", _CALAMINE, str(path)], repeat)
        read_only = statistics.median(json.loads(x)["read"] for x in calamine["lasts"])
        results[n] = {
            "path": path, "mb": path.stat().st_size / MIB, "review": review,
            "calamine": calamine, "read_only": read_only, "counts": _findings(json_out),
        }
        print(f"  {_label(n):>5}: review {review['wall']:.2f} s, calamine {calamine['wall']:.2f} s",
              flush=True)
    _print_table(results, repeat)
    return results


def _print_table(results: dict[int, dict[str, Any]], repeat: int) -> None:
    print()
    print("catalog-check validate vs pandas.read_excel(engine='calamine'), each in a fresh "
          f"process (median wall of {repeat}; peak MiB = the larger of one process's peak RSS "
          "and the summed Pss of the command's process tree)")
    head = (f"{'items':>6} {'xlsx MB':>7} | {'review s':>8} {'cpu s':>6} {'peak MiB':>8} | "
            f"{'calamine s':>10} {'(read s)':>8} {'peak MiB':>8} | {'time x':>6} {'mem x':>5} | "
            f"{'rejected':>8} {'errors':>6} {'warn':>5}")
    print(head)
    print("-" * len(head))
    for n, r in results.items():
        rv, ca = r["review"], r["calamine"]
        _items, rejected, errors, warnings = r["counts"]
        print(f"{_label(n):>6} {r['mb']:7.2f} | {rv['wall']:8.2f} {rv['cpu']:6.2f} "
              f"{rv['rss_mib']:8.0f} | {ca['wall']:10.2f} {r['read_only']:8.2f} "
              f"{ca['rss_mib']:8.0f} | {rv['wall'] / ca['wall']:6.2f} "
              f"{rv['rss_mib'] / ca['rss_mib']:5.2f} | {rejected:8d} {errors:6d} {warnings:5d}")
    print("time x = review wall / calamine wall (both include interpreter start-up and imports); "
          "(read s) = read_excel alone inside its process")
    print()
    big = results.get(max(results))
    small = results.get(min(results))
    if big and max(results) >= 100_000:
        ratio = big["review"]["wall"] / big["calamine"]["wall"]
        strict = big["review"]["wall"] / big["read_only"]
        _target(f"{_label(max(results))}: review within {TARGET_RATIO:g}x calamine",
                ratio <= TARGET_RATIO,
                f"{ratio:.2f}x ({big['review']['wall']:.2f} s vs {big['calamine']['wall']:.2f} s; "
                f"{strict:.2f}x against read_excel alone)")
        _target(f"{_label(max(results))}: review peak memory under 1 GiB",
                big["review"]["rss_mib"] < TARGET_RSS_MIB,
                f"{big['review']['rss_mib']:.0f} MiB")
    if small and min(results) <= 100:
        _target(f"{_label(min(results))}-row file under {TARGET_SMALL_S:g} s, start-up included",
                small["review"]["wall"] < TARGET_SMALL_S, f"{small['review']['wall']:.2f} s")


def _target(what: str, ok: bool, detail: str) -> None:
    print(f"[{'PASS' if ok else 'FAIL'}] {what}: {detail}")


# ------------------------------------------------------------------ --profile


def _clear_caches() -> None:
    """Empty every functools cache of the package (except the registry), for a cold run."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("catalog_check") or module is None:
            continue
        for attr, value in vars(module).items():
            if attr != "default_registry" and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


class _Clock:
    """Accumulates wall time per (family, part, code) while wrapped functions run."""

    def __init__(self) -> None:
        self.spent: dict[tuple[str, str, str], float] = defaultdict(float)
        self.calls: dict[tuple[str, str, str], int] = defaultdict(int)

    def wrap(self, fn: Callable[..., Any], family: str, part: str, code: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                key = (family, part, code)
                self.spent[key] += time.perf_counter() - t
                self.calls[key] += 1

        return timed


def _family(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__module__", "?").rsplit(".", 1)[-1]


@contextlib.contextmanager
def _instrumented(clock: _Clock) -> Iterator[None]:
    """Wrap the pieces of check_tables (module attributes, schema checks, rule implementations)."""
    import catalog_check.checks as checks
    import catalog_check.schemas as schemas
    from catalog_check.checks import IMPLEMENTATIONS, FunctionRule, SchemaRule

    undo: list[Callable[[], None]] = []

    def patch(obj: Any, attr: str, new: Any) -> None:
        old = getattr(obj, attr)
        setattr(obj, attr, new)
        undo.append(lambda: setattr(obj, attr, old))

    for attr in ("Context", "prepare_items", "prepare_materials", "_failures", "run_functions"):
        patch(schemas, attr, clock.wrap(getattr(schemas, attr), "engine", attr, attr))
    patch(checks, "_FACTS", tuple(clock.wrap(f, _family(f), "facts", f.__name__)
                                  for f in checks._FACTS))
    frame = checks.materials.material_frame
    patch(checks.materials, "material_frame", clock.wrap(frame, "materials", "facts",
                                                         "material_frame"))
    family_of = {code: name for name in ("identity", "legal_basis", "time_limits", "trips",
                                         "materials", "conditions")
                 for code in getattr(checks, name).RULES}
    for code, impl in list(IMPLEMENTATIONS.items()):
        if isinstance(impl, SchemaRule):
            new: Any = SchemaRule(clock.wrap(impl.describe, family_of[code], "describe", code))
        else:
            new = FunctionRule(clock.wrap(impl.run, family_of[code], "function", code))
        IMPLEMENTATIONS[code] = new
        undo.append(lambda code=code, impl=impl: IMPLEMENTATIONS.__setitem__(code, impl))
    for table, model in schemas.SCHEMAS.items():
        built = model.to_schema()
        checks_of = [(c, None) for c in built.checks]
        checks_of += [(c, col) for col, s in built.columns.items() for c in s.checks]
        for check, _col in checks_of:
            family = family_of.get(check.name)
            if family is None:  # a built-in check (ge, isin): its function dispatches on type
                continue
            patch(check, "_check_fn", clock.wrap(check._check_fn, family, f"check:{table}",
                                                 check.name))
    try:
        yield
    finally:
        for fn in reversed(undo):
            fn()


peaks: dict[str, float] = {}  # peak RSS of this process (MiB) after each stage


def _stages(path: Path) -> tuple[dict[str, float], _Clock, int]:
    """Run review_file's stages one by one; time each and every rule piece inside the check."""
    from catalog_check.checks import Context
    from catalog_check.config import Config
    from catalog_check.inbox import sha256_file
    from catalog_check.jsonout import json_bytes
    from catalog_check.reader import read_workbook
    from catalog_check.registry import registry_for
    from catalog_check.review import _items, file_review
    from catalog_check.schemas import check_tables
    from catalog_check.table import extract_tables
    from catalog_check.verdict import FileReview

    config = Config()
    stages: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        t = time.perf_counter()
        value = fn()
        stages[name] = time.perf_counter() - t
        peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return value

    registry = timed("registry (load once)", lambda: registry_for(config))
    _clear_caches()
    sha = timed("sha256", lambda: sha256_file(path))
    workbook = timed("read_workbook", lambda: read_workbook(path, config.limits))
    tables = timed("extract_tables", lambda: extract_tables(workbook))
    clock = _Clock()
    ctx = Context(tables, registry)  # as review_file does: the verdicts read the rules' context
    with _instrumented(clock):
        linked = timed("check_tables", lambda: check_tables(tables, registry, context=ctx))

    def verdict() -> FileReview:
        items = _items(ctx, linked)
        findings = [*tables.findings, *(f for _, f in linked)]
        return file_review(workbook, items, findings, registry,
                           path=str(path), sha256=sha, received=None, name=path.name)

    review = timed("verdict (_items, status)", verdict)
    timed("as_dict + JSON (jsonout)", lambda: json_bytes(review.as_dict()))
    return stages, clock, len(linked)


def run_profile(n: int) -> None:
    """Profile the in-process review of the ``n``-item file."""
    path = ensure_submission(OUT, n, seed=SEED)
    print(f"\n=== profile: {path.name} in-process ===")
    t = time.perf_counter()
    importlib.import_module("catalog_check.review")  # what the CLI imports before reviewing

    print(f"imports (catalog_check.review): {time.perf_counter() - t:.2f} s")
    stages, clock, n_findings = _stages(path)
    total = sum(v for k, v in stages.items() if not k.startswith("registry"))
    print(f"\nStages of review_file (+ JSON), {n_findings} item findings "
          "(peak RSS of this process so far after each stage):")
    for name, spent in stages.items():
        share = "" if name.startswith("registry") else f"{100 * spent / total:5.1f}%"
        print(f"  {name:<28} {spent:7.2f} s  {share:>6}  {peaks[name]:6.0f} MiB")
    print(f"  {'total':<28} {total:7.2f} s")
    _print_families(clock, stages["check_tables"])

    from catalog_check.jsonout import json_bytes
    from catalog_check.review import review_file

    _clear_caches()
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    review = review_file(path)
    json_bytes(review.file.as_dict())
    profiler.disable()
    print(f"\ncProfile of review_file + JSON ({time.perf_counter() - t:.2f} s under the profiler),"
          " top 25 by cumulative time:")
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats("cumulative").print_stats(25)
    text = buf.getvalue()
    print(text[text.find("   ncalls"):].rstrip())


def _print_families(clock: _Clock, check_total: float) -> None:
    engine = {code: s for (fam, _part, code), s in clock.spent.items() if fam == "engine"}
    by_family: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_code: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    calls: dict[str, int] = defaultdict(int)
    for (fam, part, code), spent in clock.spent.items():
        if fam == "engine":
            continue
        kind = "check" if part.startswith("check:") else part
        by_family[fam][kind] += spent
        by_code[f"{fam}/{code}"][kind] += spent
        if part == "describe":
            calls[f"{fam}/{code}"] += clock.calls[(fam, part, code)]
    print("\ncheck_tables pieces (wall):")
    for name in ("Context", "prepare_items", "prepare_materials", "_failures", "run_functions"):
        print(f"  {name:<20} {engine.get(name, 0.0):7.2f} s")
    describe = sum(v["describe"] for v in by_family.values())
    checks_in = sum(v["check"] for v in by_family.values())
    rest = check_total - sum(engine.values()) - describe
    print(f"  {'describe failures':<20} {describe:7.2f} s")
    print(f"  {'sort + other':<20} {rest:7.2f} s")
    print(f"  (pandera machinery inside _failures, outside the check functions: "
          f"{engine.get('_failures', 0.0) - checks_in:.2f} s)")
    kinds = ("facts", "check", "describe", "function")
    print("\nTime per rule family (facts = prepare_items/materials facts; check = pandera check "
          "functions; describe = failures → findings; function = plain-function rules):")
    print(f"  {'family':<16}" + "".join(f"{k:>10}" for k in kinds) + f"{'total':>10}")
    for fam, parts in sorted(by_family.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {fam:<16}" + "".join(f"{parts.get(k, 0.0):10.3f}" for k in kinds)
              + f"{sum(parts.values()):10.3f}")
    print("\nSlowest rule pieces (family/code or facts function):")
    ranked = sorted(by_code.items(), key=lambda kv: -sum(kv[1].values()))[:15]
    for name, parts in ranked:
        detail = ", ".join(f"{k} {v:.3f}" for k, v in parts.items())
        extra = f" ({calls[name]} failures described)" if calls.get(name) else ""
        print(f"  {name:<44} {sum(parts.values()):7.3f} s  [{detail}]{extra}")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the table (and the profile)."""
    global OUT
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="100,1k,10k,100k",
                   help="item counts to measure, comma-separated (default 100,1k,10k,100k)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement (median wall)")
    p.add_argument("--profile", action="store_true",
                   help="also profile the in-process review of the largest size")
    p.add_argument("--profile-only", action="store_true", help="skip the table, only profile")
    p.add_argument("--out", type=Path, default=OUT,
                   help=f"folder of the generated submissions (default {OUT})")
    args = p.parse_args(argv)
    OUT = args.out
    sizes = sorted({_parse_size(s) for s in args.sizes.split(",") if s.strip()})
    started = time.perf_counter()
    print(f"bench_validate: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{platform.machine()}, generator v{GEN_VERSION}, files in {OUT}", flush=True)
    if not args.profile_only:
        run_table(sizes, args.repeat)
    if args.profile or args.profile_only:
        run_profile(max(sizes))
    print(f"\nbench_validate total: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
