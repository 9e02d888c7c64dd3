"""审核报告.html: one self-contained page (inline CSS and SVG, no script, nothing fetched)."""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from catalog_check.files import atomic_path
from catalog_check.reports._styles import (
    ACCEPTED_LABEL,
    REJECTED_LABEL,
    message,
    numbered,
    received_text,
    rule_name,
    severity_label,
)
from catalog_check.rules import RULES, RULES_BY_CODE, Severity
from catalog_check.verdict import (
    ACCEPTED,
    REJECTED,
    UNKNOWN_DEPARTMENT,
    UNREADABLE_FORMAT,
    FileReview,
)

__all__ = ["render_review_html", "write_review_html"]

_BAR_COLORS = {"error": "#C0392B", "warning": "#D4A017", "info": "#5B8DB8"}

_CSS = """
:root { --line: #d0d7de; --head: #ddebf7; --err: #ffc7ce; --err-t: #9c0006;
        --warn: #ffeb9c; --warn-t: #9c5700; --ok-t: #006100; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 16px 24px 48px; color: #1f2328;
       font: 14px/1.6 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
       "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 24px; margin: 8px 0 4px; color: #1f4e79; }
h2 { font-size: 18px; margin: 28px 0 8px; color: #1f4e79; border-bottom: 2px solid #1f4e79; }
.file { color: #57606a; margin: 0 0 8px; word-break: break-all; }
.badge { display: inline-block; padding: 2px 12px; border-radius: 12px; font-weight: bold; }
.badge.accepted { background: #c6efce; color: var(--ok-t); }
.badge.partial, .badge.rejected, .badge.unreadable { background: var(--err); color: var(--err-t); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; min-width: 110px; }
.card b { display: block; font-size: 22px; }
.card.error b { color: var(--err-t); } .card.warning b { color: var(--warn-t); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--head); position: sticky; top: 0; white-space: nowrap; }
td.msg, td.wrap { white-space: pre-wrap; word-break: break-word; }
td.num { text-align: right; white-space: nowrap; }
table.kv th { width: 120px; position: static; }
table.kv td { word-break: break-all; }
tr.error td.sev { background: var(--err); color: var(--err-t); font-weight: bold; }
tr.warning td.sev { background: var(--warn); color: var(--warn-t); font-weight: bold; }
td.accepted { color: var(--ok-t); font-weight: bold; }
td.rejected { color: var(--err-t); font-weight: bold; }
td.bar { width: 40%; }
td.bar svg { display: block; width: 100%; height: 14px; }
code { font-family: Consolas, "Courier New", monospace; font-size: 12px; }
.none { color: #57606a; }
footer { margin-top: 32px; color: #57606a; font-size: 12px; }
@media print { th { position: static; } body { max-width: none; } }
"""


def write_review_html(review: FileReview, out: Path) -> Path:
    """Write 审核报告.html for one file; return its path."""
    with atomic_path(out) as tmp:
        tmp.write_text(render_review_html(review), encoding="utf-8")
    return out


def render_review_html(review: FileReview) -> str:
    """The review page as one HTML string; every submitted text is escaped."""
    name = review.display_name
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may load or run: the page is read offline and may quote hostile text.
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>审核报告 - {_e(name)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>审核报告</h1>",
        f'<p class="file">{_e(name)}</p>',
        f'<span class="badge {_e(review.status)}">审核结论：{_e(review.status_label)}</span>',
        "</header>",
        *_summary(review),
        *_file_findings(review),
        *_chart(review),
        *_findings(review),
        *_items(review),
        "<footer>本报告由 catalog-check 根据审核规则自动生成，问题以“退回”“提示”“备注”区分："
        "“退回”须修改后重新报送，“提示”请核实。</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _e(value: Any) -> str:
    """Escaped text of a value (empty for None)."""
    return "" if value is None else escape(str(value), quote=True)


def _summary(review: FileReview) -> list[str]:
    counts = review.counts
    rows = [
        ("文件", review.path),
        ("原文件名", review.display_name),
        ("实施部门", review.department or UNKNOWN_DEPARTMENT),
        ("文件格式", review.format or UNREADABLE_FORMAT),
        ("收到时间", received_text(review.received)),
        ("SHA-256", review.sha256),
    ]
    cards = [
        ("事项", counts["items"], ""),
        ("通过事项", counts["accepted"], ""),
        ("退回事项", counts["rejected"], "error" if counts["rejected"] else ""),
        ("退回问题", counts["errors"], "error" if counts["errors"] else ""),
        ("提示", counts["warnings"], "warning" if counts["warnings"] else ""),
        ("备注", counts["infos"], ""),
    ]
    out = ['<section id="summary">', "<h2>概况</h2>", '<table class="kv">']
    out += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows]
    out.append("</table>")
    out.append('<div class="cards">')
    out += [f'<div class="card {cls}"><b>{n}</b>{_e(label)}</div>' for label, n, cls in cards]
    out += ["</div>", "</section>"]
    return out


