"""The Customers screen by keyboard and mouse: the table sorts, filters and is edited in place
with undo; re-scoring keeps history; CSV import (good and bad), template and tag export work
from the window; the matrix names customers on hover, draws arrows since a date and saves."""

from datetime import date
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel

from maturity_workbook.core import customers as C
from maturity_workbook.core.ops.customer_ops import ImportCustomers
from maturity_workbook.paths import load_catalog, load_cmi_catalog
from maturity_workbook.resources import resource_path
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.customers_csv import read_customers_csv
from maturity_workbook.ui import customers_files
from maturity_workbook.ui.customers_table import CMI, EMAIL, HEALTH, NAME, QUADRANT, SCORE

SAMPLE_CSV = resource_path("cmi", "sample-customers.csv")
HEADER = "id,name,email,health,change-readiness,product-usage,ambition,team-skills,size,owner"


def make_store(path, updates=None):
    model = load_cmi_catalog().get("")
    store = WorkbookStore.create(path, "Northwind Analytics Academy")
    if updates is None:
        updates = read_customers_csv(SAMPLE_CSV, model).updates
    if updates:
        store.apply(ImportCustomers(tuple(updates)))
    store.flush()
    return store


@pytest.fixture
def open_screen(qtbot, tmp_path, no_modal_dialogs):
    from maturity_workbook.ui.customers_view import CustomersScreen
    from maturity_workbook.ui.session import WorkbookSession

    sessions = []

    def make(updates=None, read_only=False):
        store = make_store(tmp_path / f"w{len(sessions)}.mwb", updates)
        if read_only:
            store.close()
            store = WorkbookStore.open(store.path, read_only=True)
        session = WorkbookSession(store, load_catalog())
        sessions.append(session)
        screen = CustomersScreen(session)
        qtbot.addWidget(screen)
        screen.resize(1280, 800)
        screen.show()
        qtbot.waitExposed(screen)
        return screen

    yield make
    for session in sessions:
        session.close(discard=True)
    C.use_catalog(None)


@pytest.fixture
def screen(open_screen):
    return open_screen()


def cell(screen, row: int, kind: int, qualifier: int = -1):
    return screen.proxy.index(row, screen.table_model.column_of(kind, qualifier))


def text(screen, row: int, kind: int, qualifier: int = -1) -> str:
    return cell(screen, row, kind, qualifier).data()


def row_of(screen, customer_id: str) -> int:
    for row in range(screen.proxy.rowCount()):
        if cell(screen, row, NAME).data(Qt.UserRole + 2) == customer_id:
            return row
    raise LookupError(customer_id)


def click_header(qtbot, screen, column: int):
    header = screen.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_table_lists_every_customer_with_its_placement(screen):
    assert screen.proxy.rowCount() == 40
    model = screen.table_model
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers[:5] == ["ID", "Name", "Email", "Owner", "CHS"]
    assert headers[5] == "Readiness\nfor change" and headers[-4:] == [
        "CMI", "Quadrant", "Track", "Last scored"]
    row = row_of(screen, "cust-001")
    assert text(screen, row, NAME) == "Harbour Street Accountants"
    assert text(screen, row, CMI) == "73.8" and text(screen, row, HEALTH) == "66"
    assert text(screen, row, QUADRANT) == "Expand and make advocates"
    assert screen.shown_label.text().startswith("40 customer")  # plural from the catalogue


def test_clicking_a_header_sorts_numbers_as_numbers(qtbot, screen):
    cmi = screen.table_model.column_of(CMI)
    click_header(qtbot, screen, cmi)
    values = [float(text(screen, r, CMI)) for r in range(screen.proxy.rowCount())]
    assert values == sorted(values) and values[0] < 10
    click_header(qtbot, screen, cmi)
    values = [float(text(screen, r, CMI)) for r in range(screen.proxy.rowCount())]
    assert values == sorted(values, reverse=True)


