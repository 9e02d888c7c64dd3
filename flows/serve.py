"""serve: register the flows with their cron schedules; nothing else."""

from __future__ import annotations

from prefect import serve as prefect_serve

from catalog_check.config import Config
from catalog_check.flows.bulletin import bulletin
from catalog_check.flows.consolidate import consolidate
from catalog_check.flows.intake import intake
from catalog_check.flows.notify import notify


def serve_flows(config: Config) -> None:
    """Serve the four flows on the configuration's schedules (blocks until stopped)."""
    parameters = {"config_path": str(config.source.resolve()) if config.source else None,
                  "root": str(config.root)}
    prefect_serve(
        intake.to_deployment(name="intake", cron=config.schedule.intake, parameters=parameters),
        notify.to_deployment(name="notify", cron=config.schedule.notify, parameters=parameters),
        consolidate.to_deployment(name="consolidate", cron=config.schedule.consolidate,
                                  parameters=parameters),
        bulletin.to_deployment(name="bulletin", cron=config.schedule.bulletin,
                               parameters=parameters),
    )
