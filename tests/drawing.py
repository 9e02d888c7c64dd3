"""What the property tests share: how many examples to draw, and how departments write numbers
(Chinese numerals, full-width digits)."""

from __future__ import annotations

from hypothesis import settings

__all__ = ["chinese", "examples", "fw"]

_CN_DIGITS = "零一二三四五六七八九"


def examples(ci: int) -> int:
    """``ci`` examples under the "ci" profile; the profile's own number in a hunt
    (HYPOTHESIS_PROFILE=explore draws 2,000)."""
    return max(ci, settings.default.max_examples) if settings.default.max_examples > 100 else ci


def chinese(n: int) -> str:
    """0 … 999 in Chinese numerals as people write them (十五, 二十, 一百零五, 一百一十)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, units = divmod(n, 10)
        return _CN_DIGITS[tens] + "十" + (_CN_DIGITS[units] if units else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _CN_DIGITS[hundreds] + "百"
    if rest < 10:
        return _CN_DIGITS[hundreds] + "百零" + _CN_DIGITS[rest]
    return _CN_DIGITS[hundreds] + "百" + (chinese(rest) if rest >= 20 else "一" + chinese(rest))


def fw(text: str) -> str:
    """ASCII written full-width, the way some departments type digits."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
