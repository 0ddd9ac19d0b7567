"""Allow ``python -m storecrm``."""

import sys

from storecrm.cli import main

sys.exit(main())
