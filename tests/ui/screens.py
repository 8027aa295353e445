"""Every screen and dialog of the window, driven into view, for tests that inspect what is shown.

`SCENARIOS` names functions that put the window into one state each (the welcome page, the
wizard with a split room, a confirmation box, ...) and hand every visible window or dialog to
`Inspector.check`. The pseudo-locale test looks at the texts, the mnemonic test at the Alt keys.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTranslator
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QHeaderView, QLabel,
    QLineEdit, QMainWindow, QMenu, QMessageBox, QPlainTextEdit, QProgressBar, QTabBar,
    QTextBrowser, QTextEdit, QWidget,
)

from maturity_workbook import APP_NAME, __version__

OPEN, CLOSE = "⟦", "⟧"
MENU_BAR_KEYS = {"F", "E", "V", "H"}  # File, Edit, View, Help
PLAIN_TEXTS = {"plain label", "item", "header", "field", "choice", "tab", "progress",
               "window title", "accessible name", "accessible description", "button", "group",
               "placeholder", "text"}  # shown as they are, never as rich text

# Screens whose texts other lanes are translating right now. Their own scenario runs strictly
# and is expected to fail (xfail strict) until the lane lands; elsewhere their widgets are
# skipped. THE LEAD SHRINKS THIS TO EMPTY as the lanes land.
PENDING: dict[str, str] = {}


PLACEHOLDER = re.compile(r"(\{[^{}]*\}|%L?n|%L?\d|%[vmp])")


class PseudoTranslator(QTranslator):
    """Wraps every translated text in ⟦…⟧, so text that skipped translation stands out.

    Placeholders stay outside the brackets ("⟦Rating by ⟧{name}"), so what is filled into a
    translated sentence is judged too: user data, or a translation of its own. Every text asked
    for is kept in `asked` as (context, source, disambiguation, plural?), so a test can tell
    whether pyside6-lupdate extracted it (see `not_extracted`)."""

    def __init__(self):
        super().__init__()
        self.asked: set[tuple[str, str, str, bool]] = set()

    def translate(self, context, source, disambiguation=None, n=-1):
        if source == "QT_LAYOUT_DIRECTION":  # Qt asks for the layout direction this way
            return ""
        self.asked.add((context, source, disambiguation or "", n >= 0))
        return "".join(piece if PLACEHOLDER.fullmatch(piece) else f"{OPEN}{piece}{CLOSE}"
                       for piece in PLACEHOLDER.split(source) if piece)

    def isEmpty(self) -> bool:
        return False


QT_CONTEXT = re.compile(r"Q[A-Z]")  # Qt's own classes: QDialogButtonBox, QFileDialog, ...
CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "translations" / \
    "maturity-workbook_en.ts"

# Contexts whose texts are still asked for without lupdate reading them, and the lane fixing
# them. THE LEAD SHRINKS THIS TO EMPTY; any other context failing `not_extracted` is a bug.
NOT_EXTRACTED_YET = {
    "OverviewScreen": "planint lane (ui/overview.py): self.tr() inside f-strings, e.g. "
                      "f\"<h3>{_esc(self.tr('Key findings'))}</h3>\": lupdate reads no call there",
}


def catalogue_messages() -> dict[tuple[str, str, str], bool]:
    """(context, source, disambiguation) -> plural? for every message of the English .ts."""
    import xml.etree.ElementTree as ET

    out = {}
    for context in ET.parse(CATALOGUE).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            key = (name, message.findtext("source"), message.findtext("comment") or "")
            out[key] = message.get("numerus") == "yes"
    return out


def not_extracted(asked, catalogue: dict[tuple[str, str, str], bool]) -> list[str]:
    """Texts our code asked Qt to translate that the catalogue lacks, so no translator ever
    sees them (a wrapper lupdate cannot read, a tr() inside an f-string, a context name that
    differs from the one written), and plurals lupdate read as plain messages ("1 item(s)")."""
    problems = []
    for context, source, disambiguation, plural in sorted(asked):
        if QT_CONTEXT.match(context) or context in NOT_EXTRACTED_YET:
            continue
        known = catalogue.get((context, source, disambiguation))
        if known is None:
            problems.append(f"not in the catalogue: {context}: {source!r}")
        elif plural and not known and re.search(r"%L?n", source):
            problems.append(f"a plain message, not a plural: {context}: {source!r}")
    return problems


# ------------------------------------------------------------------------------- reading texts


def plain(text: str) -> str:
    """Text as the user reads it: rich text (as Qt would guess it) without its tags."""
    if GuiQt.mightBeRichText(text):  # QtGui adds it to the Qt namespace
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return text


def without_translated(text: str) -> str:
    """What is left after removing every ⟦…⟧ (innermost first: translations nest)."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    return text


