"""The force table: canonical armed forces, their names, map colours and Arabic aliases (data/forces.json).

At the bottom floor so that the extractor (which matches the aliases), the maps (which draw the
colours) and the ACLED writer (which prints the names) read one table without importing each other.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError

FORCES_JSON = Path(__file__).resolve().parent / "data" / "forces.json"


@dataclass(frozen=True)
class Force:
    """One canonical force: ``id`` is the scorer's id, ``color`` the map colour."""

    id: str
    name_en: str
    name_ar: str
    color: str
    aliases: tuple[str, ...] = ()


_EXTRA_DEFAULT: list[str] = []  # set by use_extra_forces: the --forces file of a map/compare run


def use_extra_forces(path: str | Path | None) -> None:
    """Make ``load_forces()`` (no argument) include ``path`` for the rest of this process.

    Why: the map draws forces by id with the table's names and colours; a force added by
    ``--forces`` at extraction would otherwise be grey under its raw id (issue 14 item 13).
    """
    _EXTRA_DEFAULT[:] = [str(path)] if path else []


def load_forces(extra_path: str | Path | None = None) -> list[Force]:
    """The bundled table, extended by ``extra_path`` (same shape: aliases added, names/colours replaced)."""
    extra_path = extra_path or (_EXTRA_DEFAULT[0] if _EXTRA_DEFAULT else None)
    forces = {f.id: f for f in _read(FORCES_JSON)}
    if extra_path:
        for f in _read(Path(extra_path)):
            old = forces.get(f.id)
            if old:
                aliases = old.aliases + tuple(a for a in f.aliases if a not in old.aliases)
                f = Force(f.id, f.name_en or old.name_en, f.name_ar or old.name_ar, f.color or old.color, aliases)
            forces[f.id] = f
    return list(forces.values())


def _read(path: Path) -> list[Force]:
    """Parse a forces file; errors name the file and the fix."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        rows = data["forces"] if isinstance(data, dict) else data
        return [Force(str(r["id"]), r.get("name_en", ""), r.get("name_ar", ""), r.get("color", ""),
                      tuple(str(a) for a in r.get("aliases", ()))) for r in rows]
    except OSError as err:
        raise InputError(f"cannot read forces file: {err.strerror or err}", path=str(path)) from err
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f'not a forces file ({err}); expected {{"forces": [{{"id": ..., "aliases": [...]}}]}}',
                         path=str(path)) from err


@dataclass(frozen=True)
class Anaphor:
    """Generic armed nouns (المسلحون، التنظيم) that stand for the one force of ``kinds`` the article named
    before them; else, when the article named a force of ``facing`` (id → its enemy), that enemy (gunmen
    fighting Iraq's army are ISIS); else ``default`` (None: no force)."""

    aliases: tuple[str, ...]
    kinds: frozenset[str]
    default: str | None
    facing: tuple[tuple[str, str], ...] = ()


def _section(path: Path, key: str) -> dict:
    """The ``key`` table of a forces file (empty when it has none), or an InputError naming the file."""
    try:
        table = json.loads(path.read_text(encoding="utf-8-sig")).get(key, {})
    except (OSError, ValueError, AttributeError) as err:
        raise InputError(f"bad {key} in forces file ({err})", path=str(path)) from err
    if not isinstance(table, dict):
        raise InputError(f"bad {key} in forces file (not a table)", path=str(path))
    return table


def load_coalitions(path: Path = FORCES_JSON) -> dict[str, frozenset[str]]:
    """id → the ids folded into it (``coalitions``): "سيطرت فصائل المعارضة وهيئة تحرير الشام على Y" is one
    offensive, reported under the coalition's id."""
    try:
        return {k: frozenset(map(str, v)) for k, v in _section(path, "coalitions").items() if not k.startswith("_")}
    except TypeError as err:
        raise InputError(f"bad coalitions in forces file ({err})", path=str(path)) from err


def load_anaphors(path: Path = FORCES_JSON) -> list[Anaphor]:
    """The generic armed nouns of the bundled table (``anaphors.groups``); none when the file has none."""
    try:
        return [Anaphor(tuple(g["aliases"]), frozenset(g["kinds"]), g.get("default"),
                        tuple((str(a), str(b)) for a, b in g.get("facing", {}).items()))
                for g in _section(path, "anaphors").get("groups", ())]
    except (KeyError, TypeError, AttributeError) as err:
        raise InputError(f"bad anaphors in forces file ({err})", path=str(path)) from err
