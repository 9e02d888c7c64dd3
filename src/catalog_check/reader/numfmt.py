"""Numbers as a cell's number format shows them, when the format adds text (0"个工作日").

A department may type 20 in 承诺办结时限 and format the cell 0"天" or G/通用格式"个工作日":
Excel shows 20天, calamine (and pandas) read 20. The unit is the department's answer, so the
reader applies such a format. Only formats that add literal text are applied (a quoted
string, an escaped character, a currency symbol, or text such as 天 written bare); a plain
number format (0.00, #,##0) leaves the value as read, and a format this module does not
render exactly (dates and times, conditions, [DBNum1] Chinese numerals, fractions,
scientific notation, scaling commas) returns None: the value is then read as before.
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["NumberFormat", "literal_format", "render"]

#: Excel's longest number format code.
MAX_CODE = 255
_DIGITS = "0#?"
_NUMBER_CHARS = frozenset("0#?,.")
# Written around a number, quoted, escaped or bare, they add no text: #,##0;(#,##0), the
# accounting format's _ * \-#,##0_ and its zero shown as "-".
_SIGNS = frozenset(" -+()")
# Enough digits for any float (1.8e308) and its decimals.
_EXACT = decimal.Context(prec=400)
_GENERAL = re.compile(r"general|g/通用格式", re.IGNORECASE)
_COLOUR = re.compile(r"(?:black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+)", re.I)


class _UnsupportedError(ValueError):
    """A format this module does not render exactly."""


@dataclass(frozen=True, slots=True)
class _Section:
    """One section of a format: literal text around at most one number (or General)."""

    before: str
    after: str
    number: str | None  # the placeholders (#,##0.00); None: General or no number at all
    general: bool
    percent: int  # how many % (each multiplies by 100)
    text: bool  # it adds text (not only signs, brackets and spaces)

    def show(self, value: float, signed: bool) -> str | None:
        """The value as this section shows it (``signed``: write a minus sign, as a format's
        only section does); None when the section shows no digit and adds no text (a zero
        hidden by 0;-0;; or shown as "-"): the value is then read as it is."""
        if self.number is None and not self.general:
            # "有";"有";"无": text only
            return self.before + self.after if self.text else None
        value *= 100**self.percent
        sign = "-" if signed and value < 0 else ""  # a negative section shows no sign
        value = abs(value)
        body = _general(value) if self.general else _digits(self.number or "0", value)
        return f"{self.before}{sign}{body}{self.after}"


@dataclass(frozen=True, slots=True)
class _Template:
    """A number laid into runs of 0 with text between them: 0000-00000000 shows 57187280114
    as 0571-87280114 (a phone typed as a number, its leading 0 kept by the format)."""

    parts: tuple[int | str, ...]  # a run of 0 by its length, the text between runs as text

    def show(self, value: float, signed: bool) -> str:
        """Digits fill the runs from the right, zeros pad them, a longer number widens the
        first run; rounded to a whole number half away from zero."""
        runs = [p for p in self.parts if isinstance(p, int)]
        digits = _rounded(abs(value), 0).zfill(sum(runs))
        first = self.parts.index(runs[0])
        out: list[str] = []
        end = len(digits)
        for k in range(len(self.parts) - 1, -1, -1):
            part = self.parts[k]
            if isinstance(part, str):
                out.append(part)
            elif k == first:
                out.append(digits[:end])
            else:
                out.append(digits[end - part : end])
                end -= part
        return ("-" if signed and value < 0 else "") + "".join(reversed(out))


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """A format's sections: positive (all numbers if alone); negative; zero."""

    sections: tuple[_Section | _Template, ...]


# A digit template's parts: a run of 0, or text quoted, escaped or bare (0000-00000000,
# (0000)00000000, "0571-"00000000 is one run after a text, no template).
_TEMPLATE_PART = r'(0+)|"([^"]*)"|\\(.)|([ \-()])'
_TEMPLATE = re.compile(f"(?:{_TEMPLATE_PART})+")


def _template(code: str) -> _Template | None:
    """The format as a digit template, when it is one with two runs of 0 or more."""
    if _TEMPLATE.fullmatch(code) is None:
        return None
    parts: list[int | str] = []
    for m in re.finditer(_TEMPLATE_PART, code):
        run, *text = m.groups()
        if run:
            parts.append(len(run))
        elif any(text):
            parts.append("".join(filter(None, text)))
    runs = sum(isinstance(p, int) for p in parts)
    return _Template(tuple(parts)) if runs >= 2 else None


