"""Dates and times as Chinese documents write them: 2017年3月10日, 2017年3月10日 17:30."""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["day_text", "moment_text"]


def day_text(d: date) -> str:
    """2017年3月10日 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def moment_text(moment: datetime) -> str:
    """2017年3月10日 17:30."""
    return f"{day_text(moment)} {moment:%H:%M}"
