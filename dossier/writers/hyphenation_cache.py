"""Hyphenation patterns read once, not parsed again by every PDF build.

WeasyPrint hyphenates with pyphen, which parses a language's ``hyph_*.dic``
(14,000 patterns for English) the first time a process needs it: 0.15 s of
each PDF build, more than all its font lookups.  The parsed patterns are
kept in the user's cache folder (see cache.py: private to the user, off with
DOSSIER_CACHE=off), under a hash of the dictionary file's bytes and pyphen's
version, and handed to pyphen before WeasyPrint asks for them; loading them
takes a few milliseconds.  What pyphen hyphenates with is the same patterns
either way; a dictionary with pyphen's non-standard alternatives (objects
marshal cannot keep) is left for pyphen to parse.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

from ..cache import cache_dir

try:  # as cache.py: the BLAKE2 module alone, not hashlib's OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Python built without it
    from hashlib import blake2b


def warm(language: str) -> None:
    """Have pyphen's patterns for ``language`` (a BCP 47 tag) in memory, from the cache if it has them."""
    import pyphen

    name = pyphen.language_fallback(language) if language else None
    if name is None:
        return
    path = pyphen.LANGUAGES[name]
    if path in pyphen.hdcache:
        return
    try:
        data = path.read_bytes()
    except OSError:
        return  # pyphen says so itself when WeasyPrint asks for it
    folder = cache_dir(Path(pyphen.__file__).parent, "hyphenation")
    key = blake2b(data + f"|{getattr(pyphen, 'VERSION', '')}".encode(), digest_size=16).hexdigest()
    entry = folder / f"{name}-{key}.marshal" if folder is not None else None
    patterns = _load(entry)
    if patterns is None:
        patterns = pyphen.HyphDict(path).patterns
        if not _plain(patterns):
            return
        _store(entry, patterns)
    hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hyph.patterns, hyph.cache = patterns, {}
    hyph.maxlen = max(len(key) for key in patterns)
    pyphen.hdcache[path] = hyph


def _plain(patterns: dict) -> bool:
    """Only str keys and (int, tuple of int) values: what marshal keeps exactly."""
    return all(type(start) is int and all(type(v) is int for v in values)
               for start, values in patterns.values())


def _load(entry: Path | None) -> dict | None:
    if entry is None:
        return None
    try:
        patterns = marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return patterns if isinstance(patterns, dict) and patterns else None


def _store(entry: Path | None, patterns: dict) -> None:
    if entry is None:
        return
    partial = entry.with_name(f".{entry.name}.{os.getpid()}")
    try:
        partial.write_bytes(marshal.dumps(patterns))
        os.replace(partial, entry)  # whole or not at all: another build may read it meanwhile
    except OSError:
        partial.unlink(missing_ok=True)
