"""Legal citations in 设定依据: titles in 《》, articles, document numbers, source levels."""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from catalog_check.text import TITLE_AND_QUOTE_MARKS, trailing_notes_start

if TYPE_CHECKING:
    from catalog_check.registry import Law, Registry

__all__ = [
    "Citation",
    "Level",
    "classify",
    "has_article",
    "is_instrument",
    "names_no_instrument",
    "normalise_doc_number",
    "parse_citations",
    "parse_marker",
    "parse_unmarked",
]


class Level(StrEnum):
    """The seven legal-source levels, highest first (rules.md, 设定依据)."""

    LAW = "法律"
    ADMINISTRATIVE_REGULATION = "行政法规"
    STATE_COUNCIL_DECISION = "国务院决定"
    LOCAL_REGULATION = "地方性法规"
    DEPARTMENT_RULE = "部门规章"
    LOCAL_GOVERNMENT_RULE = "地方政府规章"
    NORMATIVE_DOCUMENT = "规范性文件"

    @property
    def rank(self) -> int:
        """Position in the hierarchy: 0 for 法律 … 6 for 规范性文件."""
        return _RANKS[self]


_RANKS = {level: i for i, level in enumerate(Level)}


@dataclass(frozen=True, slots=True)
class Citation:
    """One instrument cited in 《》.

    title: as written inside the outer 《》 (NFKC, inner 《》 kept); articles: the article
    references written after it, up to the next 《 (第十二条第(三)项, 第12条); doc_number: the
    promulgation marker or 文号 right after the title, brackets normalised (国务院令第412号,
    浙政办发〔2017〕12号); level: the registry's level, else classified from title and marker;
    law: the registry entry, None when the title is unknown.
    """

    title: str
    articles: tuple[str, ...]
    doc_number: str | None
    level: Level
    law: Law | None


# --- patterns ----------------------------------------------------------------------------

