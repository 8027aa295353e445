"""A realistic portfolio for chart tests and benchmarks: customers with a scoring history.

Deterministic (seeded): qualifier scores cluster around a per-customer maturity that drifts
between scorings, health follows maturity loosely, some customers join late or are scored once.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from maturity_workbook.core.cmi import CmiModel
from maturity_workbook.core.portfolio import Customer, Scoring

NAMES = ["Acme Analytics", "주식회사 한빛 소프트", "مكتب الشرق للمحاسبة", "Nordlicht Café GmbH",
         "Blue Fern Accounting 🌿", "Ōsaka Ledger Partners", "Muñoz & Hijos Asesores",
         "The Extraordinarily Long-Named International Accounting Practice of Greater Wellington",
         "Kiwi Tax Co", "Zebra Books", "Paragon Advisory", "Lumen Bookkeeping"]


def make_portfolio(model: CmiModel, count: int, dates: int = 4, seed: int = 4,
                   first: date = date(2023, 1, 15), every_days: int = 120) -> list[Customer]:
    rng = random.Random(seed)
    qualifiers = model.qualifier_ids
    customers = []
    for n in range(count):
        maturity = rng.uniform(1, 5)
        health = rng.uniform(5, 95)
        start = rng.randrange(0, dates) if rng.random() < 0.25 else 0
        scorings = []
        for k in range(start, dates):
            if k > start and rng.random() < 0.15:
                continue  # not re-scored that round
            maturity = min(5.0, max(1.0, maturity + rng.gauss(0.15, 0.45)))
            health = min(100.0, max(0.0, health + rng.gauss(2, 14) + (maturity - 3) * 2))
            scores = {q: min(5, max(1, round(maturity + rng.gauss(0, 0.7)))) for q in qualifiers}
            scorings.append(Scoring(first + timedelta(days=k * every_days), round(health), scores))
        base = NAMES[n % len(NAMES)]
        customers.append(Customer(f"c-{n:05d}", base if n < len(NAMES) else f"{base} {n}",
                                  f"team{n}@example.com", f"Owner {n % 7}", tuple(scorings)))
    return customers
