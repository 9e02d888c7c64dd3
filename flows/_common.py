"""What every flow needs: the configuration, the registry and the ledger, opened the same way."""

from __future__ import annotations

from pathlib import Path

from catalog_check.config import Config, load_config


def config_from(config_path: str | None, root: str | None = None) -> Config:
    """Load the configuration a flow run was given (and an optional working-folder override)."""
    config = load_config(Path(config_path) if config_path else None)
    return config.with_root(Path(root)) if root else config