_NUM = "0-9零\u3007一二两三四五六七八九十百千"  # \u3007: ideographic zero
_ARTICLE = re.compile(
    rf"第\s*[{_NUM}]+\s*条"
    rf"(?:\s*第\s*[{_NUM}]+\s*款)?"
    rf"(?:\s*(?:第\s*)?(?:\(\s*[{_NUM}]+\s*\)|[{_NUM}]+)\s*项)?"  # (spaces read one way only)
    rf"(?:\s*第\s*[{_NUM}]+\s*目)?"
)
# An article anywhere: 第十二条, 第12条, lists and ranges (第十二、十三条, 第12-15条, 第十二至
# 十五条), or an item of a decision's annex (《国务院对确需保留的行政审批项目设定行政许可的决定》
# 附件第39项: the 412号 decision lists its permits by item, not by article).
# A list of numbers after 第, then 条 (has_article reads each list once: searched for 第…条, a
# long list without 条 was read again from each 第 in it);
_ARTICLE_LIST = re.compile(rf"第\s*[{_NUM}]+(?:\s*[、,和及至到~\-—]\s*(?:第\s*)?[{_NUM}]+)*")
_ARTICLE_AFTER_LIST = re.compile(r"\s*条")
# and the items of an annex (each run of spaces read one way only: 附件 and a run of n spaces
# was split n**4 ways).
_HAS_ANNEX_ITEM = re.compile(
    # 附件第39项, 附件:第39项, 附件2之第12项, 附件2“…目录”第12项, 附件序号39, 目录第39项
    rf"附件\s*(?:[{_NUM}]+\s*)?(?:[:之]\s*)?(?:(?:“[^”]*”|\"[^\"]*\")\s*)?"
    rf"(?:第\s*[{_NUM}]+\s*项|序号\s*[{_NUM}]+)"
    rf"|目录\s*第\s*[{_NUM}]+\s*项"
    # 决定》（国务院令第412号）第39项, 《国务院令第412号》第39项
    rf"|(?:决定|号|号令)》\s*(?:\([^()]*\)\s*)?第\s*[{_NUM}]+\s*项"
)
_SPACES = re.compile(r"\s+")
# A 4-digit year in any bracket pair: 〔2017〕 [2017] 【2017】 (2017) （2017） ﹝2016﹞ and the
# full-width square brackets (U+FF3B, U+FF3D).
_YEAR_BRACKETS = re.compile("[〔\\[\uff3b【(（﹝〖]\\s*(\\d{4})\\s*[〕\\]\uff3d】)）﹞〗]")
# Chinese characters other than 年, so that "2003年主席令第7号" yields "主席令第7号".
_ISSUER = "\u4e00-\u5e73\u5e75-\u9fa5"
_DOC_NUMBER = re.compile(rf"[{_ISSUER}]{{1,20}}〔\d{{4}}〕\s*第?\s*\d+\s*号")
_ORDER = re.compile(  # 令2017年第4号 and 令〔2010〕第2号 give the year both ways
    # (a number of at most ten numerals: a run of thousands of 一 must not backtrack for seconds)
    rf"[{_ISSUER}、]{{0,40}}?令\s*(?:\d{{4}}\s*年\s*|〔\d{{4}}〕\s*)?第\s*[{_NUM}]{{1,10}}\s*号"
    rf"|[{_ISSUER}、]{{0,40}}?令\s*(?:\d{{4}}\s*年\s*|〔\d{{4}}〕\s*)?[{_NUM}]{{1,10}}\s*号"
    rf"|[{_ISSUER}、]{{0,40}}?第?\s*[{_NUM}]{{1,10}}\s*号令"  # 国务院第333号令, 国务院412号令
)
_NOTICE = re.compile(
    rf"[{_ISSUER}]{{0,40}}?公告\s*(?:\d{{4}}\s*年\s*)?第?\s*[{_NUM}]{{1,10}}\s*号"
)
# Passed by a people's congress, as laws and local regulations are cited: （2016年9月30日浙江省
# 第十二届人民代表大会常务委员会第三十三次会议通过） (the date is taken off first).
_PASSED = re.compile(
    r"[\u4e00-\u9fff\d]{0,30}?人民代表大会(?:常务委员会)?[\u4e00-\u9fff\d]{0,20}?"
    r"(?:通过|修正|修订|批准)"
)
_BRACKETED = re.compile(r"\(([^()]*)\)")
_DATE_BEFORE = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?"
    r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?"
)

