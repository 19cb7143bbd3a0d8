"""The name index: built once per content of the sources, cached on disk, scanned in one pass.

The automaton holds whole-word forms (" وبالرقه ", " مدينه ") so one pass over the text padded with
spaces finds names, cue words and generic heads on word boundaries only, with no Python check per
match: a name is never read inside a longer word (فرقة is not ف + رقة).

Reading 80 MB of GeoNames JSON takes seconds; unpickling the index of the few thousand places
we keep takes milliseconds. The cache key hashes every source's fingerprint plus this package's
code, so editing the supplement or the normalisation rebuilds it, and nothing else does.

Imported lists (GeoNames dumps, national place lists) can hold a million places: those are stored
as columns and matched word by word (gazetteer/bulk.py), so memory grows by about 1 KB a place, and
a list that will not fit is refused with one line before anything is built.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import ahocorasick

from core.errors import GazetteerError, OutputError
from core.fsio import atomic_open
from core.paths import cache_dir
from gazetteer.bulk import (BulkBuilder, EnglishNames, NameTable, PlaceTable, Postings, bulk_rows, check_cache_fits,
                            check_fits, valid_coordinates)
from gazetteer.merge import merge_places
from gazetteer.model import Place
from arabic.automaton import letter_order
from arabic.normalize import _CUE_FORMS, CLITICS, CUE_WORDS, cue_of, normalize, split_clitic
from gazetteer.resolve import STOP_WORDS

log = logging.getLogger(__name__)

FORMAT = "index-12"
KEEP_CACHES = 4  # index files kept (one per country set / recent source state)
_CODE_FILES = ("../arabic/normalize.py", "../arabic/automaton.py", "index.py", "bulk.py", "resolve.py", "merge.py",
               "model.py", "admin.py",
               "sources/embedded.py", "sources/supplement.py", "data/stop_names.txt")
# Kinds named only after their cue word: الفرات is the river, سد الفرات the dam; منبج is the city,
# منطقة منبج the district.
REQUIRED_CUE = {"dam": normalize("سد"), "district": normalize("منطقة")}
# Compound names news writes both joined and spaced (كفرنبل / كفر نبل, ديرالزور / دير الزور).
_JOINABLE = ("كفر", "دير", "ابو", "ام", "بيت", "تل")
# Generic first words of compound names: "تل X" or "كفر X" is a place of its own, not X.
_NAME_HEADS = frozenset(normalize(w) for w in "تل عين كفر دير خربة جب بير بئر حوش".split())


@dataclass(slots=True)
class Hit:
    """One name found in normalised text, before resolution (slots: a scan makes dozens per article)."""

    key: str            # the normalised name as indexed
    start: int          # normalised offsets of the name (no clitic, no cue)
    end: int
    word_start: int     # start of the word including any clitic
    prefix: str         # the clitic before the name ('' if none)
    cue: str | None = None   # normalised cue word before the name
    cue_span: tuple[int, int] | None = None  # its normalised span (without clitic)
    prev: tuple[int, int] | None = None      # span of the word before (set by attach_cues)


@dataclass
class Index:
    """Places plus name → places maps and an Aho-Corasick automaton over the normalised names."""

    places: Sequence[Place]  # a PlaceTable: imported places are made on demand (gazetteer/bulk.py)
    by_name: Mapping[str, tuple[int, ...]]
    by_name_en: Mapping[str, tuple[int, ...]]
    automaton: ahocorasick.Automaton = field(repr=False)
    # What each automaton form means: (length, name reading, cue, head), by the int the automaton
    # stores. Ints, not tuples, inside the automaton: it unpickles in a third of the time.
    forms: list[tuple] = field(default_factory=list, repr=False)
    # Forms that are only a stop word (سوريا، علي، وروسيا): outside the automaton, since a scan would find
    # them in every article only to drop them, but kept for ``form_entry``, where they block an imported
    # name's shorter reading (ورقة is not و + رقة). Form → index into ``forms``.
    blocked_forms: dict[str, int] = field(default_factory=dict, repr=False)
    key: str = ""
    # Three-letter names safe to read after a clitic (وحلب، بحمص): big cities and governorates only,
    # because short words with a clitic are mostly ordinary words (ورقة = و + رقة).
    short_with_clitic: frozenset[str] = frozenset()
    # name → places that name means only after its cue word (الفرات is the river; سد الفرات the dam)
    cue_required: dict[str, frozenset[int]] = field(default_factory=dict)
    # Names only imported places carry, found word by word instead of by the automaton (None: no imports)
    table: NameTable | None = field(default=None, repr=False)
    # Names only villages of the community list carry (no city, town or curated place): in running
    # text they count as weak names (a cue, a preposition, a list or a place nearby must back them),
    # because thousands of village names are also everyday words (بقين، تقاد).
    village_only: frozenset[str] = frozenset()
    # word (article off) → the two-word names holding it; built on first use (extract/members.py), not pickled
    two_word: dict[str, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)

    def places_for(self, key: str) -> list[Place]:
        return [self.places[i] for i in self.by_name.get(key, ())]

    def two_word_names(self, word: str) -> tuple[str, ...]:
        """The two-word names holding ``word`` (its article off) as one of their words: a list member may be one
        word of a longer name (شاش for شاش حمدان). The table lives on the index it is made from."""
        if getattr(self, "two_word", None) is None:  # an index unpickled from an older cache lacks the field
            table: dict[str, list[str]] = {}
            for n in self.by_name:
                ws = n.split()
                if len(ws) == 2:
                    for w in ws:
                        table.setdefault(w[2:] if w.startswith("ال") else w, []).append(n)
            self.two_word = {w: tuple(ns) for w, ns in table.items()}
        return self.two_word.get(word, ())

    def tokens(self, norm: str) -> tuple[list[Hit], dict[int, tuple[int, str]], dict[int, int]]:
        """One automaton pass over ``norm``: ``(hits, cues, heads)``.

        ``hits``: indexed names on word boundaries, overlaps resolved longest-first (stop words included:
        they only block shorter names inside them). ``cues``: word end → (word start, cue) for every cue
        word (مدينة، وبلدة …). ``heads``: word end → start of a generic first word (تل، عين …) without its
        clitic. Every automaton key is a whole word with its clitic between two spaces, so nothing is
        ever found inside a word and no match needs checking in Python.
        """
        if not norm or not len(self.automaton):
            return [], {}, {}
        found: list[Hit] = []
        cues: dict[int, tuple[int, str]] = {}
        heads: dict[int, int] = {}
        forms = self.forms
        for end_idx, form in self.automaton.iter(_words_only(norm)):
            size, name, cue, head = forms[form]
            ws, we = end_idx - size + 1, end_idx - 1  # the word in norm (the padding shifts by one)
            if name is not None and name[2]:  # a stop word's form only keeps its clitic readings out
                key, plen, _ = name
                found.append(Hit(key, ws + plen, we, ws, norm[ws:ws + plen]))  # key, start, end, word_start, prefix
            if cue is not None:
                cues[we] = (ws, cue)
            if head is not None:
                heads[we] = ws + head
        if self.table is not None:
            found = _with_table(self.table, self.form_entry, norm, found)
        return _longest_first(found, len(norm)), cues, heads

    def form_entry(self, form: str) -> tuple | None:
        """The automaton's ``(size, name reading, cue, head)`` for a padded whole-word form, or None."""
        i = self.automaton.get(form, None) if len(self.automaton) else None
        if i is None:
            i = self.blocked_forms.get(form)
        return None if i is None else self.forms[i]

    def hits(self, norm: str) -> list[Hit]:
        """Every indexed name in ``norm`` on word boundaries, overlaps resolved longest-first."""
        return self.tokens(norm)[0]


