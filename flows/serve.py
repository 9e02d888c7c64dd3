"""serve: register the flows with their cron schedules; nothing else."""

from __future__ import annotations

import logging
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


#: What each served flow does, for the console (Prefect's own banner is English).
FLOW_LABELS = {"intake": "收件审核", "notify": "发送退回通知", "consolidate": "汇总目录",
               "bulletin": "进度通报"}


def schedule_lines(config: Config) -> list[str]:
    """The served flows and their schedules, in Chinese, for the console."""
    lines = ["各流程的运行计划（北京时间，cron 格式：分 时 日 月 星期）："]
    for name in FLOW_LABELS:
        cron = getattr(config.schedule, name)
        lines.append(f"  {FLOW_LABELS[name]}（{name}）  {cron}")
    return lines


def serve_flows(config: Config) -> None:
    """Serve the four flows on the configuration's schedules (blocks until stopped); the
    console's lines about it are schedule_lines, not Prefect's banner."""
    # The runner's own English lines (pausing deployments on Ctrl+C …) stay out of the
    # console; the runs' lines (prefect.flow_runs) still show, with intake's Chinese summary.
    for name in ("prefect.runner", "prefect.flows"):
        logging.getLogger(name).setLevel(logging.WARNING)
    prefect_serve(*deployments(config), print_starting_message=False)
