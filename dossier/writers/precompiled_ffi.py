"""WeasyPrint's C declarations compiled once, not parsed again by every PDF build.

WeasyPrint declares the Pango, HarfBuzz and fontconfig functions it calls in
cffi's "in-line ABI mode": at every import, cffi imports pycparser and parses
450 lines of C, and it parses each C type string again (with every declared
name in front of it) the first time a build asks ``ffi.new`` for it.  That is
about 0.15 s of each PDF build, on its critical path.  cffi's own answer is
"out-of-line ABI mode": the declarations compiled once into tables that
``_cffi_backend.FFI`` reads without any parsing, with the same functions,
types and constants.

While ``weasyprint.text.ffi`` is imported, ``cffi.FFI`` is replaced by
``PrecompiledFFI``, which takes WeasyPrint's declarations as they are, looks
up their compiled tables in the user's cache folder (see cache.py: private to
the user, off with DOSSIER_CACHE=off) under a hash of the declarations and of
cffi's version, and stands for the FFI made from them.  The first time, the
declarations are parsed as usual and compiled for the next build.  The cache
holds data only (bytes, strings, numbers in marshal's format), never code.
"""

from __future__ import annotations

import ast
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from ..cache import cache_dir

try:  # as cache.py: the BLAKE2 module alone, not hashlib's OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Python built without it
    from hashlib import blake2b

MODULE_NAME = "_dossier_weasyprint_ffi"


class PrecompiledFFI:
    """Stands in for ``cffi.FFI()`` until ``cdef``; then every attribute is the real FFI's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._args = (args, kwargs)
        self._target: Any = None

    def cdef(self, source: str, *args: Any, **kwargs: Any) -> None:
        if self._target is not None or args or kwargs or self._args != ((), {}):
            raise NotImplementedError("only one plain cdef is precompiled")
        self._target = compiled_ffi(source)

    def __getattr__(self, name: str) -> Any:
        target = self.__dict__.get("_target")
        if target is None:
            raise AttributeError(name)
        return getattr(target, name)

    @property
    def target(self) -> Any:
        return self._target


def compiled_ffi(source: str) -> Any:
    """The FFI of ``source``: from its compiled tables where the cache has them, else made as usual."""
    import _cffi_backend

    entry = _entry(source)
    tables = _load(entry)
    if tables is not None:
        try:
            return _cffi_backend.FFI(MODULE_NAME, **tables)
        except Exception:  # tables another cffi made: compile them again below
            pass
    ffi = _inline_ffi(source)
    if entry is not None:
        tables = _compile(source)
        if tables is not None:
            _store(entry, tables)
    return ffi


def _inline_ffi(source: str) -> Any:
    # The real class even while cffi.FFI is replaced: its module holds it as api.FFI.
    from cffi.api import FFI

    ffi = FFI()
    ffi.cdef(source)
    return ffi


def _entry(source: str) -> Path | None:
    import _cffi_backend

    folder = cache_dir(Path(_cffi_backend.__file__).parent, "cffi")
    if folder is None:
        return None
    key = blake2b(f"{source}|{_cffi_backend.__version__}".encode(), digest_size=16).hexdigest()
    return folder / f"weasyprint-{key}.marshal"


def _compile(source: str) -> dict[str, Any] | None:
    """The keyword arguments ``_cffi_backend.FFI`` takes for ``source``, as cffi writes them out."""
    from cffi.api import FFI

    builder = FFI()
    builder.cdef(source)
    builder.set_source(MODULE_NAME, None)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, MODULE_NAME + ".py")
        builder.emit_python_code(path)
        code = Path(path).read_text(encoding="utf-8")
    # The module is one call: ffi = _cffi_backend.FFI('name', _version=..., _types=b'...', ...),
    # every argument a literal; read as data, never run.
    for statement in ast.parse(code).body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            call = statement.value
            if [ast.literal_eval(a) for a in call.args] == [MODULE_NAME]:
                tables = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
                return tables if _plain(tables) else None
    return None


def _plain(value: Any) -> bool:
    """Only what marshal keeps exactly, and what cffi writes: bytes, str, int, tuples, a dict of them."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return type(value) in (bytes, str, int)


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


def _load(entry: Path | None) -> dict[str, Any] | None:
    """The tables, or None: missing, damaged, or not what ``_store`` wrote (cffi would crash on bad tables)."""
    if entry is None:
        return None
    try:
        digest, data = marshal.loads(entry.read_bytes())
        if digest != _digest(data):
            return None
        tables = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return tables if isinstance(tables, dict) and tables and _plain(tables) else None


def _store(entry: Path, tables: dict[str, Any]) -> None:
    partial = entry.with_name(f".{entry.name}.{os.getpid()}")
    data = marshal.dumps(tables)
    try:
        partial.write_bytes(marshal.dumps((_digest(data), data)))
        os.replace(partial, entry)  # whole or not at all: another build may read it meanwhile
    except OSError:
        partial.unlink(missing_ok=True)
