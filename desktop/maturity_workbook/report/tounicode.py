"""Emoji (and other characters beyond U+FFFF) that copy, search and extract from the PDF.

Qt's PDF writer maps each embedded glyph back to text with the font's own cmap, looking only at
U+0000..U+FFFF (QFontSubset::getReverseMap): a glyph for an emoji or a rare CJK ideograph gets no
ToUnicode entry, so a viewer copies nothing (or a control code) where the name had an emoji.

The layout knows better: `GlyphTexts` records, for each text box holding such characters, which
glyph of which font drew which character. After Qt wrote the PDF, `tounicode_updates` finds
every embedded font with glyphs that have no entry, identifies each such glyph among the recorded
ones by its advance width and outline bounds (Qt re-encodes outlines at 2048 units per em, so
they are compared at that scale), and returns new ToUnicode streams for `pdfmeta` to append in
its incremental update. A glyph it cannot identify surely is left as Qt wrote it.
"""

from __future__ import annotations

import re
import struct
import zlib

from PySide6.QtGui import QRawFont, QTextLayout

ASTRAL = re.compile("[\U00010000-\U0010ffff]")
EM = 2048.0  # Qt's subsets: outlines and advances re-encoded at 2048 units per em


def _postscript_name(raw: QRawFont) -> str:
    """Name ID 6 of the font's 'name' table (what Qt writes as the PDF's /BaseFont)."""
    data = bytes(raw.fontTable("name").data())
    if len(data) < 6:
        return ""
    count, strings = struct.unpack(">HH", data[2:6])
    for i in range(count):
        platform, encoding, _lang, name_id, length, offset = struct.unpack(
            ">6H", data[6 + 12 * i:18 + 12 * i])
        if name_id != 6:
            continue
        raw_name = data[strings + offset:strings + offset + length]
        if platform in (0, 3):
            return raw_name.decode("utf-16-be", "replace")
        return raw_name.decode("latin-1")
    return ""


class GlyphTexts:
    """PostScript font name -> (a QRawFont of it, {glyph index: character})."""

    FLAGS = None

    def __init__(self) -> None:
        self.fonts: dict[str, tuple[QRawFont, dict[int, str]]] = {}
        self._names: dict[tuple, str] = {}

    def record(self, layout: QTextLayout, text: str) -> None:
        """Note which glyph drew which character past U+FFFF in `layout` (of `text`).

        Each such character is looked up in the cmap of every font the layout used; a glyph it
        maps to that the layout really drew is that character's. (Qt's per-glyph string indexes
        are not used: around bidi isolates and emoji sequences they point at the wrong place.)"""
        if GlyphTexts.FLAGS is None:
            GlyphTexts.FLAGS = QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
        wanted = sorted(set(ASTRAL.findall(text)))
        if not wanted:
            return
        for run in layout.glyphRuns(-1, -1, GlyphTexts.FLAGS):
            drawn = set(run.glyphIndexes())
            raw = run.rawFont()
            for ch in wanted:
                glyphs = raw.glyphIndexesForString(ch)
                if len(glyphs) == 1 and glyphs[0] and glyphs[0] in drawn:
                    self._add(raw, glyphs[0], ch)

    def _add(self, raw: QRawFont, glyph: int, chars: str) -> None:
        key = raw.familyName(), raw.styleName(), raw.weight()
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = _postscript_name(raw)
        if not name:
            return
        entry = self.fonts.get(name)
        if entry is None:
            entry = self.fonts[name] = (QRawFont(raw), {})
        entry[1].setdefault(glyph, chars)


# ------------------------------------------------------------------------------ PDF reading


def _object(data: bytes, offsets: dict[int, int], number: int) -> bytes:
    """A (non-stream) object's text, up to its "endobj"."""
    start = offsets[number]
    end = data.index(b"endobj", start)
    return data[start:end]


