"""A declared schema: YAML trees checked and converted into typed dataclasses.

The model's dataclasses *are* the schema.  Field types drive conversion
(``str``, ``Text``, ``int``, ``bool``, ``date``, ``list[...]``, ``Optional``,
``Literal``, nested dataclasses); unknown keys, missing keys and wrong types
become located diagnostics with a "did you mean" hint, all collected in one pass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from typing import Any, Literal, get_args, get_origin, get_type_hints

from .errors import Diagnostics, Location
from .loading import YList, YMap, YNode, YScalar
from .placeholders import PLACEHOLDER, is_placeholder, warn_placeholder

# Characters that XML 1.0 cannot hold (and lone surrogates, which UTF-8 cannot):
# they would corrupt a DOCX.  Shared with the bibliography's check.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

NOWHERE = Location("<nowhere>")


class Text(str):
    """A string that remembers the YAML scalar it came from (to locate words inside it)."""

    scalar: YScalar | None = None

    @classmethod
    def located(cls, value: str, scalar: YScalar | None) -> "Text":
        text = cls(value)
        text.scalar = scalar
        return text

    @property
    def loc(self) -> Location:
        return self.scalar.loc if self.scalar else NOWHERE

    def locate(self, needle: str, occurrence: int = 0) -> Location:
        return self.scalar.locate(needle, occurrence) if self.scalar else NOWHERE


class Spacing(str):
    """Text whose white space is its value (a separator such as " " or ", "): kept as
    written, and a blank one is not empty."""


class Placeholder(Text):
    """A ``"TODO: ..."`` text in a key typed as a number or a date (``int | Placeholder``):
    printed as written, never taken for a value (see placeholders.py)."""


class _Missing:
    pass


MISSING: Any = _Missing()


def describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YList):
        return "a list"
    if node.plain and node.tag.endswith(":null"):
        return "nothing (an empty value)"
    return f"'{node.text}'"


def _hint(word: str, choices: typing.Iterable[str]) -> str:
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f"; did you mean '{close[0]}'?" if close else ""


@functools.cache
def schema_fields(cls: type) -> dict[str, dataclasses.Field]:
    """The fields a YAML mapping may set: all but ``loc`` and private ones."""
    return {
        f.name: f
        for f in dataclasses.fields(cls)
        if f.name != "loc" and not f.name.startswith("_") and f.init
    }


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    """The fields' types, evaluated once per class: each evaluation compiles every annotation."""
    return get_type_hints(cls)


@functools.cache
def _has_loc(cls: type) -> bool:
    return any(f.name == "loc" for f in dataclasses.fields(cls))


