"""Reading a certificate strictly: one spelling per document, every key known, nothing loose.

A certificate is JSON (RFC 8259) read with the stdlib's hooks so that nothing is parsed loosely:
a repeated key (``object_pairs_hook``), a key that is not plain ASCII (a Cyrillic ``а`` in
``stаtus``), a non-finite constant (``NaN``, ``Infinity``: ``parse_constant``) or any float (every
number in a certificate is an exact string or an integer) is :class:`MalformedCertificate`, which
``sci-oracle verify`` reports with exit 2 and the key's path.

The shape of each object is then checked against a closed schema (:func:`check`, written with the
small combinators below): required keys, optional keys and JSON types, nothing else. The value
ranges and the mathematics are the checkers' business (a claim they reject is REJECTED, exit 1); a
key the schema does not know is never "display text": it makes the document malformed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sci_oracle.kernel.numbers import KernelError

MAX_BYTES = 64 << 20  # a `prove --K 10000` certificate (K = MAX_K) is about 37 MB
MAX_DEPTH = 64  # nesting of JSON containers (an exact number nests 3 deep, a claim about 10)
_KEY = re.compile(r"[A-Za-z0-9_.+\-]{1,64}")


class MalformedCertificate(KernelError):
    """The file is not a certificate the kernel reads (exit 2): unreadable, not strict JSON, an
    unknown, repeated or non-ASCII key, a float or non-finite number, a wrong format, too large,
    or a checking cost above the caller's bound."""


# --------------------------------------------------------------------------- strict JSON
def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if not _KEY.fullmatch(k):
            raise MalformedCertificate(f"key {k[:40]!r}: keys are 1..64 ASCII letters, digits, '_', '.', '+' or '-'")
        if k in out:
            raise MalformedCertificate(f"key {k!r} appears twice in one object")
        out[k] = v
    return out


def _constant(name: str) -> Any:
    raise MalformedCertificate(f"{name} is not a number a certificate may hold (exact strings and integers only)")


def _float(text: str) -> Any:
    raise MalformedCertificate(f"{text[:40]}: floats are not exact; write the number as a string 'p/q'")