def test_typing_in_the_filter_and_choosing_a_quadrant_narrow_the_table_and_the_matrix(
        qtbot, screen):
    qtbot.keyClick(screen, Qt.Key_L, Qt.AltModifier)  # Fi&lter
    assert screen.filter_edit.hasFocus()
    qtbot.keyClicks(screen.filter_edit, "layla bookkeep")  # every word, anywhere in the row
    assert [text(screen, r, NAME) for r in range(screen.proxy.rowCount())] == [
        "Lumen Bookkeeping"]
    assert screen.shown_label.text().startswith("1 of 40 customer")
    screen.filter_edit.setText("한빛")  # (QTest types Latin-1 only)
    assert screen.proxy.rowCount() == 1 and text(screen, 0, NAME).startswith("주식회사")
    screen.filter_edit.clear()
    combo = screen.quadrant_combo
    combo.setCurrentIndex(combo.findText("Nurture"))
    combo.activated.emit(combo.currentIndex())
    assert screen.proxy.rowCount() == 6
    assert {text(screen, r, QUADRANT) for r in range(6)} == {"Nurture"}
    assert len(screen.shown_customers()) == 6


def test_a_score_edited_in_place_corrects_the_latest_scoring_and_undo_restores_it(qtbot,
                                                                                  screen):
    wb = screen.session.workbook
    row = row_of(screen, "cust-001")
    index = cell(screen, row, SCORE, 0)
    screen.table.setFocus()
    screen.table.setCurrentIndex(index)
    qtbot.keyClick(screen.table, Qt.Key_F2)
    editor = screen.table.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "5")
    qtbot.keyClick(editor, Qt.Key_Return)  # the delegate commits on the next event loop turn
    latest = wb.collection(C.SCORINGS)["cust-001@2025-02-14"]
    qtbot.waitUntil(lambda: latest.scores["change-readiness"] == 5)
    assert len([s for s in wb.collection(C.SCORINGS).values()
                if s.customer_id == "cust-001"]) == 3  # corrected, not a new scoring
    row = row_of(screen, "cust-001")
    assert text(screen, row, SCORE, 0) == "5" and text(screen, row, CMI) == "92.5"
    screen.session.undo()
    assert wb.collection(C.SCORINGS)["cust-001@2025-02-14"].scores["change-readiness"] == 2
    assert text(screen, row_of(screen, "cust-001"), CMI) == "73.8"


def test_a_name_typed_over_and_a_bad_email_refused(qtbot, screen):
    wb = screen.session.workbook
    index = cell(screen, row_of(screen, "cust-008"), NAME)
    screen.table.setFocus()
    screen.table.setCurrentIndex(index)
    qtbot.keyClick(screen.table, "K")  # typing starts the edit, over the old name
    editor = screen.table.focusWidget()
    qtbot.keyClicks(editor, "iwi Tax Company Ltd")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: wb.collection(C.CUSTOMERS)["cust-008"].name ==
                    "Kiwi Tax Company Ltd")
    assert screen.table_model.setData(screen.proxy.mapToSource(
        cell(screen, row_of(screen, "cust-008"), EMAIL)), "not an address") is False
    assert wb.collection(C.CUSTOMERS)["cust-008"].email == "success@kiwitaxco.example"
    assert screen.banner.isVisible() and "not an email address" in screen.banner.text()


def test_a_new_scoring_keeps_the_old_one_as_history(qtbot, screen):
    wb = screen.session.workbook
    screen.table.setCurrentIndex(cell(screen, row_of(screen, "cust-013"), NAME))
    assert screen.score_button.isEnabled()

    def score(dialog):
        assert dialog.day() == date.today() and dialog.health.value() == 60
        assert dialog.meanings["size"].text()  # what the score means, from the model
        dialog.health.setValue(81)
        for spin in dialog.scores.values():
            spin.setValue(5)
        return QDialog.Accepted

    assert screen.new_scoring(dialog_hook=score)
    customer = C.customer_of(wb, "cust-013")
    assert len(customer.scorings) == 4 and customer.latest.day == date.today()
    assert customer.scorings[-2].health == 60  # the history is kept
    row = row_of(screen, "cust-013")
    assert text(screen, row, CMI) == "100" and text(screen, row, QUADRANT) == \
        "Expand and make advocates"
    screen.session.undo()
    assert len(C.customer_of(wb, "cust-013").scorings) == 3


