"""Tests for citation parsing and legal-source levels (catalog_check.legal)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_check.legal import (
    Citation,
    Level,
    classify,
    has_article,
    is_instrument,
    normalise_doc_number,
    parse_citations,
)
from catalog_check.registry import Registry, load_registry

Row = tuple[str, tuple[str, ...], str | None, str, bool]


def _summary(citations: list[Citation]) -> list[Row]:
    return [
        (c.title, c.articles, c.doc_number, c.level.value, c.law is not None) for c in citations
    ]


# --- classification ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "marker", "expected"),
    [
        # A marker decides.
        ("中华人民共和国行政许可法", "主席令第7号", Level.LAW),
        ("中华人民共和国行政许可法", "2003年主席令第7号", Level.LAW),
        ("中华人民共和国道路运输条例", "国务院令第406号", Level.ADMINISTRATIVE_REGULATION),
        ("旅馆业治安管理办法", "中华人民共和国国务院令第588号", Level.ADMINISTRATIVE_REGULATION),
        ("外商投资电信企业管理规定", "国务院第333号令", Level.ADMINISTRATIVE_REGULATION),
        ("企业国有资产评估项目备案管理办法", "国务院国有资产监督管理委员会令第12号",
         Level.DEPARTMENT_RULE),
        ("浙江省某某管理办法", "浙江省人民政府第123号令", Level.LOCAL_GOVERNMENT_RULE),
        (
            "国务院对确需保留的行政审批项目设定行政许可的决定",
            "国务院令第412号",
            Level.STATE_COUNCIL_DECISION,
        ),
        # The number is illustrative: what is tested is that the 公告 outranks the title's 规定.
        (
            "浙江省保障“最多跑一次”改革规定",
            "浙江省人民代表大会常务委员会公告第10号",
            Level.LOCAL_REGULATION,
        ),
        ("建筑业企业资质管理规定", "住房和城乡建设部令第22号", Level.DEPARTMENT_RULE),
        ("道路旅客运输及客运站管理规定", "交通部令2005年第10号", Level.DEPARTMENT_RULE),
        ("危险化学品经营许可证管理办法", "国家安全生产监督管理总局令第55号", Level.DEPARTMENT_RULE),
        # Illustrative number again: a 省人民政府令 makes a 地方政府规章 whatever the title.
        ("浙江省行政许可监督检查办法", "浙江省人民政府令第200号", Level.LOCAL_GOVERNMENT_RULE),
        (
            "国务院办公厅关于简化优化公共服务流程方便基层群众办事创业的通知",
            "国办发〔2015〕86号",
            Level.NORMATIVE_DOCUMENT,
        ),
        (
            "关于企业实行不定时工作制和综合计算工时工作制的审批办法",
            "劳部发〔1994〕503号",
            Level.NORMATIVE_DOCUMENT,
        ),
        ("某某事项办理规定", "浙政办发(2017)12号", Level.NORMATIVE_DOCUMENT),
        (
            "国务院关于取消非行政许可审批事项的决定",
            "国发〔2015〕27号",
            Level.STATE_COUNCIL_DECISION,
        ),
        # Without a marker, the title decides.
        ("中华人民共和国行政许可法", None, Level.LAW),
        ("行政许可法", None, Level.LAW),
        ("中华人民共和国食品安全法（2015年修订）", None, Level.LAW),
        ("全国人民代表大会常务委员会关于司法鉴定管理问题的决定", None, Level.LAW),
        ("浙江省安全生产条例", None, Level.LOCAL_REGULATION),
        ("宁波市河道管理条例", None, Level.LOCAL_REGULATION),
        ("上海市安全生产条例", None, Level.LOCAL_REGULATION),
        ("城市供水条例", None, Level.ADMINISTRATIVE_REGULATION),
        ("景宁畲族自治县自治条例", None, Level.LOCAL_REGULATION),
        ("危险化学品安全管理条例", None, Level.ADMINISTRATIVE_REGULATION),
        ("中华人民共和国道路运输条例", None, Level.ADMINISTRATIVE_REGULATION),
        ("城市市容和环境卫生管理条例", None, Level.ADMINISTRATIVE_REGULATION),
        ("国务院关于第六批取消和调整行政审批项目的决定", None, Level.STATE_COUNCIL_DECISION),
        ("浙江省行政许可监督检查办法", None, Level.LOCAL_GOVERNMENT_RULE),
        ("浙江省实施《中华人民共和国道路交通安全法》办法", None, Level.LOCAL_REGULATION),
        # inner marks typed as ASCII angle brackets or guillemets (was a 地方政府规章)
        ("浙江省实施<中华人民共和国残疾人保障法>办法", None, Level.LOCAL_REGULATION),
        ("浙江省实施\u2039中华人民共和国残疾人保障法>办法", None, Level.LOCAL_REGULATION),
        ("建筑业企业资质管理规定", None, Level.DEPARTMENT_RULE),
        ("医疗机构管理条例实施细则", None, Level.DEPARTMENT_RULE),
        # rules.md: a place name + 办法/规定 is a 地方政府规章, 细则 otherwise a 部门规章
        ("浙江省建筑业企业资质管理实施细则", None, Level.DEPARTMENT_RULE),
        ("杭州市建筑垃圾管理规定", None, Level.LOCAL_GOVERNMENT_RULE),
        ("医疗机构制剂配制监督管理办法（试行）", None, Level.DEPARTMENT_RULE),
        ("国务院关于职工工作时间的规定", None, Level.ADMINISTRATIVE_REGULATION),
        (
            "浙江省人民政府关于印发加快推进“最多跑一次”改革实施方案的通知",
            None,
            Level.NORMATIVE_DOCUMENT,
        ),
        ("国务院办公厅关于加快推进“多证合一”改革的指导意见", None, Level.NORMATIVE_DOCUMENT),
        ("关于某某事项的批复", None, Level.NORMATIVE_DOCUMENT),
        ("关于某某事项的复函", None, Level.NORMATIVE_DOCUMENT),
        ("某某事项目录", None, Level.NORMATIVE_DOCUMENT),
        # a department or the government's office issues documents, not 规章 (were 地方政府规章)
        ("浙江省交通运输厅关于XX的管理办法", None, Level.NORMATIVE_DOCUMENT),
        ("浙江省人力资源和社会保障厅XX管理办法", None, Level.NORMATIVE_DOCUMENT),
        ("浙江省人民政府办公厅关于XX的规定", None, Level.NORMATIVE_DOCUMENT),
        ("省建设厅XX管理规定", None, Level.NORMATIVE_DOCUMENT),
        ("浙江省城镇布局规划管理办法", None, Level.LOCAL_GOVERNMENT_RULE),  # 布局: no 局
        ("浙江省行政许可委托实施办法", None, Level.LOCAL_GOVERNMENT_RULE),  # 委托: no 委
        ("浙江省村民委员会选举办法", None, Level.LOCAL_GOVERNMENT_RULE),  # the subject
        ("浙江省邮政局所设置规定", None, Level.LOCAL_GOVERNMENT_RULE),
        # a city's or a county's bureau, or another province's department, without 关于
        # (were 地方政府规章: only Zhejiang's provincial departments were known by name)
        ("杭州市城市管理局停车管理办法", None, Level.NORMATIVE_DOCUMENT),
        ("杭州市公安局XX管理规定", None, Level.NORMATIVE_DOCUMENT),
        ("义乌市人社局XX管理办法", None, Level.NORMATIVE_DOCUMENT),
        ("江苏省交通运输厅XX管理规定", None, Level.NORMATIVE_DOCUMENT),
        ("杭州市规划管理办法", None, Level.LOCAL_GOVERNMENT_RULE),  # 规划 is the subject
        ("浙江省人防办法", None, Level.LOCAL_GOVERNMENT_RULE),  # no 省人防办's 法
        # A marker that is no marker (a version) leaves the title to decide.
        ("浙江省消防条例", "2010年修订", Level.LOCAL_REGULATION),
        ("浙江省实施〈工伤保险条例〉办法", None, Level.LOCAL_GOVERNMENT_RULE),
    ],
    ids=[
        "marker-president-order",
        "marker-president-order-with-year",
        "marker-state-council-order",
        "marker-state-council-order-prc-prefix",
        "marker-state-council-order-number-first",
        "marker-provincial-government-order-number-first",
        "marker-state-council-agency-order",
        "marker-state-council-order-decision-title",
        "marker-provincial-npc-notice",
        "marker-ministry-order",
        "marker-ministry-order-year-style",
        "marker-bureau-order",
        "marker-provincial-government-order",
        "marker-doc-number-notice",
        "marker-doc-number-measures",
        "marker-doc-number-round-brackets",
        "marker-guofa-decision",
        "title-prc-law",
        "title-short-law",
        "title-law-with-version",
        "title-npc-decision",
        "title-zhejiang-regulation",
        "title-city-regulation",
        "title-other-province-regulation",
        "title-city-word-no-place",
        "title-autonomous-county",
        "title-regulation-no-place",
        "title-prc-regulation",
        "title-chengshi-is-no-place",
        "title-state-council-decision",
        "title-zhejiang-measures",
        "title-nested-marks-measures",
        "title-nested-ascii-marks-measures",
        "title-nested-guillemet-marks-measures",
        "title-ministry-provisions",
        "title-detailed-rules",
        "title-place-and-detailed-rules",
        "title-city-provisions",
        "title-trial-measures",
        "title-state-council-provisions",
        "title-notice-with-place",
        "title-opinion",
        "title-reply",
        "title-letter",
        "title-other",
        "department-measures",
        "department-measures-no-about",
        "government-office-provisions",
        "short-department-provisions",
        "layout-is-no-bureau",
        "entrusting-is-no-commission",
        "a-committee-as-the-subject",
        "post-offices-as-the-subject",
        "city-bureau-measures-no-about",
        "city-police-provisions",
        "county-bureau-short-name",
        "other-province-department",
        "city-planning-as-the-subject",
        "department-alias-is-no-prefix-of-a-word",
        "version-is-no-marker",
        "title-provincial-implementation-of-a-regulation",
    ],
)
def test_classify(title: str, marker: str | None, expected: Level) -> None:
    """Marker first, then the title's shape (rules.md, legal-source levels)."""
    assert classify(title, marker) is expected


