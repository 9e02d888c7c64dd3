"""The rule registry: every review rule with its stable code, severity and Chinese wording.

Codes are the contract (spec/rules.md): never renamed, never reused. Messages are rendered
from a finding's own fields by :func:`catalog_check.findings.render_message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from catalog_check.fields import ITEM_FIELDS

__all__ = ["RULES", "RULES_BY_CODE", "Rule", "Scope", "Severity", "rule"]


class Severity(StrEnum):
    """How a finding weighs on the verdict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word auditors use for this severity."""
        return {"error": "退回", "warning": "提示", "info": "备注"}[self.value]


class Scope(StrEnum):
    """What a rule looks at."""

    FILE = "file"
    ITEM = "item"
    CATALOGUE = "catalogue"


@dataclass(frozen=True, slots=True)
class Rule:
    """One review rule.

    code: stable kebab-case identifier; severity: error / warning / info;
    scope: file, item or catalogue; name: short Chinese name;
    template: what is wrong, a ``str.format`` template over the finding's fields
    (row, column, cell, sheet, item, value) and its params;
    fix: how to fix it, shown in comments and notices; basis: the policy or law behind it;
    defaults: what a param reads when a finding leaves it out, and where the rule is shown
    without a finding (the template's 填表说明).
    """

    code: str
    severity: Severity
    scope: Scope
    name: str
    template: str
    fix: str
    basis: str = ""
    defaults: tuple[tuple[str, str], ...] = ()


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO
F, T, C = Scope.FILE, Scope.ITEM, Scope.CATALOGUE

RULES: tuple[Rule, ...] = (
    # ---- file level -------------------------------------------------------------------
    Rule("unsupported-format", E, F, "文件格式不支持",
         "文件不是可读取的电子表格（{detail}）",
         "请以 .xlsx、.xls、.ods 或 .csv 格式重新提交"),
    Rule("file-unreadable", E, F, "文件无法读取",
         "文件已损坏或内容无法解析（{detail}）",
         "请用 Excel 或 WPS 打开确认无误、重新保存后提交"),
    Rule("file-encrypted", E, F, "文件设有打开密码",
         "文件需要密码才能打开",
         "请取消密码保护后重新提交"),
    Rule("file-too-large", E, F, "文件超出大小限制",
         "文件超出限制：{detail}",
         "请拆分文件或删除多余内容后重新提交"),
    Rule("header-not-found", E, F, "未找到表头",
         "前30行中未找到包含「事项名称」及其他至少三个标准列名的表头",
         "请使用统一模板，表头须含全部必填列：{required}",
         defaults=(("required", "、".join(f.name for f in ITEM_FIELDS if f.required)),)),
    Rule("missing-column", E, F, "缺少必填列",
         "表格缺少必填列「{column}」{which}",
         "请按统一模板补充「{column}」列后重新提交"),
    Rule("returned-report", E, F, "报送的是审核材料",
         "此文件是审核组出具的《{kind}》，不是事项目录",
         "请在标注版（或原文件）中修改后，重新报送完整的事项目录"),
    Rule("no-items", E, F, "没有事项",
         "表头下没有任何事项行",
         "请在表头下逐行填写事项后重新提交"),
    Rule("late-submission", W, F, "逾期报送",
         "文件于{received}收到，晚于报送截止日期{deadline}",
         "请在截止日期前报送；已逾期的，请向审核小组说明原因"),
    # ---- completeness and identity -----------------------------------------------------
    Rule("missing-value", E, T, "必填项为空",
         "必填项{state}",
         "请如实填写「{column}」",
         defaults=(("state", "为空或仅填写了占位内容"),)),
    Rule("invalid-item-type", E, T, "事项类型不规范",
         "事项类型「{value}」不是十一类事项类型之一",
         "请填写行政许可、行政确认、行政给付、公共服务等规范类型"),
    Rule("ex-officio-item", E, T, "依职权事项",
         "「{value}」{kind}属依职权事项，不列入群众和企业办事事项目录",
         "确属依职权事项的请删除该事项，类型填写有误的请改正事项类型",
         "依职权事项不列入办事事项目录"),
    Rule("duplicate-item", E, T, "事项重复",
         "事项「{item}{subitem}」与{first_sheet}第{first_row}行重复",
         "请删除重复行或用子项名称加以区分"),
    Rule("duplicate-item-code", E, T, "事项编码重复",
         "事项编码「{value}」已被{first_sheet}第{first_row}行的「{other_item}」使用{why}",
         "请核对事项编码，一个编码只对应一个事项"),
    Rule("unknown-department", E, T, "实施部门无法识别",
         "实施部门「{value}」不在省级部门名录中{suggestion}",
         "请填写部门全称{example}",
         defaults=(("example", "，如浙江省住房和城乡建设厅"),)),
    Rule("invalid-level", E, T, "行使层级不规范",
         "行使层级「{value}」不规范",
         "请填写省级、市级、县级或乡镇（街道）级，多个层级用顿号分隔"),
    Rule("item-after-notes", W, T, "事项位于表尾说明之后",
         "本行在表格下方的说明、签字等表尾内容（第{notes_row}行起）之后，已按事项一并审核",
         "请确认是否为报送事项；如是，请移到表尾说明之前，使其在表格之内"),
    Rule("invalid-yes-no", E, T, "是否类取值不规范",
         "「{value}」不是有效的是/否取值",
         "请填写“是”或“否”"),
    # ---- legal basis -------------------------------------------------------------------
    Rule("basis-no-citation", E, T, "设定依据未引用法规",
         "设定依据未以书名号列明法律法规名称{listed}",
         "请写明法律法规全称及条款，如《中华人民共和国行政许可法》第十二条"),
    Rule("basis-no-article", W, T, "设定依据未列明条款",
         "设定依据列明了法规名称但未列明具体条款",
         "请补充具体条款，如第十二条第（三）项"),
    Rule("basis-unknown-law", W, T, "设定依据法规无法识别",
         "设定依据《{title}》未收录于审核法规库{suggestion}",
         "请核对是否为法规全称；名称无误的无需修改，由审核小组人工核对"),
    Rule("permit-basis-too-low", W, T, "许可设定依据层级不足",
         "行政许可的设定依据仅为{levels}，部门规章和规范性文件不得设定行政许可",
         "请补充法律、行政法规、国务院决定或地方性法规依据",
         "《中华人民共和国行政许可法》第十七条"),
    # ---- time limits, trips, fees ------------------------------------------------------
    Rule("time-limit-unparseable", E, T, "办结时限无法识别",
         "办结时限「{value}」无法识别为期限",
         "请填写如“5个工作日”“即办”的期限{none}"),
    Rule("promise-exceeds-legal", E, T, "承诺时限超过法定时限",
         "承诺办结时限「{promise}」长于法定办结时限「{legal}」{note}",
         "承诺时限应不超过法定时限，请压缩承诺时限"),
    Rule("instant-mismatch", E, T, "即办件与时限不一致",
         "是否即办件为「{instant}」，但承诺办结时限为「{promise}」，{note}",
         "请据实修改其中一项，使两者一致"),
    Rule("trips-invalid", E, T, "跑动次数不规范",
         "跑动次数「{value}」不是一个确定的次数",
         "请填写一个确定的整数次数，如0或1"),
    Rule("trips-exceed-one", E, T, "跑动多次未说明",
         "跑动次数为{trips}次，但{note}",
         "跑动超过一次须在「例外说明」中说明理由，或压减为最多跑一次"),
    Rule("trips-exception", W, T, "跑动多次例外",
         "跑动次数为{trips}次，例外说明为「{value}」",
         "已列入跑动多次的例外事项，由综合组汇总研究，无需修改"),
    Rule("zero-trip-offline", E, T, "跑零次但不支持网办或快递",
         "跑动次数为0次，但不能网上办理，办理形式也未提供快递或邮寄申请（寄送办理结果不算）",
         "跑零次事项须支持网上办理或快递（邮寄）申请"),
    Rule("fee-without-basis", E, T, "收费未列明依据",
         "是否收费为“是”，但{note}",
         "请填写收费依据（文件名称及文号）和收费标准；不收费的请将是否收费改为“否”"),
    # ---- materials ---------------------------------------------------------------------
    Rule("no-materials", E, T, "未列申请材料",
         "事项未列明任何申请材料{hint}",
         "请在申请材料列或申请材料表中逐项列明材料"),
    Rule("catch-all-material", E, T, "兜底性材料",
         "材料「{value}」属兜底性要求",
         "请删除，或改为写明具体的材料名称",
         "不得设置“其他材料”等兜底性要求"),
    Rule("certificate-without-basis", E, T, "证明材料无依据",
         "证明材料「{value}」未列明法律法规依据",
         "应予取消，或补充法律、法规、国务院决定依据",
         "取消没有法律法规依据的证明"),
    Rule("certificate-basis-too-low", E, T, "证明材料依据层级不足",
         "证明材料「{value}」的依据仅为{levels}",
         "证明材料须有法律、法规或国务院决定依据，否则应予取消",
         "取消没有法律法规依据的证明"),
    Rule("seal-without-basis", E, T, "盖章环节无依据",
         "材料「{value}」要求他人盖章但未列明法律法规依据",
         "应取消该盖章环节，或补充法律法规依据",
         "取消没有法律法规依据的盖章环节"),
    Rule("unlinked-material", W, T, "材料找不到所属事项",
         "材料「{value}」所属的事项「{item}」在事项清单中{why}",
         "请在申请材料表中填写与事项清单一致的事项名称或事项编码，使每项材料对应到所属事项"),
    Rule("shareable-material", W, T, "可共享材料",
         "材料「{value}」由政府部门核发",
         "可通过数据共享获取，建议免于提交"),
    # ---- conditions, process, contacts -------------------------------------------------
    Rule("vague-condition", W, T, "受理条件笼统",
         "受理条件「{value}」为笼统的兜底表述",
         "请写明具体条件"),
    Rule("process-too-short", W, T, "办理流程过简",
         "办理流程只列出{steps}个环节，未分步写明",
         "请用“→”或编号逐步写明办理环节，如：受理→审查→决定→送达"),
    Rule("invalid-phone", W, T, "咨询电话不规范",
         "咨询电话「{value}」不是有效的电话号码{hint}",
         "请填写带区号的固定电话、手机号码或12345等服务热线"),
    # ---- across submissions ------------------------------------------------------------
    Rule("published-in-earlier-batch", W, C, "已在前批公布",
         "事项「{item}」已在{batch}目录中公布",
         "不列入本批目录"),
    Rule("duplicate-across-departments", W, C, "跨部门重复",
         "事项「{item}」由{departments}同时报送",
         "请综合组确定牵头部门"),
    Rule("probable-duplicate", N, C, "疑似重复",
         "「{item}」与「{other_item}」疑似为同一事项（{reason}）",
         "请人工确认是否合并"),
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
if len(RULES_BY_CODE) != len(RULES):  # pragma: no cover - guarded by tests too
    raise RuntimeError("duplicate rule code")


def rule(code: str) -> Rule:
    """Return the rule registered under ``code`` (KeyError for an unknown code)."""
    return RULES_BY_CODE[code]
