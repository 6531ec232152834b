"""The TypeScript translator writes literals meaning what papermill was given, and reads parameters cells."""

from __future__ import annotations

import datetime
import json
import math

import papermill  # noqa: F401  (importing papermill loads its engine entry points, ours among them)
import pytest
from papermill.translators import papermill_translators, translate_parameters

from tslab_asyncio_papermill.translator import TypeScriptTranslator

T = TypeScriptTranslator


@pytest.mark.parametrize("name", ["tslab-asyncio", "tslab", "jslab"])
def test_papermill_finds_the_translator_by_kernel_name(name: str) -> None:
    assert papermill_translators.find_translator(name, "unknown-language") is T


@pytest.mark.parametrize("language", ["typescript", "javascript"])
def test_papermill_finds_the_translator_by_language(language: str) -> None:
    assert papermill_translators.find_translator("some-other-kernel", language) is T


def test_codify_writes_one_let_per_parameter_under_a_comment() -> None:
    code = translate_parameters("tslab-asyncio", "typescript", {"n": 5, "name": "x"})
    assert code == '// Parameters\nlet n = 5;\nlet name = "x";\n'


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (0, "0"),
        (-12, "-12"),
        (2**60, "1152921504606846976"),
        (1.5, "1.5"),
        (-0.0, "-0.0"),
        (1e300, "1e+300"),
        (float("nan"), "NaN"),
        (float("inf"), "Infinity"),
        (float("-inf"), "-Infinity"),
        (True, "true"),
        (False, "false"),
        (None, "null"),
        ([], "[]"),
        ({}, "{}"),
        ((1, "a"), '[1, "a"]'),
        ([1, [2.5, None], {"k": True}], '[1, [2.5, null], { "k": true }]'),
        ({"a": {"b": [1, {"c": None}]}}, '{ "a": { "b": [1, { "c": null }] } }'),
        ({1: "one", False: "f", None: "n"}, '{ "1": "one", "false": "f", "null": "n" }'),
        (datetime.date(2024, 1, 31), '"2024-01-31"'),
    ],
)
def test_values_become_typescript_literals(value: object, literal: str) -> None:
    assert T.translate(value) == literal


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        'quotes " and \\ backslash',
        "new\nline\ttab\rreturn\x00nul\x1bescape",
        "ünïcödé — 日本語 — emoji 😀 — combining e\u0301",
        "separators \u2028 and \u2029",
        "lone surrogate \ud800 here",
        "${template} `backtick` </script>",
    ],
)
def test_strings_read_back_exactly(text: str) -> None:
    literal = T.translate(text)
    # A double-quoted TypeScript string literal without these escapes is a JSON string.
    assert literal.startswith('"') and literal.endswith('"')
    assert json.loads(literal) == text
    assert "\n" not in literal and "\u2028" not in literal and "\u2029" not in literal
    literal.encode("utf-8")  # no lone surrogate left raw: the notebook file can be written


def test_floats_are_written_so_they_round_trip() -> None:
    for x in [0.1, 1 / 3, 123456789.125, 5e-324, 1.7976931348623157e308]:
        assert float(T.translate(x)) == x
    assert math.isnan(float(T.translate(float("nan"))))


@pytest.mark.parametrize("name", ["my-var", "2fast", "class", "let", "with space", ""])
def test_names_that_cannot_be_variables_are_refused_clearly(name: str) -> None:
    with pytest.raises(ValueError, match="is not a TypeScript variable name"):
        translate_parameters("tslab-asyncio", "typescript", {name: 1})


def test_values_of_other_types_are_refused_clearly() -> None:
    with pytest.raises(TypeError, match=r"type set .*pass strings, numbers"):
        T.translate({1, 2})
    with pytest.raises(TypeError, match="dictionary key of type tuple"):
        T.translate({(1, 2): "x"})


def test_names_with_dollar_and_underscore_are_accepted() -> None:
    assert T.assign("$x_1", "1") == "let $x_1 = 1;"


CELL = """\
// Parameters of this notebook
let count = 3; // how many tasks
const greeting: string = "hi // not a comment";
var ratio = 0.5
let enabled = false;
let big = 12n;
let tags: string[] = ["a", "b"]; // labels
let options = {
  depth: 1, // inner comment, dropped
  name: "x",
}; // nested options
/* a block comment
   let hidden = 1; */
let missing = null;
let computed = Math.max(1, 2);
console.log("not a declaration");
"""


def test_inspect_lists_declarations_with_types_defaults_and_help() -> None:
    params = {p.name: p for p in T.inspect({"source": CELL})}
    assert list(params) == [
        "count",
        "greeting",
        "ratio",
        "enabled",
        "big",
        "tags",
        "options",
        "missing",
        "computed",
    ]
    assert params["count"]._asdict() == {
        "name": "count",
        "inferred_type_name": "number",
        "default": "3",
        "help": "how many tasks",
    }
    assert params["greeting"].inferred_type_name == "string"
    assert params["greeting"].default == '"hi // not a comment"'
    assert params["greeting"].help == ""
    assert params["ratio"].inferred_type_name == "number"
    assert params["enabled"].inferred_type_name == "boolean"
    assert params["big"].inferred_type_name == "bigint"
    assert (params["tags"].inferred_type_name, params["tags"].help) == ("string[]", "labels")
    assert params["options"].inferred_type_name == "object"
    assert params["options"].default == '{ depth: 1, name: "x", }'
    assert params["options"].help == "nested options"
    assert params["missing"].inferred_type_name == "null"
    assert params["computed"].inferred_type_name == "None"


def test_inspect_accepts_source_as_a_list_of_lines_and_an_empty_cell() -> None:
    assert [p.name for p in T.inspect({"source": ["let a = 1;\n", "let b = 'x';\n"]})] == ["a", "b"]
    assert T.inspect({"source": ""}) == []
    assert T.inspect({}) == []


def test_inspect_does_not_raise_on_an_unfinished_declaration() -> None:
    params = T.inspect({"source": "let a = [1, 2,\n"})
    assert [p.name for p in params] == ["a"]
