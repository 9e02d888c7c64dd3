"""``python -m catalog_check``: the same command as ``catalog-check``."""

import sys

from catalog_check.cli import main

sys.exit(main())
