"""WeasyPrint imported in half the time, to the same module.

Three things make ``import weasyprint`` slow, and none is needed to make a PDF:

- WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names
  for each library, and cffi hands every name without a path to
  ``ctypes.util.find_library``.  On Linux that function runs ``ldconfig -p``,
  then ``gcc`` and ``ld`` for each name it cannot find: about 50 processes,
  only to fail on names meant for other systems.  The names WeasyPrint tries
  last on Linux are sonames (``libpango-1.0.so.0``), which ``dlopen`` finds by
  itself, in the same places and the same file.  So while WeasyPrint is
  imported here, ``find_library`` answers "not found" at once.
- cffi parses WeasyPrint's C declarations with pycparser at every import:
  they are compiled once instead (precompiled_ffi.py).
- fontTools' subsetter and variable-font instancer (0.1 s of imports) are
  used only for fonts HarfBuzz cannot subset and for variable fonts: they are
  imported the first time WeasyPrint uses them, not before.

Should anything of this fail (a library only ``find_library`` knows where to
find, another WeasyPrint or cffi), the import is made again as WeasyPrint
does it.  ``import weasyprint`` anywhere after this gets the module loaded here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from types import ModuleType
from typing import Any, Iterator


def _forget_weasyprint() -> None:
    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        del sys.modules[name]


def _lazy_module(name: str) -> None:
    """``name`` in sys.modules as a module that is run at its first attribute used (importlib's LazyLoader)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # `from parent import child` finds it without running it


def _instantiate_variable_font(*args: Any, **kwargs: Any) -> Any:
    """fontTools' ``instantiateVariableFont``, imported when WeasyPrint first meets a variable font."""
    from fontTools.varLib.instancer import instantiateVariableFont

    return instantiateVariableFont(*args, **kwargs)


@contextlib.contextmanager
def _deferred_font_tools() -> Iterator[None]:
    """fontTools' subsetter and instancer imported when first used, not with WeasyPrint."""
    import fontTools  # noqa: F401  (cheap: the package alone)

    _lazy_module("fontTools.subset")
    # WeasyPrint imports a function from the instancer, which no lazy module can defer:
    # it gets one that imports the instancer when called.  The stand-in module is removed
    # at once, so any other `import fontTools.varLib.instancer` gets the real one.
    stand_in = None
    if "fontTools.varLib.instancer" not in sys.modules:
        stand_in = ModuleType("fontTools.varLib.instancer")
        stand_in.instantiateVariableFont = _instantiate_variable_font  # type: ignore[attr-defined]
        sys.modules[stand_in.__name__] = stand_in
    try:
        yield
    finally:
        if stand_in is not None and sys.modules.get(stand_in.__name__) is stand_in:
            del sys.modules[stand_in.__name__]


@contextlib.contextmanager
def _precompiled_declarations() -> Iterator[None]:
    """``cffi.FFI`` is PrecompiledFFI while WeasyPrint is imported; then its modules get the real FFI."""
    import cffi

    from .precompiled_ffi import PrecompiledFFI

    real = cffi.FFI
    cffi.FFI = PrecompiledFFI  # type: ignore[misc]
    try:
        yield
    finally:
        cffi.FFI = real  # type: ignore[misc]
    for name, module in list(sys.modules.items()):
        if name == "weasyprint" or name.startswith("weasyprint."):
            for attribute, value in list(vars(module).items()):
                # type(), not isinstance(): that would run a lazy module, asking for its __class__
                if type(value) is PrecompiledFFI and value.target is not None:
                    setattr(module, attribute, value.target)  # no stand-in left between WeasyPrint and cffi


def load() -> ModuleType:
    """The weasyprint module, imported the quick way where that is safe."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()), _deferred_font_tools(), _precompiled_declarations():
            # redirect_stdout: WeasyPrint's advice to install, printed before it fails
            import weasyprint
    except (OSError, NotImplementedError):  # not for the quick way: WeasyPrint's own
        _forget_weasyprint()
        ctypes.util.find_library = find_library
        import weasyprint
    finally:
        ctypes.util.find_library = find_library
    return weasyprint


weasyprint = load()
