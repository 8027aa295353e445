"""Preferences and window state, kept with QSettings (the platform's native settings store)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class AppSettings:
    def __init__(self, settings: QSettings | None = None):
        self.qs = settings or QSettings()

    # -- recent files and the last workbook

    def recent_files(self) -> list[Path]:
        raw = self.qs.value("recent_files", [])
        if isinstance(raw, str):
            raw = [raw]
        return [Path(p) for p in (raw or []) if p]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        files = [p for p in self.recent_files() if p != path]
        self.qs.setValue("recent_files", [str(p) for p in [path, *files][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        self.qs.setValue("recent_files", [str(p) for p in self.recent_files() if p != Path(path)])

    def clear_recent(self) -> None:
        self.qs.setValue("recent_files", [])

    @property
    def last_workbook(self) -> Path | None:
        value = self.qs.value("last_workbook", "")
        return Path(value) if value else None

    @last_workbook.setter
    def last_workbook(self, path: Path | None) -> None:
        self.qs.setValue("last_workbook", str(path) if path else "")

    # -- window

    def geometry(self) -> QByteArray | None:
        value = self.qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, data: QByteArray) -> None:
        self.qs.setValue("window/geometry", data)

    # -- preferences

    @property
    def paper(self) -> str:
        """"A4" or "Letter"; the default follows the locale (Letter in the US and Canada)."""
        value = self.qs.value("paper", "")
        if value in ("A4", "Letter"):
            return value
        from PySide6.QtCore import QLocale

        return "Letter" if QLocale().territory() in (QLocale.UnitedStates, QLocale.Canada) else "A4"

    @paper.setter
    def paper(self, value: str) -> None:
        self.qs.setValue("paper", value)

    @property
    def reopen_last(self) -> bool:
        return self.qs.value("reopen_last", True, type=bool)

    @reopen_last.setter
    def reopen_last(self, value: bool) -> None:
        self.qs.setValue("reopen_last", bool(value))

    # -- zoom, per window ("main", "presenter")

    def zoom(self, window: str) -> float:
        try:
            return float(self.qs.value(f"zoom/{window}", 1.0))
        except (TypeError, ValueError):
            return 1.0

    def set_zoom(self, window: str, factor: float) -> None:
        self.qs.setValue(f"zoom/{window}", float(factor))
