"""Write the sample submissions into samples/submissions (run: python samples/make_samples.py).

Each sample is small and shows one shape of workbook that departments really send, with a
few deliberate problems; samples/README.md lists exactly what the review finds in each.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).resolve().parent

HEADER = [
    "序号", "事项名称", "子项名称", "事项类型", "实施部门", "行使层级", "设定依据", "受理条件",
    "申请材料", "办理流程", "法定办结时限", "承诺办结时限", "跑动次数", "例外说明", "是否即办件",
    "是否网上办理", "办理形式", "是否收费", "收费依据", "咨询电话",
]
FLOW = "申请→受理→审查→决定→送达"

# ---- 1. a clean .xlsx: 浙江省公安厅 ---------------------------------------------------------
POLICE = [
    ["1", "保安服务公司设立许可", "", "行政许可", "浙江省公安厅", "省级",
     "《保安服务管理条例》第八条",
     "1.有不低于人民币100万元的注册资本；\n2.拟任的保安服务公司法定代表人和主要管理人员应当具备任职所需的专业知识和有关业务工作经验；\n3.有与所提供的保安服务相适应的专业技术人员；\n4.有住所和提供保安服务所需的设施、装备；\n5.有健全的组织机构和保安服务管理制度、岗位责任制度、保安员管理制度",
     "1.设立保安服务公司申请书\n2.企业名称预先核准通知书\n3.法定代表人和主要管理人员的居民身份证复印件\n4.保安服务管理制度文本",
     FLOW, "20个工作日", "10个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "",
     "0571-87280114"],
    ["2", "保安培训单位设立许可", "", "行政许可", "浙江省公安厅", "省级",
     "《保安服务管理条例》第三十三条",
     "1.是依法设立的具有法人资格的学校、职业培训机构；\n2.有保安培训所需的专兼职师资力量；\n3.有保安培训所需的场所、设施等教学条件",
     "1.保安培训单位设立申请书\n2.法人资格证书复印件\n3.师资人员名单及资格材料\n4.培训场所和设施情况说明",
     FLOW, "20个工作日", "10个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "",
     "0571-87280114"],
    ["3", "民用爆炸物品购买许可", "", "行政许可", "浙江省公安厅", "省级、市级",
     "《民用爆炸物品安全管理条例》第二十一条",
     "1.具有工商营业执照或者事业单位法人证书；\n2.具有爆破作业单位许可证或者从事大型爆破作业的相关资质",
     "1.民用爆炸物品购买申请表\n2.工商营业执照或者事业单位法人证书复印件\n3.购买品种、数量和用途说明",
     "网上申请→受理→审查→决定", "5日", "3个工作日", "0", "", "否", "是", "网上办理", "否", "",
     "0571-87280114"],
    ["4", "剧毒化学品购买许可", "", "行政许可", "浙江省公安厅", "市级",
     "《危险化学品安全管理条例》第三十九条",
     "1.有营业执照或者法人证书（登记证书）；\n2.购买的剧毒化学品用途合法",
     "1.剧毒化学品购买申请表\n2.营业执照或者法人证书（登记证书）复印件\n3.购买剧毒化学品用途的说明",
     FLOW, "3日", "2个工作日", "0", "", "否", "否", "快递申请、窗口办理", "否", "", "0571-87280114"],
    ["5", "大型群众性活动安全许可（跨设区市）", "", "行政许可", "浙江省公安厅", "省级",
     "《大型群众性活动安全管理条例》第十三条",
     "1.承办者是依照法定程序成立的法人或者其他组织；\n2.大型群众性活动的内容不得违反宪法、法律、法规的规定；\n3.有符合本条例规定的安全工作方案",
     "1.承办者营业执照复印件\n2.大型群众性活动安全工作方案\n3.场所管理者同意使用的书面意见",
     FLOW, "20日", "7个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "", "12345"],
]


def write_police(path: Path) -> None:
    """A plain, clean .xlsx: header on row 1, five items, all pass."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项清单"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in POLICE:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJKLMNOPQRST", [6, 28, 10, 10, 16, 10, 30, 40, 40, 24,
                                                      12, 12, 8, 12, 8, 8, 16, 8, 10, 14],
                             strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.save(path)