_NONWORD = re.compile(r"[^\w ]|_")
_PUNCTUATION = tuple("،.,\"“”«»()-:–—/؛;#!?؟'[]{}…%*+=|<>&_")


def _words_only(norm: str) -> str:
    r"""``norm`` padded with a space each side and every non-word character as a space (same length + 2).

    The usual punctuation goes through C-level replaces; the exact (slower) regex runs only if a character
    other than a letter, a digit or a space is left. ``str.isalnum`` asks what the regex's ``\w`` asks
    (underscore aside, and that is punctuation here), in C and a third of the time of any regex pass: with
    the spaces made digits, it is true exactly when the regex would change nothing.
    """
    for ch in _PUNCTUATION:
        norm = norm.replace(ch, " ")  # as quick as ``ch in norm`` when absent (the same scan), once when present
    if not norm.replace(" ", "0").isalnum():
        norm = _NONWORD.sub(" ", norm)
    return " " + norm + " "


def _with_table(table: NameTable, form_entry, norm: str, found: list[Hit]) -> list[Hit]:
    """``found`` plus the imported names the table reads in ``norm`` (a longer reading of the same form
    replaces the automaton's), in the automaton's order."""
    extra = table.matches(_words_only(norm), form_entry)
    if not extra:
        return found
    spans = {(ws, we) for ws, we, _, _ in extra}
    merged = [h for h in found if (h.word_start, h.end) not in spans]
    merged.extend(Hit(key, ws + plen, we, ws, norm[ws:ws + plen]) for ws, we, key, plen in extra)
    merged.sort(key=lambda h: (h.end, h.word_start))
    return merged


