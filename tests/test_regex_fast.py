"""core/regex.py: optional groups written as alternations find the same matches, spans and groups."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from core.regex import compile_fast, optional_as_branch

# Small patterns over a few Arabic letters, with what the grammar uses: literals, classes, \w \s, optional and
# repeated groups, alternations, lookarounds and capturing groups.
_ATOMS = st.sampled_from(["ا", "ل", "ب", "و", "س", "ال", "سيطر", r"\w", r"\s", r"\w*", r"\s+", "[وف]", "[^ ا]", " ",
                          r"(?<![\w])", r"(?![\w])", "$", "^"])


def _pattern(depth: int = 0):
    leaf = st.lists(_ATOMS, min_size=1, max_size=4).map("".join)
    if depth >= 2:
        return leaf
    inner = _pattern(depth + 1)
    group = st.tuples(st.lists(inner, min_size=1, max_size=3), st.sampled_from(["(?:", "("]),
                      st.sampled_from(["?", "??", "", "*", "+"])).map(
        lambda t: t[1] + "|".join(t[0]) + ")" + t[2])
    return st.lists(st.one_of(leaf, group), min_size=1, max_size=3).map("".join)


_TEXT = st.text(alphabet="البوسيطرف ،", max_size=30)


def _all_matches(rx: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.groups()) for m in (rx.search(text, i) for i in range(len(text) + 1)) if m is not None] + \
        [(m.span(), m.groups()) for m in rx.finditer(text)] + [bool(rx.fullmatch(text)), bool(rx.match(text))]


@settings(max_examples=400, deadline=None)
@given(_pattern(), st.lists(_TEXT, min_size=1, max_size=4))
def test_a_rewritten_pattern_finds_what_the_pattern_finds(pattern, texts):
    plain, fast = re.compile(pattern), compile_fast(pattern)
    for text in texts:
        assert _all_matches(fast, text) == _all_matches(plain, text), (pattern, fast.pattern, text)


def test_only_greedy_optional_plain_groups_are_rewritten():
    assert optional_as_branch(r"(?:ال)?مدعوم(?:\s+\w+)?") == r"(?:ال|)مدعوم(?:\s+\w+|)"
    assert optional_as_branch(r"(?:a|b)?c") == r"(?:a|b|)c"
    assert optional_as_branch(r"(?:(?:a)?b)?") == r"(?:(?:a|)b|)"
    for same in (r"(?:x)??y", r"(a)?b", r"(?P<x>a)?", r"(?<!x)a", r"\(?:a)?", r"(?:a)*", r"[(?:)]?"):
        assert optional_as_branch(same) == same
    assert optional_as_branch(r"[(?:)]?(?:\))?") == r"[(?:)]?(?:\)|)"  # a class and an escaped paren stay


def test_a_verbose_pattern_is_left_whole():
    verbose = "(?x) (?:a)? b  # a comment (with a paren"
    assert optional_as_branch(verbose) == verbose
    assert optional_as_branch("(?ix)(?:a)?") == "(?ix)(?:a)?"
    assert compile_fast("(?:a)? b # (note", re.VERBOSE).pattern == "(?:a)? b # (note"
    assert compile_fast("(?:a)? b # (note", re.VERBOSE).fullmatch("ab")
