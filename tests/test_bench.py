"""The bench scripts still run against the engine's API (no figure is asserted: bench/ measures).

bench_validate's profile rebuilds review_file's stages from the engine's functions; a change of
their signatures broke it silently once (the profile died with a TypeError after the table).
bench_validate, bench_reports and bench_consolidate run here on a tiny size, in a fresh process,
as a person runs them (bench_intake needs Prefect's harness and minutes: not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _run(script: str, *args: str) -> str:
    if not (BENCH / script).exists():
        pytest.skip("bench/ is not beside the tests (installed package only)")
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True,
                            text=True, cwd=BENCH, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_bench_validate_table_and_profile_run(tmp_path: Path) -> None:
    if not Path(sys.executable).with_name("catalog-check").exists():
        pytest.skip("console script not installed next to this interpreter")
    out = _run("bench_validate.py", "--sizes", "100", "--repeat", "1", "--profile",
               "--out", str(tmp_path))
    assert (tmp_path / "items-100-s2017-v4.xlsx").exists()
    assert "100-row file under 1.5 s, start-up included:" in out
    for stage in ("read_workbook", "extract_tables", "check_tables",
                  "verdict (_items, status)", "as_dict + JSON (jsonout)"):
        assert f"  {stage} " in out, stage
    assert "Time per rule family" in out
    assert "cProfile of review_file + JSON" in out
    assert "bench_validate total:" in out


def test_bench_reports_runs(tmp_path: Path) -> None:
    out = _run("bench_reports.py", "--items", "100", "--findings", "20", "--keep", str(tmp_path))
    assert "合计" in out
    assert (tmp_path / "退回清单.xlsx").exists()


def test_bench_consolidate_runs() -> None:
    out = _run("bench_consolidate.py", "--items", "200", "--departments", "4")
    assert "targets (< 20 s, < 2 GiB):" in out
