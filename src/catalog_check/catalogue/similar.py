"""Probable duplicates: the same item written differently (rules.md, probable-duplicate).

A name is parsed into structure: its core (the name without bracketed qualifiers, a
``主项——子项`` tail or the 子项名称) and its qualifiers. The core is cut into tokens (action
words of a small table, connectives, 的, single characters) and written canonically:
connectives and 的 dropped, interchangeable action words replaced by their group.

Two items of the same type are a probable pair when their canonical cores are equal and the
qualifiers of one are a subset of the other's. Every difference such a pair can have is one
of the explainable kinds (qualifier, its position, connective, 的, interchangeable action);
a pair that differs in anything else is never listed, however similar the names look. The
candidate pairs therefore come from one blocking key, the canonical core (with the item
type), and are complete for that definition without comparing all pairs. rapidfuzz gives the
score shown to people and the Levenshtein opcodes that say what differs (the reason).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from catalog_check.text import name_key

__all__ = [
    "ACTION_GROUPS",
    "CONNECTIVES",
    "ActionGroup",
    "Match",
    "ParsedName",
    "compare",
    "find_key_pairs",
    "find_pairs",
    "parse_key",
    "parse_name",
]


@dataclass(frozen=True, slots=True)
class ActionGroup:
    """Action or document wordings that name the same act; why they are interchangeable."""

    words: tuple[str, ...]
    why: str


#: Interchangeable wordings, kept short on purpose: only pairs that name the same act.
#: Deliberately absent: 审批/审核 (审核 is often a first review passed upwards), 核准/审批 and
#: 核准/备案 (different regimes for investment projects), 认定/确认, 注册/登记 alone, 发放 (money).
ACTION_GROUPS: tuple[ActionGroup, ...] = (
    ActionGroup(("核发", "颁发", "签发", "办理"), "证照的核发、颁发、签发与办理指同一发证行为"),
    ActionGroup(
        ("许可", "许可证核发", "许可证颁发", "许可证办理", "许可证审批"),
        "某许可与该许可证的核发（审批）是同一许可事项",
    ),
    ActionGroup(("审批", "批准"), "审批与批准指同一审批行为"),
    ActionGroup(("登记", "注册登记"), "注册登记与登记指同一登记行为"),
)
#: Connectives that join the parts of a name without changing what it is about.
CONNECTIVES: tuple[str, ...] = ("以及", "和", "及", "与", "、", "/", ",")
_DE = "的"

_GROUP_OF: dict[str, int] = {w: i for i, g in enumerate(ACTION_GROUPS) for w in g.words}
_GROUP_MARK = "\ue000"  # private-use characters stand for a group in a canonical string
_WORDS = sorted([*_GROUP_OF, *CONNECTIVES, _DE], key=len, reverse=True)
_TOKEN = re.compile("|".join(re.escape(w) for w in _WORDS) + "|.", re.S)
# A dash between a name and its qualifier; a single hyphen only between two words
# (取水许可-延续), not beside a letter or digit (X-射线, 2-3级).
_DASH = re.compile(r"——|—|―|--|(?<=[\u3400-\u9fff)])-(?=[\u3400-\u9fff(])")
_BRACKETS_AND_DASHES = re.compile(r"[()]|——|—|―|-")


_CANON_OF: dict[str, str] = {
    **{w: chr(ord(_GROUP_MARK) + g) for w, g in _GROUP_OF.items()},
    **dict.fromkeys((*CONNECTIVES, _DE), ""),
}
# The same words, longest first, without the one-character fallback: scanning left to right
# it cuts a text exactly as _TOKEN does, and replaces only the words.
_WORD = re.compile("|".join(re.escape(w) for w in _WORDS))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _canon_word(m: re.Match[str]) -> str:
    return _CANON_OF[m.group()]


@lru_cache(maxsize=65536)
def _canon(text: str) -> str:
    # 的 goes first: 许可证的核发 is the word 许可证核发 with a 的 in it, not 许可 + 证 + 核发
    return _WORD.sub(_canon_word, text.replace(_DE, ""))


@dataclass(frozen=True, slots=True)
class Qualifier:
    """A qualifier as written, where it came from (bracket, dash or subitem) and its canon."""

    text: str
    source: str  # "bracket" | "dash" | "subitem"
    canon: str


@dataclass(frozen=True, slots=True)
class ParsedName:
    """The structure of one (事项名称, 子项名称): key, core, qualifiers, canonical forms."""

    ident: tuple[str, str]  # (normalised 事项名称, normalised 子项名称): the item's key
    key: str  # the normalised name and subitem as one string, used for the score
    core: str
    canon_core: str
    qualifiers: tuple[Qualifier, ...]
    canon_quals: frozenset[str]
    #: The canonical name and sub-item as one text without brackets and dashes: 取水许可延续,
    #: 取水许可(延续) and 取水许可 + 子项 延续 read the same.
    flat: str = ""


def _split_brackets(text: str) -> tuple[str, list[str]]:
    """Split top-level ( ) groups out of ``text`` (already normalised): core and groups."""
    if "(" not in text:
        return text, []
    core: list[str] = []
    groups: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "(":
            if depth:
                current.append(ch)
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth:
                current.append(ch)
            else:
                groups.append("".join(current))
                current = []
        elif depth:
            current.append(ch)
        else:
            core.append(ch)
    if depth and current:
        groups.append("".join(current))
    return "".join(core), [g for g in groups if g]


def _qualifiers_of(text: str, source: str) -> tuple[str, list[Qualifier]]:
    core, groups = _split_brackets(text)
    quals = [Qualifier(g, "bracket", _canon(g)) for g in groups]
    if source == "name":
        parts = _DASH.split(core, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            core = parts[0]
            quals.append(Qualifier(parts[1], "dash", _canon(parts[1])))
    return core, quals


def parse_name(name: str | None, subitem: str | None = None) -> ParsedName:
    """Parse a name (and its 子项名称) into core, qualifiers and canonical forms."""
    return parse_key((name_key(name), name_key(subitem)))


def parse_key(key: tuple[str, str]) -> ParsedName:
    """Parse an item key (normalised 事项名称, normalised 子项名称); see :func:`parse_name`."""
    nkey, skey = key
    core, quals = _qualifiers_of(nkey, "name")
    if skey:
        sub_core, sub_quals = _qualifiers_of(skey, "subitem")
        if sub_core:
            quals.append(Qualifier(sub_core, "subitem", _canon(sub_core)))
        quals.extend(sub_quals)
    quals = [q for q in quals if q.canon]
    return ParsedName(
        ident=(nkey, skey),
        key=nkey + (f"({skey})" if skey else ""),
        core=core,
        canon_core=_canon(core),
        qualifiers=tuple(quals),
        canon_quals=frozenset(q.canon for q in quals),
        flat=_canon(_BRACKETS_AND_DASHES.sub("", nkey + skey)),
    )


@dataclass(frozen=True, slots=True)
class Match:
    """How two names relate: ``exact`` (same key) or ``probable``; score 0-1; Chinese reason."""

    kind: str
    score: float
    reason: str


def _token_differences(a: str, b: str) -> tuple[set[str], bool, list[tuple[str, str]]]:
    """Connectives, 的 and action wordings that differ between two texts (opcodes on tokens;
    的 counted apart, as _canon drops it before it finds the words)."""
    de = a.count(_DE) != b.count(_DE)
    ta, tb = _tokens(a.replace(_DE, "")), _tokens(b.replace(_DE, ""))
    connectives: set[str] = set()
    actions_a: list[str] = []
    actions_b: list[str] = []
    for op in Levenshtein.opcodes(ta, tb):
        if op.tag == "equal":
            continue
        for side, seg in (
            ("a", ta[op.src_start : op.src_end]),
            ("b", tb[op.dest_start : op.dest_end]),
        ):
            for tok in seg:
                if tok in CONNECTIVES:
                    connectives.add(tok)
                elif tok in _GROUP_OF:
                    (actions_a if side == "a" else actions_b).append(tok)
    pairs: list[tuple[str, str]] = []
    for wa in actions_a:
        for wb in actions_b:
            if _GROUP_OF[wa] == _GROUP_OF[wb] and wa != wb and (wa, wb) not in pairs:
                pairs.append((wa, wb))
    return connectives, de, pairs


def _trim_common(wa: str, wb: str) -> tuple[str, str]:
    """许可证核发/许可证办理 → 核发/办理 (shown shorter when both keep some text)."""
    i = 0
    while i < min(len(wa), len(wb)) and wa[i] == wb[i]:
        i += 1
    return (wa[i:], wb[i:]) if wa[i:] and wb[i:] else (wa, wb)


def _reason(a: ParsedName, b: ParsedName) -> str:
    parts: list[tuple[bool, str]] = []  # (may take 仅 when alone, text)
    qa = {q.canon: q for q in a.qualifiers}
    qb = {q.canon: q for q in b.qualifiers}
    extra = [qa[c] for c in qa if c not in qb] + [qb[c] for c in qb if c not in qa]
    if extra:
        texts = "、".join(q.text for q in extra)
        if all(q.source == "bracket" for q in extra):
            parts.append((True, f"括号限定语不同（{texts}）"))
        else:
            parts.append((False, f"一方另有子项或限定语（{texts}）"))
    connectives: set[str] = set()
    de = False
    actions: list[tuple[str, str]] = []
    texts_to_diff = [(a.core, b.core)] + [(qa[c].text, qb[c].text) for c in qa if c in qb]
    for ta, tb in texts_to_diff:
        if ta == tb:
            continue
        conn, d, acts = _token_differences(ta, tb)
        connectives |= conn
        de = de or d
        actions.extend(x for x in acts if x not in actions)
    if connectives:
        order = [c for c in CONNECTIVES if c in connectives]
        shown = "/".join(f"「{c}」" for c in order) if "/" in order else "/".join(order)
        parts.append((True, f"连接词不同（{shown}）"))
    if de:
        parts.append((True, "“的”字不同"))
    for wa, wb in actions:
        sa, sb = _trim_common(wa, wb)
        parts.append((False, f"办理行为用语可互换（{sa}/{sb}）"))
    if not parts:
        sa = sorted((q.text, q.source) for q in a.qualifiers)
        sb = sorted((q.text, q.source) for q in b.qualifiers)
        parts.append((False, "限定语位置不同" if sa == sb else "限定语写法不同（括号/子项）"))
    if len(parts) == 1:
        only, text = parts[0]
        return "仅" + text if only else text
    return "；".join(text for _, text in parts)


def _compatible(a: ParsedName, b: ParsedName) -> bool:
    return a.canon_core == b.canon_core and (
        a.canon_quals <= b.canon_quals or b.canon_quals <= a.canon_quals
    )


def score(a: ParsedName, b: ParsedName) -> float:
    """Similarity of the two whole keys, 0-1 (rapidfuzz ratio), rounded to two places."""
    return round(fuzz.ratio(a.key, b.key) / 100, 2)


def explain(a: ParsedName, b: ParsedName) -> Match | None:
    """The match between two parsed names, or None when they are different items."""
    if a.ident == b.ident:
        return Match("exact", 1.0, "名称相同")
    if not a.canon_core:
        return None
    if _compatible(a, b):
        return Match("probable", score(a, b), _reason(a, b))
    if a.flat == b.flat:  # the same words, bracketed in one only (取水许可延续 / 取水许可(延续))
        return Match("probable", score(a, b), "仅括号或子项写法不同")
    return None


def compare(
    a_name: str | None, a_sub: str | None, b_name: str | None, b_sub: str | None
) -> Match | None:
    """Compare two (事项名称, 子项名称): exact duplicate, probable duplicate, or None."""
    return explain(parse_name(a_name, a_sub), parse_name(b_name, b_sub))


_MAX_SUBSET_QUALS = 6  # beyond this, only the bare core is looked up (2**n subsets otherwise)


def _proper_subsets(s: frozenset[str]) -> Iterator[frozenset[str]]:
    if len(s) > _MAX_SUBSET_QUALS:
        yield frozenset()
        return
    items = sorted(s)
    for r in range(len(items)):
        for combo in combinations(items, r):
            yield frozenset(combo)


def find_pairs(
    names: Sequence[tuple[str | None, str | None, str | None]],
) -> list[tuple[int, int, Match]]:
    """Probable pairs among (name, subitem, type) of catalogue items, as (i, j, match), i < j.

    Items must have distinct keys (exact duplicates merged before). Work grows with the
    number of items and the pairs found, not with its square.
    """
    return find_key_pairs([((name_key(n), name_key(s)), t) for n, s, t in names])


def find_key_pairs(
    items: Sequence[tuple[tuple[str, str], str | None]],
) -> list[tuple[int, int, Match]]:
    """:func:`find_pairs` over (item key, type) pairs (keys already normalised)."""
    parsed = [parse_key(k) for k, _ in items]
    buckets: dict[tuple[str | None, str, frozenset[str]], list[int]] = defaultdict(list)
    flats: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for i, p in enumerate(parsed):
        if p.canon_core:
            buckets[(items[i][1], p.canon_core, p.canon_quals)].append(i)
            flats[(items[i][1], p.flat)].append(i)
    found: list[tuple[int, int, Match]] = []
    seen: set[tuple[int, int]] = set()

    def add(i: int, j: int) -> None:
        if i > j:
            i, j = j, i
        if (i, j) in seen:
            return
        seen.add((i, j))
        m = explain(parsed[i], parsed[j])
        if m is not None and m.kind == "probable":
            found.append((i, j, m))

    for (typ, core, quals), members in buckets.items():
        for i, j in combinations(members, 2):
            add(i, j)
        if quals:
            for sub in _proper_subsets(quals):
                for j in buckets.get((typ, core, sub), ()):
                    for i in members:
                        add(i, j)
    for members in flats.values():
        for i, j in combinations(members, 2):
            add(i, j)
    found.sort(key=lambda t: (t[0], t[1]))
    return found
