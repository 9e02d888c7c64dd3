"""Registries of departments, audit groups and legal instruments, loaded from CSV files."""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from catalog_check.legal import Level
from catalog_check.text import EMAIL, TITLE_AND_QUOTE_MARKS, name_key

if TYPE_CHECKING:
    from catalog_check.config import Config

__all__ = [
    "FALLBACK_GROUP",
    "AuditGroup",
    "Department",
    "Law",
    "Registry",
    "RegistryError",
    "default_registry",
    "law_key",
    "load_registry",
    "registry_for",
]

#: The summary group (综合组): receives whatever no audit group owns.
FALLBACK_GROUP = "综合组"

_PRC = "中华人民共和国"
_SPACE_RUN = re.compile(r"\s+")
_PROVINCE = "浙江省"
# Characters dropped from a law title before comparison: title marks and quotation marks.
_TITLE_NOISE = re.compile(f"[{re.escape(TITLE_AND_QUOTE_MARKS)}]")
# A trailing version of the text: (2017年修订) (2015修正) (2016年版) (2009年8月27日修正).
_VERSION = re.compile(
    r"\((?:\d{4}年?(?:\d{1,2}月(?:\d{1,2}日)?)?)?(?:第[一二三四五六七八九十\d]+次)?"
    r"(?:修订|修正|修改)?(?:版|本|文本)?\)$"
)
_TRIAL = re.compile(r"\((?:试行|暂行)\)$")
# An article written inside the title marks: 《建设工程勘察设计资质管理规定第八条》.
_ARTICLE_INSIDE = re.compile(r"(?<=.)第[一二三四五六七八九十百零〇两\d]+条.*$")
# 浙江省公安厅（本级）, （省级）, （省本级）, 省公安厅本级, 省公安厅省级
_PROVINCE_PREFIX = re.compile(r"^(?:浙江省|省)")
# A department written with a second name or its bureau in brackets.
_SECOND_NAME = re.compile(r"([^()]+)\(([^()]+)\)")
# An internal division of a department, not a body with its own list (治安总队, 医政医管处).
_DIVISION = re.compile(r"(?:处|处室|室|科|总队|支队|大队|办公室)$")
_BENJI = re.compile(r"(?:\((?:省本级|厅本级|本级|省级)\)|省本级|本级|省级)$")
# How close an unknown title must be to a registered one to be suggested: a rapidfuzz ratio of
# 70 (0-100), and at most one edit per five characters (two at least).
_SUGGEST_CUTOFF = 70.0
_SUGGEST_CHARS_PER_EDIT = 5
# A department name that says what a registered one does, in another form (浙江省公安局 for
# 浙江省公安厅, 浙江省统计厅 for 浙江省统计局), or a character or two off it.
_DEPARTMENT_CUTOFF = 80.0
_DEPARTMENT_FRAME = re.compile(r"^(?:浙江省|浙江|省)|(?:厅|局|委员会|委|办公室|办)$")


def _department_core(key: str) -> str:
    """A department's name key without 浙江省 and its kind of body: 浙江省公安厅 → 公安."""
    return _DEPARTMENT_FRAME.sub("", key)


# What an instrument is (…法, …条例); the words before it say what it is about.
_GENERIC_ENDINGS = ("实施条例", "实施细则", "实施办法", "条例", "办法", "规定", "细则", "规则",
                    "决定", "法")
# A changed character in those words is a slip only in a long subject: 电力条例 is not
# 电信条例, 建筑法实施条例 is not 森林法实施条例, but 安全生成法 is 安全生产法. Words left out
# are a short form when two characters of the subject remain (民办教育法, 许可法), not one
# (消法 is not 消防法).
_SUBJECT_CHARS_PER_EDIT = 4


def _ending(title: str) -> str:
    return next((e for e in _GENERIC_ENDINGS if title.endswith(e)), "")


def _short_form(key: str, candidate: str) -> bool:
    """Whether ``key`` is ``candidate`` with words of its subject left out, keeping its ending
    and two characters of the subject (民办教育法 of 民办教育促进法, 许可法 of 行政许可法)."""
    ending = _ending(candidate)
    return _left_out(key, candidate) and key.endswith(ending) and len(key) - len(ending) >= 2


