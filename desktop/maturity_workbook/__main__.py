"""`python -m maturity_workbook` behaves like the `maturity-workbook` command."""

import sys

from maturity_workbook.cli import main

sys.exit(main())