# Space-separated lists read and extend more easily than 130 quoted strings.
_PROVINCES = (  # noqa: SIM905
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省"
    " 江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省"
    " 台湾省 内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区"
    " 香港特别行政区 澳门特别行政区"
).split()
# Zhejiang's cities and county-level units in 2017 (domain.md), and older names still seen.
_ZHEJIANG_CITIES = (  # noqa: SIM905 (the cities with districts, which make 地方性法规)
    "杭州市 宁波市 温州市 嘉兴市 湖州市 绍兴市 金华市 衢州市 舟山市 台州市 丽水市"
).split()
_ZHEJIANG_PLACES = _ZHEJIANG_CITIES + (  # noqa: SIM905
    " 上城区 下城区 江干区 拱墅区 西湖区 滨江区 萧山区 余杭区 富阳区 临安区 临安市"
    " 桐庐县 淳安县 建德市"
    " 海曙区 江北区 北仑区 镇海区 鄞州区 奉化区 奉化市 象山县 宁海县 余姚市 慈溪市"
    " 鹿城区 龙湾区 瓯海区 洞头区 永嘉县 平阳县 苍南县 文成县 泰顺县 瑞安市 乐清市"
    " 南湖区 秀洲区 嘉善县 海盐县 海宁市 平湖市 桐乡市 吴兴区 南浔区 德清县 长兴县 安吉县"
    " 越城区 柯桥区 上虞区 新昌县 诸暨市 嵊州市 婺城区 金东区 武义县 浦江县 磐安县 兰溪市 义乌市"
    " 东阳市 永康市 柯城区 衢江区 常山县 开化县 龙游县 江山市 定海区 普陀区 岱山县 嵊泗县"
    " 椒江区 黄岩区 路桥区 三门县 天台县 仙居县 温岭市 临海市 玉环市 玉环县"
    " 莲都区 青田县 缙云县 遂昌县 松阳县 云和县 庆元县 景宁畲族自治县 龙泉市"
).split()
_PLACE = re.compile(
    "^(?:"
    + "|".join(sorted(map(re.escape, _PROVINCES + _ZHEJIANG_PLACES), key=len, reverse=True))
    + r"|[\u4e00-\u9fa5]{2,3}省"
    + r"|[\u4e00-\u9fa5]{2,8}自治(?:区|州|县)"
    # 证券市场, 劳动力市场 are no cities
    + r"|(?!城市|都市|超市|门市)[\u4e00-\u9fa5]{2,3}市(?!场)"
    # 《省…条例》 is Zhejiang's (as the registry reads it); a city's short name leads a
    # city's instruments (杭州西湖风景名胜区保护管理条例)
    + r"|省(?![际部])(?=[\u4e00-\u9fa5]{2})|浙江(?!省)"
    + "|" + "|".join(c.removesuffix("市") for c in _ZHEJIANG_CITIES)
    + ")"
)
_TITLE_MARKS = re.compile("[《》〈〉]")
# Every mark a title may carry inside (《浙江省实施<中华人民共和国残疾人保障法>办法》, typed with
# ASCII angle brackets, guillemets or quotes for 〈〉): none is part of the name.
_ANY_TITLE_MARK = re.compile(f"[{re.escape(TITLE_AND_QUOTE_MARKS)}]")
_ISSUER_PART = re.compile(rf"[^令第{_NUM}]*")
# 实施…法办法: a law's name after 实施, before the ending (as 实施.+法(?:的)?(?:办法|规定|细则)$
# found it; that pattern, tried from each 实施, was quadratic in a title of many).
_A_LAWS_ENDING = re.compile("法(?:的)?(?:办法|规定|细则)$")
# Where a 人大常委会 makes 地方性法规: a province, or a city with districts (设区的市), not a
# county-level city (义乌市).
_LEGISLATING = re.compile(
    "^(?:"
    + "|".join(map(re.escape, _PROVINCES + _ZHEJIANG_CITIES))
    + r"|省|[\u4e00-\u9fa5]{2,3}省)"
)

_CACHE_LIMIT = 50_000  # titles kept per registry (below)


# --- public functions ----------------------------------------------------------------------


def normalise_doc_number(text: str) -> str:
    """Write a document number with 〔〕 round its year and no spaces: 浙政办发〔2017〕12号."""
    text = unicodedata.normalize("NFKC", text)
    text = _YEAR_BRACKETS.sub(r"〔\1〕", text)
    return _SPACES.sub("", text)


def has_article(text: str | None) -> bool:
    """True when the text names an article anywhere: 第十二条, 第12条, 第一百零三条."""
    if not text:
        return False
    text = unicodedata.normalize("NFKC", text)
    # (a list's 条 can only follow the whole list: a number or a mark follows a part of it)
    return _HAS_ANNEX_ITEM.search(text) is not None or any(
        _ARTICLE_AFTER_LIST.match(text, m.end()) for m in _ARTICLE_LIST.finditer(text)
    )


# How the titles of laws, regulations, rules and documents end (a form or a certificate
# in 《》, such as 《出生医学证明》 or 《最低生活保障申请审批表》, is none of them).
_INSTRUMENT_ENDINGS = (
    "法", "条例", "规定", "办法", "细则", "决定", "规则", "通知", "意见", "批复", "公告", "通告",
    "决议", "令", "通则", "总则",
)


