"""The claim grammar as data: verb families, rules and blockers read from ``extract/data/grammar.json``.

Why data: a linguist adds a verb, a masdar or a phrase by editing JSON (or passing ``--grammar FILE``),
not Python; and the negation, attempt and denial blockers are generated from the verb families, so a verb
added to a family is blocked in ``لم …``، ``حاولت …``، ``نفت … سيطرة`` too. The word lists the patterns refer to
(``{{negators}}``, ``{{object_cues}}`` …) live in ``arabic/data/words.json``, shared with the gazetteer.

A compiled ``Grammar`` also carries the Aho-Corasick automata the rule engine uses to pick, in one pass per
sentence, the rules whose key stems occur in it.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from arabic.automaton import build_automaton
from arabic.lexicon import alternation, literal_stem, word_lists
from core.errors import InputError
from core.regex import compile_fast
from arabic.normalize import normalize

DATA = Path(__file__).resolve().parent / "data" / "grammar.json"
CALIBRATION = DATA.with_name("calibration.json")
PRE_CLITICS = r"[وف]?(?:بال|لل|ال|ب|ل)?"  # proclitics and article allowed before a trigger word marked <PRE>
RELATIONS = frozenset({"", "captured", "controls", "lost", "withdrew", "besieged", "contested", "attacked"})
ACTORS = frozenset({"", "subject", "after", "before", "between", "inside", "recipient"})
PLACES = frozenset({"", "after", "before", "before_or_after"})
_SUPPORTED_STEM = "مدعوم"
_SUPPORTED_GAP = re.compile(r"\s*(?:ال)?مدعوم\w*\s+(?:من\s+)?(?:(?:طرف|قبل|جانب)\s+)?")
_REF = re.compile(r"\{\{(?:(verbs|masdars|family):)?(\w+)\}\}")
_FLAGS = ("pro_drop", "needs_on", "prep", "loser", "patient_after", "opens_with_need")
_INTS = ("subject_window", "window", "lead")


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in plain Arabic: its letters are normalised like the text (and its optional groups
    made alternations, which the regex engine runs faster: core/regex.py)."""
    return compile_fast(normalize(pattern))


@dataclass(frozen=True)
class Rule:
    """A trigger pattern and where its actor and its place are.

    ``actor``: ``subject`` (VSO after / SVO before), ``after`` (the force right after the trigger,
    as in ``تحت سيطرة X``), ``before`` (the force a participle describes: ``قوات X المنسحبة``),
    ``between`` (every force after ``بين``/``مع``, plus the subject), ``inside`` (the forces named inside the
    matched phrase) or ``recipient`` (``سلمت … لـ X``).
    ``place``: ``after`` or ``before`` the trigger (``before_or_after`` tries before first).
    An empty ``relation`` makes a blocker: it claims its words and yields nothing.
    """

    name: str
    pattern: re.Pattern[str]
    relation: str
    actor: str
    place: str
    confidence: float
    subject_window: int = 110  # how far back (characters) the SVO subject may be
    window: int = 48  # how far after the trigger (or its subject) the first object place may start
    pro_drop: bool = True  # may take the previous sentence's subject when none is named
    needs_on: bool = False  # the verb takes its object with على (سيطر على): the place follows that على
    prep: bool = False  # the object place must follow a locative preposition (اشتباكات في Y)
    keys: tuple[str, ...] = ()  # literal stems: the rule runs only on sentences containing one
    loser: bool = False  # "طرد X من Y" / "حرر Y من X": the force after من lost the place
    patient_after: bool = False  # "طرد X": the force right after the trigger is the one expelled
    obj_gap: re.Pattern[str] | None = None  # what must stand between the actor/trigger and the object place
    pre: re.Pattern[str] | None = None  # proclitics allowed between the word start and ``pattern``
    needs: tuple[str, ...] = ()  # literal parts besides the key, one of which any match contains
    lead: int = 8  # at most this many characters from a match's start to its key: the scan starts there
    unless: re.Pattern[str] | None = None  # a match containing this is no match (حاولت … تمكنت من: a success)
    core: re.Pattern[str] | None = None  # ``pattern`` without its optional opening: no core match, no match
    skip: re.Pattern[str] | None = None  # ``pattern`` less its lookbehinds: where it may match (``_skip``)
    # every match opens with one of ``needs`` (after its proclitics): the scan starts at the first need, not
    # ``lead`` before the first key (a blocker keyed on the claim verb but opening with حاولت … or لم)
    opens_with_need: bool = False


