"""Cheaper pickling for the frozen, slotted dataclasses a parser worker sends back.

``dataclass(frozen=True, slots=True)`` pickles each object with ``__getstate__`` and
``__setstate__`` functions that call ``dataclasses.fields`` on every object, which was most of
the cost of unpickling a feed's results in the bot's process (the result thread of the process
pool). :func:`fast_pickle` gives a class the same state (its fields' values, in order), read
and written with the field names and slot descriptors looked up once per class.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def fast_pickle(cls: type[T]) -> type[T]:
    """Apply after ``@dataclass(frozen=True, slots=True)``: the same pickled state (a tuple of
    the field values, in field order), without calling ``dataclasses.fields`` per object."""
    names = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    slots = vars(cls)
    if not all(isinstance(slots.get(name), types.MemberDescriptorType) for name in names):
        raise TypeError(f"{cls.__name__}: fast_pickle needs a dataclass with slots=True")
    setters: tuple[Callable[[Any, Any], None], ...] = tuple(slots[name].__set__ for name in names)

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in names])

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for setter, value in zip(setters, state, strict=True):
            setter(self, value)

    cls.__getstate__ = __getstate__  # type: ignore[method-assign]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    return cls
