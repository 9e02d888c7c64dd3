"""The JSON document of ``catalog-check consolidate --json`` (cli.md)."""

from __future__ import annotations

from typing import Any

from catalog_check.catalogue.merge import CatalogueEntry, Consolidation, SourceItem
from catalog_check.fields import CATALOGUE_DETAILS

__all__ = ["consolidation_json"]


def _source(s: SourceItem) -> dict[str, Any]:
    return {
        "path": s.path,
        "file": s.file,
        "department": s.department,
        "sheet": s.sheet,
        "row": s.row,
        "name": s.name,
        "subitem": s.subitem,
    }


def _entry(e: CatalogueEntry) -> dict[str, Any]:
    names = {s.key: (s.name, s.subitem) for s in e.sources}
    return {
        "name": e.name,
        "subitem": e.subitem,
        "type": e.type,
        "departments": list(e.departments),
        "sources": [_source(s) for s in e.sources],
        "trips": e.trips,
        "instant": e.instant,
        "online": e.online,
        "fields": {f: v for f in CATALOGUE_DETAILS if (v := e.detail(f)) is not None},
        "types_differ": e.types_differ,
        "merged_from": [
            {"name": names[k][0], "subitem": names[k][1]} for k in e.merged_keys if k in names
        ],
    }


def _side(e: CatalogueEntry) -> dict[str, Any]:
    return {"name": e.name, "subitem": e.subitem, "departments": list(e.departments)}


def consolidation_json(c: Consolidation) -> dict[str, Any]:
    """The consolidation as cli.md's JSON (its keys first; extra keys only added)."""
    return {
        "catalogue": [_entry(e) for e in c.catalogue],
        "duplicates_across_departments": [
            {
                "name": e.name,
                "subitem": e.subitem,
                "departments": list(e.departments),
                "type": e.type,
                "sources": [_source(s) for s in e.sources],
            }
            for e in c.duplicates
        ],
        "probable_duplicates": [
            {
                "a": _side(p.a),
                "b": _side(p.b),
                "score": p.score,
                "reason": p.reason,
                "type": p.a.type,
            }
            for p in c.probable
        ],
        "earlier_batch": [
            {
                "name": m.item.name,
                "department": m.item.department,
                "batch": m.batch,
                "subitem": m.item.subitem,
                "path": m.item.path,
                "file": m.item.file,
                "sheet": m.item.sheet,
                "row": m.item.row,
                "earlier_path": m.earlier.path,
                "earlier_row": m.earlier.row,
            }
            for m in c.earlier
        ],
        "counts": c.counts,
        "superseded": [
            {
                "file": sub.file,
                "path": sub.path,
                "department": sub.department,
                "received": sub.received.isoformat(),
                "accepted_items": len(sub.items) if sub.readable else None,
                "not_in_latest": (
                    None if (lost := c.left_out(sub)) is None
                    else [{"name": s.name, "subitem": s.subitem} for s in lost]
                ),
            }
            for sub in c.superseded
        ],
        "set_aside": [
            {
                "file": sub.file,
                "path": sub.path,
                "department": sub.department,
                "received": sub.received.isoformat(),
            }
            for sub in c.set_aside
        ],
    }
