"""What every flow needs: the configuration, the registry and the ledger, opened the same way."""

from __future__ import annotations

import logging
from pathlib import Path

from catalog_check.config import Config, load_config
from catalog_check.interrupts import take_back_sigterm


def config_from(config_path: str | None, root: str | None = None) -> Config:
    """Load the configuration a flow run was given (and an optional working-folder override).

    Every flow calls it first: while the command stops at once on a signal, SIGTERM does so
    inside the flow run too (Prefect's own handler wound the run down through the API).
    """
    take_back_sigterm()
    config = load_config(Path(config_path) if config_path else None)
    config = config.with_root(Path(root)) if root else config
    log_to_file(config)
    return config


def log_to_file(config: Config) -> Path:
    """Send Prefect's and our logs (tracebacks included) to root/logs/catalog-check.log.

    Called in every process that runs a flow or a task (the intake pool's workers too);
    adding the handler again for the same file does nothing.
    """
    folder = config.root / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "catalog-check.log"
    for name in ("prefect", "catalog_check"):
        logger = logging.getLogger(name)
        if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
            handler = logging.FileHandler(path, encoding="utf-8")
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
            )
            logger.addHandler(handler)
        if name == "catalog_check":
            logger.setLevel(logging.INFO)
    return path
