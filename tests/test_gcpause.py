"""gc_paused: the collector is off inside, back as it was after, and off while a result is built."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from catalog_check.gcpause import gc_paused
from catalog_check.verdict import ACCEPTED, FileReview, ItemResult


def test_paused_inside_and_restored_after_even_on_error() -> None:
    gc.enable()
    inside = []

    def fail() -> None:
        inside.append(gc.isenabled())
        raise KeyError("x")

    with pytest.raises(KeyError, match="x"):
        gc_paused()(fail)()
    assert inside == [False]
    assert gc.isenabled()


def test_nested_pause_leaves_the_outer_one_in_force() -> None:
    gc.enable()
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_json_result_of_a_file_is_built_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """FileReview.as_dict builds one mapping per item (100k on the bench): collector off."""
    enabled: list[bool] = []
    one_item = ItemResult.as_dict

    def watched(item: ItemResult) -> dict[str, Any]:
        enabled.append(gc.isenabled())
        return one_item(item)

    monkeypatch.setattr(ItemResult, "as_dict", watched)
    review = FileReview(
        path="a.xlsx", sha256="0" * 64, format="xlsx", status=ACCEPTED, department=None,
        items=tuple(ItemResult("事项清单", r, f"事项{r}", None, ACCEPTED) for r in (2, 3)),
    )
    gc.enable()
    result = review.as_dict()
    assert enabled == [False, False]
    assert gc.isenabled()
    assert [i["row"] for i in result["items"]] == [2, 3]
