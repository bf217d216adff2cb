"""Format specs: what a receiving body asks of a submission, as data.

``templates/<format>/format.yaml`` declares page, fonts, numbering and the
citation style; ``templates/<format>/document.xml.j2`` lays content out.
The spec is checked against the dataclasses below like any content file.
"""

from __future__ import annotations

import os
import re
from dataclasses import field
from pathlib import Path
from typing import Literal

from .errors import Diagnostics, Location
from .loading import YMap, read_yaml
from .model import LANGUAGE_TAG
from .paths import PathProblem, confined, read_limited
from .records import Record
from .schema import NOWHERE, Text, load_as

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}

# Values from format.yaml go into the PDF's CSS and the DOCX's XML: each is
# checked against its shape, so a format cannot inject rules into either.
LENGTH = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:mm|cm|in|pt)")
FONT_NAME = re.compile(r"[\w][\w .+-]*")
MAX_STYLE_BYTES = 1024 * 1024


def length_mm(value: str) -> float:
    """A checked length (see LENGTH) in millimetres."""
    units = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
    return float(value[:-2]) * units[value[-2:]]


def _length_problems(owner: object, names: tuple[str, ...]) -> list[tuple[str, str]]:
    problems = []
    for name in names:
        value = getattr(owner, name)
        if not LENGTH.fullmatch(value):
            problems.append((name, f"'{name}' must be a length such as 2.5cm, 25mm, 1in or 72pt, "
                                   f"not '{value}'"))
        elif length_mm(value) > 100:
            problems.append((name, f"'{name}' is {value}, more than 10 cm"))
    return problems


def _font_problem(key: str, name: str) -> list[tuple[str, str]]:
    if FONT_NAME.fullmatch(name):
        return []
    return [(key, f"'{key}' must be a font's name (letters, digits, spaces, '.', '+', '-'), "
                  f"not '{name}'")]


class PageSpec(Record):
    __schema_name__ = "page"
    size: Literal["A4", "Letter"]
    margin_top: str = "2.5cm"
    margin_bottom: str = "2.5cm"
    margin_left: str = "2.5cm"
    margin_right: str = "2.5cm"
    loc: Location = NOWHERE

    def check(self) -> list[tuple[str, str]]:
        return _length_problems(self, ("margin_top", "margin_bottom", "margin_left", "margin_right"))


# The font Word is told to use for a CJK language when the format names none: fonts Office
# installs (Noto CJK, which the PDF embeds, is not one of them).
DOCX_CJK_FONTS = {"ko": "Batang", "zh": "SimSun", "zh-hant": "PMingLiU", "ja": "MS Mincho"}


class LanguageFont(Record):
    __schema_name__ = "language font"
    lang: str
    family: str  # the PDF's font (embedded)
    docx: str = ""  # the font named in the DOCX, one Office has; "" for DOCX_CJK_FONTS' choice
    loc: Location = NOWHERE

    @property
    def docx_family(self) -> str:
        lang = self.lang.lower()
        return self.docx or DOCX_CJK_FONTS.get(lang, DOCX_CJK_FONTS.get(lang.split("-")[0], self.family))

    def check(self) -> list[tuple[str, str]]:
        problems = _font_problem("family", self.family)
        if self.docx:
            problems += _font_problem("docx", self.docx)
        if not LANGUAGE_TAG.fullmatch(self.lang):
            problems.append(("lang", f"'lang' must be a language tag such as ko or zh-Hans, not '{self.lang}'"))
        return problems