def _left_out(key: str, candidate: str) -> bool:
    """Whether ``key`` is ``candidate`` with characters left out (a subsequence of it)."""
    rest = iter(candidate)
    return len(key) < len(candidate) and all(ch in rest for ch in key)


def _subject_slip(key: str, candidate: str) -> bool:
    """Whether ``key`` differs from ``candidate`` only in its generic ending, by words left out
    of a subject, or by a slip in a subject long enough to tell (one edit per four
    characters)."""
    subject = len(candidate) - len(_ending(candidate))
    prefix = 0
    while prefix < min(len(key), len(candidate)) and key[prefix] == candidate[prefix]:
        prefix += 1
    if prefix >= subject:
        return True  # 条列 for 条例, 办法 for 规定
    if _left_out(key, candidate):  # characters left out: a short form, or nothing
        return _short_form(key, candidate)
    return Levenshtein.distance(key, candidate) <= subject // _SUBJECT_CHARS_PER_EDIT


def _other_law_implemented(key: str, candidate: str) -> bool:
    """Two provincial measures implementing two laws (浙江省实施〈…消防法〉办法 and 〈…人民防空法〉
    办法): the long shared frame makes them look alike, the laws between differ by more than
    a slip."""
    if "实施" not in key or "实施" not in candidate:
        return False
    start = 0
    while start < min(len(key), len(candidate)) and key[start] == candidate[start]:
        start += 1
    end = 0
    while (end < min(len(key), len(candidate)) - start
           and key[-1 - end] == candidate[-1 - end]):
        end += 1
    ours, theirs = key[start : len(key) - end], candidate[start : len(candidate) - end]
    tail = key[len(key) - end :]
    # the difference inside the law implemented: both sides name one, followed by the shared
    # 法办法 / 条例办法 (not 办法 against 细则, nor a word written once more: 实施办法)
    return (
        bool(ours and theirs)
        and _IMPLEMENTED_TAIL.search(tail) is not None
        and Levenshtein.distance(ours, theirs) >= 2
    )


_IMPLEMENTED_TAIL = re.compile(r"(?:法|条例)(?:实施)?(?:办法|规定|细则)$")


class RegistryError(ValueError):
    """A registry file that cannot be used: the message (Chinese) names the file and line."""


@dataclass(frozen=True, slots=True)
class Department:
    """A provincial department or body.

    name: the registered full name (2017); aliases: short names and older names;
    email: where its rejection notices go; audit_group: the name of the audit group
    (审核小组) that reviews its submissions; parent: the department it is a body of, when its
    name does not begin with that department's (浙江省公路管理局 under 浙江省交通运输厅).
    """

    name: str
    aliases: tuple[str, ...]
    email: str
    audit_group: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Law:
    """A legal instrument: full title, the short names people write, level and marker.

    level is one of the seven legal-source levels (a `Level`, which is a str);
    doc_number is its promulgation marker or 文号 (主席令第7号, 国发〔2015〕27号), None if unknown:
    that of the text in force in March 2017; earlier_numbers are the markers of its earlier
    texts a list may still cite (动产抵押登记办法, wholly revised by 国家工商行政管理总局令第88号
    in 2016, was made by 令第30号).
    """

    title: str
    short_names: tuple[str, ...]
    level: str
    doc_number: str | None
    earlier_numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuditGroup:
    """An audit group (审核小组) or the summary group (综合组) and its mailbox."""

    name: str
    email: str


def law_key(title: str | None) -> str:
    """The comparison key of a law title: name_key without 《》〈〉 and quotation marks."""
    if not title:
        return ""
    key = name_key(unicodedata.normalize("NFKC", title))
    return _TITLE_NOISE.sub("", key)