def test_level_order() -> None:
    """Levels are listed and ranked from 法律 down to 规范性文件."""
    assert [level.value for level in Level] == [
        "法律",
        "行政法规",
        "国务院决定",
        "地方性法规",
        "部门规章",
        "地方政府规章",
        "规范性文件",
    ]
    assert [level.rank for level in Level] == list(range(7))


# --- document numbers and articles -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("浙政办发〔2017〕12号", "浙政办发〔2017〕12号"),
        ("浙政办发[2017]12号", "浙政办发〔2017〕12号"),
        ("浙政办发\uff3b2017\uff3d12号", "浙政办发〔2017〕12号"),
        ("浙政办发【2017】12号", "浙政办发〔2017〕12号"),
        ("浙政办发(2017)12号", "浙政办发〔2017〕12号"),
        ("浙政办发（2017）12号", "浙政办发〔2017〕12号"),
        ("浙人社发﹝2016﹞113号", "浙人社发〔2016〕113号"),
        ("国发 〔 2015 〕 27 号", "国发〔2015〕27号"),
        ("国务院令第412号", "国务院令第412号"),
    ],
    ids=[
        "tortoise-shell",
        "ascii-square",
        "fullwidth-square",
        "lenticular",
        "ascii-round",
        "fullwidth-round",
        "small-tortoise-shell",
        "spaces",
        "order-unchanged",
    ],
)
def test_normalise_doc_number(text: str, expected: str) -> None:
    """Every bracket variant seen in the wild becomes 〔〕."""
    assert normalise_doc_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《中华人民共和国行政许可法》第十二条", True),
        ("行政许可法第12条", True),
        ("第一百零三条", True),
        ("第１２条", True),
        ("第 十二 条", True),
        ("根据《中华人民共和国行政许可法》有关规定", False),
        ("第三款", False),
        ("", False),
        (None, False),
        ("《保安服务管理条例》第十二、十三条", True),
        ("《保安服务管理条例》第12-15条", True),
        ("《保安服务管理条例》第十二至十五条", True),
        ("《国务院对确需保留的行政审批项目设定行政许可的决定》附件第39项", True),
        ("《国务院对确需保留的行政审批项目设定行政许可的决定》第39项", True),
        ("《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）第39项", True),
        ("《中华人民共和国行政许可法》第（三）项", False),
        ("《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）附件：第39项",
         True),
        ("《国务院对确需保留的行政审批项目设定行政许可的决定》附件序号39", True),
        ("《国务院令第412号》第39项", True),
        ("《国务院对确需保留的行政审批项目设定行政许可的决定》附件2之第12项", True),
        ("《保安服务管理条例》附件", False),
    ],
    ids=[
        "chinese-numerals",
        "arabic-numerals",
        "hundreds",
        "fullwidth-digits",
        "spaced",
        "no-article",
        "paragraph-only",
        "empty",
        "none",
        "list",
        "range",
        "range-in-words",
        "annex-item",
        "decision-item",
        "decision-item-after-its-marker",
        "item-without-article",
        "annex-colon-item",
        "annex-serial-number",
        "order-as-title-item",
        "annex-of-annex-item",
        "annex-alone",
    ],
)
def test_has_article(text: str | None, expected: bool) -> None:
    """An article is 第X条 in Arabic or Chinese numerals, anywhere in the text."""
    assert has_article(text) is expected


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "《中华人民共和国行政许可法》第十二条第（三）项",
            [("中华人民共和国行政许可法", ("第十二条第(三)项",), None, "法律", True)],
        ),
        (
            "《行政许可法》第12条、第十四条第二款",
            [("行政许可法", ("第12条", "第十四条第二款"), None, "法律", True)],
        ),
        (
            "《中华人民共和国道路运输条例》第十条；《道路旅客运输及客运站管理规定》第十二条第一款第（一）项",
            [
                ("中华人民共和国道路运输条例", ("第十条",), None, "行政法规", True),
                (
                    "道路旅客运输及客运站管理规定",
                    ("第十二条第一款第(一)项",),
                    None,
                    "部门规章",
                    True,
                ),
            ],
        ),
        (
            "《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）附件第93项",
            [
                (
                    "国务院对确需保留的行政审批项目设定行政许可的决定",
                    (),
                    "国务院令第412号",
                    "国务院决定",
                    True,
                )
            ],
        ),
        (
            "《浙江省实施《中华人民共和国道路交通安全法》办法》第二十条",
            [
                (
                    "浙江省实施《中华人民共和国道路交通安全法》办法",
                    ("第二十条",),
                    None,
                    "地方性法规",
                    True,
                )
            ],
        ),
        (
            "《浙江省实施〈中华人民共和国道路交通安全法〉办法》第二十条",
            [
                (
                    "浙江省实施〈中华人民共和国道路交通安全法〉办法",
                    ("第二十条",),
                    None,
                    "地方性法规",
                    True,
                )
            ],
        ),
        (
            "《某某事项管理办法》（浙政办发(2017)12号）第三条",
            [("某某事项管理办法", ("第三条",), "浙政办发〔2017〕12号", "规范性文件", False)],
        ),
        (
            "《某某管理办法》（交通运输部令2016年第62号）",
            [("某某管理办法", (), "交通运输部令2016年第62号", "部门规章", False)],
        ),
        (
            "《中华人民共和国食品安全法》（2015年修订）第三十五条",
            [("中华人民共和国食品安全法", ("第三十五条",), None, "法律", True)],
        ),
        (
            "《中华人民共和国食品安全法（2015年修订）》第三十五条",
            [("中华人民共和国食品安全法(2015年修订)", ("第三十五条",), None, "法律", True)],
        ),
        (
            "根据《浙江省某某条例》和《浙江省实施《某某法》办法",
            [
                ("浙江省某某条例", (), None, "地方性法规", False),
                ("某某法", (), None, "法律", False),
            ],
        ),
        ("《 》、《》第三条", []),
        ("根据有关规定", []),
        ("行政许可法第十二条", []),
        (None, []),
    ],
    ids=[
        "article-item",
        "short-name-two-articles",
        "two-citations-own-articles",
        "state-council-order-marker",
        "nested-book-marks",
        "nested-angle-marks",
        "unknown-title-doc-number",
        "unknown-title-ministry-order",
        "version-after-title",
        "version-inside-title",
        "unbalanced-marks",
        "empty-titles",
        "no-citation",
        "no-book-marks",
        "none",
    ],
)
def test_parse_citations(
    registry: Registry,
    text: str | None,
    expected: list[Row],
) -> None:
    """Titles in 《》 (nested or not) with their articles, marker, level and registry entry."""
    assert _summary(parse_citations(text, registry)) == expected


