"""The categories of findings, as data (rules/structure/categories.yml): the id rule files
use, the Dutch name, a highlight colour, a border colour and a symbol."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from tonecheck.common.yamlfile import DataFileError, Problem, load_checked, position, validate
from tonecheck.paths import structure_dir

_COLOUR = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}
SCHEMA = {
    "type": "object",
    "required": ["categories"],
    "additionalProperties": False,
    "properties": {
        "categories": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "name", "colour", "border", "symbol"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
                    "name": {"type": "string", "minLength": 1},
                    "colour": _COLOUR,
                    "border": _COLOUR,
                    "symbol": {"type": "string", "minLength": 1, "maxLength": 3},
                },
            },
        }
    },
}


@dataclass(frozen=True)
class Category:
    """How a category is shown to people."""

    id: str
    label: str  # the Dutch name
    colour: str  # highlight background
    border: str  # darker edge for cards and underlines
    symbol: str


FALLBACK = Category("other", "Overig", "#f3f4f6", "#374151", "\u2022")


def _categories_from(data: Any, path: Path) -> dict[str, Category]:
    problems = validate(data, SCHEMA, path)
    if problems:
        raise DataFileError(problems)
    found: dict[str, Category] = {}
    for i, item in enumerate(data["categories"]):
        if item["id"] in found:
            line, column = position(data, ["categories", i, "id"])
            message = f"de categorie '{item['id']}' staat er twee keer in"
            raise DataFileError([Problem(str(path), line, column, message)])
        found[item["id"]] = Category(
            item["id"], item["name"], item["colour"], item["border"], item["symbol"]
        )
    return found


@cache
def load_categories(folder: Path | None = None) -> dict[str, Category]:
    """The categories by id, in the order of the file."""
    path = (folder or structure_dir()) / "categories.yml"
    return load_checked(path, partial(_categories_from, path=path))


def style_of(category: str) -> Category:
    """How ``category`` is shown (a category no file names: 'Overig')."""
    return load_categories().get(category, FALLBACK)
