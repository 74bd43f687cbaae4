"""`python -m cp14` runs the command line."""

from cp14.cli import main

raise SystemExit(main())
