"""JSON Schema violations as Dutch sentences that name the key, with the key path to
point at in the file.

jsonschema words its messages for programmers ("'foo' is not one of [...]"); people who
write rule files read Dutch. Each kind of violation gets a sentence of its own; a kind
not listed here keeps jsonschema's words after a Dutch lead.
"""

from __future__ import annotations

import difflib
from typing import Any

import jsonschema

TYPES_NL = {
    "string": "een tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "array": "een lijst",
    "object": "een blok met sleutels",
    "null": "leeg",
}

# the id patterns of the schemas, in words
PATTERNS_NL = {
    r"^[a-z0-9][a-z0-9._-]*$": "kleine letters, cijfers, '.', '_' en '-', te beginnen met "
    "een letter of cijfer",
    r"^[a-z0-9][a-z0-9_-]*$": "kleine letters, cijfers, '_' en '-', te beginnen met een "
    "letter of cijfer",
}


def _key(where: list[Any]) -> str:
    """The nearest key of the path (a list item is named by its list)."""
    return next((str(k) for k in reversed(where) if isinstance(k, str)), "het bestand")


def _hint(value: Any, options: list[str]) -> str:
    close = difflib.get_close_matches(str(value), options, n=1)
    return f" (bedoelt u '{close[0]}'?)" if close else ""


def _type_nl(value: Any) -> str:
    names = value if isinstance(value, list) else [value]
    return " of ".join(TYPES_NL.get(str(n), str(n)) for n in names)


def describe(error: jsonschema.ValidationError) -> tuple[list[Any], str]:
    """The key path to point at, and what is wrong in a Dutch sentence."""
    where = list(error.absolute_path)
    key, rule, value, instance = _key(where), error.validator, error.validator_value, error.instance
    if rule == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        name = extra[0] if extra else "?"
        hint = _hint(name, allowed) or f" (bekend: {', '.join(allowed)})"
        return [*where, name], f"'{name}' is geen bekende sleutel{hint}"
    if rule == "enum":
        options = [str(v) for v in value]
        hint, shown = _hint(instance, options), ", ".join(options)
        if "propertyNames" in error.schema_path:  # a wrong key: point at the key itself
            message = f"'{instance}' is geen geldige naam in '{key}'{hint}; mogelijk: {shown}"
            return [*where, instance], message
        return where, f"'{instance}' is geen geldige waarde voor '{key}'{hint}; mogelijk: {shown}"
    if rule in ("anyOf", "oneOf") and all(set(sub) == {"required"} for sub in value):
        options = [sub["required"][0] for sub in value]
        if sum(option in instance for option in options) > 1:  # oneOf: more than one given
            return where, f"'{key}' mag maar één van deze sleutels hebben: {', '.join(options)}"
        return where, f"'{key}' heeft een van deze sleutels nodig: {', '.join(options)}"
    if rule in ("anyOf", "oneOf") and error.context:
        types = [c.validator_value for c in error.context if c.validator == "type"]
        if len(types) == len(error.context) == len(value):  # one type per form: say all
            return where, f"'{key}' moet {' of '.join(_type_nl(t) for t in types)} zijn"
        return describe(jsonschema.exceptions.best_match(error.context))
    if rule == "pattern":
        shape = f"gebruik {PATTERNS_NL[value]}" if value in PATTERNS_NL else f"patroon {value}"
        if "propertyNames" in error.schema_path:
            return [*where, instance], f"'{instance}' is geen geldige naam in '{key}': {shape}"
        return where, f"'{instance}' is geen geldige {key}: {shape}"
    if rule == "dependentRequired":
        given = next(k for k, needed in value.items() if k in instance and needed)
        missing = next(k for k in value[given] if k not in instance)
        return where, f"'{given}' werkt alleen samen met '{missing}', en die ontbreekt"
    if rule == "required":
        missing = next((k for k in value if k not in instance), value[0])
        inside = f" in '{where[-1]}'" if where and isinstance(where[-1], str) else ""
        return where, f"de verplichte sleutel '{missing}' ontbreekt{inside}"
    return where, _simple(rule, value, instance, key) or (
        f"'{key}' klopt niet (jsonschema meldt: {error.message})"
    )


# one plain condition per entry: {key} is the key, {value} the schema's value
SIMPLE_NL = {
    "type": "'{key}' moet {value_nl} zijn",
    "const": "'{key}' moet '{value}' zijn",
    "minLength": "'{key}' moet minstens {value} tekens hebben",
    "maxLength": "'{key}' mag hoogstens {value} tekens hebben",
    "minItems": "'{key}' moet minstens {value} {items} hebben",
    "maxItems": "'{key}' mag hoogstens {value} items hebben",
    "uniqueItems": "'{key}' noemt iets twee keer",
    "minimum": "'{key}' moet minstens {value} zijn",
    "maximum": "'{key}' mag hoogstens {value} zijn",
    "exclusiveMinimum": "'{key}' moet groter zijn dan {value}",
    "exclusiveMaximum": "'{key}' moet kleiner zijn dan {value}",
    # valid under more than one of its forms
    "oneOf": "'{key}' past op meer dan één manier; maak duidelijk welke bedoeld is",
}


def _simple(rule: str, value: Any, instance: Any, key: str) -> str | None:
    """The sentence for a violation of one plain condition, or None."""
    if rule == "minLength" and value == 1:
        return f"'{key}' mag niet leeg zijn"
    template = SIMPLE_NL.get(rule)
    if template is None:
        return None
    items = "item" if value == 1 else "items"
    value_nl = _type_nl(value) if rule == "type" else ""
    return template.format(key=key, value=value, value_nl=value_nl, items=items)
