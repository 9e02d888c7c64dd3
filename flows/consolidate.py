"""consolidate: the latest accepted items of each department → one deduplicated catalogue."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from catalog_check.catalogue import (
    Consolidation,
    read_decisions,
    read_earlier,
    write_catalogue,
)
from catalog_check.catalogue import (
    consolidate as merge_catalogue,
)
from catalog_check.config import Config
from catalog_check.flows._common import config_from
from catalog_check.latest import in_registry_order, submissions_to_merge
from catalog_check.ledger import Ledger
from catalog_check.registry import registry_for
from catalog_check.summaries import consolidate_markdown


@task
def build(config: Config) -> Consolidation:
    """Merge, deduplicate and set aside earlier-batch items."""
    registry = registry_for(config)

    def resolve(name: str) -> str | None:
        department = registry.department(name)
        return department.name if department else None

    with Ledger.open(config.ledger) as ledger:
        # Every reviewed file: consolidate keeps each department's latest and names the
        # replaced files whose items the latest lacks (a list sent in two parts).
        submissions = submissions_to_merge(ledger, config.root)
    # The catalogue lists departments in the registry's (official) order, as the bulletin.
    submissions = in_registry_order(submissions, resolve, [d.name for d in registry.departments])
    decisions_file = config.catalogue / "疑似重复.xlsx"
    return merge_catalogue(
        submissions,
        earlier=read_earlier(list(config.batch.earlier), resolve),
        decisions=read_decisions(decisions_file) if decisions_file.exists() else None,
        resolve_department=resolve,
    )


@task
def write(result: Consolidation, config: Config) -> dict[str, Path]:
    """Write 汇总目录.xlsx, 疑似重复.xlsx and 已公布事项.xlsx."""
    return write_catalogue(result, config.catalogue)


@task
def publish(result: Consolidation, paths: dict[str, Path]) -> str:
    """Publish the catalogue's figures and where its files are."""
    markdown = consolidate_markdown(result, paths)
    create_markdown_artifact(markdown, key="consolidate-summary", description="汇总目录结果")
    return markdown


@flow(name="consolidate", log_prints=True)
def consolidate(config_path: str | None = None, root: str | None = None) -> Consolidation:
    """Build the merged catalogue from every department's latest submission."""
    config = config_from(config_path, root)
    with Ledger.open(config.ledger) as ledger, ledger.run("consolidate"):
        result = build(config)
        paths = write(result, config)
        publish(result, paths)
    return result