@dataclass(frozen=True)
class Grammar:
    """The compiled grammar: rules in order, the key automata, and the sentence-level blockers."""

    rules: tuple[Rule, ...]
    key_auto: Any = field(repr=False)  # key → (back, size, rule indices, bit mask of the rules whose need it is)
    claim_auto: Any = field(repr=False)  # the keys of rules that make claims
    unkeyed: dict[int, int] = field(repr=False)
    sentence_block: re.Pattern[str] | None = None
    in_article: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (from, to, when the article says one of)
    in_country: dict[str, dict[str, str]] = field(default_factory=dict)  # country → {from: to}

    calibration: tuple[tuple[float, float], ...] = ()  # (raw confidence, share right) knots, rising
    block_bit: int = 0  # the bit of ``key_auto``'s need masks past the rules: a sentence blocker's stem (0: none)
    claim_bit: int = 0  # the bit of ``key_auto``'s need masks two past the rules: a claim rule's key occurs
    # Derived from ``rules`` (``__post_init__``), read at every automaton hit of the scan:
    opening: tuple[int, ...] = field(init=False, repr=False, compare=False)  # rules whose matches open with a need
    opening_bits: int = field(init=False, repr=False, compare=False)  # the same as a bit mask of the need masks
    free_bits: int = field(init=False, repr=False, compare=False)  # bit i: rule i has no ``needs``
    # raw → calibrated: rules give a few dozen distinct confidences and every event asks (lives with its grammar)
    calibrated: dict[float, float] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        opening = tuple(i for i, r in enumerate(self.rules) if r.opens_with_need and r.needs)
        object.__setattr__(self, "opening", opening)
        object.__setattr__(self, "opening_bits", sum(1 << i for i in opening))
        object.__setattr__(self, "free_bits", sum(1 << i for i, r in enumerate(self.rules) if not r.needs))

    def calibrate(self, raw: float) -> float:
        """A rule's raw confidence as the share of such events found right on the development sets
        (extract/data/calibration.json, made by scripts/calibrate.py): linear between the knots, flat beyond;
        a tenth of the raw value is mixed in so a stronger reading still ranks above a weaker one."""
        hit = self.calibrated.get(raw)
        if hit is None:
            if len(self.calibrated) > 10_000:
                self.calibrated.clear()
            hit = self.calibrated[raw] = self._calibrate(raw)
        return hit

    def _calibrate(self, raw: float) -> float:
        knots = self.calibration
        if not knots:
            return round(raw, 3)
        i = bisect_left(knots, (raw, -1.0))
        if i == 0:
            share = knots[0][1]
        elif i == len(knots):
            share = knots[-1][1]
        else:
            (x0, y0), (x1, y1) = knots[i - 1], knots[i]
            share = y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
        return round(0.9 * share + 0.1 * raw, 3)

    supported_by: tuple[tuple[frozenset[str], frozenset[str], str, re.Pattern[str] | None], ...] = ()

    def supported_forces(self, norm: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Force spans renamed by who supports them (``force_context.supported_by``): "القوات السورية المدعومة
        من التحالف" is the SDF, not the army. ``spans``: (start, end, force id) in ``norm``, in order."""
        if not self.supported_by or len(spans) < 1 or _SUPPORTED_STEM not in norm:
            return spans
        out = list(spans)
        for i, (s, e, fid) in enumerate(spans):
            for old, by, new, adverbs in self.supported_by:
                if fid not in old:
                    continue
                nxt = spans[i + 1] if i + 1 < len(spans) else None
                if (nxt and nxt[2] in by and nxt[0] - e <= 40 and _SUPPORTED_GAP.fullmatch(norm, e, nxt[0])) \
                        or (adverbs is not None and adverbs.match(norm, e)):
                    out[i] = (s, e, new)
        return out

    def article_forces(self, named: set[str], norm: str) -> dict[str, str]:
        """The force renames an article calls for (``force_context.in_article``): ``named`` its force ids,
        ``norm`` its normalised text."""
        return {a: b for a, b, when in self.in_article if a in named and any(w in norm for w in when)}


def read_grammar_file(path: str | Path) -> dict:
    """The raw JSON of a grammar file; a bad file is an InputError naming it."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise InputError(f"cannot read grammar file: {err.strerror or err}", path=str(path)) from err
    except ValueError as err:
        raise InputError(f"grammar file is not JSON ({err})", path=str(path)) from err
    if not isinstance(raw, dict) or not isinstance(raw.get("rules", []), list) \
            or not isinstance(raw.get("families", {}), dict) or not isinstance(raw.get("lists", {}), dict):
        raise InputError("not a grammar file: expected an object with rules (list), families and lists (objects); "
                         "see extract/data/grammar.json", path=str(path))
    return raw


def _merge(base: dict, extra: dict) -> dict:
    """``extra`` over ``base``: families and lists extend, rules replace by name or go in before ``before``."""
    out = {"families": {k: {f: list(v) for f, v in fam.items()} for k, fam in base.get("families", {}).items()},
           "lists": {k: list(v) for k, v in base.get("lists", {}).items()},
           "rules": list(base.get("rules", [])),
           "sentence_blockers": list(base.get("sentence_blockers", [])) + list(extra.get("sentence_blockers", [])),
           "force_context": extra.get("force_context") or base.get("force_context", {})}
    for name, fam in extra.get("families", {}).items():
        into = out["families"].setdefault(name, {"keys": [], "verbs": [], "masdars": []})
        for part in ("keys", "verbs", "masdars"):
            into.setdefault(part, []).extend(w for w in fam.get(part, ()) if w not in into[part])
    for name, items in extra.get("lists", {}).items():
        into = out["lists"].setdefault(name, [])
        into.extend(w for w in items if w not in into)
    for rule in extra.get("rules", []):
        names = [r.get("name") for r in out["rules"]]
        if rule.get("name") in names:
            out["rules"][names.index(rule["name"])] = rule
        else:
            before = rule.get("before", "capture")
            out["rules"].insert(names.index(before) if before in names else len(names), rule)
    return out


# Keyed by path, read once per process by design (workers call it per article): an extra grammar file
# edited while a run goes on is not read again; the next run reads it.
@lru_cache(maxsize=8)
def load_grammar(extra: str | Path | None = None) -> Grammar:
    """The packaged grammar, extended by ``extra`` (a JSON file shaped like extract/data/grammar.json).

    Cached per path: workers call it once per process. A bad extra file is an InputError naming it."""
    raw = read_grammar_file(DATA)
    if extra is not None:
        raw = _merge(raw, read_grammar_file(extra))
    lists = {k: list(v) for k, v in word_lists().items()}
    for name, items in raw.get("lists", {}).items():
        lists.setdefault(name, [])
        lists[name].extend(w for w in items if w not in lists[name])
    families = raw.get("families", {})
    rules: list[Rule] = []
    for spec in raw.get("rules", []):
        if isinstance(spec, dict) and "generate" in spec:
            rules += [_compile(s, lists, families, extra) for s in _generated(spec["generate"], lists, families, extra)]
        else:
            rules.append(_compile(spec, lists, families, extra))
    block = [w for name in raw.get("sentence_blockers", []) for w in lists.get(name, ())]
    # no look-behind first: a pattern that starts with its literals lets the regex engine skip ahead (clitics allowed)
    sentence_block = rx(r"(?:" + alternation(block) + r")(?![\w])") if block else None
    block_stems = [literal_stem(normalize(w)) for w in block]
    context = raw.get("force_context", {})
    in_article = tuple((str(r["from"]), str(r["to"]), tuple(normalize(w) for w in r["when"]))
                       for r in context.get("in_article", ()))
    in_country = {str(c): {str(a): str(b) for a, b in m.items()} for c, m in context.get("in_country", {}).items()
                  if not str(c).startswith("_")}
    supported = tuple((frozenset(r["from"]), frozenset(r["by"]), str(r["to"]),
                       rx(r"\s*(?:ال)?مدعوم\w*\s+(?:" + alternation(r["adverbs"]) + r")(?![\w])")
                       if r.get("adverbs") else None) for r in context.get("supported_by", ()))
    return replace(_assemble(tuple(rules), sentence_block, block_stems), in_article=in_article, in_country=in_country,
                   supported_by=supported, calibration=read_calibration(CALIBRATION))


def read_calibration(path: Path) -> tuple[tuple[float, float], ...]:
    """The (raw, share right) knots of a calibration file; none when it is absent (raw confidences then)."""
    if not path.exists():
        return ()
    try:
        knots = json.loads(path.read_text(encoding="utf-8"))["knots"]
        return tuple(sorted((float(x), float(y)) for x, y in knots))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"not a calibration file ({err}); remake it with scripts/calibrate.py", path=str(path)) from err


def _assemble(rules: tuple[Rule, ...], sentence_block: re.Pattern[str] | None, block_stems: list[str] = ()) -> Grammar:
    """Build the automata: every rule key → the rules it unlocks; the claim keys for the cheap pre-check.

    The sentence blockers' literal stems ride in the same automaton as needs of a bit past the rules
    (``block_bit``), so their regex only runs on sentences holding one."""
    by_key: dict[str, set[int]] = {}
    by_need: dict[str, int] = {}
    for i, r in enumerate(rules):
        for k in r.keys:
            by_key.setdefault(k, set()).add(i)
        for k in r.needs:
            by_need[k] = by_need.get(k, 0) | 1 << i
    block_bit = 1 << len(rules) if block_stems and all(block_stems) else 0
    for k in block_stems if block_bit else ():
        by_need[k] = by_need.get(k, 0) | block_bit
    claim_bit = 1 << (len(rules) + 1)  # what ``claim_auto`` finds, found in the same pass (``rules.scan``)
    claim_keys = {k for r in rules if r.relation for k in r.keys}
    for k in claim_keys:
        by_need[k] = by_need.get(k, 0) | claim_bit
    # (back, size, rules it unlocks, bit mask of rules whose need it is), frequent letters first (arabic/automaton.py)
    key_auto = build_automaton((k, (len(k) + 19, len(k) - 1, tuple(sorted(by_key.get(k, ()))), by_need.get(k, 0)))
                               for k in by_key.keys() | by_need.keys())
    claim_auto = build_automaton((k, k) for k in claim_keys)
    unkeyed = {i: 0 for i, r in enumerate(rules) if not r.keys}
    return Grammar(rules, key_auto, claim_auto, unkeyed, sentence_block, block_bit=block_bit, claim_bit=claim_bit)


def _expand(pattern: str, lists: dict[str, list[str]], families: dict[str, dict]) -> tuple[str, set[str]]:
    """Replace ``{{list}}``, ``{{verbs:F}}``, ``{{masdars:F}}``, ``{{family:F}}`` by their alternations;
    also returns the families referred to (their keys become the rule's keys)."""
    used: set[str] = set()

    def one(m: re.Match[str]) -> str:
        part, name = m.group(1), m.group(2)
        if part is None:
            if name not in lists:
                raise KeyError(f"unknown word list {name!r}")
            return alternation(lists[name])
        if name not in families:
            raise KeyError(f"unknown verb family {name!r}")
        used.add(name)
        fam = families[name]
        items = list(fam.get("verbs", ())) * (part != "masdars") + list(fam.get("masdars", ())) * (part != "verbs")
        return alternation(items)

    return _REF.sub(one, pattern), used


def _compile(spec: Any, lists: dict[str, list[str]], families: dict[str, dict], extra: str | Path | None) -> Rule:
    """One rule of the JSON as a compiled ``Rule``; a malformed one is an InputError naming it."""
    where = str(extra) if extra is not None else str(DATA)
    try:
        name, pattern = str(spec["name"]), str(spec["pattern"])
        relation, actor, place = spec.get("relation", ""), spec.get("actor", ""), spec.get("place", "")
        if relation not in RELATIONS or actor not in ACTORS or place not in PLACES:
            raise ValueError(f"relation/actor/place must be one of {sorted(RELATIONS)} / {sorted(ACTORS)} / "
                             f"{sorted(PLACES)}")
        pattern, used = _expand(pattern, lists, families)
        pre = None
        if pattern.startswith("<PRE>"):  # match the trigger itself (fast), check its clitics after (see rules)
            pattern, pre = pattern[len("<PRE>"):], rx(PRE_CLITICS)
        elif spec.get("pre") is not None:
            pre = rx(str(spec["pre"]))
        keys = _words(spec.get("keys", ())) + [k for f in sorted(used) for k in families[f].get("keys", ())]
        kw = {k: bool(spec[k]) for k in _FLAGS if k in spec} | {k: int(spec[k]) for k in _INTS if k in spec}
        gap = _expand(str(spec["obj_gap"]), lists, families)[0] if spec.get("obj_gap") else None
        unless = _expand(str(spec["unless"]), lists, families)[0] if spec.get("unless") else None
        text = normalize(r"(?:" + pattern + r")(?![\w])")  # as written: the fast paths are read off it
        return Rule(name, compile_fast(text), relation, actor, place, float(spec.get("confidence", 0)),
                    keys=tuple(dict.fromkeys(normalize(k) for k in keys if k)),
                    needs=tuple(_need(k) for k in _words(spec.get("needs", ()))),
                    obj_gap=rx(gap) if gap else None, pre=pre, unless=rx(unless) if unless else None,
                    core=_core(text) if pre is None else None,
                    skip=_skip(text) if pre is not None else None, **kw)
    except (KeyError, ValueError, TypeError, re.error) as err:
        label = spec.get("name", "?") if isinstance(spec, dict) else repr(spec)[:40]
        raise InputError(f"grammar rule {label!r} is malformed: {err}", path=where) from err


_TAIL = r")(?![\w])"  # how ``_compile`` closes every rule pattern
_ZERO_WIDTH = ("(?<=", "(?<!", "(?=", "(?!")


def _core(pattern: str) -> re.Pattern[str] | None:
    r"""A rule pattern without the optional parts and assertions it opens with (``(?:(?<![\w])صد\s+…)?محاولة``),
    or None when it opens with none. Why: a pattern that opens with an optional part has no first letters, so
    the regex engine tries it at every position; its core opens with a literal and is found by a fast skip. Every
    match of the pattern holds a match of the core (the same text less its opening), so a sentence where the core
    is not found from a position holds no match there either (``rules._matches`` asks the core first)."""
    if not (pattern.startswith("(?:") and pattern.endswith(_TAIL) and _atom_end(pattern, 0) == len(pattern) - 8):
        return None
    body, i = pattern[3:-len(_TAIL)], 0
    if _top_level_bar(body) or re.search(r"\\\d|\(\?P=", body):
        return None  # an alternation at the top, or a back-reference: not a plain sequence
    while i < len(body):
        j = _atom_end(body, i)
        if body.startswith(_ZERO_WIDTH, i):
            i = j
        elif body[j:j + 1] in ("?", "*"):
            i = j + 1 + (body[j + 1:j + 2] in ("?", "+"))
        else:
            break
    return compile_fast("(?:" + body[i:] + _TAIL) if 0 < i < len(body) else None


_LOOKBEHIND = re.compile(r"\(\?<[!=](?:[^()\\]|\\.)*\)")


def _skip(pattern: str) -> re.Pattern[str] | None:
    """The pattern less its lookbehinds (``(?<!ال)هجمات``), or None when it has none. Why: one lookbehind among
    the alternatives of a trigger takes away the first letters the regex engine skips ahead on, and the
    pattern is tried at every position. Without it the engine skips; where the lesser pattern matches, the
    pattern itself is tried (``rules._search``): the same first match, found faster."""
    if not _LOOKBEHIND.search(pattern):
        return None
    lesser = _LOOKBEHIND.sub("", pattern)
    if any(pattern[m.end():m.end() + 1] in ("?", "*", "+", "{") or m.group().count("[") != m.group().count("]")
           for m in _LOOKBEHIND.finditer(pattern)):
        return None  # a quantified assertion, or a class holding a paren (read wrong here): leave the pattern as it is
    return compile_fast(lesser)


def _atom_end(p: str, i: int) -> int:
    """Where the regex atom starting at ``p[i]`` ends: a group with its closing paren, a class, an escape, a char."""
    depth, in_class = 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            if depth == 0 and not in_class:
                return i
            continue
        if in_class:
            in_class = c != "]" or p[i - 1] == "[" or p[i - 2:i] == "[^"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
        if depth == 0 and not in_class:
            return i
    return i


def _top_level_bar(body: str) -> bool:
    """Does ``body`` hold a ``|`` outside every group and class (two alternatives, not one sequence)?"""
    i = 0
    while i < len(body):
        if body[i] == "|":
            return True
        i = _atom_end(body, i)
    return False


def _need(word: str) -> str:
    """A need normalised, keeping the space it may end with ("لم " is a word; normalised text has only spaces)."""
    return normalize(word) + " " * str(word).endswith(" ")


def _words(value: Any) -> list[str]:
    """A list of words given as a JSON list or a space-separated string."""
    return value.split() if isinstance(value, str) else [str(v) for v in value]


def _family_keys(families: dict[str, dict]) -> list[str]:
    return [k for fam in families.values() for k in fam.get("keys", ())]


# "لاستعادة السيطرة على Y"، "لم تفرض X سيطرتها على Y": the control noun a verb (or a light verb: فرض، أحكم، بسط)
# takes, after its subject at most, is blocked with it, so the capture rule cannot fire on that noun alone
_GAP_WORD = r"(?!(?:بعد|قبل|عقب|إثر|اثر|منذ|حتى|من|في|على|عن|إلى|الى|مع|بين|ثم|لكن|بل|و)(?![\w]))[^\s،,.:]+\s+"
_CONTROL_NOUN = r"(?:ال)?سيطر\w*"


def _held(family: str) -> str:
    """A family alternation that also takes the control noun it governs, or a light verb with that noun."""
    return (r"(?:(?:" + family + r")(?:\s+(?:" + _GAP_WORD + r"){0,3}?" + _CONTROL_NOUN + r")?"
            r"|(?:{{control_light_verbs}})\s+(?:" + _GAP_WORD + r"){0,3}?" + _CONTROL_NOUN + ")")


def _generated(kind: str, lists: dict[str, list[str]], families: dict[str, dict], extra: str | Path | None) -> list[dict]:
    """The blockers made from every verb family: negation (لم تقتحم)، attempt and plan (حاولت اقتحام، تستعد
    لاقتحام)، denial (نفت … سيطرة). Each claims its words so no claim rule fires on the verb inside it."""
    every = _held("|".join(f"{{{{family:{f}}}}}" for f in families))
    verbs = _held("|".join(f"{{{{verbs:{f}}}}}" for f in families))
    masdars = _held("|".join(f"{{{{masdars:{f}}}}}" for f in families))
    stems = lambda name: [literal_stem(w) for w in lists.get(name, ()) if literal_stem(w)]  # noqa: E731
    if kind == "negation":  # "لا تزال تسيطر" still holds: a continuative after لا is no negation of the claim;
        # nor is a negation an exceptive closes in the same clause ("لا تسيطر X إلا على Y": X holds Y alone)
        pattern = (r"(?:{{negators}})\s+(?!(?:{{continuatives}})(?![\w]))(?:\w+\s+)?[وف]?(?:قد\s+)?[يت]?(?:" + every + ")"
                   r"(?!(?:\s+[^\s،,.:]+){0,6}?\s+(?:{{exceptives}})\s+(?!أن(?![\w])|ان(?![\w])))")
        # keyed on the verbs (rarer than لا، لم), the negator a need: the scan starts ``lead`` before the verb
        # "لم تؤكد مصادر مستقلة سيطرة X على Y"، "لم يتم التأكد من سيطرة X": a claim nobody confirmed or announced
        unconfirmed = (r"(?:{{negators}})\s+(?:\w+\s+)?[يت]?(?:{{confirm_verbs}})\s+(?:\S+\s+){0,3}?(?:من\s+)?"
                       r"(?:ل|لل|ال|بال|ب)?(?:" + masdars + "|" + _CONTROL_NOUN + ")")
        words_then_space = [w + " " if w == literal_stem(w) else literal_stem(w) for w in lists.get("negators", ())]
        return [{"name": "negation", "keys": _family_keys(families), "needs": words_then_space, "pattern": pattern,
                 "lead": 45, "pre": "[وف]?", "opens_with_need": True},
                {"name": "unconfirmed", "keys": _family_keys(families), "needs": stems("confirm_verbs"),
                 "pattern": unconfirmed, "lead": 70, "pre": "[وف]?"}]
    if kind == "attempt":
        # the subject may stand between (تسعى قوات X إلى السيطرة), but not a success (محاولات … تمكنت من السيطرة:
        # ``unless``); keyed on the verbs, the modality word a need (some of its stems hide in other words: استهدف)
        pattern = (r"(?:{{modality}})\s+(?:\S+\s+){0,5}?"
                   r"(?:(?:ل|لل|ال|بال|ب)?(?:" + masdars + r"|انسحاب)"
                   r"|(?:ان|أن|لكي|كي)\s+[يت]?(?:" + verbs + "))")
        return [{"name": "attempt", "keys": _family_keys(families), "needs": stems("modality"), "pattern": pattern,
                 "lead": 90, "pre": "[وف]?(?:ل|ب)?", "opens_with_need": True, "unless": r"(?<![\w])[وف]?(?:{{success}})\w*\s"}]
    if kind == "conditional":  # "إذا سيطرت X"، "في حال سيطرة X"، "قد تسيطر X": a condition or a guess, no claim
        pattern = (r"(?:(?:{{conditionals}})\s+(?:\S+\s+){0,2}?[وف]?(?:(?:ل|لل|ال|بال|ب)?(?:" + masdars + r")|[يت]?(?:"
                   + verbs + r"))|قد\s+[يت](?:" + verbs + r"))")
        return [{"name": "conditional", "keys": _family_keys(families), "needs": [w + " " for w in stems("conditionals")] + ["قد ت", "قد ي"],
                 "pattern": pattern, "lead": 40, "pre": "[وف]?", "opens_with_need": True}]
    if kind == "denial":
        pattern = r"(?:{{denial_verbs}})\s+(?:\S+\s+){0,6}?(?:ل|لل|ال|بال|ب)?(?:" + every + ")"
        return [{"name": "denial", "keys": _family_keys(families), "needs": stems("denial_verbs"), "pattern": pattern,
                 "lead": 90, "pre": "[وف]?", "opens_with_need": True}]
    raise InputError(f"grammar: unknown generated blocker {kind!r} (negation, attempt, conditional or denial)",
                     path=str(extra or DATA))
