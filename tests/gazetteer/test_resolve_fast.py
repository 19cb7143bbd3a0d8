"""The inlined ranking arithmetic agrees with its plain definitions (resolve.py trades clarity for speed)."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.model import Place
from gazetteer.resolve import _approx_km, _max_near, _near, _round3, _spread_km, rank

_ADMIN1 = st.sampled_from(["", "Aleppo", "Idlib", "Homs"])
_PLACES = st.builds(
    Place, id=st.text("abcxyz", min_size=1, max_size=4), name_ar=st.just("س"), name_en=st.just("x"),
    lat=st.floats(32.0, 37.5), lon=st.floats(35.5, 42.5), kind=st.sampled_from(["town", "village", "governorate"]),
    country=st.sampled_from(["SY", "IQ"]), admin1=_ADMIN1)


@settings(max_examples=300, deadline=None)
@given(_PLACES, st.lists(_PLACES, max_size=8))
def test_max_near_is_the_best_near(place, others):
    # _near goes through math.radians, _max_near multiplies by pi/360: equal up to rounding
    assert math.isclose(_max_near(place, others), max((_near(place, a) for a in others), default=0.0),
                        rel_tol=1e-12, abs_tol=1e-15)


@settings(max_examples=100, deadline=None)
@given(st.lists(_PLACES, min_size=1, max_size=8))
def test_spread_is_the_farthest_from_the_centre(places):
    lat = sum(p.lat for p in places) / len(places)
    lon = sum(p.lon for p in places) / len(places)
    centre = Place("centre", "", "", lat, lon, "site")
    expected = max(_approx_km(centre, p) for p in places)
    assert _spread_km(tuple(places)) == expected
    assert _spread_km(tuple(places)) == expected  # a pure function: a second call agrees


def test_a_mutated_context_list_is_never_served_from_the_cache():
    far = [Place(f"f{i}", "س", "x", 36.0 + i, 37.0 + i, "town", admin1="") for i in range(3)]
    near = [Place(f"n{i}", "س", "x", 36.0, 37.0 + 0.01 * i, "town", admin1="") for i in range(3)]
    context = list(far)
    assert _spread_km(context) > 100
    context[:] = near
    assert _spread_km(context) < 5


def test_rank_is_the_same_for_an_equal_context_tuple_or_list():
    a = Place("a", "س", "x", 36.2, 37.1, "village", admin1="Aleppo")
    b = Place("b", "س", "x", 33.5, 36.3, "village", admin1="Damascus")
    ctx = [Place(f"c{i}", "ص", "x", 36.2 + 0.05 * i, 37.2, "town", admin1="Aleppo") for i in range(4)]
    as_tuple, as_list = rank([a, b], context=tuple(ctx)), rank([a, b], context=ctx)
    assert as_tuple == as_list
    assert as_tuple[0].place.id == "a" and "near other places in text" in as_tuple[0].why
    assert math.isclose(sum(c.score for c in as_tuple), sum(c.score for c in as_list))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.floats(0.0, 1.0), st.integers(0, 2000).map(lambda n: n / 2000), st.floats(allow_nan=True)))
def test_round3_is_round_to_three_digits_bit_for_bit(x):
    # halves (n / 2000) are where a shortcut would go wrong: there Python's own rounding decides
    expected, got = round(x, 3), _round3(x)
    if math.isnan(x):
        assert math.isnan(got)
    else:
        assert got == expected and math.copysign(1.0, got) == math.copysign(1.0, expected)

