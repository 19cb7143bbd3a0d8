"""A scan ranks a name with the article's other places; with none (no context, no anchor) it takes the ranking
without context, kept across articles. These check that shortcut gives what ranking afresh gives."""
from __future__ import annotations

import pytest

from arabic.normalize import normalize
from gazetteer.resolve import rank


@pytest.mark.parametrize("text,name,cue", [
    ("وصلت التعزيزات إلى الفا صباح اليوم", "الفا", None),
    ("قصف مدفعي على قرية بيتا", "بيتا", "قريه"),  # two namesakes far apart and nothing to tell them apart
    ("عادت العائلات إلى مدينة دلتا", "دلتا", "مدينه"),
])
def test_a_name_alone_in_its_article_gets_the_ranking_without_context(toy, text, name, cue):
    (m,) = [m for m in toy.scan(text) if normalize(m.surface) == normalize(name)]
    fresh = rank(toy._places(normalize(name), cue), cue=cue, context=(), anchors=())  # no memo: computed anew
    assert m.candidates == tuple(fresh)


def test_a_name_beside_other_places_is_still_ranked_with_them(toy):
    alone = [m for m in toy.scan("قرية بيتا") if m.surface == "بيتا"]
    with_gamma = [m for m in toy.scan("قرية بيتا قرب مدينة غاما") if m.surface == "بيتا"]
    assert alone[0].status == "ambiguous"
    assert with_gamma[0].place is not None and with_gamma[0].place.id == "beta-far"
