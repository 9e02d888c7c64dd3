"""bulletin: the progress bulletin (进度通报) per department, as a workbook and a page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from catalog_check.bulletin import Bulletin, build_bulletin, held_counts, left_out_counts
from catalog_check.bulletin_writer import write_bulletin
from catalog_check.config import Config
from catalog_check.dates import BEIJING
from catalog_check.flows._common import config_from
from catalog_check.latest import load_items
from catalog_check.ledger import Ledger
from catalog_check.registry import registry_for
from catalog_check.summaries import bulletin_markdown


@task
def build(config: Config, as_of: datetime) -> Bulletin:
    """Count every department's progress from the ledger."""
    with Ledger.open(config.ledger) as ledger:
        # Every file: a department's first says whether it was late, its earlier ones which
        # accepted items its latest lacks; files whose department could not be told are
        # listed apart.
        every = ledger.reviewed()
    items = load_items(every)
    registry = registry_for(config)
    return build_bulletin(registry, every, items, config.batch.deadline, config.batch.name,
                          as_of, left_out_counts(every, items, registry),
                          held_counts(every, items, registry))


@task
def write(bulletin: Bulletin, config: Config) -> dict[str, Path]:
    """Write the workbook (with a native chart) and the HTML page."""
    return write_bulletin(bulletin, config.bulletins)


@task
def publish(bulletin: Bulletin, paths: dict[str, Path]) -> str:
    """Publish the bulletin's table."""
    markdown = bulletin_markdown(bulletin, paths)
    create_markdown_artifact(markdown, key="bulletin-summary", description="审核进度通报")
    return markdown


@flow(name="bulletin", log_prints=True)
def bulletin(config_path: str | None = None, root: str | None = None) -> dict[str, Path]:
    """Write the progress bulletin as of now."""
    config = config_from(config_path, root)
    as_of = datetime.now(BEIJING)
    with Ledger.open(config.ledger) as ledger, ledger.run("bulletin"):
        result = build(config, as_of)
        paths = write(result, config)
        publish(result, paths)
    return paths
