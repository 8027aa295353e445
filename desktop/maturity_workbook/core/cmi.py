"""CMI model files: how customers are rated for maturity and what follows from the rating.

A Customer Maturity Index (CMI) model names the qualifiers a customer is scored on (1-5 each), how
their weights combine into an index from 0 to 100, the thresholds of the CMI x health 2x2, the
playbook of each quadrant, the education tracks by CMI band, and the tags each quadrant and track
produce. It is YAML loaded with the safe loader and validated like a framework file: every
problem is reported with its line, so a team that writes its own model is told where to fix it.
The format is described in docs/cmi-format.md; the computations live in core/portfolio.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from maturity_workbook.core import safe_yaml
from maturity_workbook.core.framework import Attribution, Problem
from maturity_workbook.core.safe_read import read_regular

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000
SCORES = (1, 2, 3, 4, 5)
CMI_MAX = 100.0
HEALTH_MAX = 100.0
HIGH, LOW = "high", "low"
HIGH_TOUCH, TECH_TOUCH = "high-touch", "tech-touch"
TOUCH_MODELS = (HIGH_TOUCH, TECH_TOUCH)
WEIGHTED_MEAN = "weighted-mean"
INDEX_METHODS = (WEIGHTED_MEAN,)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


# --------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Qualifier:
    id: str
    name: str
    summary: str
    weight: float
    levels: Mapping[int, str]  # score 1-5 -> what a customer at that score looks like


@dataclass(frozen=True)
class Playbook:
    name: str
    touch: str  # HIGH_TOUCH or TECH_TOUCH
    summary: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Quadrant:
    id: str
    name: str
    cmi: str  # HIGH or LOW: the side of the CMI threshold
    health: str  # HIGH or LOW: the side of the health threshold
    playbook: Playbook
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Track:
    id: str
    name: str
    start: float  # the lowest CMI in this band (inclusive); the band ends where the next starts
    summary: str
    content: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Thresholds:
    """Where the 2x2 is split: a value at or above a threshold is on the high side."""

    cmi: float = 50.0
    health: float = 50.0


@dataclass(frozen=True)
class CmiModel:
    id: str
    version: str
    title: str
    attribution: Attribution
    qualifiers: tuple[Qualifier, ...]
    quadrants: tuple[Quadrant, ...]
    tracks: tuple[Track, ...]  # by ascending start; the first starts at 0
    thresholds: Thresholds = Thresholds()
    method: str = WEIGHTED_MEAN
    description: str = ""
    source_path: str = field(default="", compare=False)

    @property
    def qualifier_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.qualifiers)

    def _find(self, kind: str, found) -> Any:
        for entry in found:
            return entry
        raise KeyError(f"{self.id} has no {kind}")

    def qualifier(self, qualifier_id: str) -> Qualifier:
        return self._find(f"qualifier {qualifier_id!r}",
                          (q for q in self.qualifiers if q.id == qualifier_id))

    def quadrant(self, quadrant_id: str) -> Quadrant:
        return self._find(f"quadrant {quadrant_id!r}",
                          (q for q in self.quadrants if q.id == quadrant_id))

    def quadrant_at(self, cmi_side: str, health_side: str) -> Quadrant:
        return self._find(f"quadrant for CMI {cmi_side}, health {health_side}",
                          (q for q in self.quadrants
                           if q.cmi == cmi_side and q.health == health_side))

    def track(self, track_id: str) -> Track:
        return self._find(f"track {track_id!r}", (t for t in self.tracks if t.id == track_id))

    def track_for(self, cmi: float) -> Track:
        """The band a CMI falls in: the last track whose start it has reached."""
        found = self.tracks[0]
        for track in self.tracks:
            if cmi + 1e-9 >= track.start:
                found = track
        return found

    def track_end(self, track: Track) -> float:
        """Where a band ends (exclusive), 100 for the last one."""
        index = self.tracks.index(track)
        return self.tracks[index + 1].start if index + 1 < len(self.tracks) else CMI_MAX

    @property
    def all_tags(self) -> tuple[str, ...]:
        """Every tag the model can produce, quadrants first, each once."""
        return tuple(dict.fromkeys(t for owner in (*self.quadrants, *self.tracks)
                                   for t in owner.tags))


class CmiModelError(Exception):
    """A CMI model file that cannot be used; carries every problem found, each with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ------------------------------------------------------------------------------ YAML with lines

