"""Customers and their scorings in a workbook, and the workbook's portfolio settings.

Seed 004: the education team rates its customers as well as itself. These are record kinds
(core/kinds.py), so the store saves, merges and exports them with no code of its own:

- `customers`: the record id is the team's own id for the customer (from its CRM or messaging
  tool), so an import matches on it and two laptops that add the same customer make one record;
- `customer_scorings`: one scoring of one customer on one day, with the id
  `<customer id>@<YYYY-MM-DD>`: the same scoring made on two laptops merges field by field;
- `portfolio`: one record (`settings`) holding the CMI model the workbook uses and, optionally,
  its own thresholds for the 2x2 (the model's, 50/50 in the default, otherwise).

Removing a customer removes its scorings (RecordKind.dependents). The computations are in
core/portfolio.py; `customers_of` turns the records into its `Customer` objects.

Which model a workbook uses is an id; the models themselves come from a `CmiCatalog` (the bundled
default plus the user's files in the data folder's `cmi` folder, like frameworks), which the app
and the command line install with `use_catalog` (paths.load_cmi_catalog) before editing, so the
rules below can check scores against the workbook's model. Without it, scores are checked for
their range only.

Rules check only what an edit changes (as the plan's do): a scoring made under an earlier model,
or a record a merge left breaking a rule, can still be corrected field by field. Readers tolerate
a scoring whose customer was removed on another laptop: it is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from maturity_workbook.core.cmi import (
    HEALTH_MAX, SCORES, CmiModel, CmiModelError, Thresholds, load_cmi_model,
)
from maturity_workbook.core.errors import InvalidValue, Problem
from maturity_workbook.core.kinds import FieldSpec, FieldType, RecordKind, register
from maturity_workbook.core.portfolio import Customer, Scoring
from maturity_workbook.core.workbook import Workbook

CUSTOMERS, SCORINGS, PORTFOLIO = "customers", "customer_scorings", "portfolio"
SETTINGS_ID = "settings"  # the one record of the portfolio table
DEFAULT_MODEL_ID = "cmi-default"
MAX_CUSTOMER_ID = 180  # a scoring's id, `<customer id>@<YYYY-MM-DD>`, stays within 200
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
_MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


# ------------------------------------------------------------------------------------ records


@dataclass
class CustomerRecord:
    id: str  # the team's own id for the customer
    name: str
    email: str
    owner: str  # who looks after the customer


@dataclass
class ScoringRecord:
    id: str  # `<customer id>@<YYYY-MM-DD>`
    customer_id: str
    date: str  # ISO date of the scoring
    health: float  # the customer health score, 0-100
    scores: dict  # qualifier id -> 1-5


@dataclass
class PortfolioSettings:
    id: str  # always SETTINGS_ID
    model_id: str  # "" for the bundled default
    cmi_threshold: float | None  # None: the model's
    health_threshold: float | None


def scoring_id(customer_id: str, day: str | date) -> str:
    """The id of a customer's scoring on a day: derived from both, so two laptops that score the
    same customer on the same day make one record."""
    return f"{customer_id}@{day if isinstance(day, str) else day.isoformat()}"


# -------------------------------------------------------------------------------------- rules


def _before(wb: Workbook, table: str, record: Any) -> Any:
    return wb.collection(table).get(record.id)


def _changed(old: Any, record: Any, name: str) -> bool:
    return old is None or getattr(old, name) != getattr(record, name)


def _check_customer(wb: Workbook, customer: CustomerRecord) -> None:
    old = _before(wb, CUSTOMERS, customer)
    if old is None and len(customer.id) > MAX_CUSTOMER_ID:
        raise InvalidValue(Problem.TOO_LONG, what="A customer id", length=len(customer.id),
                           limit=MAX_CUSTOMER_ID)
    if _changed(old, customer, "email") and customer.email.strip() \
            and not _EMAIL.fullmatch(customer.email.strip()):
        raise InvalidValue(Problem.BAD_EMAIL, value=customer.email)


def check_scores(scores: dict, model: CmiModel | None) -> None:
    """Scores are whole numbers from 1 to 5, one for every qualifier of the model (when the
    model is known) and none for a qualifier it does not have."""
    low, high = SCORES[0], SCORES[-1]
    for qualifier_id, score in scores.items():
        if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
            raise InvalidValue(Problem.BAD_NUMBER, what=qualifier_id, value=score, low=low,
                               high=high)
    if model is None:
        return
    known = model.qualifier_ids
    for qualifier_id in scores:
        if qualifier_id not in known:
            raise InvalidValue(Problem.BAD_CHOICE, what="a qualifier", value=qualifier_id,
                               choices=", ".join(known))
    for qualifier_id in known:
        if qualifier_id not in scores:
            raise InvalidValue(Problem.BAD_NUMBER, what=qualifier_id, value=None, low=low,
                               high=high)


def _check_scoring(wb: Workbook, scoring: ScoringRecord) -> None:
    old = _before(wb, SCORINGS, scoring)
    if _changed(old, scoring, "customer_id") and scoring.customer_id not in wb.collection(
            CUSTOMERS):
        raise InvalidValue(Problem.BAD_REFERENCE, what="the scoring's customer",
                           value=scoring.customer_id)
    if scoring.id != scoring_id(scoring.customer_id, scoring.date):
        raise InvalidValue(Problem.BAD_IDENTIFIER, what="A scoring's id (customer id@date)",
                           value=scoring.id)
    if _changed(old, scoring, "scores"):
        check_scores(scoring.scores, model_of(wb))


def _check_settings(wb: Workbook, settings: PortfolioSettings) -> None:
    if settings.id != SETTINGS_ID:
        raise InvalidValue(Problem.BAD_IDENTIFIER, what="The portfolio settings' id",
                           value=settings.id)
    if settings.model_id and not _MODEL_ID.match(settings.model_id):
        raise InvalidValue(Problem.BAD_IDENTIFIER, what="A CMI model id", value=settings.model_id)


def _text(name: str) -> FieldSpec:
    return FieldSpec(name, FieldType.TEXT, default="")


CUSTOMER_KIND = register(RecordKind(CUSTOMERS, CustomerRecord, (
    FieldSpec("name", FieldType.NAME), _text("email"), _text("owner"),
), check=_check_customer, label_field="name", dependents=((SCORINGS, "customer_id"),)))

SCORING_KIND = register(RecordKind(SCORINGS, ScoringRecord, (
    FieldSpec("customer_id", FieldType.REF, ref=CUSTOMERS),
    FieldSpec("date", FieldType.DATE),
    FieldSpec("health", FieldType.NUMBER, low=0, high=HEALTH_MAX),
    FieldSpec("scores", FieldType.NUMBER_MAP),
), check=_check_scoring))

SETTINGS_KIND = register(RecordKind(PORTFOLIO, PortfolioSettings, (
    _text("model_id"),
    FieldSpec("cmi_threshold", FieldType.NUMBER, optional=True, low=0, high=100),
    FieldSpec("health_threshold", FieldType.NUMBER, optional=True, low=0, high=100),
), check=_check_settings))


# ------------------------------------------------------------------------------ the models


@dataclass
class CmiCatalog:
    """The CMI models the app knows: the bundled ones plus those a user put in their folder
    (a user file never shadows a bundled model of the same id)."""

    models: dict[str, CmiModel] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)  # "bundled" or "user"
    broken: list[CmiModelError] = field(default_factory=list)  # user files that did not load

    @classmethod
    def load(cls, bundled: Path, user_folders: Iterable[Path] = ()) -> "CmiCatalog":
        catalog = cls()
        for path in _model_files([bundled]):
            catalog.add(load_cmi_model(path), "bundled")  # a broken bundled file is a bug
        for path in _model_files(list(user_folders)):
            try:
                catalog.add(load_cmi_model(path), "user")
            except CmiModelError as exc:
                catalog.broken.append(exc)
        return catalog

    def add(self, model: CmiModel, origin: str) -> None:
        if self.origins.get(model.id) == "bundled":
            return
        self.models[model.id] = model
        self.origins[model.id] = origin

    def get(self, model_id: str) -> CmiModel | None:
        return self.models.get(model_id or DEFAULT_MODEL_ID)

    def __iter__(self):
        return iter(sorted(self.models.values(), key=lambda m: (m.id != DEFAULT_MODEL_ID, m.id)))

    def __len__(self) -> int:
        return len(self.models)


def _model_files(folders: list[Path]) -> list[Path]:
    out = []
    for folder in folders:
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir()
                          if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    return out


_catalog: CmiCatalog | None = None


def use_catalog(catalog: CmiCatalog | None) -> None:
    """Install the models the rules check scores against (the app and the command line do this
    once, with paths.load_cmi_catalog)."""
    global _catalog
    _catalog = catalog


def installed_catalog() -> CmiCatalog | None:
    return _catalog


# ------------------------------------------------------------------------ reading a workbook


def settings_of(wb: Workbook) -> PortfolioSettings | None:
    return wb.collection(PORTFOLIO).get(SETTINGS_ID)


def model_id_of(wb: Workbook) -> str:
    """The id of the workbook's CMI model (the bundled default unless another was chosen)."""
    settings = settings_of(wb)
    return (settings.model_id if settings is not None else "") or DEFAULT_MODEL_ID


