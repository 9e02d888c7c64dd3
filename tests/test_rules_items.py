"""Item rules on the items sheet: each code fires at its exact cell; near misses stay silent.

Every case is a tiny submission built from the valid base item (rule_cases.item) with one
thing changed; the whole list of findings is compared, so a case also proves that nothing
else fires.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from catalog_check.registry import Registry
from catalog_check.schemas import check_tables

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from rule_cases import ITEM_NAMES, ITEMS_SHEET, combine, item, make_tables, where

S = ITEMS_SHEET


def test_base_item_is_clean(registry: Registry) -> None:
    """The base item of every case breaks no rule, so each case isolates one rule."""
    assert check_tables(make_tables([item()]), registry) == []


# (id, the item's changed fields, expected (code, column) at row 4)
FIRES = [
    ("missing-value-placeholder", {"受理条件": "无"}, [("missing-value", "受理条件")]),
    ("missing-value-empty", {"实施部门": None}, [("missing-value", "实施部门")]),
    (
        "missing-value-two-fields",
        {"办理流程": "详见附件", "设定依据": "/"},
        [("missing-value", "办理流程"), ("missing-value", "设定依据")],
    ),
    ("missing-value-promise-tbd", {"承诺办结时限": "待定"}, [("missing-value", "承诺办结时限")]),
    ("missing-value-materials-cell", {"申请材料": "见附件"}, [("missing-value", "申请材料")]),
    *((f"missing-value-process-{w}", {"办理流程": w}, [("missing-value", "办理流程")])
      for w in ("详见流程图", "流程图")),
    # a pointer to another row or to the guide instead of the content (passed before)
    *((f"missing-value-pointer-{w}", {"受理条件": w}, [("missing-value", "受理条件")])
      for w in ("同第1项", "同序号1", "同上（设立）", "同设立", "如上", "详见第2行",
                "按办事指南执行", "以办事指南为准")),
    ("invalid-item-type", {"事项类型": "许可证"}, [("invalid-item-type", "事项类型")]),
    ("ex-officio-item", {"事项类型": "行政处罚"}, [("ex-officio-item", "事项类型")]),
    ("ex-officio-item-code", {"事项类型": "06"}, [("ex-officio-item", "事项类型")]),
    ("ex-officio-item-short", {"事项类型": "强制"}, [("ex-officio-item", "事项类型")]),
    # with a note in brackets (was invalid-item-type)
    ("ex-officio-item-noted", {"事项类型": "行政处罚（简易程序）"},
     [("ex-officio-item", "事项类型")]),
    ("ex-officio-item-enforcement-measure", {"事项类型": "行政强制措施"},
     [("ex-officio-item", "事项类型")]),
    ("unknown-department", {"实施部门": "浙江省民防局"}, [("unknown-department", "实施部门")]),
    ("invalid-level", {"行使层级": "省、市"}, [("invalid-level", "行使层级")]),
    ("invalid-level-one-bad", {"行使层级": "省级、区级"}, [("invalid-level", "行使层级")]),
    ("invalid-level-bare-with-note", {"行使层级": "省、市、县（市、区）"},
     [("invalid-level", "行使层级")]),
    ("invalid-level-miscounted", {"行使层级": "省市四级"}, [("invalid-level", "行使层级")]),
    # a note of who acts for the level leaves the level to be read, not a wrong one
    ("invalid-level-note-on-a-wrong-level", {"行使层级": "中央级（委托省级）"},
     [("invalid-level", "行使层级")]),
    ("invalid-item-type-short-with-lei", {"事项类型": "许可类"},
     [("invalid-item-type", "事项类型")]),
    ("invalid-item-type-cancelled-in-brackets", {"事项类型": "行政许可（已取消）"},
     [("invalid-item-type", "事项类型")]),
    ("invalid-yes-no-fee", {"是否收费": "视情况"}, [("invalid-yes-no", "是否收费")]),
    ("invalid-yes-no-online", {"是否网上办理": "部分"}, [("invalid-yes-no", "是否网上办理")]),
    # another column's answer: 即办 answers 是否即办件, 免费 是否收费
    ("invalid-yes-no-online-instant", {"是否网上办理": "即办"},
     [("invalid-yes-no", "是否网上办理")]),
    ("invalid-yes-no-instant-free", {"是否即办件": "免费"}, [("invalid-yes-no", "是否即办件")]),
    ("basis-no-citation", {"设定依据": "根据有关规定"}, [("basis-no-citation", "设定依据")]),
    (
        "basis-no-citation-no-marks",
        {"设定依据": "行政许可法第十二条"},
        [("basis-no-citation", "设定依据")],
    ),
    ("basis-no-article", {"设定依据": "《保安服务管理条例》"}, [("basis-no-article", "设定依据")]),
    (
        "basis-unknown-law",
        {"设定依据": "《中华人民共和国保安服务法》第八条"},
        [("basis-unknown-law", "设定依据")],
    ),
    *(  # a typo of a registered law is no 规范性文件: no permit-basis-too-low beside it
        (f"basis-unknown-law-typo-{t}", {"设定依据": t}, [("basis-unknown-law", "设定依据")])
        for t in ("《中华人民共和国行政许可发》第十二条", "《保安服务管理条列》第八条")
    ),
    (
        "permit-basis-too-low-rule",
        {"设定依据": "《保安培训机构管理办法》第五条"},
        [("permit-basis-too-low", "设定依据")],
    ),
    (  # 国务院令第149号 or 建设部令第149号: the number alone names no law and shows no 法规
        "permit-basis-too-low-order-number-without-issuer",
        {"设定依据": "《149号令》第十条"},
        [("basis-unknown-law", "设定依据"), ("permit-basis-too-low", "设定依据")],
    ),
    (
        "permit-basis-too-low-document",
        {
            "设定依据": "《浙江省人民政府办公厅关于做好“最多跑一次”改革的通知》"
            "（浙政办发〔2017〕12号）第三条"
        },
        [("basis-unknown-law", "设定依据"), ("permit-basis-too-low", "设定依据")],
    ),
    (  # a city bureau issues documents, not 规章 (was read as a 地方政府规章, so passed)
        "permit-basis-too-low-city-bureau-measures",
        {"设定依据": "《杭州市城市管理局户外广告设置管理办法》第六条"},
        [("basis-unknown-law", "设定依据"), ("permit-basis-too-low", "设定依据")],
    ),
    (
        "time-limit-unparseable-promise",
        {"承诺办结时限": "尽快办理"},
        [("time-limit-unparseable", "承诺办结时限")],
    ),
    (
        "time-limit-unparseable-legal",
        {"法定办结时限": "按规定时间"},
        [("time-limit-unparseable", "法定办结时限")],
    ),
    (
        "promise-exceeds-legal",
        {"承诺办结时限": "30个工作日"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    (
        "promise-exceeds-legal-month",
        {"承诺办结时限": "1个月"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    (
        "promise-exceeds-legal-combined",
        {"法定办结时限": None, "承诺办结时限": "法定20日，承诺30日"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    ("instant-mismatch-yes", {"是否即办件": "是"}, [("instant-mismatch", "是否即办件")]),
    ("instant-mismatch-no", {"承诺办结时限": "即办"}, [("instant-mismatch", "是否即办件")]),
    (
        "promise-exceeds-legal-note-mentions-法定",
        {"法定办结时限": "10个工作日（不含法定节假日）", "承诺办结时限": "20个工作日"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    (
        "promise-exceeds-legal-permit-days-both-sides",
        {"法定办结时限": "20日", "承诺办结时限": "25日"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    (
        "promise-exceeds-legal-permit-law-wording",
        {"法定办结时限": "自受理申请之日起二十日内作出行政许可决定", "承诺办结时限": "25日内办结"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    (
        "promise-exceeds-legal-days-outside-permits",
        {"事项类型": "公共服务", "法定办结时限": "二十日", "承诺办结时限": "20个工作日"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    ("trips-invalid", {"跑动次数": "多次"}, [("trips-invalid", "跑动次数")]),
    ("trips-invalid-negative", {"跑动次数": "-1"}, [("trips-invalid", "跑动次数")]),
    # a number past any 64-bit integer (a pasted code) is unreadable, not a crash of the review
    ("trips-invalid-huge", {"跑动次数": "100000000000000000000"}, [("trips-invalid", "跑动次数")]),
    ("trips-invalid-past-float", {"跑动次数": "1" * 400 + "次"}, [("trips-invalid", "跑动次数")]),
    # a note naming more trips than the count (passed as 1, hiding the second trip)
    ("trips-invalid-note-hides-a-trip", {"跑动次数": "1（如需现场勘查，2次）"},
     [("trips-invalid", "跑动次数")]),
    ("trips-invalid-note-adds-a-trip", {"跑动次数": "1次（如需补正材料，再跑1次）"},
     [("trips-invalid", "跑动次数")]),
    ("trips-exceed-one", {"跑动次数": "2"}, [("trips-exceed-one", "例外说明")]),
    (
        "trips-exceed-one-explained-elsewhere",
        {"跑动次数": "2", "例外说明": "详见办事指南"},
        [("trips-exceed-one", "例外说明")],
    ),
    ("missing-value-pointer", {"申请材料": "详见附件1"}, [("missing-value", "申请材料")]),
    (
        "trips-exception",
        {"跑动次数": "2次", "例外说明": "需到现场核验原件并现场勘查"},
        [("trips-exception", "例外说明")],
    ),
    (
        "zero-trip-offline",
        {"是否网上办理": "否", "办理形式": "窗口办理"},
        [("zero-trip-offline", "跑动次数")],
    ),
    (
        "zero-trip-offline-form-empty",
        {"是否网上办理": "N", "办理形式": None},
        [("zero-trip-offline", "跑动次数")],
    ),
    ("fee-without-basis", {"是否收费": "是"}, [("fee-without-basis", "收费依据")]),
    (
        "vague-condition",
        {"受理条件": "1.具有完全民事行为能力；\n2.符合有关规定"},
        [("vague-condition", "受理条件")],
    ),
    *(
        (f"vague-condition-{w}", {"受理条件": f"1.具有完全民事行为能力；\n2.{w}"},
         [("vague-condition", "受理条件")])
        for w in ("其他法律、行政法规规定的条件", "依法应当具备的其他条件", "其他需要具备的条件",
                  "符合有关部门规定", "符合规定条件", "具备相应条件", "满足有关部门要求",
                  "符合申请条件",
                  # passed before
                  "按规定需要具备的其他条件", "法律、法规规定的其他情形", "其他法定情形",
                  "其他相关要求", "符合法律、法规和规章的有关规定", "符合行业主管部门的相关要求",
                  "符合省人力社保厅有关规定",
                  # a verb before whose rules (passed before)
                  "符合法律、法规规定的其他条件", "具备法律、行政法规规定的其他条件",
                  "应当具备法律、法规规定的其他条件", "满足国家和省规定的其他条件",
                  "符合省厅规定的其他条件", "具有法律、法规规定的其他要求")
    ),
    (
        "vague-condition-laws",
        {"受理条件": "1.具有完全民事行为能力；\n2.符合相关法律法规规定"},
        [("vague-condition", "受理条件")],
    ),
    (
        "vague-condition-other",
        {"受理条件": "（一）有固定的经营场所；（二）满足其他法定条件"},
        [("vague-condition", "受理条件")],
    ),
    (
        "vague-condition-other-rules",
        {"受理条件": "1.具有完全民事行为能力；\n2.符合其他有关规定"},
        [("vague-condition", "受理条件")],
    ),
    (
        "vague-condition-laws-and-rules",
        {"受理条件": "（一）有固定的经营场所；（二）符合法律法规及有关规定"},
        [("vague-condition", "受理条件")],
    ),
    (
        "vague-condition-rules-and-requirements",
        {"受理条件": "1.具有完全民事行为能力；\n2.符合相关规定和要求"},
        [("vague-condition", "受理条件")],
    ),
    (
        "vague-condition-statutory",
        {"受理条件": "1.具有完全民事行为能力；\n2.具备法定条件"},
        [("vague-condition", "受理条件")],
    ),
    (  # an unknown regulation, but a regulation: no permit-basis-too-low
        "basis-unknown-regulation-marker-after-the-article",
        {"设定依据": "《外商投资电信企业管理规定》第十条（国务院令第333号）"},
        [("basis-unknown-law", "设定依据")],
    ),
    (
        "zero-trip-offline-post-not-accepted",
        {"是否网上办理": "否", "办理形式": "窗口办理，不接受以邮寄方式提交的申请"},
        [("zero-trip-offline", "跑动次数")],
    ),
    *(
        (f"zero-trip-offline-{form}", {"是否网上办理": "否", "办理形式": form},
         [("zero-trip-offline", "跑动次数")])
        for form in ("窗口办理，须本人到场，不可代办或邮寄", "窗口办理，邮寄件不予受理",
                     "窗口办理，本事项不适用快递", "窗口办理，不接受传真、电子邮件申请",
                     # post brings the result home only: the applicant still comes to apply
                     "窗口办理，证照可快递送达", "窗口受理，结果邮寄送达",
                     # the same in a list of channels (passed: 受理 was read as applying by post)
                     "窗口受理、快递送达", "窗口受理、证照寄送", "窗口受理 EMS送达",
                     # a list of ways to collect the result, said by its clause
                     "窗口受理；领证方式：窗口领取、邮寄", "窗口办理，办理结果可窗口领取/快递")
    ),
    (
        "zero-trip-offline-post-list-denied",
        {"是否网上办理": "否", "办理形式": "窗口办理，不提供邮寄或快递服务"},
        [("zero-trip-offline", "跑动次数")],
    ),
    (
        "zero-trip-offline-post-denied",
        {"是否网上办理": "否", "办理形式": "窗口办理（不支持快递）"},
        [("zero-trip-offline", "跑动次数")],
    ),
    (
        "zero-trip-offline-post-ticked-no",
        {"是否网上办理": "否", "办理形式": "窗口办理：是；快递：否"},
        [("zero-trip-offline", "跑动次数")],
    ),
    (
        "zero-trip-offline-post-denied-after",
        {"是否网上办理": "否", "办理形式": "窗口办理，邮寄（暂不支持）"},
        [("zero-trip-offline", "跑动次数")],
    ),
    (
        "zero-trip-offline-post-list-denied-after",
        {"是否网上办理": "否", "办理形式": "窗口办理，快递、邮寄：否"},
        [("zero-trip-offline", "跑动次数")],
    ),
    (
        "zero-trip-offline-post-not-opened",
        {"是否网上办理": "否", "办理形式": "窗口办理，邮寄（暂未开通）"},
        [("zero-trip-offline", "跑动次数")],
    ),
    (
        "zero-trip-offline-post-box-unticked",
        {"是否网上办理": "否", "办理形式": "窗口办理☑ 快递□"},
        [("zero-trip-offline", "跑动次数")],
    ),
    ("missing-value-pointer-to-a-website", {"受理条件": "详见浙江政务服务网"},
     [("missing-value", "受理条件")]),
    ("missing-value-bracketed-none", {"办理流程": "（无）"}, [("missing-value", "办理流程")]),
    ("promise-exceeds-legal-in-some-cases",
     {"法定办结时限": "20个工作日", "承诺办结时限": "15个工作日，涉及现场核查的25个工作日"},
     [("promise-exceeds-legal", "承诺办结时限")]),
    ("promise-exceeds-legal-months", {"法定办结时限": "1个月", "承诺办结时限": "31日"},
     [("promise-exceeds-legal", "承诺办结时限")]),
    ("promise-exceeds-legal-body-named-like-a-period",
     {"法定办结时限": "20个工作日",
      "承诺办结时限": "10个工作日，涉及检验检测机构异地现场核查的30个工作日"},
     [("promise-exceeds-legal", "承诺办结时限")]),
    (  # the case limit is 25 working days, not 25 bare days (35 for a permit)
        "promise-exceeds-legal-case-limit-in-its-own-unit",
        {"法定办结时限": "15日，涉及现场核查的25个工作日", "承诺办结时限": "30个工作日"},
        [("promise-exceeds-legal", "承诺办结时限")],
    ),
    *(
        (f"vague-condition-{wording}", {"受理条件": f"1.有固定的经营场所；\n2.{wording}"},
         [("vague-condition", "受理条件")])
        for wording in ("其他法律法规规定的条件", "其他依法应当具备的条件", "其他符合规定的条件",
                        "符合有关文件规定", "等其他条件", "变更事项符合相关法律法规规定",
                        "申请事项符合国家有关规定", "拟设立机构符合相关规定", "满足上级部门要求",
                        "符合有关文件精神", "其他符合法律法规规定的条件",
                        "按规定应具备的其他条件", "其他")
    ),
    ("catch-all-material-numbered-without-separator",
     {"申请材料": "（1）设立申请书（2）有关材料"}, [("catch-all-material", "申请材料")]),
    ("vague-condition-numbered-without-separator",
     {"受理条件": "1.年满18周岁2.其他条件"}, [("vague-condition", "受理条件")]),
    ("instant-with-a-longer-case",
     {"法定办结时限": "20个工作日", "承诺办结时限": "即办（需现场核查的30个工作日）",
      "是否即办件": "是"},
     [("promise-exceeds-legal", "承诺办结时限"), ("instant-mismatch", "是否即办件")]),
    ("fee-without-basis-says-no-fee", {"是否收费": "是", "收费依据": "不收费"},
     [("fee-without-basis", "收费依据")]),
    ("fee-without-basis-says-no-fee-after-its-basis",
     {"是否收费": "是", "收费依据": "依据《中华人民共和国行政许可法》第五十八条，不收费"},
     [("fee-without-basis", "收费依据")]),
    *(
        (f"fee-without-basis-says-{word}", {"是否收费": "是", "收费依据": word},
         [("fee-without-basis", "收费依据")])
        for word in ("无依据", "暂无依据", "无收费依据", "没有", "不涉及", "不收取费用",
                     "不收取任何费用", "免费办理", "本事项不收费。", "免收工本费",
                     "暂不收费", "目前免收", "免征", "免缴", "无需缴费", "不予收费", "无费用",
                     "零收费", "0元", "收费标准：免费", "不收取工本费", "是", "否")
    ),
    *(
        (f"fee-without-basis-vague-{word}", {"是否收费": "是", "收费依据": word},
         [("fee-without-basis", "收费依据")])
        for word in ("按规定收费", "按有关规定", "根据相关规定执行", "按国家规定收取",
                     "按相关文件执行", "按标准收费", "依据有关规定。", "按物价部门规定收取",
                     "按照省有关规定执行", "按国家规定标准收取", "依据待查",
                     "根据相关收费文件", "按上级物价部门的规定", "参照物价局文件", "详见收费公示",
                     "见收费标准")
    ),
    *(
        (f"trips-exceed-one-says-{word}", {"跑动次数": "2", "例外说明": word},
         [("trips-exceed-one", "例外说明")])
        for word in ("没有", "无例外情况", "无说明", "不涉及", "暂无",
                     # a yes/no or a count from another column, 需要, a rule nobody names
                     "是", "否", "有", "1", "需要", "待补充说明", "根据有关规定", "按规定需要",
                     # a count with its unit, in words (were trips-exception), no need to say
                     "2次", "两次", "跑2次", "最多跑两次", "无需说明", "不需要说明")
    ),
    ("trips-exception-a-count-with-its-reason",
     {"跑动次数": "2", "例外说明": "2次：需现场勘查"}, [("trips-exception", "例外说明")]),
    ("trips-exception-says-what-cannot-be-done",
     {"跑动次数": "2", "例外说明": "无法网上核验身份，须本人到场签字"},
     [("trips-exception", "例外说明")]),
    ("promise-exceeds-legal-excluding-notice",
     {"法定办结时限": "20个工作日（不含公告的45日）", "承诺办结时限": "30个工作日"},
     [("promise-exceeds-legal", "承诺办结时限")]),
    ("basis-no-citation-vague-title-in-marks", {"设定依据": "根据《有关规定》"},
     [("basis-no-citation", "设定依据")]),
    *((f"basis-no-citation-generic-title-{t}", {"设定依据": f"《{t}》第三条"},
       [("basis-no-citation", "设定依据")]) for t in ("法律法规", "条例", "规范性文件", "…")),
    ("certificate-without-basis-generic-title",
     {"申请材料": "1.申请书\n2.在职证明（依据《条例》）"},
     [("certificate-without-basis", "申请材料")]),
    ("missing-value-en-dash", {"受理条件": "\u2013"}, [("missing-value", "受理条件")]),
    ("missing-value-horizontal-bar", {"受理条件": "\u2015"}, [("missing-value", "受理条件")]),
    (
        "vague-condition-two",
        {"受理条件": "（一）符合法定条件；（二）法律、法规规定的其他条件"},
        [("vague-condition", "受理条件"), ("vague-condition", "受理条件")],
    ),
    ("process-too-short", {"办理流程": "窗口受理"}, [("process-too-short", "办理流程")]),
    ("process-too-short-exam-in-a-sentence", {"办理流程": "考试合格后发证"},
     [("process-too-short", "办理流程")]),
    ("promise-exceeds-legal-from-a-long-event",
     {"法定办结时限": "自收到设区的市级人民政府公安机关审核意见之日起15日",
      "承诺办结时限": "16个工作日"},
     [("promise-exceeds-legal", "承诺办结时限")]),
    ("zero-trip-offline-not-online-in-words",
     {"跑动次数": "0", "是否网上办理": "不可网上办理", "办理形式": "窗口办理"},
     [("zero-trip-offline", "跑动次数")]),
    ("zero-trip-offline-letters-refused",
     {"跑动次数": "0", "是否网上办理": "否", "办理形式": "窗口办理（不接受信函申请）"},
     [("zero-trip-offline", "跑动次数")]),
    ("invalid-phone", {"咨询电话": "87654321"}, [("invalid-phone", "咨询电话")]),
    ("invalid-phone-text", {"咨询电话": "省公安厅治安总队"}, [("invalid-phone", "咨询电话")]),
    ("invalid-phone-fax-only", {"咨询电话": "传真：0571-87280115"},
     [("invalid-phone", "咨询电话")]),
    ("invalid-phone-no-such-area-code", {"咨询电话": "0123-87654321"},
     [("invalid-phone", "咨询电话")]),
    (
        "catch-all-material",
        {"申请材料": "1.保安服务公司设立申请书\n2.其他相关材料"},
        [("catch-all-material", "申请材料")],
    ),
    (
        "certificate-without-basis",
        {"申请材料": "1.保安服务公司设立申请书\n2.无犯罪记录证明"},
        [("certificate-without-basis", "申请材料")],
    ),
    (
        "seal-without-basis",
        {"申请材料": "1.保安服务公司设立申请书\n2.经所在社区居委会盖章的住所使用说明"},
        [("seal-without-basis", "申请材料")],
    ),
    (
        "certificate-named-in-book-marks",
        {"申请材料": "1.保安服务公司设立申请书\n2.《出生医学证明》原件及复印件"},
        [("certificate-without-basis", "申请材料")],
    ),
    (
        "seal-on-a-form-named-in-book-marks",
        {"申请材料": "1.《浙江省最低生活保障申请审批表》（经村（居）委会盖章）"},
        [("seal-without-basis", "申请材料")],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in FIRES], ids=[c[0] for c in FIRES])
def test_rule_fires_at_its_cell(
    registry: Registry, changes: dict[str, str | None], expected: list[tuple[str, str]]
) -> None:
    """Each broken item gives exactly the findings of its rule, at row 4 and the named column."""
    found = where(check_tables(make_tables([item(**changes)]), registry))
    assert found == sorted((0, code, S, 4, column) for code, column in expected)


SILENT = [
    *(
        (f"condition-specific-{wording}", {"受理条件": f"1.有固定的经营场所；\n2.{wording}"})
        for wording in ("企业符合国家产业政策", "项目符合城乡规划要求", "选址符合规划",
                        "企业名称符合规定", "无违法记录，符合相关规定", "不符合相关规定的不予受理",
                        "申请人符合《保安服务管理条例》第八条规定的条件", "符合规定的安全条件",
                        "其他特种设备作业人员须持证上岗")
    ),
    ("process-steps-between-spaces", {"办理流程": "受理 审核 办结"}),
    # one number for phone and fax; a fax beside a phone
    *((f"phone-and-fax-one-number-{label}", {"咨询电话": f"{label}：0571-87280114"})
      for label in ("电话/传真", "电话，传真", "电话、传真", "电话；传真", "传真、电话")),
    ("phone-beside-a-fax", {"咨询电话": "电话：0571-87280114，传真：0571-87280115"}),
    ("phone-after-a-fax", {"咨询电话": "传真：0571-87280115；咨询：010-12345678"}),
    # each yes/no column's own words (template.md: 办件类型 即办件 → 是, 承诺件 → 否)
    ("yes-no-own-words", {"是否即办件": "承诺件", "是否收费": "免费", "是否网上办理": "全程网办"}),
    # an article cited is specific: the auditor can look it up
    ("condition-other-with-a-cited-article",
     {"受理条件": "1.具有完全民事行为能力；\n2.符合《保安服务管理条例》第八条规定的其他条件"}),
    ("condition-other-with-an-article-without-marks",
     {"受理条件": "1.具有完全民事行为能力；\n2.符合保安服务管理条例第八条规定的其他条件"}),
    ("department-with-internal-division", {"实施部门": "浙江省公安厅（治安总队）"}),
    # a law without 《》 beside a rule in 《》: the cell still cites the law (permit-basis-too-low
    # said 仅为部门规章); the law alone without 《》 is basis-no-citation (FIRES)
    ("permit-law-unmarked-beside-a-rule",
     {"设定依据": "中华人民共和国建筑法第二十六条、《建筑业企业资质管理规定》第九条"}),
    ("zero-trip-applying-by-post-result-too",
     {"是否网上办理": "否", "办理形式": "窗口办理，申请材料可邮寄，证照快递送达"}),
    ("trips-with-note-after-comma", {"跑动次数": "1次，领证时到现场"}),
    ("legal-limit-none-in-a-sentence", {"法定办结时限": "法律法规对办理时限未作规定"}),
    # a renewal: the law sets a date, not a span (行政许可法 第五十条; was time-limit-unparseable)
    *((f"legal-limit-before-expiry-{k}", {"法定办结时限": w, "承诺办结时限": "10个工作日"})
      for k, w in (("short", "有效期届满前作出决定"),
                   ("statute", "在该行政许可有效期届满前作出是否准予延续的决定"))),
    ("promise-instant-or-a-case-after-semicolon", {"承诺办结时限": "即办；不能即办的3个工作日",
                                                   "是否即办件": "否"}),
    ("type-short-form", {"事项类型": "许可"}),
    ("type-national-code", {"事项类型": "01"}),
    ("type-public-service", {"事项类型": "公共服务"}),
    ("type-other-written-其它", {"事项类型": "其它行政权力"}),
    ("type-other-with-its-kind-审核转报", {"事项类型": "其他行政权力（审核转报）"}),
    *((f"levels-zhejiang-words-{w}", {"行使层级": w})
      for w in ("省本级", "设区市级", "区县级", "省本级、设区市级")),
    ("online-all-the-way", {"是否网上办理": "全程网办"}),
    *((f"online-in-words-{w}", {"是否网上办理": w}) for w in ("可网上办理", "支持网上办理")),
    ("process-steps-between-commas-each-a-step",
     {"办理流程": "申请人提出申请，窗口受理，审查，作出决定"}),
    ("department-alias", {"实施部门": "省公安厅"}),
    ("levels-several", {"行使层级": "省级、市级、县级"}),
    ("level-township-full-width", {"行使层级": "乡镇（街道）级"}),
    # a note of delegation after the level (was invalid-level, an error)
    *((f"level-with-a-delegation-note-{k}", {"行使层级": w})
      for k, w in (("delegated", "省级（委托下放至设区市）"), ("including", "省级（含委托）"),
                   ("two", "省级、市级（委托县级实施）"))),
    ("level-with-spaces-inside", {"行使层级": "省\u3000级、市　级"}),
    ("levels-separated-by-spaces", {"行使层级": "省级 市级"}),
    ("levels-slash-and-newline", {"行使层级": "省级/市级\n县级"}),
    ("level-empty", {"行使层级": None}),
    # the event a statute counts from, however long its name (保安服务管理条例 第九条)
    ("legal-limit-from-a-long-event",
     {"法定办结时限": "自收到设区的市级人民政府公安机关审核意见之日起15日"}),
    # an exam's, a grant's and an online filing's steps between commas
    *((f"process-steps-between-commas-{w}", {"办理流程": w})
      for w in ("报名，考试，发证", "申领，审核，发放", "在线填报，自动赋码",
                "申请人网上申报，系统自动校验，即时办结")),
    # a letter is post (行政许可法 第二十九条 names 信函 among the ways to apply)
    ("zero-trip-applying-by-letter", {"是否网上办理": "否", "办理形式": "信函申请"}),
    # and 传真, 电子邮件 (电报, 电传) among them: no trip either (was zero-trip-offline)
    *((f"zero-trip-applying-by-{k}", {"是否网上办理": "否", "办理形式": w})
      for k, w in (("fax", "传真申请"), ("email", "电子邮件申请"),
                   ("fax-or-email", "窗口办理、通过传真或电子邮件提交申请"))),
    # laws and rules that 2017 lists cite, registered
    ("basis-guarantee-law", {"设定依据": "《中华人民共和国物权法》第一百八十九条；《中华人民共和国"
                             "担保法》第四十二条"}),
    ("basis-labour-and-health-rules",
     {"设定依据": "《保安服务管理条例》第八条；《劳动人事争议仲裁办案规则》第二十九条；"
                  "《工伤职工劳动能力鉴定管理办法》第七条；《产前诊断技术管理办法》第十一条；"
                  "《浙江省失业保险条例》第二十条"}),
    ("yes-no-letters", {"是否网上办理": "Y", "是否收费": "N"}),
    ("yes-no-ticks", {"是否网上办理": "√", "是否收费": "×"}),
    ("yes-no-instant-kind", {"是否即办件": "承诺件"}),
    ("short-law-title", {"设定依据": "《行政许可法》第十二条"}),
    ("arabic-article", {"设定依据": "《保安服务管理条例》第8条"}),
    ("law-with-clause", {"设定依据": "《中华人民共和国行政许可法》第十二条第（三）项"}),
    (
        "rule-and-regulation",
        {"设定依据": "《保安服务管理条例》第八条；《公安机关实施保安服务管理条例办法》第五条"},
    ),
    ("local-government-rule", {"设定依据": "《浙江省印章刻制治安管理办法》第六条"}),
    (
        "rule-for-public-service",
        {"事项类型": "公共服务", "设定依据": "《保安培训机构管理办法》第五条"},
    ),
    ("promise-equal-legal", {"承诺办结时限": "20个工作日"}),
    ("promise-equal-legal-days", {"法定办结时限": "20日", "承诺办结时限": "20日"}),
    ("promise-natural-days-shorter", {"法定办结时限": "20个工作日", "承诺办结时限": "28日"}),
    (
        "limits-with-notes-naming-法定",
        {"法定办结时限": "20个工作日（不含法定节假日）",
         "承诺办结时限": "5个工作日（材料齐全、符合法定形式的）"},
    ),
    ("promise-with-legal-in-brackets", {"法定办结时限": None,
                                        "承诺办结时限": "5个工作日（法定20个工作日）"}),
    (
        "limits-in-the-words-of-the-law",
        {"法定办结时限": "自受理申请之日起二十日内作出行政许可决定",
         "承诺办结时限": "受理之日起10个工作日内作出决定"},
    ),
    ("permit-days-are-working-days", {"法定办结时限": "二十日", "承诺办结时限": "20个工作日"}),
    ("legal-none", {"法定办结时限": "无"}),
    ("legal-no-limit", {"法定办结时限": "无法定时限", "承诺办结时限": "30个工作日"}),
    ("legal-empty", {"法定办结时限": None, "承诺办结时限": "60个工作日"}),
    (
        "combined-cell-within",
        {"法定办结时限": None, "承诺办结时限": "法定20个工作日，承诺5个工作日"},
    ),
    ("instant-both", {"是否即办件": "是", "承诺办结时限": "即办"}),
    ("instant-zero-days", {"是否即办件": "是", "承诺办结时限": "0个工作日"}),
    ("instant-unset", {"是否即办件": None, "承诺办结时限": "当场办结"}),
    ("trips-chinese", {"跑动次数": "零次"}),
    ("trips-at-most-one", {"跑动次数": "最多跑一次"}),
    ("trips-one", {"跑动次数": "1次", "是否网上办理": "否", "办理形式": "窗口办理"}),
    ("zero-trips-online", {"是否网上办理": "是", "办理形式": "窗口办理"}),
    ("zero-trips-courier", {"是否网上办理": "否", "办理形式": "窗口办理、快递申请"}),
    ("zero-trips-post", {"是否网上办理": "否", "办理形式": "邮寄申请"}),
    ("zero-trips-postal-delivery", {"是否网上办理": "否", "办理形式": "窗口申请、邮政寄送"}),
    ("zero-trips-ems", {"是否网上办理": "否", "办理形式": "EMS寄递"}),
    ("zero-trips-post-from-home", {"是否网上办理": "否", "办理形式": "足不出户邮寄办理"}),
    ("zero-trips-no-visit-post", {"是否网上办理": "否", "办理形式": "无需到现场，可快递申请"}),
    ("zero-trips-no-fee-post", {"是否网上办理": "否", "办理形式": "不收取邮寄费用，快递申请"}),
    ("zero-trips-post-off-hours", {"是否网上办理": "否", "办理形式": "窗口办理，非工作日可邮寄"}),
    ("promise-in-days-equal-to-months", {"法定办结时限": "1个月", "承诺办结时限": "30日"}),
    ("promise-excluding-expert-review",
     {"法定办结时限": "20个工作日", "承诺办结时限": "5个工作日（不含专家评审的30个工作日）"}),
    ("promise-in-days-equal-to-three-months", {"法定办结时限": "3个月", "承诺办结时限": "90日"}),
    ("legal-limit-not-laid-down", {"法定办结时限": "法律法规未规定办结时限"}),
    ("levels-with-county-note", {"行使层级": "省级、市级、县（市、区）级"}),
    ("levels-three-at-once", {"行使层级": "省市县三级"}),
    ("levels-three-at-once-with-marks", {"行使层级": "省、市、县三级"}),
    ("levels-township", {"行使层级": "乡镇级"}),
    ("levels-with-and", {"行使层级": "省级和市级"}),
    ("condition-says-no-other", {"受理条件": "1.具有完全民事行为能力；\n2.其他（无）"}),
    # an exemption for some case after the charge is no "nothing is charged"
    *((f"fee-with-an-exemption-{k}", {"是否收费": "是", "收费依据": t}) for k, t in enumerate((
        "依据浙价费〔2005〕170号，每证收取工本费10元；因发证机关原因换证的，免收",
        "《浙江省物价局关于公安机关收费标准的通知》（浙价费〔2017〕12号）；首次申领的，免费"))),
    # specific content before a catch-all tail, and words ending in 办 / 部
    *((f"condition-specific-{w}", {"受理条件": w})
      for w in ("具有大专以上学历，以及法律、法规规定的其他要求", "符合举办条件", "满足总部要求",
                "符合国家规定的卫生条件", "具备法律规定的资质",
                "符合《律师法》第五条规定的其他条件")),
    # a pointer with content after it says something
    ("pointer-with-more", {"申请材料": "同第1项，另加营业执照"}),
    *((f"same-word-opens-{w}", {"受理条件": w}) for w in ("同意承担相应法律责任",
                                                           "同级人民政府已批准设立")),
    *((f"fee-word-{w}", {"是否收费": w}) for w in ("免征", "停征", "无收费", "免")),
    # one 级 for the whole list (was invalid-level)
    *((f"levels-sharing-ji-{t}", {"行使层级": t})
      for t in ("省、市、县级", "市、县（市、区）级", "省级、设区市、县（市、区）")),
    # trips per channel: at most one either way (was trips-invalid)
    *((f"trips-per-channel-{t}", {"跑动次数": t})
      for t in ("0次（网上办理）；1次（窗口办理）", "网上办理0次，窗口办理1次",
                "0（网办）/1（窗口）")),
    ("type-with-lei", {"事项类型": "行政许可类"}),
    ("type-with-kind", {"事项类型": "其他行政权力（备案）"}),
    ("type-with-shixiang", {"事项类型": "公共服务事项"}),
    ("legal-limit-not-concerned", {"法定办结时限": "不涉及"}),
    ("zero-trips-post-ticked-yes", {"是否网上办理": "否", "办理形式": "快递：否；邮寄：是"}),
    ("zero-trips-post-no-visit", {"是否网上办理": "否", "办理形式": "邮寄：无需到现场"}),
    ("zero-trips-post-partly", {"是否网上办理": "否", "办理形式": "邮寄（不支持跨省寄递）"}),
    ("zero-trips-post-not-cash-on-delivery",
     {"是否网上办理": "否", "办理形式": "窗口办理，邮寄申请（不支持邮寄到付）"}),
    ("zero-trips-post-ticked-box", {"是否网上办理": "否", "办理形式": "窗口办理□ 快递☑"}),
    ("zero-trips-post-or-proxy", {"是否网上办理": "否", "办理形式": "窗口办理，可代办或邮寄"}),
    ("zero-trips-no-proxy-needed-post", {"是否网上办理": "否", "办理形式": "无需代办、邮寄即可"}),
    ("conditions-by-a-published-standard", {"受理条件": "参照网上公布的标准执行"}),

    ("zero-trips-online-unknown", {"是否网上办理": None, "办理形式": "窗口办理"}),
    ("fee-with-basis", {"是否收费": "是", "收费依据": "《浙江省物价局关于保安服务收费的通知》"}),
    ("fee-no", {"是否收费": "否", "收费依据": None}),
    ("fee-basis-document-number", {"是否收费": "是", "收费依据": "浙价费〔2017〕12号"}),
    ("fee-basis-rules-named", {"是否收费": "是",
                               "收费依据": "按《浙江省物价局关于保安服务收费的通知》规定收取"}),
    ("fee-basis-approved-standard", {"是否收费": "是", "收费依据": "按省物价局核定标准收取"}),
    ("instant-no-with-a-longer-case",
     {"法定办结时限": "20个工作日", "承诺办结时限": "即办（需现场核查的15个工作日）",
      "是否即办件": "否"}),
    ("fee-basis-naming-what-is-free",
     {"是否收费": "是", "收费依据": "《浙江省物价局关于保安服务收费的通知》（首次办理免费）"}),
    ("conditions-specific", {"受理条件": "符合《保安服务管理条例》第八条规定的条件"}),
    ("conditions-other-persons", {"受理条件": "1.本市户籍居民；\n2.其他符合条件的人员可申请"}),
    ("conditions-standard-and-form", {"受理条件": "1.符合国家标准；\n2.申请材料符合法定形式"}),
    ("process-steps-words", {"办理流程": "受理、审查、决定"}),
    ("process-numbered", {"办理流程": "1.申请\n2.受理\n3.决定"}),
    ("process-numbered-without-separator", {"办理流程": "（1）申请（2）受理（3）审查（4）决定"}),
    ("phones-several", {"咨询电话": "0571-87654321、12345"}),
    ("phone-mobile", {"咨询电话": "13812345678"}),
    ("phone-bracket-area-code", {"咨询电话": "(0571)87654321"}),
    ("phone-empty", {"咨询电话": None}),
    (
        "applicant-seal",
        {
            "申请材料": "1.保安服务公司设立申请书（加盖申请单位公章）\n2.申请人签字盖章的承诺书\n"
            "3.营业执照复印件（加盖企业公章）\n4.本单位盖章的章程"
        },
    ),
    ("id-documents", {"申请材料": "1.法定代表人身份证明\n2.居民身份证复印件"}),
    (
        "certificate-with-own-basis",
        {
            "申请材料": "1.保安服务公司设立申请书\n"
            "2.驾驶人身体条件证明（《中华人民共和国道路交通安全法》第十九条）"
        },
    ),
    ("specific-materials", {"申请材料": "1.营业执照\n2.章程"}),
    # 行政法规 whose title (a 办法) or 文号 (国发〔1978〕104号) reads lower: known, and enough
    ("basis-state-council-approved-adoption",
     {"设定依据": "《外国人在中华人民共和国收养子女登记办法》第二条"}),
    ("basis-state-council-retirement-measures",
     {"设定依据": "《国务院关于工人退休、退职的暂行办法》（国发〔1978〕104号）第一条"}),
]


@pytest.mark.parametrize("changes", [c[1] for c in SILENT], ids=[c[0] for c in SILENT])
def test_near_miss_stays_silent(registry: Registry, changes: dict[str, str | None]) -> None:
    """Values that look like a problem but are allowed give no finding at all."""
    assert where(check_tables(make_tables([item(**changes)]), registry)) == []


def test_duplicate_item_names_first_row(registry: Registry) -> None:
    """Every repeat of a normalised (事项名称, 子项名称) is flagged and names the first row."""
    tables = make_tables(
        [
            item(),
            item(事项名称="企业名称预先核准", 事项编码="330000-GS-001"),
            item(事项名称="保安服务公司设立许可 "),
            item(事项名称="保安服务公司设立许可。"),
        ]
    )
    linked = check_tables(tables, registry)
    assert where(linked) == [
        (2, "duplicate-item", S, 6, "事项名称"),
        (3, "duplicate-item", S, 7, "事项名称"),
    ]
    assert [dict(f.params)["first_row"] for _, f in linked] == ["4", "4"]
    assert linked[0][1].message.startswith(
        "第6行「事项名称」：事项「保安服务公司设立许可 」与第4行重复"
    )


def test_duplicate_item_message_names_the_sub_item(registry: Registry) -> None:
    """The repeated pair is named whole: which sub-item of the item repeats."""
    name = "药品经营许可证（批发）核发"
    tables = make_tables([item(事项名称=name, 子项名称="新办"),
                          item(事项名称=name, 子项名称="新办。", 事项编码="X2")])
    (linked,) = check_tables(tables, registry)
    assert linked[1].message.startswith(f"第5行「事项名称」：事项「{name}（新办。）」与第4行重复")


def test_placeholder_sub_item_repeats_the_item_without_one(registry: Registry) -> None:
    """子项名称 无 or / is no sub-item: the row repeats the item written without one."""
    tables = make_tables([item(), item(子项名称="无", 事项编码="X2"),
                          item(子项名称="/", 事项编码="X3")])
    linked = check_tables(tables, registry)
    assert [(i, f.code) for i, f in linked] == [(1, "duplicate-item"), (2, "duplicate-item")]
    # and the message names no sub-item 无 (事项「保安服务公司设立许可（无）」)
    assert linked[0][1].message.startswith("第5行「事项名称」：事项「保安服务公司设立许可」与第4行")


def test_duplicate_item_brackets_normalised(registry: Registry) -> None:
    """Full-width and half-width brackets are the same name; another 子项名称 is another item."""
    name = "大型群众性活动安全许可（跨设区市）"
    tables = make_tables(
        [
            item(事项名称=name, 事项编码="A1"),
            item(事项名称="大型群众性活动安全许可(跨设区市)", 事项编码="A1"),
            item(事项名称=name, 子项名称="变更", 事项编码="A2"),
        ]
    )
    assert where(check_tables(tables, registry)) == [(1, "duplicate-item", S, 5, "事项名称")]


def test_duplicate_code_names_other_item(registry: Registry) -> None:
    """One 事项编码 on two different items is flagged on the second, naming the first."""
    tables = make_tables(
        [
            item(),
            item(事项名称="保安培训单位设立许可", 设定依据="《保安服务管理条例》第三十二条"),
        ]
    )
    linked = check_tables(tables, registry)
    assert where(linked) == [(1, "duplicate-item-code", S, 5, "事项编码")]
    f = linked[0][1]
    assert (f.value, dict(f.params)) == (
        "330000-GA-001",
        {"first_row": "4", "other_item": "保安服务公司设立许可"},
    )


def test_sub_items_of_one_item_may_share_its_code(registry: Registry) -> None:
    """律师执业许可 with sub-items 核准 / 变更 / 注销 on one 事项编码 (merged down, or a
    权力基本码 on each): one item, no duplicate-item-code (each sub-item was rejected)."""
    tables = make_tables([item(子项名称=sub) for sub in ("核准", "变更", "注销")])
    assert check_tables(tables, registry) == []


@pytest.mark.parametrize(
    "names",
    [("保安服务公司设立许可（新设）", "保安服务公司设立许可（变更）"),
     ("保安服务公司设立许可——新设", "保安服务公司设立许可——变更"),
     ("保安服务公司设立许可", "保安服务公司设立许可（变更）"),
     ("企业投资（含外商投资）项目备案（基本建设）", "企业投资（含外商投资）项目备案（技术改造）")],
    ids=["bracketed", "dashed", "main-then-sub", "brackets-inside-too"],
)
def test_sub_items_written_into_the_name_may_share_its_code(
    registry: Registry, names: tuple[str, str]
) -> None:
    """The same with the sub-item written into the name (主项（子项）, 主项——子项, as domain.md
    says departments do): one item (each was rejected for duplicate-item-code)."""
    tables = make_tables([item(事项名称=n, 事项编码="330000-GA-001") for n in names])
    assert [f.code for _, f in check_tables(tables, registry)] == []


@pytest.mark.parametrize(
    "names",
    [("行政处罚（对未取得许可擅自从事保安服务的处罚）",
      "行政处罚（对保安员私自为他人提供保安服务的处罚）"),
     ("行政许可-保安服务公司设立许可", "行政许可-保安培训单位设立许可")],
    ids=["type-then-item-bracketed", "type-then-item-dashed"],
)
def test_items_under_a_type_prefix_sharing_a_code_are_two(
    registry: Registry, names: tuple[str, str]
) -> None:
    """An item type before the name (行政处罚（对…的处罚）) is no main item: two items sharing a
    code still give duplicate-item-code."""
    tables = make_tables([item(事项名称=n, 事项编码="330000-GA-001") for n in names])
    assert "duplicate-item-code" in [f.code for _, f in check_tables(tables, registry)]


def test_new_name_patterns_are_judged_at_once(registry: Registry) -> None:
    """The sub-item in a name, its link, a dash-listed extension, rule words before 规定的 and
    post words in a long list of channels: adversarial cells are read at once (they took
    2.6 s, 5.4 s, 6.2 s, minutes and, for 100,000 characters of channels, about 30 s)."""
    from guards import no_hang

    from catalog_check.checks.conditions import is_vague_condition
    from catalog_check.checks.identity import _levels_ok, _main_name
    from catalog_check.checks.materials import _split_sub
    from catalog_check.checks.trips import _by_post
    from catalog_check.parse import is_phone_list

    with no_hang():
        _by_post("窗口办理" + "、快递送达" * 20000)  # (a piece looked for per post word)
        _main_name("()" * 15000 + "x")
        _split_sub("-" * 30000 + "(")
        is_phone_list("0571-87654321-1" + "、12345" * 5000 + "x")
        is_phone_list("0571-87654321 " + "a" * 30000 + "@")
        is_vague_condition("法律法规" * 7000 + "规定的其他条件x")
        _levels_ok("省级(" + "委托" * 15000)  # (a delegation note never closed: 5 s at first)
        _by_post("传真" * 15000)
        is_vague_condition("符合" + "法律、法规" * 6000 + "规定的其他条件x")


def test_duplicate_code_in_scientific_notation_says_why(registry: Registry) -> None:
    """A CSV saved from Excel writes long numeric codes as 3.30101E+14: the codes collide
    because digits were lost, and the message says so (and how to keep them)."""
    tables = make_tables(
        [
            item(事项编码="3.30101E+14"),
            item(事项名称="保安培训单位设立许可", 事项编码="3.30101E+14"),
            item(事项名称="犬类准养证核发", 事项编码="330000-GA-009"),
            item(事项名称="典当业特种行业许可证核发", 事项编码="330000-GA-009"),
        ]
    )
    linked = check_tables(tables, registry)
    assert where(linked) == [
        (1, "duplicate-item-code", S, 5, "事项编码"),
        (3, "duplicate-item-code", S, 7, "事项编码"),
    ]
    scientific, plain = (f.message for _, f in linked)
    assert "该编码为科学计数法，保存时已丢失位数" in scientific
    assert "设为文本格式" in scientific
    assert "科学计数法" not in plain


def test_missing_column_gives_no_missing_value(registry: Registry) -> None:
    """A required field without a column got missing-column already: no missing-value per row."""
    fields = [f for f in ITEM_NAMES if f not in ("受理条件", "办理流程")]
    tables = make_tables([item(受理条件=None, 办理流程=None)], item_fields=fields)
    assert check_tables(tables, registry) == []


def test_column_missing_on_one_sheet_only(registry: Registry) -> None:
    """Presence is per sheet: the sheet that has the column reports its empty cell."""
    with_column = make_tables([item(受理条件=None)], sheet="行政许可")
    without = make_tables(
        [item(事项名称="企业名称预先核准", 事项编码="B1", 受理条件=None)],
        sheet="公共服务",
        item_fields=[f for f in ITEM_NAMES if f != "受理条件"],
        first_row=5,
    )
    linked = check_tables(combine(with_column, without), registry)
    assert where(linked) == [(0, "missing-value", "行政许可", 4, "受理条件")]
    assert linked[0][1].cell == "I4"


def test_missing_value_message_shows_placeholder(registry: Registry) -> None:
    """missing-value says which it is: a placeholder, quoted as written, or an empty cell
    (not "为空或仅填写了占位内容" for both, which left the department to guess)."""
    linked = check_tables(make_tables([item(受理条件="暂无", 办理流程=None)]), registry)
    messages = {f.column: (f.value, f.message) for _, f in linked}
    assert messages == {
        "受理条件": (
            "暂无", "第4行「受理条件」：必填项仅填写了占位内容「暂无」，请如实填写「受理条件」"
        ),
        "办理流程": (None, "第4行「办理流程」：必填项为空，请如实填写「办理流程」"),
    }


def test_unknown_law_suggests_closest_title(registry: Registry) -> None:
    """basis-unknown-law names each unknown title once and suggests the closest registered one."""
    basis = "《保安服务管理条理》第八条、《保安服务管理条理》第九条；《行政许可法》第十二条"
    linked = check_tables(make_tables([item(设定依据=basis)]), registry)
    assert [(f.code, dict(f.params)) for _, f in linked] == [
        (
            "basis-unknown-law",
            {"title": "保安服务管理条理", "suggestion": "，最接近的是《保安服务管理条例》"},
        )
    ]


def test_unknown_law_suggestion_writes_inner_titles_with_single_marks(
    registry: Registry,
) -> None:
    """A suggested title holding 《》 of its own is written 《…〈…〉…》 inside the message."""
    basis = "《浙江省实施〈中华人民共和国道路交通安全法〉实施办法》第二十条"
    linked = check_tables(make_tables([item(事项类型="公共服务", 设定依据=basis)]), registry)
    assert [dict(f.params)["suggestion"] for _, f in linked if f.code == "basis-unknown-law"] == [
        "，最接近的是《浙江省实施〈中华人民共和国道路交通安全法〉办法》"
    ]


def test_permit_levels_named(registry: Registry) -> None:
    """permit-basis-too-low names the levels cited."""
    basis = "《保安培训机构管理办法》第五条，《公安机关实施保安服务管理条例办法》第八条"
    linked = check_tables(make_tables([item(设定依据=basis)]), registry)
    assert [(f.code, dict(f.params)) for _, f in linked] == [
        ("permit-basis-too-low", {"levels": "部门规章"})
    ]


def test_promise_message_quotes_both_limits(registry: Registry) -> None:
    """promise-exceeds-legal quotes the promise and the legal limit as written."""
    linked = check_tables(make_tables([item(承诺办结时限="30个工作日")]), registry)
    f = linked[0][1]
    assert (f.cell, f.value, dict(f.params)) == (
        "M4",
        "30个工作日",
        {"promise": "30个工作日", "legal": "20个工作日", "note": ""},
    )


@pytest.mark.parametrize(
    ("changes", "note"),
    [
        ({"事项类型": "公共服务", "法定办结时限": "45日", "承诺办结时限": "44个工作日"},
         "（“日”按自然日计，折合工作日：承诺约44个，法定约32.1个）"),
        ({"法定办结时限": "20日", "承诺办结时限": "21个工作日"},
         "（行政许可的法定期限以工作日计，折合工作日：承诺约21个，法定约20个）"),
        ({"事项类型": "公共服务", "法定办结时限": "1个月", "承诺办结时限": "25个工作日"},
         "（法定期限1个月按30日计，折合工作日：承诺约25个，法定约21.4个）"),
        ({"法定办结时限": "20日", "承诺办结时限": "25日"}, ""),
        ({"事项类型": "公共服务", "法定办结时限": "1年", "承诺办结时限": "300个工作日"},
         "（1年按12个月、每月21个工作日计，折合工作日：承诺约300个，法定约252个）"),
    ],
    ids=["natural-days-against-working-days", "permit-days", "month", "same-unit", "year"],
)
def test_promise_message_converts_units(
    registry: Registry, changes: dict[str, str], note: str
) -> None:
    """Limits written in different units: the message gives both in working days, so that
    45日 against 44个工作日 does not read as 44 < 45."""
    ((_, f),) = check_tables(make_tables([item(**changes)]), registry)
    assert f.code == "promise-exceeds-legal"
    assert dict(f.params)["note"] == note
    assert f.message.startswith(
        f"第4行「承诺办结时限」：承诺办结时限「{changes['承诺办结时限']}」长于法定办结时限"
        f"「{changes['法定办结时限']}」{note}，"
    )


@pytest.mark.parametrize(
    ("department", "hint"),
    [
        ("浙江省公安局", "，最接近的是「浙江省公安厅」"),
        ("浙江省统计厅", "，最接近的是「浙江省统计局」"),
        ("浙江省人力资源和社保厅", "，最接近的是「浙江省人力资源和社会保障厅」"),
        ("浙江省市场监督管理局", "（这是2018年机构改革后的部门名称）"),
        ("浙江省文化和旅游厅", "（这是2018年机构改革后的部门名称）"),
        ("浙江公安厅", "，最接近的是「浙江省公安厅」"),
        ("杭州市公安局", ""),
        ("浙江省民防局", ""),
        ("省公安厅、省交通运输厅", "（填写了2个部门）"),
    ],
    ids=["other-kind-of-body", "ministry-for-bureau", "abbreviated", "reform-2018",
         "reform-2018-merged", "province-without-省", "a-city-s", "nothing-close", "joint"],
)
def test_unknown_department_names_the_closest(
    registry: Registry, department: str, hint: str
) -> None:
    """unknown-department names the registered department a name is closest to (by what the
    body does, not its 厅/局), or says it is a 2018 name; a city's body gets no suggestion."""
    ((_, f),) = check_tables(make_tables([item(实施部门=department)]), registry)
    assert f.code == "unknown-department"
    assert f.message.startswith(
        f"第4行「实施部门」：实施部门「{department}」不在省级部门名录中{hint}，"
    )