def test_registry_level_wins_over_marker(registry: Registry) -> None:
    """A registered instrument keeps its registry level whatever marker is written."""
    (citation,) = parse_citations("《中华人民共和国行政许可法》（国办发〔2015〕86号）", registry)
    assert citation.doc_number == "国办发〔2015〕86号"
    assert citation.level is Level.LAW
    assert citation.law is registry.law("行政许可法")


def test_parse_uses_the_given_registry(tmp_path: Path) -> None:
    """Resolution follows the registry passed in, not the shipped one."""
    laws = tmp_path / "laws.csv"
    laws.write_text("名称,简称,层级,文号\n某某事项管理办法,,地方政府规章,\n", encoding="utf-8")
    custom = load_registry(laws=laws)
    text = "《某某事项管理办法》第三条；《行政许可法》第十二条"
    assert _summary(parse_citations(text, custom)) == [
        ("某某事项管理办法", ("第三条",), None, "地方政府规章", True),
        ("行政许可法", ("第十二条",), None, "法律", False),
    ]


@pytest.mark.parametrize(
    ("text", "instrument"),
    [
        ("《行政许可法》", True),  # in the registry
        ("《某某省某某管理办法》", True),
        ("《关于做好某某工作的通知》", True),
        ("《某某条例（2017年修订）》", True),
        ("《出生医学证明》", False),
        ("《浙江省最低生活保障申请审批表》", False),
        ("《营业执照》", False),
    ],
)
def test_is_instrument(registry: Registry, text: str, instrument: bool) -> None:
    """A title in 《》 names an instrument, or a form or certificate a material names."""
    (citation,) = parse_citations(text, registry)
    assert is_instrument(citation) is instrument


