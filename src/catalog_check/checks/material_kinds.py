"""What a material's text asks for: a catch-all, a certificate, a seal of someone else."""

from __future__ import annotations

import re

from catalog_check.checks._values import bare_key
from catalog_check.text import name_key

__all__ = [
    "GOVERNMENT_FIELDS",
    "entry_pieces",
    "is_catch_all",
    "is_certificate",
    "is_issuer_aside",
    "is_third_party_seal",
    "material_pieces",
]

# What may stand between 其他 and 材料 in a catch-all: 其他相关的材料, 其他需要提交的材料,
# 其他与申请有关的材料, 其他法律法规规定提交的材料, 其它需要说明的材料, 其他可以证明的材料,
# 其他能证明的材料 …
# (与…有关 with no 与, 相关 or 有关 in between: a gap that could hold them would let the
# repeated filler read one name many ways, and backtrack exponentially on a long one)
_FILLER = (
    "(?:依法|应当|应|须|需|需要|要求|认为|相关|有关|必要|补充|所需|提交|提供|证明|说明|可以|审批"
    "|能够|能|法律|法规|规章|规定|、|与(?:(?!与|相关|有关)[^,;]){1,8}?(?:相关|有关)|的)*"
)
_CATCH_ALL = re.compile(
    rf".*(?:其他|其它){_FILLER}(?:材料|资料|文件|证件|证明)等?"
    # 相关材料, 项目相关材料, 与申请有关的材料, 相关附件
    r"|(?:与.{1,12}?|项目|申请|办理|事项|业务)?(?:相关|有关)(?:的)?(?:证明)?"
    r"(?:材料|资料|文件|附件)(?:复印件|原件)?"
    # 相关证件, 有关证件 as the whole material (not 相关证件原件: the originals of those listed)
    r"|(?:相关|有关)(?:的)?证件"
    r"|.+等(?:相关|有关|其他|其它)?(?:的)?(?:材料|资料|证件|文件)"
    # 按规定需提供的材料, 按要求提交的材料, 规定的其他材料
    r"|(?:按|按照|依|依照|根据)?(?:有关|相关)?(?:规定|要求)(?:需|须|应)?(?:提供|提交)?的?"
    r"(?:其他|其它)?(?:材料|资料|文件)"
    r"|.+[、,].+等"  # an open list: 营业执照、身份证等 (…等)
    r"|根据(?:实际|工作|审查|审核)?需要提供.*"
    # 根据实际情况提供相关材料, not 根据实际情况提供房屋产权证明或租赁合同
    r"|根据(?:实际)?情况提供(?:的)?(?:相关|有关|其他|其它)?(?:的)?(?:材料|资料|文件)"
    r"|(?:(?:审查|审核|审批)(?:过程)?中?(?:需要|需)?)?补充(?:的)?(?:材料|资料)"
    r"|(?:其他|其它)"  # 其他（如有）: the bracket is gone by now
)
_THIRD_PARTY = re.compile(
    r"[村居]\([居村]\)民?委员会|[村居]\([居村]\)委会|村民委员会|居民委员会|村两委|村委|居委|社区"
    r"|街道|乡镇|镇政府|乡政府"
    r"|派出所|所在单位|工作单位|用人单位|主管部门|人民政府|出租方|出租人|产权单位"
)
# A seal or stamp: 盖章, 公章 … and one written with its owner, 盖村委会章, 加盖原工作单位人事章,
# or a third party's bare 章 (社区章, 居委会章; not 章程).
_SEAL = re.compile(
    r"盖章|公章|签章|印章|专用章|盖印|印鉴"
    r"|盖[^,;。:()章]{1,12}(?<![规文])章(?!程|节)"
    # (not a chapter: 按主管部门第三章规定)
    rf"|(?:{_THIRD_PARTY.pattern})[^,;。:()章]{{0,4}}(?<![规文\d一二三四五六七八九十])章(?!程|节)"
)
# A signature (签字, 签名) is a third party's only when that party signs: 村委会签字, 村委会负责人
# 签字, 经村委会审核并签字, or its signer without an owner in a clause naming it (村委会意见（负责人
# 签名）). The applicant signs its own papers (申请人签字, 本人签名, 法定代表人签字, and a bare
# 签字 on a form that only mentions a third party: 家庭成员及工作单位情况表（签字）).
_SIGNATURE = re.compile(r"签字|签名")
_THEIR_SIGNER = r"(?:主要负责人|负责人|主任|书记|经办人|领导|所长)"
_THIRD_SIGNS = re.compile(
    rf"(?:{_THIRD_PARTY.pattern})(?:会|办事处|办|政府)?(?:的)?{_THEIR_SIGNER}?(?:签字|签名)"
    # (not the applicant filling in its employer: 由本人填写工作单位并签字)
    rf"|(?:(?<![理自缘事])由|经(?!营|济|费|办|理|销|常|验|历))"  # (经过村委会…签字: by)
    rf"(?!本人|申请人|申请单位|申请者|本单位)[^,;。:]{{0,12}}?"
    # (nor the applicant signing after the party's review: 经街道审核后由申请人签字)
    rf"(?:{_THIRD_PARTY.pattern})(?:(?!申请人|申请单位|本人)[^,;。:]){{0,12}}?(?:签字|签名)"
)
_SIGNER_SIGNS = re.compile(rf"(?:^|(?<=[由经须需并(])){_THEIR_SIGNER}(?:签字|签名)")
# The applicant's own seal never fires (加盖申请单位公章, 申请人盖章, 本单位盖章, 企业公章).
_OWNER = (
    r"(?:申请(?:人|单位|企业|机构|公司|者)|本(?:人|单位|企业|机构|公司)|委托(?:人|单位|公司)"
    r"|公司|企业|单位)"
)
_SIGNER = r"(?:法定代表人|法人代表|法人|主要负责人|负责人)"
_SIGNERS = rf"{_SIGNER}(?:(?:或|/|\(){_SIGNER}\)?)?(?:本人)?"  # 法定代表人（负责人）
# The applicant's seal, named as such: 加盖申请单位公章, 由申请单位法定代表人签字并加盖单位公章,
# 由单位盖章, 由委托人签字盖章, a copy it certifies (…复印件（加盖公章）, whoever issued the
# original). A third party named elsewhere in the clause does not make these theirs.
_OWN_SEAL = re.compile(
    r"(?:加盖|盖)?(?:申请(?:人|单位|企业|机构|者)|本(?:人|单位|企业|机构|公司))"
    r"(?:的)?(?:法定代表人|负责人)?(?:签字|签名)?(?:确认)?(?:并|和|及|或|且|、)?(?:加盖)?"
    r"(?:单位)?(?:公章|盖章|签章|印章|章(?!程))"
    r"|加盖(?:企业|公司)(?:的)?(?:公章|印章)|(?:^|(?<=[由经须并(]))(?:企业|公司)(?:的)?(?:公章|印章)"
    rf"|(?:^|(?<=[由经须并(为])){_OWNER}(?:的)?(?:{_SIGNERS})?"
    r"(?:签字|签名)?(?:确认)?(?:并|和|及|或|且|、)?(?:加盖)?(?:单位)?(?:公章|盖章|签章|印章)"
    r"|(?<=复印件)\(?(?:须|需|并)?加盖(?:单位|本单位|公司|企业)?(?:的)?公章\)?"
    # a copy of a body's own licence that body certifies (《医疗机构执业许可证》副本复印件（加盖
    # 医院公章）), not a person's certificate it stamps (医师执业证书复印件（加盖医院公章）)
    r"|(?:许可证|执照|登记证书?)》?(?:正本|副本)?复印件\(?(?:须|需|并)?加盖"
    r"(?:医院|学校|机构|单位)(?:的)?公章\)?"
)
# A signer named without an owner (由法定代表人签字并加盖公章): the applicant's, unless the clause
# names a third party (村委会意见（负责人签字盖章）).
_OWN_SIGNER = re.compile(
    rf"(?:^|(?<=[由经须并(])){_SIGNERS}"
    r"(?:签字|签名)?(?:确认)?(?:并|和|及|或|且|、)?(?:加盖)?(?:单位)?(?:公章|盖章|签章|印章)"
)
_THIRD_WORDING = re.compile(
    r"(?<![理自缘事])由.{0,24}?(?:盖章|签章|公章|印章)"
    r"|经(?!营|济|费|办|过|理|销|常|验|历).{0,24}?(?:盖章|签章|公章|印章)"
    r"|出具并(?:加)?盖[^,;。:]{0,8}?(?:章|印)"
)
# The seal of a named body (加盖会计师事务所公章, 加盖医院公章): a third party's, except on the
# applicant's own paperwork (放射诊疗许可申请表（加盖医院公章）: the hospital applies).
_PAPERS = "申请表|申请书|申报表|登记表|承诺书|委托书|章程|书面申请"
# and the lists an applicant draws up about itself (放射诊疗工作人员名单（加盖医院公章）)
_OWN_PAPERS = re.compile(f"{_PAPERS}|名单|名册|清单|一览表|明细表|申请$")
_NAMED_SEAL = re.compile(
    r"加盖(?!申请|委托|本)[^,;。:]{0,8}?(?:医院|公司|机构|学校|银行|事务所|协会|学会)(?:的)?"
    r"(?:公章|印章|章)"
)
# What a government department is in charge of (人社部门, 民政部门, 工商部门 …).
GOVERNMENT_FIELDS = (
    "工商|市场监管|公安|民政|税务|地税|国税|人社|人力社保|人力资源和社会保障|卫生|卫计|卫生计生"
    "|教育|住建|建设|国土|国土资源|规划|环保|环境保护|交通|交通运输|水利|农业|林业|商务|文化|司法"
    "|财政|统计|质监|质量技术监督|食药监|食品药品监督|安监|安全生产监督|物价|房管|不动产登记"
    "|出入境|档案|发展改革|发改"
)
# …'s seal right after the body: 盖章, 公章, 负责人签字并盖章 …
_SEALED = (
    r"(?:的)?(?:负责人)?(?:签字|签名)?(?:并|和|、)?(?:加盖|盖)?"
    r"(?:盖章|签章|公章|印章|盖印|章(?!程))"
)
# A government body sealing (县民政局盖章, 当地公安机关盖章, 县级人社部门盖章): never the applicant,
# whatever the material. Named by what it is in charge of: a bureau of another kind (供电局,
# 铁路局, 地质勘查局) may be the applicant.
_BODY_SEAL = re.compile(
    rf"(?:(?:{GOVERNMENT_FIELDS}|市场监督|城管|城市管理|经信|科技|审计|旅游|体育|人防|气象|海洋"
    r"|渔业|粮食|行业主管|业务主管|行政主管)(?:行政)?(?:监督)?(?:管理)?(?:部门|局|厅|委)"
    rf"|(?:公安|税务|登记|司法|审批|发证|行政)机关|法院|检察院|[省市县区]政府){_SEALED}"
)
# A named institution sealing a paper that someone else issues about the applicant (推荐表（学校
# 盖章）, 实习鉴定（医院盖章）, 验资报告（会计师事务所盖章）). Written without 加盖, the body is
# often the applicant itself (放射防护管理制度（医院盖章）, 质量手册（机构盖章）: decisions.md), so
# only papers of those kinds count.
_INSTITUTION_SEAL = re.compile(
    r"(?:学校|院校|大学|学院|医院|卫生院|事务所|(?:评估|鉴定|检测|检验|审计|中介|培训)机构|协会|学会"
    rf"|银行){_SEALED}"
)
_ISSUED_PAPERS = re.compile(r"推荐|鉴定|评语|成绩|证明|意见|验资|审计|评估|资信|体检|诊断|考核")


