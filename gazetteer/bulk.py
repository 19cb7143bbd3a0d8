"""Imported place lists kept compact: columns instead of objects, names matched word by word.

A GeoNames country dump or a national list holds hundreds of thousands of places. As ``Place``
objects, with every clitic form of every name in the Aho–Corasick automaton, each cost about
15 KB of memory: a 1.2-million-row list needed more than a 24 GB machine. Here the places of
imported sources live in a few arrays and one packed UTF-8 string (about 150 bytes a place), a
``Place`` is made only when a lookup or a scan asks for it, and their names sit in the one
name → places dict (an int per name instead of a tuple). The automaton keeps the embedded and
curated names only; :class:`NameTable` finds imported names in a text by looking up each run of
one to a few words (and its clitic readings) in that dict, with the automaton's rules: whole
words, longest reading first, stop words blocking shorter readings.

Coordinates are checked on the way in: a place with a non-finite or off-the-globe coordinate
never reaches an index or its cache.
"""
from __future__ import annotations

import gc
import logging
import math
import os
import re
from array import array
from collections import Counter
from dataclasses import MISSING, fields, replace
from typing import Iterable, Iterator, Sequence

from arabic.normalize import CLITICS, normalize
from core.errors import GazetteerError
from gazetteer.model import Place

log = logging.getLogger(__name__)

# Peak memory of building the index, per imported place (measured by bench/gazetteer.py, with margin),
# and of loading it from the cache per byte of cache file: what the "will not fit" checks estimate with.
BUILD_BYTES_PER_PLACE = 1200
LOAD_BYTES_PER_CACHE_BYTE = 3.5
MEMORY_LIMIT_ENV = "CONFLICTMAP_MEMORY_LIMIT"
_FIELD, _ITEM = "\x1e", "\x1f"  # separators inside the packed strings (removed from names on the way in)
_MAKE_CACHE = 50_000  # materialised places kept, so the same place is the same object within a run
_MERGE_MAX = 50      # as merge.py: a name shared by more places is no evidence of identity
_MERGE_KM = 5.0
_SETTLEMENTS = frozenset({"city", "town", "village"})
_MEMO_MAX = 200_000


def valid_coordinates(lat: float, lon: float) -> bool:
    """Finite, latitude in [-90, 90], longitude in [-180, 180]: the only coordinates a store may hold."""
    return math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


class Postings(dict):
    """name key → place indices. One place is stored as a bare int (most names have one place),
    several as a tuple; reading always gives a tuple, as a plain ``dict[str, tuple[int, ...]]`` would."""

    def __getitem__(self, key: str) -> tuple[int, ...]:
        v = dict.__getitem__(self, key)
        return (v,) if type(v) is int else v

    def get(self, key: str, default=None):
        v = dict.get(self, key)
        if v is None:
            return default
        return (v,) if type(v) is int else v

    def values(self) -> Iterator[tuple[int, ...]]:  # type: ignore[override]
        return ((v,) if type(v) is int else v for v in dict.values(self))

    def items(self) -> Iterator[tuple[str, tuple[int, ...]]]:  # type: ignore[override]
        return ((k, (v,) if type(v) is int else v) for k, v in dict.items(self))

    def __reduce__(self):
        """Pickled as a plain dict: unpickling a dict subclass item by item is twice as slow."""
        return (Postings, (dict(dict.items(self)),))

    def add(self, key: str, i: int) -> None:
        """Append place ``i`` to ``key`` (no duplicates; order of first appearance kept)."""
        v = dict.get(self, key)
        if v is None:
            dict.__setitem__(self, key, i)
        elif type(v) is int:
            if v != i:
                dict.__setitem__(self, key, (v, i))
        elif i not in v:
            dict.__setitem__(self, key, v + (i,))


