"""Merging two workbooks (a workshop's laptops, a copy taken home): idempotent, order-independent,
and honest about conflicts.

Both sides are flattened into *units*: one per field of a record (one per participant for
ratings). Each unit carries the stamp of the edit that set it, [session, counter, time], and each
side carries a clock (the highest counter it has seen per session). For every unit:

- present on one side only: kept, unless the other side has seen its stamp, in which case the
  other side removed it (cleared rating, deleted assessment) and it stays removed;
- equal on both sides: kept;
- different, and one side has seen the other's stamp: the side that saw it is newer and wins;
- different, and neither has seen the other's: a conflict, the same field changed on two
  machines. The later edit wins (ties broken by session id, then value, so A+B = B+A) and the
  other value is kept in the `conflicts` table and reported.

An assessment, or a record of a kind, deleted on one side but changed on the other is kept whole
(and reported). Merging a
workbook into itself changes nothing; merging the result again changes nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from maturity_workbook.core.kinds import kinds
from maturity_workbook.core.ops.assessment_ops import ASSESSMENT_FIELDS, ENTRY_FIELDS, entry_has
from maturity_workbook.core.workbook import Assessment, ItemEntry, Participant, Workbook
from maturity_workbook.store.records import (
    WORKBOOK_FIELDS, Document, entry_id, level_from_json, level_to_json, raw_tables,
    rounds_from_json, rounds_to_json, target_id,
)

_NAMESPACE = uuid.UUID("0b7e9a4c-51d2-4f0e-8c39-7a2d6e1f9b45")
QUIET_FIELDS = {"position"}  # where the user was: differs on every laptop, never a conflict
_PARTICIPANT_FIELDS = ("name", "role")


@dataclass
class Unit:
    value: Any
    stamp: list | None


@dataclass
class Conflict:
    key: tuple  # the unit: ("e", assessment_id, item_id, "rating", participant_id), ...
    kept: Unit
    other: Unit
    record: dict = field(default_factory=dict)  # as stored in the conflicts table

    @property
    def assessment_id(self) -> str | None:
        return self.key[1] if self.key[0] in ("a", "e", "t") else None


@dataclass
class MergeResult:
    document: Document
    conflicts: list[Conflict]
    added: dict[str, int]
    changed: dict[str, int]
    removed: dict[str, int]

    @property
    def changed_anything(self) -> bool:
        return any(self.added.values()) or any(self.changed.values()) or any(
            self.removed.values())


# --------------------------------------------------------------------------------- flattening


def _stamp(doc: Document, key: tuple, name: str) -> list | None:
    return doc.stamps.get(key, {}).get(name)


def flatten(doc: Document) -> dict[tuple, Unit]:
    wb = doc.workbook
    units: dict[tuple, Unit] = {}
    key = ("workbook",)
    for name in WORKBOOK_FIELDS:
        units[("w", name)] = Unit(getattr(wb, name), _stamp(doc, key, name))
    for p in wb.participants.values():
        key = ("participants", p.id)
        for name in _PARTICIPANT_FIELDS:
            units[("p", p.id, name)] = Unit(getattr(p, name), _stamp(doc, key, name))
    for a in wb.assessments.values():
        key = ("assessments", a.id)
        for name in ASSESSMENT_FIELDS:
            value = ([a.framework_id, a.framework_version, a.created] if name == "head"
                     else list(a.participant_ids) if name == "participant_ids"
                     else getattr(a, name))
            units[("a", a.id, name)] = Unit(value, _stamp(doc, key, name))
        for item_id, e in a.entries.items():
            key = ("entries", a.id, item_id)
            for pid, level in e.ratings.items():
                units[("e", a.id, item_id, "rating", pid)] = Unit(
                    level_to_json(level), _stamp(doc, key, f"rating:{pid}"))
            for name in ENTRY_FIELDS:
                if entry_has(e, name):
                    units[("e", a.id, item_id, name)] = Unit(_entry_value(e, name),
                                                             _stamp(doc, key, name))
        for dim, level in a.targets.items():
            units[("t", a.id, dim)] = Unit(level, _stamp(doc, ("targets", a.id, dim), "level"))
    for table, spec in kinds().items():
        for rid, obj in wb.collections.get(table, {}).items():
            key = (table, rid)
            for name, value in spec.values_of(obj).items():
                units[("k", table, rid, name)] = Unit(value, _stamp(doc, key, name))
    for table, records in doc.raw.items():
        for rid, rec in records.items():
            body = {k: v for k, v in rec.items() if k != "stamps"}
            stamps = rec.get("stamps") if isinstance(rec.get("stamps"), dict) else {}
            units[("r", table, rid)] = Unit(body, stamps.get("*"))
    for key, extra in doc.extra.items():
        for name, value in extra.items():
            units[("x", key, name)] = Unit(value, None)
    return units


def scope_test(source: Document) -> Callable[[tuple], bool]:
    """Which units a source speaks for: everything, or only the part its scope names (then a
    unit it lacks was not deleted there, it was simply left out of the copy)."""
    scope = source.workbook.scope
    if scope is None:
        return lambda ukey: True
    aid, pid = scope.assessment_id, scope.participant_id
    if pid is not None:
        return lambda ukey: (ukey[0] == "e" and ukey[1] == aid and ukey[3] == "rating"
                             and ukey[4] == pid)
    people = set(source.workbook.participants)

    def in_assessment(ukey: tuple) -> bool:
        kind = ukey[0]
        if kind in ("a", "e", "t"):
            return ukey[1] == aid
        if kind == "p":
            return ukey[1] in people
        if kind == "x":
            record = ukey[1]
            return (record[0] in ("assessments", "entries", "targets") and record[1] == aid) or \
                (record[0] == "participants" and record[1] in people)
        return False

    return in_assessment


def _entry_value(e: ItemEntry, name: str) -> Any:
    """An entry field as the file and the merge compare it."""
    if name == "agreed":
        return level_to_json(e.agreed)
    if name == "earlier":
        return rounds_to_json(e.earlier)
    if name == "evidence":
        return list(e.evidence)
    return getattr(e, name)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def seen(clock: dict[str, int], stamp: list | None) -> bool:
    return stamp is not None and clock.get(stamp[0], 0) >= stamp[1]


def _rank(unit: Unit) -> tuple:
    s = unit.stamp
    return ((s[2], s[0], s[1]) if s else (-1, "", -1)) + (_canon(unit.value),)


def _record_of(ukey: tuple) -> tuple:
    kind = ukey[0]
    if kind == "w":
        return ("workbook",)
    if kind == "p":
        return ("participants", ukey[1])
    if kind == "a":
        return ("assessments", ukey[1])
    if kind == "e":
        return ("entries", ukey[1], ukey[2])
    if kind == "t":
        return ("targets", ukey[1], ukey[2])
    if kind in ("r", "k"):
        return (ukey[1], ukey[2])
    return ukey[1]  # "x": the record the extra field belongs to


def stamp_location(ukey: tuple) -> tuple[tuple, str] | None:
    """Where a unit's stamp is kept: (record key, field name); None for units without one."""
    kind = ukey[0]
    if kind == "w":
        return ("workbook",), ukey[1]
    if kind in ("p", "a"):
        return _record_of(ukey), ukey[2]
    if kind == "e":
        return _record_of(ukey), f"rating:{ukey[4]}" if ukey[3] == "rating" else ukey[3]
    if kind == "t":
        return _record_of(ukey), "level"
    if kind == "k":
        return _record_of(ukey), ukey[3]
    return None


