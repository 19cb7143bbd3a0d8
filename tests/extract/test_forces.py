"""The force lexicon: aliases with clitics, longest alias wins, reporters, user extension files."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic.normalize import normalize
from core.errors import InputError, UsageError
from extract.forces import ForceLexicon, load_lexicon
from records.forces import Force


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def found(lexicon, text):
    return [(m.surface, m.force) for m in lexicon.find(text)]


def test_every_scorer_force_id_is_in_the_lexicon(lexicon):
    ids = {f.id for f in lexicon.all()}
    assert ids == {"government", "sdf", "isis", "hts_nusra", "fsa_opposition", "turkey_backed", "russia",
                   "coalition", "hezbollah_iran", "iraq_gov", "peshmerga", "other"}
    assert all(f.color.startswith("#") and f.name_en and f.name_ar for f in lexicon.all())


@pytest.mark.parametrize("text, surface, force", [
    ("والجيش السوري يتقدم", "الجيش السوري", "government"),
    ("هاجم مسلحون مواقع لقوات النظام", "قوات النظام", "government"),
    ("اشتباكات بقوات سوريا الديمقراطية", "قوات سوريا الديمقراطية", "sdf"),
    ("فرّ عناصر «داعش» من القرية", "داعش", "isis"),
    ("وهيئة تحرير الشام أعلنت", "هيئة تحرير الشام", "hts_nusra"),
    ("قصفت الطائرات الروسيّة البلدة", "الطائرات الروسيّة", "russia"),
])
def test_clitics_and_spelling_variants(lexicon, text, surface, force):
    assert (surface, force) in found(lexicon, text)


def test_lam_lam_before_the_article(lexicon):
    # للجيش = ل + الجيش: the alias is still found, mapped to the army
    assert [f for _, f in found(lexicon, "الخاضعة للجيش السوري")] == ["government"]


def test_longest_alias_wins(lexicon):
    assert found(lexicon, "سيطر الجيش السوري الحر على التلة") == [("الجيش السوري الحر", "fsa_opposition")]
    assert found(lexicon, "تقدمت قوات سوريا الديمقراطية") == [("قوات سوريا الديمقراطية", "sdf")]


def test_no_match_inside_a_longer_word(lexicon):
    assert found(lexicon, "طالب بالانتظام في العمل") == []


def test_offsets_index_the_original_text(lexicon):
    text = "قالت مصادر إنّ قوّات النظام دخلت"
    (m,) = lexicon.find(text)
    assert text[m.start:m.end] == m.surface == "قوّات النظام"


def test_reporting_sources_are_flagged(lexicon):
    (m,) = [m for m in lexicon.find("وقال المتحدث باسم التحالف الدولي إن الغارات مستمرة") if m.force == "coalition"]
    assert m.reporter
    (m,) = lexicon.find("بحسب قوات سوريا الديمقراطية فإن المعارك مستمرة")
    assert m.reporter
    # the announcer of its own action is its actor
    (m,) = lexicon.find("أعلن الجيش سيطرته على التلة")
    assert not m.reporter
    (m,) = lexicon.find("سيطرت قوات النظام على التلة")
    assert not m.reporter


def test_extension_file_adds_aliases_and_forces(tmp_path, lexicon):
    extra = tmp_path / "forces.json"
    extra.write_text(json.dumps({"forces": [
        {"id": "government", "aliases": ["كتائب البعث"]},
        {"id": "local_militia", "name_en": "Local militia", "name_ar": "ميليشيا محلية", "color": "#123456",
         "aliases": ["درع القلمون"]},
    ]}, ensure_ascii=False), encoding="utf-8")
    lex = load_lexicon(extra)
    assert found(lex, "تقدمت كتائب البعث") == [("كتائب البعث", "government")]
    assert found(lex, "انسحب درع القلمون") == [("درع القلمون", "local_militia")]
    assert lex.get("government").name_en == lexicon.get("government").name_en  # names kept when not given
    assert "قوات النظام" in lex.get("government").aliases


def test_bad_extension_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        load_lexicon(bad)
    with pytest.raises(InputError, match="missing.json"):
        load_lexicon(tmp_path / "missing.json")


def test_unknown_force_id_lists_the_known_ones(lexicon):
    with pytest.raises(UsageError, match="government"):
        lexicon.get("nobody")


def _plain_spans(lexicon_keys: dict[str, tuple[str, bool]], norm: str) -> list[tuple[int, int, str]]:
    """The force finder's plain definition: every alias found anywhere as a substring, kept when it ends
    before a non-letter and the letters right before it (if any) are a proclitic; overlaps to the longest,
    then the leftmost, then the longer key (what a plain automaton over the bare aliases reports first)."""
    from extract.forces import _CLITICS, _LAM_CLITICS, _LETTERS

    found = []
    for key, (fid, lam) in lexicon_keys.items():
        for start in (i for i in range(len(norm)) if norm.startswith(key, i)):
            end = start + len(key)
            if end < len(norm) and norm[end] in _LETTERS:
                continue
            w = start
            while w > 0 and norm[w - 1] in _LETTERS and start - w < 3:
                w -= 1
            if w < start and norm[w:start] not in (_LAM_CLITICS if lam else _CLITICS):
                continue
            first = start + 1 if lam else start
            found.append((first - end, first, -len(key), end, fid))
    taken, kept = bytearray(len(norm)), []
    for _, start, _, end, fid in sorted(found):
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, fid))
    return sorted(kept)


_ODD_FORCES = [Force("a", "A", "الجيش", "#000", ("جيش", "الجيش الحر", "أ-ب", "أ/ب", "(قسد)", "الواء")),
               Force("b", "B", "قسد", "#111", ("قوات سوريا الديمقراطية", "جيش", "ي.ب.ك", "YPG", "لواء"))]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["الجيش", "للجيش", "والجيش", "جيش", "بجيش", "كالجيش", "الحر", "أ", "ب", "-", "/",
                                 "(", ")", "قسد", "وقسد", "ابو", "لواء", "للواء", "قوات", "سوريا", "الديمقراطية",
                                 "ي", ".", "ك", "YPG", "xYPG", "،", " ", "ن", "ال", "ـ", "é"]), max_size=14),
       st.sampled_from(["", " "]))
def test_the_word_automaton_finds_what_the_plain_definition_finds(parts, sep):
    # aliases at word boundaries with clitics, punctuation inside and around aliases, lam variants, Latin
    lexicon = ForceLexicon(_ODD_FORCES)
    keys: dict[str, tuple[str, bool]] = {}
    for f in _ODD_FORCES:
        for alias in (f.name_ar, *f.aliases):
            key = normalize(alias)
            keys.setdefault(key, (f.id, False))
            if key.startswith("ال") and len(key) > 3:
                keys.setdefault("لل" + key[2:], (f.id, True))
    norm = normalize(sep.join(parts))
    assert lexicon.spans_normalized(norm) == _plain_spans(keys, norm)