def _longest_first(hits: list[Hit], size: int) -> list[Hit]:
    """Keep non-overlapping hits, longer names first (عدرا العمالية beats عدرا), then leftmost."""
    prev_end = -1
    for h in hits:  # usually every hit already follows the one before: nothing to choose
        if h.word_start < prev_end:
            break
        prev_end = h.end
    else:
        return hits
    taken: list[Hit] = []
    used = bytearray(size)
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if 1 in used[h.word_start:h.end]:
            continue
        taken.append(h)
        used[h.word_start:h.end] = b"\x01" * (h.end - h.word_start)
    return sorted(taken, key=lambda h: h.start)


def index_keys(name: str) -> set[str]:
    """The normalised keys a place name is indexed under (leading cue word dropped, joined/spaced forms)."""
    return _keys_of_norm(normalize(name))


def _keys_of_norm(norm: str) -> set[str]:
    """``index_keys`` of an already normalised name."""
    words = norm.split(" ")
    while len(words) > 1 and words[0] in CUE_WORDS and words[0] != "ريف":  # ريف حلب is a region, not حلب
        words = words[1:]
    base = " ".join(words)
    keys = {base} if len(base) >= 2 else set()
    if len(words) > 1 and words[0] in _JOINABLE:
        keys.add(words[0] + " ".join(words[1:]))
    for head in _JOINABLE:
        if len(words) == 1 and base.startswith(head) and len(base) > len(head) + 2:
            keys.add(head + " " + base[len(head):])
    return keys