_BARE_ORDER = re.compile(r"第?(\d+)号令")
# The number of any order a 文号 names: 国务院令第412号, 主席令第7号, 交通部令2005年第10号.
_ORDER_NUMBER = re.compile(r"令(?:\d{4}年|〔\d{4}〕)?第?(\d+)号令?$")
_ORDER_FORMS = re.compile(r"(?:中华人民共和国)?([\u4e00-\u9fa5]+?)令?第?(\d+)号令?")


def _order_key(text: str) -> str:
    """An order number in one form: 国务院第412号令, 国务院412号令 → 国务院令第412号 ("" when
    the text is none)."""
    m = _ORDER_FORMS.fullmatch(_SPACE_RUN.sub("", text))
    return f"{m[1]}令第{m[2]}号" if m else ""


def _strip_prc(key: str) -> str:
    return key[len(_PRC) :] if key.startswith(_PRC) and len(key) > len(_PRC) else key


def _law_variants(key: str) -> Iterator[str]:
    """Keys to try for a title, most literal first: as given, 省… as 浙江省…, without an article
    written inside the title marks, without version, without (试行)."""
    seen: set[str] = set()
    stages = [key]
    # 《省工伤保险条例》 in a provincial list is the province's own
    if key.startswith("省") and not key.startswith("省级"):
        stages.append(_PROVINCE + key[1:])
    if _ARTICLE_INSIDE.search(key):
        stages.append(_ARTICLE_INSIDE.sub("", key))
    without_version = _VERSION.sub("", key) if _VERSION.search(key) else key
    if without_version != key and without_version:
        stages.append(without_version)
    for stage in list(stages):
        trimmed = _TRIAL.sub("", stage)
        if trimmed != stage and trimmed:
            stages.append(trimmed)
    for stage in stages:
        for variant in (stage, _strip_prc(stage)):
            if variant and variant not in seen:
                seen.add(variant)
                yield variant


def _department_variants(key: str) -> Iterator[str]:
    """Implied forms of a department key: 浙江省公安厅 → 省公安厅, 公安厅 (and back), each also
    without 和 (浙江省住房和城乡建设厅 → 浙江省住房城乡建设厅, the short form in documents)."""
    for variant in _province_variants(key):
        yield variant
        if "和" in variant:
            yield variant.replace("和", "")
    if "和" in key:
        yield key.replace("和", "")


def _province_variants(key: str) -> Iterator[str]:
    if key.startswith(_PROVINCE) and len(key) > len(_PROVINCE) + 1:
        rest = key[len(_PROVINCE) :]
        yield "省" + rest
        yield rest
    elif key.startswith("省") and len(key) > 2:
        yield "浙江" + key
        yield key[1:]
    else:
        yield _PROVINCE + key
        yield "省" + key