def stamp_everything(doc: Document, session: str, when: int) -> None:
    """Give every field of a document built outside the store one stamp each (same session,
    counting up), as if one editing session had typed it all; for generated files."""
    counter = doc.clock.get(session, 0)
    for ukey in flatten(doc):
        where = stamp_location(ukey)
        if where is None:
            continue
        counter += 1
        doc.stamps.setdefault(where[0], {})[where[1]] = [session, counter, int(when)]
    doc.clock[session] = counter


# ------------------------------------------------------------------------------------ merging


def merge(target: Document, source: Document) -> MergeResult:
    """`source` merged into `target` (neither is modified). The identity stays the target's."""
    return merge_all(target, [source])


def merge_all(target: Document, sources: list[Document]) -> MergeResult:
    """Every source merged into `target` in turn, as repeated `merge` would, but flattening and
    rebuilding the target once: a partial source (a participant file) costs only its own part,
    so twelve laptops cost little more than one."""
    start = flatten(target)
    units = dict(start)
    index = _AssessmentIndex(units)
    clock = dict(target.clock)
    conflicts: list[Conflict] = []
    for source in sources:
        B = flatten(source)
        if target.workbook.id != source.workbook.id:
            # another workbook's data joins this one; its name and settings do not
            B = {k: u for k, u in B.items() if k[0] != "w" and not (k[0] == "x" and k[1] == (
                "workbook",))}
        speaks_for = scope_test(source)
        scope = source.workbook.scope
        keys = list(units) if scope is None else index.keys(scope.assessment_id)
        keys += [k for k in B if k not in units]
        step_conflicts: list[Conflict] = []
        removed: dict[tuple, Unit] = {}
        cb = source.clock
        for k in keys:
            if not speaks_for(k):  # a partial copy says nothing about the rest of the workbook
                continue
            ua, ub = units.get(k), B.get(k)
            kept, conflict = _decide(k, ua, ub, clock, cb)
            if kept is None:
                if ua is not None:
                    removed[k] = units.pop(k)
            elif kept is not ua:
                if ua is None:
                    index.add(k)
                units[k] = kept
            if conflict is not None:
                step_conflicts.append(conflict)
        _keep_changed_assessments(removed, B, units, index, step_conflicts)
        _keep_changed_records(removed, B, units, step_conflicts)
        for c in step_conflicts:
            c.record = _conflict_record(c)
            units[("r", "conflicts", c.record["id"])] = Unit(c.record, None)
        conflicts += step_conflicts
        for session, counter in cb.items():
            clock[session] = max(counter, clock.get(session, 0))
    doc = _unflatten(units, target, sources, clock)
    added, changed, removed_stats = _stats(start, units)
    return MergeResult(doc, conflicts, added, changed, removed_stats)


