"""Read files from a data folder, or bytes from an upload, without trusting them.

Every input of the atlas passes through here: ``geodata/*.geojson``,
``seeds/*.txt`` and ``seeds/*.json`` of the bundled data or of a ``--data``
folder, the package's own schema, and uploaded layers (``corridors.data.upload``).

* **Files**: only regular files are read. A FIFO, device, socket or folder is
  refused after ``lstat``/``fstat`` and the file is opened with ``O_NONBLOCK``,
  so a named pipe can never block the reader; a symbolic link is followed only
  when its target lies inside the data folder. Sizes are checked before reading
  and the read stops one byte past the limit, so a file that grows (or lies about
  its size, as ``/proc`` files do) cannot exhaust memory. A ``Budget`` bounds the
  bytes and files read from one folder in total.
* **Text**: UTF-8 only. A leading UTF-8 byte-order mark is **accepted and
  dropped** (Windows editors write one; it carries no meaning); any other byte
  sequence that is not UTF-8 is refused with its offset and line.
* **JSON**: nesting depth is measured on the raw bytes before parsing (strings
  removed by one linear regular expression, brackets counted with numpy), so
  100,000 nested arrays get a message instead of a ``RecursionError``; duplicate
  keys are refused (readers disagree on which value wins); ``NaN`` and
  ``Infinity`` are refused (RFC 8259 has no such values).

Problems are raised as ``LoadError`` with the rule they break (``file``,
``limits``, ``encoding``, ``json``) and a message meant for the person who
owns the file; callers add the file's name.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corridors.data.limits import Limits


class LoadError(ValueError):
    """An input that cannot be used; ``rule`` says which kind of problem, the message says what."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class Budget:
    """What one data folder may still use: bytes read and files opened, across geodata/ and seeds/."""

    limits: Limits
    bytes_read: int = 0
    files_read: int = 0

    def take(self, size: int) -> None:
        if self.files_read + 1 > self.limits.files:
            raise LoadError("limits", f"more than {self.limits.files:,} files in the data folder "
                                      "(CORRIDORS_LIMIT_FILES)")
        if self.bytes_read + size > self.limits.total_bytes:
            raise LoadError("limits", f"the data folder holds more than {_size(self.limits.total_bytes)} in total "
                                      "(CORRIDORS_LIMIT_TOTAL_BYTES)")
        self.files_read += 1
        self.bytes_read += size


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MiB" if n >= 1024 * 1024 else f"{n:,} bytes"


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _os_error(exc: OSError, what: str = "cannot read") -> LoadError:
    if isinstance(exc, PermissionError):
        return LoadError("file", f"{what}: permission denied")
    if isinstance(exc, FileNotFoundError):
        return LoadError("file", f"{what}: not found")
    return LoadError("file", f"{what}: {exc.strerror or exc}")


