"""The wheel carries the resources, and an installed wheel works outside the source tree.

The fast test builds the wheel (`pip wheel --no-deps`, a few seconds) and reads its file list.
The slow test installs that wheel with its dependencies into a fresh virtual environment in a
temporary folder and runs the command line there; it needs the package index (or pip's cache)
and runs in CI (CI=true) or with MW_PACKAGING_TESTS=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from maturity_workbook import __version__

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
SOURCE_SAMPLE = RESOURCES / "samples" / "sample.mwb"
HAS_EXPORT_PDF = (ROOT / "desktop" / "maturity_workbook" / "report" / "cli.py").exists()
# CI (which sets CI=true) always runs it; on a developer machine it is opt-in
PACKAGING_TESTS = os.environ.get("MW_PACKAGING_TESTS") == "1" or \
    os.environ.get("CI", "").lower() == "true"


def run(*args, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          timeout=timeout, **kwargs)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                 "--wheel-dir", out, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    (path,) = out.glob("maturity_workbook-*.whl")
    return path


def test_wheel_carries_resources_and_no_tests(wheel):
    assert wheel.name.startswith(f"maturity_workbook-{__version__}-py3-none-any")
    names = set(zipfile.ZipFile(wheel).namelist())
    packaged = "maturity_workbook/resources/"
    frameworks = sorted(p.name for p in (RESOURCES / "frameworks").glob("*.yaml"))
    assert frameworks
    for name in frameworks:
        assert f"{packaged}frameworks/{name}" in names
    assert f"{packaged}icons/maturity-workbook.svg" in names
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert f"{packaged}icons/maturity-workbook-{size}.png" in names
    if SOURCE_SAMPLE.exists():
        assert f"{packaged}samples/sample.mwb" in names
    for path in RESOURCES.rglob("*"):  # everything under resources/, nothing left behind
        if path.is_file() and not path.name.startswith("."):
            assert packaged + path.relative_to(RESOURCES).as_posix() in names

    assert "maturity_workbook/cli.py" in names and "maturity_workbook/core/scoring.py" in names
    unwanted = [n for n in names if n.startswith(("tests/", "packaging/", "desktop/"))
                or "/tests/" in n or "conftest" in n or "__pycache__" in n
                or n.endswith(".pyc")]
    assert not unwanted, unwanted
    dist_info = f"maturity_workbook-{__version__}.dist-info"
    entry_points = zipfile.ZipFile(wheel).read(f"{dist_info}/entry_points.txt").decode()
    assert "maturity-workbook = maturity_workbook.cli:main" in entry_points


# ------------------------------------------------------------------------ installed elsewhere


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A fresh venv outside the source tree with the wheel and its dependencies installed."""
    home = tmp_path_factory.mktemp("installed")
    assert ROOT not in home.parents
    venv = home / "venv"
    result = run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert result.returncode == 0, result.stderr
    python = venv / "bin" / "python"
    # the test environment's pip installs into the new venv: no pip bootstrap in it, and pip's
    # cache is reused, so only a cold cache downloads the dependencies
    result = run(sys.executable, "-m", "pip", "--python", python, "install",
                 "--disable-pip-version-check", "--quiet", wheel, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env.update(QT_QPA_PLATFORM="offscreen", MATURITY_WORKBOOK_DATA_DIR=str(home / "data"),
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    work = home / "work"
    work.mkdir()

    def command(*args, timeout: float = 300) -> subprocess.CompletedProcess:
        return run(*args, timeout=timeout, cwd=work, env=env)

    return venv, work, command


opt_in = pytest.mark.skipif(not PACKAGING_TESTS, reason="installs the wheel into a new venv "
                            "(about 20 s here, downloads included): set MW_PACKAGING_TESTS=1 (CI runs it)")


@pytest.mark.slow
@opt_in
def test_installed_wheel_runs_the_command_line(installed):
    venv, work, command = installed
    exe = venv / "bin" / "maturity-workbook"

    result = command(exe, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"maturity-workbook {__version__}"

    result = command(exe, "frameworks")
    assert result.returncode == 0, result.stderr
    listed = {line.split("\t")[0] for line in result.stdout.splitlines()}
    assert {"customer-education", "customer-learning-five-stage",
            "three-jobs-six-stage"} <= listed
    assert "warning" not in result.stderr

    # the resources come from the installed package, not from this checkout
    result = command(venv / "bin" / "python", "-c",
                     "from maturity_workbook.resources import resource_root; "
                     "print(resource_root())")
    assert result.returncode == 0, result.stderr
    root = Path(result.stdout.strip())
    assert venv in root.parents and root.name == "resources"


@pytest.mark.slow
@opt_in
@pytest.mark.skipif(not (HAS_EXPORT_PDF and SOURCE_SAMPLE.exists()),
                    reason="needs the export-pdf command and resources/samples/sample.mwb")
def test_installed_wheel_exports_the_bundled_sample_to_pdf(installed):
    venv, work, command = installed
    # the sample that ships inside the installed package, copied out: export never writes it,
    # but a test should not lean on that
    result = command(venv / "bin" / "python", "-c",
                     "from maturity_workbook.resources import resource_path; "
                     "print(resource_path('samples', 'sample.mwb'))")
    assert result.returncode == 0, result.stderr
    packaged = Path(result.stdout.strip())
    assert venv in packaged.parents and packaged.is_file()
    sample = work / "sample.mwb"
    shutil.copyfile(packaged, sample)

    pdf = work / "sample.pdf"
    result = command(venv / "bin" / "maturity-workbook", "export-pdf", sample, "-o", pdf)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"wrote {pdf}")
    assert pdf.read_bytes()[:5] == b"%PDF-"

    pypdf = pytest.importorskip("pypdf")
    name = next(iter(json.loads(sample.read_text(encoding="utf-8"))["workbook"].values()))["name"]
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 1
    assert name in " ".join(reader.pages[0].extract_text().split())  # pypdf may give tabs