def _file_findings(review: FileReview) -> list[str]:
    file_level = review.file_findings
    if not file_level:
        return []
    out = ['<section id="file-findings">', "<h2>文件问题</h2>", "<table>",
           "<tr><th>严重程度</th><th>规则</th><th>问题说明</th></tr>"]
    for f in file_level:
        out.append(
            f'<tr class="{_e(f.severity)}"><td class="sev">{_e(severity_label(f.severity))}</td>'
            f"<td>{_e(rule_name(f.code))}<br><code>{_e(f.code)}</code></td>"
            f'<td class="msg">{_e(message(f))}</td></tr>'
        )
    out += ["</table>", "</section>"]
    return out


def _chart(review: FileReview) -> list[str]:
    counts = Counter(f.code for f in review.findings)
    out = ['<section id="chart">', "<h2>各规则问题数</h2>"]
    if not counts:
        return [*out, '<p class="none">未发现问题。</p>', "</section>"]
    order = [r.code for r in RULES if r.code in counts]
    order += sorted(code for code in counts if code not in RULES_BY_CODE)
    order.sort(key=lambda code: -counts[code])  # stable: registry order among equal counts
    top = max(counts.values())
    out += ["<table>", "<tr><th>规则</th><th>严重程度</th><th>问题数</th><th>分布</th></tr>"]
    for code in order:
        rule = RULES_BY_CODE.get(code)
        severity = str(rule.severity) if rule else str(Severity.INFO)
        width = round(100 * counts[code] / top, 1)
        color = _BAR_COLORS.get(severity, "#5B8DB8")
        svg = (
            '<svg viewBox="0 0 100 14" preserveAspectRatio="none" role="img" '
            f'aria-label="{counts[code]}"><rect x="0" y="1" width="{width}" height="12" '
            f'fill="{color}"/></svg>'
        )
        out.append(
            f'<tr class="{_e(severity)}"><td>{_e(rule_name(code))} <code>{_e(code)}</code></td>'
            f'<td class="sev">{_e(severity_label(severity))}</td>'
            f'<td class="num">{counts[code]}</td><td class="bar">{svg}</td></tr>'
        )
    out += ["</table>", "</section>"]
    return out


def _findings(review: FileReview) -> list[str]:
    findings = review.ordered_findings
    out = ['<section id="findings">', f"<h2>问题清单（{len(findings)}个）</h2>"]
    if not findings:
        return [*out, '<p class="none">未发现问题。</p>', "</section>"]
    out += [
        "<table>",
        "<tr><th>工作表</th><th>行号</th><th>单元格</th><th>字段</th><th>事项名称</th>"
        "<th>规则</th><th>严重程度</th><th>问题说明</th><th>填写内容</th></tr>",
    ]
    for f in findings:
        out.append(
            f'<tr class="{_e(f.severity)}"><td>{_e(f.sheet)}</td><td class="num">{_e(f.row)}</td>'
            f"<td>{_e(f.cell)}</td><td>{_e(f.column)}</td><td class=\"wrap\">{_e(f.item)}</td>"
            f"<td>{_e(rule_name(f.code))}<br><code>{_e(f.code)}</code></td>"
            f'<td class="sev">{_e(severity_label(f.severity))}</td>'
            f'<td class="msg">{_e(message(f))}</td><td class="wrap">{_e(f.value)}</td></tr>'
        )
    out += ["</table>", "</section>"]
    return out


def _items(review: FileReview) -> list[str]:
    out = ['<section id="items">', f"<h2>事项结论（{len(review.items)}项）</h2>"]
    if not review.items:
        return [*out, '<p class="none">未读取到事项。</p>', "</section>"]
    out += [
        "<table>",
        "<tr><th>工作表</th><th>行号</th><th>事项名称</th><th>子项名称</th><th>事项类型</th>"
        "<th>实施部门</th><th>结论</th><th>退回原因</th><th>提示</th></tr>",
    ]
    for item in review.items:
        rejected = item.status == REJECTED
        status = ("rejected", REJECTED_LABEL) if rejected else (ACCEPTED, ACCEPTED_LABEL)
        out.append(
            f'<tr><td>{_e(item.sheet)}</td><td class="num">{_e(item.row)}</td>'
            f'<td class="wrap">{_e(item.name)}</td><td class="wrap">{_e(item.subitem)}</td>'
            f"<td>{_e(item.type)}</td><td>{_e(item.department)}</td>"
            f'<td class="{status[0]}">{status[1]}</td>'
            f'<td class="msg">{_e(numbered(item.reasons) if item.reasons else "")}</td>'
            f'<td class="msg">{_e(numbered(item.notes) if item.notes else "")}</td></tr>'
        )
    out += ["</table>", "</section>"]
    return out