def _decide(k: tuple, ua: Unit | None, ub: Unit | None, ca: dict, cb: dict
            ) -> tuple[Unit | None, Conflict | None]:
    """The unit to keep (None: none) and the conflict to report, for one unit of each side."""
    if ub is None:
        return (None if seen(cb, ua.stamp) else ua), None
    if ua is None:
        return (None if seen(ca, ub.stamp) else ub), None
    a_seen, b_seen = seen(cb, ua.stamp), seen(ca, ub.stamp)  # by the other side
    if _canon(ua.value) == _canon(ub.value):
        if ua.stamp == ub.stamp:
            return ua, None
        if a_seen and not b_seen:
            return ub, None
        if b_seen and not a_seen:
            return ua, None
        return max(ua, ub, key=_rank), None
    if a_seen and not b_seen:
        return ub, None
    if b_seen and not a_seen:
        return ua, None
    kept, other = (ua, ub) if _rank(ua) > _rank(ub) else (ub, ua)
    if k[1:2] == ("conflicts",) or k[-1] in QUIET_FIELDS:
        return kept, None
    return kept, Conflict(k, kept, other)


class _AssessmentIndex:
    """The units of each assessment (its fields, entries, targets and their extra fields), so a
    source that speaks for one assessment is merged without scanning the whole workbook."""

    def __init__(self, units: dict):
        self._by: dict[str, set] = {}
        self._participants: dict[str, set] = {}
        for k in units:
            self.add(k)

    def add(self, k: tuple) -> None:
        aid = _assessment_of(k)
        if aid is not None:
            self._by.setdefault(aid, set()).add(k)
        elif k[0] == "p" or (k[0] == "x" and k[1][0] == "participants"):
            self._participants.setdefault("", set()).add(k)

    def keys(self, assessment_id: str) -> list:
        return list(self._by.get(assessment_id, ())) + list(self._participants.get("", ()))


def _assessment_of(k: tuple) -> str | None:
    if k[0] in ("a", "e", "t"):
        return k[1]
    if k[0] == "x" and k[1][0] in ("assessments", "entries", "targets"):
        return k[1][1]
    return None


