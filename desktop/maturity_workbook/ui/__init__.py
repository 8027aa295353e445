"""Qt widgets: they present the session's workbook and send every edit back through it."""
