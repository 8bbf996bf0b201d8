"""``python -m corridors``: see ``corridors.cli``."""

import sys

from .cli import main

sys.exit(main())
