"""The summary group's catalogue: merge, deduplicate, check earlier batches, write.

``consolidate`` builds a :class:`Consolidation` from each department's latest accepted
items; ``write_catalogue`` writes the three workbooks of the working folder's catalogue/;
``consolidation_json`` gives cli.md's ``consolidate --json`` document.
"""

from catalog_check.catalogue.decisions import Decision, Decisions, read_decisions
from catalog_check.catalogue.earlier import EarlierItem, read_earlier
from catalog_check.catalogue.merge import (
    CatalogueEntry,
    Consolidation,
    EarlierMatch,
    ProbablePair,
    SourceItem,
    Submission,
    consolidate,
    default_resolver,
)
from catalog_check.catalogue.result import consolidation_json
from catalog_check.catalogue.writer import write_catalogue

__all__ = [
    "CatalogueEntry",
    "Consolidation",
    "Decision",
    "Decisions",
    "EarlierItem",
    "EarlierMatch",
    "ProbablePair",
    "SourceItem",
    "Submission",
    "consolidate",
    "consolidation_json",
    "default_resolver",
    "read_decisions",
    "read_earlier",
    "write_catalogue",
]