def loads(text: str | bytes) -> Any:
    """Parse certificate text strictly (see the module docstring)."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)
    except MalformedCertificate:
        raise
    except (ValueError, RecursionError) as exc:
        raise MalformedCertificate(f"not JSON ({type(exc).__name__}: {str(exc)[:200]})") from None
    _depth(value)
    return value


def _depth(value: Any) -> None:
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if d > MAX_DEPTH:
            raise MalformedCertificate(f"containers nested deeper than {MAX_DEPTH} (cap)")
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)


def read(path: str | Path) -> Any:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise MalformedCertificate(f"{p}: larger than {MAX_BYTES} bytes (cap)")
        data = p.read_bytes()
    except OSError as exc:
        raise MalformedCertificate(f"{p}: unreadable ({type(exc).__name__}: {exc.strerror or exc})") from None
    return loads(data)


# --------------------------------------------------------------------------- closed schemas
# A schema is a function (value, path) -> value that raises MalformedCertificate; it may return a
# transformed value (a transcript reference becomes the shared transcript it names). Each carries
# its JSON Schema (draft 2020-12) in ``described(s)``, from which kernel/schema.json is generated.
Schema = Callable[[Any, str], Any]
_JSON: dict[int, Any] = {}


def describe(s: Schema, fragment: Any) -> Schema:
    _JSON[id(s)] = (s, fragment)  # keep s alive with its id
    return s


def described(s: Schema) -> Any:
    """The JSON Schema fragment of a schema function."""
    return _JSON[id(s)][1]


DEFS: dict[str, Any] = {}  # shared fragments, referenced by name in the generated schema.json


def named(name: str, s: Schema) -> Schema:
    """``s``, whose fragment appears once in schema.json under $defs/name."""
    DEFS[name] = described(s)
    return describe(s, {"$ref": f"#/$defs/{name}"})


def _type_name(v: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "an integer"}.get(
        type(v), "null" if v is None else type(v).__name__
    )


def _bad(path: str, want: str, v: Any) -> MalformedCertificate:
    return MalformedCertificate(f"{path}: expected {want}, got {_type_name(v)}")


def integer(v: Any, path: str) -> Any:
    if type(v) is not int:
        raise _bad(path, "an integer", v)
    return v


def string(v: Any, path: str) -> Any:
    if not isinstance(v, str):
        raise _bad(path, "a string", v)
    return v


def boolean(v: Any, path: str) -> Any:
    if type(v) is not bool:
        raise _bad(path, "true or false", v)
    return v


def null(v: Any, path: str) -> Any:
    if v is not None:
        raise _bad(path, "null", v)
    return v


def anything(v: Any, path: str) -> Any:  # only where a checker parses the value itself
    return v


describe(integer, {"type": "integer"})
describe(string, {"type": "string"})
describe(boolean, {"type": "boolean"})
describe(null, {"type": "null"})
describe(anything, {})


def const(*values: Any) -> Schema:
    def f(v: Any, path: str) -> Any:
        if not any(type(v) is type(c) and v == c for c in values):
            raise MalformedCertificate(f"{path}: expected one of {list(values)}, got {str(v)[:40]!r}")
        return v

    return describe(f, {"enum": list(values)})


def nullable(s: Schema) -> Schema:
    def f(v: Any, path: str) -> Any:
        return None if v is None else s(v, path)

    return describe(f, {"anyOf": [{"type": "null"}, described(s)]})


def either(*options: Schema) -> Schema:
    """The first option that accepts the value (options are told apart by their JSON type)."""

    def f(v: Any, path: str) -> Any:
        errors = []
        for s in options:
            try:
                return s(v, path)
            except MalformedCertificate as exc:
                errors.append(str(exc))
        raise MalformedCertificate(min(errors, key=len) if errors else f"{path}: no schema")

    return describe(f, {"anyOf": [described(s) for s in options]})


def lst(item: Schema, max_len: int = 1 << 20, min_len: int = 0) -> Schema:
    def f(v: Any, path: str) -> Any:
        if not isinstance(v, list):
            raise _bad(path, "a list", v)
        if len(v) > max_len:
            raise MalformedCertificate(f"{path}: more than {max_len} entries (cap)")
        if len(v) < min_len:
            raise MalformedCertificate(f"{path}: fewer than {min_len} entries (a statement about nothing)")
        return [item(x, f"{path}[{i}]") for i, x in enumerate(v)]

    return describe(
        f,
        {"type": "array", "items": described(item), "maxItems": max_len, **({"minItems": min_len} if min_len else {})},
    )


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    """An object with exactly the ``required`` keys and any of the ``optional`` ones."""
    optional = optional or {}

    def f(v: Any, path: str) -> Any:
        if not isinstance(v, dict):
            raise _bad(path, "an object", v)
        for k in v:
            if k not in required and k not in optional:
                raise MalformedCertificate(f"{path}: unknown key {k!r} (allowed: {sorted({*required, *optional})})")
        for k in required:
            if k not in v:
                raise MalformedCertificate(f"{path}: missing key {k!r}")
        return {k: (required.get(k) or optional[k])(x, f"{path}.{k}") for k, x in v.items()}

    props = {k: described(s) for k, s in {**required, **optional}.items()}
    return describe(
        f, {"type": "object", "required": sorted(required), "additionalProperties": False, "properties": props}
    )


def keyed(key: str, variants: dict[Any, Schema]) -> Schema:
    """An object whose schema is chosen by the value of one key (``kind``, ``family``, ``lemma``)."""

    def f(v: Any, path: str) -> Any:
        if not isinstance(v, dict):
            raise _bad(path, "an object", v)
        tag = v.get(key)
        if not isinstance(tag, (str, int)) or tag not in variants:
            raise MalformedCertificate(f"{path}.{key}: {str(tag)[:40]!r} is not one of {sorted(map(str, variants))}")
        return variants[tag](v, path)

    return describe(f, {"oneOf": [described(s) for s in variants.values()]})


def exactly_one(options: dict[str, Schema]) -> Schema:
    """An object with exactly one key, one of ``options`` (its value checked by that key's schema)."""

    def f(v: Any, path: str) -> Any:
        if not isinstance(v, dict):
            raise _bad(path, "an object", v)
        for k in v:
            if k not in options:
                raise MalformedCertificate(f"{path}: unknown key {k!r} (allowed: one of {sorted(options)})")
        if len(v) != 1:
            raise MalformedCertificate(f"{path}: exactly one of {sorted(options)}")
        ((k, x),) = v.items()
        return {k: options[k](x, f"{path}.{k}")}

    alts = [
        {"type": "object", "required": [k], "additionalProperties": False, "properties": {k: described(s)}}
        for k, s in options.items()
    ]
    return describe(f, {"oneOf": alts})


def exact(v: Any, path: str) -> Any:
    """An exact number: a rational string, or {a, b, r, id} meaning a + b·√r (nested)."""
    if isinstance(v, str):
        return v
    return _SURD(v, path)


describe(exact, {"$ref": "#/$defs/exact"})
_SURD = obj({"a": exact, "b": exact, "r": exact, "id": string})
EXACT_JSON = {"anyOf": [{"type": "string", "pattern": "^-?[0-9]+(/[0-9]+)?$"}, described(_SURD)]}
vector = named("vector", lst(exact, 1 << 16))


def mapping(value: Schema, max_len: int = 1 << 16) -> Schema:
    """An object with free keys (the strict reader already limits them to short ASCII names)."""

    def f(v: Any, path: str) -> Any:
        if not isinstance(v, dict):
            raise _bad(path, "an object", v)
        if len(v) > max_len:
            raise MalformedCertificate(f"{path}: more than {max_len} keys (cap)")
        return {k: value(x, f"{path}.{k}") for k, x in v.items()}

    return describe(f, {"type": "object", "additionalProperties": described(value), "maxProperties": max_len})