def test_add_customer_refuses_a_taken_id_and_adds_a_new_one(qtbot, screen):
    from maturity_workbook.ui.customers_dialogs import ScoringDialog

    dialog = ScoringDialog(screen.model, "Add", new_customer=True, taken_ids={"cust-001"})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.id_edit, "cust-001")
    qtbot.keyClicks(dialog.name_edit, "Someone")
    dialog.accept()
    assert dialog.result() != QDialog.Accepted and not dialog.problem.isHidden()
    assert "already a customer with the id cust-001" in dialog.problem.text()

    def fill(dialog):
        qtbot.keyClicks(dialog.id_edit, "new-42")
        qtbot.keyClicks(dialog.name_edit, "The Extraordinarily Long-Named International "
                                          "Accounting Practice of Greater Wellington")
        qtbot.keyClicks(dialog.email_edit, "hello@wellington.example")
        dialog.health.setValue(30)
        return QDialog.Accepted

    assert screen.add_customer(dialog_hook=fill)
    assert screen.proxy.rowCount() == 41
    assert screen.selected_ids() == ["new-42"]
    assert text(screen, row_of(screen, "new-42"), QUADRANT) == "Save"  # all 3s, health 30
    screen.session.undo()
    assert screen.proxy.rowCount() == 40


def test_delete_removes_the_selected_customers_and_undo_brings_them_back(qtbot, screen,
                                                                         no_modal_dialogs):
    wb = screen.session.workbook
    screen.table.setFocus()
    screen.table.setCurrentIndex(cell(screen, row_of(screen, "cust-002"), NAME))
    qtbot.keyClick(screen.table, Qt.Key_Delete)
    assert no_modal_dialogs[-1][0] == "confirm" and "Blue Fern" in no_modal_dialogs[-1][2]
    assert "cust-002" not in wb.collection(C.CUSTOMERS)
    assert not any(s.customer_id == "cust-002" for s in wb.collection(C.SCORINGS).values())
    assert screen.proxy.rowCount() == 39
    screen.session.undo()
    assert len(C.customer_of(wb, "cust-002").scorings) == 3 and screen.proxy.rowCount() == 40


def test_import_from_the_window_is_one_undo_step_and_a_bad_file_changes_nothing(
        open_screen, tmp_path, monkeypatch):
    screen = open_screen(updates=())
    assert screen.proxy.rowCount() == 0
    assert "Import a customer CSV" in screen.matrix_page.chart.message.text()
    assert screen.import_csv(SAMPLE_CSV)
    assert screen.proxy.rowCount() == 40 and "40 added" in screen.banner.text()
    assert "116 scoring" in screen.banner.text()  # (plural from the catalogue)
    shown = []
    monkeypatch.setattr(customers_files, "show_problems",
                        lambda parent, title, text, lines: shown.append(lines))
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nx,X,,50,3,3,3,3,3,\ny,Y,,500,3,3,3,3,0,\n", encoding="utf-8")
    before = C.customers_of(screen.session.workbook)
    assert not screen.import_csv(bad)
    assert shown and [line.split(":")[1] for line in shown[0]] == ["3", "3"]
    assert C.customers_of(screen.session.workbook) == before
    assert "Nothing was imported" in screen.banner.text()
    screen.session.undo()  # the good import, in one step
    assert screen.proxy.rowCount() == 0