class _Located:
    """Parsed YAML plus the line of every value, addressed by its path of keys and indexes."""

    def __init__(self, text: str):
        loader, node = safe_yaml.compose(text)  # limits checked before objects are built
        self.lines: dict[tuple, int] = {}
        self.duplicates: list[tuple[tuple, Any, int]] = []
        self.data = None
        try:
            if node is not None:
                self.data = loader.construct_document(node)
                self._walk(loader, node, ())
        finally:
            loader.dispose()

    def _walk(self, loader, node: yaml.Node, path: tuple) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                try:
                    key = loader.construct_object(key_node, deep=True)
                    hash(key)
                except Exception:  # an unhashable key is reported by the constructor already
                    continue
                if key in seen:
                    self.duplicates.append((path, key, key_node.start_mark.line + 1))
                seen.add(key)
                self._walk(loader, value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                self._walk(loader, child, path + (index,))

    def line(self, path: tuple) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


# ----------------------------------------------------------------------------------- validation

_TOP_KEYS = {"format": True, "id": True, "version": True, "title": True, "description": False,
             "attribution": True, "qualifiers": True, "index": False, "thresholds": False,
             "quadrants": True, "tracks": True}
_ATTRIBUTION_KEYS = {"source": True, "author": False, "year": False, "url": False, "note": False}
_QUALIFIER_KEYS = {"id": True, "name": True, "summary": False, "weight": True, "levels": True}
_INDEX_KEYS = {"method": True}
_THRESHOLD_KEYS = {"cmi": True, "health": True}
_QUADRANT_KEYS = {"id": True, "name": True, "cmi": True, "health": True, "playbook": True,
                  "tags": False}
_PLAYBOOK_KEYS = {"name": True, "touch": True, "summary": True, "actions": True}
_TRACK_KEYS = {"id": True, "name": True, "from": True, "summary": False, "content": True,
               "tags": False}
_TYPE_NAMES = {dict: "a mapping (key: value lines)", list: "a list (lines starting with '-')",
               str: "text", int: "a whole number", float: "a number", bool: "true or false",
               type(None): "nothing"}


def _describe(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def _is_number(value: Any) -> bool:
    return (not isinstance(value, bool) and isinstance(value, (int, float))
            and not math.isnan(value) and not math.isinf(value))


class _Validator:
    def __init__(self, located: _Located, file_label: str):
        self.doc = located
        self.file = file_label
        self.problems: list[Problem] = []

    def fail(self, path: tuple, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, line or self.doc.line(path), message))

    def mapping(self, value: Any, path: tuple, keys: Mapping[str, bool], what: str) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, f"{_where(path)} should be {_describe({})} describing {what}, "
                            f"found {_describe(value)}")
            return None
        for key in value:
            if key not in keys:
                self.fail(path + (key,), f"unknown key {key!r} in {_where(path)}; expected one "
                                         f"of: {', '.join(keys)} (check the spelling)")
        for key, required in keys.items():
            if required and key not in value:
                self.fail(path, f"{_where(path)} is missing {key!r}; add `{key}: ...` to {what}")
        return value

    def text(self, parent: dict, key: str, path: tuple, required: bool = True) -> str:
        if key not in parent:
            return ""
        value = parent[key]
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None or isinstance(value, str):
            if required:
                self.fail(path + (key,), f"{_where(path + (key,))} is empty; write the text")
            return ""
        hint = ' (put it in quotes: "1.0")' if _is_number(value) else ""
        self.fail(path + (key,), f"{_where(path + (key,))} should be text, found "
                                 f"{_describe(value)}{hint}")
        return ""

    def slug(self, parent: dict, key: str, path: tuple) -> str:
        value = self.text(parent, key, path)
        if value and not SLUG.match(value):
            self.fail(path + (key,), f"{_where(path + (key,))} is {value!r}; an id uses lower-case "
                                     "letters, digits and '-' only (e.g. product-usage)")
            return ""
        return value

    def number(self, parent: dict, key: str, path: tuple, low: float, high: float,
               what: str) -> float | None:
        if key not in parent:
            return None
        value = parent[key]
        if not _is_number(value) or not low <= value <= high:
            self.fail(path + (key,), f"{_where(path + (key,))} should be {what}, found "
                                     f"{value!r}")
            return None
        return float(value)

    def seq(self, parent: dict, key: str, path: tuple, what: str) -> list:
        if key not in parent:
            return []
        value = parent[key]
        if not isinstance(value, list):
            self.fail(path + (key,), f"{_where(path + (key,))} should be a list of {what} "
                                     f"(each starting with '-'), found {_describe(value)}")
            return []
        return value

    def texts(self, parent: dict, key: str, path: tuple, what: str, *, slugs: bool = False,
              at_least_one: bool = False) -> tuple[str, ...]:
        raw = self.seq(parent, key, path, what)
        if at_least_one and key in parent and isinstance(parent[key], list) and not raw:
            self.fail(path + (key,), f"{_where(path + (key,))} is empty; list at least one")
        out: list[str] = []
        for index, entry in enumerate(raw):
            here = path + (key, index)
            if not isinstance(entry, str) or not entry.strip():
                self.fail(here, f"{_where(here)} should be text, found {_describe(entry)}")
            elif slugs and not SLUG.match(entry.strip()):
                self.fail(here, f"tag {entry!r} should use lower-case letters, digits and '-' "
                                "only, so every messaging tool accepts it (e.g. cmi-expand)")
            elif entry.strip() in out:
                self.fail(here, f"{entry.strip()!r} is listed twice in {_where(path + (key,))}")
            else:
                out.append(entry.strip())
        return tuple(out)

    # -- the sections

    def model(self, label: str) -> CmiModel | None:
        for parent, key, line in self.doc.duplicates:
            self.fail(parent, f"{key!r} appears twice in {_where(parent)}; keep one", line)
        if self.doc.data is None:
            self.fail((), "the file is empty; a CMI model needs format, id, version, title, "
                          "attribution, qualifiers, quadrants and tracks (see docs/cmi-format.md)")
            return None
        top = self.mapping(self.doc.data, (), _TOP_KEYS, "the CMI model")
        if top is None:
            return None
        if "format" in top:
            fmt = top["format"]
            if isinstance(fmt, bool) or not isinstance(fmt, int):
                self.fail(("format",), f"format should be a whole number, found {_describe(fmt)}")
            elif fmt != FORMAT_VERSION:
                newer = "a newer app" if fmt > FORMAT_VERSION else "an unknown format"
                self.fail(("format",), f"format {fmt} is {newer}; this app reads format "
                                       f"{FORMAT_VERSION} (set `format: {FORMAT_VERSION}`)")
        model_id = self.slug(top, "id", ())
        version, title = self.text(top, "version", ()), self.text(top, "title", ())
        attribution = self.attribution(top)
        qualifiers = self.qualifiers(top)
        method = self.index(top)
        thresholds = self.thresholds(top)
        quadrants = self.quadrants(top)
        tracks = self.tracks(top)
        description = self.text(top, "description", (), required=False)
        if self.problems:
            return None
        return CmiModel(
            id=model_id, version=version, title=title, attribution=attribution,
            qualifiers=qualifiers, quadrants=quadrants, tracks=tracks, thresholds=thresholds,
            method=method, description=description, source_path=label,
        )

    def attribution(self, top: dict) -> Attribution:
        path = ("attribution",)
        if "attribution" not in top:
            return Attribution("")
        value = self.mapping(top["attribution"], path, _ATTRIBUTION_KEYS,
                             "the published model this one follows")
        if value is None:
            return Attribution("")
        year = value.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            self.fail(path + ("year",), f"attribution.year should be a whole number, found "
                                        f"{_describe(year)}")
            year = None
        return Attribution(
            source=self.text(value, "source", path), author=self.text(value, "author", path, False),
            year=year, url=self.text(value, "url", path, False),
            note=self.text(value, "note", path, False))

    def qualifiers(self, top: dict) -> tuple[Qualifier, ...]:
        raw = self.seq(top, "qualifiers", (), "qualifiers")
        if "qualifiers" in top and isinstance(top["qualifiers"], list) and not raw:
            self.fail(("qualifiers",), "there are no qualifiers; add at least one to score")
        out: list[Qualifier] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(raw):
            path = ("qualifiers", index)
            value = self.mapping(entry, path, _QUALIFIER_KEYS,
                                 "a qualifier (id, name, weight, levels)")
            if value is None:
                continue
            qualifier_id = self.slug(value, "id", path)
            if qualifier_id in seen:
                self.fail(path + ("id",), f"qualifier id {qualifier_id!r} is already used by "
                                          f"qualifiers[{seen[qualifier_id]}]; ids must be unique")
            elif qualifier_id:
                seen[qualifier_id] = index
            if qualifier_id in ("id", "name", "email", "health", "owner", "date"):
                self.fail(path + ("id",), f"qualifier id {qualifier_id!r} is a column of the "
                                          "customer CSV already; choose another id")
            weight = value.get("weight")
            if "weight" in value and (not _is_number(weight) or weight <= 0):
                self.fail(path + ("weight",), f"{_where(path + ('weight',))} should be a number "
                                              f"above 0 (weights are relative: 2 counts twice as "
                                              f"much as 1), found {weight!r}")
                weight = None
            out.append(Qualifier(
                id=qualifier_id, name=self.text(value, "name", path),
                summary=self.text(value, "summary", path, False), weight=float(weight or 0),
                levels=self.levels(value, path)))
        return tuple(out)

    def levels(self, parent: dict, path: tuple) -> dict[int, str]:
        if "levels" not in parent:
            return {}
        here = path + ("levels",)
        raw = parent["levels"]
        if not isinstance(raw, dict):
            self.fail(here, f"{_where(here)} should be a mapping from score to what the customer "
                            f"looks like (`1: ...` to `5: ...`), found {_describe(raw)}")
            return {}
        out: dict[int, str] = {}
        for key, text in raw.items():
            if isinstance(key, bool) or key not in SCORES:
                self.fail(here + (key,), f"{_where(here)} has key {key!r}; the keys are the "
                                         "scores 1, 2, 3, 4 and 5")
            elif not isinstance(text, str) or not text.strip():
                self.fail(here + (key,), f"{_where(here + (key,))} should be text, found "
                                         f"{_describe(text)}")
            else:
                out[key] = text.strip()
        for score in SCORES:
            if score not in raw:
                self.fail(here, f"{_where(here)} has no entry for score {score}; add `{score}: "
                                "...` with what a customer at that score looks like")
        return out

    def index(self, top: dict) -> str:
        if "index" not in top:
            return WEIGHTED_MEAN
        value = self.mapping(top["index"], ("index",), _INDEX_KEYS,
                             "how the qualifier scores combine")
        if value is None or "method" not in value:
            return WEIGHTED_MEAN
        method = value["method"]
        if method not in INDEX_METHODS:
            self.fail(("index", "method"), f"index.method is {method!r}; this app knows: "
                                           f"{', '.join(INDEX_METHODS)}")
            return WEIGHTED_MEAN
        return method

    def thresholds(self, top: dict) -> Thresholds:
        if "thresholds" not in top:
            return Thresholds()
        path = ("thresholds",)
        value = self.mapping(top["thresholds"], path, _THRESHOLD_KEYS, "where the 2x2 is split")
        if value is None:
            return Thresholds()
        cmi = self.number(value, "cmi", path, 0, CMI_MAX, "a number from 0 to 100")
        health = self.number(value, "health", path, 0, HEALTH_MAX, "a number from 0 to 100")
        return Thresholds(cmi if cmi is not None else 50.0,
                          health if health is not None else 50.0)

    def quadrants(self, top: dict) -> tuple[Quadrant, ...]:
        raw = self.seq(top, "quadrants", (), "quadrants")
        out: list[Quadrant] = []
        ids: dict[str, int] = {}
        corners: dict[tuple[str, str], int] = {}
        for index, entry in enumerate(raw):
            path = ("quadrants", index)
            value = self.mapping(entry, path, _QUADRANT_KEYS,
                                 "a quadrant (id, name, cmi, health, playbook, tags)")
            if value is None:
                continue
            quadrant_id = self.slug(value, "id", path)
            if quadrant_id in ids:
                self.fail(path + ("id",), f"quadrant id {quadrant_id!r} is already used by "
                                          f"quadrants[{ids[quadrant_id]}]; ids must be unique")
            elif quadrant_id:
                ids[quadrant_id] = index
            sides = []
            for key in ("cmi", "health"):
                side = value.get(key)
                if key in value and side not in (HIGH, LOW):
                    self.fail(path + (key,), f"{_where(path + (key,))} should be `high` or `low` "
                                             f"(which side of the {key} threshold), found "
                                             f"{side!r}")
                sides.append(side)
            corner = (sides[0], sides[1])
            if corner in corners and None not in corner:
                self.fail(path, f"quadrants[{corners[corner]}] is already the quadrant with CMI "
                                f"{corner[0]} and health {corner[1]}; each corner of the 2x2 "
                                "needs its own quadrant")
            corners.setdefault(corner, index)
            out.append(Quadrant(
                id=quadrant_id, name=self.text(value, "name", path), cmi=sides[0] or "",
                health=sides[1] or "", playbook=self.playbook(value, path),
                tags=self.texts(value, "tags", path, "tags", slugs=True)))
        if "quadrants" in top and isinstance(top["quadrants"], list):
            missing = [f"CMI {c}, health {h}" for c in (HIGH, LOW) for h in (HIGH, LOW)
                       if (c, h) not in corners]
            if missing:
                self.fail(("quadrants",), "the 2x2 needs four quadrants; none is given for "
                                          + "; ".join(missing))
        return tuple(out)

    def playbook(self, parent: dict, path: tuple) -> Playbook:
        here = path + ("playbook",)
        value = self.mapping(parent["playbook"], here, _PLAYBOOK_KEYS,
                             "the playbook (name, touch, summary, actions)") \
            if "playbook" in parent else None
        if value is None:
            return Playbook("", "", "", ())
        touch = value.get("touch")
        if "touch" in value and touch not in TOUCH_MODELS:
            self.fail(here + ("touch",), f"{_where(here + ('touch',))} should be "
                                         f"{' or '.join(TOUCH_MODELS)}, found {touch!r}")
        return Playbook(
            name=self.text(value, "name", here), touch=touch if touch in TOUCH_MODELS else "",
            summary=self.text(value, "summary", here),
            actions=self.texts(value, "actions", here, "actions", at_least_one=True))

    def tracks(self, top: dict) -> tuple[Track, ...]:
        raw = self.seq(top, "tracks", (), "tracks")
        if "tracks" in top and isinstance(top["tracks"], list) and not raw:
            self.fail(("tracks",), "there are no tracks; add at least one starting at `from: 0`")
        out: list[Track] = []
        ids: dict[str, int] = {}
        previous: float | None = None
        for index, entry in enumerate(raw):
            path = ("tracks", index)
            value = self.mapping(entry, path, _TRACK_KEYS,
                                 "a track (id, name, from, content, tags)")
            if value is None:
                continue
            track_id = self.slug(value, "id", path)
            if track_id in ids:
                self.fail(path + ("id",), f"track id {track_id!r} is already used by "
                                          f"tracks[{ids[track_id]}]; ids must be unique")
            elif track_id:
                ids[track_id] = index
            start = self.number(value, "from", path, 0, CMI_MAX - 1e-9,
                                "the lowest CMI of the band, from 0 to below 100")
            if start is not None:
                if index == 0 and start != 0:
                    self.fail(path + ("from",), f"the first track starts at {start:g}; start it "
                                                "at `from: 0` so every CMI has a track")
                elif previous is not None and start <= previous:
                    self.fail(path + ("from",), f"track starts at {start:g}, not above the one "
                                                f"before ({previous:g}); list tracks from the "
                                                "lowest band up")
                previous = start
            out.append(Track(
                id=track_id, name=self.text(value, "name", path), start=start or 0.0,
                summary=self.text(value, "summary", path, False),
                content=self.texts(value, "content", path, "content or course names",
                                   at_least_one=True),
                tags=self.texts(value, "tags", path, "tags", slugs=True)))
        return tuple(out)