def _keep_changed_assessments(removed: dict, B: dict, units: dict, index: _AssessmentIndex,
                              conflicts: list) -> None:
    """An assessment deleted on one side and changed on the other comes back whole."""
    touched = {k[1] for k in list(removed) + list(B) if k[0] in ("a", "e", "t")}
    for aid in sorted(touched):
        if ("a", aid, "head") in units:
            continue
        if not any(("a", aid) == k[:2] or (k[0] in ("e", "t") and k[1] == aid)
                   for k in index.keys(aid) if k in units):
            continue  # deleted whole: nothing of it was kept
        side = removed if ("a", aid, "head") in removed else B
        if ("a", aid, "head") not in side:
            continue  # pragma: no cover - entries without their assessment: nothing to restore
        for k, u in side.items():
            if k[0] in ("a", "e", "t") and k[1] == aid and k not in units:
                units[k] = u
                index.add(k)
        head = side[("a", aid, "head")]
        conflicts.append(Conflict(("a", aid, "deleted"), Unit("kept", head.stamp),
                                  Unit("deleted", None)))


def _keep_changed_records(removed: dict, B: dict, units: dict, conflicts: list) -> None:
    """A record of a kind deleted on one side and changed on the other comes back whole, as an
    assessment does (with only its changed fields it would not even read back)."""
    touched = {(k[1], k[2]) for k in list(removed) + list(B) if k[0] == "k"}
    all_kinds = kinds()
    for table, rid in sorted(touched):
        spec = all_kinds.get(table)
        if spec is None:
            continue
        keys = [("k", table, rid, name) for name in spec.field_names]
        kept = [k for k in keys if k in units]
        if not kept or len(kept) == len(keys):
            continue  # gone whole, or whole
        side = removed if any(k in removed for k in keys) else B
        for k in keys:
            if k not in units and k in side:
                units[k] = side[k]
        conflicts.append(Conflict(("k", table, rid, "deleted"),
                                  Unit("kept", units[kept[0]].stamp), Unit("deleted", None)))


def _conflict_record(c: Conflict) -> dict:
    versions = sorted([[c.kept.value, c.kept.stamp], [c.other.value, c.other.stamp]], key=_canon)
    cid = str(uuid.uuid5(_NAMESPACE, _canon([list(c.key), versions])))
    key = list(c.key)
    record = {"id": cid, "key": key, "kept": {"value": c.kept.value, "stamp": c.kept.stamp},
              "other": {"value": c.other.value, "stamp": c.other.stamp}}
    if c.key[0] in ("a", "e", "t"):
        record["assessment_id"] = c.key[1]
    if c.key[0] in ("e", "t"):
        record["item_id" if c.key[0] == "e" else "dimension_id"] = c.key[2]
    if c.key[0] == "p":
        record["participant_id"] = c.key[1]
    if c.key[0] == "k":
        record["table"], record["record_id"] = c.key[1], c.key[2]
    if c.key[0] == "e" and c.key[3] == "rating":
        record["participant_id"] = c.key[4]
    record["field"] = c.key[-1] if not (c.key[0] == "e" and c.key[3] == "rating") else "rating"
    return record


def diff_stats(before: Document, after: Document) -> tuple[dict, dict, dict]:
    """Records added, changed and removed from `before` to `after`, counted per table."""
    return _stats(flatten(before), flatten(after))


def _stats(before: dict, after: dict) -> tuple[dict, dict, dict]:
    def by_record(units: dict) -> dict[tuple, dict]:
        out: dict[tuple, dict] = {}
        for k, u in units.items():
            out.setdefault(_record_of(k), {})[k] = _canon(u.value)
        return out

    old, new = by_record(before), by_record(after)
    added: dict[str, int] = {}
    changed: dict[str, int] = {}
    removed: dict[str, int] = {}
    for rk in new:
        if rk not in old:
            added[rk[0]] = added.get(rk[0], 0) + 1
        elif new[rk] != old[rk]:
            changed[rk[0]] = changed.get(rk[0], 0) + 1
    for rk in old:
        if rk not in new:
            removed[rk[0]] = removed.get(rk[0], 0) + 1
    return added, changed, removed


# ------------------------------------------------------------------------------ unflattening