_FIELDS = tuple(f.name for f in fields(Place))
_DEFAULTS = {f.name: f.default for f in fields(Place) if f.default is not MISSING}
_NUMBERS = {"lat": "d", "lon": "d", "population": "q"}
_TEXT = tuple(n for n in ("id", "name_ar", "name_en", "pcode") if n in _FIELDS)    # mostly distinct per place
_TUPLES = tuple(n for n in ("alt_names", "merged_ids") if n in _FIELDS)
_INTERNED = tuple(f.name for f in fields(Place) if f.name not in _NUMBERS and f.name not in _TEXT
                  and f.name not in _TUPLES and f.type in ("str", str))              # kind, country, admin names …
_OTHER = tuple(n for n in _FIELDS if n not in _NUMBERS and n not in _TEXT and n not in _TUPLES and n not in _INTERNED)


class Columns:
    """Imported places as columns; row ``j`` is place ``offset + j`` of the index.

    Built from ``Place``'s own field list, so a field added to Place is kept without a change here:
    numbers in arrays, repeated strings (kind, country, admin names) as ids into one string list,
    the rest of the text in one packed UTF-8 string, anything else in a dict of the rows that set it.
    """

    def __init__(self) -> None:
        self.numbers = {name: array(code) for name, code in _NUMBERS.items()}
        self.interned = {name: array("I") for name in _INTERNED}
        self.other: dict[str, dict[int, object]] = {name: {} for name in _OTHER}
        self.strings: list[str] = []          # the interned strings
        self._string_ids: dict[str, int] = {}
        self.blob = b""                       # the _TEXT fields and _TUPLES of each row, UTF-8
        self.ends = array("Q")                # end of each row in blob
        self._rows: list[list] | None = []    # while building: the _TEXT fields then the _TUPLES

    def __len__(self) -> int:
        return len(self.numbers["lat"])

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_string_ids", "_rows")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._string_ids, self._rows = {}, None

    def intern(self, s: str) -> int:
        i = self._string_ids.get(s)
        if i is None:
            i = self._string_ids[s] = len(self.strings)
            self.strings.append(s)
        return i

    def append(self, p: Place) -> None:
        j = len(self)
        for name, column in self.numbers.items():
            value = getattr(p, name)
            column.append(max(0, min(int(value), 2**62)) if column.typecode == "q" else value)
        for name, column in self.interned.items():
            column.append(self.intern(getattr(p, name)))
        for name, values in self.other.items():
            value = getattr(p, name)
            if value != _DEFAULTS.get(name, MISSING):
                values[j] = value
        self._rows.append([_clean(getattr(p, n)) for n in _TEXT] + [tuple(_clean(x) for x in getattr(p, n)) for n in _TUPLES])

    def get(self, j: int, name: str):
        """One field of row ``j`` without making the place (numbers and interned strings)."""
        if name in self.numbers:
            return self.numbers[name][j]
        return self.strings[self.interned[name][j]]

    def row_names(self, j: int) -> tuple[str, ...]:
        """Arabic names of row ``j`` (while building)."""
        row = self._rows[j]
        return (row[_TEXT.index("name_ar")], *row[len(_TEXT) + _TUPLES.index("alt_names")])

    def absorb(self, j: int, p: Place, names: Sequence[str]) -> None:
        """Row ``j`` is the same place as ``p``: gain its names and id, keep the larger population."""
        row = self._rows[j]
        alts, merged = len(_TEXT) + _TUPLES.index("alt_names"), len(_TEXT) + _TUPLES.index("merged_ids")
        name_ar = row[_TEXT.index("name_ar")]
        row[alts] = row[alts] + tuple(n for n in names if n != name_ar and n not in row[alts])
        row[merged] = row[merged] + (p.id,)
        self.numbers["population"][j] = max(self.numbers["population"][j], p.population)
        if not self.get(j, "admin1") and p.admin1:
            self.interned["admin1"][j] = self.intern(p.admin1)

    def pack(self) -> None:
        """Move the building rows into one UTF-8 string (called once, when the index is built)."""
        parts = []
        end = 0
        n = len(_TEXT)
        for row in self._rows:
            data = _FIELD.join(row[:n] + [_ITEM.join(t) for t in row[n:]]).encode("utf-8")
            end += len(data)
            parts.append(data)
            self.ends.append(end)
        self.blob = b"".join(parts)
        self._rows = None

    def place(self, j: int) -> Place:
        start = self.ends[j - 1] if j else 0
        parts = self.blob[start:self.ends[j]].decode("utf-8").split(_FIELD)
        values = dict(zip(_TEXT, parts))
        values.update((name, tuple(t.split(_ITEM)) if t else ()) for name, t in zip(_TUPLES, parts[len(_TEXT):]))
        values.update((name, column[j]) for name, column in self.numbers.items())
        values.update((name, self.strings[column[j]]) for name, column in self.interned.items())
        values.update((name, rows[j]) for name, rows in self.other.items() if j in rows)
        return Place(**values)

    def english(self) -> Iterator[tuple[int, str]]:
        """(row, English name) of every row that has one."""
        start, at = 0, _TEXT.index("name_en")
        for j, end in enumerate(self.ends):
            name_en = self.blob[start:end].decode("utf-8").split(_FIELD, at + 1)[at]
            start = end
            if name_en:
                yield j, name_en


