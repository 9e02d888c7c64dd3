"""Times as users read them: Beijing time, whatever zone a time was stored in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from catalog_check.dates import BEIJING, beijing, day_text, moment_text

LATE_IN_BEIJING = datetime(2017, 3, 10, 16, 1, tzinfo=UTC)  # 00:01 on 11 March in Beijing


def test_every_text_of_a_moment_is_beijing_time() -> None:
    """A time stored in UTC (a ledger written on a UTC server) reads as Beijing time in the
    notices, reports, tables and console lines alike (年月日: the bulletin, a repeat)."""
    assert moment_text(LATE_IN_BEIJING) == "2017年3月11日 00:01"
    tokyo = LATE_IN_BEIJING.astimezone(timezone(timedelta(hours=9)))
    assert moment_text(tokyo) == "2017年3月11日 00:01"


def test_a_time_without_a_zone_is_taken_as_beijing_time() -> None:
    """--received 2017-03-10T17:30 is a clerk's reading of a Beijing clock."""
    naive = datetime(2017, 3, 10, 17, 30)
    assert beijing(naive) == datetime(2017, 3, 10, 17, 30, tzinfo=BEIJING)
    assert moment_text(naive) == "2017年3月10日 17:30"
    assert day_text(beijing(LATE_IN_BEIJING)) == "2017年3月11日"
