"""``python -m catalog_check``: the same command as ``catalog-check``."""

import sys

from catalog_check.entry import main

sys.exit(main())