def _institution_issues(rest: str, key: str) -> bool:
    """A named institution seals a paper of the kinds it issues about the applicant; the kind
    is read in the material's name without the sealing body (质量控制制度（评估机构盖章）: 评估
    is the body's, the paper its own rules)."""
    sealing = _INSTITUTION_SEAL.search(rest)
    return sealing is not None and _ISSUED_PAPERS.search(
        _INSTITUTION_SEAL.sub("", key)) is not None
# A third party's word inside the name of the applicant's own paperwork (社区卫生服务中心设置
# 申请书, 乡镇卫生院执业登记申请表): the applicant is that body. Not when the third party acts on
# the paper before its name (由社区盖章的申请表, 社区出具的申请表, 街道审核后的申请表, 含主管部门
# 意见的申报表): an applicant's name holds no 的 and no such verb.
_NAMED_APPLICANT = re.compile(
    f"(?:{_THIRD_PARTY.pattern})"
    r"(?=(?:(?!盖章|公章|签章|印章|签字|盖印|的|出具|开具|审核|审查|审批|同意|意见|推荐|签署|确认"
    r"|证明|批准|核实|填写|提供)[^,;。:()]){0,20}?"  # an applicant's name is short
    f"(?:{_PAPERS}))"
)
_CLAUSES = re.compile(r"[,;。:]")
# （授权委托书、受托人身份证复印件） (the mark looked for ahead: [^()]*[、,][^()]* read n² ways)
_LISTED = re.compile(r"\((?=[^()]*[、,])([^()]*)\)$")
_HEDGED = re.compile(r"如有|视情况|若有|必要时|等")
_ISSUED_BY_THIRD_PARTY = re.compile(
    f"(?:{_THIRD_PARTY.pattern}).{{0,12}}?(?:出具|开具|提供)"
)

