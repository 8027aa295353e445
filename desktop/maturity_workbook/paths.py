"""Where the app keeps user data, settings, logs and user frameworks (platform conventions)."""

from __future__ import annotations

import os
from pathlib import Path

from maturity_workbook import APP_ID
from maturity_workbook.resources import resource_path

WORKBOOK_SUFFIX = ".mwb"
WORKBOOK_FILTER = "Maturity workbooks (*.mwb);;All files (*)"


def _dirs():
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_ID, appauthor=False)


def data_dir() -> Path:
    override = os.environ.get("MATURITY_WORKBOOK_DATA_DIR")  # tests and portable installs
    return Path(override) if override else Path(_dirs().user_data_dir)


def log_dir() -> Path:
    override = os.environ.get("MATURITY_WORKBOOK_DATA_DIR")
    return Path(override) / "logs" if override else Path(_dirs().user_log_dir)


def user_frameworks_dir() -> Path:
    return data_dir() / "frameworks"


def bundled_frameworks_dir() -> Path:
    return resource_path("frameworks")


def bundled_cmi_model_path() -> Path:
    """The default Customer Maturity Index model (docs/cmi-format.md)."""
    return resource_path("cmi", "default.yaml")


def user_cmi_dir() -> Path:
    """Where a user puts their own CMI model files (docs/cmi-format.md)."""
    return data_dir() / "cmi"


def load_cmi_catalog():
    """The bundled CMI models plus the user's, installed as the ones operations check customer
    scorings against (core.customers.use_catalog)."""
    from maturity_workbook.core.customers import CmiCatalog, use_catalog

    catalog = CmiCatalog.load(resource_path("cmi"), [user_cmi_dir()])
    use_catalog(catalog)
    return catalog


def load_default_cmi_model():
    from maturity_workbook.core.cmi import load_cmi_model

    return load_cmi_model(bundled_cmi_model_path())


def load_catalog():
    """Bundled plus user frameworks."""
    from maturity_workbook.core.catalog import FrameworkCatalog

    return FrameworkCatalog.load(bundled_frameworks_dir(), [user_frameworks_dir()])
