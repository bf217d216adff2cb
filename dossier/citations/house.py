"""House styles: ``styles/<name>.yaml``, a built-in style with some of its wording changed.

    # styles/nkhr.yaml
    based_on: simple
    date_form: April 2, 2021
    url_form: <url>
    omit: [institution]

Every option of ``options.StyleOptions`` may be set; ``omit`` names note
fields the house style leaves out (``check`` lists each entry that has one).
The file is read like every content file: an unknown option is an error at its
line with the nearest name as a hint, a value outside an option's choices an
error at the value.  The rules (ibid, short forms, what each kind needs) are
the built-in style's.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Literal

from ..errors import Diagnostics, Location
from ..records import Record
from ..schema import NOWHERE, Spacing
from .options import DateForm, OPTION_NAMES, StyleOptions, UrlForm

BUILT_IN = ("simple", "un", "oscola", "us-legal")
MAX_HOUSE_STYLES = 200


class HouseStyleFile(Record):
    __schema_name__ = "house style"
    based_on: Literal["simple", "un", "oscola", "us-legal"]
    description: str | None = None
    titles: Literal["quoted", "single-quoted", "straight-quoted", "italic", "plain"] | None = None
    date_form: DateForm | None = None
    url_form: UrlForm | None = None
    before_url: Spacing | None = None
    paragraph: Literal["para.", "paragraph", "para", "¶"] | None = None
    original_title: Literal["[]", "()"] | None = None
    final_stop: bool | None = None
    author_separator: Spacing | None = None
    ibid: Literal["Ibid.", "ibid", "Id.", "none"] | None = None
    date_in_parentheses: bool | None = None
    max_names: int | None = None
    last_and: Literal[" and ", " & ", ", and "] | None = None
    omit: list[str] = field(default_factory=list)
    loc: Location = NOWHERE

    def check(self) -> list[tuple[str, str]]:
        from .base import EXTRA_FIELDS

        problems = []
        for name in self.omit:
            if name not in EXTRA_FIELDS:
                import difflib

                close = difflib.get_close_matches(name, EXTRA_FIELDS, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(("omit", f"'omit' names '{name}', which is not a field a house style may "
                                         f"leave out (one of {', '.join(EXTRA_FIELDS)}){hint}"))
        if self.max_names is not None and self.max_names < 0:
            problems.append(("max_names", "'max_names' must be 0 (all names) or more"))
        return problems


class HouseStyle(Record):
    name: str
    based_on: str
    options: StyleOptions
    omit: frozenset[str]
    loc: Location


def load_house_styles(root: Path, diags: Diagnostics) -> dict[str, HouseStyle | None]:
    """Every ``styles/*.yaml`` of the project, checked; a broken one is None (and reported), so
    a submission naming it is not told the style is unknown as well."""
    from ..loading import read_yaml
    from ..schema import load_as

    directory = root / "styles"
    styles: dict[str, HouseStyle | None] = {}
    if not directory.is_dir():
        return styles
    for path in sorted(directory.glob("*.yaml"))[:MAX_HOUSE_STYLES]:
        display = f"styles/{path.name}"
        name = path.stem
        if name in BUILT_IN:
            diags.error(Location(display), f"a house style may not be called '{name}', the name of a "
                                           f"built-in style: name it after the organisation")
            continue
        node = read_yaml(path, display, diags, root)
        spec = load_as(node, HouseStyleFile, diags) if node is not None else None
        if spec is None:
            styles[name] = None
            continue
        options = StyleOptions(**{option: getattr(spec, option) for option in OPTION_NAMES})
        styles[name] = HouseStyle(name, str(spec.based_on), options, frozenset(spec.omit), spec.loc)
    return styles
