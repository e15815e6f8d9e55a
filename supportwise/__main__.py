import sys

from supportwise.cli import main

sys.exit(main())
