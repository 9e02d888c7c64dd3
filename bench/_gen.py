"""Realistic generated submissions for the benches (bench_validate.py, bench_intake.py).

Each workbook looks like a department's 2017 submission: a title block (附件1, a merged title,
填报单位 line), the canonical headers of fields.ITEM_FIELDS, items grouped by type under
section rows (一、行政许可（N项）), notes after the table. Cells hold real item names and
departments (domain.md, data/departments.csv, with aliases and situation/region variants),
citations of data/laws.csv with articles, numbered multi-line 受理条件 and 申请材料 cells,
processes, time limits, trips and phones. About 8% of the items carry a deliberate problem so
that every family of rules fires (the counts are in ``Planted``).

Written with XlsxWriter in constant_memory mode, which writes inline strings (Excel itself
writes a shared-strings table): the reader sees the same cells either way.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import xlsxwriter

from catalog_check.fields import ITEM_FIELDS

__all__ = ["GEN_VERSION", "Planted", "ensure_submission", "write_submission"]

#: Bump when the content changes, so that cached files in bench/out/ are rebuilt.
GEN_VERSION = 4

HEADERS = tuple(f.name for f in ITEM_FIELDS)
_COL = {name: i for i, name in enumerate(HEADERS)}
_SECTION_NO = "一二三四五六七八九十"

# ------------------------------------------------------------------ registries


def _csv(name: str) -> list[dict[str, str]]:
    text = (files("catalog_check") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


_DEPT_ROWS = _csv("departments.csv")
_ALIASES = {
    r["部门"]: [a for a in r["简称/别名"].split("|") if a] for r in _DEPT_ROWS
}
_LAWS = _csv("laws.csv")
_HIGH = ("法律", "行政法规", "国务院决定", "地方性法规")
_LAW_HIGH = [r for r in _LAWS if r["层级"] in _HIGH]
_LAW_LOW = [r for r in _LAWS if r["层级"] in ("部门规章", "规范性文件")]
_LAW_TOP = [r for r in _LAWS if r["层级"] in ("法律", "行政法规")]

# Real provincial item names (domain.md), by department (2017 names, full as registered).
_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "浙江省公安厅": (
        ("第一类非药品类易制毒化学品购买许可", "行政许可"), ("保安服务公司设立许可", "行政许可"),
        ("保安培训单位设立许可", "行政许可"), ("大型群众性活动安全许可", "行政许可"),
        ("民用爆炸物品购买许可", "行政许可"), ("剧毒化学品购买许可", "行政许可"),
        ("枪支（弹药）持枪证件核发", "行政许可"), ("往来港澳通行证及签注签发", "行政许可"),
        ("台湾居民来往大陆通行证签发", "行政许可"), ("外国人居留许可", "行政许可"),
        ("机动车登记", "行政许可"), ("机动车驾驶证核发、审验", "行政许可"),
        ("户口迁移审批", "行政确认"), ("公章刻制业特种行业许可", "行政许可"),
        ("旅馆业特种行业许可", "行政许可"),
    ),
    "浙江省工商行政管理局": (
        ("企业名称预先核准", "行政确认"), ("有限责任公司设立登记", "行政许可"),
        ("有限责任公司变更登记", "行政许可"), ("有限责任公司注销登记", "行政许可"),
        ("外商投资企业设立登记", "行政许可"), ("股权出质设立登记", "行政确认"),
        ("动产抵押登记", "行政确认"), ("广告发布登记", "行政许可"),
        ("农民专业合作社设立登记", "行政许可"), ("个体工商户注册登记", "行政许可"),
    ),
    "浙江省质量技术监督局": (
        ("特种设备安装、改造、修理许可", "行政许可"), ("特种设备作业人员资格认定", "行政许可"),
        ("检验检测机构资质认定", "行政许可"), ("工业产品生产许可证核发", "行政许可"),
        ("制造、修理计量器具许可", "行政许可"), ("计量标准器具核准", "行政许可"),
    ),
    "浙江省食品药品监督管理局": (
        ("药品经营许可证（批发）核发", "行政许可"), ("药品生产许可证核发", "行政许可"),
        ("第二类、第三类医疗器械生产许可", "行政许可"), ("第二类医疗器械产品注册", "行政许可"),
        ("化妆品生产许可", "行政许可"), ("医疗机构制剂许可证核发", "行政许可"),
        ("食品生产许可", "行政许可"), ("互联网药品信息服务资格证书核发", "行政许可"),
    ),
    "浙江省国土资源厅": (
        ("建设项目用地预审", "其他行政权力"), ("采矿权新立登记", "行政许可"),
        ("采矿权延续登记", "行政许可"), ("采矿权转让审批", "行政许可"),
        ("探矿权新立登记", "行政许可"), ("探矿权保留登记", "行政许可"),
        ("地质灾害危险性评估单位资质认定", "行政许可"), ("地质勘查资质审批", "行政许可"),
        ("土地权属争议裁决", "行政裁决"),
    ),
    "浙江省住房和城乡建设厅": (
        ("建筑业企业资质认定", "行政许可"), ("工程勘察、工程设计资质认定", "行政许可"),
        ("工程监理企业资质认定", "行政许可"), ("房地产开发企业资质核定", "行政许可"),
        ("建设工程质量检测机构资质核准", "行政许可"),
        ("建筑施工企业安全生产许可证核发", "行政许可"), ("二级建造师执业资格注册", "行政许可"),
        ("建筑施工特种作业人员操作资格证书核发", "行政许可"),
        ("工程造价咨询企业资质认定", "行政许可"), ("城乡规划编制单位资质认定", "行政许可"),
    ),
    "浙江省人力资源和社会保障厅": (
        ("人力资源服务许可", "行政许可"), ("劳务派遣经营许可", "行政许可"),
        ("企业实行不定时工作制和综合计算工时工作制审批", "行政许可"),
        ("技工学校设立审批", "行政许可"), ("职业技能鉴定机构设立审批", "行政许可"),
        ("工伤认定", "行政确认"), ("劳动能力鉴定", "行政确认"), ("失业保险金申领", "行政给付"),
        ("职工基本养老保险关系转移接续", "公共服务"), ("专业技术资格评审", "行政确认"),
        ("企业职工特殊工种提前退休核准", "其他行政权力"),
    ),
    "浙江省卫生和计划生育委员会": (
        ("医疗机构设置审批", "行政许可"), ("医疗机构执业登记", "行政许可"),
        ("医师执业注册", "行政许可"), ("护士执业注册", "行政许可"), ("放射诊疗许可", "行政许可"),
        ("母婴保健技术服务执业许可", "行政许可"), ("消毒产品生产企业卫生许可", "行政许可"),
        ("涉及饮用水卫生安全的产品卫生许可", "行政许可"), ("职业病诊断机构批准", "行政许可"),
        ("外国医师来华短期行医许可", "行政许可"), ("再生育审批", "行政确认"),
    ),
    "浙江省交通运输厅": (
        ("道路旅客运输经营许可", "行政许可"), ("公路超限运输许可", "行政许可"),
        ("涉路施工许可", "行政许可"), ("水路运输经营许可", "行政许可"),
        ("港口经营许可", "行政许可"), ("道路运输从业人员从业资格证核发", "行政许可"),
    ),
    "浙江省水利厅": (
        ("取水许可", "行政许可"), ("生产建设项目水土保持方案审批", "行政许可"),
        ("河道管理范围内建设项目工程建设方案审批", "行政许可"),
        ("水工程建设规划同意书审核", "行政许可"), ("洪水影响评价审批", "行政许可"),
    ),
    "浙江省环境保护厅": (
        ("建设项目环境影响评价文件审批", "行政许可"), ("危险废物经营许可证核发", "行政许可"),
        ("辐射安全许可证核发", "行政许可"), ("危险废物跨省转移审批", "行政许可"),
        ("排污许可证核发", "行政许可"),
    ),
    "浙江省农业厅": (
        ("农作物种子生产经营许可证核发", "行政许可"), ("兽药生产许可证核发", "行政许可"),
        ("饲料和饲料添加剂生产许可", "行政许可"), ("动物防疫条件合格证核发", "行政许可"),
        ("拖拉机和联合收割机驾驶证核发", "行政许可"),
    ),
    "浙江省林业厅": (
        ("林木采伐许可证核发", "行政许可"), ("使用林地审核审批", "行政许可"),
        ("野生动物驯养繁殖许可证核发", "行政许可"),
    ),
    "浙江省教育厅": (
        ("中外合作办学机构设立审批", "行政许可"), ("高等学校教师资格认定", "行政许可"),
    ),
    "浙江省民政厅": (
        ("社会团体成立登记", "行政许可"), ("民办非企业单位成立登记", "行政许可"),
        ("基金会设立登记", "行政许可"), ("慈善组织认定", "行政确认"),
        ("养老机构设立许可", "行政许可"),
    ),
    "浙江省文化厅": (("营业性演出审批", "行政许可"), ("文艺表演团体设立审批", "行政许可")),
    "浙江省新闻出版广电局": (
        ("出版物批发单位设立审批", "行政许可"), ("印刷经营许可", "行政许可"),
        ("广播电视节目制作经营许可", "行政许可"),
    ),
    "浙江省商务厅": (
        ("对外贸易经营者备案登记", "其他行政权力"), ("外商投资企业设立及变更备案", "其他行政权力"),
        ("拍卖企业经营许可", "行政许可"), ("成品油零售经营资格审批", "行政许可"),
    ),
    "浙江省安全生产监督管理局": (
        ("危险化学品安全生产许可证核发", "行政许可"), ("危险化学品经营许可", "行政许可"),
        ("非煤矿矿山企业安全生产许可", "行政许可"), ("烟花爆竹经营（批发）许可", "行政许可"),
        ("特种作业操作证核发", "行政许可"),
    ),
    "浙江省发展和改革委员会": (
        ("企业投资项目核准", "行政许可"), ("固定资产投资项目节能审查", "行政许可"),
        ("企业投资（含外商投资）项目备案（基本建设）", "其他行政权力"),
    ),
    "浙江省科学技术厅": (
        ("高新技术企业认定", "行政确认"), ("外国人来华工作许可", "行政许可"),
        ("实验动物生产、使用许可证核发", "行政许可"),
    ),
    "浙江省司法厅": (
        ("律师执业许可", "行政许可"), ("律师事务所设立许可", "行政许可"),
        ("司法鉴定机构登记", "行政许可"), ("公证员执业审核", "行政许可"),
    ),
    "浙江省财政厅": (("会计师事务所设立审批", "行政许可"), ("代理记账机构设立审批", "行政许可")),
    "浙江省体育局": (
        ("高危险性体育项目经营许可", "行政许可"), ("运动员技术等级称号授予", "行政确认"),
    ),
    "浙江省旅游局": (("旅行社设立许可", "行政许可"),),
    "浙江省海洋与渔业局": (("渔业捕捞许可", "行政许可"), ("水产苗种生产许可", "行政许可")),
    "浙江省粮食局": (("粮食收购资格认定", "行政许可"),),
    "浙江省人民防空办公室": (("人防工程易地建设审批", "行政许可"),),
    "浙江省测绘与地理信息局": (("测绘资质审批（乙、丙、丁级）", "行政许可"),),
    "浙江省气象局": (
        ("防雷装置设计审核", "行政许可"), ("防雷装置竣工验收", "行政许可"),
        ("升放无人驾驶自由气球、系留气球活动审批", "行政许可"),
    ),
    "浙江省文物局": (("文物保护单位建设控制地带内建设工程设计方案审批", "行政许可"),),
}
_ALL_ITEMS = [(d, n, t) for d, pairs in _ITEMS.items() for n, t in pairs]

_SITUATIONS = ("", "新办", "变更", "延续", "注销", "补办", "遗失补办", "迁移")
_REGIONS = (
    "", "省级", "杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市",
    "舟山市", "台州市", "丽水市", "上城区", "西湖区", "滨江区", "萧山区", "余杭区", "富阳区",
    "临安区", "桐庐县", "淳安县", "建德市", "海曙区", "江北区", "北仑区", "镇海区", "鄞州区",
    "奉化区", "象山县", "宁海县", "余姚市", "慈溪市", "鹿城区", "龙湾区", "瓯海区", "洞头区",
    "永嘉县", "平阳县", "苍南县", "瑞安市", "乐清市", "南湖区", "秀洲区", "嘉善县", "海盐县",
    "海宁市", "平湖市", "桐乡市", "吴兴区", "南浔区", "德清县", "长兴县", "安吉县", "越城区",
    "柯桥区", "上虞区", "新昌县", "诸暨市", "嵊州市", "婺城区", "金东区", "武义县", "浦江县",
    "义乌市", "东阳市", "永康市", "柯城区", "衢江区", "江山市", "定海区", "普陀区", "椒江区",
    "黄岩区", "路桥区", "温岭市", "临海市", "玉环市", "莲都区", "青田县", "龙泉市",
)
_OBJECTS = ("", "企业", "个人", "外商投资", "分支机构")

_CONDITIONS = (
    "申请人为依法设立的企业法人或者其他组织",
    "有与所从事业务相适应的固定经营场所",
    "有健全的安全管理制度和岗位责任制度",
    "注册资本不少于人民币{n}00万元",
    "专业技术人员不少于{n}名，且经培训考核合格",
    "法定代表人、主要负责人无故意犯罪记录",
    "有完善的质量管理体系和检验制度",
    "具备与业务规模相适应的仪器设备和检测能力",
    "从业人员经专业培训并取得相应资格证书",
    "近{n}年内未发生重大安全生产事故",
    "申请人具有完全民事行为能力",
    "持有有效的居民身份证或者其他有效身份证件",
    "有明确的业务范围和服务章程",
    "拟设立机构的名称、章程符合法律法规要求",
    "有符合国家标准的生产设施和储存设施",
    "有{n}名以上具有中级以上技术职称的专职技术人员",
    "场所面积不少于{n}0平方米，布局合理",
    "具有相应的污染防治设施和应急预案",
    "申请事项属于本机关管辖范围",
    "无不良信用记录",
)
_VAGUE = ("法律、法规规定的其他条件", "符合有关规定", "其他法定条件", "符合相关规定")

_MATERIALS = (
    "{name}申请表", "申请书", "营业执照副本复印件", "法定代表人身份证明",
    "申请人居民身份证复印件", "经营场所产权证书或租赁合同复印件", "公司章程",
    "专业技术人员名单及资格证书复印件", "安全管理制度文本", "主要生产设备清单",
    "授权委托书及受托人身份证件（委托办理的）", "项目可行性研究报告", "环境影响评价文件",
    "近一年度财务审计报告", "质量管理手册", "从业人员社会保险缴纳凭证",
    "场所平面布置图", "应急救援预案", "企业名称预先核准通知书", "主要负责人任职文件",
    "申请单位书面报告（加盖申请单位公章）", "技术负责人简历及职称证书", "检验检测报告",
    "工程项目批准文件",
)
_SUFFIXES = ("", "", "", "（原件1份）", "（复印件1份，验原件）", "（一式两份）", "（电子版）")
_CERT_WITH_BASIS = (
    "无犯罪记录证明（依据《{law}》第{art}条）", "健康证明（《{law}》第{art}条）",
    "资信证明（依据《{law}》第{art}条规定）", "安全评价合格证明（《{law}》第{art}条）",
)
_CERT_WITHOUT = ("无违法违规经营证明", "婚姻状况证明", "收入证明", "无欠税证明", "住所使用证明")
_SEAL = (
    "由村（居）民委员会盖章的家庭情况说明", "经所在单位盖章的推荐意见",
    "由主管部门出具并盖章的意见书",
)
_CATCH_ALL = (
    "其他相关材料", "审批机关要求的其他材料", "根据需要提供的补充材料", "场地、人员等材料",
)

_PROCESSES = (
    "申请→受理→审查→决定→送达", "申请→受理→审核→决定→发证", "受理、审核、审批、办结",
    "1.申请\n2.受理\n3.审查\n4.决定\n5.送达", "网上申请→受理→审查→决定→快递送达",
    "申请、受理、现场核查、审查、决定、颁证",
)
_SHORT_PROCESS = ("窗口受理", "即来即办", "受理")
_LEGAL = (
    ("20个工作日", 20), ("20日", 20 * 5 / 7), ("30日", 30 * 5 / 7), ("45日", 45 * 5 / 7),
    ("60日", 60 * 5 / 7), ("10个工作日", 10), ("30个工作日", 30), ("无", None),
)
_DEPT_UNKNOWN = ("浙江省市场监督管理局", "省应急管理厅", "综合业务处", "浙江省自然资源厅")
_AREA = ("0571", "0574", "0577", "0573", "0572", "0575", "0579", "0570", "0580", "0576", "0578")
_CN = "零一二三四五六七八九"


def _cn_article(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN[tens]
    return f"{head}十{_CN[ones] if ones else ''}"


@dataclass
class Planted:
    """How many items carry each deliberate problem (the code of the rule it should fire)."""

    items: int = 0
    problems: Counter = field(default_factory=Counter)

    @property
    def flagged_items(self) -> int:
        """Items with at least one planted problem (counted as planted, one per item)."""
        return sum(self.problems.values())


# Each planted problem with its per-item probability (one at most per item, ~8% in all).
_PROBLEMS = (
    ("missing-value", 0.008),
    ("invalid-item-type", 0.002),
    ("ex-officio-item", 0.003),
    ("unknown-department", 0.003),
    ("invalid-level", 0.003),
    ("invalid-yes-no", 0.002),
    ("basis-no-citation", 0.006),
    ("basis-no-article", 0.008),
    ("basis-unknown-law", 0.006),
    ("permit-basis-too-low", 0.005),
    ("time-limit-unparseable", 0.003),
    ("promise-exceeds-legal", 0.006),
    ("instant-mismatch", 0.003),
    ("trips-invalid", 0.002),
    ("trips-exceed-one", 0.003),
    ("trips-exception", 0.006),
    ("zero-trip-offline", 0.003),
    ("fee-without-basis", 0.002),
    ("vague-condition", 0.006),
    ("process-too-short", 0.004),
    ("invalid-phone", 0.004),
    ("certificate-without-basis", 0.008),
    ("certificate-basis-too-low", 0.003),
    ("seal-without-basis", 0.003),
    ("catch-all-material", 0.008),
    ("duplicate-item", 0.003),
    ("duplicate-item-code", 0.002),
)
_CODES = [c for c, _ in _PROBLEMS]
_WEIGHTS = list(itertools.accumulate(p for _, p in _PROBLEMS))


class _Maker:
    """Builds item rows one by one from a seeded generator."""

    def __init__(self, rng: random.Random, department: str | None, n: int) -> None:
        self.rng = rng
        self.n = n
        self.department = department
        own = [x for x in _ALL_ITEMS if x[0] == department] if department else []
        self.pool = own if len(own) >= 3 else _ALL_ITEMS
        self.seen: list[tuple[str, str, str]] = []  # (name, sub, code) of earlier rows
        self.combos = self._combos()
        self.planted = Planted()

    def _combos(self):
        sizes = (len(self.pool), len(_SITUATIONS), len(_REGIONS), len(_OBJECTS))
        total = sizes[0] * sizes[1] * sizes[2] * sizes[3]
        # Random unique combinations without building the product (sample over the index range).
        for k in self.rng.sample(range(total), min(total, self.n)):
            k, obj = divmod(k, sizes[3])
            k, region = divmod(k, sizes[2])
            k, situation = divmod(k, sizes[1])
            yield self.pool[k], _SITUATIONS[situation], _REGIONS[region], _OBJECTS[obj]

    # -------------------------------------------------------------- cell makers

    def _citation(self, laws: list[dict[str, str]], *, article: bool = True) -> str:
        rng = self.rng
        law = rng.choice(laws)
        shorts = [a for a in law["简称"].split("|") if a]  # 村民委员会组织法|村委会组织法
        title = law["名称"] if rng.random() < 0.85 or not shorts else rng.choice(shorts)
        if not article:
            return f"《{title}》"
        n = rng.randint(1, 80)
        art = _cn_article(n) if rng.random() < 0.75 else str(n)
        tail = f"第（{_cn_article(rng.randint(1, 6))}）项" if rng.random() < 0.2 else ""
        return f"《{title}》第{art}条{tail}"

    def _basis(self, item_type: str, problem: str | None) -> str:
        rng = self.rng
        if problem == "basis-no-citation":
            return rng.choice(("根据有关规定", "按照上级文件要求", "行政许可法第十二条"))
        if problem == "basis-no-article":
            titles = (self._citation(_LAW_HIGH, article=False) for _ in range(rng.randint(1, 2)))
            return "；".join(titles)
        if problem == "permit-basis-too-low":
            return self._citation(_LAW_LOW)
        laws = _LAW_HIGH if item_type == "行政许可" else _LAWS
        parts = [self._citation(laws) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        if problem == "basis-unknown-law":
            what = rng.choice(("行业", "市场", "服务"))
            parts.append(f"《浙江省{what}管理暂行办法》第{_cn_article(rng.randint(2, 30))}条")
        return "；".join(parts)

    def _numbered(self, entries: list[str]) -> str:
        style = self.rng.random()
        if style < 0.5:
            marks = [f"{i}." for i in range(1, len(entries) + 1)]
        elif style < 0.8:
            marks = [f"{i}、" for i in range(1, len(entries) + 1)]
        elif style < 0.93:
            marks = [f"（{i}）" for i in range(1, len(entries) + 1)]
        else:
            marks = [chr(0x2460 + i) for i in range(len(entries))]
        ends = ["；"] * (len(entries) - 1) + ["。"]
        return "\n".join(f"{m}{e}{end}" for m, e, end in zip(marks, entries, ends, strict=True))

    def _conditions(self, problem: str | None) -> str:
        rng = self.rng
        chosen = rng.sample(_CONDITIONS, rng.randint(2, 5))
        entries = [c.format(n=rng.randint(1, 9)) for c in chosen]
        if problem == "vague-condition":
            entries.append(rng.choice(_VAGUE))
        return self._numbered(entries)

    def _materials(self, name: str, problem: str | None) -> str:
        rng = self.rng
        chosen = rng.sample(_MATERIALS, rng.randint(3, 6))
        entries = [m.format(name=name) + rng.choice(_SUFFIXES) for m in chosen]
        if rng.random() < 0.15:  # a certificate with its basis: fine
            law = rng.choice(_LAW_TOP)["名称"]
            cert = rng.choice(_CERT_WITH_BASIS)
            at = rng.randint(1, len(entries))
            entries.insert(at, cert.format(law=law, art=_cn_article(rng.randint(2, 60))))
        if problem == "certificate-without-basis":
            entries.insert(rng.randint(1, len(entries)), rng.choice(_CERT_WITHOUT))
        elif problem == "certificate-basis-too-low":
            low = rng.choice([r for r in _LAW_LOW if r["层级"] == "部门规章"])["名称"]
            entries.append(f"无违法记录证明（依据《{low}》第{_cn_article(rng.randint(2, 40))}条）")
        elif problem == "seal-without-basis":
            entries.append(rng.choice(_SEAL))
        elif problem == "catch-all-material":
            entries.append(rng.choice(_CATCH_ALL))
        return self._numbered(entries)

    def _phone(self, problem: str | None) -> str:
        rng = self.rng
        if problem == "invalid-phone":
            return rng.choice(("找业务处室", "工作时间来电", "电话咨询"))
        first = f"{rng.choice(_AREA)}-8{rng.randint(0, 9_999_999):07d}"
        if rng.random() < 0.1:
            return f"{first}、{first[:-1]}{rng.randint(0, 9)}"
        return first

    # -------------------------------------------------------------- one row

    def row(self, seq: int) -> tuple[str, list[object]]:
        rng = self.rng
        r = rng.random()
        problem = None
        if r < _WEIGHTS[-1]:
            problem = _CODES[next(i for i, w in enumerate(_WEIGHTS) if r < w)]
        self.planted.items += 1

        (dept, base, item_type), situation, region, obj = next(self.combos)
        name = f"{base}（{situation}）" if situation else base
        sub = f"{region}{obj}" if region or obj else ""
        if self.department is not None:
            dept = self.department
        kind = "许可" if item_type == "行政许可" else "其他"
        code = f"{kind}-{seq:05d}-{rng.randint(0, 999):03d}"
        if problem == "duplicate-item" and self.seen:
            name, sub, _ = rng.choice(self.seen)
        elif problem == "duplicate-item-code" and self.seen:
            code = rng.choice(self.seen)[2]
        else:
            problem = None if problem in ("duplicate-item", "duplicate-item-code") else problem
        if problem == "permit-basis-too-low" and item_type != "行政许可":
            problem = None  # the rule looks at 行政许可 only
        if len(self.seen) < 5000:
            self.seen.append((name, sub, code))
        if problem:
            self.planted.problems[problem] += 1

        typ = item_type
        if rng.random() < 0.05:
            typ = rng.choice(("许可", "01")) if item_type == "行政许可" else typ
        if problem == "invalid-item-type":
            typ = rng.choice(("审批", "许可类", "行政审批"))
        elif problem == "ex-officio-item":
            typ = rng.choice(("行政处罚", "行政检查", "行政强制"))

        shown_dept = dept
        if rng.random() < 0.15 and _ALIASES.get(dept):
            shown_dept = rng.choice(_ALIASES[dept])
        if problem == "unknown-department":
            shown_dept = rng.choice(_DEPT_UNKNOWN)

        level = rng.choice(("省级", "省级", "省级、市级", "省级、市级、县级", "市级、县级"))
        if problem == "invalid-level":
            level = rng.choice(("副省级", "中央级", "国家级"))  # (区县级 is a 县级: v4)

        legal_text, legal_wd = rng.choice(_LEGAL)
        if rng.random() < 0.15:
            promise = "即办"
        else:
            top = int(legal_wd) if legal_wd else 20
            promise = f"{max(1, round(top * rng.uniform(0.2, 0.7)))}个工作日"
        if problem == "promise-exceeds-legal":
            if legal_wd is None:
                legal_text, legal_wd = "20个工作日", 20
            # Longer on every reading (a permit counts a legal N日 as N working days).
            days = int(legal_text.removesuffix("个工作日").removesuffix("日"))
            promise = f"{days + rng.randint(3, 15)}个工作日"
        elif problem == "time-limit-unparseable":
            promise = rng.choice(("尽快办结", "视情况而定", "按规定时限"))
        instant = "是" if promise == "即办" else "否"
        if problem == "instant-mismatch":
            instant = "否" if instant == "是" else "是"

        trips: object = rng.choice((0, 0, 1, 1, 1)) if rng.random() < 0.6 else rng.choice(
            ("0", "1", "0次", "1次", "跑零次", "最多跑一次", "1"))
        exception = ""
        if problem == "trips-exception":
            trips = 2
            exception = rng.choice(("需现场核验原件并实地勘查", "需本人到场采集指纹和照片"))
        elif problem == "trips-exceed-one":
            trips = rng.choice((2, "2次", 3))
        elif problem == "trips-invalid":
            trips = rng.choice(("多次", "若干", "视情况"))
        zero = str(trips) in ("0", "0次", "跑零次")

        online = "是" if rng.random() < 0.55 else "否"
        form = "窗口办理、网上办理" if online == "是" else rng.choice(
            ("窗口办理、快递申请", "窗口办理", "窗口办理、邮寄申请"))
        if zero and online == "否" and "快递" not in form and "邮寄" not in form:
            form = "窗口办理、快递申请"
        if problem == "zero-trip-offline":
            trips, online, form = 0, "否", "窗口办理"
        if problem == "invalid-yes-no":
            online = rng.choice(("部分", "待定中", "部分可以"))

        fee, fee_basis = "否", ""
        if rng.random() < 0.05 or problem == "fee-without-basis":
            fee = "是"
            if problem != "fee-without-basis":
                fee_basis = (f"《浙江省物价局 浙江省财政厅关于{base}收费标准的通知》"
                             f"（浙价费〔{rng.randint(2010, 2016)}〕{rng.randint(10, 300)}号）")

        process = rng.choice(_PROCESSES)
        if problem == "process-too-short":
            process = rng.choice(_SHORT_PROCESS)

        values: dict[str, object] = {
            "序号": seq,
            "事项名称": name,
            "子项名称": sub,
            "事项编码": code,
            "事项类型": typ,
            "实施部门": shown_dept,
            "行使层级": level,
            "设定依据": self._basis(item_type, problem),
            "受理条件": self._conditions(problem),
            "申请材料": self._materials(base, problem),
            "办理流程": process,
            "法定办结时限": legal_text,
            "承诺办结时限": promise,
            "跑动次数": trips,
            "例外说明": exception,
            "是否即办件": instant,
            "是否网上办理": online,
            "办理形式": form,
            "是否收费": fee,
            "收费依据": fee_basis,
            "咨询电话": self._phone(problem),
            "备注": rng.choice(("", "", "", "", "", "", "含分支机构", "2017年新增事项", "需联办")),
        }
        if problem == "missing-value":
            field_name = rng.choice(
                ("设定依据", "受理条件", "办理流程", "承诺办结时限", "实施部门"))
            values[field_name] = rng.choice(("", "无", "详见附件", "/"))
        return item_type, [values[h] for h in HEADERS]


def write_submission(
    path: Path, n: int, *, seed: int = 2017, department: str | None = None
) -> Planted:
    """Write a submission of ``n`` items to ``path`` (.xlsx, XlsxWriter constant_memory)."""
    rng = random.Random(seed)
    maker = _Maker(rng, department, n)
    rows = [maker.row(i + 1) for i in range(n)]
    order = {t: i for i, t in enumerate(
        ("行政许可", "行政确认", "行政给付", "行政裁决", "其他行政权力", "公共服务"))}
    rows.sort(key=lambda r: order.get(r[0], 99))  # stable: grouped by type, as departments do

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    wb = xlsxwriter.Workbook(
        str(tmp), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    ws = wb.add_worksheet("事项清单")
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center"})
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                          "valign": "vcenter", "bg_color": "#D9E1F2"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    plain = wb.add_format({"valign": "top", "border": 1})
    section = wb.add_format({"bold": True})
    for f in ITEM_FIELDS:
        ws.set_column(_COL[f.name], _COL[f.name], f.width, wrap if f.width >= 20 else plain)
    who = department or "浙江省人民政府审改办（汇总）"
    last = len(HEADERS) - 1
    ws.write_string(0, 0, "附件1")
    ws.merge_range(1, 0, 1, last, f"{who}群众和企业到政府办事“最多跑一次”事项目录（第二批）", title)
    ws.write_string(2, 0, f"填报单位（盖章）：{who}    填报人：张明    联系电话：0571-87051234    "
                          "填报日期：2017年3月8日")
    for c, h in enumerate(HEADERS):
        ws.write_string(3, c, h, head)
    ws.freeze_panes(4, 2)
    r = 4
    counts = Counter(t for t, _ in rows)
    current = None
    sections = 0
    for item_type, values in rows:
        if item_type != current:
            current = item_type
            heading = f"{_SECTION_NO[sections]}、{item_type}（{counts[item_type]}项）"
            ws.write_string(r, 0, heading, section)
            sections += 1
            r += 1
        for c, v in enumerate(values):
            if isinstance(v, int):
                ws.write_number(r, c, v)
            elif v:
                ws.write_string(r, c, v, wrap if "\n" in v else plain)
        r += 1
    r += 1
    ws.write_string(r, 0, "填表说明：1. 事项类型从下拉列表选择；"
                          "2. 跑动次数超过1次的须填写例外说明；3. 申请材料逐项编号列出。")
    ws.write_string(r + 1, 0, "审核人：                 负责人：                 2017年3月8日")
    wb.close()
    tmp.replace(path)
    return maker.planted


def ensure_submission(
    folder: Path, n: int, *, seed: int = 2017, department: str | None = None, tag: str = "items"
) -> Path:
    """The cached submission of ``n`` items in ``folder``, generated if it is not there yet."""
    path = folder / f"{tag}-{n}-s{seed}-v{GEN_VERSION}.xlsx"
    if not path.exists():
        write_submission(path, n, seed=seed, department=department)
    return path
