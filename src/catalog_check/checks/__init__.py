"""The item rules' engine: facts computed once per submission, and findings from rule failures.

Each family module (identity, legal_basis, time_limits, trips, materials, conditions) gives the
facts its rules read, the predicates the schemas call, and one implementation per rule code:
a :class:`SchemaRule` (a schema check named by the code; ``describe`` turns each failure into
findings) or a :class:`FunctionRule` (a plain function, for rules a column check cannot say:
duplicates naming the first row, one finding per unknown title). :data:`IMPLEMENTATIONS` is the
one registry of both. The schemas (``catalog_check.schemas``) import this package, never the
other way round.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from catalog_check.checks import conditions, identity, legal_basis, materials, time_limits, trips
from catalog_check.checks._context import (
    Context,
    Failure,
    FunctionRule,
    Linked,
    SchemaRule,
)
from catalog_check.fields import ITEM_FIELDS

__all__ = [
    "IMPLEMENTATIONS",
    "ITEM_COLUMNS",
    "Context",
    "Failure",
    "FunctionRule",
    "Linked",
    "SchemaRule",
    "prepare_items",
    "prepare_materials",
    "run_functions",
]

ITEM_COLUMNS = tuple(f.name for f in ITEM_FIELDS)


def _merge(
    *families: Mapping[str, SchemaRule | FunctionRule],
) -> dict[str, SchemaRule | FunctionRule]:
    out: dict[str, SchemaRule | FunctionRule] = {}
    for family in families:
        for code, implementation in family.items():
            if code in out:
                raise RuntimeError(f"rule {code} is implemented twice")
            out[code] = implementation
    return out


#: code → its one implementation, for every item-level rule.
IMPLEMENTATIONS = _merge(
    identity.RULES,
    legal_basis.RULES,
    time_limits.RULES,
    trips.RULES,
    materials.RULES,
    conditions.RULES,
)

_FACTS = (
    identity.department_facts,
    legal_basis.basis_facts,
    time_limits.time_facts,
    trips.trips_facts,
    trips.fee_facts,
    materials.materials_given,
)


def prepare_items(ctx: Context) -> pd.DataFrame:
    """The frame ItemTable validates: field texts plus the facts parsed from them.

    A required field is "" where its sheet has the column but the cell is empty or holds only
    a placeholder (无, 详见附件 …), and None where nothing asks for it (no such column:
    missing-column already said so; 申请材料 when a materials sheet is given), so missing-value
    fires exactly where it should. Findings quote the cell as written, from tables.raw.
    """
    columns: dict[str, pd.Series | np.ndarray] = {
        name: ctx.items[name].to_numpy(dtype=object) for name in ITEM_COLUMNS
    }
    no = np.zeros(ctx.n, dtype=bool)
    for name in identity.REQUIRED_FIELDS:
        asked = no if name == "申请材料" and ctx.has_materials_sheet else ctx.present(name)
        filled = np.where(ctx.blank(name), "", columns[name])
        columns[name] = np.where(asked, filled, np.array(None))
    columns["_sheet"] = ctx.items["_sheet"].to_numpy(dtype=object)
    columns["_row"] = ctx.items["_row"].to_numpy(dtype=np.int64)
    for facts in _FACTS:
        columns.update(facts(ctx))
    index = ctx.items.index
    return pd.DataFrame(
        {
            name: pd.Series(values, index=index, dtype=object)
            if isinstance(values, np.ndarray) and values.dtype == object
            else values
            for name, values in columns.items()
        }
    )


def prepare_materials(ctx: Context) -> pd.DataFrame:
    """The frame MaterialTable validates: one row per material, linked to its item."""
    return materials.material_frame(ctx)


def run_functions(ctx: Context) -> list[Linked]:
    """Findings of every rule implemented as a plain function."""
    out: list[Linked] = []
    for implementation in IMPLEMENTATIONS.values():
        if isinstance(implementation, FunctionRule):
            out.extend(implementation.run(ctx))
    return out
