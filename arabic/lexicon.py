"""The shared Arabic word lists: one file (``arabic/data/words.json``), one list per concept.

Why a file in the lowest text package: the gazetteer (cue words before a name) and the claim grammar
(cue words inside place lists, directions, reporting verbs, armed-group nouns, site nouns, negation and
modality particles) read the same lists, so a word added once is seen by both, and a linguist edits JSON,
not Python. Words are stored as written; callers normalise them with the one ``normalize``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from core.errors import InputError

DATA = Path(__file__).resolve().parent / "data" / "words.json"


def read_word_lists(path: str | Path) -> dict[str, tuple[str, ...]]:
    """The ``lists`` of a words file: name → words. A bad file is an InputError naming it."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        lists = raw["lists"] if isinstance(raw, dict) and "lists" in raw else raw
        return {str(k): tuple(str(w) for w in v) for k, v in lists.items() if not str(k).startswith("_")}
    except OSError as err:
        raise InputError(f"cannot read word lists: {err.strerror or err}", path=str(path)) from err
    except (ValueError, AttributeError, TypeError, KeyError) as err:
        raise InputError(f"not a word-list file ({err}); expected {{\"lists\": {{name: [words]}}}}",
                         path=str(path)) from err


# Safe: the packaged word lists are installed data that do not change while the process runs.
@lru_cache(maxsize=1)
def word_lists() -> dict[str, tuple[str, ...]]:
    """The packaged word lists (read once per process)."""
    return read_word_lists(DATA)


def words(name: str) -> tuple[str, ...]:
    """One packaged list by name (KeyError names a list that does not exist)."""
    return word_lists()[name]


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``items`` (each is a regex fragment; plain words need no escaping in Arabic),
    longest first so that a longer form wins over its prefix."""
    return "|".join(sorted(set(items), key=len, reverse=True))


def literal_stem(fragment: str) -> str:
    """The literal letters a regex fragment starts with (``سيطر\\w*`` → ``سيطر``): a key for a cheap pre-check."""
    return re.split(r"[\\()\[\]?*+|{.]", fragment, maxsplit=1)[0]
