"""The one normalisation: each folding choice, idempotence, offsets back to the original text."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from arabic.normalize import cue_of, normalize, normalize_with_offsets, split_clitic


@pytest.mark.parametrize("raw, folded", [
    ("الرَّقَّة", "الرقه"),                 # harakat and shadda
    ("الـــرقة", "الرقه"),                 # tatweel
    ("أعزاز", "اعزاز"), ("إدلب", "ادلب"), ("آب", "اب"), ("ٱلرقة", "الرقه"),  # alef forms
    ("نوى", "نوي"),                        # alef maqsura → yeh
    ("حماة", "حماه"),                      # teh marbuta → heh
    ("کفر", "كفر"), ("ی", "ي"), ("ہ", "ه"),  # Persian / Urdu letters
    ("بئر", "بير"), ("مؤتة", "موته"),      # hamza seats
    ("٢٠١٧", "2017"), ("۱۲", "12"),        # Eastern Arabic and Persian digits
    ("\u200fالرقة\u200e", "الرقه"),        # direction marks
    ("الر\u200cقة", "الرقه"),              # zero-width non-joiner
    ("دير   \t\n الزور", "دير الزور"),    # whitespace collapsed
    ("  حلب  ", "حلب"),                    # ends stripped
    ("ﻻ", "لا"),                           # presentation-form ligature
])
def test_each_fold(raw, folded):
    assert normalize(raw) == folded


def test_latin_and_punctuation_are_kept():
    assert normalize("Raqqa, 2017!") == "Raqqa, 2017!"


@given(st.text(alphabet=st.sampled_from(list("ابتةىيأإآٱـًٌٍَُِّْ ٠١٢کی\u200f\t\nxyz،.")), max_size=40))
def test_idempotent_and_offsets_point_back(text):
    norm, offsets = normalize_with_offsets(text)
    assert normalize(norm) == norm
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
    assert offsets == sorted(offsets)
    for i, ch in enumerate(norm):
        if ch != " ":
            assert normalize(text[offsets[i]]) == ch


def test_offsets_map_a_span_back_to_the_original():
    text = "سيطروا على الرَّقَّة أمس"
    norm, offsets = normalize_with_offsets(text)
    s = norm.index("الرقه")
    e = s + len("الرقه")
    assert text[offsets[s]:offsets[e - 1] + 1] == "الرَّقَّة"


@pytest.mark.parametrize("token, stem", [
    ("وبالرقه", "الرقه"), ("بالرقه", "الرقه"), ("فالسخنه", "السخنه"), ("والطبقه", "الطبقه"),
    ("للرقه", "الرقه"), ("وللرقه", "الرقه"), ("كالرقه", "الرقه"),
])
def test_clitic_readings(token, stem):
    assert stem in [s for _, s in split_clitic(token)]


def test_clitic_reading_keeps_the_whole_word_and_short_stems_stay_whole():
    assert split_clitic("ورد")[-1] == ("", "ورد")
    assert split_clitic("وحل") == [("", "وحل")]  # و + two letters is not a name reading


@pytest.mark.parametrize("token, cue", [
    ("مدينة", "مدينه"), ("ومدينة", "مدينه"), ("بلدتي", "بلدتي"), ("ببلدة", "بلده"), ("قرى", "قري"),
    ("مخيم", "مخيم"), ("مطار", "مطار"), ("ريف", "ريف"), ("محافظة", "محافظه"), ("حي", "حي"),
])
def test_cue_words(token, cue):
    assert cue_of(normalize(token)) == cue


@pytest.mark.parametrize("token", ["المدينة", "الرقة", "سيطرة", "الجيش"])
def test_not_cue_words(token):
    assert cue_of(normalize(token)) is None


@given(st.text(alphabet=st.sampled_from(list("ابةىأـًّ \t\n\u200f\u200c٣کxy،")), max_size=60))
def test_fast_path_equals_the_character_by_character_definition(text):
    from arabic.normalize import _normalize_slow

    assert normalize_with_offsets(text) == _normalize_slow(text)


def test_every_unicode_space_is_folded_to_one_space():
    spaces = [chr(cp) for cp in range(0x3001) if chr(cp).isspace()]
    assert normalize("حلب" + "".join(spaces) + "حمص") == "حلب حمص"
    for ch in spaces:
        assert normalize_with_offsets(f"ا{ch}ب") == ("ا ب", [0, 1, 2, 3])


@pytest.mark.parametrize("cap", [1 << 20, 5000])
def test_long_text_offsets_equal_the_character_by_character_definition(cap, monkeypatch):
    # offsets are slices of one shared counting list, grown for longer texts and replaced by range past a cap
    import arabic.normalize as normalize_module

    monkeypatch.setattr(normalize_module, "_COUNTING_MAX", cap)
    text = "قالت مصادر محلية إن الجيشَ دخل بلدة  تل أبيض،\n" * 300  # about 14,000 characters, with deletions
    assert normalize_with_offsets(text) == normalize_module._normalize_slow(text)
    assert normalize_with_offsets(text[:100]) == normalize_module._normalize_slow(text[:100])


@given(st.text(alphabet=st.sampled_from(list("ابة ًّ\u200f\ufeff\ufefbﻻﺍ\ufdf2\u00adx\n")), max_size=40))
def test_marks_and_presentation_forms_found_in_one_pass_equal_the_definition(text):
    # one regex pass finds the deleted marks and the presentation forms (U+FEFF is both: the slow path)
    from arabic.normalize import _normalize_slow

    assert normalize_with_offsets(text) == _normalize_slow(text)
