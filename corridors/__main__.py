"""``python -m corridors``: see ``corridors.cli``."""

import sys

from corridors.cli import main

sys.exit(main())
