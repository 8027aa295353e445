"""The one text-layout path of the report: styles, fonts, bidi and the wrapped text box.

Every piece of text on a page, from the running header to a table cell, is a `TextBox`: plain
strings (never HTML) laid out by QTextLayout with the device's own metrics. What makes it safe for
any Unicode text:

- Offsets given to Qt are UTF-16 code units (QString's), never Python code points: a format range
  after an emoji or any character outside the BMP would otherwise start one unit early per such
  character, and bold, grey or italic would land on the wrong letters.
- Text a user typed (names, titles, notes) is wrapped in Unicode isolates (FSI ... PDI), so a
  right-to-left name cannot reorder the report's own words and numbers around it. A paragraph
  made only of user text takes its base direction from its first strong character (like HTML's
  dir=auto); any other paragraph runs in the report language's direction.
- The font is a family list: DejaVu Sans (matplotlib's, so charts and text match), then families
  with wide coverage (Noto, CJK, Arabic) and an outline emoji font when one is installed; Qt falls
  back further by itself. Emoji are asked for in text presentation (U+FE0E) so an outline emoji
  font draws them as real, small, greyscale-legible text rather than colour bitmaps.
- `FontCoverage` records characters no installed font can draw, so the export can say which
  script is missing and which package provides a font, instead of printing boxes silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QRawFont, QTextCharFormat, QTextLayout,
    QTextOption,
)

from maturity_workbook.report.document import Span

INK = "#111111"
TEXT = "#1A1A1A"
MUTED = "#4D4D4D"  # still reads as text on a black-and-white laser printer
RULE = "#8C8C8C"
HAIRLINE = "#C8C8C8"
ZEBRA = "#F1F1F1"
ACCENT = "#1F3A5F"  # headings: dark blue on screen, near black on paper

BASE_FAMILY = "DejaVu Sans"  # bundled with matplotlib, registered with Qt: same on every OS
# wide-coverage fallbacks, tried in order before Qt's own fallback (missing ones are skipped)
FALLBACK_FAMILIES = (
    "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Hebrew",
    "Noto Sans CJK KR", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans KR", "Noto Sans JP",
    "WenQuanYi Micro Hei", "Malgun Gothic", "Microsoft YaHei", "Yu Gothic", "Apple SD Gothic Neo",
    "Hiragino Sans", "Segoe UI", "Arial Unicode MS", "Noto Sans Symbols", "Noto Sans Symbols2",
)
# monochrome outline emoji fonts: real text in the PDF (copyable, tiny, greyscale-legible)
OUTLINE_EMOJI_FAMILIES = ("Noto Emoji", "Symbola", "Segoe UI Symbol", "OpenMoji")

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate ... pop directional isolate
TEXT_PRESENTATION = "\ufe0e"
EMOJI_PRESENTATION = "\ufe0f"
ZWJ = "\u200d"


@dataclass(frozen=True)
class TextStyle:
    size: float  # points
    leading: float  # points from one line's top to the next
    bold: bool = False
    italic: bool = False
    color: str = TEXT
    spacing: float = 100.0  # letter spacing, percent
    space_before: float = 0.0  # default space above a block in this style, points


STYLES: dict[str, TextStyle] = {
    "body": TextStyle(9.5, 13.6, space_before=4),
    "lead": TextStyle(11.5, 16.5, space_before=4),
    "small": TextStyle(8, 11.2, color=MUTED, space_before=3),
    "muted": TextStyle(8.5, 12, color=MUTED, space_before=1),
    "caption": TextStyle(8, 11, italic=True, color=MUTED),
    "kicker": TextStyle(8.5, 12, bold=True, color=ACCENT, spacing=118),
    "title": TextStyle(24, 30, bold=True, color=INK, space_before=2),
    "title-long": TextStyle(17, 22, bold=True, color=INK, space_before=2),
    "subtitle": TextStyle(14, 19, color=TEXT, space_before=1),
    "subtitle-long": TextStyle(11.5, 15.5, color=TEXT, space_before=1),
    "h1": TextStyle(15, 20, bold=True, color=ACCENT, space_before=22),
    "h2": TextStyle(11.5, 16, bold=True, color=INK, space_before=14),
    "h3": TextStyle(10, 14, bold=True, color=INK, space_before=9),
    "cell": TextStyle(9, 12.2),
    "cell-small": TextStyle(8, 10.6),
    "cell-head": TextStyle(8, 11, bold=True, color=MUTED),
    "label": TextStyle(8, 13.6, color=MUTED),
    "header": TextStyle(7.5, 10, color=MUTED),
}


def style(name: str) -> TextStyle:
    return STYLES.get(name, STYLES["body"])


# ---------------------------------------------------------------------------------- Unicode


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: what QString, and so QTextLayout's offsets, count."""
    return len(text.encode("utf-16-le")) // 2