def _clean(s: str) -> str:
    if _FIELD in s or _ITEM in s or _SEP in s:
        return s.replace(_FIELD, " ").replace(_ITEM, " ").replace(_SEP, " ")
    return s


_SEP = "\ue000"  # a private-use character normalize() keeps as is: joins names normalised in one call


def normalize_many(names: list[str]) -> list[str]:
    """``[normalize(n) for n in names]`` in one call over the names joined by a private-use character
    (the same result: normalisation is local but for the stripped ends, stripped here per name)."""
    if not names:
        return []
    if any(_SEP in n for n in names):
        return [normalize(n) for n in names]
    return [n.strip(" ") for n in normalize(_SEP.join(names)).split(_SEP)]


class PlaceTable(Sequence[Place]):
    """The index's places: the embedded and curated ones as objects, imported ones made on demand."""

    def __init__(self, core: list[Place], bulk: Columns | None = None) -> None:
        self.core = core
        self.bulk = bulk if bulk is not None and len(bulk) else None
        self._made: dict[int, Place] = {}

    def __getstate__(self) -> dict:
        return {"core": self.core, "bulk": self.bulk}

    def __setstate__(self, state: dict) -> None:
        self.core, self.bulk, self._made = state["core"], state["bulk"], {}

    def __len__(self) -> int:
        return len(self.core) + (len(self.bulk) if self.bulk is not None else 0)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self.core)
        if i < 0:
            i += len(self)
        if 0 <= i < n:
            return self.core[i]
        if not n <= i < len(self):
            raise IndexError("place index out of range")
        place = self._made.get(i)
        if place is None:
            if len(self._made) >= _MAKE_CACHE:
                self._made.clear()
            place = self._made[i] = self.bulk.place(i - n)
        return place

    def __iter__(self) -> Iterator[Place]:
        yield from self.core
        if self.bulk is not None:
            for j in range(len(self.bulk)):
                yield self.bulk.place(j)

    def source_counts(self) -> Counter:
        """Places per source name, without making every imported place."""
        counts = Counter(p.source for p in self.core)
        if self.bulk is not None:
            strings = self.bulk.strings
            counts.update(strings[s] for s in self.bulk.interned["source"])
        return counts


class EnglishNames:
    """English name (casefolded) → places; the imported part is read only when first asked for."""

    def __init__(self, core: dict[str, tuple[int, ...]], places: PlaceTable) -> None:
        self.core, self.places = core, places
        self._all: Postings | None = None

    def __getstate__(self) -> dict:
        return {"core": self.core, "places": self.places}

    def __setstate__(self, state: dict) -> None:
        self.core, self.places, self._all = state["core"], state["places"], None

    def _names(self) -> dict:
        if self.places.bulk is None:
            return self.core
        if self._all is None:
            names = Postings()
            for k, v in self.core.items():
                for i in v:
                    names.add(k, i)
            n = len(self.places.core)
            for j, name in self.places.bulk.english():
                names.add(name.casefold(), n + j)
            self._all = names
        return self._all

    def get(self, key: str, default=None):
        return self._names().get(key, default)

    def __getitem__(self, key: str) -> tuple[int, ...]:
        return self._names()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._names()

    def __len__(self) -> int:
        return len(self._names())

    def keys(self):
        return self._names().keys()


