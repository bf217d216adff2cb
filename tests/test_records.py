"""Records (dossier/records.py) behave as the dataclasses they replace."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field

import pytest

from dossier.records import Record


class Point(Record, frozen=True, order=True):
    x: int
    y: int = 0


class Box(Record):
    label: str
    tags: list[str] = field(default_factory=list)
    hidden: str = field(default="secret", repr=False)
    id: str = field(default="", init=False)


@dataclasses.dataclass
class BoxAsDataclass:
    label: str
    tags: list[str] = field(default_factory=list)
    hidden: str = field(default="secret", repr=False)
    id: str = field(default="", init=False)


def test_fields_defaults_and_factories_as_a_dataclass_gives_them():
    box = Box("a")
    reference = BoxAsDataclass("a")
    assert [f.name for f in dataclasses.fields(Box)] == [f.name for f in dataclasses.fields(BoxAsDataclass)]
    assert dataclasses.is_dataclass(box)
    assert (box.label, box.tags, box.hidden, box.id) == (reference.label, reference.tags, reference.hidden, reference.id)
    assert Box("a").tags is not Box("a").tags  # a new list each time
    assert repr(box) == repr(reference).replace("BoxAsDataclass", "Box")
    assert Box("a", ["t"], hidden="h").tags == ["t"]
    assert dataclasses.replace(box, label="b") == Box("b")


def test_wrong_arguments_are_refused_as_by_a_dataclass():
    with pytest.raises(TypeError, match="missing required argument 'label'"):
        Box()
    with pytest.raises(TypeError, match="unexpected argument 'colour'"):
        Box("a", colour="red")
    with pytest.raises(TypeError, match="unexpected argument 'id'"):
        Box("a", id="x")  # init=False
    with pytest.raises(TypeError, match="multiple values"):
        Box("a", label="b")
    with pytest.raises(TypeError, match="takes 3 arguments"):
        Box("a", [], "h", "extra")


def test_equality_hashing_and_order():
    assert Box("a") == Box("a") and Box("a") != Box("b")
    assert Box("a") != BoxAsDataclass("a")
    with pytest.raises(TypeError):
        hash(Box("a"))  # equal by value and mutable: not hashable, as a dataclass
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert sorted([Point(2), Point(1, 5), Point(1, 2)]) == [Point(1, 2), Point(1, 5), Point(2)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 3


def test_pickle_and_deepcopy_keep_every_field():
    box = Box("a", ["t"])
    box.id = "b1"
    for again in (pickle.loads(pickle.dumps(box)), copy.deepcopy(box)):
        assert again == box and again.id == "b1"
    assert pickle.loads(pickle.dumps(Point(3, 4))) == Point(3, 4)