# ---------------------------------------------------------------------------------- public API


def parse_cmi_model(text: str, path_label: str = "<cmi model>") -> CmiModel:
    """Validate YAML text and build a CmiModel; raises CmiModelError listing every problem."""
    try:
        located = _Located(text)
    except safe_yaml.YAMLLimitError as exc:
        raise CmiModelError([Problem(path_label, exc.line, exc.reason)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "the YAML cannot be read"
        raise CmiModelError([Problem(
            path_label, mark.line + 1 if mark else 1,
            f"YAML syntax error: {reason}; check indentation, colons and quotes on this line",
        )]) from None
    except yaml.YAMLError as exc:
        raise CmiModelError([Problem(path_label, 1, f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise CmiModelError([Problem(path_label, 1, "the YAML nests too deeply to be a CMI "
                                                    "model")]) from None
    validator = _Validator(located, path_label)
    model = validator.model(path_label)
    if validator.problems or model is None:
        problems = validator.problems or [Problem(path_label, 1, "the CMI model is incomplete")]
        raise CmiModelError(sorted(problems, key=lambda p: p.line))
    return model


def load_cmi_model(path: str | Path) -> CmiModel:
    """Read and validate a CMI model file; errors name the file and line."""
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CmiModelError([Problem(label, 1, f"the file is {size:,} bytes; a CMI model "
                                                   f"file is at most {MAX_FILE_BYTES:,}")])
        raw = read_regular(path, MAX_FILE_BYTES)  # no FIFO, device or folder; capped
    except OSError as exc:
        raise CmiModelError([Problem(label, 1, f"cannot read the file: "
                                               f"{exc.strerror or exc}")]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        raise CmiModelError([Problem(label, 1, "this is a binary file, not a YAML CMI model; "
                                               "choose a .yaml file")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CmiModelError([Problem(label, line, "the file is not UTF-8 text; save it as "
                                                  "UTF-8")]) from None
    return parse_cmi_model(text, label)
