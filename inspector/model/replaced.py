"""``dataclasses.replace`` for the frozen model classes the analysis copies once per item of
every message (each hop placed on the route, each verdict credited to its writer).

A frozen dataclass's ``__init__`` sets each field by ``object.__setattr__``, one call per
field, and ``replace`` first walks the fields in Python to gather them: building a 21-field
hop that way costs several times more than copying its field dict. The copy is only valid
for classes whose ``__init__`` does nothing but store the fields, so classes with a
``__post_init__``, slots or init-only fields are refused.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

_FIELDS: dict[type[Any], frozenset[str]] = {}


def _field_names(cls: type[Any]) -> frozenset[str]:
    names = _FIELDS.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
            raise TypeError(f"{cls.__name__} is not a plain dataclass")
        if hasattr(cls, "__slots__"):
            raise TypeError(f"{cls.__name__} keeps its fields in slots")
        names = _FIELDS[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


def replaced(obj: T, **changes: object) -> T:
    """A copy of ``obj`` with ``changes``, as ``dataclasses.replace(obj, **changes)`` would
    build it; a name that is not a field raises TypeError."""
    cls = type(obj)
    names = _field_names(cls)
    if not changes.keys() <= names:
        raise TypeError(f"not fields of {cls.__name__}: {sorted(changes.keys() - names)}")
    new = object.__new__(cls)
    fields = new.__dict__
    fields.update(obj.__dict__)
    fields.update(changes)
    return new