# ---- 2. a WPS-style .xls: title rows, two-row header, merged department --------------------
TWO_ROW_TOP = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料",
               "办理流程", "办理时限", "", "跑动次数", "例外说明", "是否即办件", "是否网上办理",
               "是否收费", "咨询电话"]
TWO_ROW_SUB = ["", "", "", "", "", "", "", "", "法定", "承诺", "", "", "", "", "", ""]
CONSTRUCTION = [
    ["1", "建筑业企业资质认定（施工总承包序列二级）", "行政许可", "省建设厅",
     "《中华人民共和国建筑法》第十三条", "1.有符合国家规定的注册资本；\n2.有与其从事的建筑活动相适应的具有法定执业资格的专业技术人员",
     "1.建筑业企业资质申请表\n2.企业法人营业执照副本复印件\n3.企业主要人员注册证书", FLOW,
     "20个工作日", "15个工作日", "1", "", "否", "是", "否", "0571-87055120"],
    ["2", "房地产开发企业资质核定", "行政许可", "",
     "《城市房地产开发经营管理条例》第九条", "1.有100万元以上的注册资本；\n2.有4名以上持有资格证书的房地产专业、建筑工程专业的专职技术人员",
     "1.资质申报表\n2.营业执照复印件\n3.专职技术人员在职证明（须经所在单位盖章）", FLOW,
     "20个工作日", "15个工作日", "1", "", "否", "是", "否", "0571-87055120"],
    ["3", "建设工程质量检测机构资质核准", "行政许可", "",
     "《建设工程质量管理条例》第三十一条", "1.有符合要求的检测人员；\n2.有符合要求的检测设备",
     "1.检测机构资质申请表\n2.检测人员名单\n3.主要检测设备清单", FLOW,
     "20个工作日", "25个工作日", "1", "", "否", "是", "否", "0571-87055120"],
    ["4", "二级建造师执业资格注册", "行政许可", "",
     "根据有关规定", "1.取得二级建造师资格证书；\n2.受聘于一个相关单位",
     "1.注册申请表\n2.资格证书复印件", FLOW,
     "20个工作日", "10个工作日", "1", "", "否", "是", "否", "0571-87055120"],
    ["5", "工程造价咨询企业资质认定", "行政许可", "浙江省住房和城乡建设厅",
     "《中华人民共和国行政许可法》第十二条", "1.有符合规定的专职专业人员；\n2.有固定的办公场所",
     "1.资质申请表\n2.专职专业人员名单", "申请、受理、审查、决定",
     "20个工作日", "15个工作日", "2", "", "否", "否", "否", "0571-87055120"],
]


def write_construction(path: Path) -> None:
    """A WPS-style .xls: 附件1, merged title, 填报单位 row, two-row header, merged 实施部门."""
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("第二批事项")
    bold = xlwt.easyxf("font: bold on; align: horiz center, vert center, wrap on")
    wrap = xlwt.easyxf("align: wrap on, vert top")
    ws.write(0, 0, "附件1")
    ws.write_merge(1, 1, 0, 15, "浙江省住房和城乡建设厅群众和企业到政府办事“最多跑一次”事项目录（第二批）", bold)
    ws.write(2, 0, "填报单位（盖章）：浙江省住房和城乡建设厅    填报人：王明    联系电话：0571-87055120    填报日期：2017年3月8日")
    top, sub = 3, 4
    for col, text in enumerate(TWO_ROW_TOP):
        if text == "办理时限":
            ws.write_merge(top, top, col, col + 1, text, bold)
        elif text:
            ws.write_merge(top, sub, col, col, text, bold)
    for col, text in enumerate(TWO_ROW_SUB):
        if text:
            ws.write(sub, col, text, bold)
    ws.write(5, 0, "一、行政许可（5项）")
    first = 6
    for offset, row in enumerate(CONSTRUCTION):
        for col, value in enumerate(row):
            if col == 3 and offset in (1, 2, 3):
                continue  # merged with the 实施部门 cell above
            if col == 3 and offset == 0:
                ws.write_merge(first, first + 3, 3, 3, value, wrap)
            else:
                ws.write(first + offset, col, value, wrap)
    end = first + len(CONSTRUCTION)
    ws.write(end, 0, "合计")
    ws.write(end, 1, "5项")
    ws.write(end + 2, 0, "填表说明：1.事项名称应与权力清单一致；2.设定依据应写明法律法规名称及条款。")
    for col, width in enumerate([6, 30, 10, 18, 30, 36, 36, 20, 10, 10, 8, 12, 8, 8, 8, 14]):
        ws.col(col).width = 256 * width
    book.save(str(path))