_EMOJI_CLASS = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a\u231b\u2328\u23cf"
                "\u23e9-\u23fa\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff")
_EMOJI = re.compile(f"[{_EMOJI_CLASS}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SKIN_TONES = "\U0001f3fb-\U0001f3ff"
# an emoji (not a skin-tone modifier) and the colour request after it, if any
_PRESENTATION = re.compile(f"((?![{_SKIN_TONES}])[{_EMOJI_CLASS}][{_SKIN_TONES}]?)\ufe0f?")


def is_emoji(ch: str) -> bool:
    return _EMOJI.match(ch) is not None


def text_presentation(text: str) -> str:
    """Emoji asked for in text presentation (U+FE0E after each), colour requests dropped: an
    installed outline emoji font then draws them as text. Skin-tone modifiers and ZWJ stay."""
    if _EMOJI.search(text) is None:
        return text
    return _PRESENTATION.sub("\\1" + TEXT_PRESENTATION, text)


def first_strong_direction(text: str) -> Qt.LayoutDirection | None:
    """The direction of the first strong character (UAX #9 P2/P3), skipping isolated runs; None
    when there is none (digits and punctuation only)."""
    depth = 0
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            depth += 1
        elif ch == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(ch)
            if kind == "L":
                return LTR
            if kind in ("R", "AL"):
                return RTL
    return None


def isolate(text: str) -> str:
    return f"{FSI}{text}{PDI}" if text else text


def visible(text: str) -> str:
    """The text without the layout's invisible controls (isolates, presentation selectors)."""
    return "".join(ch for ch in text if ch not in (FSI, PDI, TEXT_PRESENTATION))


# ------------------------------------------------------------------------------------- fonts


_families_cache: tuple[str, ...] | None = None


def font_families() -> list[str]:
    """DejaVu Sans, the installed wide-coverage fallbacks, then an outline emoji font."""
    global _families_cache
    if _families_cache is None:
        installed = set(QFontDatabase.families())
        emoji = [f for f in OUTLINE_EMOJI_FAMILIES if f in installed][:1]
        _families_cache = tuple([BASE_FAMILY] + [f for f in FALLBACK_FAMILIES if f in installed]
                                + emoji)
    return list(_families_cache)


def outline_emoji_family() -> str | None:
    installed = set(QFontDatabase.families())
    return next((f for f in OUTLINE_EMOJI_FAMILIES if f in installed), None)


class Fonts:
    """QFonts per style, made once per device context."""

    def __init__(self) -> None:
        self._fonts: dict[tuple, QFont] = {}

    def font(self, text_style: TextStyle) -> QFont:
        key = (text_style.size, text_style.bold, text_style.italic, text_style.spacing)
        font = self._fonts.get(key)
        if font is None:
            font = QFont()
            font.setFamilies(font_families())
            font.setPointSizeF(text_style.size)
            font.setWeight(QFont.Weight.Bold if text_style.bold else QFont.Weight.Normal)
            font.setItalic(text_style.italic)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setKerning(True)
            if hasattr(font, "setFeature"):  # Qt 6.7+: no "ﬀ"-style ligatures, so the PDF's
                for tag in ("liga", "clig"):  # text searches and copies as typed
                    font.setFeature(QFont.Tag(tag), 0)
            if text_style.spacing != 100.0:
                font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, text_style.spacing)
            self._fonts[key] = font
        return font