def build_index(places: Iterable[Place], key: str = "", bulk: Iterable[Place] = ()) -> Index:
    """Build the maps and the automaton. Pure: no I/O.

    ``places`` (embedded, curated) become objects and automaton entries; ``bulk`` (imported lists,
    possibly a million places, read one at a time) becomes compact columns whose names the
    ``NameTable`` finds (gazetteer/bulk.py). Places with invalid coordinates are left out.
    """
    core: list[Place] = []
    by_name = Postings()
    seen: set[str] = set()
    unique = []
    for place in places:
        if place.id in seen:  # a later source may not silently duplicate an id
            continue
        seen.add(place.id)
        if not valid_coordinates(place.lat, place.lon):
            log.warning("place %s has invalid coordinates (%r, %r); left out of the gazetteer", place.id,
                        place.lat, place.lon)
            continue
        unique.append(place)
    for place in merge_places(unique):  # the same town from two sources becomes one place
        i = len(core)
        core.append(place)
        for name in (place.name_ar, *place.alt_names):
            for k in index_keys(name):
                if k not in CUE_WORDS:  # a village called مدينة must not eat the cue of every "مدينة X"
                    by_name.add(k, i)
    core_keys = frozenset(by_name)
    builder = BulkBuilder(core, by_name, seen, _kept_keys)
    builder.add_all(bulk)
    table = PlaceTable(core, builder.finish())
    by_name_en: dict[str, tuple[int, ...]] = {}
    for i, place in enumerate(core):
        if place.name_en:
            by_name_en.setdefault(place.name_en.casefold(), ())
            by_name_en[place.name_en.casefold()] += (i,)
    short = frozenset(k for k, v in by_name.items() if len(k) == 3 and any(
        kind == "governorate" or pop >= 100_000 for kind, pop in map(builder.kind_pop, v)))
    village_only = _village_only(core, by_name)
    automaton, forms, blocked = _build_automaton(by_name, short, keys=core_keys, village_only=village_only)
    names = None
    if table.bulk is not None or len(by_name) > len(core_keys):
        names = NameTable(by_name, core_keys, short)
        names.finish()
    return Index(places=table, by_name=by_name, by_name_en=EnglishNames(by_name_en, table), automaton=automaton,
                 forms=forms, blocked_forms=blocked, key=key, short_with_clitic=short, cue_required=_cue_required(table), table=names,
                 village_only=village_only)


def _cue_required(places: PlaceTable) -> dict[str, frozenset[int]]:
    """name → places that name means only after their kind's cue word (الفرات alone is the river)."""
    cue_required: dict[str, set[int]] = {}
    for i, place in places_of_kinds(places, REQUIRED_CUE):
        cue = REQUIRED_CUE[place.kind]
        names = [normalize(n) for n in (place.name_ar, *place.alt_names)]
        with_cue = {k for n in names if n.split(" ")[0] == cue for k in index_keys(n)}
        plain = {k for n in names if n.split(" ")[0] != cue for k in index_keys(n)}
        for k in with_cue - plain:
            cue_required.setdefault(k, set()).add(i)
    return {k: frozenset(v) for k, v in cue_required.items()}


def places_of_kinds(places: PlaceTable, kinds: Iterable[str]):
    """(index, place) of every place of one of ``kinds``, making only the imported rows of those kinds."""
    kinds = frozenset(kinds)
    for i, place in enumerate(places.core):
        if place.kind in kinds:
            yield i, place
    bulk = places.bulk
    if bulk is not None:
        wanted = {bulk.strings.index(k) for k in kinds if k in bulk.strings}
        for j, kind in enumerate(bulk.interned["kind"]):
            if kind in wanted:
                yield len(places.core) + j, bulk.place(j)


def _clitic_ok(key: str, by_name: dict[str, tuple[int, ...]], short: frozenset[str]) -> bool:
    """May ``key`` follow a clitic (بحمص، والرقة)? Not when two letters or a small three-letter name
    (ورقة = و + رقة), nor when the same place is indexed with the article too: news writes بالرقة,
    never برقة, so فرقة (a division) is not ف + رقة."""
    if len(key) < 3 or (len(key) == 3 and key not in short):
        return False
    with_article = by_name.get("ال" + key)
    return not (with_article and set(with_article) & set(by_name.get(key, ())))


def _kept_keys(norm: str) -> set[str]:
    """``_keys_of_norm`` without cue words (a village called مدينة must not eat every "مدينة X")."""
    return {k for k in _keys_of_norm(norm) if k not in CUE_WORDS}


