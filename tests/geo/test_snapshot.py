"""Snapshot rules on synthetic events: later claims win, same-window rivals contest, old news ages."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from geo.model import STATES
from geo.snapshot import EventIndex, render_snapshot, snapshot
from records.event import RELATIONS
from testing.factories import ev, unresolved


def state_of(events, on, place="p:raqqa", **policy):
    snap = snapshot(events, on, **policy)
    found = [p for p in snap.places if p.place_id == place]
    return found[0] if found else None


def test_opposite_claims_on_different_dates_give_the_later_controller():
    events = [ev("a1", "isis", "captured", date(2014, 1, 13)), ev("a2", "sdf", "captured", date(2017, 10, 17))]
    assert state_of(events, date(2015, 12, 31)).force == "isis"
    later = state_of(events, date(2017, 12, 31))
    assert (later.force, later.state, later.since) == ("sdf", "held", date(2017, 10, 17))
    assert [e.source for e in later.evidence] == ["a2"]
    assert state_of(events, date(2013, 1, 1)) is None  # nothing known yet


def test_opposite_claims_in_the_same_window_are_contested():
    events = [ev("a1", "isis", "captured", date(2016, 3, 1)), ev("a2", "government", "captured", date(2016, 3, 8))]
    s = state_of(events, date(2016, 3, 20))
    assert s.state == "contested"
    assert set(s.forces) == {"isis", "government"} and s.forces[0] == "government"
    assert s.n_sources == 2
    # a shorter window separates them: the later claim holds
    assert state_of(events, date(2016, 3, 20), contest_window_days=3).state == "held"


def test_control_then_capture_by_another_force_is_not_a_contest():
    events = [ev("a1", "isis", "controls", date(2016, 3, 1)), ev("a2", "sdf", "captured", date(2016, 3, 5))]
    s = state_of(events, date(2016, 3, 20))
    assert (s.force, s.state) == ("sdf", "held")


def test_rival_claim_withdrawn_is_not_a_contest():
    events = [ev("a1", "isis", "captured", date(2016, 3, 1)), ev("a2", "isis", "withdrew", date(2016, 3, 4)),
              ev("a3", "sdf", "captured", date(2016, 3, 5))]
    assert state_of(events, date(2016, 3, 20)).state == "held"


def test_loss_by_the_holder_ends_the_hold():
    events = [ev("a1", "isis", "captured", date(2015, 1, 1)), ev("a2", "isis", "withdrew", date(2016, 6, 1))]
    s = state_of(events, date(2016, 7, 1))
    assert (s.force, s.state) == (None, "unknown")
    assert state_of(events, date(2016, 5, 1)).force == "isis"
    # a loss by somebody else does not end isis' hold
    other = [events[0], ev("a3", "sdf", "lost", date(2016, 6, 1))]
    assert state_of(other, date(2016, 7, 1)).force == "isis"


def test_same_day_capture_after_withdrawal_goes_to_the_capturer():
    day = date(2016, 8, 12)
    events = [ev("a1", "isis", "controls", date(2015, 1, 1)), ev("a2", "sdf", "captured", day),
              ev("a2", "isis", "withdrew", day)]
    s = state_of(events, day)
    assert (s.force, s.state) == ("sdf", "held")


def test_besieged_is_its_own_state_with_both_forces():
    events = [ev("a1", "isis", "controls", date(2016, 1, 1)), ev("a2", "government", "besieged", date(2016, 2, 1))]
    s = state_of(events, date(2016, 2, 10))
    assert (s.state, s.force) == ("besieged", "isis")
    assert s.forces == ("isis", "government")
    # a capture by the besieger ends the siege
    events.append(ev("a3", "government", "captured", date(2016, 3, 1)))
    assert (state_of(events, date(2016, 3, 2)).state, state_of(events, date(2016, 3, 2)).force) == ("held", "government")


def test_attacks_alone_do_not_change_control():
    events = [ev("a1", "isis", "captured", date(2016, 1, 1)), ev("a2", "coalition", "attacked", date(2016, 2, 1))]
    assert state_of(events, date(2016, 3, 1)).force == "isis"
    assert state_of([events[1]], date(2016, 3, 1)) is None


def test_stale_claims_lower_confidence():
    events = [ev("a1", "isis", "captured", date(2014, 1, 1), confidence=0.8)]
    fresh = state_of(events, date(2014, 2, 1))
    old = state_of(events, date(2017, 1, 1))
    assert not fresh.stale and fresh.confidence == pytest.approx(0.8)
    assert old.stale and old.confidence < fresh.confidence
    assert old.force == "isis"  # reported, not dropped
    assert not state_of(events, date(2017, 1, 1), stale_after_days=5000).stale


def test_more_sources_raise_confidence():
    one = [ev("a1", "sdf", "captured", date(2017, 10, 17), confidence=0.6)]
    two = one + [ev("a2", "sdf", "controls", date(2017, 10, 20), confidence=0.6)]
    c1, c2 = state_of(one, date(2017, 11, 1)), state_of(two, date(2017, 11, 1))
    assert c2.confidence > c1.confidence and c2.n_sources == 2
    assert c2.since == date(2017, 10, 17) and c2.last_seen == date(2017, 10, 20)


def test_publication_date_stands_in_for_a_missing_event_date():
    events = [ev("a1", "isis", "captured", None, published=date(2014, 1, 20)),
              ev("a2", "sdf", "captured", None, published=date(2017, 10, 20))]
    assert state_of(events, date(2016, 1, 1)).force == "isis"
    assert state_of(events, date(2018, 1, 1)).force == "sdf"


def test_unresolved_events_are_left_out_and_places_are_separate():
    events = [unresolved(), ev("a1", "isis", "captured", date(2015, 5, 21), "p:palmyra"),
              ev("a2", "sdf", "captured", date(2016, 8, 12), "p:manbij")]
    snap = snapshot(events, date(2017, 1, 1))
    assert {p.place_id: p.force for p in snap.places} == {"p:manbij": "sdf", "p:palmyra": "isis"}
    text = render_snapshot(snap)
    assert "Palmyra" in text and "Manbij" in text and "isis" in text


def test_an_index_reused_for_several_dates_gives_the_same_snapshots():
    events = [ev(f"a{i}", ("isis", "sdf", "government")[i % 3], ("captured", "controls", "withdrew")[i % 3],
                 date(2014, 1, 1 + i % 28).replace(month=1 + i % 12), ("p:raqqa", "p:palmyra", "p:manbij")[i % 3])
              for i in range(60)]
    index = EventIndex(events)
    for on in (date(2014, 3, 1), date(2014, 8, 1), date(2015, 1, 1)):
        assert snapshot(index, on) == snapshot(events, on)


relation = st.sampled_from(RELATIONS)
force = st.sampled_from(["isis", "sdf", "government"])
day = st.dates(min_value=date(2013, 1, 1), max_value=date(2018, 1, 1))
place = st.sampled_from(sorted(["p:raqqa", "p:palmyra", "p:manbij"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(force, relation, day, place), max_size=25), day)
def test_snapshot_never_fails_and_states_are_valid(claims, on):
    events = [ev(f"s{i}", f, r, d, p) for i, (f, r, d, p) in enumerate(claims)]
    for s in snapshot(events, on).places:
        assert s.state in STATES
        assert 0.0 <= s.confidence <= 1.0
        assert s.force is None or s.force == s.forces[0]
        assert all(e.date is None or e.date <= on for e in s.evidence)
        if s.state == "held":
            assert s.force is not None