def test_a_date_before_a_marker_is_not_its_issuer(registry: Registry) -> None:
    """（1994年2月18日国务院令第147号发布，2011年1月8日国务院令第588号修订）: the State
    Council's order, so a 行政法规, not a ministry's rule issued by "日国务院"."""
    (citation,) = parse_citations(
        "《某某安全保护条例》（1994年2月18日国务院令第147号发布，"
        "2011年1月8日国务院令第588号修订）第十六条",
        registry,
    )
    assert citation.doc_number == "国务院令第147号"
    assert citation.level is Level.ADMINISTRATIVE_REGULATION


def test_a_marker_after_the_article_or_after_a_chinese_date(registry: Registry) -> None:
    for text in ("《某某管理规定》第十条（国务院令第333号）",
                 "《某某管理规定》（二〇〇一年十二月十一日国务院令第333号）第十条"):
        (citation,) = parse_citations(text, registry)
        assert (citation.doc_number, citation.level) == (
            "国务院令第333号", Level.ADMINISTRATIVE_REGULATION
        ), text


def test_npc_standing_committee_decision_by_its_short_name() -> None:
    assert classify("全国人大常委会关于某某问题的决定") is Level.LAW


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("根据《有关规定》", []),
        ("《有关法律、法规》第十条", []),
        ("《国家有关规定》、《上级文件》、《省政府有关文件》", []),
        ("《相关法律法规》及《保安服务管理条例》第八条", ["保安服务管理条例"]),
        ("《关于有关规定的通知》", ["关于有关规定的通知"]),
        # generic words only, a filler (were read as an unknown law at the level of 法 …)
        ("《法律法规》第三条、《条例》、《法》、《国务院决定》", []),
        ("《规范性文件》、《省政府文件》", []),
        ("《…》第三条、《XX》", []),
        ("《国务院令》第五条", []),
        # … unless its order number names the instrument (was basis-no-citation)
        ("《国务院决定》（国务院令第412号）第39项", ["国务院令第412号"]),
        ("《决定》第39项（国务院令第412号）", ["国务院令第412号"]),
    ],
    ids=["some-provisions", "laws-and-regulations", "three-vague", "vague-and-real", "a-notice",
         "generic-words", "generic-documents", "filler", "order-without-number",
         "generic-with-order-number", "generic-order-number-after-item"],
)
def test_vague_titles_in_marks_cite_nothing(
    registry: Registry, text: str, titles: list[str]
) -> None:
    """《有关规定》 is 根据有关规定 with marks round it: no instrument (rules.md,
    basis-no-citation)."""
    assert [c.title for c in parse_citations(text, registry)] == titles


