"""YAML keeps its locations, and text stays text."""

from dossier.errors import Diagnostics
from dossier.loading import YMap, parse_yaml
from dossier.model import Organisation, RecommendationSet
from dossier.schema import load_as


def load(text: str, cls):
    diags = Diagnostics()
    node = parse_yaml(text, "x.yaml", diags)
    value = load_as(node, cls, diags) if node is not None else None
    return value, [str(d) for d in diags.items]


def test_values_that_yaml_would_retype_stay_text():
    rec_set, errors = load(
        'state: NO\ncycle: 1\nrecommendations:\n  - number: 4.10\n    text: yes\n    states: [NO, Peru]\n',
        RecommendationSet,
    )
    assert errors == []
    assert rec_set.state == "NO"
    assert rec_set.recommendations[0].number == "4.10"
    assert rec_set.recommendations[0].text == "yes"
    assert rec_set.recommendations[0].states == ["NO", "Peru"]


def test_duplicate_key_is_located():
    _, errors = load("name: A\nacronym: B\nname: C\n", Organisation)
    assert errors == ["x.yaml:3:1: duplicate key 'name' (first defined at line 1)"]


def test_unknown_key_suggests_the_right_one():
    _, errors = load("name: A\nacronmy: B\n", Organisation)
    assert errors == ["x.yaml:2:1: unknown key 'acronmy' in organisation; did you mean 'acronym'?"]


def test_wrong_type_and_missing_key_collected_together():
    _, errors = load("founded: nineteen\n", Organisation)
    assert errors == [
        "x.yaml:1:10: 'founded' must be a whole number, not 'nineteen'",
        "x.yaml:1:1: organisation is missing the required key 'name'",
    ]


def test_control_character_refused():
    _, errors = load('name: "A\\x07B"\n', Organisation)
    assert errors == ["x.yaml:1:7: 'name' contains the control character U+0007, which documents cannot hold"]


def test_syntax_error_is_located():
    diags = Diagnostics()
    assert parse_yaml("name: [unclosed\n", "x.yaml", diags) is None
    # where is ours; the words after our prefix are PyYAML's own and may change with a release
    [message] = [str(d) for d in diags.items]
    assert message.startswith("x.yaml:2:1: YAML syntax error: ") and len(message) > 31, message


def test_alias_bomb_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb += f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    diags = Diagnostics()
    assert parse_yaml(bomb, "bomb.yaml", diags) is None
    message = str(diags.items[0])
    assert message.startswith("bomb.yaml:6:1: 'f' expands to more than 200,000 values"), message
    assert "refusing to load the file" in message


def test_locations_inside_block_scalars():
    diags = Diagnostics()
    node = parse_yaml("text: >-\n  first line\n  see [@key] here\n", "x.yaml", diags)
    assert isinstance(node, YMap)
    scalar = node.get("text")
    assert str(scalar.locate("@key")) == "x.yaml:3:8"