def has_words(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def owner_of(widget: QWidget, root: QWidget, default: str) -> str:
    """The module that built a widget: its nearest ancestor (up to `root`) of one of our
    classes, else `default` (whoever opened the dialog)."""
    while widget is not None:
        module = type(widget).__module__
        if module.startswith("maturity_workbook"):
            return module
        if widget is root:
            break
        widget = widget.parentWidget()
    return default


def _model_texts(view: QAbstractItemView):
    model = view.model()
    if model is None:
        return
    roles = (Qt.DisplayRole, Qt.ToolTipRole, Qt.AccessibleTextRole)

    def columns(parent):
        try:
            return model.columnCount(parent)
        except TypeError:  # a list model keeps columnCount private: it has one
            return 1

    header = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
    if header is not None and header().isVisible():
        for section in range(columns(QModelIndex())):
            yield "header", model.headerData(section, Qt.Horizontal, Qt.DisplayRole)
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                for role in roles:
                    yield "item", model.data(index, role)
                if column == 0 and model.rowCount(index):
                    pending.append(index)


def widget_texts(widget: QWidget):
    """(what, text) pairs a user can see or hear for one widget."""
    for what, value in (("tooltip", widget.toolTip()), ("accessible name",
                                                         widget.accessibleName()),
                        ("accessible description", widget.accessibleDescription()),
                        ("status tip", widget.statusTip())):
        yield what, value
    if widget.isWindow():
        yield "window title", widget.windowTitle()
    if isinstance(widget, QLabel):
        text = widget.text()
        if widget.buddy() is not None:
            text = displayed(text)
        yield "plain label" if widget.textFormat() == Qt.PlainText else "label", text
    elif isinstance(widget, QAbstractButton):
        yield "button", displayed(widget.text())
    elif isinstance(widget, QGroupBox):
        yield "group", displayed(widget.title())
    elif isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
        yield "field", widget.text()
    elif isinstance(widget, QTextBrowser):
        yield "text", widget.toPlainText()
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        yield "placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield "choice", widget.itemText(i)
    elif isinstance(widget, QProgressBar):
        yield "progress", widget.text()
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield "tab", displayed(widget.tabText(i))
            yield "tab tooltip", widget.tabToolTip(i)
    elif isinstance(widget, QMessageBox):
        yield "message", widget.text()
        yield "message", widget.informativeText()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from _model_texts(widget)


def menu_texts(menu: QMenu, path: str = ""):
    for action in menu.actions():
        if action.isSeparator():
            continue
        where = f"{path}{action.text()}"
        yield where, "menu item", displayed(action.text())
        yield where, "menu tooltip", action.toolTip()
        yield where, "status tip", action.statusTip()
        if action.menu() is not None:
            yield from menu_texts(action.menu(), where + " › ")


def displayed(text: str) -> str:
    """A button's or menu's text as shown: "&&" is an "&", a single "&" marks the mnemonic."""
    return re.sub(r"&(.)", r"\1", text)


def mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).upper() if match else None


# ---------------------------------------------------------------------------------- inspecting


@dataclass
class Finding:
    where: str
    owner: str
    what: str
    text: str


