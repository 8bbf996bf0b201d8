"""Fetch pinned packages from the npm registry with the ordinary npm client.

Shared by ``refresh_vendor.py`` and ``build_reference.py``. Only ``npm pack`` is
used (no install, no lifecycle scripts); the tarball is checked against the
pinned Subresource-Integrity string before anything is read from it, and members
are read from the tarball in memory, so nothing outside the requested files is
ever written to disk.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path


class NpmError(RuntimeError):
    """npm failed, or a tarball does not match its pin."""


def sri_sha512(path: Path) -> str:
    """The ``sha512-<base64>`` integrity string of a file, as npm computes it."""
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def npm_pack(name: str, version: str, dest: Path) -> dict:
    """Download ``name@version`` as a tarball into ``dest``; return npm's metadata.

    The returned dict has at least ``name``, ``version``, ``filename`` (a Path)
    and ``integrity`` (recomputed locally, not trusted from npm's report).
    """
    npm = shutil.which("npm")
    if npm is None:
        raise NpmError("npm is not on PATH; install Node.js/npm to refresh vendored files")
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [
        npm, "pack", f"{name}@{version}", "--json", "--ignore-scripts",
        "--pack-destination", str(dest),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=dest)
    if proc.returncode != 0:
        raise NpmError(f"{' '.join(cmd[1:])} failed:\n{proc.stderr.strip()}")
    try:
        info = json.loads(proc.stdout)[0]
    except (ValueError, IndexError) as exc:
        raise NpmError(f"unexpected output from npm pack {name}@{version}: {proc.stdout[:200]!r}") from exc
    if info.get("name") != name or info.get("version") != version:
        raise NpmError(f"npm pack returned {info.get('name')}@{info.get('version')}, wanted {name}@{version}")
    tarball = dest / info["filename"]
    local = sri_sha512(tarball)
    if info.get("integrity") and info["integrity"] != local:
        raise NpmError(f"{tarball.name}: npm reported {info['integrity']}, file hashes to {local}")
    return {"name": name, "version": version, "filename": tarball, "integrity": local}


def check_integrity(info: dict, pinned: str | None) -> None:
    """Refuse a tarball whose integrity differs from the pinned one."""
    if pinned and info["integrity"] != pinned:
        raise NpmError(
            f"{info['name']}@{info['version']}: tarball integrity {info['integrity']} "
            f"does not match the pinned {pinned}"
        )


def read_members(tarball: Path, paths: list[str]) -> dict[str, bytes]:
    """Read ``package/<path>`` for each path from an npm tarball (regular files only)."""
    wanted = {f"package/{p}": p for p in paths}
    found: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                found[wanted[member.name]] = handle.read()
    missing = sorted(set(paths) - set(found))
    if missing:
        raise NpmError(f"{tarball.name} lacks {', '.join(missing)}")
    return found


def read_package_json(tarball: Path) -> dict:
    return json.loads(read_members(tarball, ["package.json"])["package.json"])