class Registry:
    """Departments, laws and audit groups with lookups by name; immutable once built."""

    __slots__ = (
        "__weakref__",
        "_department_cores",
        "_departments_by_key",
        "_groups_by_name",
        "_laws_by_bare_order",
        "_laws_by_key",
        "_laws_by_order",
        "_parents",
        "_suggest_choices",
        "audit_groups",
        "departments",
        "laws",
    )

    def __init__(
        self,
        departments: Iterable[Department],
        laws: Iterable[Law],
        audit_groups: Iterable[AuditGroup],
    ) -> None:
        self.departments: tuple[Department, ...] = tuple(departments)
        self.laws: tuple[Law, ...] = tuple(laws)
        self.audit_groups: tuple[AuditGroup, ...] = tuple(audit_groups)
        self._groups_by_name = {name_key(g.name): g for g in self.audit_groups}
        if name_key(FALLBACK_GROUP) not in self._groups_by_name:
            raise RegistryError(f"审核小组表缺少「{FALLBACK_GROUP}」（未知部门的兜底小组）")
        self._departments_by_key = self._index_departments()
        self._parents = self._index_parents()
        self._department_cores = self._index_department_cores()
        self._laws_by_key = self._index_laws()
        self._laws_by_order = self._index_orders()
        self._laws_by_bare_order = self._index_bare_orders()
        self._suggest_choices = {
            _strip_prc(key): law.title for key, law in self._laws_by_key.items()
        }

    def _index_departments(self) -> dict[str, Department]:
        explicit: dict[str, Department] = {}
        for dept in self.departments:
            for written in (dept.name, *dept.aliases):
                explicit.setdefault(name_key(written), dept)
        implied: dict[str, Department | None] = {}
        for key, dept in explicit.items():
            for variant in _department_variants(key):
                if variant in explicit:
                    continue
                # An implied form that two departments share is ambiguous: drop it.
                implied[variant] = dept if implied.get(variant, dept) is dept else None
        index = {k: d for k, d in implied.items() if d is not None}
        index.update(explicit)
        return index

    def _index_laws(self) -> dict[str, Law]:
        index: dict[str, Law] = {}
        for law in self.laws:
            for written in (law.title, *law.short_names):
                index.setdefault(law_key(written), law)
        # Prefix-free and trial-free forms come second so they never shadow a written name.
        for key, law in list(index.items()):
            for variant in _law_variants(key):
                index.setdefault(variant, law)
        return index

    def _index_orders(self) -> dict[str, Law]:
        """Laws by their order number (国务院令第412号), when no other law shares it; never by
        a 主席令 number."""
        found: dict[str, Law | None] = {}
        for law in self.laws:
            for number in (law.doc_number or "", *law.earlier_numbers):
                key = _order_key(number)
                # 主席令 numbers restart with every NPC term: one the registry holds once still
                # names other laws (主席令第9号: 环境保护法 2014 and 食品安全法 2009).
                if key and not key.startswith("主席令"):
                    found[key] = law if found.get(key, law) is law else None
        return {k: v for k, v in found.items() if v is not None}

    def _index_bare_orders(self) -> dict[str, Law]:
        """Laws by an order number written without its issuer (《412号令》, as the lists write
        the State Council's): the State Council's order of that number, only when no other
        order the registry holds has the number. 《149号令》 is 国务院令第149号 (医疗机构管理条例)
        to a health department and 建设部令第149号 (工程造价咨询企业管理办法) to a construction
        one: the number alone names neither. A 主席令 of the number does not count (《86号令》
        is 国务院令第86号, 防汛条例, though 公路法 was 主席令第86号)."""
        holders: dict[str, set[str]] = {}
        for law in self.laws:
            for number in (law.doc_number or "", *law.earlier_numbers):
                plain = _SPACE_RUN.sub("", unicodedata.normalize("NFKC", number))
                m = _ORDER_NUMBER.search(plain)
                key = _order_key(plain) or plain
                # (a 主席令 number names no law by itself: they restart with every NPC term,
                # and a law is cited by its title, not as 86号令)
                if m and not key.startswith("主席令"):
                    holders.setdefault(m[1], set()).add(key)
        found: dict[str, Law] = {}
        for n, keys in holders.items():
            law = self._laws_by_order.get(f"国务院令第{n}号")
            if law is not None and keys == {f"国务院令第{n}号"}:
                found[n] = law
        return found

    def parent_of(self, name: str) -> str | None:
        """The registered department a body (full name) belongs to: its 上级部门, else the
        longest registered name its own begins with (浙江省公安厅交通管理局 → 浙江省公安厅);
        None for a department of its own."""
        return self._parents.get(name)

    def _index_parents(self) -> dict[str, str]:
        names = [d.name for d in self.departments]
        out: dict[str, str] = {}
        for dept in self.departments:
            named = self._departments_by_key.get(name_key(dept.parent)) if dept.parent else None
            if named is not None and named.name != dept.name:
                out[dept.name] = named.name
                continue
            heads = [p for p in names if p != dept.name and dept.name.startswith(p)]
            if heads:
                out[dept.name] = max(heads, key=len)
        return out

    def department(self, text: str | None) -> Department | None:
        """The department named by a full name or alias (省建设厅 → 浙江省住房和城乡建设厅)."""
        key = name_key(text)
        if not key:
            return None
        found = self._by_name(key)
        if found is None and (m := _SECOND_NAME.fullmatch(key)):
            found = self._bracketed(m[1], m[2])
        if found is None and _DIVISION.search(key):
            found = self._with_division(key)
        return found

    def _by_name(self, key: str) -> Department | None:
        """A full name or alias, 本级 / 省级 after it or not."""
        found = self._departments_by_key.get(key)
        if found is None:
            trimmed = _BENJI.sub("", key)
            if trimmed and trimmed != key:
                found = self._departments_by_key.get(trimmed)
        return found

    def _with_division(self, key: str) -> Department | None:
        """A department with an internal division written after it, no brackets (省公安厅治安
        总队 is 浙江省公安厅; 省公安厅交警总队 its registered bureau), by the longest name."""
        heads = [k for k in self._departments_by_key if len(k) >= 3 and key.startswith(k)
                 and len(k) < len(key)]
        if not heads:
            return None
        head = max(heads, key=len)
        return self._bracketed(head, key[len(head):])

    def department_named_in(self, file_name: str | None) -> Department | None:
        """The one department a file name names (省公安厅-第二批.xlsx, 公安厅 第二批事项.xls →
        浙江省公安厅), by the longest full names and aliases in it; None when it names none
        or two departments."""
        text = name_key(PurePath(file_name).stem) if file_name else ""
        if not text:
            return None
        spans = []
        for key, dept in self._departments_by_key.items():
            if len(key) >= 3:
                at = text.find(key)
                while at >= 0:
                    spans.append((at, at + len(key), dept))
                    at = text.find(key, at + 1)
        kept = {dept.name: dept for a, b, dept in spans
                if not any(c <= a and b <= d and (d - c) > (b - a) for c, d, _ in spans)}
        return next(iter(kept.values())) if len(kept) == 1 else None

    def suggest_department(self, text: str | None) -> str | None:
        """The full name of the registered department closest to an unknown name (浙江省公安局
        → 浙江省公安厅), None when nothing is close or two departments are equally close."""
        key = name_key(text)
        if not key or self.department(key) is not None:
            return None
        cores = self._department_cores
        core = _department_core(key)
        if not core:
            return None
        names = cores.get(core)
        if names is None:
            found = process.extract(core, cores.keys(), scorer=fuzz.ratio, processor=None,
                                    score_cutoff=_DEPARTMENT_CUTOFF, limit=None)
            best = max((score for _, score, _ in found), default=None)
            names = {n for c, score, _ in found if score == best for n in cores[c]}
        return next(iter(names)) if len(names) == 1 else None

    def _index_department_cores(self) -> dict[str, set[str]]:
        """Departments by what their names and aliases say they do (公安, 住房和城乡建设)."""
        cores: dict[str, set[str]] = {}
        for key, dept in self._departments_by_key.items():
            core = _department_core(key)
            if core:
                cores.setdefault(core, set()).add(dept.name)
        return cores

    def _bracketed(self, outer: str, inner: str) -> Department | None:
        """A department written with a bureau or a second name in brackets: the bureau when the
        two make its name (省公安厅（出入境管理局） is 浙江省公安厅出入境管理局, a department of
        its own), else the department outside when the bracket names no other department
        (浙江省新闻出版广电局（浙江省版权局）, 省交通运输厅（省公路管理局）). Nothing when the two
        names are two departments (省财政厅（省公安厅）: which list would it replace?) or the name
        outside is none (杭州市公安局（浙江省公安厅） is a city's)."""
        parent = self._by_name(outer)
        if parent is None:
            return None
        bureau = self._by_name(outer + inner)
        if bureau is not None:
            return bureau
        short = _PROVINCE_PREFIX.sub("", inner)
        other = self._by_name(inner) or self._by_name("省" + short)
        if other is not None and self.parent_of(other.name) == parent.name:
            return other  # its own bureau written out: 省公安厅（省交警总队）
        if other is not None:
            return parent if other is parent else None
        # An unknown name in brackets: the department's own bureau written short (省公安厅（出入境
        # 局）), else the department itself for an internal division (省公安厅（治安总队）) or a
        # second name (浙江省新闻出版广电局（浙江省版权局）), except another bureau-like name
        # beside bureaus of its own (省公安厅（监管局）: which list would it replace?).
        bureaus = [d for d in self.departments if self.parent_of(d.name) == parent.name]
        alike = [d for d in bureaus if d.name[len(parent.name):][:2] == short[:2]]
        if len(alike) == 1:
            return alike[0]
        if alike:
            return None
        return parent if not bureaus or _DIVISION.search(short) else None

    def law(self, title: str | None) -> Law | None:
        """The law named by a full title or short name, 《》 and version suffix optional."""
        key = law_key(title)
        if not key:
            return None
        for variant in _law_variants(key):
            found = self._laws_by_key.get(variant)
            if found is not None:
                return found
        # 《国务院令第412号》, 《国务院412号令》: the order cited by number; 《412号令》 with no
        # issuer: the State Council's, as the lists write it, unless another order the
        # registry holds has that number (_index_bare_orders)
        bare = _BARE_ORDER.fullmatch(key)
        if bare:
            return self._laws_by_bare_order.get(bare[1])
        order = _order_key(key)
        return self._laws_by_order.get(order) if order else None

    def suggest_law(self, title: str) -> str | None:
        """The closest registered full title to an unknown one, None when nothing is close."""
        known = self.law(title)
        if known is not None:
            return known.title
        key = _strip_prc(law_key(title))
        if not key or not self._suggest_choices:
            return None
        # 《道路运输管理条例》 written by a Zhejiang department: the province's own, if there is
        # one; not for a title written as national (中华人民共和国无线电管理条例)
        if not law_key(title).startswith((_PRC, "国务院")):
            provincial = self.law(f"浙江省{key}")
            if provincial is not None:
                return provincial.title
        best = process.extractOne(
            key,
            self._suggest_choices.keys(),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=_SUGGEST_CUTOFF,
        )
        # A slip of the pen, not another law: a few characters apart (条列 for 条例, 办法 for
        # 规定), where the ratio alone also matches a sibling title that shares a long frame
        # (浙江省实施〈…水法〉办法 and 〈…人民防空法〉办法).
        if best is None or Levenshtein.distance(key, best[0]) > max(
            2, len(key) // _SUGGEST_CHARS_PER_EDIT
        ):
            return None
        # A registered title at either end of the unknown one, two characters or more apart,
        # names another instrument: 国防教育法 is not 教育法, 安全生产法实施条例 is not
        # 安全生产法 (one character more is a slip: 中华人民共和国国行政许可法).
        if len(key) - len(best[0]) >= 2 and (key.endswith(best[0]) or key.startswith(best[0])):
            return None
        if not _subject_slip(key, best[0]) or _other_law_implemented(key, best[0]):
            return None
        if _short_form(key, best[0]) and len(
            {t for c, t in self._suggest_choices.items() if _short_form(key, c)}
        ) > 1:
            return None  # 安全法 is short for 网络安全法, 食品安全法, 安全生产法 …: none is meant
        return self._suggest_choices[best[0]]

    def audit_group(self, name: str | None) -> AuditGroup | None:
        """The audit group of that name, None when unknown."""
        key = name_key(name)
        return self._groups_by_name.get(key) if key else None

    def fallback_group(self) -> AuditGroup:
        """The summary group (综合组), which handles departments no audit group owns."""
        return self._groups_by_name[name_key(FALLBACK_GROUP)]

    def group_of(self, department: Department | None) -> AuditGroup:
        """The audit group that reviews a department, or the summary group."""
        if department is None:
            return self.fallback_group()
        return self.audit_group(department.audit_group) or self.fallback_group()