@pytest.mark.parametrize(
    ("department", "message"),
    [
        ("省公安局", "实施部门「省公安局」不在省级部门名录中，最接近的是「浙江省公安厅」，"
         "请填写部门全称"),
        ("浙江省民防局", "实施部门「浙江省民防局」不在省级部门名录中，请填写部门全称，"
         "如浙江省住房和城乡建设厅"),
        ("省公安厅、省交通运输厅", "实施部门「省公安厅、省交通运输厅」不在省级部门名录中"
         "（填写了2个部门），请填写部门全称：联办事项只填写牵头部门，如「浙江省公安厅」，"
         "配合部门可在「备注」中注明"),
        ("省交通运输厅，省公安厅", "实施部门「省交通运输厅，省公安厅」不在省级部门名录中"
         "（填写了2个部门），请填写部门全称：联办事项只填写牵头部门，如「浙江省交通运输厅」，"
         "配合部门可在「备注」中注明"),
        ("省公安厅\n省交通运输厅", "实施部门「省公安厅 省交通运输厅」不在省级部门名录中"
         "（填写了2个部门），请填写部门全称：联办事项只填写牵头部门，如「浙江省公安厅」，"
         "配合部门可在「备注」中注明"),
    ],
    ids=["near", "nothing-close", "joint", "joint-lead-first", "joint-one-per-line"],
)
def test_unknown_department_fix_fits_the_case(
    registry: Registry, department: str, message: str
) -> None:
    """The fix gives an example only where it helps: not 如浙江省住房和城乡建设厅 right after
    naming 「浙江省公安厅」 as the closest; for a joint item, its lead department (listed first)."""
    ((_, f),) = check_tables(make_tables([item(实施部门=department)]), registry)
    assert f.message == f"第4行「实施部门」：{message}"