@dataclass
class Inspector:
    """Collects what each window and dialog shows; `strict` also judges pending screens."""

    data: set[str] = field(default_factory=set)  # user data: names, framework texts, paths
    store_texts: set[str] = field(default_factory=set)
    strict: bool = False
    untranslated: list[Finding] = field(default_factory=list)
    mnemonic_problems: list[str] = field(default_factory=list)
    checked: int = 0
    windows: int = 0  # windows and dialogs checked
    owners: set[str] = field(default_factory=set)

    def skipped(self, owner: str) -> bool:
        if self.strict:
            return False
        return any(owner == key or owner.startswith(key + ".") for key in PENDING)

    def _data_sorted(self) -> list[str]:
        """User data, longest first (cached until the data changes)."""
        data = set(self.data)
        if "store" in PENDING and not self.strict:
            data |= self.store_texts
        key = (len(self.data), len(self.store_texts))
        if getattr(self, "_cache_key", None) != key:
            pieces = {d for d in data if d and len(d.strip()) >= 2}
            self._cache = sorted(pieces, key=len, reverse=True)
            self._cache_key = key
        return self._cache

    def judge(self, where: str, owner: str, what: str, text, rich: bool = True) -> None:
        """`rich`: the text may be rich text (Qt guesses, as a label or tooltip does)."""
        if not isinstance(text, str) or not text.strip() or self.skipped(owner):
            return
        self.checked += 1
        self.owners.add(owner)
        rest = without_translated(plain(text) if rich else text)
        data = self._data_sorted()
        for piece in data:
            if piece in rest:
                rest = rest.replace(piece, " ")
        shown = rest.strip()
        if shown.endswith("…") and any(d.startswith(shown[:-1]) for d in data):
            return  # user data shortened to fit
        rest = rest.replace(APP_NAME, " ").replace(__version__, " ")
        if has_words(rest):
            self.untranslated.append(Finding(where, owner, what, text))

    def check(self, root: QWidget, owner: str) -> None:
        """Judge every visible text of a window or dialog, and its Alt mnemonics."""
        self.windows += 1
        name = f"{type(root).__name__} '{plain(root.windowTitle())}'"
        widgets = [root, *[w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]]
        for widget in widgets:
            widget_owner = owner_of(widget, root, owner)
            label = f"{name} › {type(widget).__name__}"
            for what, text in widget_texts(widget):
                self.judge(label, widget_owner, what, text, rich=what not in PLAIN_TEXTS)
        if isinstance(root, QMainWindow):
            bar = root.menuBar()
            for action in bar.actions():
                self.judge(name, owner, "menu", displayed(action.text()))
                if action.menu() is not None:
                    for where, what, text in menu_texts(action.menu(), action.text() + " › "):
                        self.judge(f"{name} › {where}", owner, what, text)
            if root.statusBar().currentMessage():
                self.judge(name, owner, "status bar", root.statusBar().currentMessage())
        self._check_mnemonics(root, name, widgets)

    def check_file_dialog(self, owner: str, caption: str, filters: str) -> None:
        self.judge("file dialog", owner, "caption", caption)
        self.judge("file dialog", owner, "filter", re.sub(r"\([^)]*\)", " ", filters))

    # -- mnemonics

    def _check_mnemonics(self, root: QWidget, name: str, widgets: list[QWidget]) -> None:
        keys: dict[str, list[str]] = {}

        def add(key: str | None, text: str) -> None:
            if key is not None:
                keys.setdefault(key, []).append(plain(text))

        for widget in widgets:
            if isinstance(widget, QAbstractButton):
                add(mnemonic(widget.text()), widget.text())
            elif isinstance(widget, QLabel) and widget.buddy() is not None:
                add(mnemonic(widget.text()), widget.text())
            elif isinstance(widget, QGroupBox):
                add(mnemonic(widget.title()), widget.title())
            elif isinstance(widget, QTabBar):
                for i in range(widget.count()):
                    add(mnemonic(widget.tabText(i)), widget.tabText(i))
        if isinstance(root, QMainWindow):
            menus = [a for a in root.menuBar().actions() if a.menu() is not None]
            bar_keys = {mnemonic(a.text()) for a in menus}
            if bar_keys != MENU_BAR_KEYS:
                self.mnemonic_problems.append(f"{name}: the menu bar uses {sorted(bar_keys)}")
            for action in menus:
                self._check_menu(action.menu(), f"{name} › {plain(action.text())}")
        for key, texts in sorted(keys.items()):
            if key in MENU_BAR_KEYS:
                self.mnemonic_problems.append(
                    f"{name}: Alt+{key} ({', '.join(texts)}) is the menu bar's")
            if len(texts) > 1:
                self.mnemonic_problems.append(
                    f"{name}: Alt+{key} is used {len(texts)} times: {', '.join(texts)}")

    def _check_menu(self, menu: QMenu, name: str) -> None:
        seen: dict[str, str] = {}
        for action in menu.actions():
            key = mnemonic(action.text())
            if key is None:
                continue
            if key in seen:
                self.mnemonic_problems.append(
                    f"{name}: Alt+{key} is both {seen[key]} and {action.text()}")
            seen[key] = action.text()
            if action.menu() is not None:
                self._check_menu(action.menu(), f"{name} › {plain(action.text())}")


def framework_texts(framework) -> set[str]:
    """Every text a framework file contributes: one language for now, so it is data here."""
    texts = {framework.title, framework.id, framework.version, framework.attribution.cite()}
    for value in vars(framework.attribution).values():
        if isinstance(value, str):
            texts.add(value)
    for stage in framework.stages:
        texts |= {stage.name, stage.summary}
    for dimension in framework.dimensions:
        texts |= {dimension.name, dimension.summary, dimension.label}
        for item in dimension.items:
            texts |= {item.prompt, item.help, *item.levels.values(), *item.advice.values()}
    for discipline in framework.disciplines:
        texts |= {discipline.name, discipline.summary, *discipline.prompts}
    return {t for t in texts if isinstance(t, str)}


def workbook_texts(workbook, path: Path) -> set[str]:
    texts = {workbook.name, str(path), path.name, path.stem, str(path.parent)}
    for person in workbook.participants.values():
        texts |= {person.name, person.role}
    for assessment in workbook.assessments.values():
        texts |= {assessment.title, assessment.framework_id, assessment.framework_version}
    for records in workbook.collections.values():  # goals, actions, ... (core/kinds.py)
        for record in records.values():
            texts |= {value for value in vars(record).values() if isinstance(value, str)}
    return texts