# A clause that only names the third party issuing the document (由村委会出具, 须由社区开具):
# a seal asked for in an earlier clause of the entry is that party's (家庭情况说明（须盖章，
# 由村委会出具）), as one asked for after it is (_ISSUED_BY_THIRD_PARTY).
_ISSUER_ASIDE = re.compile(
    rf"\(?(?:须|需|应|应当)?(?:由)?(?:{_THIRD_PARTY.pattern})[^的,;。:()]{{0,8}}?(?:出具|开具)\)?"
)


def is_issuer_aside(text: str) -> bool:
    """The text only names a third party issuing the material (村委会出具, 由社区开具): a note
    on the material before it, not a material."""
    return _ISSUER_ASIDE.fullmatch(name_key(text)) is not None


def is_catch_all(text: str) -> bool:
    """A catch-all material: 其他材料, 相关材料, …等材料, 根据需要提供… (不得设置兜底性材料要求);
    not one whose brackets list what it is (其他材料（授权委托书、受托人身份证复印件）)."""
    key = name_key(text)
    listed = _LISTED.search(key)
    if listed and not _HEDGED.search(listed[1]):
        return False
    key = bare_key(text).replace("其余", "其他")
    if _CATCH_ALL.fullmatch(key) is not None:
        return True
    # one of several materials written in one entry (营业执照复印件、其他相关材料、身份证复印件)
    pieces = entry_pieces(key) if _PIECE_MARK.search(key) else ()
    return len(pieces) > 1 and any(_CATCH_ALL.fullmatch(bare_key(p)) for p in pieces if p)