class Converter:
    def __init__(self, diags: Diagnostics):
        self.diags = diags

    def error(self, loc: Location, message: str) -> Any:
        self.diags.error(loc, message)
        return MISSING

    def convert(self, node: YNode, hint: Any, what: str) -> Any:
        origin = get_origin(hint)
        if origin is typing.Union or origin is types.UnionType:
            options = [a for a in get_args(hint) if a is not type(None)]
            if isinstance(node, YScalar) and node.plain and node.tag.endswith(":null"):
                return None
            if Placeholder in options:  # a number or date still to fill in, or the value itself
                if isinstance(node, YScalar) and is_placeholder(node.text):
                    return self.placeholder(node, Placeholder)
                options.remove(Placeholder)
            if len(options) == 1:
                return self.convert(node, options[0], what)
            # text or a mapping (a hearing as a plain title, or with its date and room)
            shapes = [o for o in options if dataclasses.is_dataclass(o) == isinstance(node, YMap)]
            if len(options) == 2 and len(shapes) == 1:
                return self.convert(node, shapes[0], what)
            raise TypeError(f"unsupported union {hint}")  # a bug in the model, not the content
        if origin is list:
            (item_hint,) = get_args(hint)
            if not isinstance(node, YList):
                return self.error(node.loc, f"{what} must be a list, not {describe(node)}")
            values = [self.convert(item, item_hint, what) for item in node.items]
            return [v for v in values if v is not MISSING]
        if origin is Literal:
            choices = [str(a) for a in get_args(hint)]
            if not isinstance(node, YScalar) or node.text not in choices:
                shown = describe(node)
                hint_text = _hint(node.text, choices) if isinstance(node, YScalar) else ""
                return self.error(
                    node.loc,
                    f"{what} must be one of {', '.join(choices)}, not {shown}{hint_text}",
                )
            return node.text
        if dataclasses.is_dataclass(hint):
            return self.convert_dataclass(node, hint, what)
        if not isinstance(node, YScalar):
            return self.error(node.loc, f"{what} must be {_type_name(hint)}, not {describe(node)}")
        return self.convert_scalar(node, hint, what)

    def placeholder(self, node: YScalar, cls: type) -> Any:
        """A placeholder left by an import: kept as text, a warning at its place on every load."""
        text = node.text.strip()
        warn_placeholder(self.diags, node.locate(PLACEHOLDER), text)
        return cls.located(text, node) if cls is not str else text

    def convert_scalar(self, node: YScalar, hint: Any, what: str) -> Any:
        if hint is Spacing:
            bad = XML_ILLEGAL.search(node.text)
            if bad:
                return self.error(node.loc, f"{what} contains the control character U+{ord(bad.group()):04X}, "
                                            "which documents cannot hold")
            return Spacing(node.text)
        if hint in (str, Text):
            text = node.text.strip() if node.plain or node.text.endswith("\n") else node.text
            bad = XML_ILLEGAL.search(text)
            if bad:
                return self.error(
                    node.loc,
                    f"{what} contains the control character U+{ord(bad.group()):04X}, "
                    "which documents cannot hold",
                )
            if not text.strip():  # an empty value prints nothing where something is expected
                return self.error(node.loc, f"{what} is empty: give it a value, or leave the key out")
            if is_placeholder(text):
                return self.placeholder(node, Text if hint is Text else str)
            return Text.located(text, node) if hint is Text else text
        if hint is bool:
            if node.plain and node.text in ("true", "false"):
                return node.text == "true"
            return self.error(node.loc, f"{what} must be true or false, not '{node.text}'")
        if hint is int:
            if node.plain and re.fullmatch(r"[+-]?[0-9]+", node.text):
                return int(node.text)
            if re.fullmatch(r"\s*[+-]?[0-9]+\s*", node.text):  # "2001": a number, but quoted
                return self.error(node.loc, f"{what} must be a number written without quotes "
                                            f"({node.text.strip()}, not \"{node.text}\")")
            return self.error(node.loc, f"{what} must be a whole number, not '{node.text}'")
        if hint is dt.date:
            try:
                return dt.date.fromisoformat(node.text)
            except ValueError:
                written = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", node.text)
                if written:  # the right shape: the day or month does not exist
                    return self.error(node.loc, f"{what} is not a real date: {_no_such_day(*written.groups())}")
                return self.error(node.loc, f"{what} must be a date written YYYY-MM-DD, not '{node.text}'")
        raise TypeError(f"unsupported field type {hint}")  # a bug in the model

    def convert_dataclass(self, node: YNode, cls: type, what: str) -> Any:
        name = getattr(cls, "__schema_name__", cls.__name__.lower())
        if not isinstance(node, YMap):
            return self.error(node.loc, f"{name} must be a mapping, not {describe(node)}")
        fields = schema_fields(cls)
        hints = _field_types(cls)
        values: dict[str, Any] = {}
        failed = False
        suggested: set[str] = set()  # a misspelt key is not reported missing as well
        for key, value in node.items:
            field = fields.get(key.text)
            if field is None:
                hint = _hint(key.text, fields)
                if hint:
                    suggested.add(hint.split("'")[1])
                    self.error(key.loc, f"unknown key '{key.text}' in {name}{hint}")
                else:
                    self.error(key.loc, f"unknown key '{key.text}' in {name} "
                                        f"(allowed here: {', '.join(sorted(fields))})")
                failed = True
                continue
            converted = self.convert(value, hints[key.text], f"'{key.text}'")
            if converted is MISSING:
                failed = True
            else:
                values[key.text] = converted
        for field_name, field in fields.items():
            required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
            if (required and field_name not in values and node.get(field_name) is None
                    and field_name not in suggested):
                self.error(node.loc, f"{name} is missing the required key '{field_name}'")
                failed = True
        one_of = getattr(cls, "__requires_one_of__", ())
        if one_of and not any(node.get(key) is not None for key in one_of):
            self.error(node.loc, f"{name} needs {' or '.join(repr(k) for k in one_of)}")
            failed = True
        if failed:
            return MISSING
        if _has_loc(cls):
            values["loc"] = node.loc
        obj = cls(**values)
        check = getattr(obj, "check", None)
        if check is not None:  # a message, or (key, message) to point at that key's value
            for problem in check():  # (key or Location, message) points at that key's value or there
                key, message = problem if isinstance(problem, tuple) else ("", problem)
                if isinstance(key, Location):
                    self.error(key, message)
                    continue
                value = node.get(key) if key else None
                self.error(value.loc if value is not None else node.loc, message)
        return obj


def _no_such_day(year: str, month: str, day: str) -> str:
    """Why YYYY-MM-DD is no date: '2023-02-30: February 2023 has 28 days'."""
    import calendar

    if not 1 <= int(month) <= 12:
        return f"{year}-{month}-{day} has no month {int(month)} (months are 01 to 12)"
    if int(year) < 1:
        return f"{year}-{month}-{day}: there is no year 0"
    days = calendar.monthrange(int(year), int(month))[1]
    return f"{year}-{month}-{day}: {calendar.month_name[int(month)]} {int(year)} has {days} days"


def _type_name(hint: Any) -> str:
    return {str: "text", Text: "text", int: "a whole number", bool: "true or false",
            dt.date: "a date"}.get(hint, str(hint))


def load_as(node: YNode, cls: type, diags: Diagnostics) -> Any:
    """Convert ``node`` into ``cls``; ``None`` when anything was wrong (see ``diags``)."""
    value = Converter(diags).convert(node, cls, cls.__name__.lower())
    return None if value is MISSING else value