def test_unknown_department_example_is_of_the_configured_registry(tmp_path) -> None:
    """A configured registry without 浙江省住房和城乡建设厅: the fix's example is one of its own
    departments (it named one the registry does not have)."""
    from catalog_check.registry import load_registry

    table = tmp_path / "departments.csv"
    table.write_text("部门,简称/别名,邮箱,审核小组\n浙江省公安厅,省公安厅,gat@example.gov.cn,"
                     "第二审核小组\n", encoding="utf-8")
    own = load_registry(departments=table)
    ((_, f),) = check_tables(make_tables([item(实施部门="浙江省民防局")]), own)
    assert f.message == ("第4行「实施部门」：实施部门「浙江省民防局」不在省级部门名录中，"
                         "请填写部门全称，如浙江省公安厅")


def test_instant_mismatch_params(registry: Registry) -> None:
    """instant-mismatch quotes 是否即办件 and 承诺办结时限."""
    linked = check_tables(make_tables([item(是否即办件="是")]), registry)
    assert [dict(f.params) for _, f in linked] == [
        {"instant": "是", "promise": "10个工作日",
         "note": "即办件的承诺时限应为即办；确需办理时限的，不应标为即办件"}
    ]
    linked = check_tables(make_tables([item(是否即办件="否", 承诺办结时限="即办")]), registry)
    assert dict(linked[0][1].params)["note"] == "承诺时限为即办的，应标为即办件"


