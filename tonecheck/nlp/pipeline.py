"""Load the Dutch spaCy pipeline: the bundled one, an installed package or a path."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from tonecheck.errors import ModelError
from tonecheck.nlp import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)
from tonecheck.nlp.components import add_tonecheck_components

BUNDLED = "bundled"
BUNDLED_PATH = Path(__file__).resolve().parent.parent / "model" / "nl_tonecheck"


def resolve_model(name: str) -> str | Path:
    """Turn a model setting into something ``spacy.load`` accepts, or raise ModelError."""
    if name == BUNDLED:
        if not (BUNDLED_PATH / "config.cfg").exists():
            raise ModelError(f"het meegeleverde Nederlandse model ontbreekt in {BUNDLED_PATH}")
        return BUNDLED_PATH
    candidate = Path(name).expanduser()
    if candidate.exists():
        if not (candidate / "config.cfg").exists():
            raise ModelError(f"'{name}' is geen map met een spaCy-model (config.cfg ontbreekt)")
        return candidate
    if spacy.util.is_package(name):
        return name
    raise ModelError(
        f"het model '{name}' is niet geïnstalleerd; installeer het met `pip install {name}` "
        f"(of `python -m spacy download {name}`), of gebruik --model bundled"
    )


@cache
def load_pipeline(name: str = BUNDLED) -> Language:
    """Load a pipeline once per process.

    The bundled tokenizer is built by its registered factory from the config (see
    :mod:`tonecheck.nlp.tokenizer`), so its serialised copy is not loaded:
    deserialising it would add the ~4,700 Dutch special cases again for every
    tokenizer setting it restores (six passes instead of one).
    """
    target = resolve_model(name)
    exclude = ["tokenizer"] if target == BUNDLED_PATH else []
    try:
        nlp = spacy.load(target, exclude=exclude)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"kan het model '{name}' niet laden: {exc}") from None
    add_tonecheck_components(nlp)
    return nlp
