"""Maturity Workbook: assess a customer-education program's maturity per function."""

__version__ = "0.1.0"
APP_NAME = "Maturity Workbook"
APP_ID = "maturity-workbook"
DESKTOP_ID = "io.github.maturityworkbook.MaturityWorkbook"  # packaging/linux/*.desktop