# --- loading ---------------------------------------------------------------------------

_DEPARTMENT_COLUMNS = {
    "name": ("部门", "部门名称", "实施部门"),
    "aliases": ("简称/别名", "简称", "别名"),
    "email": ("邮箱", "电子邮箱"),
    "group": ("审核小组",),
    "parent": ("上级部门",),
}
_LAW_COLUMNS = {
    "title": ("名称", "标题"),
    "short": ("简称",),
    "level": ("层级", "效力层级"),
    "number": ("文号", "发布令号"),
}
_GROUP_COLUMNS = {"name": ("审核小组", "小组"), "email": ("邮箱", "电子邮箱")}
_LEVELS = {level.value: level for level in Level}


def _decode(data: bytes, label: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegistryError(f"{label}无法解码：请保存为 UTF-8 或 GBK 编码的 CSV")


def _rows(
    text: str, label: str, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {field: cleaned text}) for every data row of a CSV table."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    positions: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            values = [c.strip() for c in cells]
            if not any(values) or values[0].lstrip("\ufeff").startswith("#"):
                continue
            if header is None:
                header = [name_key(v) for v in values]
                for field, names in columns.items():
                    for name in names:
                        if name_key(name) in header:
                            positions[field] = header.index(name_key(name))
                            break
                missing = [columns[f][0] for f in required if f not in positions]
                if missing:
                    raise RegistryError(f"{label}第{line}行：表头缺少列「{'」「'.join(missing)}」")
                continue
            if len(values) > len(header) and any(values[len(header) :]):
                raise RegistryError(
                    f"{label}第{line}行：有{len(values)}个字段，多于表头的{len(header)}列"
                    "（含逗号的值请用英文双引号括起来）"
                )
            row = {
                field: values[pos] if pos < len(values) else "" for field, pos in positions.items()
            }
            yield line, row
    except csv.Error as exc:
        raise RegistryError(
            f"{label}第{reader.line_num}行：CSV 格式错误（引号可能不配对）"
        ) from exc
    if header is None:
        raise RegistryError(f"{label}是空表：没有表头")


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _required(row: dict[str, str], field: str, column: str, label: str, line: int) -> str:
    value = row.get(field, "")
    if not value:
        raise RegistryError(f"{label}第{line}行：「{column}」为空")
    return value


def _check_email(email: str, label: str, line: int) -> str:
    email = unicodedata.normalize("NFKC", email)
    if not EMAIL.fullmatch(email):
        raise RegistryError(f"{label}第{line}行：邮箱「{email}」格式不正确")
    return email


def _claim(
    seen: dict[str, tuple[str, int]], written: str, owner: str, label: str, line: int
) -> None:
    key = name_key(written)
    if key in seen and seen[key][0] != owner:
        other, other_line = seen[key]
        raise RegistryError(
            f"{label}第{line}行：「{written}」已用于第{other_line}行的「{other}」，名称或简称不能重复"
        )
    seen[key] = (owner, line)


def _parse_groups(text: str, label: str) -> tuple[AuditGroup, ...]:
    groups: list[AuditGroup] = []
    seen: dict[str, tuple[str, int]] = {}
    for line, row in _rows(text, label, _GROUP_COLUMNS, ("name", "email")):
        name = _required(row, "name", "审核小组", label, line)
        email = _check_email(_required(row, "email", "邮箱", label, line), label, line)
        if name_key(name) in seen:
            raise RegistryError(f"{label}第{line}行：审核小组「{name}」重复")
        seen[name_key(name)] = (name, line)
        groups.append(AuditGroup(name=name, email=email))
    if name_key(FALLBACK_GROUP) not in seen:
        raise RegistryError(f"{label}缺少「{FALLBACK_GROUP}」一行（未知部门的兜底小组）")
    return tuple(groups)


def _parse_departments(
    text: str, label: str, groups: tuple[AuditGroup, ...]
) -> tuple[Department, ...]:
    group_names = {name_key(g.name): g.name for g in groups}
    departments: list[Department] = []
    seen: dict[str, tuple[str, int]] = {}
    rows_of: dict[str, int] = {}  # a department's own row
    for line, row in _rows(text, label, _DEPARTMENT_COLUMNS, ("name", "email")):
        name = _required(row, "name", "部门", label, line)
        if name_key(name) in rows_of:
            # (a second row to change a mailbox: the first row would silently win)
            raise RegistryError(f"{label}第{line}行：「{name}」已在第{rows_of[name_key(name)]}行"
                                "登记，请修改原行，不要另加一行")
        rows_of[name_key(name)] = line
        aliases = tuple(a for a in _split(row.get("aliases", "")) if name_key(a) != name_key(name))
        email = _check_email(_required(row, "email", "邮箱", label, line), label, line)
        group = row.get("group", "")
        if group and name_key(group) not in group_names:
            raise RegistryError(f"{label}第{line}行：审核小组「{group}」不在审核小组表中")
        for written in (name, *aliases):
            _claim(seen, written, name, label, line)
        departments.append(
            Department(
                name=name,
                aliases=aliases,
                email=email,
                audit_group=group_names[name_key(group)] if group else FALLBACK_GROUP,
                parent=row.get("parent") or None,
            )
        )
    named = {name_key(w) for d in departments for w in (d.name, *d.aliases)}
    for dept in departments:
        if dept.parent and name_key(dept.parent) not in named:
            raise RegistryError(f"{label}：「{dept.name}」的上级部门「{dept.parent}」不在部门表中")
    return tuple(departments)


def _parse_laws(text: str, label: str) -> tuple[Law, ...]:
    laws: list[Law] = []
    seen: dict[str, tuple[str, int]] = {}
    for line, row in _rows(text, label, _LAW_COLUMNS, ("title", "level")):
        title = _required(row, "title", "名称", label, line)
        level_text = _required(row, "level", "层级", label, line)
        level = _LEVELS.get(name_key(level_text))
        if level is None:
            raise RegistryError(
                f"{label}第{line}行：层级「{level_text}」无效，应为：{'、'.join(_LEVELS)}"
            )
        if law_key(title) in seen and seen[law_key(title)][0] == title:
            raise RegistryError(f"{label}第{line}行：「{title}」重复登记")
        shorts = tuple(s for s in _split(row.get("short", "")) if law_key(s) != law_key(title))
        for written in (title, *shorts):
            key = law_key(written)
            if key in seen and seen[key][0] != title:
                other, other_line = seen[key]
                raise RegistryError(
                    f"{label}第{line}行：「{written}」已用于第{other_line}行的「{other}」，"
                    "名称或简称不能对应两部法律法规"
                )
            seen[key] = (title, line)
        # the marker of the text in force first, then those of earlier texts: 令第88号|令第30号
        number, *earlier = _split(row.get("number", "")) or ("",)
        laws.append(
            Law(title=title, short_names=shorts, level=level, doc_number=number or None,
                earlier_numbers=tuple(earlier))
        )
    return tuple(laws)


def _read(path: Path | None, shipped: str, kind: str) -> tuple[str, str]:
    """The text of a table and its label for messages: the given path or the shipped file."""
    if path is None:
        data = resources.files("catalog_check").joinpath("data", shipped).read_bytes()
        return _decode(data, f"内置{kind}"), f"内置{kind}（{shipped}）"
    label = f"{kind}文件 {path} "
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise RegistryError(f"{label}不存在") from exc
    except IsADirectoryError as exc:
        raise RegistryError(f"{label}是一个目录，不是 CSV 文件") from exc
    except OSError as exc:
        raise RegistryError(f"{label}无法读取（系统错误 {exc.errno}）") from exc
    return _decode(data, label), label


def load_registry(
    departments: Path | None = None,
    laws: Path | None = None,
    audit_groups: Path | None = None,
) -> Registry:
    """Load the registries; a given path replaces the shipped table of that kind."""
    groups_text, groups_label = _read(audit_groups, "audit_groups.csv", "审核小组表")
    groups = _parse_groups(groups_text, groups_label)
    dept_text, dept_label = _read(departments, "departments.csv", "部门表")
    law_text, law_label = _read(laws, "laws.csv", "法律法规表")
    return Registry(
        departments=_parse_departments(dept_text, dept_label, groups),
        laws=_parse_laws(law_text, law_label),
        audit_groups=groups,
    )


@functools.cache
def default_registry() -> Registry:
    """The shipped registries, loaded once per process."""
    return load_registry()


def registry_for(config: Config) -> Registry:
    """The registry the configuration asks for (shipped data unless overridden)."""
    if config.departments is None and config.laws is None and config.audit_groups is None:
        return default_registry()
    return load_registry(config.departments, config.laws, config.audit_groups)