def _village_only(core: list[Place], by_name) -> frozenset[str]:
    """Names that only villages of the community list carry (see ``Index.village_only``); an imported
    place (index past the core) is never one."""
    n = len(core)
    return frozenset(k for k, v in by_name.items() if all(
        i < n and core[i].kind == "village" and core[i].pcode and core[i].source != "supplement" for i in v))


# Clitics a village-only name is read after: news lists villages (وX) and locates in them (بX، وبX);
# كX، فX، لX before a village name are rare and mostly make other words.
_VILLAGE_CLITICS = ("و", "ب", "وب")


def _build_automaton(by_name, short: frozenset[str], keys: Iterable[str] | None = None,
                     village_only: frozenset[str] = frozenset()) -> tuple[ahocorasick.Automaton, list[tuple],
                                                                          dict[str, int]]:
    """Whole-word forms " <clitic><name> " → (length, name reading, cue, head) in one automaton, and the
    forms that are only a stop word beside it (``Index.blocked_forms``): ``(automaton, values, blocked)``.

    ``keys``: the names to add (default all of ``by_name``; imported names are left to the NameTable).

    The text is scanned padded and with punctuation as spaces, so every match is a whole word. When two
    readings give the same form (وادي = وادي or و + ادي) the longer name wins, as in running text.
    """
    forms: dict[str, list] = {}

    def add(token: str, slot: int, value) -> None:
        entry = forms.setdefault(" " + token + " ", [len(token) + 2, None, None, None])
        if slot == 1 and entry[1] is not None and len(entry[1][0]) >= len(value[0]):
            return
        if entry[slot] is None or slot == 1:
            entry[slot] = value

    names = [(k, True) for k in (by_name if keys is None else keys)] + [
        (k, False) for k in STOP_WORDS - by_name.keys()]
    for key, real in names:
        add(key, 1, (key, 0, real))
        if not (_clitic_ok(key, by_name, short) if real else len(key) > 3):
            continue
        for clitic in _VILLAGE_CLITICS if key in village_only else CLITICS:
            add(clitic + key, 1, (key, len(clitic), real))
            if clitic.endswith("ل") and key.startswith("ال") and len(key) > 3:
                add(clitic + key[1:], 1, (key, len(clitic), real))  # للرقة = ل + الرقة, the alef swallowed
    for form, cue in _CUE_FORMS.items():
        add(form, 2, cue)
    for head in _NAME_HEADS:
        for clitic in ("",) + CLITICS:
            token = clitic + head
            for prefix, stem in split_clitic(token, min_stem=2):
                if stem in _NAME_HEADS:
                    add(token, 3, len(prefix))
                    break
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    values: list[tuple] = []
    blocked: dict[str, int] = {}
    for form, (size, name, cue, head) in sorted(forms.items(), key=lambda item: letter_order(item[0])):
        if name is not None and not name[2] and cue is None and head is None:
            blocked[form] = len(values)  # a stop word and nothing else: the scan would only drop it
        else:
            automaton.add_word(form, len(values))
        values.append((size, name, cue, head))
    if len(automaton):
        automaton.make_automaton()
    return automaton, values, blocked


def cache_key(sources: Sequence) -> str:
    """Hash of every source's fingerprint plus this package's code."""
    h = hashlib.sha256(FORMAT.encode())
    here = Path(__file__).resolve().parent
    for rel in _CODE_FILES:
        try:
            h.update((here / rel).read_bytes())
        except OSError:
            h.update(rel.encode())
    for src in sources:
        h.update(f"\0{src.name}\0{src.fingerprint()}".encode())
    return h.hexdigest()[:24]


