"""Probable duplicates: the labelled set, reasons, blocking against all pairs."""

from __future__ import annotations

import csv
from datetime import datetime
from itertools import combinations
from pathlib import Path

import pytest

from catalog_check.catalogue import SourceItem, Submission, consolidate
from catalog_check.catalogue.similar import (
    ParsedName,
    compare,
    explain,
    find_pairs,
    parse_name,
)
from catalog_check.text import item_key

LABELLED = Path(__file__).parent / "data" / "names_labelled.csv"
#: Duplicates of the labelled set not found: reordered conjuncts, a qualifier rewritten
#: (乙 → 乙级), a dropped 申请.
KNOWN_MISSES = [
    ("饲料和饲料添加剂生产许可", "饲料添加剂和饲料生产许可"),
    ("测绘资质审批（乙、丙、丁级）", "测绘资质审批（乙级、丙级、丁级）"),
    ("劳动人事争议仲裁申请", "劳动人事争议仲裁"),
]


def _identity(text: str) -> str:
    return text


def _labelled() -> list[dict[str, str]]:
    with open(LABELLED, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _item(name: str, typ: str, dept: str, row: int) -> SourceItem:
    return SourceItem(name, None, typ, dept, f"{dept}.xlsx", "事项清单", row)


def test_labelled_set_is_big_and_balanced() -> None:
    rows = _labelled()
    kinds = {(r["label"], r["kind"]) for r in rows}
    assert len(rows) >= 40
    assert kinds == {("dup", "trivial"), ("dup", "near"), ("distinct", "lookalike")}


def test_labelled_set_precision_and_recall_through_consolidate() -> None:
    """Every pair goes through the real path: merge + blocking + structure check."""
    rows = _labelled()
    a_items = [_item(r["a"], r["type"], "甲厅", i + 2) for i, r in enumerate(rows)]
    b_items = [_item(r["b"], r["type"], "乙厅", i + 2) for i, r in enumerate(rows)]
    when = datetime(2017, 3, 10)
    c = consolidate(
        [
            Submission("甲厅.xlsx", "甲厅", when, tuple(a_items)),
            Submission("乙厅.xlsx", "乙厅", when, tuple(b_items)),
        ],
        resolve_department=_identity,
    )
    listed = {p.keys for p in c.probable}
    tp = fp = fn = 0
    missed, wrong = [], []
    for r in rows:
        ka, kb = item_key(r["a"], None), item_key(r["b"], None)
        found = ka == kb or frozenset((ka, kb)) in listed
        if r["kind"] == "trivial":  # exact duplicates: one catalogue row from both departments
            entry = next(e for e in c.catalogue if e.key == ka)
            assert entry.departments == ("甲厅", "乙厅")
        if found and r["label"] == "dup":
            tp += 1
        elif found:
            fp += 1
            wrong.append((r["a"], r["b"]))
        elif r["label"] == "dup":
            fn += 1
            missed.append((r["a"], r["b"]))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"\nlabelled set: {len(rows)} pairs, tp={tp} fp={fp} fn={fn}, "
        f"precision={precision:.3f} recall={recall:.3f}"
    )
    print("missed:", missed)
    assert wrong == []
    assert missed == KNOWN_MISSES
    assert precision >= 0.95
    assert recall >= 0.9