def test_template_and_tag_export_from_the_window(screen, tmp_path):
    assert screen.save_template(tmp_path / "template")
    assert (tmp_path / "template.csv").read_text(encoding="utf-8-sig").strip() == HEADER
    assert screen.export_tags("hubspot", tmp_path / "hub.csv")
    assert "Left out: 3 without an email" in screen.banner.text()
    assert screen.last_export.rows == 37
    assert screen.export_tags("intercom", tmp_path / "seg.csv", per_tag=True)
    assert (tmp_path / "seg-track-mastery.csv").exists()


def test_the_matrix_names_customers_on_hover_draws_arrows_and_saves(qtbot, screen, tmp_path):
    screen.tabs.setCurrentIndex(1)
    chart = screen.matrix_page.chart
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=10000)
    from maturity_workbook.charts.matrix import matrix_lookup

    lookup = matrix_lookup(chart.figure)
    assert len(lookup.points.ids) == 40
    chart.canvas.draw()
    first = lookup.points.ids.index("cust-009")
    x, y = lookup.ax.transData.transform((lookup.points.cmi[first], lookup.points.health[first]))
    chart.on_motion(SimpleNamespace(x=x, y=y))
    assert chart.hover_text.startswith("Paragon Advisory — CMI 100, health 87 (Expand")
    assert "Paragon Advisory" in screen.matrix_page.hover_label.text()
    chart.on_motion(SimpleNamespace(x=1, y=1))
    assert chart.hover_text == ""
    since = screen.matrix_page.since
    assert since.count() == 3  # no arrows, and the two earlier scoring dates
    since.setCurrentIndex(1)
    since.activated.emit(1)
    qtbot.waitUntil(lambda: any(a.get_gid() == "matrix-moves:changed"
                                for a in chart.figure.axes[0].get_children()), timeout=10000)
    assert chart.save_to(tmp_path / "matrix.png") and chart.save_to(tmp_path / "matrix.svg")
    assert (tmp_path / "matrix.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in (tmp_path / "matrix.svg").read_bytes()[:400]


def test_the_trends_count_customers_per_quadrant_and_track(qtbot, screen):
    screen.tabs.setCurrentIndex(2)
    chart = screen.trend_page.chart
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=10000)
    gids = {ax.get_gid() for ax in chart.figure.axes}
    assert {"portfolio-trend:quadrants", "portfolio-trend:tracks"} <= gids


def test_thresholds_are_the_workbooks_own_and_undoable(screen):
    before = text(screen, row_of(screen, "cust-011"), QUADRANT)  # CMI 55

    def raise_cmi(dialog):
        dialog.cmi.setValue(60)
        return QDialog.Accepted

    assert screen.choose_model(dialog_hook=raise_cmi)
    assert C.settings_of(screen.session.workbook).cmi_threshold == 60
    assert text(screen, row_of(screen, "cust-011"), QUADRANT) == "Nurture" != before
    assert "CMI threshold 60" in screen.summary.text()
    screen.session.undo()
    assert text(screen, row_of(screen, "cust-011"), QUADRANT) == before


def test_a_read_only_workbook_is_shown_but_not_edited(open_screen):
    screen = open_screen(read_only=True)
    assert screen.proxy.rowCount() == 40
    assert not screen.proxy.flags(cell(screen, 0, NAME)) & Qt.ItemIsEditable
    assert not screen.import_button.isEnabled() and not screen.add_button.isEnabled()


def test_mnemonics_are_unique_and_leave_the_menu_bar_letters_alone(screen):
    letters = []
    for widget in screen.findChildren(QAbstractButton) + screen.findChildren(QLabel):
        label = widget.text()
        if "&" in label.replace("&&", ""):
            letters.append(label[label.index("&") + 1].lower())
    assert len(letters) == len(set(letters)) >= 8, letters
    assert not set(letters) & set("fevh")


