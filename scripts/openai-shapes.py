#!/usr/bin/env python3
"""Writes the OpenAI response shapes Hedge's drift guard checks against, from OpenAI's OpenAPI spec.

Usage: scripts/openai-shapes.py [SPEC] > hedge-providers/src/main/resources/dev/hedge/providers/drift/openai-shapes.json
SPEC defaults to the first ../shared/data/openai-openapi/openapi.json found from the repository upwards (openai/openai-openapi @ f85dbe223d40).
The product reads only the generated summary, never the spec.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_spec():
    here = ROOT
    while True:
        candidate = os.path.join(here, "..", "shared", "data", "openai-openapi", "openapi.json")
        if os.path.exists(candidate) or os.path.dirname(here) == here:
            return os.path.normpath(candidate)
        here = os.path.dirname(here)


spec_path = sys.argv[1] if len(sys.argv) > 1 else find_spec()
if not os.path.exists(spec_path):
    sys.exit(f"OpenAI spec not found at {spec_path}: pass its path")
spec = json.load(open(spec_path))
schemas = spec["components"]["schemas"]
# passed through untouched: rich sub-objects whose inner shape Hedge does not rely on
# (an embedding is an array of floats, or a base64 string with encoding_format=base64)
OPAQUE = {"embedding", "logprobs", "annotations", "audio", "metadata", "moderation", "function_call"}


def resolve(node):
    while "$ref" in node:
        node = schemas[node["$ref"].split("/")[-1]]
    return node


def convert(node, depth=0):
    node = resolve(node)
    nullable = bool(node.get("nullable"))
    for key in ("anyOf", "oneOf"):
        if key in node:
            alts = [resolve(a) for a in node[key]]
            non_null = [a for a in alts if a.get("type") != "null"]
            nullable = nullable or len(non_null) < len(alts)
            if len(non_null) == 1:
                out = convert(non_null[0], depth)
            elif all(a.get("type") == "object" or "properties" in a for a in non_null):
                merged = {"type": "object", "properties": {}, "required": None}
                for a in non_null:
                    for name, sub in a.get("properties", {}).items():
                        prior = merged["properties"].get(name)
                        if prior is not None and "enum" in resolve(prior) and "enum" in resolve(sub):
                            sub = dict(resolve(sub), enum=resolve(prior)["enum"] + resolve(sub)["enum"])
                        merged["properties"][name] = sub
                    req = set(a.get("required", []))
                    merged["required"] = req if merged["required"] is None else merged["required"] & req
                merged["required"] = sorted(merged["required"] or [])
                out = convert(merged, depth)
            else:
                out = {"type": "any"}
            if nullable:
                out["nullable"] = True
            return out
    kind = node.get("type")
    if isinstance(kind, list):
        nullable = nullable or "null" in kind
        kind = next((k for k in kind if k != "null"), "any")
    out = {}
    if kind == "object" or "properties" in node:
        out["type"] = "object"
        if depth < 10:
            out["required"] = sorted(node.get("required", []))
            out["fields"] = {name: ({"type": "any"} if name in OPAQUE else convert(sub, depth + 1))
                             for name, sub in node.get("properties", {}).items()}
    elif kind == "array":
        out["type"] = "array"
        out["items"] = convert(node.get("items", {}), depth + 1)
    elif kind in ("string", "integer", "number", "boolean"):
        out["type"] = kind
        if "enum" in node:
            out["enum"] = [v for v in node["enum"] if v is not None]
    else:
        out["type"] = "any"
    if nullable:
        out["nullable"] = True
    return out


shapes = {
    "chat.completion": convert(schemas["CreateChatCompletionResponse"]),
    "chat.completion.chunk": convert(schemas["CreateChatCompletionStreamResponse"]),
    "embedding.list": convert(schemas["CreateEmbeddingResponse"]),
}
# the stream's delta carries the role as an enum of every role; an answer only ever comes from the assistant
json.dump({
    "source": "openai/openai-openapi @ f85dbe223d40 : openapi.json, OpenAI API %s (MIT)" % spec["info"]["version"],
    "generator": "scripts/openai-shapes.py",
    "shapes": shapes,
}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
