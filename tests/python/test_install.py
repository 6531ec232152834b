"""The plugin installs offline from this repository's own files: by pip through its standard-library backend,
and by `tslab-asyncio install --python PY` into a user's fresh environment."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python" / "_build"))
import backend  # noqa: E402

OFFLINE = {
    # Any attempt to reach an index or a proxy fails at once instead of hanging.
    "PIP_NO_INDEX": "1",
    "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}


def node() -> str:
    found = os.environ.get("TSLAB_ASYNCIO_NODE") or shutil.which("node")
    assert found, "node is not on PATH"
    return found


def test_the_plugin_version_is_the_npm_package_version(root: Path) -> None:
    version = json.loads((root / "package.json").read_text())["version"]
    assert backend._version() == version


def test_the_wheel_holds_the_module_its_entry_point_and_a_correct_record(tmp_path: Path) -> None:
    name = backend.build_wheel(str(tmp_path))
    again = tmp_path / "again"
    again.mkdir()
    assert backend.build_wheel(str(again)) == name
    assert (tmp_path / name).read_bytes() == (again / name).read_bytes()  # reproducible
    with zipfile.ZipFile(tmp_path / name) as zf:
        names = zf.namelist()
        info = f"tslab_asyncio_papermill-{backend._version()}.dist-info"
        assert "tslab_asyncio_papermill/translator.py" in names
        assert "tslab_asyncio_papermill/py.typed" in names
        assert not [n for n in names if "__pycache__" in n]
        entry_points = zf.read(f"{info}/entry_points.txt").decode()
        assert "[papermill.engine]" in entry_points
        assert "tslab_asyncio_papermill.engine:TypeScriptKernelEngine" in entry_points
        for line in zf.read(f"{info}/RECORD").decode().splitlines():
            path, digest, size = line.split(",")
            if not digest:
                assert path == f"{info}/RECORD"
                continue
            data = zf.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data))


def test_the_sdist_builds(tmp_path: Path) -> None:
    name = backend.build_sdist(str(tmp_path))
    assert (tmp_path / name).stat().st_size > 0


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with pip and nothing else, as a user might have."""
    where = tmp_path_factory.mktemp("user") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, capture_output=True)
    return where


def test_install_python_puts_the_plugin_into_a_fresh_environment_offline(root: Path, user_venv: Path) -> None:
    python = str(user_venv / "bin" / "python")
    cli = [node(), str(root / "bin" / "tslab-asyncio.js"), "install", "--sys-prefix", "--python", python]
    env = {**os.environ, **OFFLINE}
    first = subprocess.run([*cli, "--no-labextension"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "Installed papermill plugin in" in first.stdout
    assert (user_venv / "share" / "jupyter" / "kernels" / "tslab-asyncio" / "kernel.json").exists()
    probe = subprocess.run(
        [
            python,
            "-c",
            "from importlib.metadata import entry_points as e, version as v;"
            "print([p.value for p in e(group='papermill.engine')], v('tslab-asyncio-papermill'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == (
        f"['tslab_asyncio_papermill.engine:TypeScriptKernelEngine'] {backend._version()}"
    )
    second = subprocess.run([*cli, "--no-labextension"], env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert "Up to date: papermill plugin in" in second.stdout


def test_no_papermill_skips_the_plugin(root: Path, tmp_path: Path, user_venv: Path) -> None:
    python = str(user_venv / "bin" / "python")
    run = subprocess.run(
        [node(), str(root / "bin" / "tslab-asyncio.js"), "install", "--prefix", str(tmp_path)]
        + ["--python", python, "--no-labextension", "--no-papermill"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "papermill plugin" not in run.stdout


def test_a_python_that_cannot_run_is_reported_with_what_to_do(root: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [node(), str(root / "bin" / "tslab-asyncio.js"), "install", "--prefix", str(tmp_path)]
        + ["--python", str(tmp_path / "no-such-python"), "--no-labextension"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "Could not run" in run.stderr and "--no-papermill" in run.stderr
