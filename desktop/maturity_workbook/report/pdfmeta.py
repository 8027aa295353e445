"""What Qt's PDF writer cannot say, added to its output: outline, language, subject, keywords.

QPdfWriter (Qt 6) writes a title, an author, a creator and an XMP packet, but no document outline
(bookmarks), no /Lang, no /Subject or /Keywords in the Info dictionary, and no tags: it emits no
marked content and no structure tree, so the PDF cannot be a tagged PDF and this module does not
pretend it is (no /MarkInfo). Screen readers get the text in reading order, which is the order
the report paints it, but no heading or table semantics.

The rest is added as an *incremental update*, the PDF format's own way of amending a file
(ISO 32000-1, 7.5.6): the bytes Qt wrote stay untouched; new versions of the catalog and the Info
dictionary, the outline items and a cross-reference section for them are appended, with a
trailer pointing back to Qt's (/Prev). Every reader applies it; it costs well under a
millisecond, and needs no PDF library at run time (pypdf stays a test dependency: rewriting the
whole file with it would cost more than the layout and add a dependency for four dictionaries).

Qt's own output is parsed only as far as needed: the trailer, the cross-reference table and the
catalog and page-tree objects, which Qt writes uncompressed. If anything there is not as
expected, `add_navigation` returns the PDF unchanged (it is still a complete, valid file).
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence
from xml.sax.saxutils import escape

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Bookmark:
    title: str
    level: int  # 1, 2, ...
    page: int  # 0-based
    top: float  # points from the bottom of the page


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en"
    creator: str = ""
    producer: str = ""


def pdf_text(text: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, hex-encoded (nothing to escape)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_date(moment: datetime) -> bytes:
    return moment.strftime("(D:%Y%m%d%H%M%SZ)").encode("ascii")


def xmp_packet(meta: Metadata, moment: datetime | None = None) -> bytes:
    """An XMP packet saying what the Info dictionary says (title, author, subject, keywords,
    language, tools, dates), for QPdfWriter.setDocumentXmpMetadata."""
    moment = moment or datetime.now(timezone.utc)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    doc_id = uuid.uuid4()

    def alt(value: str) -> str:
        return (f"<rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(value)}</rdf:li></rdf:Alt>")

    parts = [f"<dc:title>{alt(meta.title)}</dc:title>",
             f"<dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag>"
             "</dc:language>"]
    if meta.author:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq>"
                     "</dc:creator>")
    if meta.subject:
        parts.append(f"<dc:description>{alt(meta.subject)}</dc:description>")
    if meta.keywords:
        items = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in meta.keywords)
        parts.append(f"<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>")
    keywords = escape(", ".join(meta.keywords), {'"': "&quot;"})
    packet = (
        "<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        + "".join(parts) + "</rdf:Description>"
        "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" "
        f"pdf:Producer=\"{escape(meta.producer, {chr(34): '&quot;'})}\" "
        f"pdf:Keywords=\"{keywords}\"/>"
        "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" "
        f"xmp:CreatorTool=\"{escape(meta.creator, {chr(34): '&quot;'})}\" "
        f"xmp:CreateDate=\"{stamp}\" xmp:ModifyDate=\"{stamp}\" xmp:MetadataDate=\"{stamp}\"/>"
        "<rdf:Description rdf:about=\"\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" "
        f"xmpMM:DocumentID=\"uuid:{doc_id}\" xmpMM:InstanceID=\"uuid:{doc_id}\"/>"
        "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    )
    return packet.encode("utf-8")


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)
_REF = rb"/%s\s+(\d+)\s+0\s+R"


class _Unexpected(Exception):
    pass


def _ref(body: bytes, key: bytes) -> int:
    match = re.search(_REF % key, body)
    if match is None:
        raise _Unexpected(f"no /{key.decode()} reference")
    return int(match.group(1))


def _offsets(data: bytes, xref_at: int) -> dict[int, int]:
    """Object number -> byte offset from a classic cross-reference table."""
    if data[xref_at:xref_at + 4] != b"xref":
        raise _Unexpected("not a classic cross-reference table")
    lines = data[xref_at:].split(b"\n")
    offsets: dict[int, int] = {}
    i = 1
    while i < len(lines) and not lines[i].startswith(b"trailer"):
        head = lines[i].split()
        if len(head) != 2:
            raise _Unexpected("bad cross-reference subsection")
        first, count = int(head[0]), int(head[1])
        for k in range(count):
            entry = lines[i + 1 + k].split()
            if entry[2] == b"n":
                offsets[first + k] = int(entry[0])
        i += 1 + count
    return offsets


def _dict_body(data: bytes, offsets: dict[int, int], number: int) -> bytes:
    """The inside of object `number`'s dictionary (objects without strings only)."""
    start = offsets.get(number)
    if start is None:
        raise _Unexpected(f"object {number} missing")
    match = re.match(rb"\s*%d\s+0\s+obj\s*<<(.*?)>>\s*endobj" % number, data[start:], re.S)
    if match is None:
        raise _Unexpected(f"object {number} is not a plain dictionary")
    return match.group(1)