# --------------------------------------------------------------------------- missing scripts


@dataclass(frozen=True)
class Script:
    """A writing system as far as installing a font goes."""

    key: str
    package: str  # Debian/Ubuntu package with a font for it


# (first, last code point, script key, Debian/Ubuntu package)
_SCRIPT_RANGES = (
    (0x0590, 0x05FF, "hebrew", "fonts-noto-core"),
    (0x0600, 0x06FF, "arabic", "fonts-noto-core"),
    (0x0750, 0x077F, "arabic", "fonts-noto-core"),
    (0x08A0, 0x08FF, "arabic", "fonts-noto-core"),
    (0xFB50, 0xFDFF, "arabic", "fonts-noto-core"),
    (0xFE70, 0xFEFF, "arabic", "fonts-noto-core"),
    (0x0900, 0x0DFF, "indic", "fonts-noto-core"),
    (0x0E00, 0x0E7F, "thai", "fonts-noto-core"),
    (0x1100, 0x11FF, "korean", "fonts-noto-cjk"),
    (0x3130, 0x318F, "korean", "fonts-noto-cjk"),
    (0xAC00, 0xD7AF, "korean", "fonts-noto-cjk"),
    (0x3040, 0x30FF, "japanese", "fonts-noto-cjk"),
    (0x2E80, 0x2FDF, "cjk", "fonts-noto-cjk"),
    (0x3000, 0x303F, "cjk", "fonts-noto-cjk"),
    (0x3400, 0x4DBF, "cjk", "fonts-noto-cjk"),
    (0x4E00, 0x9FFF, "cjk", "fonts-noto-cjk"),
    (0xF900, 0xFAFF, "cjk", "fonts-noto-cjk"),
    (0xFF00, 0xFFEF, "cjk", "fonts-noto-cjk"),
    (0x20000, 0x3134F, "cjk", "fonts-noto-cjk"),
)


def script_of(ch: str) -> Script:
    cp = ord(ch)
    if is_emoji(ch):
        return Script("emoji", "fonts-symbola")
    for first, last, key, package in _SCRIPT_RANGES:
        if first <= cp <= last:
            return Script(key, package)
    return Script("other", "fonts-noto-core")


class FontCoverage:
    """Which characters of the laid-out text no installed font could draw (Qt then prints the
    first font's empty box). Checked once per distinct character."""

    def __init__(self) -> None:
        self._known: dict[str, bool] = {}
        self.missing: dict[Script, list[str]] = {}
        self._base: QRawFont | None = None

    def check(self, text: str, font: QFont, device) -> None:
        for ch in set(text):
            if ch in self._known or ord(ch) < 0x250 or _ignorable(ch):
                continue
            ok = self._drawable(ch, font, device)
            self._known[ch] = ok
            if not ok:
                self.missing.setdefault(script_of(ch), []).append(ch)

    def _drawable(self, ch: str, font: QFont, device) -> bool:
        if self._base is None:
            self._base = QRawFont.fromFont(font)
        if self._base.isValid() and self._base.supportsCharacter(ord(ch)):
            return True
        layout = QTextLayout(ch, font, device)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        for run in layout.glyphRuns():
            if any(index == 0 for index in run.glyphIndexes()):
                return False
        return True