# ---- 3. a GBK .csv ------------------------------------------------------------------------
LABOUR = [
    ["1", "人力资源服务许可", "", "行政许可", "浙江省人力资源和社会保障厅", "省级",
     "《中华人民共和国就业促进法》第四十条", "1.有明确的章程和管理制度；\n2.有开展业务必备的固定场所、办公设施",
     "1.设立申请书\n2.机构章程和管理制度\n3.场所使用权材料", FLOW, "20个工作日", "10个工作日",
     "0", "", "否", "是", "网上办理", "否", "", "0571-85105110"],
    ["2", "劳务派遣经营许可", "", "行政许可", "浙江省人力资源和社会保障厅", "省级",
     "《中华人民共和国劳动合同法》第五十七条", "1.注册资本不得少于人民币二百万元；\n2.有与开展业务相适应的固定的经营场所和设施",
     "1.劳务派遣经营许可申请书\n2.营业执照复印件\n3.其他相关材料", FLOW, "20个工作日", "10个工作日",
     "1", "", "否", "是", "窗口办理、网上办理", "否", "", "0571-85105110"],
    ["3", "工伤认定", "", "行政确认", "浙江省人力资源和社会保障厅", "省级、市级",
     "《工伤保险条例》第十七条", "1.职工发生事故伤害或者被诊断、鉴定为职业病；\n2.符合有关规定",
     "1.工伤认定申请表\n2.与用人单位存在劳动关系的材料\n3.医疗诊断书", FLOW, "60日", "30个工作日",
     "1", "", "否", "是", "窗口办理、网上办理", "否", "", "0571-85105110"],
    ["4", "失业保险金申领", "", "行政给付", "浙江省人力资源和社会保障厅", "市级、县级",
     "《失业保险条例》第十四条", "1.按照规定参加失业保险满一年；\n2.非因本人意愿中断就业；\n3.已办理失业登记",
     "1.失业保险金申领登记表\n2.居民身份证", FLOW, "", "即办",
     "0", "", "是", "否", "窗口办理", "否", "", "0571-85105110"],
    ["5", "企业职工特殊工种提前退休核准", "", "其他行政权力", "浙江省人力资源和社会保障厅", "省级",
     "《国务院关于工人退休、退职的暂行办法》第一条", "1.从事特殊工种累计满规定年限；\n2.达到规定年龄",
     "1.提前退休申请表\n2.特殊工种从业档案", FLOW, "", "10个工作日",
     "1", "", "否", "是", "窗口办理", "否", "", "87654321"],
]