def test_trips_params(registry: Registry) -> None:
    """trips-exceed-one and trips-exception carry the number of trips; the exception its text."""
    tables = make_tables(
        [
            item(跑动次数="两次"),
            item(
                事项名称="保安培训单位设立许可", 事项编码="X2", 跑动次数="3", 例外说明="需现场考核"
            ),
        ]
    )
    linked = check_tables(tables, registry)
    got = [(i, f.code, f.value, dict(f.params)) for i, f in linked]
    assert got == [
        (0, "trips-exceed-one", None, {"trips": "2", "note": "未填写例外说明"}),
        (1, "trips-exception", "需现场考核", {"trips": "3"}),
    ]


def test_process_steps_counted(registry: Registry) -> None:
    """process-too-short says how many steps it found."""
    linked = check_tables(make_tables([item(办理流程="受理")]), registry)
    assert [dict(f.params) for _, f in linked] == [{"steps": "1"}]


def test_vague_condition_names_each_entry(registry: Registry) -> None:
    """vague-condition gives one finding per catch-all entry, quoting it."""
    conditions = "（一）有固定场所；（二）符合相关规定；（三）其他条件"
    linked = check_tables(make_tables([item(受理条件=conditions)]), registry)
    assert [(f.code, f.value) for _, f in linked] == [
        ("vague-condition", "符合相关规定"),
        ("vague-condition", "其他条件"),
    ]