_PIECE_MARK = re.compile(r"[、,，;；]")
_PIECE_MARK_OR_BRACKET = re.compile(r"[、,，;；()（）]")


def entry_pieces(text: str) -> list[str]:
    """The materials written in one entry, cut at 、 ， ； outside brackets (a bracket lists
    what a material is: 其他材料（授权委托书、…）), in a key or as written: a mark is inside when
    the next bracket after it closes. (Read from the end, each bracket once: the lookahead
    [、,，;；](?![^()（）]*[)）]) read on to the next bracket from each mark, quadratic in a long
    list.)"""
    return [piece for piece, _ in _cut(text, _PIECE_MARK_OR_BRACKET)]


# Where one material ends and the next begins in an entry: 、 ， ； and 及, 和, 以及 (营业执照和
# 税务登记证), not inside a word (中华人民共和国, 人力资源和社会保障, 住房和城乡建设, 申请人及其
# 配偶, 涉及, 以及 read once).
_MATERIAL_MARK = re.compile(
    r"[、,，;；()（）《》]|以及|(?<![涉普危以波触企顾来])及(?![其时格]|以上|以下|以内)"
    r"|(?<![共总温调])和(?!平|谐|解|社会保障|城乡|信息化|计划生育|改革|旅游)"
)


def material_pieces(text: str) -> list[tuple[str, str]]:
    """The materials written in one entry, each with the word (及, 和, 以及) that joins it to
    the one before, or "": cut as entry_pieces cuts, and also at those words outside brackets and
    outside 《》 (a title such as 《中华人民共和国户口登记条例》 is never cut)."""
    return _cut(text, _MATERIAL_MARK)


_JOINING_WORDS = ("及", "和", "以及")


def _cut(text: str, marks: re.Pattern[str]) -> list[tuple[str, str]]:
    """``text`` cut at the ``marks`` found outside brackets and 《》, each piece with the joining
    word before it (or ""). A mark is inside when the next bracket (or title mark) after it
    closes; read from the end, each mark once."""
    pieces: list[tuple[str, str]] = []
    end = len(text)
    in_bracket = in_title = False  # the next bracket, the next title mark closes
    for m in reversed(list(marks.finditer(text))):
        mark = m.group()
        if mark in ")）":
            in_bracket = True
        elif mark in "(（":
            in_bracket = False
        elif mark == "》":
            in_title = True
        elif mark == "《":
            in_title = False
        elif not in_bracket and not in_title:
            pieces.append((text[m.end() : end], mark if mark in _JOINING_WORDS else ""))
            end = m.start()
    pieces.append((text[:end], ""))
    pieces.reverse()
    return pieces


# A material the applicant is told not to bring, said plainly in its closing bracket:
# 无犯罪记录证明（由受理部门内部核查，申请人无需提供）, 婚姻状况证明（申请人无需提交）,
# 户籍证明（部门内部核查）: no burden to cancel. Not a condition (已登记的无需提交, 能通过数据
# 共享获取的，申请人无需提供), not 经民政部门核实 (the applicant still brings it), not 无需提供
# 原件 or 无需提交纸质材料 (a copy is still asked for).
# (also after the material's own citation: （依据《…》第九条，部门内部核查，申请人无需提供）)
_OWN_CITATION = r"(?:(?:依据|根据)?《[^()《》]{1,60}》[^()《》,;]{0,20}[,;])?"
_NOT_ASKED = re.compile(
    rf"\({_OWN_CITATION}(?:[^()]{{0,16}}内部(?:核查|核实|调取|查询)[,;]?)?(?:申请人)?"
    r"(?:无需|无须|不需|不需要|免于|免予|不再|不用)(?:申请人)?(?:另行)?(?:提供|提交)\)$"
    rf"|\({_OWN_CITATION}[^(),;]{{0,10}}内部(?:核查|核实|调取|查询)\)$"
)


def is_not_asked(text: str) -> bool:
    """The material's own text says the applicant need not provide it."""
    return _NOT_ASKED.search(name_key(text)) is not None


_ISSUED = re.compile(r"出具|开具")
# The applicant issuing it itself: 法定代表人身份证明（申请单位出具）, 单位出具的…身份证明.
_SELF_ISSUED = re.compile(
    r"(?:申请(?:人|单位|企业|机构)|本(?:人|单位|企业|公司)|单位|企业|公司)(?:自行)?(?:出具|开具)"
)


