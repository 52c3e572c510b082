"""`python -m warroom` runs the command line (which opens the app by default)."""

import sys

from warroom.cli import main

sys.exit(main())
