"""Tests for the shipped registries and their loader (catalog_check.registry)."""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from catalog_check.legal import Level
from catalog_check.registry import (
    AuditGroup,
    Registry,
    RegistryError,
    default_registry,
    law_key,
    load_registry,
)
from catalog_check.text import name_key

EMAIL = re.compile(r"^[a-z0-9]+@example\.gov\.cn$")


def _shipped_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("catalog_check").joinpath("data", name).read_text("utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


# --- departments -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("省建设厅", "浙江省住房和城乡建设厅"),
        ("省住建厅", "浙江省住房和城乡建设厅"),
        ("浙江省建设厅", "浙江省住房和城乡建设厅"),
        ("浙江省住房和城乡建设厅", "浙江省住房和城乡建设厅"),
        ("省公安厅", "浙江省公安厅"),
        ("公安厅", "浙江省公安厅"),
        (" 浙江省 公安厅\u3000", "浙江省公安厅"),
        ("浙江省公安厅（本级）", "浙江省公安厅"),
        ("省公安厅本级", "浙江省公安厅"),
        ("省人力社保厅", "浙江省人力资源和社会保障厅"),
        ("人力资源和社会保障厅", "浙江省人力资源和社会保障厅"),
        ("省卫生计生委", "浙江省卫生和计划生育委员会"),
        ("省食品药品监管局", "浙江省食品药品监督管理局"),
        ("省国税局", "浙江省国家税务局"),
        ("浙江银监局", "中国银行业监督管理委员会浙江监管局"),
        ("杭州海关", "杭州海关"),
        ("省直住房公积金管理中心", "浙江省省直住房公积金管理中心"),
        ("省公安厅出入境管理局", "浙江省公安厅出入境管理局"),
        ("浙江省人力资源社会保障厅", "浙江省人力资源和社会保障厅"),
        ("省住房城乡建设厅", "浙江省住房和城乡建设厅"),
        ("浙江省公安厅（省级）", "浙江省公安厅"),
        ("浙江省公安厅（省本级）", "浙江省公安厅"),
        ("浙江省公安厅交通警察总队", "浙江省公安厅交通管理局"),
        ("浙江省新闻出版广电局（浙江省版权局）", "浙江省新闻出版广电局"),
        ("省水利厅（省水文局）", "浙江省水利厅"),  # a bureau it has not registered
        ("省公安厅（出入境管理局）", "浙江省公安厅出入境管理局"),
        ("省公安厅（省交警总队）", "浙江省公安厅交通管理局"),
        ("省公安厅（出入境局）", "浙江省公安厅出入境管理局"),
        ("浙江省公安厅（治安总队）", "浙江省公安厅"),
        ("省公安厅（网安总队）", "浙江省公安厅"),
        ("省公安厅治安总队", "浙江省公安厅"),
        ("省公安厅交警总队", "浙江省公安厅交通管理局"),
        ("浙江省公安厅出入境管理局（签证处）", "浙江省公安厅出入境管理局"),
        ("省建设厅建筑市场监管处", "浙江省住房和城乡建设厅"),
    ],
    ids=[
        "alias-jianshe",
        "alias-zhujian",
        "old-full-name",
        "full-name",
        "alias-sheng",
        "no-province-prefix",
        "spaces",
        "benji-bracketed",
        "benji-plain",
        "alias-rensha",
        "no-prefix-long",
        "alias-weijiwei",
        "alias-shiyaojian",
        "vertical-guoshui",
        "vertical-yinjian",
        "customs",
        "service-body",
        "police-bureau",
        "without-he",
        "without-he-sheng",
        "shengji-bracketed",
        "sheng-benji-bracketed",
        "traffic-police-corps",
        "second-name-bracketed",
        "bureau-bracketed",
        "known-bureau-bracketed",
        "own-bureau-written-out",
        "own-bureau-written-short",
        "division-bracketed",
        "division-bracketed-beside-bureaus",
        "division-written-after",
        "bureau-alias-written-after",
        "division-of-a-bureau",
        "division-of-an-alias",
    ],
)
def test_department_resolves_names_and_aliases(
    registry: Registry, text: str, expected: str
) -> None:
    """Full names, aliases and the province-less form all reach the registered full name."""
    found = registry.department(text)
    assert found is not None
    assert found.name == expected


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "省宣传部", "海关", "浙江省市场监督管理局",
     "浙江省市场监督管理局（浙江省知识产权局）", "杭州市公安局（浙江省公安厅）",
     "省财政厅（省公安厅）", "浙江省人力资源和社会保障厅（浙江省社会保险事业管理中心）",
     "省公安厅（监管局）", "省公安厅（本级）（治安总队）"],
    ids=["none", "empty", "blank", "not-a-department", "too-short", "renamed-2018",
         "renamed-2018-with-second-name", "city-body-with-province-in-brackets",
         "two-departments", "department-and-its-service-body",
         "unknown-bureau-of-a-department-with-bureaus", "two-brackets"],
)
def test_department_unknown_is_none(registry: Registry, text: str | None) -> None:
    """Unknown or empty names give None (the review reports unknown-department)."""
    assert registry.department(text) is None


