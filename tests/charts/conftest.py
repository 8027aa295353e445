"""Frameworks for chart tests: the primary model's shape (four functions, levels 1-4, long
names) and a three-job model with levels 0-5."""

import pytest

from maturity_workbook.core.framework import Attribution, Dimension, Framework, Item, Stage


def make_framework(framework_id, stage_names, dimensions, start=1, items_per_dimension=2):
    levels = list(range(start, start + len(stage_names)))
    stages = tuple(Stage(level, name, f"{name}.") for level, name in zip(levels, stage_names))
    dims = []
    for dim_id, name, short in dimensions:
        items = tuple(Item(f"{dim_id}-{k}", dim_id, f"Question {k}?", "",
                           {level: "described" for level in levels},
                           {level: "advice" for level in levels[:-1]})
                      for k in range(items_per_dimension))
        dims.append(Dimension(dim_id, name, f"{name}.", items, short))
    return Framework(framework_id, "1.0", framework_id, Attribution("Test"), stages, tuple(dims))


PRIMARY_STAGES = ["Reacting", "Performing", "Scaling", "Optimizing"]
PRIMARY_DIMENSIONS = [
    ("strategy", "Business strategy & planning", ""),
    ("content", "Content development", ""),
    ("delivery", "Go-to-market & delivery", "Go-to-market"),
    ("technology", "Technology stack", ""),
]
JOB_STAGES = ["Not started", "Create", "Deliver", "Deliver well", "Deliver at scale", "Scale"]


@pytest.fixture
def primary():
    return make_framework("primary", PRIMARY_STAGES, PRIMARY_DIMENSIONS)


@pytest.fixture
def jobs():
    return make_framework("jobs", JOB_STAGES, [("create", "Create", ""), ("deliver", "Deliver", ""),
                                               ("scale", "Scale", "")], start=0)