class NameTable:
    """Finds, in normalised text, the names that only imported places carry (the automaton has the rest).

    The text is read as words; each run of up to ``max_words`` words joined by single spaces is a
    form, read as a name, clitic + name, or لل + name without its alef, exactly the forms the
    automaton holds for its names. Among the readings of one form the longest name wins, as in the
    automaton; a form whose best reading is an embedded name or a longer stop word is left to the
    automaton. Readings are memoised per form: news repeats its words.
    """

    def __init__(self, by_name: Postings, core_keys: frozenset[str], short: frozenset[str]) -> None:
        self.by_name, self.core_keys, self.short = by_name, core_keys, short
        self.prefixes: frozenset[str] = frozenset()
        self.max_words = 1
        self._memo: dict[str, tuple] = {}

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_memo"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._memo = {}

    def finish(self) -> None:
        """Record the word prefixes of multi-word imported names: a run of words is extended only while
        it can still become one."""
        prefixes: set[str] = set()
        most = 1
        for key in self.by_name:
            if " " in key and key not in self.core_keys:
                words = key.split(" ")
                most = max(most, len(words))
                prefixes.update(" ".join(words[:j]) for j in range(1, len(words)))
        self.prefixes, self.max_words = frozenset(prefixes), most

    def clitic_ok(self, key: str) -> bool:
        """As index._clitic_ok: may ``key`` follow a clitic?"""
        if len(key) < 3 or (len(key) == 3 and key not in self.short):
            return False
        with_article = self.by_name.get("ال" + key)
        return not (with_article and set(with_article) & set(self.by_name.get(key, ())))

    def _readings(self, form: str) -> list[tuple[str, int]]:
        """(key, clitic length) of every reading of ``form`` that is an indexed name."""
        by_name = self.by_name
        out = [(form, 0)] if form in by_name else []
        for clitic in CLITICS:
            if not form.startswith(clitic):
                continue
            stem = form[len(clitic):]
            if stem in by_name and self.clitic_ok(stem):
                out.append((stem, len(clitic)))
            if clitic.endswith("ل") and stem.startswith("ل") and len(stem) >= 3:
                key = "ا" + stem
                if key in by_name and self.clitic_ok(key):
                    out.append((key, len(clitic)))
        return out

    def _read(self, form: str, form_entry) -> tuple:
        """(key, clitic length, may a longer run start with this form) — key None when the automaton
        has the answer or nothing fits."""
        readings = self._readings(form)
        best = max(readings, key=lambda r: len(r[0]), default=None)
        if best is not None and best[0] in self.core_keys:
            best = None
        if best is not None:
            entry = form_entry(" " + form + " ")
            if entry is not None and entry[1] is not None and len(entry[1][0]) > len(best[0]):
                best = None  # a longer stop word (ورقة) blocks the reading, as in the automaton
        more = form in self.prefixes or any(
            form.startswith(c) and (form[len(c):] in self.prefixes or "ا" + form[len(c):] in self.prefixes)
            for c in CLITICS)
        return (best[0] if best else None, best[1] if best else 0, more)

    def matches(self, padded: str, form_entry) -> list[tuple[int, int, str, int]]:
        """(word start, end, key, clitic length) in unpadded offsets for each imported name in ``padded``
        (the text as ``index._words_only`` gives it: words and single spaces, padded by one space).
        ``form_entry(" form ")`` gives the automaton's entry for a form (``Index.form_entry``)."""
        spans = [m.span() for m in _WORD.finditer(padded)]
        memo = self._memo
        if len(memo) > _MEMO_MAX:
            memo.clear()
        out: list[tuple[int, int, str, int]] = []
        for i, (s, e) in enumerate(spans):
            end = e
            for n in range(self.max_words):
                if n:
                    if i + n >= len(spans) or spans[i + n][0] != end + 1:
                        break
                    end = spans[i + n][1]
                form = padded[s:end]
                r = memo.get(form)
                if r is None:
                    r = memo[form] = self._read(form, form_entry)
                if r[0] is not None:
                    out.append((s - 1, end - 1, r[0], r[1]))
                if not r[2]:
                    break
        return out


