"""catalog-check: review the 最多跑一次 item catalogues that departments submit."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
