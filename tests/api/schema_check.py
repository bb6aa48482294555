"""A small validator of JSON answers against the schemas in our OpenAPI document.

jsonschema is not among our dependencies, and the document uses a small part of JSON Schema: $ref,
anyOf, type, enum, properties, required, items, pattern, maxLength, minimum/maximum and the formats
date, time and date-time. The formats are checked as RFC 3339 defines them (which JSON Schema and
OpenAPI follow): a "time" carries an offset ("14:00:00+01:00" or "14:00:00Z"), a bare "14:00:00" is
not one.
"""

import re

FORMATS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE),
    "date-time": re.compile(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
    ),
}
TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}
KNOWN = {
    "$ref", "anyOf", "type", "enum", "properties", "required", "items", "pattern", "maxLength",
    "minimum", "maximum", "format", "title", "description", "default", "examples",
}  # fmt: skip


def resolve(document: dict, ref: str) -> dict:
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def problems(document: dict, schema: dict, value, where: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema``, as "<place>: <what>"; empty when it fits."""
    unknown = set(schema) - KNOWN
    if unknown:
        return [f"{where}: the checker does not know {sorted(unknown)}; teach it before trusting it"]
    if "$ref" in schema:
        return problems(document, resolve(document, schema["$ref"]), value, where)
    if "anyOf" in schema:
        options = [problems(document, option, value, where) for option in schema["anyOf"]]
        if all(options):
            return [f"{where}: fits none of anyOf: " + " | ".join("; ".join(o) for o in options)]
        return []
    found = []
    kind = schema.get("type")
    if kind and not TYPES[kind](value):
        return [f"{where}: {value!r} is not of type {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str):
        if "format" in schema and schema["format"] in FORMATS and not FORMATS[schema["format"]].match(value):
            found.append(f"{where}: {value!r} is not a {schema['format']} (RFC 3339)")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{where}: longer than {schema['maxLength']}")
    if TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{where}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{where}: above {schema['maximum']}")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}: misses {name!r}")
        for name, item in value.items():
            if name in schema.get("properties", {}):
                found += problems(document, schema["properties"][name], item, f"{where}.{name}")
            elif "properties" in schema:
                found.append(f"{where}: {name!r} is not in the schema")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(document, schema["items"], item, f"{where}[{index}]")
    return found


def answer_problems(document: dict, path: str, response) -> list[str]:
    """How an answer of ``GET path`` (a path of the document, like /api/groups/{slug}) breaks the
    schema the document gives for its status code; a status the document does not list is a problem."""
    responses = document["paths"][path]["get"]["responses"]
    documented = responses.get(str(response.status_code))
    if documented is None:
        return [f"{path}: status {response.status_code} is not in the document ({sorted(responses)})"]
    schema = documented["content"]["application/json"]["schema"]
    return problems(document, schema, response.json())