@pytest.mark.parametrize(
    ("text", "level", "known"),
    [
        ("《国务院令第412号》第39项", Level.STATE_COUNCIL_DECISION, True),
        ("《国务院412号令》附件第39项", Level.STATE_COUNCIL_DECISION, True),
        ("《412号令》附件第39项", Level.STATE_COUNCIL_DECISION, True),  # as the lists write it
        ("《第412号令》附件第39项", Level.STATE_COUNCIL_DECISION, True),
        ("《国务院第999号令》", Level.ADMINISTRATIVE_REGULATION, False),
        ("《浙江省人大常委会关于保障和促进“最多跑一次”改革的决定》第三条", Level.LOCAL_REGULATION,
         False),
        ("《中华人民共和国外资企业法实施细则》第七条", Level.ADMINISTRATIVE_REGULATION, False),
    ],
    ids=["order-number-as-title", "order-number-other-form", "bare-order-number",
         "bare-order-number-with-di", "unknown-order", "provincial-npc-sc",
         "prc-implementing-rules"],
)
def test_orders_as_titles_and_more_levels(
    registry: Registry, text: str, level: Level, known: bool
) -> None:
    """An order number written as the title is that order (国务院令第412号 is the 412 decision);
    a provincial 人大常委会 decision is a 地方性法规; 中华人民共和国…法实施细则 a 行政法规."""
    (citation,) = parse_citations(text, registry)
    assert citation.level is level
    assert (citation.law is not None) is known
    if known:
        assert citation.law is not None
        assert citation.law.title == "国务院对确需保留的行政审批项目设定行政许可的决定"


