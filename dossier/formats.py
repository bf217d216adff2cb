"""Format specs: what a receiving body asks of a submission, as data.

``templates/<format>/format.yaml`` declares page, fonts, numbering and the
citation style; ``templates/<format>/document.xml.j2`` lays content out.
The spec is checked against the dataclasses below like any content file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import Diagnostics, Location
from .loading import read_yaml
from .schema import NOWHERE, Text, load_as

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


@dataclass
class PageSpec:
    __schema_name__ = "page"
    size: Literal["A4", "Letter"]
    margin_top: str = "2.5cm"
    margin_bottom: str = "2.5cm"
    margin_left: str = "2.5cm"
    margin_right: str = "2.5cm"
    loc: Location = NOWHERE


@dataclass
class LanguageFont:
    __schema_name__ = "language font"
    lang: str
    family: str
    loc: Location = NOWHERE


@dataclass
class FontSpec:
    __schema_name__ = "fonts"
    body: str  # the font named in the DOCX (what editors' Word uses)
    body_size: int  # points
    note_size: int
    # fonts the PDF embeds, in order of preference: free and metric-compatible
    pdf_body: list[str] = field(default_factory=lambda: ["Liberation Serif"])
    cjk: list[LanguageFont] = field(default_factory=list)
    loc: Location = NOWHERE


COUNTABLE_PARTS = ("front_matter", "headings", "body", "notes")


@dataclass
class WordLimit:
    """One limit; the one whose ``min_organisations`` is the highest reached applies."""

    __schema_name__ = "limit"
    name: str  # "individual", "joint", "coalition"
    words: int
    min_organisations: int = 1
    loc: Location = NOWHERE


@dataclass
class LengthSpec:
    __schema_name__ = "length"
    # what the limit counts: front_matter, headings, body, notes
    counts: list[Literal["front_matter", "headings", "body", "notes"]]
    limits: list[WordLimit] = field(default_factory=list)  # none: no limit unless the content sets one
    source: str = ""  # where the rule comes from, shown with a warning
    # official / secondary / assumed; --strict never fails a build on an assumed rule
    sureness: Literal["official", "secondary", "assumed"] = "assumed"
    loc: Location = NOWHERE


@dataclass
class FormatSpec:
    __schema_name__ = "format"
    name: str
    label: str  # short name in build reports: "UPR", "CEDAW"
    body: str  # the receiving body, e.g. "UN Human Rights Council, UPR Working Group"
    page: PageSpec
    fonts: FontSpec
    length: LengthSpec
    # submission keys this format needs (its front matter), e.g. [state, cycle, session]
    requires: list[Text] = field(default_factory=list)
    # section kinds a submission must have, in this order, e.g. [summary]
    required_sections: list[str] = field(default_factory=list)
    numbered_paragraphs: bool = True
    justify: bool = True
    citation_style: Text = Text("simple")  # simple, un, oscola, us-legal (dossier/citations/)
    follow_up_table: bool = False  # prior recommendations also as a table, as OHCHR's matrices
    template: str = "document.xml.j2"
    id: str = field(default="", init=False)
    directory: Path = field(default=Path("."), init=False)
    loc: Location = NOWHERE

    @property
    def template_path(self) -> Path:
        return self.directory / self.template


def load_format(root: Path, name: str, diags: Diagnostics) -> FormatSpec | None:
    directory = root / "templates" / name
    spec_path = directory / "format.yaml"
    display = f"templates/{name}/format.yaml"
    if not spec_path.is_file():
        return None
    node = read_yaml(spec_path, display, diags)
    if node is None:
        return None
    spec = load_as(node, FormatSpec, diags)
    if spec is None:
        return None
    spec.id = name
    spec.directory = directory
    if not _check_requires(spec, diags):
        return None
    if not spec.template_path.is_file():
        diags.error(spec.loc, f"template '{spec.template}' not found in templates/{name}/")
        return None
    return spec


def _check_requires(spec: FormatSpec, diags: Diagnostics) -> bool:
    """``requires`` names submission keys: a misspelt one is the spec's error, not the content's."""
    import difflib

    from .model import Submission
    from .schema import schema_fields

    known = schema_fields(Submission)
    valid = True
    for name in spec.requires:
        if str(name) not in known:
            close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.7)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            diags.error(name.loc, f"'requires' names '{name}', which is not a submission key{hint}")
            valid = False
    return valid


def available_formats(root: Path) -> list[str]:
    base = root / "templates"
    if not base.is_dir():
        return []
    return sorted(p.parent.name for p in base.glob("*/format.yaml"))
