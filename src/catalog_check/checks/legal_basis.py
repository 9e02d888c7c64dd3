"""Legal basis (设定依据): citations in 《》, an article, known titles, a level for permits."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from catalog_check.checks._context import (
    Context,
    Failure,
    FunctionRule,
    Linked,
    SchemaRule,
    cell_rule,
)
from catalog_check.checks._values import cited_levels, cites_above, map_unique
from catalog_check.legal import (
    Citation,
    Level,
    has_article,
    names_no_instrument,
    parse_unmarked,
)
from catalog_check.registry import Registry

__all__ = ["RULES", "basis_facts", "permit_levels_sufficient", "unknown_laws"]

#: Levels that may not create a licence (行政许可法 第十七条; rules.md permit-basis-too-low).
_LOW_FOR_PERMIT = frozenset({str(Level.DEPARTMENT_RULE), str(Level.NORMATIVE_DOCUMENT)})


def basis_facts(ctx: Context) -> dict[str, pd.Series]:
    """citations_n, article_named and permit_basis_levels, from the citations of 设定依据."""
    given = ~ctx.blank("设定依据")
    # 《权力清单》, 《办事指南》 or a form in 《》 cites no law: not counted.
    count = pd.Series(
        [sum(1 for c in cites if not names_no_instrument(c)) for cites in ctx.citations.tolist()],
        index=ctx.items.index,
    ).where(given)
    article = map_unique(ctx.items["设定依据"], has_article).where(count > 0)
    permit = ctx.type_is("行政许可") & (count > 0).to_numpy()
    levels = ctx.levels_of(ctx.items["设定依据"].where(permit))
    low = permit & ~cites_above(levels.fillna(""), _LOW_FOR_PERMIT).to_numpy()
    if low.any():  # a law written without 《》 beside a rule in 《》 is still cited by the cell
        texts = ctx.items["设定依据"]
        for i in low.nonzero()[0]:
            levels.iat[i] = _with_unmarked(texts.iat[i], levels.iat[i], ctx.registry,
                                           ctx.citations.iat[i])
    return {
        "citations_n": count.astype("Int64"),
        "article_named": article.astype("boolean"),
        "permit_basis_levels": levels,
    }


def _with_unmarked(
    text: str, levels: str, registry: Registry, cites: Sequence[Citation] = ()
) -> str:
    """The levels cited, with those of registered laws the cell names without 《》 (only
    where 《》 titles leave a permit too low: an unmarked law alone is basis-no-citation),
    and of the registered law a title the registry does not know is closest to (《中华人民
    共和国行政许可发》: a typo basis-unknown-law names, not a 规范性文件)."""
    found = {Level(v) for v in levels.split("、") if v}
    for c in cites:
        if c.law is None and not names_no_instrument(c):
            best = registry.suggest_law(c.title)
            law = registry.law(best) if best else None
            if law is not None:
                found.add(Level(law.level))
    found.update(c.level for c in parse_unmarked(text, registry))
    return "、".join(str(lv) for lv in sorted(found, key=lambda level: level.rank))


def permit_levels_sufficient(values: pd.Series) -> pd.Series:
    """permit-basis-too-low: a permit cites something above 部门规章 and 规范性文件."""
    return cites_above(values, _LOW_FOR_PERMIT)


def unknown_laws(ctx: Context) -> list[Linked]:
    """basis-unknown-law: one finding per cited title the registry does not know."""
    suggestions: dict[str, str] = {}
    out: list[Linked] = []
    for i, cites in enumerate(ctx.citations.tolist()):
        seen: set[str] = set()
        for c in cites:
            if c.law is not None or c.title in seen or names_no_instrument(c):
                continue  # (a form or a guide in 《》 is no law to look up: basis-no-citation)
            seen.add(c.title)
            if c.title not in suggestions:
                best = ctx.registry.suggest_law(c.title)
                # A title inside 《》 writes its own inner 《》 as 〈〉.
                inner = best.replace("《", "〈").replace("》", "〉") if best else ""
                suggestions[c.title] = f"，最接近的是《{inner}》" if best else ""
            out.append(
                ctx.item_finding(
                    "basis-unknown-law",
                    i,
                    "设定依据",
                    title=c.title,
                    suggestion=suggestions[c.title],
                )
            )
    return out


def _permit(ctx: Context, f: Failure) -> list[Linked]:
    levels = cited_levels(ctx.citations.iat[f.index])
    return [ctx.item_finding("permit-basis-too-low", f.index, "设定依据", levels=levels)]


def _no_citation(ctx: Context, f: Failure) -> list[Linked]:
    """basis-no-citation; titles in 《》 that are no law (《权力清单》) are named as such."""
    titles = list(dict.fromkeys(c.title for c in ctx.citations.iat[f.index]))
    listed = "（" + "、".join(f"《{t}》" for t in titles[:3]) + "不是法律法规）" if titles else ""
    return [ctx.item_finding("basis-no-citation", f.index, "设定依据", listed=listed)]


RULES: dict[str, SchemaRule | FunctionRule] = {
    "basis-no-citation": SchemaRule(_no_citation),
    "basis-no-article": cell_rule("basis-no-article", "设定依据"),
    "basis-unknown-law": FunctionRule(unknown_laws),
    "permit-basis-too-low": SchemaRule(_permit),
}