def list_files(folder: Path, suffix: str) -> list[Path]:
    """The files in ``folder`` whose names end with ``suffix`` (hidden ones left out), sorted.

    ``LoadError("file", ...)`` when the folder is missing, not a folder, or cannot be listed: an
    unreadable folder must not look like an empty one.
    """
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(suffix) and not e.name.startswith("."))
    except NotADirectoryError:
        raise LoadError("file", "not a folder") from None
    except OSError as exc:
        raise _os_error(exc, "cannot list the folder") from None
    return [Path(folder) / name for name in names]


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _open_regular(path: Path, root: Path, max_bytes: int, setting: str) -> tuple[int, int]:
    """(file descriptor, size) of the regular file ``path`` inside ``root``, within ``max_bytes``."""
    root_real = os.path.realpath(root)
    try:
        os.lstat(path)
    except OSError as exc:
        raise _os_error(exc) from None
    real = os.path.realpath(path)
    if not _inside(real, root_real):
        raise LoadError("file", f"a symbolic link to {real}, outside the data folder; "
                                "only files inside the data folder are read")
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise _os_error(exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("file", f"{_kind(info.st_mode)}, not a regular file; only regular files are read")
        if info.st_size > max_bytes:
            note = f" ({setting})" if setting else ""
            raise LoadError("limits", f"{_size(info.st_size)}, more than the limit of {_size(max_bytes)}{note}")
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def check_file(path: Path, root: Path, max_bytes: int, setting: str = "") -> None:
    """``LoadError`` unless ``path`` is a regular file inside ``root`` of at most ``max_bytes``.

    For files another library opens itself (GDAL reads the reference boundaries).
    """
    fd, _ = _open_regular(path, root, max_bytes, setting)
    os.close(fd)


def read_bytes(path: Path, root: Path, max_bytes: int, budget: Budget | None = None, setting: str = "") -> bytes:
    """The bytes of the regular file ``path`` inside the folder ``root``, at most ``max_bytes`` of them."""
    fd, size = _open_regular(path, root, max_bytes, setting)
    try:
        if budget is not None:
            budget.take(size)
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1024 * 1024, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            note = f" ({setting})" if setting else ""
            raise LoadError("limits", f"more than the limit of {_size(max_bytes)}{note} (it grew while read)")
        return b"".join(chunks)
    except OSError as exc:
        raise _os_error(exc) from None
    finally:
        os.close(fd)


def decode_text(data: bytes) -> str:
    """UTF-8 text, a leading byte-order mark dropped; ``LoadError("encoding")`` naming the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = " (it looks like UTF-16)" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ""
        raise LoadError(
            "encoding",
            f"not UTF-8{hint}: byte 0x{data[exc.start]:02x} at offset {exc.start:,} (line {line}) "
            "cannot be decoded; save the file as UTF-8",
        ) from None


# A JSON string: quote, any run of non-quote non-backslash bytes or escapes, quote. Written
# without nested alternation, so it runs in linear time on any input.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def nesting_depth(data: bytes) -> int:
    """How deep ``[`` and ``{`` nest in JSON ``data``, brackets inside strings not counted.

    UTF-8 continuation bytes are never ``"`` or ``\\``, so this works on the raw bytes.
    """
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int64)
    return int(max(np.cumsum(steps).max(), 0))


def _object(pairs: list[tuple[str, object]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        props = obj.get("properties")
        owner = obj.get("id") if isinstance(obj.get("id"), str) else None
        if owner is None and isinstance(props, dict) and isinstance(props.get("id"), str):
            owner = props["id"]
        where = f" in the object with id {owner!r}" if owner else ""
        raise LoadError("json", f"duplicate key {duplicate!r}{where}: JSON readers disagree on which value wins")
    return obj


def _constant(name: str):
    raise LoadError("json", f"{name} is not a JSON number (RFC 8259 has no NaN or Infinity); write a number or null")


def parse_json(data: bytes, limits: Limits) -> object:
    """Parse JSON bytes with the checks above; ``LoadError`` for anything refused."""
    text = decode_text(data)
    depth = nesting_depth(data)
    if depth > limits.depth:
        raise LoadError("limits", f"JSON nested {depth:,} levels deep, more than the limit of {limits.depth} "
                                  "(CORRIDORS_LIMIT_DEPTH)")
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except LoadError:
        raise
    except RecursionError:  # not reachable with a sane depth limit; kept so no limit setting can crash
        raise LoadError("limits", "JSON nested too deeply to parse") from None
    except ValueError as exc:
        message = str(exc)
        if "integer string conversion" in message:
            message = "a number with more than 4,300 digits"
        raise LoadError("json", f"not valid JSON: {message}") from None


def read_json(path: Path, root: Path, limits: Limits, budget: Budget | None = None) -> object:
    """A JSON file inside ``root``, read and parsed with every check above."""
    data = read_bytes(path, root, limits.file_bytes, budget, "CORRIDORS_LIMIT_FILE_BYTES")
    return parse_json(data, limits)


def read_text(path: Path, root: Path, limits: Limits, budget: Budget | None = None) -> str:
    """A UTF-8 text file inside ``root`` (a source article)."""
    return decode_text(read_bytes(path, root, limits.text_bytes, budget, "CORRIDORS_LIMIT_TEXT_BYTES"))
