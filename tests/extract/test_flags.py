"""Raising a flag over a place is a capture of it: a common way news reports that a force took a town.

Only a flag raised over (فوق، على، وسط) the place itself counts, not over a building named after a province, and
not a flag waved at a demonstration. The sentences are written for these tests.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, claim", [
    ("ورفعت القوات العراقية العلم العراقي فوق مدينة الفلوجة.", ("الفلوجة", "iraq_gov", "captured")),
    ("وأظهر تسجيل عناصر من تنظيم داعش يرفعون رايتهم فوق مدينة الرمادي.", ("الرمادي", "isis", "captured")),
    ("ورفعت قوات سوريا الديمقراطية رايتها وسط مدينة الرقة.", ("الرقة", "sdf", "captured")),
])
def test_a_flag_raised_over_a_place_is_a_capture(claims_of, text: str, claim: tuple[str, str, str]) -> None:
    assert claim in claims_of(text)


@pytest.mark.parametrize("text", [
    "ورفعت القوات العراقية العلم العراقي فوق مبنى مجلس محافظة الأنبار.",  # a building named after the province
    "رفعت الفصائل علم الثورة في مظاهرة بمدينة إدلب.",  # a demonstration
    "رفع المتظاهرون علم الثورة فوق دوار الساعة في مدينة حمص.",  # no armed force
])
def test_a_flag_elsewhere_claims_nothing(claims_of, text: str) -> None:
    assert not [c for c in claims_of(text) if c[2] == "captured"]