@pytest.mark.parametrize(
    "text",
    ["〈中华人民共和国行政许可法〉第十二条", "<<行政许可法>>第十二条",
     "<\u2039中华人民共和国行政许可法>>第十二条"],
    ids=["single-angle", "ascii-double", "mixed"],
)
def test_other_title_marks_cite_when_no_book_marks_are_used(registry: Registry, text: str) -> None:
    """A title between 〈〉 or << >> (no 《》 anywhere) is cited all the same."""
    (citation,) = parse_citations(text, registry)
    assert citation.law is not None
    assert citation.law.title == "中华人民共和国行政许可法"
    assert citation.articles == ("第十二条",)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("《城市房屋拆迁管理条例》（国务院305号令）第十条", Level.ADMINISTRATIVE_REGULATION),
        ("《某某管理规定》（省政府334号令）第五条", Level.LOCAL_GOVERNMENT_RULE),
        ("《义乌市人大常委会关于推进国际贸易综合改革的决定》第三条", Level.NORMATIVE_DOCUMENT),
        ("《杭州市人大常委会关于某某的决定》第三条", Level.LOCAL_REGULATION),
        ("《中华人民共和国进口计量器具监督管理办法实施细则》第五条", Level.DEPARTMENT_RULE),
        ("《专利法实施细则》第五条", Level.ADMINISTRATIVE_REGULATION),
        ("《某某条例》（国务院三〇五号令）第十条", Level.ADMINISTRATIVE_REGULATION),
        ("《义乌市人民代表大会常务委员会关于推进国际贸易综合改革的决定》",
         Level.NORMATIVE_DOCUMENT),
        # passed by a congress, as such laws are cited: the passing names the level
        ("《浙江省流动人口服务管理若干规定》（2016年9月30日浙江省第十二届人民代表大会常务委员会"
         "第三十三次会议通过）第十条", Level.LOCAL_REGULATION),
        ("《某某法》（2015年4月24日第十二届全国人民代表大会常务委员会第十四次会议修正）第五条",
         Level.LAW),
        ("《义乌市某某规定》（义乌市人民代表大会常务委员会通过）第三条",
         Level.LOCAL_GOVERNMENT_RULE),
    ],
    ids=["order-without-di", "provincial-order-without-di", "county-level-npc-sc",
         "city-npc-sc", "ministry-measures-rules", "law-implementing-rules",
         "order-in-chinese-numerals", "county-level-npc-sc-in-full",
         "passed-by-the-provincial-congress", "passed-by-the-npc",
         "passed-by-a-county-level-congress"],
)
def test_levels_of_orders_without_di_and_of_decisions_by_place(
    registry: Registry, text: str, level: Level
) -> None:
    """国务院305号令 is the State Council's (the issuer stops at the number); only a province's
    or a city's 人大常委会 makes 地方性法规 (not 义乌市, a county-level city); …办法实施细则 is
    a ministry's rule, …法实施细则 the State Council's."""
    (citation,) = parse_citations(text, registry)
    assert citation.level is level


@pytest.mark.parametrize(
    "text",
    ["根据有关规定<br>按上级要求执行", "根据有关规定\u2039详见附件>",
     "家庭人均收入<当地最低生活保障标准的，按有关规定>"],
    ids=["html-break", "pointer", "less-than"],
)
def test_angle_brackets_that_hold_no_title_cite_nothing(registry: Registry, text: str) -> None:
    assert parse_citations(text, registry) == ()


