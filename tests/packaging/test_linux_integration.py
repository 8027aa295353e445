"""The Linux desktop-integration files validate, install, and make *.mwb files open in the app.

The validators (desktop-file-validate, appstreamcli, xmllint, update-mime-database) are Debian
packages: desktop-file-utils, appstream, libxml2-utils, shared-mime-info. A test whose tool is
missing is skipped, not failed.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from maturity_workbook import __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.maturityworkbook.MaturityWorkbook"
MIME_TYPE = "application/x-maturity-workbook"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}.xml"
INSTALL = LINUX / "install.sh"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
SAMPLE = ROOT / "resources" / "samples" / "sample.mwb"

# What the store writes: a TinyDB database whose first table is "workbook", one record per line,
# the identity record first with "kind" right after its UUID (see store/records.py).
WORKBOOK_TEXT = ('{"workbook": {\n"1": {"id": "0b4f1e1c-9c1e-4f57-8f0e-6f2d2b7c1a11", '
                 '"kind": "maturity-workbook", "schema_version": 1, "name": "Acme"}},\n'
                 '"participants": {},\n"assessments": {}}\n')


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120,
                          **kwargs)


def desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


# ---------------------------------------------------------------------------------- contents


def test_desktop_entry_opens_workbooks_with_the_app():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "maturity-workbook %f"  # `maturity-workbook FILE` opens FILE
    assert entry["Icon"] == APP_ID
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Terminal"] == "false"


def test_metainfo_matches_the_desktop_entry_and_the_version():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.find("content_rating") is not None
    assert MIME_TYPE in [m.text for m in root.iter("mediatype")]
    versions = [r.get("version") for r in root.iter("release")]
    assert __version__ in versions, "add a <release> for the new version to the metainfo file"


def test_mime_type_globs_the_suffix_and_knows_the_file_marker():
    from maturity_workbook.paths import WORKBOOK_SUFFIX

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(MIME_XML).getroot().find("m:mime-type", ns)
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == [f"*{WORKBOOK_SUFFIX}"]
    value = mime.find("m:magic/m:match", ns).get("value")
    assert value.encode() in WORKBOOK_TEXT.encode()
    if SAMPLE.exists():
        assert value.encode() in SAMPLE.read_bytes()[:256]


def test_icon_has_every_png_size_rendered_from_the_svg():
    ET.parse(ICONS / "maturity-workbook.svg")  # well-formed
    for size in ICON_SIZES:
        data = (ICONS / f"maturity-workbook-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (size, size)


# -------------------------------------------------------------------------------- validators


def test_desktop_entry_validates():
    result = run(tool("desktop-file-validate"), DESKTOP)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates():
    result = run(tool("appstreamcli"), "validate", "--no-net", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mime_package_validates_against_the_spec():
    dtd = Path(__file__).with_name("shared-mime-info.dtd")
    result = run(tool("xmllint"), "--noout", "--dtdvalid", dtd, MIME_XML)
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------------------ installation


def test_install_script_installs_validates_and_uninstalls(tmp_path):
    tool("desktop-file-validate")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    opened = tmp_path / "opened.txt"
    (bundle / "maturity-workbook").write_text(
        f'#!/bin/sh\nif [ $# -gt 0 ]; then echo "$@" > {opened}; else echo bundled; fi\n')
    (bundle / "maturity-workbook").chmod(0o755)
    prefix = tmp_path / "prefix"
    env = {**os.environ, "HOME": str(tmp_path)}
    result = run("bash", INSTALL, "--prefix", prefix, "--bundle", bundle, env=env)
    assert result.returncode == 0, result.stderr
    share = prefix / "share"
    installed = share / "applications" / DESKTOP.name
    assert desktop_entry(installed)["Exec"] == f"{prefix}/bin/maturity-workbook %f"
    assert run("desktop-file-validate", installed).returncode == 0
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert (share / "mime" / "packages" / MIME_XML.name).is_file()
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        assert (share / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
        assert (share / f"icons/hicolor/{size}x{size}/mimetypes/application-x-maturity-workbook.png"
                ).is_file()
    assert run(prefix / "bin" / "maturity-workbook").stdout.strip() == "bundled"
    if shutil.which("gio"):  # what a file manager does on a double-click
        workbook = tmp_path / "Acme Academy.mwb"
        workbook.write_text(WORKBOOK_TEXT, encoding="utf-8")
        gio_env = {**env, "XDG_DATA_HOME": str(share), "XDG_DATA_DIRS": "/usr/share"}
        result = run("gio", "mime", MIME_TYPE, env=gio_env)
        default = result.stdout.splitlines()[0]  # Default application for "TYPE": ID
        assert default.endswith(f": {DESKTOP.name}"), result.stdout
        assert run("gio", "open", workbook, env=gio_env).returncode == 0
        deadline = time.monotonic() + 20
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text().strip() == str(workbook)

    result = run("bash", INSTALL, "--uninstall", "--prefix", prefix, env=env)
    assert result.returncode == 0, result.stderr
    assert not installed.exists() and not (prefix / "bin" / "maturity-workbook").exists()
    assert not list(share.rglob("*.png")) and not list(share.rglob(f"{APP_ID}*"))


DETECT = """
import json, sys
from PySide6.QtCore import QCoreApplication, QMimeDatabase
app = QCoreApplication([])
db = QMimeDatabase()
print(json.dumps({name: db.mimeTypeForFile(name).name() for name in sys.argv[1:]}))
"""


def detected_types(share_dirs: list[Path], folder: Path, names: list[str]) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(folder / "nohome"),
           "XDG_DATA_DIRS": os.pathsep.join([*map(str, share_dirs), "/usr/share"])}
    result = run(sys.executable, "-c", DETECT, *names, cwd=folder, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_installed_mime_type_recognises_workbooks_by_suffix_and_content(tmp_path):
    update = tool("update-mime-database")
    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME_XML, share / "mime" / "packages")
    # another program claiming *.mwb (MySQL Workbench models are ZIP archives): the tie on the
    # suffix must be settled by the content
    (share / "mime" / "packages" / "other.xml").write_text(
        '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/'
        'shared-mime-info"><mime-type type="application/x-other-mwb"><comment>Other</comment>'
        '<sub-class-of type="application/zip"/><glob pattern="*.mwb"/></mime-type></mime-info>\n',
        encoding="utf-8")
    assert run(update, share / "mime").returncode == 0

    work = tmp_path / "files"
    work.mkdir()
    (work / "acme.mwb").write_text(WORKBOOK_TEXT, encoding="utf-8")
    (work / "acme-renamed").write_text(WORKBOOK_TEXT, encoding="utf-8")
    (work / "model.mwb").write_bytes(b"PK\x03\x04" + bytes(60))
    (work / "data.json").write_text('{"a": 1}\n', encoding="utf-8")
    names = ["acme.mwb", "acme-renamed", "model.mwb", "data.json"]
    if SAMPLE.exists():
        shutil.copy(SAMPLE, work / "sample.mwb")
        names.append("sample.mwb")
    types = detected_types([share], work, names)
    assert types["acme.mwb"] == MIME_TYPE
    assert types["acme-renamed"] == MIME_TYPE
    assert types["model.mwb"] == "application/x-other-mwb"
    assert types["data.json"] == "application/json"
    if SAMPLE.exists():
        assert types["sample.mwb"] == MIME_TYPE

    without = detected_types([], work, ["acme-renamed"])  # control: not our database
    assert without["acme-renamed"] != MIME_TYPE
