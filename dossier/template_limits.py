"""How large a string a template may build.

Jinja's sandbox bounds ``range()`` but not strings: ``{% set x = x ~ x %}`` in a
loop, ``"x".center(10**9)`` or ``"%1000000000s"|format`` each made 1-1.6 GB
before anything was checked.  Every way a template makes a long string from a
short one is checked here: ``~`` and ``+`` (the result), ``*`` (in render.py),
``%`` and ``format`` (the widths asked for), the padding methods and filters
(their width), ``replace``, ``join`` and ``expandtabs`` (the size they would make).
"""

from __future__ import annotations

import re
from typing import Any, Callable

# Far above a submission's own text (a content file is at most 4 MiB).
MAX_TEMPLATE_STRING = 4 * 1024 * 1024

# A width or precision in a %-format or str.format() field: "%1000000000s", "{:>999999999}".
_WIDTHS = re.compile(r"\d+")


def too_large(what: str) -> Exception:
    from jinja2.exceptions import SecurityError

    return SecurityError(f"{what} would make a string of more than {MAX_TEMPLATE_STRING:,} characters, "
                         "too large for a template")


def checked_size(value: Any) -> Any:
    """A string or sequence a template made, refused when it is too large."""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEMPLATE_STRING:
        raise too_large("this '~'")
    return value


def check_format_string(spec: Any, args: tuple = ()) -> None:
    """Widths in a format string ('%1000000000s', '{:>999999999}', '%*s' with a huge argument)."""
    if not isinstance(spec, str):
        return
    if any(int(number) > MAX_TEMPLATE_STRING for number in _WIDTHS.findall(spec) if len(number) <= 30) \
            or any(len(number) > 30 for number in _WIDTHS.findall(spec)):
        raise too_large("this format")
    if "*" in spec and any(isinstance(a, int) and abs(a) > MAX_TEMPLATE_STRING for a in _flat(args)):
        raise too_large("this format")


def _flat(args: Any) -> list:
    if isinstance(args, (tuple, list)):
        return [x for a in args for x in _flat(a)]
    if isinstance(args, dict):
        return list(args.values())
    return [args]


def check_binop(operator: str, left: Any, right: Any) -> None:
    """``+`` of two strings or sequences; ``%`` formatting."""
    if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        if len(left) + len(right) > MAX_TEMPLATE_STRING:
            raise too_large("this '+'")
    if operator == "%" and isinstance(left, str):
        check_format_string(left, right if isinstance(right, tuple) else (right,))


def _width(value: Any) -> int:
    return value if isinstance(value, int) else 0


def check_call(obj: Any, args: tuple, kwargs: dict) -> None:
    """A method of a string called by a template: what it would make, before it is made."""
    self = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(self, str):
        return
    if name in ("center", "ljust", "rjust", "zfill"):
        width = _width(args[0] if args else kwargs.get("width", 0))
        if width > MAX_TEMPLATE_STRING:
            raise too_large(f"'.{name}({width})'")
    elif name in ("format", "format_map"):
        check_format_string(self, args + tuple(kwargs.values()))
    elif name == "expandtabs":
        size = _width(args[0] if args else kwargs.get("tabsize", 8))
        if size * (self.count("\t") or 0) + len(self) > MAX_TEMPLATE_STRING:
            raise too_large("'.expandtabs()'")
    elif name == "replace" and len(args) >= 2:
        check_replace(self, args[0], args[1])
    elif name == "join" and args:
        check_join(args[0], self)


def check_replace(value: Any, old: Any, new: Any) -> None:
    text, old, new = str(value), str(old), str(new)
    count = text.count(old) if old else len(text) + 1
    if len(text) + count * max(len(new) - len(old), 0) > MAX_TEMPLATE_STRING:
        raise too_large("this replace")


def check_join(items: Any, separator: Any) -> None:
    if isinstance(items, (list, tuple)):
        size = sum(len(x) if isinstance(x, str) else 20 for x in items)
        if size + len(str(separator)) * max(len(items) - 1, 0) > MAX_TEMPLATE_STRING:
            raise too_large("this join")


def checked_filters(filters: dict[str, Callable]) -> dict[str, Callable]:
    """Jinja's filters that pad, indent or format, with their widths checked first."""
    original = dict(filters)

    def center(value: Any, width: int = 80) -> str:
        if _width(width) > MAX_TEMPLATE_STRING:
            raise too_large(f"'center({width})'")
        return original["center"](value, width)

    def indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> str:
        lines = str(value).count("\n") + 1
        amount = _width(width) if not isinstance(width, str) else len(width)
        if amount * lines + len(str(value)) > MAX_TEMPLATE_STRING:
            raise too_large(f"'indent({width})'")
        return original["indent"](value, width, *args, **kwargs)

    def format_(value: Any, *args: Any, **kwargs: Any) -> str:
        check_format_string(value, args + tuple(kwargs.values()))
        return original["format"](value, *args, **kwargs)

    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        check_join(value if attribute is not None or isinstance(value, (list, tuple)) else list(value), d)
        return checked_size(original["join"](eval_ctx, value, d, attribute))

    def replace(eval_ctx: Any, s: Any, old: str, new: str, count: int | None = None) -> str:
        check_replace(s, old, new)
        return original["replace"](eval_ctx, s, old, new, count)

    from jinja2.utils import pass_eval_context

    join = pass_eval_context(join)
    replace = pass_eval_context(replace)

    return {"center": center, "indent": indent, "format": format_, "join": join, "replace": replace}


def code_generator_class():
    """Jinja's code generator, with every ``~`` checked for the size of what it makes."""
    from jinja2.compiler import CodeGenerator

    class Generator(CodeGenerator):
        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.checked_size(")
            super().visit_Concat(node, frame)
            self.write(")")

    return Generator
