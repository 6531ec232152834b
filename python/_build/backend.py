"""A PEP 517 build backend for the papermill plugin, using only the standard library.

The plugin is pure Python with one entry point, and `tslab-asyncio install --python PY` must install it into
a user's environment offline, where no build backend may be installed: this backend has no requirements, so
pip needs nothing from an index. Archives are reproducible (fixed timestamps, sorted entries).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "tslab_asyncio_papermill"
NAME = "tslab-asyncio-papermill"
ENTRY_POINTS = f"[papermill.engine]\ntslab-asyncio = {PACKAGE}.engine:TypeScriptKernelEngine\n"
EPOCH = (1980, 1, 1, 0, 0, 0)


def _version() -> str:
    text = (ROOT / PACKAGE / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.M)
    if match is None:
        raise RuntimeError(f"{PACKAGE}/__init__.py has no __version__ line")
    return match.group(1)


def _metadata() -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {_version()}\n"
        "Summary: papermill parameters for TypeScript and JavaScript notebooks"
        " (tslab-asyncio, tslab, jslab)\n"
        "License: MIT\n"
        "Requires-Python: >=3.9\n"
        "Provides-Extra: papermill\n"
        'Requires-Dist: papermill>=2.4; extra == "papermill"\n'
    )


def _sources() -> list[Path]:
    return sorted(p for p in (ROOT / PACKAGE).rglob("*") if p.is_file() and p.suffix in (".py", ".typed"))


def _dist_info() -> str:
    return f"{PACKAGE}-{_version()}.dist-info"


def _metadata_files() -> dict[str, str]:
    return {
        "METADATA": _metadata(),
        "WHEEL": "Wheel-Version: 1.0\nGenerator: tslab-asyncio\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "entry_points.txt": ENTRY_POINTS,
    }


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return []


def get_requires_for_build_sdist(config_settings: dict[str, Any] | None = None) -> list[str]:
    return []


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: dict[str, Any] | None = None
) -> str:
    target = Path(metadata_directory) / _dist_info()
    target.mkdir(parents=True, exist_ok=True)
    for name, text in _metadata_files().items():
        (target / name).write_text(text, encoding="utf-8")
    return target.name


def _record_line(arcname: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _add(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    info = zipfile.ZipInfo(arcname, EPOCH)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    filename = f"{PACKAGE}-{_version()}-py3-none-any.whl"
    entries: list[tuple[str, bytes]] = [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in _sources()]
    entries += [(f"{_dist_info()}/{n}", t.encode()) for n, t in _metadata_files().items()]
    record = "\n".join(_record_line(a, d) for a, d in entries) + f"\n{_dist_info()}/RECORD,,\n"
    with zipfile.ZipFile(Path(wheel_directory) / filename, "w") as zf:
        for arcname, data in entries:
            _add(zf, arcname, data)
        _add(zf, f"{_dist_info()}/RECORD", record.encode())
    return filename


def build_sdist(sdist_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    base = f"{PACKAGE}-{_version()}"
    files = [ROOT / "pyproject.toml", ROOT / "_build" / "backend.py", *_sources()]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for path, data in [(f"{base}/PKG-INFO", _metadata().encode())] + [
            (f"{base}/{p.relative_to(ROOT).as_posix()}", p.read_bytes()) for p in files
        ]:
            info = tarfile.TarInfo(path)
            info.size, info.mode, info.mtime = len(data), 0o644, 315532800
            tar.addfile(info, io.BytesIO(data))
    (Path(sdist_directory) / f"{base}.tar.gz").write_bytes(buffer.getvalue())
    return f"{base}.tar.gz"
