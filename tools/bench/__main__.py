"""``python tools/bench COMMAND``: see ``cli.py``; the folder is on the import path when run so."""

import sys

from cli import main

sys.exit(main())