# 证明 as a verb, opening the name (or after 能 / 可以 / 用于 …), with what it proves and 的 after
# it: 证明申请人身份的有效证件, 能够证明其具备相应条件的材料 name papers that prove something, not a
# 证明 (not 证明书的原件, nor 无犯罪记录证明由公安机关出具的原件: a certificate described).
_PROVES = re.compile(
    r"^(?:能够?|可以|足以|用以|用于|以)?证明"
    r"(?!书|材料|文件|资料|信|函|表|单|复印件|原件|及|或|和|、|\(|的)[^的()、,;]{1,20}的"
)
# The applicant's own papers named with 证明: ID documents (身份证明) and the 法定代表人证明书 it
# writes itself (as 法定代表人身份证明书).
_OWN_PROOF = re.compile(r"身份证明|法定代表人(?:资格)?证明")


def is_certificate(text: str) -> bool:
    """A certificate: 证明 in the name, other than the ID documents 身份证明 / 居民身份证 (a
    身份证明 that someone issues is a certificate: 村委会出具的身份证明, 在校学生身份证明（学校
    出具）) and 证明 as a verb (证明申请人身份的有效证件); not one the applicant is told not to
    provide."""
    key = name_key(text)
    if "证明" not in key or is_not_asked(text):
        return False
    key = _PROVES.sub("的", key)
    if "证明" not in key:
        return False
    if "证明" in _OWN_PROOF.sub("", key):
        return True
    if _THIRD_PARTY.search(key) is not None:
        return True
    return _ISSUED.search(key) is not None and _SELF_ISSUED.search(key) is None


# A health institution named after its place (社区卫生服务中心, 乡镇卫生院, 村卫生室) is no
# 社区, 乡镇 or 村委会: it is an institution like a hospital, and often the applicant itself
# (医疗机构执业登记申请书（加盖社区卫生服务中心公章）).
_PLACE_INSTITUTION = re.compile(
    r"(?:[村居]|社区|街道|乡镇|乡|镇)(?:社区)?卫生(?:服务)?(?:中心|站|院|室)"
)


def is_third_party_seal(text: str) -> bool:
    """The material asks for a seal, stamp or signature of someone other than the applicant."""
    key = _PLACE_INSTITUTION.sub("卫生院", name_key(text))
    if not (_SEAL.search(key) or _SIGNATURE.search(key)) or is_not_asked(text):
        return False
    clauses = _CLAUSES.split(key)
    # the last clause that only names a third party issuing the document (由村委会出具)
    aside = max((k for k, c in enumerate(clauses) if _ISSUER_ASIDE.fullmatch(c)), default=-1)
    issued_elsewhere = False  # an earlier clause has a third party issue the document
    for k, clause in enumerate(clauses):
        rest = _OWN_SEAL.sub("", clause)
        sealed = _SEAL.search(rest) is not None
        if sealed or _SIGNATURE.search(rest):
            named = _NAMED_APPLICANT.sub("", rest)
            third = _THIRD_PARTY.search(named) is not None
            if (sealed and third) or _THIRD_SIGNS.search(named) or (
                third and _SIGNER_SIGNS.search(named)
            ):
                return True  # a third party named with the seal, or signing
        if sealed:
            rest = _OWN_SIGNER.sub("", rest)
            if _SEAL.search(rest) and (
                _THIRD_WORDING.search(rest)
                # 居委会出具的家庭情况说明，（内容须真实，）并加盖公章: the issuer's seal
                or issued_elsewhere
                or k < aside  # 家庭情况说明（须盖章，由村委会出具）
                or _BODY_SEAL.search(rest)
                or (
                    (_NAMED_SEAL.search(rest)
                     or _institution_issues(rest, key))
                    and _OWN_PAPERS.search(key) is None
                )
            ):
                return True
        issued_elsewhere = issued_elsewhere or _ISSUED_BY_THIRD_PARTY.search(clause) is not None
    return False