def write_labour(path: Path) -> None:
    """A GBK-encoded .csv exported from an old system, with multi-line quoted cells."""
    with open(path, "w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(LABOUR)


# ---- 4. an .xlsx with a materials sheet ---------------------------------------------------
HEALTH_HEADER = [h for h in HEADER if h != "申请材料"]
HEALTH = [
    ["1", "医疗机构执业登记", "", "行政许可", "浙江省卫生和计划生育委员会", "省级",
     "《医疗机构管理条例》第十五条", "1.按照规定取得设置医疗机构批准书；\n2.符合医疗机构的基本标准", FLOW,
     "45日", "20个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "", "0571-87709000"],
    ["2", "医师执业注册", "", "行政许可", "浙江省卫生和计划生育委员会", "省级、市级",
     "《中华人民共和国执业医师法》第十三条", "1.取得医师资格；\n2.有拟执业的医疗、预防、保健机构", FLOW,
     "30日", "20个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "", "0571-87709000"],
    ["3", "护士执业注册", "", "行政许可", "浙江省卫生和计划生育委员会", "市级",
     "《护士条例》第七条", "1.具有完全民事行为能力；\n2.通过国务院卫生主管部门组织的护士执业资格考试", FLOW,
     "20个工作日", "10个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "", "0571-87709000"],
    ["4", "放射诊疗许可", "", "行政许可", "浙江省卫生和计划生育委员会", "省级",
     "《放射性同位素与射线装置安全和防护条例》第八条", "1.具有经核准登记的医学影像科诊疗科目；\n2.具有符合国家相关标准和规定的放射诊疗场所和配套设施", FLOW,
     "20日", "10个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "", "0571-87709000"],
    ["5", "医疗机构执业登记（新办）", "", "行政许可", "浙江省卫生和计划生育委员会", "省级",
     "《医疗机构管理条例》第十五条", "1.按照规定取得设置医疗机构批准书；\n2.符合医疗机构的基本标准", FLOW,
     "45日", "20个工作日", "1", "", "否", "是", "窗口办理、网上办理", "否", "", "0571-87709000"],
]
MATERIALS_HEADER = ["序号", "事项名称", "材料名称", "材料形式", "份数", "是否证明材料", "材料依据", "来源渠道"]
MATERIALS = [
    ["1", "医疗机构执业登记", "医疗机构执业登记申请书", "原件", 1, "否", "", "申请人自备"],
    ["2", "医疗机构执业登记", "设置医疗机构批准书", "复印件", 1, "否", "", "申请人自备"],
    ["3", "医疗机构执业登记", "医疗机构规章制度", "原件", 1, "否", "", "申请人自备"],
    ["4", "医师执业注册", "医师执业注册申请审核表", "原件", 1, "否", "", "申请人自备"],
    ["5", "医师执业注册", "医师资格证书", "复印件", 1, "否", "", "政府部门核发"],
    ["6", "医师执业注册", "健康证明", "原件", 1, "是", "《医师执业注册管理办法》第九条", "其他"],
    ["7", "护士执业注册", "护士执业注册申请审核表", "原件", 1, "否", "", "申请人自备"],
    ["8", "护士执业注册", "经所在社区居委会盖章的无违法记录说明", "原件", 1, "否", "", "其他"],
    ["9", "医疗机构执业登记（新办）", "医疗机构执业登记申请书", "原件", 1, "否", "", "申请人自备"],
    ["10", "医疗机构执业登记（新办）", "设置医疗机构批准书", "复印件", 1, "否", "", "申请人自备"],
]


def write_health(path: Path) -> None:
    """An .xlsx whose materials are on a separate 申请材料 sheet, plus a hidden dropdown sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项清单"
    ws.append(["浙江省卫生和计划生育委员会“最多跑一次”事项目录（第二批）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEALTH_HEADER))
    ws.append([])
    ws.append(HEALTH_HEADER)
    for row in HEALTH:
        ws.append(row)
    ws.append([])
    ws.append(["注：本表由省卫生计生委政策法规处汇总。"])
    mats = wb.create_sheet("申请材料")
    mats.append(MATERIALS_HEADER)
    for row in MATERIALS:
        mats.append(row)
    lists = wb.create_sheet("下拉选项")
    for value in ("行政许可", "行政确认", "行政给付", "公共服务", "其他行政权力"):
        lists.append([value])
    lists.sheet_state = "hidden"
    wb.save(path)


def write_corrupt(path: Path) -> None:
    """A workbook cut short in transfer: the first 3 KB of a real .xlsx."""
    tmp = path.with_suffix(".tmp.xlsx")
    write_police(tmp)
    path.write_bytes(tmp.read_bytes()[:3000])
    tmp.unlink()


SAMPLES = {
    "浙江省公安厅-第二批.xlsx": write_police,
    "省建设厅-第二批（WPS）.xls": write_construction,
    "省人力社保厅-第二批.csv": write_labour,
    "省卫生计生委-第二批.xlsx": write_health,
    "省民政厅-第二批（传输中断）.xlsx": write_corrupt,
}


def main(folder: Path = HERE / "submissions") -> None:
    """Write every sample into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, write in SAMPLES.items():
        write(folder / name)
        print(f"写入 {folder / name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "submissions")