class FontSpec(Record):
    __schema_name__ = "fonts"
    body: str  # the font named in the DOCX (what editors' Word uses)
    body_size: int  # points
    note_size: int
    # fonts the PDF embeds, in order of preference: free and metric-compatible
    pdf_body: list[str] = field(default_factory=lambda: ["Liberation Serif"])
    cjk: list[LanguageFont] = field(default_factory=list)
    loc: Location = NOWHERE

    def cjk_fonts(self) -> list[LanguageFont]:
        """The CJK fonts, with one for Traditional Chinese (zh-Hant, zh-TW, zh-HK) where the
        format names only ``zh``: Simplified glyph shapes (SimSun, Noto ... SC) are wrong for
        a Hong Kong or Taiwan text.  Its PDF font is the ``zh`` family's TC face."""
        from .languages import is_traditional_chinese

        fonts = list(self.cjk)
        if any(is_traditional_chinese(f.lang) for f in fonts):
            return fonts
        simplified = next((f for f in fonts if f.lang.lower() in ("zh", "zh-hans", "zh-cn")), None)
        if simplified is None:
            return fonts
        family = re.sub(r"\b(SC|CN)\b", "TC", simplified.family)
        if family == simplified.family:
            family = "Noto Serif CJK TC" if "serif" in simplified.family.lower() else "Noto Sans CJK TC"
        return fonts + [LanguageFont(lang="zh-Hant", family=family, docx=DOCX_CJK_FONTS["zh-hant"])]

    def check(self) -> list[tuple[str, str]]:
        problems = _font_problem("body", self.body)
        for name in self.pdf_body:
            problems += _font_problem("pdf_body", name)
        for key in ("body_size", "note_size"):
            if not 4 <= getattr(self, key) <= 72:
                problems.append((key, f"'{key}' must be between 4 and 72 points, not {getattr(self, key)}"))
        return problems


COUNTABLE_PARTS = ("front_matter", "headings", "body", "notes")


class WordLimit(Record):
    """One limit; the one whose ``min_organisations`` is the highest reached applies."""

    __schema_name__ = "limit"
    name: str  # "individual", "joint", "coalition"
    words: int
    min_organisations: int = 1
    loc: Location = NOWHERE


class LengthSpec(Record):
    __schema_name__ = "length"
    # what the limit counts: front_matter, headings, body, notes
    counts: list[Literal["front_matter", "headings", "body", "notes"]]
    limits: list[WordLimit] = field(default_factory=list)  # none: no limit unless the content sets one
    source: str = ""  # where the rule comes from, shown with a warning
    # official / secondary / assumed; --strict never fails a build on an assumed rule
    sureness: Literal["official", "secondary", "assumed"] = "assumed"
    loc: Location = NOWHERE


class FormatSpec(Record):
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
    # how section headings are numbered, per level (I., 1., (a) ...): Word numbering in the DOCX
    heading_numbering: list[Literal["upper-roman", "lower-roman", "upper-alpha", "lower-alpha",
                                    "decimal", "none"]] = field(default_factory=lambda: ["decimal"])
    date_style: Literal["un", "us"] = "un"  # "9 June 2023" (UN bodies) or "June 9, 2023" (US bodies)
    # the front page's pieces its template prints, each of which a submission may set or switch off
    front_matter: list[Text] = field(default_factory=list)
    template: str = "document.xml.j2"
    # the language a submission's bare tag means here (en -> en-GB at the UN); see languages.py
    language: str = "en-GB"
    id: str = field(default="", init=False)
    # Paths stay out of repr: a template printing {{ format }} must not show where the project lives.
    directory: Path = field(default=Path("."), init=False, repr=False)
    style: str = field(default="", init=False, repr=False)  # the format's own style.css, read when loaded
    reference: Path | None = field(default=None, init=False, repr=False)  # its reference.docx, if any
    # How messages name its folder: "templates/upr/" for the repository's own, the full
    # path of the installed folder for a format dossier ships (see dossier/shipped.py).
    shown: str = field(default="", init=False, repr=False)
    # Where {% include %} and {% import %} look after its own folder: the shared macros
    # beside it, then (for a repository's own format) the ones dossier ships.
    common: list[tuple[Path, str]] = field(default_factory=list, init=False, repr=False)
    assets: Path = field(default=Path("assets"), init=False, repr=False)  # the project's assets/ (set when loaded)
    loc: Location = NOWHERE

    def check(self) -> list[tuple[str, str]]:
        if LANGUAGE_TAG.fullmatch(self.language):
            return []
        return [("language", f"'language' must be a language tag such as en-GB, not '{self.language}'")]

    @property
    def template_path(self) -> Path:
        return self.directory / self.template

    @property
    def template_shown(self) -> str:
        """The layout template as messages and review copies name it: ``templates/<format>/...``
        for the repository's own format, the installed file for one dossier ships."""
        return (self.shown or f"templates/{self.id}/") + self.template


