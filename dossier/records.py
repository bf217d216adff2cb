"""Records: classes declared like dataclasses, without dataclass's generated code.

``@dataclass`` writes ``__init__``, ``__repr__`` and ``__eq__`` of every class
as Python source and compiles it, at every start of the program: about half a
millisecond a class, which over the program's records came to a fifth of a
DOCX build.  A ``Record`` subclass declares its fields exactly as a dataclass
does (annotations, ``field(default_factory=...)``, ``field(init=False)``) and
still is a dataclass to ``dataclasses.fields()`` (the schema reads its fields
from there), but shares one ``__init__``, ``__repr__`` and ``__eq__`` that read
the fields.  ``class Point(Record, frozen=True, order=True)`` gives what
``@dataclass(frozen=True, order=True)`` gives.

Objects made by the thousand (YAML nodes, locations) are written out by hand
instead: a generic ``__init__`` is slower per object than a generated one.
"""

from __future__ import annotations

import dataclasses
from typing import Any

_MISSING = dataclasses.MISSING


class Record:
    # (name, default, default_factory) of the fields __init__ takes, then of those it does not
    _init_fields: tuple[tuple[str, Any, Any], ...] = ()
    _other_fields: tuple[tuple[str, Any, Any], ...] = ()
    _repr_fields: tuple[str, ...] = ()
    _compare_fields: tuple[str, ...] = ()
    _post_init = False

    def __init_subclass__(cls, frozen: bool = False, order: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Collects the fields (and checks their order) without generating any method.
        dataclasses.dataclass(cls, init=False, repr=False, eq=False)
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        cls._init_fields = tuple((f.name, f.default, f.default_factory) for f in fields if f.init)
        cls._other_fields = tuple((f.name, f.default, f.default_factory) for f in fields if not f.init)
        cls._repr_fields = tuple(f.name for f in fields if f.repr)
        cls._compare_fields = tuple(f.name for f in fields if f.compare)
        cls._post_init = hasattr(cls, "__post_init__")
        if frozen:
            cls.__setattr__ = _refuse_setattr  # type: ignore[method-assign,assignment]
            cls.__delattr__ = _refuse_delattr  # type: ignore[method-assign,assignment]
            cls.__hash__ = _hash  # type: ignore[method-assign,assignment]
        elif "__hash__" not in cls.__dict__:
            cls.__hash__ = None  # type: ignore[assignment]  # equal by value, so not hashable
        if order:
            cls.__lt__ = _lt  # type: ignore[method-assign,assignment]
            cls.__le__ = _le  # type: ignore[method-assign,assignment]
            cls.__gt__ = _gt  # type: ignore[method-assign,assignment]
            cls.__ge__ = _ge  # type: ignore[method-assign,assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._init_fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments but {len(args)} were given")
        for (name, _, _), value in zip(fields, args):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got multiple values for argument '{name}'")
            object.__setattr__(self, name, value)
        for name, default, factory in fields[len(args):]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif default is not _MISSING:
                value = default
            elif factory is not _MISSING:
                value = factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing required argument '{name}'")
            object.__setattr__(self, name, value)
        if kwargs:
            raise TypeError(f"{type(self).__name__}() got an unexpected argument '{next(iter(kwargs))}'")
        for name, default, factory in self._other_fields:
            if default is not _MISSING:
                object.__setattr__(self, name, default)
            elif factory is not _MISSING:
                object.__setattr__(self, name, factory())
        if self._post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._repr_fields)
        return f"{type(self).__qualname__}({values})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _key(self) == _key(other)  # type: ignore[arg-type]


def _key(record: Record) -> tuple:
    return tuple(getattr(record, name) for name in record._compare_fields)


def _refuse_setattr(self: Record, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field '{name}'")


def _refuse_delattr(self: Record, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field '{name}'")


def _hash(self: Record) -> int:
    return hash(_key(self))


def _lt(self: Record, other: object) -> bool:
    return _key(self) < _key(other) if other.__class__ is self.__class__ else NotImplemented  # type: ignore


def _le(self: Record, other: object) -> bool:
    return _key(self) <= _key(other) if other.__class__ is self.__class__ else NotImplemented  # type: ignore


def _gt(self: Record, other: object) -> bool:
    return _key(self) > _key(other) if other.__class__ is self.__class__ else NotImplemented  # type: ignore


def _ge(self: Record, other: object) -> bool:
    return _key(self) >= _key(other) if other.__class__ is self.__class__ else NotImplemented  # type: ignore
