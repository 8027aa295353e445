"""Entry script of the PyInstaller bundle: the same command line as the `maturity-workbook` script.

`maturity-workbook FILE` opens the window on FILE; sub-commands (`--version`, `frameworks`,
`export-pdf`, ...) run without a display.
"""

import sys

from maturity_workbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