def is_instrument(citation: Citation) -> bool:
    """Whether a title in 《》 names a legal instrument: a registry law, or a title that ends
    like one (…法, …条例, …办法, …通知); not a form or a certificate a material names."""
    return citation.law is not None or _bare_title(citation.title).endswith(_INSTRUMENT_ENDINGS)


# Titles that name no legal instrument whatever else they say: a list, a guide, a form
# (《浙江省行政权力清单》, 《办事指南》, 《户口迁移申请表》). (目录 may be one: 《政府核准的投资项目
# 目录》 is issued by the State Council.)
_NOT_INSTRUMENT_ENDINGS = (
    "清单", "指南", "须知", "手册", "表", "示范文本", "样本", "模板", "申请书", "承诺书",
)


def names_no_instrument(citation: Citation) -> bool:
    """A title in 《》 that is plainly no law or rule (a list, a guide, a form); a typo of
    one (《保安服务管理条理》) is not counted here, so that it can be looked up."""
    return citation.law is None and _title_names_no_instrument(citation.title)


@lru_cache(maxsize=4096)
def _title_names_no_instrument(title: str) -> bool:
    return _bare_title(title).endswith(_NOT_INSTRUMENT_ENDINGS)


def classify(title: str, marker: str | None = None) -> Level:
    """The level of an instrument not in the registry: its marker first (a title that is a
    marker, 《国务院令第412号》, is its own), then its title."""
    name = _bare_title(title)
    if not marker and (_ORDER.fullmatch(name) or _DOC_NUMBER.fullmatch(normalise_doc_number(name))):
        marker = name
    if marker:
        level = _level_from_marker(normalise_doc_number(marker), name)
        if level is not None:
            return level
    return _level_from_title(name)


def parse_citations(text: str | None, registry: Registry) -> tuple[Citation, ...]:
    """Every instrument cited in 《》 in the text, in order, resolved against the registry.

    Not cached here: the rules' context keeps the parsed texts of a submission."""
    if not text:
        return ()
    return tuple(_parse(text, registry))


def parse_marker(text: str | None, registry: Registry) -> Citation | None:
    """The instrument a text names by its marker alone, no 《》 (a 材料依据 of 浙政办发〔2016〕12号
    or 国务院令第412号), classified by it; None when the text has a 《 or names no marker."""
    if not text or "《" in text:
        return None
    marker = _find_marker(text, anchored=False)
    if marker is None:
        return None
    plain = normalise_doc_number(text)
    at = plain.find(marker)
    _, articles = _tail_facts(plain[at + len(marker) :] if at >= 0 else "")
    law = registry.law(marker)
    level = Level(law.level) if law is not None else classify(marker)
    return Citation(title=marker, articles=articles, doc_number=marker, level=level, law=law)


# A title written without 《》, then its article: 中华人民共和国建筑法第二十六条, 保安服务管理
# 条例第九条 (the registered tail of the words before 第: 根据建筑法 → 建筑法).
_UNMARKED = re.compile(r"([\u4e00-\u9fa5]{2,30}?(?:法|条例))(?=第)")
_MARKED = re.compile(r"《[^》]*》")


def parse_unmarked(text: str | None, registry: Registry) -> tuple[Citation, ...]:
    """The registered laws and regulations a text names without 《》, each before its article
    (保安服务管理条例第九条); titles in 《》 are left to parse_citations."""
    if not text:
        return ()
    found: list[Citation] = []
    for candidate in _UNMARKED.findall(_MARKED.sub("|", text)):
        for k in range(len(candidate) - 1):
            law = registry.law(candidate[k:])
            if law is not None:
                found.append(Citation(title=law.title, articles=(), doc_number=None,
                                      level=Level(law.level), law=law))
                break
    return tuple(found)


# --- internals ------------------------------------------------------------------------------


