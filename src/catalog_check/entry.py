"""The ``catalog-check`` command's first lines: Ctrl+C or SIGTERM at any moment ends it in
Chinese (interrupts.py), while it loads (importing the command takes a second or more) and
once it is done (the temporary Prefect server stops as Python exits) too."""

from __future__ import annotations

from catalog_check import interrupts


def main() -> int:
    """Entry point of the ``catalog-check`` command."""
    interrupts.install_stop_at_once("错误：已中断。")
    from catalog_check.cli import main as command

    return command()
