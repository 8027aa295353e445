"""Paper sizes, a Qt application for headless use, and writing a report to a PDF file atomically."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PAPERS = ("A4", "Letter")
LETTER_TERRITORIES = ("UnitedStates", "Canada")
PDF_RESOLUTION = 1200  # dots per inch of the PDF's coordinate space (text and vectors stay exact)


def default_paper() -> str:
    """Letter in the US and Canada (by the system locale), A4 everywhere else."""
    from PySide6.QtCore import QLocale

    territory = QLocale.system().territory()
    letter = {getattr(QLocale.Country, name, None) for name in LETTER_TERRITORIES}
    return "Letter" if territory in letter else "A4"


def check_paper(paper: str) -> str:
    for known in PAPERS:
        if paper.strip().lower() == known.lower():
            return known
    raise ValueError(f"unknown paper size {paper!r}; choose A4 or Letter")


def page_size(paper: str):
    from PySide6.QtGui import QPageSize

    return QPageSize(QPageSize.PageSizeId.Letter if check_paper(paper) == "Letter"
                     else QPageSize.PageSizeId.A4)


def ensure_app():
    """The running Qt application, or a new QGuiApplication (enough for painting; no widgets).
    Without a display, and unless a platform was chosen, Qt's offscreen platform is used so it
    works on a server or in CI. A process that will also show widgets must create its
    QApplication before calling this."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        return app
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith(("linux", "freebsd")) \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication(sys.argv[:1] or ["maturity-workbook"])


def pdf_bytes(report, paper: str = "A4") -> tuple[bytes, int]:
    """The report as PDF bytes on `paper`, and its page count: title, author (who prepared the
    snapshot, never the app), subject, keywords and language in the Info dictionary and XMP,
    and a bookmark per section (see `pdfmeta` for what Qt writes and what is added)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, qVersion
    from PySide6.QtGui import QPageLayout, QPdfWriter

    from maturity_workbook import APP_NAME, __version__
    from maturity_workbook.report.pdfmeta import Bookmark, Metadata, add_navigation, xmp_packet

    ensure_app()
    doc = report.document
    meta = Metadata(title=doc.title, author=doc.author, subject=doc.subject,
                    keywords=tuple(doc.keywords), language=doc.language or "en",
                    creator=doc.creator or f"{APP_NAME} {__version__}",
                    producer=f"Qt {qVersion()}")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(QPageLayout(page_size(paper), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point))
    writer.setTitle(meta.title)
    writer.setCreator(meta.creator)
    writer.setAuthor(meta.author)
    writer.setDocumentXmpMetadata(QByteArray(xmp_packet(meta)))
    pages = report.render(writer)
    del writer
    buffer.close()
    out = bytes(data.data())
    if not out.startswith(b"%PDF") or b"%%EOF" not in out[-64:]:
        raise OSError("the PDF could not be completed")
    marks = [Bookmark(m.title, m.level, m.page, m.top) for m in report.outline]
    recorded = getattr(report, "glyph_texts", None)
    extra = None
    if recorded is not None and recorded.fonts:
        from maturity_workbook.report.tounicode import tounicode_updates

        def extra(pdf, offsets):
            return tounicode_updates(pdf, offsets, recorded)

    return add_navigation(out, meta, marks, extra), pages


def write_pdf(report, path: str | Path, paper: str = "A4") -> int:
    """Write the report to `path` atomically: a temp file beside it, then a rename, so a failure
    leaves no half-written PDF (and an existing file untouched). Returns the page count."""
    from maturity_workbook.store.atomic import write_atomic

    data, pages = pdf_bytes(report, paper)
    write_atomic(Path(path), data)
    return pages