def test_department_record_and_its_group(registry: Registry) -> None:
    """A department carries its mailbox and audit group; group_of gives the group's mailbox."""
    dept = registry.department("省公安厅")
    assert dept is not None
    assert dept.aliases == ("省公安厅",)
    assert dept.email == "gat@example.gov.cn"
    assert dept.audit_group == "第二审核小组"
    assert registry.group_of(dept) == AuditGroup("第二审核小组", "shenhe2@example.gov.cn")


def test_fallback_group_is_summary_group(registry: Registry) -> None:
    """Unknown departments fall back to 综合组."""
    assert registry.fallback_group() == AuditGroup("综合组", "zonghe@example.gov.cn")
    assert registry.group_of(None) == registry.fallback_group()
    assert registry.audit_group("第一审核小组") == AuditGroup(
        "第一审核小组", "shenhe1@example.gov.cn"
    )
    assert registry.audit_group("第九审核小组") is None
    assert registry.audit_group(None) is None


# --- laws --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected", "level"),
    [
        ("中华人民共和国行政许可法", "中华人民共和国行政许可法", Level.LAW),
        ("行政许可法", "中华人民共和国行政许可法", Level.LAW),
        ("《行政许可法》", "中华人民共和国行政许可法", Level.LAW),
        ("中华人民共和国食品安全法（2015年修订）", "中华人民共和国食品安全法", Level.LAW),
        ("食品安全法(2015修正)", "中华人民共和国食品安全法", Level.LAW),
        ("中华人民共和国测绘法（2017年4月27日修订）", "中华人民共和国测绘法", Level.LAW),
        ("道路运输条例", "中华人民共和国道路运输条例", Level.ADMINISTRATIVE_REGULATION),
        (
            "中华人民共和国危险化学品安全管理条例",
            "危险化学品安全管理条例",
            Level.ADMINISTRATIVE_REGULATION,
        ),
        (
            "国务院对确需保留的行政审批项目设定行政许可的决定",
            "国务院对确需保留的行政审批项目设定行政许可的决定",
            Level.STATE_COUNCIL_DECISION,
        ),
        (
            "浙江省实施〈中华人民共和国道路交通安全法〉办法",
            "浙江省实施《中华人民共和国道路交通安全法》办法",
            Level.LOCAL_REGULATION,
        ),
        (
            '浙江省保障"最多跑一次"改革规定',
            "浙江省保障“最多跑一次”改革规定",
            Level.LOCAL_REGULATION,
        ),
        ("建筑业企业资质管理规定", "建筑业企业资质管理规定", Level.DEPARTMENT_RULE),
        (
            "医疗机构制剂配制监督管理办法",
            "医疗机构制剂配制监督管理办法（试行）",
            Level.DEPARTMENT_RULE,
        ),
        ("浙江省行政许可监督检查办法", "浙江省行政许可监督检查办法", Level.LOCAL_GOVERNMENT_RULE),
        (
            "国务院办公厅关于加快推进“多证合一”改革的指导意见",
            "国务院办公厅关于加快推进“多证合一”改革的指导意见",
            Level.NORMATIVE_DOCUMENT,
        ),
    ],
    ids=[
        "full-title",
        "short-name",
        "short-name-in-book-marks",
        "version-suffix-year",
        "version-suffix-no-year-mark",
        "version-suffix-date",
        "prc-prefix-missing",
        "prc-prefix-added",
        "state-council-decision",
        "nested-angle-marks",
        "ascii-quotes",
        "department-rule",
        "trial-suffix-missing",
        "local-government-rule",
        "normative-document",
    ],
)
def test_law_resolves(registry: Registry, title: str, expected: str, level: Level) -> None:
    """Titles resolve by full title or short name, whatever the marks, prefix or version."""
    law = registry.law(title)
    assert law is not None
    assert law.title == expected
    assert law.level == level


def test_law_record_fields(registry: Registry) -> None:
    """A law carries its short names, level and promulgation marker."""
    law = registry.law("行政许可法")
    assert law is not None
    assert law.short_names == ("行政许可法",)
    assert law.level == "法律"
    assert law.doc_number == "主席令第7号"
    assert registry.suggest_law("《行政许可法》") == "中华人民共和国行政许可法"
    assert registry.law("国务院对确需保留的行政审批项目设定行政许可的决定").doc_number == (
        "国务院令第412号"
    )


@pytest.mark.parametrize(
    ("title", "suggestion"),
    [
        ("中华人民共和国行政许可证法", "中华人民共和国行政许可法"),
        ("建筑业企业资质管理办法", "建筑业企业资质管理规定"),
        ("浙江省道路运输条例", "浙江省道路运输管理条例"),
        ("中华人民共和国爱国卫生法", None),
        ("关于做好有关工作的通知", None),
        ("浙江省实施〈中华人民共和国水法〉办法", None),
        ("外商投资电信企业管理规定", None),
        ("中华人民共和国国防教育法", None),
        ("学前教育法", None),
        ("民办教育法", "中华人民共和国民办教育促进法"),
        ("中华人民共和国国行政许可法", "中华人民共和国行政许可法"),
        ("道路运输管理条例", "浙江省道路运输管理条例"),
        ("气象条例", "浙江省气象条例"),
        ("消法", None),
        ("电力条例", None),
        ("建筑法实施条例", None),
        ("计量法实施办法", "中华人民共和国计量法实施细则"),
        ("安全生成法", "中华人民共和国安全生产法"),
        ("许可法", "中华人民共和国行政许可法"),
        ("道路运输条列", "中华人民共和国道路运输条例"),
        ("中华人民共和国无线电管理条例", None),
        ("安全法", None),
        # a long shared frame around another law implemented (the suggestion named it)
        ("浙江省实施〈中华人民共和国消防法〉办法", None),
        ("浙江省实施〈中华人民共和国妇女权益保障法〉办法", None),
        ("浙江省实施〈中华人民共和国矿产资源法〉办法", None),
    ],
    ids=["typo", "wrong-suffix", "short-local", "nothing-close", "generic",
         "sibling-implementing-measures", "sibling-foreign-investment",
         "more-specific-law", "more-specific-short", "word-dropped", "one-character-more",
         "provincial-without-province", "provincial-short", "one-subject-character",
         "other-subject", "other-law-implemented", "other-ending", "subject-slip",
         "subject-words-left-out", "ending-slip", "national-title-not-provincial",
         "short-form-of-many", "sibling-fire-law", "sibling-womens-rights-law",
         "sibling-mineral-resources-law"],
)
def test_unknown_law_and_suggestion(registry: Registry, title: str, suggestion: str | None) -> None:
    """An unknown title resolves to None and the closest registered title is suggested."""
    assert registry.law(title) is None
    assert registry.suggest_law(title) == suggestion