def test_5000_customers_scroll_without_asking_for_every_row(open_screen, qtbot, monkeypatch):
    from maturity_workbook.core.portfolio import CustomerUpdate
    from maturity_workbook.ui.customers_table import CustomerTableModel
    from tests.charts.portfolio_data import make_portfolio

    model = load_cmi_catalog().get("")
    updates = [CustomerUpdate(c.id, c.name, s, c.email, c.owner)
               for c in make_portfolio(model, 5000) for s in c.scorings]
    asked = set()

    class Counting(CustomerTableModel):  # a new type: Qt calls its own methods
        def data(self, index, role=Qt.DisplayRole):
            if role == Qt.DisplayRole:
                asked.add(index.row())
            return super().data(index, role)

        def fill_roles(self, position, column, roles):  # what the filter paints through
            asked.add(position)
            return super().fill_roles(position, column, roles)

    monkeypatch.setattr("maturity_workbook.ui.customers_view.CustomerTableModel", Counting)
    screen = open_screen(updates=updates)
    assert screen.proxy.rowCount() == 5000
    screen.table.viewport().grab()  # paints what is on screen
    assert asked and max(asked) < 100  # the first screenful only
    bar = screen.table.verticalScrollBar()
    for step in range(0, bar.maximum(), bar.maximum() // 20):
        bar.setValue(step)
        screen.table.viewport().grab()  # paints what is on screen
    bar.setValue(bar.maximum())
    screen.table.viewport().grab()  # paints what is on screen
    assert max(asked) >= 4990  # it reached the end
    assert len(asked) < 1500  # only the rows on screen were drawn, not all 5,000


def test_the_view_menu_opens_customers_and_ctrl_z_undoes_an_edit(qtbot, window, tmp_path):
    store = make_store(tmp_path / "menu.mwb")
    store.close()
    assert window.open_path(store.path)
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.workbook_view
    assert view.tabs.currentIndex() == view.CUSTOMERS
    screen = view.customers
    qtbot.waitUntil(lambda: screen.proxy.rowCount() == 40)
    screen.edit("cust-003", "owner", "Priya Natarajan")
    assert window.act_undo.isEnabled()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.workbook.collection(C.CUSTOMERS)["cust-003"].owner == "Chloé Martin"


def test_the_filters_own_row_list_matches_qts_mapping(qtbot, screen):
    """Painting reads `proxy.shown`; it must name the rows Qt's proxy maps to, whatever the
    filter, the sort, an edit or a reload did."""
    def check():
        proxy = screen.proxy
        assert len(proxy.shown) == proxy.rowCount()
        assert proxy.shown == [proxy.mapToSource(proxy.index(r, 0)).row()
                               for r in range(proxy.rowCount())]

    check()
    click_header(qtbot, screen, screen.table_model.column_of(CMI))
    check()
    screen.proxy.set_filter(text="ac")
    check()
    click_header(qtbot, screen, screen.table_model.column_of(NAME))
    check()
    screen.edit("cust-009", "name", "Paragon Advisory Ltd")
    check()
    screen.quadrant_combo.setCurrentIndex(2)
    screen.quadrant_combo.activated.emit(2)
    check()
    screen.session.undo()
    screen.reload()
    check()


@pytest.mark.parametrize("make", ["scoring", "add", "model", "export"])
def test_dialog_mnemonics_are_unique(qtbot, screen, make):
    from maturity_workbook.ui import customers_dialogs as D

    dialog = {"scoring": lambda: D.ScoringDialog(screen.model, "New", customer_name="X"),
              "add": lambda: D.ScoringDialog(screen.model, "Add", new_customer=True),
              "model": lambda: D.ModelDialog(screen.catalog, "", screen.model,
                                             screen.thresholds),
              "export": lambda: D.ExportTagsDialog()}[make]()
    qtbot.addWidget(dialog)
    letters = []
    for widget in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel):
        label = widget.text()
        if "&" in label.replace("&&", ""):
            letters.append(label[label.index("&") + 1].lower())
    assert letters and len(letters) == len(set(letters)), letters
    assert not set(letters) & set("fevh")