_WORD = re.compile(r"[^ ]+")


class BulkBuilder:
    """Adds imported places to an index under construction: dedupes ids, merges the same place listed
    by two sources (same name, compatible kinds, within 5 km: the earlier source keeps the base, since
    the embedded and curated entries are checked by hand and imports come after them), stores the rest
    as columns and indexes their names."""

    def __init__(self, core: list[Place], by_name: Postings, seen: set[str], keys_of) -> None:
        self.core, self.by_name, self.seen, self.keys_of = core, by_name, seen, keys_of
        self.cols = Columns()
        self.skipped = 0

    def add_all(self, places: Iterable[Place], chunk: int = 4096) -> None:
        """Add every place, normalising the names of ``chunk`` places in one call (a call per name
        would be most of the build time). The cyclic garbage collector is paused meanwhile: the rows
        hold no cycles, and its full passes over a million live rows made the build quadratic."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            batch: list[Place] = []
            for place in places:
                batch.append(place)
                if len(batch) >= chunk:
                    self._add_batch(batch)
                    batch = []
            self._add_batch(batch)
        finally:
            if was_enabled:
                gc.enable()

    def _add_batch(self, batch: list[Place]) -> None:
        names = [tuple(dict.fromkeys(_clean(n) for n in (p.name_ar, *p.alt_names))) for p in batch]
        flat = [n for group in names for n in group]
        norms = iter(normalize_many(flat))
        for place, group in zip(batch, names):
            self.add(place, group, [next(norms) for _ in group])

    def add(self, place: Place, names: tuple[str, ...] | None = None, norms: list[str] | None = None) -> None:
        if place.id in self.seen:
            return
        if not valid_coordinates(place.lat, place.lon):
            self.skipped += 1
            return
        self.seen.add(place.id)
        if names is None or norms is None:
            names = tuple(dict.fromkeys((place.name_ar, *place.alt_names)))
            norms = [normalize(n) for n in names]
        keys = [k for norm in norms for k in self.keys_of(norm)]
        target = self._same_place(place, {n for n in norms if len(n) >= 2}, keys)
        if target is None:
            target = len(self.core) + len(self.cols)
            self.cols.append(place)
        elif target < len(self.core):
            q = self.core[target]
            self.core[target] = replace(q, alt_names=q.alt_names + tuple(
                n for n in names if n != q.name_ar and n not in q.alt_names), population=max(q.population, place.population),
                admin1=q.admin1 or place.admin1, merged_ids=q.merged_ids + (place.id,))
        else:
            self.cols.absorb(target - len(self.core), place, names)
        for k in keys:
            self.by_name.add(k, target)

    def _same_place(self, place: Place, norms: set[str], keys: list[str]) -> int | None:
        """The place ``place`` duplicates (distance first: most namesakes are far apart), or None."""
        n_core, lats, lons = len(self.core), self.cols.numbers["lat"], self.cols.numbers["lon"]
        for k in dict.fromkeys(keys):
            post = self.by_name.get(k, ())
            if len(post) > _MERGE_MAX:
                continue
            for i in post:
                q_lat, q_lon = (self.core[i].lat, self.core[i].lon) if i < n_core else (lats[i - n_core], lons[i - n_core])
                if _km(q_lat, q_lon, place.lat, place.lon) > _MERGE_KM:
                    continue
                country, kind, names = self._view(i)
                if country == place.country and _compatible(kind, place.kind) and norms & {normalize(n) for n in names}:
                    return i
        return None

    def _view(self, i: int) -> tuple[str, str, tuple[str, ...]]:
        """(country, kind, Arabic names) of place ``i``, core or imported."""
        if i < len(self.core):
            q = self.core[i]
            return q.country, q.kind, (q.name_ar, *q.alt_names)
        j, c = i - len(self.core), self.cols
        return c.get(j, "country"), c.get(j, "kind"), c.row_names(j)

    def finish(self) -> Columns:
        if self.skipped:
            log.warning("%d imported places with invalid coordinates were left out of the gazetteer", self.skipped)
        self.cols.pack()
        return self.cols

    def kind_pop(self, i: int) -> tuple[str, int]:
        if i < len(self.core):
            return self.core[i].kind, self.core[i].population
        j = i - len(self.core)
        return self.cols.get(j, "kind"), self.cols.get(j, "population")


def _compatible(a: str, b: str) -> bool:
    if a in _SETTLEMENTS and b in _SETTLEMENTS:
        return True
    return a == b and a != "governorate"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.195 * math.hypot(lat2 - lat1, x)


# ------------------------------------------------------------------------------------------ will it fit?

def _parse_size(text: str) -> int | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", text.lower())
    if not m:
        return None
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2) or " "))


def available_memory() -> int | None:
    """Bytes this process may still use: ``$CONFLICTMAP_MEMORY_LIMIT`` if set (e.g. ``2G``), else the
    smaller of the system's available memory and the cgroup's remaining limit; None if unknown."""
    env = os.environ.get(MEMORY_LIMIT_ENV)
    if env:
        size = _parse_size(env)
        if size is None:
            raise GazetteerError(f"${MEMORY_LIMIT_ENV}={env!r} is not a size; use e.g. 4G, 512M or 2000000000")
        return size
    found: list[int] = []
    try:
        m = re.search(r"^MemAvailable:\s+(\d+) kB", open("/proc/meminfo", encoding="ascii").read(), re.MULTILINE)
        if m:
            found.append(int(m.group(1)) * 1024)
    except OSError:
        pass
    try:
        limit = open("/sys/fs/cgroup/memory.max", encoding="ascii").read().strip()
        used = int(open("/sys/fs/cgroup/memory.current", encoding="ascii").read().strip())
        if limit.isdigit():
            found.append(max(0, int(limit) - used))
    except (OSError, ValueError):
        pass
    return min(found) if found else None


def _human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:.1f} TB"


def check_fits(places: int, what: str, *, per_place: float = BUILD_BYTES_PER_PLACE) -> None:
    """GazetteerError (one line naming ``what``) when indexing ``places`` imported places would need
    more memory than is available: a clear refusal instead of the kernel's OOM killer."""
    need = places * per_place
    have = available_memory()
    if have is not None and need > have:
        raise GazetteerError(f"{what}: {places:,} places need about {_human(need)} of memory to index, but only "
                             f"{_human(have)} is available; import fewer (e.g. --countries SY), remove an "
                             f"imported source (conflictmap gazetteer remove NAME), or free memory "
                             f"(${MEMORY_LIMIT_ENV} sets the limit)")


def check_cache_fits(size: int, what: str) -> None:
    """The same check before reading an index cache of ``size`` bytes."""
    need = size * LOAD_BYTES_PER_CACHE_BYTE
    have = available_memory()
    if have is not None and need > have:
        raise GazetteerError(f"{what}: loading this gazetteer index needs about {_human(need)} of memory, but only "
                             f"{_human(have)} is available; remove an imported source (conflictmap gazetteer "
                             f"remove NAME) or free memory (${MEMORY_LIMIT_ENV} sets the limit)")


def bulk_rows(sources: Iterable) -> int:
    """Imported places the sources will yield, from their manifests (0 for sources that do not say)."""
    return sum(int(getattr(s, "rows", 0) or 0) for s in sources if getattr(s, "bulk", False))