def test_catch_all_materials_in_cell(registry: Registry) -> None:
    """Each catch-all entry of the 申请材料 cell is named, pointing at that cell."""
    cell = (
        "1、设立申请书\n2、营业执照等材料\n3、根据需要提供的相关资料\n4、要求的其他材料\n"
        "5、其它材料\n6、有关材料\n7、法律法规规定的其他材料\n8、其他需要提交的材料"
    )
    linked = check_tables(make_tables([item(申请材料=cell)]), registry)
    assert [(f.code, f.cell, f.value) for _, f in linked] == [
        ("catch-all-material", "J4", v)
        for v in (
            "营业执照等材料",
            "根据需要提供的相关资料",
            "要求的其他材料",
            "其它材料",
            "有关材料",
            "法律法规规定的其他材料",
            "其他需要提交的材料",
        )
    ]


CATCH_ALL_WORDINGS = (
    "其他与申请有关的材料",
    "其他法律法规规定提交的材料",
    "其他法律、法规规定的材料",
    "其它需要说明的材料",
    "其他可以证明的材料",
    "其他相关证明",
    "相关材料复印件",
    "根据实际情况提供相关材料",
    "审查过程中需要补充的材料",
    "补充材料",
    "其他需要提交的与申请有关的材料",
    "其他法律法规规定的与许可有关的材料",
    "其他依法需要提交的与申请人资格有关的证明材料",
    "其他与房屋所有权有关的材料",
    "其他与持有人有关的证明材料",
)
REAL_MATERIALS = (
    "其他股东身份证明复印件",
    "相关资质证书复印件",
    "有关部门的批准文件",
    "护照或其他有效身份证件",
    "其他材料（授权委托书、受托人身份证复印件）",
    "与拟从事业务相关的专业技术人员名单",
    "补充协议",
    "根据实际情况提供以下材料之一：房产证、租赁合同",
    "根据实际情况提供房屋产权证明或租赁合同",
)


