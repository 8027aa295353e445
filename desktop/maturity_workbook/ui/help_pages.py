"""Help pages written in Markdown (resources/help/), shown in a dialog from the Help menu.

"Which model fits us" says what each bundled model is for and when to use it. The page's text is
a resource, one file per language: `which-model.md` in English, `which-model_<lang>.md` (for
example `which-model_de.md`) when a translation exists for the user's language; the dialog's
chrome goes through Qt translation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

WHICH_MODEL = "which-model"


def help_page_path(name: str, locale: QLocale | None = None) -> Path:
    """The page in the user's language when there is one, else in English."""
    from maturity_workbook.resources import resource_path

    locale = locale or QLocale()
    for tag in (locale.name(), locale.name().split("_")[0]):
        translated = resource_path("help", f"{name}_{tag}.md")
        if translated.is_file():
            return translated
    return resource_path("help", f"{name}.md")


class HelpPageDialog(QDialog):
    """A Markdown page in a browser that scrolls, searches with the keyboard and closes with
    Escape; it stays open beside the window while the user works."""

    def __init__(self, title: str, markdown: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(markdown)
        self.browser.setAccessibleName(title)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.browser.setFocus()


def translate(context: str, text: str) -> str:
    """QCoreApplication.translate under the name pyside6-lupdate extracts."""
    return QCoreApplication.translate(context, text)


def show_which_model(parent: QWidget | None) -> HelpPageDialog | None:
    """Help › Which Model Fits Us: what each bundled model is for and when to use it."""
    path = help_page_path(WHICH_MODEL)
    try:
        markdown = path.read_text(encoding="utf-8")
    except OSError as exc:
        from maturity_workbook.ui import dialogs

        dialogs.warn(parent, translate("HelpPageDialog", "Help page missing"),
                     translate("HelpPageDialog", "The help page {path} could not be read: "
                               "{error}").format(
                         path=path, error=exc))
        return None
    dialog = HelpPageDialog(translate("HelpPageDialog", "Which Model Fits Us"), markdown, parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog
