"""serve: register the flows with their cron schedules; nothing else."""

from __future__ import annotations

from typing import Any

from prefect import serve as prefect_serve
from prefect.schedules import Cron

from catalog_check.config import Config
from catalog_check.flows.bulletin import bulletin
from catalog_check.flows.consolidate import consolidate
from catalog_check.flows.intake import intake
from catalog_check.flows.notify import notify

#: The schedules' clock: 0 9 1,11,21 3 * means 09:00 in Zhejiang (Prefect reads a cron in UTC
#: unless told, which ran the bulletin at 17:00 and the 18:00 catalogue at 02:00 next day).
SCHEDULE_ZONE = "Asia/Shanghai"


def deployments(config: Config) -> list[Any]:
    """The four flows as deployments on the configuration's schedules, in Beijing time."""
    parameters = {"config_path": str(config.source.resolve()) if config.source else None,
                  "root": str(config.root)}
    return [
        fl.to_deployment(name=fl.name, schedule=Cron(cron, timezone=SCHEDULE_ZONE),
                         parameters=parameters)
        for fl, cron in (
            (intake, config.schedule.intake),
            (notify, config.schedule.notify),
            (consolidate, config.schedule.consolidate),
            (bulletin, config.schedule.bulletin),
        )
    ]


def serve_flows(config: Config) -> None:
    """Serve the four flows on the configuration's schedules (blocks until stopped)."""
    prefect_serve(*deployments(config))