def test_catch_all_wordings_beyond_the_common_ones(registry: Registry) -> None:
    """Other ways to say "other / related material" are catch-alls too; real materials that
    merely hold 其他, 相关 or 补充 are not."""
    cell = "\n".join(f"{k}.{v}" for k, v in enumerate((*CATCH_ALL_WORDINGS, *REAL_MATERIALS), 1))
    linked = check_tables(make_tables([item(申请材料=cell)]), registry)
    caught = [f.value for _, f in linked if f.code == "catch-all-material"]
    assert sorted(caught) == sorted(CATCH_ALL_WORDINGS)


def test_findings_link_the_right_item(registry: Registry) -> None:
    """Findings carry the index of their own item and its 事项名称 as written."""
    tables = make_tables(
        [
            item(),
            item(事项名称="保安培训单位设立许可", 事项编码="X2", 咨询电话="电话"),
            item(事项名称="剧毒化学品购买许可", 事项编码="X3", 跑动次数="多次"),
        ]
    )
    linked = check_tables(tables, registry)
    assert [(i, f.code, f.item, f.row) for i, f in linked] == [
        (1, "invalid-phone", "保安培训单位设立许可", 5),
        (2, "trips-invalid", "剧毒化学品购买许可", 6),
    ]


def test_duplicate_on_another_sheet_names_that_sheet(tmp_path, registry: Registry) -> None:
    """A repeat whose first occurrence is on another items sheet says which sheet."""
    import openpyxl

    from catalog_check.reader import read_workbook
    from catalog_check.samples import make_samples
    from catalog_check.table import extract_tables

    wb = openpyxl.Workbook()
    first, second = wb.active, wb.create_sheet("公共服务")
    first.title = "行政许可"
    for ws, rows in ((first, make_samples.POLICE[:2]), (second, make_samples.POLICE[1:3])):
        ws.append(make_samples.HEADER)
        for row in rows:
            ws.append(row)
    path = tmp_path / "两张表.xlsx"
    wb.save(path)
    linked = check_tables(extract_tables(read_workbook(path)), registry)
    dupes = [f for _, f in linked if f.code == "duplicate-item"]
    assert [(f.sheet, f.row) for f in dupes] == [("公共服务", 2)]
    assert "与「行政许可」表第3行重复" in dupes[0].message


