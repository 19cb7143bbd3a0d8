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


def load_forces(extra_path: str | Path | None = None) -> list[Force]:
    """The bundled table, extended by ``extra_path`` (same shape: aliases added, names/colours replaced)."""
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