def add_navigation(data: bytes, meta: Metadata, bookmarks: Sequence[Bookmark],
                   extra=None) -> bytes:
    """`data` (a PDF from QPdfWriter) with an incremental update that adds the outline, /Lang,
    the full Info dictionary and opens with the bookmarks shown; `extra(data, offsets)` may
    return more replaced objects (ToUnicode maps). Unchanged when the file is not laid out as
    expected."""
    try:
        return data + _update(data, meta, bookmarks, extra)
    except (_Unexpected, ValueError, IndexError) as exc:
        log.warning("PDF outline and language not added: %s", exc)
        return data


def _update(data: bytes, meta: Metadata, bookmarks: Sequence[Bookmark], extra=None) -> bytes:
    trailer = _TRAILER.search(data[-4096:])
    if trailer is None:
        raise _Unexpected("no trailer at the end")
    body, xref_at = trailer.group(1), int(trailer.group(2))
    size = int(re.search(rb"/Size\s+(\d+)", body).group(1))
    root, info = _ref(body, b"Root"), _ref(body, b"Info")
    ids = re.search(rb"/ID\s*\[[^\]]*\]", body)
    offsets = _offsets(data, xref_at)
    catalog = _dict_body(data, offsets, root)
    pages_obj = _ref(catalog, b"Pages")
    kids = re.search(rb"/Kids\s*\[(.*?)\]", _dict_body(data, offsets, pages_obj), re.S)
    if kids is None:
        raise _Unexpected("no page list")
    pages = [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", kids.group(1))]

    objects: dict[int, bytes] = dict(extra(data, offsets)) if extra is not None else {}
    next_number = size
    outline_root = None
    marks = [b for b in bookmarks if 0 <= b.page < len(pages)]
    if marks:
        outline_root = next_number
        numbers = list(range(next_number + 1, next_number + 1 + len(marks)))
        next_number += 1 + len(marks)
        objects.update(_outline_objects(outline_root, marks, numbers, pages))

    entries = re.sub(rb"/(Outlines|PageMode|Lang|ViewerPreferences)\b[^/]*", b"", catalog)
    extra = b"/Lang " + pdf_text(meta.language) + b"\n/ViewerPreferences << /DisplayDocTitle true >>\n"
    if outline_root is not None:
        extra += b"/Outlines %d 0 R\n/PageMode /UseOutlines\n" % outline_root
    objects[root] = b"<<" + entries.rstrip() + b"\n" + extra + b">>"

    now = pdf_date(datetime.now(timezone.utc))
    info_entries = [(b"Title", pdf_text(meta.title))]
    for key, value in ((b"Author", meta.author), (b"Subject", meta.subject),
                       (b"Keywords", ", ".join(meta.keywords)), (b"Creator", meta.creator),
                       (b"Producer", meta.producer)):
        if value:
            info_entries.append((key, pdf_text(value)))
    info_entries += [(b"CreationDate", now), (b"ModDate", now), (b"Trapped", b"/False")]
    objects[info] = b"<<\n" + b"".join(b"/%s %s\n" % kv for kv in info_entries) + b">>"

    out = bytearray(b"\n" if not data.endswith(b"\n") else b"")
    positions: dict[int, int] = {}
    for number in sorted(objects):
        positions[number] = len(data) + len(out)  # where "N 0 obj" starts
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(data) + len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number in sorted(positions):
        out += b"%d 1\n%010d 00000 n \n" % (number, positions[number])
    out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/Prev %d\n" % (
        max(next_number, size), root, info, xref_at)
    if ids is not None:
        out += ids.group(0) + b"\n"
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _outline_objects(root: int, marks: Sequence[Bookmark], numbers: list[int],
                     pages: list[int]) -> dict[int, bytes]:
    """The outline tree: each bookmark's parent is the nearest earlier one of a lower level."""
    parent: list[int] = []
    stack: list[tuple[int, int]] = []  # (level, index)
    for index, mark in enumerate(marks):
        while stack and stack[-1][0] >= mark.level:
            stack.pop()
        parent.append(stack[-1][1] if stack else -1)
        stack.append((mark.level, index))
    children: dict[int, list[int]] = {}
    for index, p in enumerate(parent):
        children.setdefault(p, []).append(index)

    def number(index: int) -> int:
        return root if index == -1 else numbers[index]

    def descendants(index: int) -> int:
        return sum(1 + descendants(c) for c in children.get(index, []))

    objects: dict[int, bytes] = {}
    top = children.get(-1, [])
    objects[root] = (b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
                     % (number(top[0]), number(top[-1]), descendants(-1)))
    for index, mark in enumerate(marks):
        siblings = children[parent[index]]
        at = siblings.index(index)
        parts = [b"/Title " + pdf_text(mark.title), b"/Parent %d 0 R" % number(parent[index]),
                 b"/Dest [%d 0 R /XYZ 0 %.2f null]" % (pages[mark.page], mark.top)]
        if at > 0:
            parts.append(b"/Prev %d 0 R" % number(siblings[at - 1]))
        if at + 1 < len(siblings):
            parts.append(b"/Next %d 0 R" % number(siblings[at + 1]))
        kids = children.get(index, [])
        if kids:
            parts.append(b"/First %d 0 R /Last %d 0 R /Count %d"
                         % (number(kids[0]), number(kids[-1]), descendants(index)))
        objects[numbers[index]] = b"<< " + b" ".join(parts) + b" >>"
    return objects