def load_index(sources: Sequence) -> Index:
    """The index for ``sources``: from the cache when its key matches, else built and cached.

    Sources marked ``bulk`` (imported lists) are streamed into compact columns. Before reading a
    cache or building, the memory it needs is compared with what is available, so a list too big for
    the machine is refused with one line rather than ending in the kernel's OOM killer.
    """
    key = cache_key(sources)
    path = cache_dir() / f"gazetteer-{key}.pickle"
    index = _read_cache(path, key)
    if index is not None:
        return index
    bulk = [src for src in sources if getattr(src, "bulk", False)]
    rows = bulk_rows(bulk)
    if rows:
        check_fits(rows, "gazetteer sources " + ", ".join(f"{s.name} ({s.rows:,} places)" for s in bulk))
    places: list[Place] = []
    for src in sources:
        if src not in bulk:
            places.extend(src.places())
    index = build_index(places, key, bulk=(p for src in bulk for p in src.places()))
    try:
        with atomic_open(path, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, OutputError) as err:
        log.warning("could not cache the gazetteer index at %s (%s); it will be rebuilt next time", path, err)
    _prune(path)
    return index


def _read_cache(path: Path, key: str) -> Index | None:
    """The cached index at ``path`` if it is ours and current; None to rebuild (a corrupt or foreign
    file is never trusted). GazetteerError when it is too big for the memory left."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return None
    except OSError as err:
        log.warning("ignoring unreadable gazetteer cache %s (%s); rebuilding", path, err)
        return None
    with fh:
        try:
            check_cache_fits(os.fstat(fh.fileno()).st_size, str(path))
            index = pickle.load(fh)
            if isinstance(index, Index) and index.key == key:
                return index
        except GazetteerError:
            raise
        except MemoryError:
            raise GazetteerError(f"{path}: not enough memory to load the gazetteer index; remove an imported "
                                 "source (conflictmap gazetteer remove NAME)") from None
        except Exception as err:  # a corrupt or foreign cache file is rebuilt, never trusted
            log.warning("ignoring unreadable gazetteer cache %s (%s); rebuilding", path, err)
    return None


def _prune(current: Path, keep: int = KEEP_CACHES) -> None:
    """Drop all but the newest few index files: each edit of a source leaves a stale one behind."""
    try:
        files = sorted((f for f in current.parent.glob("gazetteer-*.pickle") if f != current),
                       key=lambda f: f.stat().st_mtime, reverse=True)
        for stale in files[keep - 1:]:
            stale.unlink()
    except OSError:
        pass  # another process pruned first; nothing is lost


def previous_word(norm: str, pos: int) -> tuple[int, int] | None:
    """Span of the word ending just before ``pos`` (skipping one space), or None."""
    e = pos
    while e > 0 and norm[e - 1] == " ":
        e -= 1
    if e == pos and pos > 0 and norm[pos - 1].isalnum():
        return None
    s = e
    while s > 0 and norm[s - 1].isalnum():
        s -= 1
    return (s, e) if s < e else None


def next_words(norm: str, pos: int, n: int) -> list[tuple[int, int]]:
    """Spans of up to ``n`` words after ``pos``, stopping at punctuation."""
    spans: list[tuple[int, int]] = []
    i = pos
    while len(spans) < n:
        while i < len(norm) and norm[i] == " ":
            i += 1
        if i >= len(norm) or not norm[i].isalnum():
            break
        s = i
        while i < len(norm) and norm[i].isalnum():
            i += 1
        spans.append((s, i))
    return spans


def attach_cues(norm: str, hits: list[Hit]) -> None:
    """Set each hit's cue: the word before it (مدينة، بلدة …) or, for the second of a pair, the first's cue."""
    for i, h in enumerate(hits):
        span = h.prev = previous_word(norm, h.word_start)
        if not span:
            continue
        h.cue = cue_of(norm[span[0]:span[1]])
        if h.cue is not None:
            h.cue_span = (span[1] - len(h.cue), span[1])
        elif h.prefix.startswith("و") and i > 0 and hits[i - 1].end == span[1]:
            h.cue, h.cue_span = hits[i - 1].cue, hits[i - 1].cue_span  # مدينتي الرقة والطبقة