# Other marks written round a title where no 《》 is used at all: 〈…〉, <<…>>, <…>, the single
# and double guillemets.
_OTHER_MARKS = re.compile(
    r"(?:〈|<<|<|\u2039|«)([^<>〈〉\u2039\u203a«»《》,;:。]{2,60}?)(?:〉|>>|>|\u203a|»)"
)


def _as_title(m: re.Match[str]) -> str:
    """《…》 for a title in other marks that ends like an instrument (not <br>, <详见附件>)."""
    inner = m[1]
    return f"《{inner}》" if _bare_title(inner).endswith(_INSTRUMENT_ENDINGS) else m[0]


def _parse(text: str, registry: Registry) -> list[Citation]:
    text = unicodedata.normalize("NFKC", text)
    if "《" not in text and _OTHER_MARKS.search(text):
        text = _OTHER_MARKS.sub(_as_title, text)
    spans = _title_spans(text)
    titles = _TITLES.get(registry)
    if titles is None:
        titles = _TITLES.setdefault(registry, {})
    citations = []
    for i, (start, end) in enumerate(spans):
        written = text[start + 1 : end - 1]
        known = titles.get(written, _MISSING)
        if known is _MISSING:
            known = _title_facts(written, registry)
            if len(titles) >= _CACHE_LIMIT:
                titles.clear()
            titles[written] = known
        tail_end = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        marker, articles = _tail_facts(text[end:tail_end])
        if known is None:  # an empty or vague title …
            if marker is not None:  # … named by its marker: 《国务院决定》（国务院令第412号）
                law = registry.law(marker)
                level = Level(law.level) if law is not None else classify(marker)
                citations.append(Citation(title=marker, articles=articles, doc_number=marker,
                                          level=level, law=law))
            continue
        title, law, law_level = known
        level = law_level if law_level is not None else _classify(title, marker)
        citations.append(
            Citation(title=title, articles=articles, doc_number=marker, level=level, law=law)
        )
    return citations


# Per-registry facts of each title as written inside 《》 (titles repeat across segments).
_MISSING = object()
_TITLES: weakref.WeakKeyDictionary[
    Registry, dict[str, tuple[str, Law | None, Level | None] | None]
] = weakref.WeakKeyDictionary()


# A title in 《》 that names no instrument: 《有关规定》, 《相关法律法规》, 《国家有关规定》,
# 《上级文件》, 《省政府有关文件》 (rules.md: 根据有关规定 cites nothing, 《》 or not).
# A title of generic words only names no instrument either: 《法律法规》, 《条例》, 《法》,
# 《国务院决定》, 《省政府文件》, 《规范性文件》, a filler (《…》, 《XX》).
_GENERIC = (
    "地方性法规|行政法规|部门规章|政府规章|规范性文件|法律|法规|规章|规定|文件|政策|要求|精神"
    "|条例|办法|细则|决定|通知|意见|国务院令|令|法"
)
_VAGUE_TITLE = re.compile(
    r"(?:国家|省|省政府|省级|上级|各级|部|本部门)?(?:的)?(?:有关|相关|上级)(?:的)?"
    r"(?:(?:法律|法规|规章|规定|文件|政策|要求|精神)[、,和及与或/]?)+等?"
    r"|(?:国家|本省|省|省级|省政府|国务院|部门|上级)?(?:的)?"
    rf"(?:(?:{_GENERIC})[、,和及与或/]?)+等?"
    r"|[.…·xX×*]+"
)


def _title_facts(written: str, registry: Registry) -> tuple[str, Law | None, Level | None] | None:
    """(title, law, the law's level) of a title as written; None when it is empty or vague."""
    title = written.strip()
    if not _TITLE_MARKS.sub("", title).strip() or _VAGUE_TITLE.fullmatch(_bare_title(title)):
        return None
    law = registry.law(title)
    return title, law, (Level(law.level) if law is not None else None)