def test_compare_on_each_labelled_pair() -> None:
    """compare() alone: trivial pairs exact, near pairs probable (but the known misses),
    look-alikes nothing."""
    kinds = {}
    for r in _labelled():
        m = compare(r["a"], None, r["b"], None)
        kinds[(r["a"], r["b"])] = None if m is None else m.kind
        if r["kind"] == "trivial":
            assert kinds[(r["a"], r["b"])] == "exact", r
        elif r["kind"] == "near":
            missed = (r["a"], r["b"]) in KNOWN_MISSES
            assert kinds[(r["a"], r["b"])] == (None if missed else "probable"), r
        else:
            assert kinds[(r["a"], r["b"])] is None, r
    assert sorted(p for p, k in kinds.items() if k is None and p in KNOWN_MISSES) == sorted(
        KNOWN_MISSES
    )


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("排污许可证核发", "排污许可证核发（新办）", "仅括号限定语不同（新办）"),
        ("饲料和饲料添加剂生产许可", "饲料及饲料添加剂生产许可", "仅连接词不同（和/及）"),
        ("特种设备安装、改造、修理许可", "特种设备安装改造修理许可", "仅连接词不同（、）"),
        (
            "拖拉机和联合收割机驾驶证核发",
            "拖拉机/联合收割机驾驶证核发",
            "仅连接词不同（「和」/「/」）",
        ),
        ("涉及饮用水卫生安全的产品卫生许可", "涉及饮用水卫生安全产品卫生许可", "仅“的”字不同"),
        # a 的 inside an action word (许可证的核发) is still only a 的
        ("药品生产许可证核发", "药品生产许可证的核发", "仅“的”字不同"),
        ("药品生产许可证的核发", "药品生产许可证颁发",
         "“的”字不同；办理行为用语可互换（核发/颁发）"),
        ("《预防接种证》核发", "《预防接种证》办理", "办理行为用语可互换（核发/办理）"),
        ("危险废物经营许可证核发", "危险废物经营许可证办理", "办理行为用语可互换（核发/办理）"),
        ("危险化学品经营许可", "危险化学品经营许可证核发", "办理行为用语可互换（许可/许可证核发）"),
        ("医疗机构制剂许可证审批", "医疗机构制剂许可证核发",
         "办理行为用语可互换（审批/核发）"),
        ("职业病诊断机构批准", "职业病诊断机构审批", "办理行为用语可互换（批准/审批）"),
        ("建设项目用地预审（市级）", "（市级）建设项目用地预审", "限定语位置不同"),
        ("药品经营许可证（批发）核发", "药品经营许可证核发（批发）", "限定语位置不同"),
        ("X许可（市级、县级）", "X许可（市级/县级）", "仅连接词不同（「、」/「/」）"),
        (
            "饲料和饲料添加剂生产许可（新办）",
            "饲料及饲料添加剂生产许可",
            "括号限定语不同（新办）；连接词不同（和/及）",
        ),
        ("取水许可延续", "取水许可(延续)", "仅括号或子项写法不同"),
        ("食品相关产品生产许可证核发", "食品相关产品生产许可证（核发）", "仅括号或子项写法不同"),
        ("取水许可-延续", "取水许可（延续）", "限定语写法不同（括号/子项）"),
    ],
)
def test_reasons(a: str, b: str, reason: str) -> None:
    m = compare(a, None, b, None)
    assert m is not None
    assert (m.kind, m.reason) == ("probable", reason)


def test_score_is_rapidfuzz_ratio_of_the_whole_keys() -> None:
    m = compare("饲料和饲料添加剂生产许可", None, "饲料及饲料添加剂生产许可", None)
    assert m is not None
    assert m.score == 0.92
    m = compare("排污许可证核发", None, "排污许可证核发（新办）", None)
    assert m is not None
    assert m.score == 0.78  # 2*7/18


def test_situation_qualifiers_and_subitems() -> None:
    # 'X' vs 'X（新办）' is a pair; 'X（新办）' vs 'X（变更）' is not.
    assert compare("排污许可证核发（新办）", None, "排污许可证核发（变更）", None) is None
    # A subitem is a qualifier of the item: the bare item and one of its subitems overlap.
    m = compare("建筑业企业资质认定", None, "建筑业企业资质认定", "施工总承包")
    assert m is not None
    assert m.reason == "一方另有子项或限定语（施工总承包）"
    assert compare("建筑业企业资质认定", "施工总承包", "建筑业企业资质认定", "专业承包") is None
    # The same qualifier written in the name or as the subitem, or as 主项——子项.
    m = compare("排污许可证核发（新办）", None, "排污许可证核发", "新办")
    assert m is not None
    assert m.reason == "限定语写法不同（括号/子项）"
    m = compare("排污许可证核发——新办", None, "排污许可证核发", "新办")
    assert m is not None
    assert m.reason == "限定语写法不同（括号/子项）"
    assert compare("排污许可证核发——新办", None, "排污许可证核发（变更）", None) is None
    # Different levels conflict; so do partly different level lists.
    assert compare("X许可（市级）", None, "X许可（市级、县级）", None) is None


