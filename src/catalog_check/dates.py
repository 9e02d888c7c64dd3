"""Dates and times as Chinese documents write them: 2017年3月10日, 2017年3月10日 17:30."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["BEIJING", "beijing", "day_text", "moment_text"]

#: Zhejiang's clock: Beijing time (UTC+8; no daylight saving since 1991). The batch deadline
#: is a Beijing date and every time a user reads is Beijing time, whatever zone the server
#: runs in (a server on UTC saw a file received at 02:00 on 11 March as on time).
BEIJING = timezone(timedelta(hours=8), "北京时间")


def beijing(moment: datetime) -> datetime:
    """The moment in Beijing time; a time without a zone is taken as Beijing time already
    (--received 2017-03-10T17:30, a clerk's own reading)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=BEIJING)
    return moment.astimezone(BEIJING)


def day_text(d: date) -> str:
    """2017年3月10日 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def moment_text(moment: datetime) -> str:
    """2017年3月10日 17:30, in Beijing time."""
    moment = beijing(moment)
    return f"{day_text(moment)} {moment:%H:%M}"