@lru_cache(maxsize=16384)
def _tail_facts(tail: str) -> tuple[str | None, tuple[str, ...]]:
    """The marker and the article references written after a title (cached: tails repeat)."""
    articles = tuple(_SPACES.sub("", m.group(0)) for m in _ARTICLE.finditer(tail))
    return _marker(tail), articles


@lru_cache(maxsize=16384)
def _classify(title: str, marker: str | None) -> Level:
    return classify(title, marker)


def _title_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost 《…》, end exclusive; inner 《》 or 〈〉 stay inside."""
    if "〈" not in text and text.count("《") == 1:
        # One 《 and no 〈: the first 》 after it closes it (a 》 before it is ignored).
        start = text.find("《")
        close = text.find("》", start)
        return [(start, close + 1)] if close >= 0 else []
    # From a 《, a scan counting 《〈 up and 》〉 down ends at the first mark that brings the
    # count below its value at the 《; a 《 with no such mark is stray and skipped. That mark
    # is found for every 《 at once, in one pass with a stack of the marks still open
    # (scanning afresh from each 《 was quadratic: 32,767 unclosed 《 took minutes).
    marks = [(m.start(), m.group() in "《〈") for m in _TITLE_MARKS.finditer(text)]
    closes = [-1] * len(marks)
    open_marks: list[tuple[int, int]] = []  # (index in marks, depth after it)
    depth = 0
    for i, (_, opens) in enumerate(marks):
        depth += 1 if opens else -1
        while open_marks and open_marks[-1][1] > depth:
            closes[open_marks.pop()[0]] = i
        if opens:
            open_marks.append((i, depth))
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, (start, _) in enumerate(marks):
        if start < pos or text[start] != "《" or closes[i] < 0:
            continue
        end = marks[closes[i]][0] + 1
        spans.append((start, end))
        pos = end
    return spans


def _marker(tail: str) -> str | None:
    """The promulgation marker or 文号 written right after a title, normalised; else one in
    brackets further on (《…》第十条（国务院令第333号）)."""
    head = normalise_doc_number(tail)
    if head.startswith("("):
        close = head.find(")")
        candidate = head[1:close] if close > 0 else head[1:]
        return _find_marker(candidate, anchored=False)
    found = _find_marker(head, anchored=True)
    if found is None:
        for bracket in _BRACKETED.findall(head):
            found = _find_marker(bracket, anchored=False)
            if found is not None:
                break
    return found


def _find_marker(text: str, *, anchored: bool) -> str | None:
    # A date before the marker is no part of its issuer: （1994年2月18日国务院令第147号发布）.
    text = _DATE_BEFORE.sub("", normalise_doc_number(text))
    for pattern in (_ORDER, _NOTICE, _DOC_NUMBER, _PASSED):
        match = pattern.match(text) if anchored else pattern.search(text)
        if match:
            return match.group(0)
    return None


def _bare_title(title: str) -> str:
    """A title for the heuristics: NFKC, no spaces, no trailing (2017年修订) or (试行)."""
    name = _SPACES.sub("", unicodedata.normalize("NFKC", title)).strip("《》")
    start = trailing_notes_start(name)
    # (a title of notes only keeps its first: (试行) alone is no title)
    return name[:start] if start else name[: name.find(")") + 1]


def _is_state_council_decision(name: str) -> bool:
    return name.startswith("国务院") and name.endswith("决定")


def _level_from_marker(marker: str, name: str) -> Level | None:
    if _ORDER.fullmatch(marker):
        # What comes before 令, 第 or the number: 国务院令第412号, 国务院第333号令, 国务院305号令
        issuer = _ISSUER_PART.match(marker)[0].removeprefix("中华人民共和国")  # type: ignore[index]
        if not issuer:
            # 88号令, 第149号令: no issuer, so the number says nothing of the level (the
            # State Council, ministries and governments all number their orders): the title
            # decides (《…条例》（149号令） is no ministry's rule)
            return None
        if issuer.endswith("主席"):
            return Level.LAW
        if issuer == "国务院":  # not 国务院国有资产监督管理委员会令: a ministry's rule
            if _is_state_council_decision(name):
                return Level.STATE_COUNCIL_DECISION
            return Level.ADMINISTRATIVE_REGULATION
        if issuer.endswith("人民政府") or issuer.endswith("政府"):
            return Level.LOCAL_GOVERNMENT_RULE
        return Level.DEPARTMENT_RULE
    if _NOTICE.fullmatch(marker):
        if "全国人民代表大会" in marker:
            return Level.LAW
        if "人民代表大会" in marker or "人大" in marker:
            return Level.LOCAL_REGULATION
        return None
    if _DOC_NUMBER.fullmatch(marker):
        if marker.startswith("国发") and _is_state_council_decision(name):
            return Level.STATE_COUNCIL_DECISION
        return Level.NORMATIVE_DOCUMENT
    if _PASSED.fullmatch(marker):
        if "全国人民代表大会" in marker:
            return Level.LAW
        # a province's or a city's congress (设区的市) makes 地方性法规; a county's does not
        return Level.LOCAL_REGULATION if _LEGISLATING.match(marker) else None
    return None


def _implements_a_law(plain: str) -> bool:
    """浙江省实施《中华人民共和国水法》办法 (marks gone): 实施, a law's name, then 办法, 规定 or
    细则 (at least one character between 实施 and that 法)."""
    at = plain.find("实施")
    ending = _A_LAWS_ENDING.search(plain, at + 3) if at >= 0 else None
    return ending is not None


# A department or an office of the government as the issuer right after the place: before
# 关于 (浙江省交通运输厅关于…的管理办法, 浙江省人民政府办公厅关于…的规定), or a registered
# department by its name (浙江省人力资源和社会保障厅…管理办法, 省建设厅…管理规定). Not a 委员会
# or a 局 that is the subject (浙江省村民委员会选举办法, 邮政局所设置规定), nor 委托.
_ISSUER_ABOUT = re.compile(r"[\u4e00-\u9fa5]{1,14}?(?:厅|局|委员会|委|办公室)关于")


# What a department's name is made of: the place, (人民政府,) what it governs, its kind.
_DEPARTMENT_PREFIX = re.compile(r"^(?:浙江省|省)(?:人民政府)?")
_DEPARTMENT_KIND = re.compile(r"(?:委员会办公室|委员会|办公室|厅|局|委|办)$")
# (not 委托, 办法, 办理, 局所: 浙江省人防办法 is no 人防办's, 邮政局所 are post offices)
_DEPARTMENT_KINDS = r"(?:委员会|委(?!托)|办公室|办(?![法理事])|厅|局(?!所))"
# A city's or a county's bureaus that no provincial department is named after.
_CITY_BUREAUS = ("城市管理", "城管", "规划", "市场监督管理", "市场监管", "房产管理",
                 "住房保障和房产管理", "综合行政执法", "行政执法")


@lru_cache(maxsize=1)
def _department_names() -> tuple[str, ...]:
    """The shipped departments' names and aliases (2017's bodies do not change)."""
    from catalog_check.registry import default_registry  # (registry imports this module)

    return tuple(n for d in default_registry().departments for n in (d.name, *d.aliases))


@lru_cache(maxsize=1)
def _department_named() -> re.Pattern[str]:
    """A shipped department by its name or alias (浙江省科学技术协会, 省建设厅), not the start
    of a word (浙江省人防办法 is no 省人防办's)."""
    names = sorted(map(re.escape, _department_names()), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(names)})(?![法理事所托])")