def _ignorable(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc") or \
        0xFE00 <= ord(ch) <= 0xFE0F or 0x1F3FB <= ord(ch) <= 0x1F3FF


# ---------------------------------------------------------------------------------- text box


# PySide6 enum lookups are slow (a Python descriptor each): resolved once here
_ABSOLUTE = Qt.AlignmentFlag.AlignAbsolute
_ALIGN = {"right": Qt.AlignmentFlag.AlignRight | _ABSOLUTE,
          "center": Qt.AlignmentFlag.AlignHCenter | _ABSOLUTE,
          "left": Qt.AlignmentFlag.AlignLeft | _ABSOLUTE}
_WRAP = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
_NO_WRAP = QTextOption.WrapMode.NoWrap
LTR, RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft
_BOLD = QFont.Weight.Bold


_options: dict[tuple, QTextOption] = {}


def _option(wrap: bool, align: str, direction) -> QTextOption:
    """A QTextOption per (wrap, alignment, direction), made once: setting its enums through
    PySide6 costs more than laying out a short line."""
    key = (wrap, align, direction == RTL)
    option = _options.get(key)
    if option is None:
        option = QTextOption()
        option.setWrapMode(_WRAP if wrap else _NO_WRAP)
        option.setAlignment(_ALIGN.get(align, _ALIGN["left"]))
        option.setTextDirection(direction)
        _options[key] = option
    return option


class TextBox:
    """Plain text wrapped to a width with QTextLayout; lines are kept for breaking across pages.

    `ctx` gives the device, fonts, the report's base direction and the font coverage record.
    """

    def __init__(self, ctx, text: Sequence[Span], text_style: TextStyle, width: float,
                 align: str = "left", wrap: bool = True):
        self.style = text_style
        self.spans = tuple(text)
        self.tops: list[float] = []
        self.steps: list[float] = []
        self.widths: list[float] = []
        self.ascent = 0.0
        self.height = 0.0
        self.layout = None
        if not any(s.text for s in self.spans):  # an empty cell: nothing to lay out
            self.text = ""
            return
        content, formats = _compose(self.spans, text_style)
        self.text = content
        font = ctx.font(text_style)
        coverage = getattr(ctx, "coverage", None)
        if coverage is not None:
            coverage.check(content, font, ctx.device)
        layout = QTextLayout(content, font, ctx.device)
        direction = self._direction(ctx)
        if align == "start":  # the line's start: the right edge for right-to-left text
            align = "right" if direction == RTL else "left"
        layout.setTextOption(_option(wrap, align, direction))
        layout.setFormats(formats)
        step = ctx.pt(text_style.leading)
        y = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            line_step = max(step, line.height())
            line.setPosition(QPointF(0, y + (line_step - line.height()) / 2))
            if not self.tops:
                self.ascent = (line_step - line.height()) / 2 + line.ascent()
            self.tops.append(y)
            self.steps.append(line_step)
            self.widths.append(line.naturalTextWidth())
            y += line_step
        layout.endLayout()
        self.layout = layout
        self.height = y
        recorder = getattr(ctx, "glyph_texts", None)
        if recorder is not None and _ASTRAL.search(content):
            recorder.record(layout, content)

    def _direction(self, ctx) -> Qt.LayoutDirection:
        """A paragraph of user text alone runs in its own direction; the rest in the report's."""
        base = getattr(ctx, "direction", LTR)
        if self.spans and all(s.user for s in self.spans):
            found = first_strong_direction("".join(s.text for s in self.spans))
            return found if found is not None else base
        return base

    @property
    def count(self) -> int:
        return len(self.tops)

    @property
    def natural_width(self) -> float:
        return max(self.widths, default=0.0)

    def span_height(self, start: int, end: int) -> float:
        return sum(self.steps[start:end])

    def draw(self, painter: QPainter, x: float, y: float, start: int = 0,
             end: int | None = None) -> None:
        end = self.count if end is None else end
        if start >= end:
            return
        offset = self.tops[start]
        for index in range(start, end):
            self.layout.lineAt(index).draw(painter, QPointF(x, y - offset))


def _compose(spans: Sequence[Span], text_style: TextStyle):
    """The layout string and its format ranges, offsets in UTF-16 units. User spans are
    isolated; every span gets a format (colour included), so no text inherits the painter's."""
    parts: list[str] = []
    formats = []
    start = 0
    for span in spans:
        text = text_presentation(span.text)
        if span.user:
            text = isolate(text)
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(MUTED if span.muted else text_style.color))
        if span.bold or text_style.bold:
            fmt.setFontWeight(_BOLD)
        if span.italic or text_style.italic:
            fmt.setFontItalic(True)
        length = utf16_len(text)
        rng = QTextLayout.FormatRange()
        rng.start, rng.length, rng.format = start, length, fmt
        formats.append(rng)
        parts.append(text)
        start += length
    return "".join(parts), formats


