"""WeasyPrint imported without a third of its start-up.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names for
each library, and cffi hands every name without a path to
``ctypes.util.find_library``.  On Linux that function runs ``ldconfig -p``,
then ``gcc`` and ``ld`` for each name it cannot find: about 50 processes,
0.3 s of a 1 s import, only to fail on names meant for other systems.  The
names WeasyPrint tries last on Linux are sonames (``libpango-1.0.so.0``),
which ``dlopen`` finds by itself, in the same places and the same file.  So
while WeasyPrint is imported here, ``find_library`` answers "not found" at
once; should any library then fail to open, the import is made again as
WeasyPrint does it.  ``import weasyprint`` anywhere after this gets the module
loaded here.
"""

from __future__ import annotations

import contextlib
import io
import sys
from types import ModuleType


def _forget_weasyprint() -> None:
    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        del sys.modules[name]


def load() -> ModuleType:
    """The weasyprint module, imported the quick way where that is safe."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its advice to install, printed before it fails
            import weasyprint
    except OSError:  # a library only find_library knows where to find: WeasyPrint's own way
        _forget_weasyprint()
        ctypes.util.find_library = find_library
        import weasyprint
    finally:
        ctypes.util.find_library = find_library
    return weasyprint


weasyprint = load()
