"""Shared test set-up: headless Qt, a private data folder, and a small framework for core tests."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "desktop") not in sys.path:  # tests also run from a plain checkout
    sys.path.insert(0, str(ROOT / "desktop"))

import pytest  # noqa: E402

TINY_FRAMEWORK = """\
format: 1
id: tiny
version: "1.0"
title: Tiny test framework
attribution:
  source: "Test Co., A test model"
stages:
  - {level: 1, name: Reacting, summary: "One."}
  - {level: 2, name: Performing, summary: "Two."}
  - {level: 3, name: Scaling, summary: "Three."}
  - {level: 4, name: Optimizing, summary: "Four."}
dimensions:
  - id: alpha
    name: Alpha
    summary: First dimension.
    items:
""" + "".join(f"""\
      - id: a{n}
        prompt: Alpha question {n}?
        help: Help {n}.
        levels: {{1: a{n} at one, 2: a{n} at two, 3: a{n} at three, 4: a{n} at four}}
        advice: {{1: a{n} one to two, 2: a{n} two to three, 3: a{n} three to four}}
""" for n in range(1, 5)) + """\
  - id: beta
    name: Beta
    summary: Second dimension.
    items:
""" + "".join(f"""\
      - id: b{n}
        prompt: Beta question {n}?
        help: Help {n}.
        levels: {{1: b{n} at one, 2: b{n} at two, 3: b{n} at three, 4: b{n} at four}}
        advice: {{1: b{n} one to two, 2: b{n} two to three, 3: b{n} three to four}}
""" for n in range(1, 3)) + """\
disciplines:
  - id: agile
    name: Agile
    summary: Ship small.
    helps: [alpha]
    prompts: ["Could you ship it by Friday?"]
  - id: forecasting
    name: Forecasting
    summary: Plan results.
    helps: [alpha, beta]
    prompts: ["What result do you promise?"]
"""


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own user-data folder: nothing touches the real one."""
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("MATURITY_WORKBOOK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def tiny_framework():
    from maturity_workbook.core.framework import parse_framework

    return parse_framework(TINY_FRAMEWORK, "tiny.yaml")