def _stream(data: bytes, offsets: dict[int, int], number: int) -> bytes:
    """A stream's data, read by its /Length (binary data may hold any bytes, "endobj" too)."""
    start = offsets[number]
    begin = data.index(b"stream\n", start)
    head = data[start:begin]
    length = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", head)
    size = int(length.group(1))
    if length.group(2):
        size = int(_object(data, offsets, size).split(b"obj", 1)[1].split()[0])
    raw = data[begin + len(b"stream\n"):begin + len(b"stream\n") + size]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def _mapped_cids(cmap: bytes) -> set[int]:
    mapped: set[int] = set()
    for first, last in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*(?:<|\[)", cmap):
        mapped.update(range(int(first, 16), int(last, 16) + 1))
    return mapped


def _glyph_bounds(font: bytes) -> list[tuple[int, int, int, int] | None]:
    """Per glyph of a TrueType subset: (xMin, yMin, xMax, yMax), None when empty."""
    count = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _sum, offset, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        tables[tag] = (offset, length)
    head = tables[b"head"][0]
    long_loca = struct.unpack(">h", font[head + 50:head + 52])[0] == 1
    glyphs = struct.unpack(">H", font[tables[b"maxp"][0] + 4:tables[b"maxp"][0] + 6])[0]
    loca, glyf = tables[b"loca"][0], tables[b"glyf"][0]
    if long_loca:
        places = struct.unpack(f">{glyphs + 1}I", font[loca:loca + 4 * (glyphs + 1)])
    else:
        places = [2 * v for v in struct.unpack(f">{glyphs + 1}H",
                                                font[loca:loca + 2 * (glyphs + 1)])]
    out: list[tuple[int, int, int, int] | None] = []
    for g in range(glyphs):
        if places[g + 1] - places[g] < 10:
            out.append(None)
            continue
        at = glyf + places[g]
        out.append(struct.unpack(">4h", font[at + 2:at + 10]))
    return out


def _widths(descendant: bytes) -> dict[int, float]:
    """/W [c [w1 w2 ...] c1 c2 w ...] of a CIDFont, per CID (1/1000 em)."""
    found = re.search(rb"/W\s*\[(.*)\]\s*>>", descendant, re.S)
    out: dict[int, float] = {}
    if found is None:
        return out
    tokens = re.findall(rb"\[|\]|-?[\d.]+", found.group(1))
    i = 0
    while i < len(tokens):
        first = int(float(tokens[i]))
        if tokens[i + 1] == b"[":
            i += 2
            cid = first
            while tokens[i] != b"]":
                out[cid] = float(tokens[i])
                cid += 1
                i += 1
            i += 1
        else:
            last, width = int(float(tokens[i + 1])), float(tokens[i + 2])
            for cid in range(first, last + 1):
                out[cid] = width
            i += 3
    return out


def _fingerprint(raw: QRawFont, glyph: int) -> tuple[float, tuple[float, float, float, float]]:
    """(advance, bounds) at 2048 units per em; the advance in the same units as the bounds."""
    raw = QRawFont(raw)
    raw.setPixelSize(EM)
    advance = raw.advancesForGlyphIndexes([glyph])[0].x()
    rect = raw.pathForGlyph(glyph).controlPointRect()
    return advance, (rect.left(), -rect.bottom(), rect.right(), -rect.top())


def tounicode_updates(data: bytes, offsets: dict[int, int], recorded: GlyphTexts
                      ) -> dict[int, bytes]:
    """New ToUnicode stream objects (object number -> bytes) for fonts with recorded glyphs
    that Qt left unmapped."""
    if not recorded.fonts:
        return {}
    out: dict[int, bytes] = {}
    for number, start in offsets.items():
        if b"/Subtype /Type0" not in data[start:start + 120]:
            continue
        body = _object(data, offsets, number)
        base = re.search(rb"/BaseFont\s*/([^\s/>]+)", body)
        if base is None or base.group(1).decode("latin-1") not in recorded.fonts:
            continue
        raw, glyph_chars = recorded.fonts[base.group(1).decode("latin-1")]
        try:
            out.update(_fix_font(data, offsets, body, raw, glyph_chars))
        except (KeyError, ValueError, IndexError, struct.error, zlib.error):
            continue
    return out


def _fix_font(data, offsets, body, raw, glyph_chars) -> dict[int, bytes]:
    to_unicode = int(re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", body).group(1))
    descendant_no = int(re.search(rb"/DescendantFonts\s*\[\s*(\d+)\s+0\s+R", body).group(1))
    descendant = _object(data, offsets, descendant_no)
    descriptor = int(re.search(rb"/FontDescriptor\s+(\d+)\s+0\s+R", descendant).group(1))
    font_file = int(re.search(rb"/FontFile2\s+(\d+)\s+0\s+R",
                              _object(data, offsets, descriptor)).group(1))
    cmap = _stream(data, offsets, to_unicode)
    bounds = _glyph_bounds(_stream(data, offsets, font_file))
    widths = _widths(descendant)
    mapped = _mapped_cids(cmap)
    unmapped = [cid for cid in range(1, len(bounds)) if cid not in mapped and bounds[cid]]
    if not unmapped:
        return {}
    candidates = {g: _fingerprint(raw, g) for g in glyph_chars}
    found: dict[int, str] = {}
    for cid in unmapped:
        best, best_cost = None, None
        width = widths.get(cid) or 1000.0
        x0, y0, x1, y1 = bounds[cid]
        for glyph, (advance, box) in candidates.items():
            # heights compare as they are; widths relative to the advance (a font engine may
            # stretch a fallback font horizontally, and Qt's subset then keeps that stretch)
            advance = advance or 1000.0
            cost = (abs(box[1] - y0) + abs(box[3] - y1)
                    + 1000 * (abs(box[0] / advance - x0 * 1000 / 2048 / width)
                              + abs(box[2] / advance - x1 * 1000 / 2048 / width)))
            if best_cost is None or cost < best_cost:
                best, best_cost = glyph, cost
        if best is not None and best_cost <= 40:  # a few units of rounding, never a guess
            found[cid] = glyph_chars[best]
            del candidates[best]
    if not found:
        return {}
    entries = b"".join(b"<%04X> <%s>\n" % (cid, text.encode("utf-16-be").hex().upper().encode())
                       for cid, text in sorted(found.items()))
    extra = b"%d beginbfchar\n" % len(found) + entries + b"endbfchar\n"
    new_cmap = cmap.replace(b"endcmap", extra + b"endcmap", 1)
    return {to_unicode: b"<< /Length %d >>\nstream\n" % len(new_cmap) + new_cmap
            + b"\nendstream"}