def model_of(wb: Workbook, catalog: CmiCatalog | None = None) -> CmiModel | None:
    """The workbook's CMI model, or None when the catalog does not have it (a user model file
    that is not on this computer)."""
    catalog = catalog or _catalog
    return catalog.get(model_id_of(wb)) if catalog is not None else None


def thresholds_of(wb: Workbook, model: CmiModel) -> Thresholds:
    """The workbook's own thresholds where it has them, else the model's."""
    settings = settings_of(wb)
    if settings is None:
        return model.thresholds
    return Thresholds(
        cmi=model.thresholds.cmi if settings.cmi_threshold is None else settings.cmi_threshold,
        health=model.thresholds.health if settings.health_threshold is None
        else settings.health_threshold)


def customers_of(wb: Workbook) -> list[Customer]:
    """Every customer with its scorings, oldest first, as core.portfolio values, by id (the file
    keeps no order of its own). Scorings of a removed customer are left out."""
    by_customer: dict[str, list[ScoringRecord]] = {}
    for record in wb.collection(SCORINGS).values():
        by_customer.setdefault(record.customer_id, []).append(record)
    out = []
    fromiso = date.fromisoformat
    for record in sorted(wb.collection(CUSTOMERS).values(), key=lambda r: r.id):
        mine = by_customer.get(record.id, ())
        scorings = tuple(Scoring(fromiso(s.date), s.health, s.scores)
                         for s in sorted(mine, key=lambda s: s.date))
        out.append(Customer(record.id, record.name, record.email, record.owner, scorings))
    return out


def orphan_scorings(wb: Workbook) -> list[ScoringRecord]:
    """Scorings whose customer is not in the workbook (removed on another laptop)."""
    customers = wb.collection(CUSTOMERS)
    return [s for s in wb.collection(SCORINGS).values() if s.customer_id not in customers]


def latest_scoring(wb: Workbook, customer_id: str) -> ScoringRecord | None:
    found = None
    for record in wb.collection(SCORINGS).values():
        if record.customer_id == customer_id and (found is None or record.date > found.date):
            found = record
    return found


def customer_of(wb: Workbook, customer_id: str) -> Customer | None:
    """One customer with its scorings (None when it is not in the workbook)."""
    record = wb.collection(CUSTOMERS).get(customer_id)
    if record is None:
        return None
    mine = sorted((s for s in wb.collection(SCORINGS).values() if s.customer_id == customer_id),
                  key=lambda s: s.date)
    return Customer(record.id, record.name, record.email, record.owner,
                    tuple(Scoring(date.fromisoformat(s.date), s.health, s.scores) for s in mine))