def _rounded(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` decimals, rounded half away from zero as Excel rounds
    (2.675 to 2.68: the shortest decimal of the float, not its binary value)."""
    exact = _EXACT.create_decimal(repr(value))
    step = decimal.Decimal(1).scaleb(-decimals)
    return f"{exact.quantize(step, decimal.ROUND_HALF_UP, context=_EXACT):f}"


def _general(value: float) -> str:
    """A number as General shows it: an integer without a point, else ten significant
    digits (1E-07 as Excel writes it)."""
    if value.is_integer():
        return str(int(value))
    return f"{value:.10g}".upper()


def _digits(spec: str, value: float) -> str:
    """``value`` (not negative) under the placeholders ``spec`` (0.00, #,##0, 000), rounded
    as Excel rounds (_rounded: 0.5 under 0 is 1), # dropping zeros 0 keeps."""
    whole, _, frac = spec.partition(".")
    decimals = sum(c in _DIGITS for c in frac)
    least = frac.count("0")
    int_part, _, frac_part = _rounded(value, decimals).partition(".")
    while len(frac_part) > least and frac_part.endswith("0"):
        frac_part = frac_part[:-1]
    width = whole.count("0")
    if int_part == "0" and width == 0:
        int_part = ""
    int_part = int_part.zfill(width)
    if "," in whole and int_part:
        int_part = f"{int(int_part):,}".zfill(width)
    return int_part + ("." + frac_part if "." in spec else "")


def _bracket(code: str, i: int) -> tuple[str, int]:
    """The text a [...] part adds, and the index after it."""
    end = code.find("]", i)
    if end < 0:
        raise _UnsupportedError("unclosed [")
    inner = code[i + 1 : end]
    if inner.startswith("$"):
        return inner[1:].split("-", 1)[0], end + 1  # [$¥-804]: the symbol; [$-804]: nothing
    if _COLOUR.fullmatch(inner):
        return "", end + 1
    raise _UnsupportedError(inner)  # conditions, [DBNum1], elapsed time [h]


def _section(code: str) -> _Section:
    """Parse one section."""
    before: list[str] = []
    after: list[str] = []
    number: str | None = None
    general = False
    percent = 0
    literal = False
    i = 0

    def add(text: str) -> None:
        (after if number is not None or general else before).append(text)

    while i < len(code):
        c = code[i]
        if c == '"':
            end = code.find('"', i + 1)
            if end < 0:
                raise _UnsupportedError("unclosed quote")
            add(code[i + 1 : end])
            literal = literal or _adds_text(code[i + 1 : end])
            i = end + 1
        elif c == "\\":
            add(code[i + 1 : i + 2])
            literal = literal or _adds_text(code[i + 1 : i + 2])
            i += 2
        elif c == "_":
            add(" ")
            i += 2
        elif c == "*":
            i += 2
        elif c == "[":
            text, i = _bracket(code, i)
            add(text)
            literal = literal or _adds_text(text)
        elif (m := _GENERAL.match(code, i)) is not None:
            if number is not None or general:
                raise _UnsupportedError("two numbers")
            general = True
            i = m.end()
        elif c in _NUMBER_CHARS and (c != "," or number is not None):
            if number is not None or general:
                raise _UnsupportedError("two numbers")
            j = i
            while j < len(code) and code[j] in _NUMBER_CHARS:
                j += 1
            number = code[i:j]
            if not any(ch in _DIGITS for ch in number):
                raise _UnsupportedError("no digit placeholder")
            if number.partition(".")[0].endswith(","):
                raise _UnsupportedError("scaling comma")  # 0, shows thousands
            i = j
        elif c == "%":
            percent += 1
            add("%")
            i += 1
        elif (c.isascii() and c.isalpha()) or c in "@/":
            raise _UnsupportedError(c)  # dates and times (y m d h s AM/PM), E+, text @, fractions
        else:
            add(c)  # $ - + ( ) : space, and text written bare (天, 元)
            literal = literal or _adds_text(c)
            i += 1
    return _Section("".join(before), "".join(after), number, general, percent, literal)


def _adds_text(text: str) -> bool:
    return any(c not in _SIGNS for c in text)


def _split(code: str) -> list[str]:
    """The sections of a format code, split at ; outside quotes and escapes."""
    parts, start, i, quoted = [], 0, 0, False
    while i < len(code):
        c = code[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and not quoted:
            i += 1
        elif c == ";" and not quoted:
            parts.append(code[start:i])
            start = i + 1
        i += 1
    parts.append(code[start:])
    return parts


@lru_cache(maxsize=256)
def literal_format(code: str) -> NumberFormat | None:
    """The format, when it adds literal text and this module renders it exactly; else None."""
    if len(code) > MAX_CODE:
        return None  # not a format Excel writes: 1 MB of 0 made every cell a 1 MB text
    sections = _split(code)[:3]  # a fourth section is for text cells
    template = _template(sections[0]) if len(sections) == 1 else None
    if template is not None:
        return NumberFormat((template,))
    try:
        parsed = tuple(_section(s) for s in sections)
    except _UnsupportedError:
        return None
    return NumberFormat(parsed) if any(s.text for s in parsed) else None


def render(fmt: NumberFormat, value: float) -> str | None:
    """The text Excel shows for ``value`` under ``fmt``; None for a value it cannot show, or
    whose section shows neither a digit nor text (the value is then read as it is)."""
    if math.isnan(value) or math.isinf(value):
        return None
    sections = fmt.sections
    if len(sections) == 1 or value > 0 or (value == 0 and len(sections) == 2):
        section, signed = sections[0], len(sections) == 1
    elif value < 0:
        section, signed = sections[1], False
    else:
        section, signed = sections[2], False
    try:
        return section.show(value, signed)
    except OverflowError:  # 1e300 under 0%%%%: no number Excel can show
        return None
