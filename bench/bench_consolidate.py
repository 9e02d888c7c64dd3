"""Bench: consolidate() + write_catalogue() on 100,000 items from 100 submissions.

Names are templated from the naming patterns of domain.md (object + activity + action, with
situation and level qualifiers), with planted exact duplicates across departments (written
with trivial variants) and planted near-duplicates (（新办）, 和/及/、, 的, 核发/办理, a
moved qualifier). Prints seconds and peak memory; targets: < 20 s and < 2 GiB.

    PYTHONPATH=src python bench/bench_consolidate.py [--items 100000] [--departments 100]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from catalog_check.catalogue import (
    EarlierItem,
    SourceItem,
    Submission,
    consolidate,
    write_catalogue,
)
from catalog_check.catalogue.decisions import item_key

OBJECTS = (
    "危险化学品",
    "第一类非药品类易制毒化学品",
    "民用爆炸物品",
    "剧毒化学品",
    "烟花爆竹",
    "药品",
    "医疗器械",
    "第二类医疗器械",
    "化妆品",
    "食品",
    "保健食品",
    "兽药",
    "饲料和饲料添加剂",
    "农作物种子",
    "食用菌菌种",
    "农药",
    "肥料",
    "林木种子",
    "野生动物",
    "水产苗种",
    "渔业船舶",
    "港口设施",
    "道路旅客运输",
    "道路货物运输",
    "水路运输",
    "机动车",
    "拖拉机和联合收割机",
    "特种设备",
    "计量器具",
    "工业产品",
    "检验检测机构",
    "建筑施工企业",
    "工程监理企业",
    "房地产开发企业",
    "工程造价咨询企业",
    "城乡规划编制单位",
    "建设工程质量检测机构",
    "地质灾害危险性评估单位",
    "地质勘查单位",
    "测绘单位",
    "律师事务所",
    "司法鉴定机构",
    "会计师事务所",
    "代理记账机构",
    "旅行社",
    "拍卖企业",
    "成品油零售企业",
    "人力资源服务机构",
    "劳务派遣单位",
    "技工学校",
    "职业技能鉴定机构",
    "民办学校",
    "中外合作办学机构",
    "养老机构",
    "社会团体",
    "民办非企业单位",
    "基金会",
    "医疗机构",
    "放射诊疗机构",
    "母婴保健技术服务机构",
    "消毒产品生产企业",
    "职业病诊断机构",
    "印刷企业",
    "出版物批发单位",
    "广播电视节目制作经营单位",
    "营业性演出",
    "文艺表演团体",
    "高危险性体育项目",
    "粮食收购企业",
    "人防工程",
    "防雷装置",
    "无人驾驶自由气球、系留气球",
    "排污单位",
    "危险废物",
    "辐射安全",
    "取水单位",
    "水土保持方案",
    "河道管理范围内建设项目",
    "洪水影响评价",
    "建设项目用地",
    "采矿权",
    "探矿权",
    "林木采伐",
    "使用林地",
    "外国人来华工作",
    "外国医师来华短期行医",
    "高新技术企业",
    "实验动物",
    "公章刻制业",
    "旅馆业",
    "保安服务公司",
    "保安培训单位",
    "大型群众性活动",
    "枪支弹药",
    "往来港澳通行证",
    "户口迁移",
    "个体工商户",
    "有限责任公司",
    "股份有限公司",
    "外商投资企业",
    "农民专业合作社",
    "动产抵押",
    "股权出质",
    "广告发布",
)
ACTIVITIES = (
    "",
    "生产",
    "经营",
    "使用",
    "储存",
    "运输",
    "进口",
    "销售",
    "设立",
    "变更",
    "注销",
    "延续",
    "购买",
    "安装",
    "改造",
    "修理",
    "执业",
    "从业",
    "建设",
    "新立",
    "转让",
    "年检",
)
ACTIONS = (
    "许可",
    "许可证核发",
    "审批",
    "登记",
    "备案",
    "认定",
    "核准",
    "资质认定",
    "资格认定",
    "证核发",
    "审核",
    "确认",
    "注册",
    "年审",
    "验收",
)
QUALIFIERS = (
    "",
    "",
    "",
    "（新办）",
    "（变更）",
    "（延续）",
    "（注销）",
    "（补办）",
    "（市级）",
    "（县级）",
)
PREFIXES = ("", "", "省级", "跨设区市", "外资", "内资", "中外合资", "境外", "农村", "城镇")


def _variant(name: str, rng: random.Random) -> str | None:
    """A near-duplicate of ``name`` as another department might write it, or None."""
    options = []
    if "（" not in name:
        options.append(name + rng.choice(("（新办）", "（市级）")))
    if "和" in name:
        options.append(name.replace("和", "及", 1))
    if "、" in name:
        options.append(name.replace("、", "和", 1))
    if name.endswith("证核发"):
        options.append(name[:-2] + "办理")
    if name.endswith("许可"):
        options.append(name + "证核发")
    if "（市级）" in name:
        options.append("（市级）" + name.replace("（市级）", ""))
    if "企业" in name:
        options.append(name.replace("企业", "企业的", 1))
    return rng.choice(options) if options else None


def item_type(name: str) -> str:
    """The type a department would give the item, from its action word."""
    if any(w in name for w in ("许可", "审批", "核准")):
        return "行政许可"
    if any(w in name for w in ("登记", "认定", "确认", "注册")):
        return "行政确认"
    if any(w in name for w in ("备案", "审核", "年审", "验收")):
        return "其他行政权力"
    return "公共服务"


def build(
    items: int, departments: int, seed: int = 2017
) -> tuple[list[Submission], list[EarlierItem], list[tuple[str, str]]]:
    """Submissions of templated items with planted duplicates; earlier-batch items; the
    planted near-duplicate pairs (variant, original)."""
    rng = random.Random(seed)
    per = items // departments
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < items:
        name = (
            rng.choice(PREFIXES)
            + rng.choice(OBJECTS)
            + rng.choice(ACTIVITIES)
            + rng.choice(ACTIONS)
            + rng.choice(QUALIFIERS)
        )
        if name not in seen:
            seen.add(name)
            names.append(name)
    depts = [f"浙江省测试部门{d:03d}" for d in range(departments)]
    rows: list[list[str]] = [names[d * per : (d + 1) * per] for d in range(departments)]
    planted_exact = 0
    planted: list[tuple[str, str]] = []
    untouched = range(per // 10, per - 10)  # originals: neither replaced nor earlier-batch
    for d in range(departments):
        for k in range(per // 20):  # 5 %: the same item as another department, trivially varied
            other = rows[rng.randrange(departments)][rng.choice(untouched)]
            rows[d][k] = rng.choice(
                (
                    other,
                    other + "。",
                    other.replace("（", "(").replace("）", ")"),
                    other[:2] + "\u3000" + other[2:],
                )
            )
            planted_exact += 1
        for k in range(per // 20, per // 10):  # 5 %: a near-duplicate of another department's
            other = rows[rng.randrange(departments)][rng.choice(untouched)]
            v = _variant(other, rng)
            if v is not None:
                rows[d][k] = v
                planted.append((v, other))
    start = datetime(2017, 3, 1, 9)
    subs = []
    for d, dept in enumerate(depts):
        path = f"archive/{d:03d}.xlsx"
        its = tuple(
            SourceItem(
                n,
                None,
                item_type(n),
                dept,
                path,
                "事项清单",
                i + 5,
                trips=rng.choice((0, 1, 1, 2)),
                instant=rng.random() < 0.3,
                online=rng.random() < 0.7,
            )
            for i, n in enumerate(rows[d])
        )
        subs.append(Submission(path, dept, start + timedelta(hours=d), its))
    earlier = [
        EarlierItem(
            rows[d][-1 - k], None, (depts[d],), "第一批", "published/第一批.xlsx", "目录", k + 3
        )
        for d in range(departments)
        for k in range(10)
    ]
    print(
        f"built {sum(len(s.items) for s in subs)} items, {planted_exact} planted exact "
        f"and {len(planted)} planted near duplicates, {len(earlier)} earlier-batch items"
    )
    return subs, earlier, planted


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--departments", type=int, default=100)
    args = ap.parse_args(argv)
    subs, earlier, planted = build(args.items, args.departments)

    t0, c0 = time.perf_counter(), time.process_time()
    c = consolidate(subs, earlier=earlier, resolve_department=lambda text: text)
    t1, c1 = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_catalogue(c, Path(tmp))
        t2, c2 = time.perf_counter(), time.process_time()
        sizes = {k: p.stat().st_size for k, p in paths.items()}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"counts: {c.counts}")
    listed = {p.keys for p in c.probable}
    found = sum(
        1
        for v, o in planted
        if item_key(v, None) == item_key(o, None)
        or frozenset((item_key(v, None), item_key(o, None))) in listed
    )
    print(f"planted near duplicates found: {found} / {len(planted)}")
    print(
        f"consolidate: {t1 - t0:.2f} s (cpu {c1 - c0:.2f} s); "
        f"write_catalogue: {t2 - t1:.2f} s (cpu {c2 - c1:.2f} s); "
        f"total {t2 - t0:.2f} s (cpu {c2 - c0:.2f} s)"
    )
    print(f"load average during the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"peak memory (ru_maxrss): {peak:.0f} MiB; files: "
        + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items())
    )
    ok = (t2 - t0) < 20 and peak < 2048
    print("targets (< 20 s, < 2 GiB):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