def advance(ctx, text: str, text_style: TextStyle) -> float:
    return QFontMetricsF(ctx.font(text_style), ctx.device).horizontalAdvance(
        text_presentation(text))


_SPACES = re.compile(r"\s+")


def _one_line_text(text: str) -> str:
    """Runs of white space (line breaks included) as one space; a span's edge spaces stay."""
    return _SPACES.sub(" ", text)


def one_line(ctx, text: Sequence[Span] | str, text_style: TextStyle, width: float,
             align: str = "left") -> TextBox:
    """One line of text, shortened with "…" to fit `width` (the last span is shortened first,
    so "title, 13 May 2026" keeps its date when the title is the first span)."""
    spans = (Span(text),) if isinstance(text, str) else tuple(text)
    spans = tuple(replace(s, text=_one_line_text(s.text)) for s in spans)
    metrics = QFontMetricsF(ctx.font(text_style), ctx.device)
    total = sum(metrics.horizontalAdvance(text_presentation(s.text)) for s in spans)
    if total > width and spans:
        # shorten the longest elidable span (user text first) until the whole fits
        order = sorted(range(len(spans)), key=lambda i: (not spans[i].user,
                                                         -len(spans[i].text)))
        for i in order:
            others = total - metrics.horizontalAdvance(text_presentation(spans[i].text))
            room = width - others
            if room <= metrics.horizontalAdvance("…") * 2:
                continue
            short = metrics.elidedText(spans[i].text, Qt.TextElideMode.ElideRight, room)
            spans = spans[:i] + (replace(spans[i], text=short),) + spans[i + 1:]
            break
        else:
            whole = "".join(s.text for s in spans)
            spans = (Span(metrics.elidedText(whole, Qt.TextElideMode.ElideRight, width)),)
    return TextBox(ctx, spans, text_style, width + ctx.pt(2), align, wrap=False)


def script_name(key: str) -> str:
    from maturity_workbook.report.i18n import translate

    names = {
        "korean": translate("SnapshotReport", "Korean (Hangul)"),
        "japanese": translate("SnapshotReport", "Japanese (kana)"),
        "cjk": translate("SnapshotReport", "Chinese, Japanese or Korean characters (CJK)"),
        "arabic": translate("SnapshotReport", "Arabic"),
        "hebrew": translate("SnapshotReport", "Hebrew"),
        "indic": translate("SnapshotReport", "an Indic script"),
        "thai": translate("SnapshotReport", "Thai"),
        "emoji": translate("SnapshotReport", "emoji"),
    }
    return names.get(key, translate("SnapshotReport", "some characters"))


def missing_font_messages(missing: dict) -> list[str]:
    """One sentence per script that no installed font could draw: which, examples, and the
    Debian/Ubuntu package with a font for it (other systems: any font for that script)."""
    from maturity_workbook.report.i18n import arg, translate

    out = []
    for script, chars in sorted(missing.items(), key=lambda kv: kv[0].key):
        sample = " ".join(sorted(set(chars))[:6])
        out.append(arg(translate(
            "SnapshotReport", "No installed font can draw %1 (%2): those characters print as "
            "empty boxes. Install a font for it and export again, for example the package %3 on "
            "Debian or Ubuntu, or a Noto font from your system's font settings."),
            script_name(script.key), sample, script.package))
    return out
