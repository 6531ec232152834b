"""papermill parameters as TypeScript (and JavaScript) for tslab-asyncio, tslab and jslab kernels.

Every parameter becomes ``let name = value;``. tslab lets a later cell declare a name again, so the injected
cell replaces the notebook's default, and the cells after it see the new value with the type TypeScript infers
from it. Values are written as literals that mean the same in TypeScript and JavaScript.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import Any, ClassVar, Iterator, List, Mapping

from papermill.models import Parameter
from papermill.translators import Translator

# Words that cannot name a `let` binding (reserved words of ECMAScript plus `let` itself in strict code, and
# TypeScript's own reserved names that would break the injected cell).
_RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export extends false
    finally for function if import in instanceof new null return super switch this throw true try typeof var
    void while with yield let static implements interface package private protected public await arguments
    eval""".split()
)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")

# One declaration in a parameters cell: `let|const|var name[: Type] = value;[ // help]`, the value possibly
# spread over several lines (objects, arrays).
_DECLARATION = re.compile(
    r"^\s*(?:export\s+)?(?:let|const|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*"
    r"(?::\s*(?P<annotation>[^=]+?))?\s*=\s*(?P<value>.*)$",
    re.DOTALL,
)


def _string_literal(text: str) -> str:
    """A double-quoted literal that reads back as exactly ``text``.

    JSON's escaping is valid in TypeScript; characters that are fine in JSON but would change meaning or
    fail to encode in a source file (lone surrogates, the line and paragraph separators) are escaped too.
    """
    out = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF or c in "\u2028\u2029" else c for c in out
    )


def _outside_strings(text: str) -> Iterator[int]:
    """Yields the index of each character of ``text`` that is not part of a string literal."""
    quote: str | None = None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'`":
            quote = c
        else:
            yield i
        i += 1


def _strip_line_comment(line: str) -> tuple[str, str]:
    """Splits ``code // comment`` outside string literals into (code, comment)."""
    for i in _outside_strings(line):
        if line.startswith("//", i):
            return line[:i].rstrip(), line[i + 2 :].strip()
    return line.rstrip(), ""


def _depth(code: str) -> int:
    """How many brackets ``code`` leaves open (outside string literals)."""
    opened = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
    return sum(opened.get(code[i], 0) for i in _outside_strings(code))


def _inferred_type(value: str) -> str:
    """The type TypeScript gives a ``let`` initialised with this literal, or "None" when we cannot tell."""
    v = value.strip()
    if re.fullmatch(r"-?(\d[\d_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?|-?Infinity|NaN|0[xXoObB][\da-fA-F_]+", v):
        return "number"
    if re.fullmatch(r"-?\d+n", v):
        return "bigint"
    if v in ("true", "false"):
        return "boolean"
    if v == "null":
        return "null"
    if v == "undefined":
        return "undefined"
    if v[:1] in "\"'`" and v[-1:] == v[:1]:
        return "string"
    if v.startswith("["):
        return "array"
    if v.startswith("{"):
        return "object"
    return "None"


class TypeScriptTranslator(Translator):
    """papermill translator writing ``let name = value;`` for TypeScript and JavaScript kernels."""

    #: Kernel names and languages this translator is registered for.
    NAMES: ClassVar[tuple[str, ...]] = ("tslab-asyncio", "tslab", "jslab", "typescript", "javascript")

    @classmethod
    def translate_str(cls, val: Any) -> str:
        return _string_literal(str(val))

    @classmethod
    def translate_escaped_str(cls, str_val: Any) -> str:
        return _string_literal(str(str_val))

    @classmethod
    def translate_none(cls, val: Any) -> str:
        return "null"

    @classmethod
    def translate_int(cls, val: int) -> str:
        # Beyond 2**53 a number loses precision, exactly as JSON.parse would; the digits stay the user's.
        return str(int(val))

    @classmethod
    def translate_float(cls, val: float) -> str:
        if math.isnan(val):
            return "NaN"
        if math.isinf(val):
            return "Infinity" if val > 0 else "-Infinity"
        return repr(float(val))

    @classmethod
    def translate_bool(cls, val: bool) -> str:
        return "true" if val else "false"

    @classmethod
    def _key(cls, key: Any) -> str:
        if isinstance(key, str):
            return _string_literal(key)
        if key is None or isinstance(key, (bool, int, float)):
            # The property name JavaScript would use for this key.
            return _string_literal(cls.translate(key))
        raise TypeError(
            f"Cannot write a dictionary key of type {type(key).__name__} ({key!r}) as TypeScript: "
            "use string, number or boolean keys."
        )

    @classmethod
    def translate_dict(cls, val: Mapping[Any, Any]) -> str:
        if not val:
            return "{}"
        items = ", ".join(f"{cls._key(k)}: {cls.translate(v)}" for k, v in val.items())
        return f"{{ {items} }}"

    @classmethod
    def translate_list(cls, val: Any) -> str:
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def translate(cls, val: Any) -> str:
        if isinstance(val, tuple):
            return cls.translate_list(val)
        if isinstance(val, (datetime.date, datetime.time)):
            # YAML turns 2024-01-31 into a date; TypeScript gets the ISO text, as JSON.stringify would write.
            return _string_literal(val.isoformat())
        if val is None or isinstance(val, (str, bool, int, float, dict, list)):
            return str(super().translate(val))
        raise TypeError(
            f"Cannot write a parameter value of type {type(val).__name__} ({val!r}) as TypeScript: "
            "pass strings, numbers, booleans, null, lists or dictionaries."
        )

    @classmethod
    def comment(cls, cmt_str: str) -> str:
        return f"// {cmt_str}".strip()

    @classmethod
    def assign(cls, name: str, str_val: str) -> str:
        if not _IDENTIFIER.match(name) or name in _RESERVED:
            raise ValueError(
                f"Parameter name {name!r} is not a TypeScript variable name: use letters, digits, _ or $, "
                "not starting with a digit, and not a reserved word."
            )
        return f"let {name} = {str_val};"

    @classmethod
    def inspect(cls, parameters_cell: Mapping[str, Any]) -> List[Parameter]:
        """Lists the ``let``/``const``/``var`` declarations of a parameters cell.

        The type is the annotation when there is one, else the one TypeScript infers from the literal
        ("None", which papermill shows as unknown, for anything else). A ``// comment`` on the last line of a
        declaration is its help. Lines that are not declarations are skipped; nothing here raises.
        """
        source = parameters_cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        params: List[Parameter] = []
        pending: List[str] = []
        help_text = ""
        in_block_comment = False
        for raw in str(source).splitlines():
            line = raw.strip()
            if in_block_comment:
                if "*/" in line:
                    in_block_comment = False
                continue
            if not pending and (not line or line.startswith("//")):
                continue
            if not pending and line.startswith("/*"):
                in_block_comment = "*/" not in line
                continue
            code, help_text = _strip_line_comment(line)
            pending.append(code)
            statement = " ".join(pending)
            if _depth(statement) > 0:
                continue
            pending = []
            param = cls._parameter(statement, help_text)
            if param is not None:
                params.append(param)
        if pending:
            param = cls._parameter(" ".join(pending), help_text)
            if param is not None:
                params.append(param)
        return params

    @classmethod
    def _parameter(cls, statement: str, help_text: str) -> Parameter | None:
        match = _DECLARATION.match(statement.strip().rstrip(";").rstrip())
        if match is None:
            return None
        value = match.group("value").strip()
        annotation = (match.group("annotation") or "").strip()
        return Parameter(
            name=match.group("name"),
            inferred_type_name=annotation or _inferred_type(value),
            default=value,
            help=help_text,
        )