@pytest.mark.parametrize(
    ("title", "marker", "expected"),
    [
        ("中华人民共和国民法通则", None, Level.LAW),
        ("民法总则", None, Level.LAW),
        ("企业财务通则", None, Level.DEPARTMENT_RULE),
        ("中华人民共和国归侨侨眷权益保护法实施办法", None, Level.ADMINISTRATIVE_REGULATION),
        ("浙江省实施《中华人民共和国归侨侨眷权益保护法》办法", None, Level.LOCAL_REGULATION),
        ("省电力设施保护条例", None, Level.LOCAL_REGULATION),
        ("杭州西湖风景名胜区保护管理条例", None, Level.LOCAL_REGULATION),
        ("劳动力市场管理规定", None, Level.DEPARTMENT_RULE),
        ("证券市场禁入规定", None, Level.DEPARTMENT_RULE),
        ("省际道路旅客运输管理办法", None, Level.DEPARTMENT_RULE),
        ("非金融机构支付服务管理办法", "中国人民银行令〔2010〕第2号", Level.DEPARTMENT_RULE),
    ],
    ids=["general-principles", "general-provisions-short", "ministry-general-rules",
         "law-implementing-measures", "provincial-implementing-measures", "province-short",
         "city-short-name", "market-is-no-city", "securities-market-is-no-city", "interprovincial",
         "order-year-in-brackets"],
)
def test_classify_red_team_titles(title: str, marker: str | None, expected: Level) -> None:
    """Titles a registry audit found misread: 通则/总则 laws, a law's 实施办法 (the State
    Council's), 省…/杭州… local instruments, …市场… that names no city, 令〔2010〕第2号."""
    assert classify(title, marker) is expected


def test_a_long_run_of_numerals_does_not_backtrack() -> None:
    """A cell of 20,000 一 in brackets after a title: the order-number pattern gives up at once
    (before the fix 5,000 characters took 6 s, and the time grew with the square)."""
    from guards import no_hang

    from catalog_check.registry import default_registry

    with no_hang():
        found = parse_citations("《某某条例》（" + "一" * 20000 + "）", default_registry())
    assert [c.title for c in found] == ["某某条例"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("《外国人在中华人民共和国收养子女登记办法》第四条",
         "外国人在中华人民共和国收养子女登记办法"),
        ("《国务院关于工人退休、退职的暂行办法》（国发〔1978〕104号）第一条第（二）项",
         "国务院关于工人退休、退职的暂行办法"),
        ("《关于工人退休、退职的暂行办法》第一条", "国务院关于工人退休、退职的暂行办法"),
    ],
    ids=["adoption-by-foreigners", "workers-retirement-with-its-number",
         "workers-retirement-short"],
)
def test_state_council_measures_a_title_or_number_would_misread(
    registry: Registry, text: str, title: str
) -> None:
    """Two 行政法规 whose title or number reads lower: 外国人在中华人民共和国收养子女登记办法 was
    approved by the State Council and issued by 民政部令第15号 (1999), a 办法 read alone as a
    部门规章; 国务院关于工人退休、退职的暂行办法 (approved by the NPC Standing Committee, issued
    by the State Council as 国发〔1978〕104号) has a 文号 read alone as a 规范性文件."""
    (citation,) = parse_citations(text, registry)
    assert citation.law is not None
    assert citation.law.title == title
    assert citation.level is Level.ADMINISTRATIVE_REGULATION


@pytest.mark.parametrize(
    ("text", "title"),
    [("《86号令》第三条", "中华人民共和国防汛条例"),
     ("《38号令》", "中华人民共和国渔港水域交通安全管理条例"),
     ("《93号令》第五条", "中国公民往来台湾地区管理办法")],
    ids=["86", "38", "93"],
)
def test_a_presidential_order_of_the_same_number_does_not_hide_the_state_councils(
    registry: Registry, text: str, title: str
) -> None:
    """主席令 numbers name no law by themselves (they restart with every NPC term, and laws are
    cited by title): 《86号令》 is still 国务院令第86号 though 公路法 was 主席令第86号."""
    (citation,) = parse_citations(text, registry)
    assert citation.law is not None
    assert citation.law.title == title
    assert citation.level is Level.ADMINISTRATIVE_REGULATION


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("《149号令》第五条", Level.DEPARTMENT_RULE),
        ("《第149号令》第五条", Level.DEPARTMENT_RULE),
        ("《88号令》第二条", Level.DEPARTMENT_RULE),
    ],
    ids=["number-two-issuers-hold", "number-with-di", "number-no-state-council-order"],
)
def test_an_order_number_without_its_issuer_names_no_regulation(
    registry: Registry, text: str, level: Level
) -> None:
    """《149号令》 is 国务院令第149号 (医疗机构管理条例) to a health department and 建设部令第149号
    (工程造价咨询企业管理办法) to a construction one: with two such orders registered, the
    number alone names neither, and it shows no 法规 (a 部门规章 must not pass as a 行政法规);
    basis-unknown-law asks for the title. 《412号令》, which only the State Council's order
    holds, still names it (test_orders_as_titles_and_more_levels)."""
    (citation,) = parse_citations(text, registry)
    assert citation.law is None
    assert citation.level is level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("《某某管理条例》（149号令）第十条", Level.ADMINISTRATIVE_REGULATION),
        ("《国务院关于某某事项的决定》（88号令）第三项", Level.STATE_COUNCIL_DECISION),
        ("《某某登记管理办法》（88号令）第五条", Level.DEPARTMENT_RULE),
        ("《浙江省某某管理办法》（第88号令）第五条", Level.LOCAL_GOVERNMENT_RULE),
    ],
    ids=["regulation", "state-council-decision", "ministry-measures", "provincial-measures"],
)
def test_an_order_number_without_its_issuer_leaves_the_level_to_the_title(
    registry: Registry, text: str, level: Level
) -> None:
    """A marker with no issuer (（149号令）) does not say whose order it is: the title decides, so
    a 条例 is no ministry's rule and a 国务院…决定 stays the State Council's."""
    (citation,) = parse_citations(text, registry)
    assert citation.level is level