def test_phone_that_lost_its_leading_zero_says_why(registry: Registry) -> None:
    """057187654321 stored as a number reads 57187654321: the message names the likely cause."""
    ((_, f),) = check_tables(make_tables([item(咨询电话="57187654321")]), registry)
    assert f.code == "invalid-phone"
    assert "疑似区号前的“0”被 Excel 当作数字去掉" in f.message
    ((_, g),) = check_tables(make_tables([item(咨询电话="87654321")]), registry)
    assert "Excel" not in g.message
    # a mobile missing a digit is no landline that lost its 0 (01380571234 would read as one)
    for mobile in ("1380571234", "１３８０５７１２３４"):  # full-width digits read the same
        ((_, h),) = check_tables(make_tables([item(咨询电话=mobile)]), registry)
        assert "Excel" not in h.message


@pytest.mark.parametrize(
    ("phone", "hint"),
    [("传真：0571-87280115", "只列出了传真号码，请填写可拨打的咨询电话"),
     ("传真号码：0571-87280115、0571-87280116", "只列出了传真号码"),
     ("0571-87280115（传真）", "只列出了传真号码"),
     ("0123-87654321", "没有「0123」这个区号，请核对"),
     ("（0123）87654321", "没有「0123」这个区号")],
)
def test_phone_that_is_a_fax_or_has_no_such_area_code_says_why(
    registry: Registry, phone: str, hint: str
) -> None:
    ((_, f),) = check_tables(make_tables([item(咨询电话=phone)]), registry)
    assert f.code == "invalid-phone"
    assert hint in f.message


@pytest.mark.parametrize("phone", ["87654321", "8765-4321", "８７６５４３２１", "8765432"])
def test_phone_without_its_area_code_is_told_to_add_it(registry: Registry, phone: str) -> None:
    """A local number alone (87654321) is the commonest bad 咨询电话: the message says what is
    missing, not only that the number is invalid."""
    ((_, f),) = check_tables(make_tables([item(咨询电话=phone)]), registry)
    assert f.message == (
        f"第4行「咨询电话」：咨询电话「{phone}」不是有效的电话号码"
        "（缺少区号，请在号码前加上区号，如0571-87654321），"
        "请填写带区号的固定电话、手机号码或12345等服务热线"
    )


def test_local_number_pattern_is_linear_on_a_long_cell(registry: Registry) -> None:
    """The area-code hint's pattern on a 30,000-character cell of digits and dashes."""
    from guards import no_hang

    with no_hang():
        ((_, f),) = check_tables(make_tables([item(咨询电话="8765-4321" * 3400)]), registry)
    assert f.code == "invalid-phone"
    assert "缺少区号" not in f.message


