"""The record table keeps the selected record across refills, sizes itself to its rows, and
hands Enter and Delete to the screen."""

from PySide6.QtCore import Qt

from maturity_workbook.ui.record_table import ID_ROLE, RowTable


def test_refill_keeps_the_record_and_keys_reach_the_screen(qtbot):
    table = RowTable(["Action", "Owner"], min_rows=2, max_rows=4)
    qtbot.addWidget(table)
    table.show()
    calls = []
    table.edit_row = lambda: calls.append(("edit", table.selected_id()))
    table.remove_row = lambda: calls.append(("remove", table.selected_id()))
    table.fill([("a", ["First", "Ana"]), ("b", ["Second ✓", "Bo"])])
    assert table.selected_id() is None  # nothing is chosen for the user
    short = table.height()
    table.selectRow(1)
    table.fill([("c", ["New", ""]), ("a", ["First", "Ana"]), ("b", ["Second ✓", "Bo"])])
    assert table.selected_id() == "b" and table.item(2, 0).data(ID_ROLE) == "b"
    assert table.height() > short
    table.fill([(str(n), [f"Row {n}", ""]) for n in range(30)], keep="7")
    tallest = table.height()
    table.fill([(str(n), [f"Row {n}", ""]) for n in range(40)])
    assert table.height() == tallest  # past max_rows it scrolls instead
    assert table.selected_id() == "7" and table.row_of("7") == 7
    qtbot.keyClick(table, Qt.Key_Return)
    qtbot.keyClick(table, Qt.Key_Delete)
    assert calls == [("edit", "7"), ("remove", "7")]
    assert table.item(0, 0).toolTip() == "Row 0"  # a cut-off text can still be read
