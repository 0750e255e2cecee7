"""``python -m textqa``."""

import sys

from textqa.cli import main

sys.exit(main())