@pytest.mark.parametrize(
    ("written", "shown"),
    [("02", "「02」（行政处罚）"), ("强制", "「强制」（行政强制）"),
     ("行政检查", "「行政检查」"), ("行政处罚（简易程序）", "「行政处罚（简易程序）」")],
    ids=["code", "short", "full", "noted"],
)
def test_ex_officio_code_or_short_form_is_named(
    registry: Registry, written: str, shown: str
) -> None:
    """事项类型 written as a national code (02) or a short form names the type it stands for:
    「02」属依职权事项 alone left the department to look the code up."""
    ((_, f),) = check_tables(make_tables([item(事项类型=written)]), registry)
    assert f.code == "ex-officio-item"
    assert f.message.startswith(f"第4行「事项类型」：{shown}属依职权事项，不列入")


def test_zero_trips_and_exception_messages_read_as_sentences(registry: Registry) -> None:
    """跑动次数为0次 (a count has its unit), and an 例外说明 is quoted as written, so the
    summary group's note after it is not read as part of the department's reason."""
    ((_, f),) = check_tables(
        make_tables([item(是否网上办理="否", 办理形式="窗口办理")]), registry
    )
    assert f.message.startswith("第4行「跑动次数」：跑动次数为0次，但不能网上办理")
    ((_, g),) = check_tables(make_tables([item(跑动次数="2", 例外说明="需现场核验")]), registry)
    assert g.message == (
        "第4行「例外说明」：跑动次数为2次，例外说明为「需现场核验」，"
        "已列入跑动多次的例外事项，由综合组汇总研究，无需修改"
    )


def test_catch_all_test_fails_fast_on_a_long_name() -> None:
    """A material name repeating 与…有关 words is judged at once (it backtracked
    exponentially: 136 characters took 19 s)."""
    from guards import no_hang

    from catalog_check.checks.material_kinds import is_catch_all

    with no_hang():
        for name in ("其他" + "与有关相关" * 2000 + "人员名单", "其他" + "的与甲有关" * 20000 + "x",
                     ("其他" + "与甲有关") * 10000 + "x"):
            assert is_catch_all(name) is False


def test_post_wording_fails_fast_on_many_post_words() -> None:
    """A long 办理形式 repeating post words with spaces between is read at once."""
    from guards import no_hang

    from catalog_check.checks.trips import _by_post

    with no_hang():
        assert _by_post("窗口办理，" + "快递  " * 6000 + "是") is True


@pytest.mark.parametrize(
    ("text", "by_post"),
    [("快递" + " " * 32_000 + "x", True),  # the spaces were read in n² ways after the word
     ("快递" + "\n" * 32_000, True),
     ("快递、" * 10_000 + "快递：否", False),  # each word read the list after it again
     ("快递送达" * 8_000, False)],  # each word read the whole clause again
)
def test_post_wording_is_read_at_once_in_a_full_cell(text: str, by_post: bool) -> None:
    """A 32,000-character 办理形式 is judged at once, whatever it repeats (a run of spaces
    after 快递 took 3.5 s at 16,000 characters, the time growing with the square)."""
    from guards import no_hang

    from catalog_check.checks.trips import _by_post

    with no_hang():
        assert _by_post(text) is by_post


def test_trips_exceed_one_says_what_the_note_holds(registry: Registry) -> None:
    """例外说明 无例外情况 is filled but no reason: the message quotes it, not 未填写 alone."""
    ((_, f),) = check_tables(make_tables([item(跑动次数="2", 例外说明="无例外情况")]), registry)
    assert f.code == "trips-exceed-one"
    assert f.message.startswith(
        "第4行「例外说明」：跑动次数为2次，但例外说明「无例外情况」未说明理由，"
    )
    ((_, g),) = check_tables(make_tables([item(跑动次数="2", 例外说明=None)]), registry)
    assert g.message.startswith("第4行「例外说明」：跑动次数为2次，但未填写例外说明，")


def test_fee_without_basis_says_what_the_basis_holds(registry: Registry) -> None:
    """A vague 收费依据 is quoted; one saying no fee is named a contradiction; an empty one is
    said to be missing."""
    cases = {"按规定收费": "是否收费为“是”，但收费依据「按规定收费」未写明具体的收费文件，",
             "不收费": "是否收费为“是”，但收费依据写的是「不收费」，二者矛盾，",
             None: "是否收费为“是”，但未列明收费依据，",
             "/": "是否收费为“是”，但未列明收费依据，"}
    for basis, start in cases.items():
        ((_, f),) = check_tables(make_tables([item(是否收费="是", 收费依据=basis)]), registry)
        assert f.code == "fee-without-basis"
        assert f.message.startswith(f"第4行「收费依据」：{start}"), f.message


def test_a_sub_item_written_in_brackets_is_not_bracketed_twice(registry: Registry) -> None:
    """子项名称 written as （变更）: the message says 保安服务公司设立许可（变更）."""
    tables = make_tables(
        [
            item(子项名称="（变更）", 事项编码="A1"),
            item(事项名称="保安培训单位设立许可", 子项名称="(新办)", 事项编码="A1",
                 设定依据="《保安服务管理条例》第三十二条"),
        ]
    )
    linked = check_tables(tables, registry)
    assert where(linked) == [(1, "duplicate-item-code", S, 5, "事项编码")]
    assert dict(linked[0][1].params)["other_item"] == "保安服务公司设立许可（变更）"


@pytest.mark.parametrize(
    ("column", "hint"),
    [("法定办结时限", "；法律法规未规定时限的，填“无”"), ("承诺办结时限", "")],
    ids=["legal", "promise"],
)
def test_unparseable_legal_limit_says_how_to_write_none(
    registry: Registry, column: str, hint: str
) -> None:
    """In the 法定办结时限 column the fix also says to write 无 when the law sets no limit (a
    department would otherwise invent one); the promise column has no such way out."""
    linked = check_tables(make_tables([item(**{column: "视情况而定"})]), registry)
    assert [(f.code, f.column) for _, f in linked] == [("time-limit-unparseable", column)]
    assert linked[0][1].message == (
        f"第4行「{column}」：办结时限「视情况而定」无法识别为期限，"
        f"请填写如“5个工作日”“即办”的期限{hint}"
    )


@pytest.mark.parametrize(
    ("basis", "listed"),
    [("按照《权力清单》第3项", "（《权力清单》不是法律法规）"),
     ("依据《办事指南》第2条", "（《办事指南》不是法律法规）"),
     ("见《户口迁移申请表》", "（《户口迁移申请表》不是法律法规）"),
     ("根据有关规定", "")],
    ids=["power-list", "guide", "form", "no-title"],
)
def test_a_list_guide_or_form_in_title_marks_cites_no_law(
    registry: Registry, basis: str, listed: str
) -> None:
    """设定依据 citing only a list, a guide or a form in 《》 cites no instrument:
    basis-no-citation, saying the title is no law (it passed with a basis-unknown-law
    warning); a misspelt law (《保安服务管理条理》) is still looked up instead."""
    linked = check_tables(make_tables([item(设定依据=basis)]), registry)
    assert [(f.code, f.column) for _, f in linked] == [("basis-no-citation", "设定依据")]
    assert linked[0][1].message == (
        f"第4行「设定依据」：设定依据未以书名号列明法律法规名称{listed}，"
        "请写明法律法规全称及条款，如《中华人民共和国行政许可法》第十二条"
    )


def test_a_sub_item_in_brackets_repeats_the_same_sub_item(registry: Registry) -> None:
    """子项名称 变更 and （变更） under one item are one sub-item written twice: duplicate-item
    (they were two items), as the materials sheet links them alike."""
    tables = make_tables([item(子项名称="变更"), item(子项名称="（变更）", 事项编码="X2")])
    assert [(i, f.code) for i, f in check_tables(tables, registry)] == [(1, "duplicate-item")]


@pytest.mark.parametrize(
    "space", ["\u00a0", "\u2002", "\u2003", "\u202f", "\u200b", "\ufeff"],
    ids=["no-break", "en", "em", "narrow-no-break", "zero-width", "bom"],
)
def test_catch_all_after_an_unusual_space_before_its_number(registry: Registry, space: str) -> None:
    """A no-break, em or zero-width space before a material's number (template.md: cells carry
    them) does not glue the number to the material: 2.相关材料 is still the catch-all 相关材料."""
    for cell in (f"1.设立申请书\n{space}2.相关材料", f"1.设立申请书{space}2.相关材料"):
        linked = check_tables(make_tables([item(申请材料=cell)]), registry)
        assert [(f.code, f.column, f.value) for _, f in linked] == [
            ("catch-all-material", "申请材料", "相关材料")
        ], cell


def test_level_with_a_long_run_of_spaces_is_judged_at_once(registry: Registry) -> None:
    """行使层级 cells of a level and a run of a space clean() keeps (U+1680): the spaces round a
    mark were tried from each space of the run (6.8 s a cell)."""
    from guards import no_hang

    run = "\u1680" * 32_000
    tables = make_tables([item(行使层级=level + run + "x") for level in ("省", "市", "县")])
    with no_hang():
        found = check_tables(tables, registry)
    assert [f.code for _, f in found].count("invalid-level") == 3


@pytest.mark.parametrize(
    ("name", "catch_all"),
    [("（" + "、甲" * 16_000, False),  # a bracket that lists what a material is, read n² ways
     ("甲、" * 16_000, False),  # each 、 looked ahead to the next bracket, here the end
     ("其他材料" + "()" * 16_000 + "x", False),  # notes at the end, tried from each bracket
     ("其他材料" + "()" * 16_000, True)],
)
def test_catch_all_test_reads_a_full_cell_at_once(name: str, catch_all: bool) -> None:
    """A 32,000-character material name is judged in milliseconds (2.5 to 4 s before, for
    every such name)."""
    from guards import no_hang

    from catalog_check.checks.material_kinds import is_catch_all

    with no_hang():
        found = [is_catch_all(str(k) + name) for k in range(8)]  # eight such materials
    assert found == [catch_all] * 8
