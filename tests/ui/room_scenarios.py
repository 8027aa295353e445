"""The workshop room's screens for the scenario walk (tests/ui/scenarios.SCENARIOS includes
them): hidden votes, the reveal, the reason and finalize-check dialogs, a reassessment's "last
time", the presenter window in each phase, and a zoomed window."""

from __future__ import annotations

from pathlib import Path

from maturity_workbook.paths import load_catalog

WIZARD = "maturity_workbook.ui.wizard"
PRESENTER = "maturity_workbook.ui.presenter"
ROOM = (("Ada Lovelace-Fitzgerald of the Customer Education Programme Office", "Education lead"),
        ("김민준", "교육 담당"), ("فاطمة الزهراء", "نجاح العملاء"), ("Zoë 🚀 Okafor", "CSM"))


def room_workbook(path: Path, people=ROOM) -> dict:
    """A final assessment, then a facilitated reassessment of it where two people voted."""
    from maturity_workbook.store import WorkbookStore

    framework = load_catalog().newest("customer-education")
    items = [item.id for item in framework.items]
    store = WorkbookStore.create(path, "Acme Academy — 顧客教育")
    pids = [store.add_participant(name, role).id for name, role in people]
    old = store.create_assessment(framework, "Spring “kick-off” & <review>", "2025-04-01",
                                  pids)
    for k, item in enumerate(items):
        for j, pid in enumerate(pids):
            store.set_rating(old.id, item, pid, 1 + (k + j) % 3)
    store.set_note(old.id, items[0], "A plan on paper — «sans budget» 日本 ✓")
    store.finalize(old.id)
    draft = store.create_assessment(framework, "Autumn workshop", "2026-09-15", pids,
                                    copy_from=old.id, facilitated=True)
    store.set_rating(draft.id, items[0], pids[0], 1)
    store.set_rating(draft.id, items[0], pids[1], 4)
    store.flush()
    store.close()
    return {"pids": pids, "items": items, "old": old.id, "draft": draft.id}


def workshop_room(tour) -> None:
    path = tour.tmp_path / "Room.mwb"
    made = room_workbook(path)
    window = tour.open_window(path)
    tour.inspector.data.add("A plan on paper — «sans budget» 日本 ✓")
    wizard = tour.wizard(made["draft"])
    qtbot = tour.qtbot
    tour.check()  # hidden votes: ticks, the reveal key, last time
    assert wizard.page.room.reveal_button.isVisible()
    assert wizard.page.last_time.isVisible()
    window.toggle_presenter()
    presenter = window.presenter
    tour.inspector.check(presenter, PRESENTER)  # who has voted, never how
    rows = wizard.page.rows
    qtbot.keyClick(rows[2][1], "2")
    qtbot.keyClick(rows[3][1], "4")  # the last vote reveals: the room is split
    assert wizard.controller.room().shown
    tour.check()
    tour.inspector.check(presenter, PRESENTER)
    tour.expect_dialog(lambda: wizard.ask_reason(3), WIZARD)
    tour.expect_dialog(wizard._finalize, WIZARD)  # the finalize check lists the split item
    wizard.new_round()
    tour.check()  # round two, earlier round listed
    wizard.controller.toggle_timer()
    wizard.timer.refresh()
    tour.check()
    wizard.show_item(made["items"][-1])
    wizard.go_next()  # past the last item: the presenter shows the radar
    qtbot.waitUntil(lambda: presenter.radar is not None and presenter.radar.figure is not None,
                    timeout=20000)
    tour.inspector.check(presenter, PRESENTER)
    window.close_workbook()
    tour.inspector.check(presenter, PRESENTER)  # waiting for the facilitator
    presenter.close()


def workshop_zoomed(tour) -> None:
    path = tour.tmp_path / "Room.mwb"
    made = room_workbook(path)
    window = tour.open_window(path)
    window.zoom.zoom_in()
    window.zoom.zoom_in()
    wizard = tour.wizard(made["draft"])
    wizard.controller.go_to(made["items"][1])
    wizard.show_current()
    tour.check()
    window.zoom.reset()


ROOM_SCENARIOS = {
    "workshop room": (workshop_room, (), False),
    "workshop room, zoomed": (workshop_zoomed, (), False),
}