@lru_cache(maxsize=1)
def _department_after_place() -> re.Pattern[str]:
    """A department of any place right after the place's name: what the shipped departments
    govern (公安, 人力资源和社会保障, 人社, 发展改革) and a city's own bureaus, then a kind
    (杭州市公安局, 义乌市人社局, 江苏省交通运输厅, 杭州市城市管理局)."""
    stems = {
        _DEPARTMENT_KIND.sub("", _DEPARTMENT_PREFIX.sub("", n)) for n in _department_names()
    }
    stems.update(_CITY_BUREAUS)
    alternatives = "|".join(sorted((re.escape(s) for s in stems if len(s) >= 2),
                                   key=len, reverse=True))
    return re.compile(f"(?:人民政府)?(?:{alternatives}){_DEPARTMENT_KINDS}")


def _issued_by_a_department(plain: str, place_end: int) -> bool:
    return (_ISSUER_ABOUT.match(plain, place_end) is not None
            or _department_named().match(plain) is not None
            or _department_after_place().match(plain, place_end) is not None)


def _level_from_title(name: str) -> Level:
    plain = _ANY_TITLE_MARK.sub("", name)
    if _ORDER.fullmatch(plain):
        # 《88号令》: an order number with no issuer, which the registry could not tell
        # (registry.law): it shows no 法规, so it counts as a ministry's rule, which founds
        # neither a licence nor a certificate
        return Level.DEPARTMENT_RULE
    if plain.endswith(("通知", "意见", "批复", "函", "复函", "纪要", "公告", "通告")):
        return Level.NORMATIVE_DOCUMENT
    if plain.startswith(("全国人民代表大会", "全国人大")) and plain.endswith("决定"):
        return Level.LAW
    if (
        plain.endswith(("法实施细则", "法实施条例", "法实施办法"))
        and not plain.endswith(("办法实施细则", "办法实施条例", "办法实施办法"))
        and _PLACE.match(plain.removeprefix("中华人民共和国")) is None
    ):
        # The State Council implements a law (归侨侨眷权益保护法实施办法: 国务院令第410号)
        return Level.ADMINISTRATIVE_REGULATION
    # …法, and 民法通则, 民法总则 (企业财务通则 is a ministry's rule: below)
    if plain.endswith(("法通则", "法总则")) or (
        plain.endswith("法") and not plain.endswith("办法")
    ):
        return Level.LAW
    has_place = _PLACE.match(plain) is not None
    if plain.endswith("条例"):
        return Level.LOCAL_REGULATION if has_place else Level.ADMINISTRATIVE_REGULATION
    if _is_state_council_decision(plain):
        return Level.STATE_COUNCIL_DECISION
    if plain.endswith(("办法", "规定", "细则", "规则", "通则", "总则")):
        if has_place and _implements_a_law(plain):
            # 浙江省实施《中华人民共和国水法》办法: the people's congress implements a law.
            return Level.LOCAL_REGULATION
        if has_place and _issued_by_a_department(plain, _PLACE.match(plain).end()):
            # 浙江省交通运输厅关于…的管理办法, 省人力资源和社会保障厅…办法, 浙江省人民政府办公厅
            # 关于…的规定: a department or an office issues no 规章, only documents
            return Level.NORMATIVE_DOCUMENT
        if has_place and plain.endswith(("办法", "规定")):
            # rules.md: a place name + 办法/规定; 细则 and the rest with a place name are a
            # department's (浙江省建筑业企业资质管理实施细则: below)
            return Level.LOCAL_GOVERNMENT_RULE
        # Ministries never title a rule 国务院…; such a 规定/办法 is the State Council's own.
        if plain.startswith("国务院") and not plain.startswith("国务院办公厅"):
            return Level.ADMINISTRATIVE_REGULATION
        return Level.DEPARTMENT_RULE
    if (
        plain.endswith("决定")
        and ("人民代表大会" in plain or "人大常委会" in plain)
        and _LEGISLATING.match(plain)
    ):
        return Level.LOCAL_REGULATION  # a province's or a city's people's congress (全国: above)
    return Level.NORMATIVE_DOCUMENT