def test_parse_name_structure() -> None:
    p = parse_name("企业投资（含外商投资）项目备案（基本建设）")
    assert p.core == "企业投资项目备案"
    assert [q.text for q in p.qualifiers] == ["含外商投资", "基本建设"]
    p = parse_name("枪支(弹药(含配件))持枪证件核发", "新办")
    assert p.core == "枪支持枪证件核发"
    assert [(q.text, q.source) for q in p.qualifiers] == [
        ("弹药(含配件)", "bracket"),
        ("新办", "subitem"),
    ]
    assert (
        parse_name("特种设备安装、改造、修理许可").canon_core
        == parse_name("特种设备安装改造修理许可").canon_core
    )


def test_not_paired_across_item_types() -> None:
    names = [
        ("饲料和饲料添加剂生产许可", None, "行政许可"),
        ("饲料及饲料添加剂生产许可", None, "行政确认"),
        ("饲料与饲料添加剂生产许可", None, "行政许可"),
    ]
    assert [(i, j) for i, j, _ in find_pairs(names)] == [(0, 2)]


def test_blocking_finds_exactly_what_all_pairs_find() -> None:
    """find_pairs (blocked) against explain() on every pair of the labelled names."""
    names = sorted({(n, None, "行政许可") for r in _labelled() for n in (r["a"], r["b"])})
    keyed = {}
    for n in names:  # distinct keys only, as in a catalogue
        keyed.setdefault(item_key(n[0], None), n)
    names = list(keyed.values())
    parsed = [parse_name(n, s) for n, s, _ in names]
    brute = {
        (i, j)
        for i, j in combinations(range(len(names)), 2)
        if (m := explain(parsed[i], parsed[j])) is not None and m.kind == "probable"
    }
    blocked = {(i, j) for i, j, _ in find_pairs(names)}
    assert blocked == brute
    assert len(brute) >= 30


def test_find_pairs_scales_with_items_not_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """30,000 templated names of few cores: one bare name per core pairs with its variants,
    and only those pairs are ever compared (blocking), not the 450 million of all pairs."""
    subjects = [f"第{i}类设备" for i in range(1000)]
    names = []
    for s in subjects:
        names.append((f"{s}生产许可", None, "行政许可"))
        for q in ("新办", "变更", "延续", "注销", "补办", "遗失补办", "市级", "县级"):
            names.append((f"{s}生产许可（{q}）", None, "行政许可"))
        names += [(f"{s}经营许可（{q}）", None, "行政许可") for q in ("批发", "零售")]
        names += [(f"{s}检验检测机构资质认定{k}", None, "行政许可") for k in range(19)]
    assert len(names) == 30000
    from catalog_check.catalogue import similar

    compared = []
    real = similar.explain

    def counting(a: ParsedName, b: ParsedName) -> object:
        compared.append(1)
        return real(a, b)

    monkeypatch.setattr(similar, "explain", counting)
    pairs = find_pairs(names)
    assert len(pairs) == 8000  # bare 生产许可 × its 8 qualified forms, per subject
    assert len(compared) == 8000


def test_a_qualifier_bracketed_in_one_name_only_pairs_with_a_sub_item_too() -> None:
    """取水许可延续, 取水许可 + 子项 延续 and 取水许可-延续 are one item written three ways; a
    hyphen inside a word (X-射线) is no qualifier, and other words stay apart."""
    assert compare("取水许可延续", None, "取水许可", "延续").reason == "仅括号或子项写法不同"
    assert compare("取水许可-延续", None, "取水许可", "延续").kind == "probable"
    assert parse_name("X-射线探伤装置许可").core == "X-射线探伤装置许可"
    assert compare("取水许可延续", None, "取水许可(变更)", None) is None
    assert compare("取水许可延续", None, "取水许可", "注销") is None