def _unflatten(units: dict[tuple, Unit], target: Document, sources: list[Document],
               clock: dict[str, int]) -> Document:
    base = target.workbook
    wb = Workbook(id=base.id, name=base.name, created=base.created,
                  reassess_months=base.reassess_months, notes=base.notes,
                  prepared_by=base.prepared_by, confidentiality=base.confidentiality,
                  scope=base.scope)
    doc = Document(workbook=wb)
    doc.clock = dict(clock)

    def stamp(rkey: tuple, name: str, unit: Unit) -> None:
        if unit.stamp is not None:
            doc.stamps.setdefault(rkey, {})[name] = list(unit.stamp)

    collected: dict[tuple, dict] = {}
    updated_a = {a.id: a.updated for a in target.workbook.assessments.values()}
    for source in sources:
        for a in source.workbook.assessments.values():
            updated_a[a.id] = max(a.updated, updated_a.get(a.id, ""))

    for k, u in units.items():
        kind = k[0]
        if kind == "w":
            setattr(wb, k[1], u.value)
            stamp(("workbook",), k[1], u)
        elif kind == "p":
            p = wb.participants.get(k[1])
            if p is None:
                p = wb.participants[k[1]] = Participant(k[1], "")
            setattr(p, k[2], u.value)
            stamp(("participants", k[1]), k[2], u)
    heads = {k[1]: u for k, u in units.items() if k[0] == "a" and k[2] == "head"}
    order = [k[1] for k in units if k[0] == "a" and k[2] == "head"]
    for aid in order:
        head = heads[aid].value
        a = Assessment(id=aid, framework_id=head[0], framework_version=head[1], title="",
                       date="1970-01-01", created=head[2], updated=updated_a.get(aid, ""))
        wb.assessments[aid] = a
    for k, u in units.items():
        kind = k[0]
        if kind == "a":
            a = wb.assessments[k[1]]
            if k[2] == "participant_ids":
                a.participant_ids = list(u.value)
            elif k[2] != "head":
                setattr(a, k[2], u.value)
            stamp(("assessments", k[1]), k[2], u)
        elif kind == "e":
            a = wb.assessments[k[1]]
            e = a.entries.get(k[2])
            if e is None:
                e = a.entries[k[2]] = ItemEntry(k[2])
            rkey = ("entries", k[1], k[2])
            if k[3] == "rating":
                e.ratings[k[4]] = level_from_json(u.value)
                stamp(rkey, f"rating:{k[4]}", u)
            else:
                if k[3] == "agreed":
                    e.agreed, e.agreed_set = level_from_json(u.value), True
                elif k[3] == "evidence":
                    e.evidence = list(u.value)
                elif k[3] == "earlier":
                    e.earlier = rounds_from_json(u.value)
                else:
                    setattr(e, k[3], u.value)
                stamp(rkey, k[3], u)
        elif kind == "t":
            wb.assessments[k[1]].targets[k[2]] = u.value
            stamp(("targets", k[1], k[2]), "level", u)
        elif kind == "r":
            record = dict(u.value)
            if u.stamp is not None:
                record["stamps"] = {"*": list(u.stamp)}
            doc.raw.setdefault(k[1], {})[k[2]] = record
        elif kind == "k":
            collected.setdefault((k[1], k[2]), {})[k[3]] = u.value
            stamp((k[1], k[2]), k[3], u)
    all_kinds = kinds()
    for (table, rid), fields in collected.items():
        wb.collection(table)[rid] = all_kinds[table].build(rid, fields)
    for table in raw_tables():
        doc.raw.setdefault(table, {})
    # record ids of entries and targets: the derived one unless a side stored another (then the
    # smaller, so both merge orders agree)
    for a in wb.assessments.values():
        for table, names, derive in (("entries", a.entries, entry_id),
                                     ("targets", a.targets, target_id)):
            for name in names:
                rkey = (table, a.id, name)
                derived = derive(a.id, name)
                sides = [s for s in (target, *sources) if _exists(s, rkey)]
                chosen = min(s.ids.get(rkey, derived) for s in sides) if sides else derived
                if chosen != derived:
                    doc.ids[rkey] = chosen
    for k, u in units.items():
        if k[0] == "x" and _exists(doc, k[1]):
            doc.extra.setdefault(k[1], {})[k[2]] = u.value
    return doc


def _exists(doc: Document, rkey: tuple) -> bool:
    table = rkey[0]
    wb = doc.workbook
    if table == "workbook":
        return True
    if table == "participants":
        return rkey[1] in wb.participants
    if table == "assessments":
        return rkey[1] in wb.assessments
    if table in ("entries", "targets"):
        a = wb.assessments.get(rkey[1])
        return a is not None and rkey[2] in (a.entries if table == "entries" else a.targets)
    if table in wb.collections:
        return rkey[1] in wb.collections[table]
    return rkey[1] in doc.raw.get(table, {})
