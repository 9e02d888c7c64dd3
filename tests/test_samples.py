"""The shipped samples give exactly the findings samples/README.md lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog_check.review import review_file

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _expected() -> dict[str, set[tuple[str, str | None, int | None, str | None]]]:
    text = (SAMPLES / "README.md").read_text(encoding="utf-8")
    out: dict[str, set] = {}
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        name = section.splitlines()[0].strip()
        rows = re.findall(r"^\| ([a-z]+-[a-z-]+) \|([^|]*)\|([^|]*)\|([^|]*)\|$", section, re.M)
        out[name] = {
            (code, sheet.strip() or None, int(row) if row.strip() else None,
             field.strip() or None)
            for code, sheet, row, field in rows
        }
    return out


EXPECTED = _expected()


def test_readme_describes_every_sample() -> None:
    """Every generated sample has its section, and every section its file."""
    files = {p.name for p in (SAMPLES / "submissions").iterdir()}
    assert set(EXPECTED) == files
    assert len(files) == 5


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=sorted(EXPECTED))
def test_sample_findings_match_readme(name: str) -> None:
    """Code, sheet, Excel row and field of every finding, exactly as documented."""
    review = review_file(SAMPLES / "submissions" / name).file
    found = {(f.code, f.sheet if f.row is not None else None, f.row, f.column)
             for f in review.findings}
    assert found == EXPECTED[name]
