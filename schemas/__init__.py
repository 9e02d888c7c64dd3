"""The policy: what a valid submission is, declared as pandera models named by rule codes.

``check_tables`` validates the prepared items and materials frames lazily, turns every failure
into findings through the rule's implementation in ``catalog_check.checks``, and adds the rules
implemented as plain functions.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from catalog_check.checks import (
    IMPLEMENTATIONS,
    Context,
    Failure,
    Linked,
    SchemaRule,
    prepare_items,
    prepare_materials,
    run_functions,
)
from catalog_check.findings import Finding, sort_key
from catalog_check.registry import Registry
from catalog_check.table import Tables

from .items import ItemTable
from .materials import MaterialTable

__all__ = ["SCHEMAS", "ItemTable", "MaterialTable", "check_tables", "schema_codes"]

#: The table each schema validates, by the name failures carry.
SCHEMAS: dict[str, type[pa.DataFrameModel]] = {"items": ItemTable, "materials": MaterialTable}


def schema_codes(schema: type[pa.DataFrameModel]) -> set[str]:
    """The rule codes a schema checks (its checks' names)."""
    built = schema.to_schema()
    names = {c.name for c in built.checks}
    for column in built.columns.values():
        names.update(c.name for c in column.checks)
    return {n for n in names if n in IMPLEMENTATIONS}


def _failures(schema: type[pa.DataFrameModel], frame: pd.DataFrame) -> pd.DataFrame:
    """(check, column, index) of every failure, once each; anything but a rule is a bug."""
    if frame.empty:  # nothing to check (pandera cannot infer the text dtype of no rows)
        return pd.DataFrame(columns=["check", "column", "index"])
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return pd.DataFrame(columns=["check", "column", "index"])
    known = cases["check"].isin(list(IMPLEMENTATIONS))
    if not known.all():
        bad = cases.loc[~known, ["column", "check", "failure_case"]].head(5)
        raise RuntimeError(f"{schema.__name__} does not fit its frame:\n{bad}")
    return cases[["check", "column", "index"]].drop_duplicates()


def check_tables(
    tables: Tables, registry: Registry, *, context: Context | None = None
) -> list[tuple[int | None, Finding]]:
    """Every item-level finding, each with the index (in tables.items) of the item it flags.

    A finding that belongs to no item (a materials row naming an unknown item) comes with None.
    ``context``: the rules' view of these tables, when the caller reads its facts afterwards
    (review_file's item verdicts); built here otherwise.
    """
    if tables.items.empty:
        return []
    ctx = context or Context(tables, registry)
    linked: list[Linked] = []
    frames = {"items": prepare_items(ctx), "materials": prepare_materials(ctx)}
    for table, frame in frames.items():
        failures = _failures(SCHEMAS[table], frame)
        for code, column, index in failures.itertuples(index=False, name=None):
            implementation = IMPLEMENTATIONS[code]
            if not isinstance(implementation, SchemaRule):
                raise TypeError(f"{code} is checked by a schema but implemented as a function")
            linked.extend(implementation.describe(ctx, Failure(table, int(index), column)))
    linked.extend(run_functions(ctx))
    labels = tables.items.index
    linked.sort(key=lambda pair: (pair[0], sort_key(pair[1])))
    return [(int(labels[i]) if i >= 0 else None, f) for i, f in linked]
