"""The bundle's entry point: the same `warroom` command as the pip install."""

import sys

from warroom.app import main

if __name__ == "__main__":
    sys.exit(main())
