"""notify: send every queued rejection notice; a notice is marked sent only once accepted."""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from catalog_check.config import Config
from catalog_check.flows._common import config_from
from catalog_check.ledger import Ledger
from catalog_check.outbox import DeliveryReport, deliver_pending
from catalog_check.runlock import LockBusyError, RunLock
from catalog_check.summaries import notify_markdown


@task
def deliver(config: Config) -> DeliveryReport:
    """Send the queued notices with retries and backoff."""
    with Ledger.open(config.ledger) as ledger:
        return deliver_pending(ledger, config.outbox, config.mail, lambda: datetime.now(UTC))


@task
def publish(report: DeliveryReport) -> str:
    """Publish what was sent and what is still queued."""
    markdown = notify_markdown(report)
    create_markdown_artifact(markdown, key="notify-summary", description="退回通知发送结果")
    return markdown


#: The lock that keeps two passes (the schedule, a person running notify) from sending a
#: notice twice.
NOTIFY_LOCK = ".notify.lock"


@flow(name="notify", log_prints=True)
def notify(config_path: str | None = None, root: str | None = None) -> DeliveryReport | None:
    """One pass over the outbox; None when another pass holds it (that pass sends them)."""
    config = config_from(config_path, root)
    lock = RunLock(config.root / NOTIFY_LOCK, "另一个发送流程正在运行")
    try:
        lock.acquire()
    except LockBusyError as busy:
        get_run_logger().warning(str(busy))
        return None
    try:
        with Ledger.open(config.ledger) as ledger, ledger.run("notify", exclusive=True) as summary:
            report = deliver(config)
            publish(report)
            summary.update(sent=len(report.sent), queued=len(report.queued))
    finally:
        lock.release()
    return report
