"""The wording of a citation style, as one record of options; a house style sets some of them.

The rules (when ibid, when a short form, what each kind of source needs) stay
code in each style; what an organisation's house style changes is wording, and
that is these options.  Each built-in style has its own values; a house style
file (``styles/<name>.yaml``, see ``house.py``) starts from one and overrides
what it names.  ``None`` means "as the style itself does".
"""

from __future__ import annotations

from typing import Literal

from ..records import Record
from ..schema import Spacing  # separators: their white space is their value

DateForm = Literal["2 April 2021", "April 2, 2021", "Apr. 2, 2021", "2021-04-02"]
UrlForm = Literal["<url>", "url", "Available at url"]


class StyleOptions(Record, frozen=True):
    # titles of works (reports, articles, web pages, books): "quoted" “…”, "single-quoted" ‘…’,
    # "straight-quoted" "…", "italic", "plain"
    titles: Literal["quoted", "single-quoted", "straight-quoted", "italic", "plain"] | None = None
    date_form: DateForm | None = None
    url_form: UrlForm | None = None
    before_url: Spacing | None = None  # what comes between the reference and its address: ", " or " "
    paragraph: Literal["para.", "paragraph", "para", "¶"] | None = None
    original_title: Literal["[]", "()"] | None = None  # brackets round a title in its own language
    final_stop: bool | None = None
    author_separator: Spacing | None = None  # between the author and the title: ", " or ": "
    ibid: Literal["Ibid.", "ibid", "Id.", "none"] | None = None
    date_in_parentheses: bool | None = None  # "Title (2 April 2021)" or "Title, 2 April 2021" (simple)
    max_names: int | None = None  # more authors than this: the first and "et al."; 0 for all
    last_and: Literal[" and ", " & ", ", and "] | None = None  # before the last of several authors


OPTION_NAMES = tuple(name for name in StyleOptions.__dataclass_fields__)  # type: ignore[attr-defined]


def merged(base: StyleOptions, override: StyleOptions) -> StyleOptions:
    """``override``'s set options over ``base``'s."""
    values = {name: getattr(base, name) for name in OPTION_NAMES}
    values.update({name: getattr(override, name) for name in OPTION_NAMES if getattr(override, name) is not None})
    return StyleOptions(**values)