def format_folder(root: Path, name: str) -> tuple[Path, Path, str] | None:
    """Where format ``name`` lives: the repository's own ``templates/<name>/`` if it has
    one, else the one dossier ships.  Gives (folder, the root its files must stay in, shown)."""
    from .shipped import shipped_format

    own = root / "templates" / name
    if os.path.lexists(own / "format.yaml"):  # even a broken one: its error is shown, not replaced
        return own, root, f"templates/{name}/"
    shipped = shipped_format(name)
    if shipped is not None:
        return shipped, shipped.parent, f"{shipped}/"
    return None


def load_format(root: Path, name: str, diags: Diagnostics) -> FormatSpec | None:
    from .shipped import COMMON, shipped_templates

    found = format_folder(root, name)
    if found is None:
        return None
    directory, confine_to, where = found
    spec_path = directory / "format.yaml"
    display = where + "format.yaml"
    node = read_yaml(spec_path, display, diags, confine_to)
    if node is None:
        return None
    spec = load_as(node, FormatSpec, diags)
    if spec is None:
        return None
    spec.id = name
    spec.directory = directory
    spec.shown = where
    spec.assets = root / "assets"
    spec.common = [(directory.parent / COMMON, where.rstrip("/").rpartition("/")[0] + f"/{COMMON}/")]
    shipped = shipped_templates()
    if shipped is not None and shipped.resolve() != directory.parent.resolve():
        spec.common.append((shipped / COMMON, f"{shipped / COMMON}/"))
    if not _check_requires(spec, diags) or not _check_pieces(spec, diags):
        return None
    # The template, style.css and reference.docx must be files of this format's own folder.
    template_node = node.get("template") if isinstance(node, YMap) else None
    try:
        confined(directory, spec.template, where)
    except PathProblem as exc:
        diags.error(template_node.loc if template_node is not None else spec.loc, f"template {exc}")
        return None
    style = _optional_file(directory, "style.css", where, diags)
    if style is not None:
        spec.style = _read_style(style, where + "style.css", diags)
    spec.reference = _optional_file(directory, "reference.docx", where, diags)
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
def _check_pieces(spec: FormatSpec, diags: Diagnostics) -> bool:
    from .model import FRONT_MATTER_PIECES

    valid = True
    for name in spec.front_matter:
        if str(name) not in FRONT_MATTER_PIECES:
            diags.error(name.loc, f"'front_matter' names '{name}', which is not a front-matter piece "
                                  f"(pieces: {', '.join(FRONT_MATTER_PIECES)})")
            valid = False
    return valid


def _optional_file(directory: Path, filename: str, where: str, diags: Diagnostics) -> Path | None:
    """A file the format may ship, confined to its folder; ``None`` when absent or refused."""
    path = directory / filename
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return confined(directory, filename, where)
    except PathProblem as exc:
        diags.error(Location(where + filename), str(exc))
        return None


def _read_style(path: Path, shown: str, diags: Diagnostics) -> str:
    try:
        return read_limited(path, MAX_STYLE_BYTES, shown).decode("utf-8")
    except PathProblem as exc:
        diags.error(Location(shown), str(exc))
    except UnicodeDecodeError:
        diags.error(Location(shown), "file is not valid UTF-8")
    return ""


def available_formats(root: Path) -> list[str]:
    """The repository's own formats and those dossier ships (the repository's win by name)."""
    from .shipped import shipped_names

    base = root / "templates"
    own = {p.parent.name for p in base.glob("*/format.yaml")} if base.is_dir() else set()
    return sorted(own | set(shipped_names()))