@pytest.mark.parametrize("title", [None, "", "《》"], ids=["none", "empty", "empty-marks"])
def test_law_empty_is_none(registry: Registry, title: str | None) -> None:
    """Nothing to look up gives None."""
    assert registry.law(title) is None


# --- shipped data --------------------------------------------------------------------------


def test_shipped_laws_table_is_large_unique_and_levelled() -> None:
    """laws.csv: ≥ 200 instruments, unique titles, no name for two laws, seven levels only."""
    rows = _shipped_rows("laws.csv")
    assert len(rows) >= 200
    titles = [r["名称"] for r in rows]
    assert len(set(titles)) == len(titles)
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for written in [row["名称"], *filter(None, row["简称"].split("|"))]:
            owners[law_key(written)].add(row["名称"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert {r["层级"] for r in rows} == {level.value for level in Level}
    levels = [Level(r["层级"]).rank for r in rows]
    assert levels == sorted(levels), "rows are ordered by level"


def test_shipped_registry_resolves_every_title_to_itself(registry: Registry) -> None:
    """Every registered title and short name resolves back to its own entry."""
    assert len(registry.laws) >= 200
    for law in registry.laws:
        assert registry.law(law.title) is law
        for short in law.short_names:
            assert registry.law(short) is law


def test_shipped_departments_unique_names_and_valid_mail(registry: Registry) -> None:
    """departments.csv: unique names and aliases, example mailboxes, known audit groups."""
    rows = _shipped_rows("departments.csv")
    assert list(rows[0]) == ["部门", "简称/别名", "邮箱", "审核小组", "上级部门"]
    keys = [name_key(r["部门"]) for r in rows]
    keys += [name_key(a) for r in rows for a in r["简称/别名"].split("|") if a]
    assert len(set(keys)) == len(keys)
    emails = [r["邮箱"] for r in rows]
    assert all(EMAIL.match(e) for e in emails)
    assert len(set(emails)) == len(emails)
    groups = {g.name for g in registry.audit_groups}
    assert {r["审核小组"] for r in rows} == groups - {"综合组"}
    assert len(registry.departments) == len(rows) >= 60
    for dept in registry.departments:
        assert registry.department(dept.name) is dept
        for alias in dept.aliases:
            assert registry.department(alias) is dept
    parents = {r["部门"]: r["上级部门"] for r in rows if r.get("上级部门")}
    assert all(registry.department(p) is not None for p in parents.values())


@pytest.mark.parametrize(
    ("written", "department", "parent"),
    [
        ("浙江省公路管理局", "浙江省公路管理局", "浙江省交通运输厅"),
        ("省运管局", "浙江省道路运输管理局", "浙江省交通运输厅"),
        ("省港航局", "浙江省港航管理局", "浙江省交通运输厅"),
        ("省交通运输厅（省公路管理局）", "浙江省公路管理局", "浙江省交通运输厅"),
        ("省公安消防总队", "浙江省公安消防总队", "浙江省公安厅"),
        ("浙江省公安厅交通管理局", "浙江省公安厅交通管理局", "浙江省公安厅"),  # by its name
        ("浙江省公安厅", "浙江省公安厅", None),
    ],
)
def test_bodies_and_their_departments(
    registry: Registry, written: str, department: str, parent: str | None
) -> None:
    """The 交通运输厅's bureaus (省公路局, 省运管局, 省港航局) and the 公安消防总队 were unknown
    (their items in the department's list were rejected as unknown-department); registered
    with their 上级部门, they are that department's bodies as 交通管理局 is by its name."""
    found = registry.department(written)
    assert found is not None
    assert (found.name, registry.parent_of(found.name)) == (department, parent)


def test_a_parent_not_in_the_table_is_refused(tmp_path: Path) -> None:
    """上级部门 must name a department of the table (a typo would leave a body on its own)."""
    table = tmp_path / "departments.csv"
    table.write_text("部门,邮箱,审核小组,上级部门\n浙江省公路管理局,a@example.gov.cn,第三审核小组,"
                     "浙江省交通厅\n", encoding="utf-8")
    refused = "「浙江省公路管理局」的上级部门「浙江省交通厅」不在部门表中"
    with pytest.raises(RegistryError, match=refused):
        load_registry(departments=table)


def test_default_registry_is_cached() -> None:
    """The shipped registry is loaded once per process."""
    assert default_registry() is default_registry()


def test_records_are_frozen(registry: Registry) -> None:
    """Registry records cannot be changed after loading."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        registry.departments[0].email = "x@example.gov.cn"  # type: ignore[misc]


# --- overrides and malformed files ------------------------------------------------------------


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_override_laws_replaces_shipped_table(tmp_path: Path) -> None:
    """A laws file from the configuration replaces the shipped laws; departments stay shipped."""
    laws = _write(
        tmp_path / "laws.csv",
        "名称,简称,层级,文号\n"
        "中华人民共和国行政许可法,许可法|行政许可法,法律,主席令第7号\n"
        "杭州市城市管理条例,,地方性法规,\n",
    )
    registry = load_registry(laws=laws)
    assert [law.title for law in registry.laws] == [
        "中华人民共和国行政许可法",
        "杭州市城市管理条例",
    ]
    assert registry.law("许可法").title == "中华人民共和国行政许可法"
    assert registry.law("建筑法") is None
    assert registry.law("杭州市城市管理条例").level == Level.LOCAL_REGULATION
    assert len(registry.departments) == len(default_registry().departments)


def test_override_departments_gbk_and_bom(tmp_path: Path) -> None:
    """Department files saved by Excel in GBK, or UTF-8 with a BOM, both load."""
    text = "部门,简称/别名,邮箱,审核小组\n杭州市公安局,市公安局,gaj@example.gov.cn,第二审核小组\n"
    for encoding in ("gbk", "utf-8-sig"):
        registry = load_registry(departments=_write(tmp_path / f"d-{encoding}.csv", text, encoding))
        dept = registry.department("市公安局")
        assert dept is not None
        assert (dept.name, dept.email, dept.audit_group) == (
            "杭州市公安局",
            "gaj@example.gov.cn",
            "第二审核小组",
        )
        assert registry.department("省公安厅") is None


def test_override_department_without_group_uses_summary_group(tmp_path: Path) -> None:
    """A department with no 审核小组 is handled by 综合组."""
    path = _write(tmp_path / "d.csv", "部门,邮箱\n杭州市民政局,mzj@example.gov.cn\n")
    registry = load_registry(departments=path)
    dept = registry.department("杭州市民政局")
    assert dept is not None
    assert dept.aliases == ()
    assert registry.group_of(dept).name == "综合组"


@pytest.mark.parametrize(
    ("kind", "content", "message"),
    [
        ("laws", "名称,简称,文号\n行政许可法,,\n", "第1行：表头缺少列「层级」"),
        ("laws", "名称,简称,层级,文号\n某法,,法规,\n", "第2行：层级「法规」无效"),
        ("laws", "名称,简称,层级,文号\n,,法律,\n", "第2行：「名称」为空"),
        (
            "laws",
            "名称,简称,层级,文号\n甲法,共用简称,法律,\n乙法,共用简称,法律,\n",
            "第3行：「共用简称」已用于第2行的「甲法」",
        ),
        ("laws", "名称,简称,层级,文号\n甲法,,法律,\n甲法,,法律,\n", "第3行：「甲法」重复登记"),
        ("laws", "名称,简称,层级,文号\n甲法,,法律,主席令,第1号\n", "第2行：有5个字段"),
        ("laws", '名称,简称,层级,文号\n"甲法,,法律,\n', "CSV 格式错误"),
        ("laws", "\n\n", "是空表"),
        (
            "departments",
            "部门,简称/别名,邮箱,审核小组\n甲局,,not-an-email,\n",
            "第2行：邮箱「not-an-email」",
        ),
        (
            "departments",
            "部门,简称/别名,邮箱,审核小组\n甲局,,a@example.gov.cn,第九审核小组\n",
            "第2行：审核小组「第九审核小组」不在审核小组表中",
        ),
        (
            "departments",
            "部门,简称/别名,邮箱,审核小组\n甲局,甲,a@example.gov.cn,\n乙局,甲,b@example.gov.cn,\n",
            "第3行：「甲」已用于第2行的「甲局」",
        ),
        (
            "departments",
            "部门,简称/别名,邮箱,审核小组\n甲局,,a@example.gov.cn,\n甲局,,new@example.gov.cn,\n",
            "第3行：「甲局」已在第2行登记，请修改原行，不要另加一行",
        ),
        ("departments", "部门,审核小组\n甲局,第一审核小组\n", "表头缺少列「邮箱」"),
        ("audit_groups", "审核小组,邮箱\n第一审核小组,a@example.gov.cn\n", "缺少「综合组」"),
    ],
    ids=[
        "laws-missing-column",
        "laws-bad-level",
        "laws-empty-title",
        "laws-short-name-two-laws",
        "laws-duplicate-title",
        "laws-extra-fields",
        "laws-unclosed-quote",
        "laws-empty-file",
        "departments-bad-email",
        "departments-unknown-group",
        "departments-duplicate-alias",
        "departments-second-row-for-one",
        "departments-missing-email-column",
        "groups-without-summary-group",
    ],
)
def test_malformed_override_raises(tmp_path: Path, kind: str, content: str, message: str) -> None:
    """A malformed file raises RegistryError naming the file and the line."""
    path = _write(tmp_path / f"{kind}.csv", content)
    with pytest.raises(RegistryError) as info:
        load_registry(**{kind: path})
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_missing_override_file_raises(tmp_path: Path) -> None:
    """A configured file that does not exist is a RegistryError, not an OSError."""
    with pytest.raises(RegistryError, match="不存在"):
        load_registry(laws=tmp_path / "nope.csv")


def test_undecodable_file_raises(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor GBK are reported as undecodable."""
    path = tmp_path / "laws.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\xff")
    with pytest.raises(RegistryError, match="无法解码"):
        load_registry(laws=path)


@pytest.mark.parametrize(
    ("title", "resolved"),
    [
        ("省工伤保险条例", "浙江省工伤保险条例"),
        ("《省物业管理条例》", "浙江省物业管理条例"),
        ("建设工程勘察设计资质管理规定第八条", "建设工程勘察设计资质管理规定"),
        ("中华人民共和国行政许可法第十二条第（一）项", "中华人民共和国行政许可法"),
    ],
    ids=["province-short", "province-short-marks", "article-inside", "article-and-item-inside"],
)
def test_provincial_short_titles_and_articles_inside_the_marks_resolve(
    registry: Registry, title: str, resolved: str
) -> None:
    """《省…条例》 in a provincial list is the province's own; an article written inside 《》
    does not hide the title."""
    law = registry.law(title)
    assert law is not None
    assert law.title == resolved


def test_president_order_number_names_no_law(registry: Registry) -> None:
    """主席令 numbers restart with every NPC term: 主席令第9号 is the 2014 环境保护法 and the
    2009 食品安全法, so a bare one resolves to nothing; a 国务院令 number still does."""
    assert registry.law("主席令第9号") is None
    assert registry.law("中华人民共和国主席令第7号") is None
    law = registry.law("国务院令第412号")
    assert law is not None
    assert law.title == "国务院对确需保留的行政审批项目设定行政许可的决定"


@pytest.mark.parametrize(
    ("title", "resolved", "level"),
    [
        ("户口登记条例", "中华人民共和国户口登记条例", Level.LAW),
        (
            "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》",
            "中国公民因私事往来香港地区或者澳门地区的暂行管理办法",
            Level.ADMINISTRATIVE_REGULATION,
        ),
        (
            "城市生活无着的流浪乞讨人员救助管理办法",
            "城市生活无着的流浪乞讨人员救助管理办法",
            Level.ADMINISTRATIVE_REGULATION,
        ),
        ("中国公民收养子女登记办法", "中国公民收养子女登记办法", Level.ADMINISTRATIVE_REGULATION),
    ],
    ids=["npc-standing-committee-1958", "state-council-approved-hk-macao",
         "state-council-order-381", "state-council-approved-adoption"],
)
def test_registry_fixes_levels_a_title_would_misread(
    registry: Registry, title: str, resolved: str, level: Level
) -> None:
    """Instruments whose title reads like a lower level: the 1958 户口登记条例 was adopted by
    the NPC Standing Committee (a 法律, not a 行政法规); the 办法 approved or issued by the
    State Council are 行政法规, not 部门规章, so a certificate or permit citing them passes."""
    law = registry.law(title)
    assert law is not None
    assert law.title == resolved
    assert law.level == level


@pytest.mark.parametrize(
    ("title", "doc_number"),
    [
        ("医师执业注册暂行办法", "卫生部令第5号"),
        ("建设项目环境影响评价文件分级审批规定", "环境保护部令第5号"),
        ("建设用地审查报批管理办法", "国土资源部令第3号"),
        ("人才市场管理规定", "人事部、国家工商行政管理总局令第1号"),
        ("政府核准投资项目管理办法", "国家发展和改革委员会令2014年第11号"),
    ],
    ids=["replaced-april-2017", "environment", "land", "personnel", "investment-2014"],
)
def test_rules_cited_in_2017_lists_are_registered(
    registry: Registry, title: str, doc_number: str
) -> None:
    """Ministry rules a March 2017 provincial list cites, among them 医师执业注册暂行办法 and
    政府核准投资项目管理办法 (replaced by 医师执业注册管理办法 and 企业投资项目核准和备案管理办法
    only in April 2017), are known 部门规章."""
    law = registry.law(title)
    assert law is not None
    assert law.level == Level.DEPARTMENT_RULE
    assert law.doc_number == doc_number


def test_wholly_revised_regulation_carries_its_march_2017_marker(registry: Registry) -> None:
    """农药管理条例 was wholly revised by 国务院令第677号 (March 2017, in force 1 June 2017); a
    March 2017 list cites the 1997 text, 国务院令第216号, and finds it by that number."""
    law = registry.law("农药管理条例")
    assert law is not None
    assert law.doc_number == "国务院令第216号"
    assert registry.law("国务院令第216号") is law


def test_rule_revised_as_a_whole_in_2016_carries_both_markers(registry: Registry) -> None:
    """动产抵押登记办法 (国家工商行政管理总局令第30号, 2007) was revised as a whole and published
    again by 令第88号 (5 July 2016, in force 1 September 2016): in March 2017 the text in force is
    88号's, and a list may still write 30号. Both numbers find it; 88号 is its marker."""
    law = registry.law("动产抵押登记办法")
    assert law is not None
    assert law.doc_number == "国家工商行政管理总局令第88号"
    assert law.earlier_numbers == ("国家工商行政管理总局令第30号",)
    assert registry.law("国家工商行政管理总局令第88号") is law
    assert registry.law("《国家工商行政管理总局第30号令》") is law


@pytest.mark.parametrize(
    ("title", "doc_number"),
    [
        ("工程造价咨询企业管理办法", "建设部令第149号"),
        ("个体工商户登记管理办法", "国家工商行政管理总局令第56号"),
        ("工商行政管理机关股权出质登记办法", "国家工商行政管理总局令第32号"),
        ("企业名称登记管理实施办法", "国家工商行政管理总局令第10号"),
    ],
    ids=["cost-consulting-2006", "individual-business-2011", "equity-pledge-2008",
         "enterprise-names-revised-2004"],
)
def test_rules_amended_by_omnibus_orders_keep_the_order_that_made_them(
    registry: Registry, title: str, doc_number: str
) -> None:
    """The later orders that amended these rules (住房和城乡建设部令第24号 and 第32号, 国家工商
    行政管理总局令第63号) each amended several rules at once: they name none of them, and the
    rule keeps the order that made it. 企业名称登记管理实施办法 was revised as a whole in 2004
    (令第10号; 国家工商行政管理局令第93号 made it in 1999): 10号 is the text in force."""
    law = registry.law(title)
    assert law is not None
    assert law.doc_number == doc_number
    assert law.earlier_numbers == ()
    assert registry.law(doc_number) is law


def test_a_number_cell_lists_the_text_in_force_first(tmp_path: Path) -> None:
    """文号 may list several markers, separated by |: the text in force in March 2017 first,
    then earlier texts; each finds the law, and a marker two laws list finds neither."""
    laws = _write(
        tmp_path / "laws.csv",
        "名称,简称,层级,文号\n"
        "甲登记办法,,部门规章,某某部令第8号|某某部令第3号\n"
        "乙登记办法,,部门规章,某某部令第9号| 某某部令第5号 \n"
        "丙登记办法,,部门规章,某某部令第7号|某某部令第5号\n",
    )
    registry = load_registry(laws=laws)
    first = registry.law("甲登记办法")
    assert first is not None
    assert (first.doc_number, first.earlier_numbers) == ("某某部令第8号", ("某某部令第3号",))
    assert registry.law("某某部令第8号") is first
    assert registry.law("某某部令第3号") is first
    assert registry.law("某某部令第9号") is registry.law("乙登记办法")
    assert registry.law("某某部令第5号") is None


def test_a_bare_order_number_names_the_state_councils_only_when_no_other_order_has_it(
    registry: Registry,
) -> None:
    """《412号令》 is the State Council's 412 decision, as the lists write it; 《149号令》 names no
    law, because the registry holds 国务院令第149号 and 建设部令第149号 alike; each is still found
    by its issuer."""
    decision = registry.law("国务院令第412号")
    assert registry.law("412号令") is decision is not None
    assert registry.law("《149号令》") is None
    assert registry.law("第149号令") is None
    assert registry.law("国务院令第149号") is registry.law("医疗机构管理条例")
    assert registry.law("建设部令第149号") is registry.law("工程造价咨询企业管理办法")


def test_a_bare_order_number_weighs_every_order_the_table_holds(tmp_path: Path) -> None:
    """Another order with the number, however written (a year in it, a rule's earlier marker),
    keeps a bare number from naming the State Council's; a 主席令 does not (its numbers restart
    with every NPC term, and a law is cited by its title)."""
    laws = _write(
        tmp_path / "laws.csv",
        "名称,简称,层级,文号\n"
        "甲法,,法律,主席令第5号\n"
        "甲条例,,行政法规,国务院令第5号\n"
        "乙条例,,行政法规,国务院令第6号\n"
        "乙规定,,部门规章,某某部令2005年第6号\n"
        "丙条例,,行政法规,国务院令第7号\n"
        "丙办法,,部门规章,某某部令第9号|某某部令第7号\n"
        "丁条例,,行政法规,国务院令第8号\n",
    )
    registry = load_registry(laws=laws)
    assert registry.law("5号令") is registry.law("甲条例") is not None
    assert [registry.law(f"{n}号令") for n in (6, 7)] == [None, None]
    assert registry.law("8号令") is registry.law("丁条例") is not None
