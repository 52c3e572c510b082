"""`python -m warroom`: the command line, which opens the app when given no command."""

import sys

from warroom.app import main

sys.exit(main())