@pytest.mark.parametrize("unit", ["《", "《x", "〈《", "《》《", "《〈"])
def test_a_cell_of_unclosed_book_marks_is_read_in_one_pass(registry: Registry, unit: str) -> None:
    """A full cell (32,767 characters) of unclosed 《: each 《 was scanned to the end of the
    text for its 》 (3,000 took 0.7 s, a full cell over a minute); one pass finds them all."""
    from guards import no_hang

    text = unit * (32_767 // len(unit))
    with no_hang():
        found = parse_citations(text, registry)
    assert all(c.title for c in found)


def test_articles_are_found_at_once_in_full_cells(registry: Registry) -> None:
    """Full 设定依据 cells that make the article patterns read long runs again and again: 附件
    and spaces (split n**4 ways: 400 spaces took 7.5 s), a list of numbers after 第 without 条
    (read again from each 第: 5.6 s), spaces after 第一条 or 决定》 (split n² ways: 10 s and
    0.9 s). Each is judged in milliseconds, as before."""
    from guards import no_hang

    spaces = " " * 32_000
    with no_hang():
        assert has_article("附件" + spaces) is False
        assert has_article("附件" + spaces + "第39项") is True
        assert has_article("第一、" * 10_900) is False
        assert has_article("第一、" * 10_900 + "第二条") is True
        assert has_article("决定》" + spaces + "x") is False
        assert has_article("号》" + spaces + "第39项") is True
        (c,) = parse_citations("《保安服务管理条例》第一条" + spaces + "x", registry)
        (d,) = parse_citations("《保安服务管理条例》第八条" + spaces + "第三项", registry)
    assert c.articles == ("第一条",)
    assert d.articles == ("第八条第三项",)


def test_a_title_ending_in_many_brackets_is_read_at_once(registry: Registry) -> None:
    """《…()()()…》: the notes at the end of a title, (试行), (2017年修订), were taken off one
    by one, each found by a search of the whole title (4 s a full cell, for every such cell)."""
    from guards import no_hang

    with no_hang():
        for k in range(5):  # five such cells
            (c,) = parse_citations(f"《某某{k}条例" + "()" * 16_000 + "》", registry)
            assert c.level is Level.ADMINISTRATIVE_REGULATION
    assert classify("(试行)(2017年修订)") is classify("(试行)")


def test_a_long_title_of_many_implementations_is_classified_at_once() -> None:
    """A title of many 实施 and no law's name before 办法: the pattern for 实施…法办法 was tried
    from each 实施 to the end (0.16 s a full cell, for each such title of a workbook)."""
    from guards import no_hang

    with no_hang():
        for k in range(80):  # eighty such titles
            title = f"浙江省{k}" + "实施" * 16_000
            assert classify(title + "办法") is Level.LOCAL_GOVERNMENT_RULE
            assert classify(title + "水法办法") is Level.LOCAL_REGULATION


def test_a_title_without_marks_is_found_at_once(registry: Registry) -> None:
    """parse_unmarked (a registered title before 第, no 《》) reads a 30,000-character cell at
    once, and finds the title within the words before it."""
    from guards import no_hang

    from catalog_check.legal import parse_unmarked

    with no_hang():
        assert parse_unmarked("条" * 30000, registry) == ()
        assert parse_unmarked("法第" * 15000, registry) == ()
        assert parse_unmarked("《" + "法第" * 15000, registry) == ()
    found = parse_unmarked("依据中华人民共和国户口登记条例第三条", registry)
    assert [(c.title, str(c.level)) for c in found] == [("中华人民共和国户口登记条例", "法律")]
