"""Choosing among places that share a name: a score in [0, 1] and the reasons for it.

The score multiplies priors (country, kind, population, curated source) with evidence from the
text (cue word, other places named nearby, an explicit "east of Homs" or "Aleppo countryside"),
then discounts it by how much of the total belongs to rival places far away. A weak name with no
evidence (a village that cities500 happens to carry, one of many of that name) scores low and is
reported as ambiguous rather than placed confidently in the wrong governorate.
"""
from __future__ import annotations

import math
from typing import Sequence

from gazetteer.model import Candidate, Place
from gazetteer.normalize import normalize

# A candidate scoring at least this is an answer; below it the name is "ambiguous" (abstention).
CONFIDENT = 0.5
FUZZY_PENALTY = 0.6

COUNTRY_PRIOR = {"SY": 1.0, "IQ": 0.7, "LB": 0.45, "JO": 0.45, "TR": 0.35}
KIND_PRIOR = {"city": 1.0, "governorate": 0.9, "town": 0.9, "base": 0.8, "airport": 0.8, "crossing": 0.8,
              "camp": 0.75, "dam": 0.75, "industrial": 0.7, "district": 0.7, "subdistrict": 0.7, "region": 0.6,
              "neighbourhood": 0.6, "site": 0.6, "village": 0.7, "country": 0.3}
# Which kinds each cue word announces (normalised cue → kinds).
CUE_KINDS = {
    "مدينه": {"city", "town"}, "مدينتي": {"city", "town"}, "مدن": {"city", "town"},
    "بلده": {"town", "village", "city"}, "بلدتي": {"town", "village", "city"}, "بلدات": {"town", "village"},
    "قريه": {"village", "town"}, "قريتي": {"village", "town"}, "قري": {"village", "town"},
    "مخيم": {"camp"}, "مخيمي": {"camp"}, "مطار": {"airport", "base"}, "مطاري": {"airport", "base"},
    "معبر": {"crossing"}, "منفذ": {"crossing"}, "سد": {"dam"}, "حي": {"neighbourhood"}, "حيي": {"neighbourhood"},
    "احياء": {"neighbourhood"}, "قاعده": {"base", "airport"}, "محافظه": {"governorate"},
    "محافظتي": {"governorate"}, "ناحيه": {"subdistrict", "town"}, "ريف": {"city", "governorate", "town"},
    "قضاء": {"district", "town", "city"}, "ضاحيه": {"neighbourhood", "town"},
}
# Named facilities rarely have namesakes, so distance from the article's other places says little.
FACILITIES = frozenset({"base", "airport", "crossing", "camp", "dam", "industrial"})
SETTLEMENT_CUES = {"مدينه", "مدينتي", "مدن", "بلده", "بلدتي", "بلدات", "قريه", "قريتي", "قري", "حي", "احياء"}

# Words that are also place names but in running text are something else. ALWAYS_STOP never counts
# as a place on its own (adjectives, common nouns, countries, function words and words that read as
# clitic + name: ورقة = و + رقة، لبنان = ل + بنان); the index also uses them to block shorter matches
# inside them. NAME_STOP (months, first names, titles) counts only after a cue word (بلدة سلمى).
ALWAYS_STOP = frozenset(normalize(w) for w in """
جديدة الجديدة جديد الجديد قديمة القديمة كبيرة الكبيرة كبير صغيرة الصغيرة صغير الكبرى الصغرى الأولى الثانية
الوسطى العليا السفلى الغربي الشرقي الشمالي الجنوبي الغربية الشرقية الشمالية الجنوبية الأحمر الأبيض الأسود
الأخضر أخرى آخر واحدة واحد استراتيجية إستراتيجية استراتيجي حدودية رئيسية رئيسي عسكرية عسكري سكنية صناعية
زراعية محاصرة مجاورة قريبة بعيدة مدمرة خالية آمنة كاملة محررة مهمة مهم حيوية سورية عراقية تركية كردية عربية
الشرق الغرب الشمال الجنوب الوسط الساحل الجبل السهل البحر الحدود الطريق الريف المركز المدينة البلدة القرية
المطار المعبر الجسر السوق المسجد الجامع الكنيسة المدرسة المشفى المستشفى الجامعة الملعب الحديقة الساحة
الدوار المعمل المعامل المصنع المحطة القلعة الفوج اللواء الفرقة الكتيبة الثكنة المنطقة المناطق السجن الحي
العلم الأشهر ميادين ضمان سوف ورقة الورقة وان وإن وأن عنه منه فيه لبنان سوريا سورية العراق تركيا الأردن إيران
روسيا مصر إسرائيل السعودية فلسطين أمريكا أميركا الولايات المتحدة الدولة النظام الحكومة المعارضة التحالف
القوات الأمن الشرطة الحرس الشعب الوطن اليوم أمس غدا الآن عام العام شهر يوم سنة
""".split())
NAME_STOP = frozenset(normalize(w) for w in """
كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس
سبتمبر أكتوبر نوفمبر ديسمبر السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة
الشيخ الجيش الحر الثورة الحرية السلام النصر الفتح التحرير الجهاد الشهداء الشهيد المقاومة البعث العروبة
الوحدة الاتحاد الاستقلال الانتصار الخير البركة السعادة الأمل المستقبل النور الهدى الفجر الصباح المساء الليل
النهار الإسلام الله الرئيس الوزير الأمير الملك السلطان القائد الإمام النبي الأسد بشار حافظ
سلمى محمد علي عمر حسن حسين أحمد خالد عثمان إبراهيم يوسف مريم فاطمة زينب سلمان مصطفى عبدالله الحسن الحسين
العباس الرشيد المنصور الناصر عيسى موسى داود سليمان صالح
نصيب سلوك القدم التضامن الضمير الحاضر الشعار السكري الدور الميدان المشهد بلد القصور الإنشاءات الراشدين الهول حضر
جاسم الوعر الهامة الحراك الرطبة القاع الحارة الوليد جابر هجين التل السلمية سلمية الأنصاري الجراح القائم
""".split())
STOP_WORDS = ALWAYS_STOP | NAME_STOP


def is_stop(key: str, cue: str | None) -> bool:
    """True when a name found in running text should not count as a place."""
    if key in ALWAYS_STOP:
        return True
    return cue is None and (key in NAME_STOP or len(key.replace(" ", "")) <= 2)


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine; plenty for ranking)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _approx_km(a: Place, b: Place) -> float:
    """Equirectangular distance: within a few percent of haversine at these latitudes, and cheap,
    which matters because ranking compares every candidate with every other place of an article."""
    x = (b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.195 * math.hypot(b.lat - a.lat, x)


def _contains(outer: Place, inner: Place) -> bool:
    """A governorate contains the places of its admin1 (so the city of Homs is no rival of Homs governorate)."""
    return outer.kind == "governorate" and outer.admin1 == inner.admin1 and outer.country == inner.country


def _near(place: Place, anchor: Place) -> float:
    """Closeness in [0, 1] to an anchor place; being in the anchor's governorate counts as fairly close
    ("east of Homs" may be 200 km east in the desert, but it is still Homs governorate)."""
    if _contains(anchor, place):
        return 0.8
    same_admin = bool(place.admin1) and place.admin1 == anchor.admin1 and place.country == anchor.country
    return max(math.exp(-_approx_km(place, anchor) / 60.0), 0.6 if same_admin else 0.0)


def _bearing_fits(place: Place, anchor: Place, direction: tuple[float, float]) -> float:
    """Cosine between the named direction (north = (1, 0), east = (0, 1)) and anchor → place."""
    dy = place.lat - anchor.lat
    dx = (place.lon - anchor.lon) * math.cos(math.radians(anchor.lat))
    length = math.hypot(dy, dx) * math.hypot(*direction)
    return (dy * direction[0] + dx * direction[1]) / length if length else 0.0


def _raw(place: Place, *, cue: str | None, context: Sequence[Place], anchors: Sequence[Place],
         direction: tuple[float, float] | None = None) -> tuple[float, list[str]]:
    why: list[str] = []
    country = COUNTRY_PRIOR.get(place.country, 0.3)
    kind = KIND_PRIOR.get(place.kind, 0.5)
    # Population 0 means "unknown" (cities500 keeps admin seats of any size), not "empty".
    pop = 1.0 if place.kind == "governorate" else 0.75 if not place.population else \
        0.6 + 0.4 * min(1.0, math.log10(place.population + 1) / 6)
    if place.source == "supplement":  # curated because the conflict made it newsworthy
        kind, pop = max(kind, 0.85), max(pop, 0.85)
        why.append("curated")
    why.append(f"country {place.country}")
    why.append(f"{place.kind}" + (f" pop {place.population}" if place.population else ""))
    score = country * kind * pop
    if cue is not None and cue in CUE_KINDS:
        if place.kind in CUE_KINDS[cue]:
            score *= 1.5
            why.append(f"cue {cue} fits")
        elif place.kind == "governorate" or cue == "محافظه":
            score *= 0.25
            why.append(f"cue {cue} does not fit")
    if anchors:
        near = max(_near(place, a) for a in anchors)
        score *= 0.5 + 3.0 * near
        why.append(f"relative cue near {anchors[0].name_ar}" if near > 0.3 else "far from relative cue")
        if direction and any(direction) and anchors[0].kind != "governorate":
            fit = _bearing_fits(place, anchors[0], direction)
            score *= 1.0 + 0.5 * fit  # the right side of the anchor: up to 1.5, the wrong side down to 0.5
            why.append("on the named side" if fit > 0.3 else "not on the named side" if fit < -0.3 else "")
            why = [w for w in why if w]
    elif context:
        near = max(_near(place, a) for a in context)
        score *= 1.0 + 1.5 * near
        if near > 0.3:
            why.append("near other places in text")
        elif (len(context) >= 3 and near < 0.1 and cue is None and place.population < 100_000
              and place.kind not in FACILITIES):
            # An article about one region naming a small town 300 km away more likely means a namesake
            # the gazetteer lacks (المالكية near Azaz, not in Hasakah): abstain rather than misplace it.
            score *= 0.6
            why.append("far from every other place in the text")
    return score, why


def rank(places: Sequence[Place], *, cue: str | None = None, context: Sequence[Place] = (),
         anchors: Sequence[Place] = (), direction: tuple[float, float] | None = None, fuzzy: bool = False,
         limit: int = 5) -> list[Candidate]:
    """Score every place for one name; best first.

    ``context``: places named elsewhere in the same text (weak evidence); ``anchors``: places the
    text relates this one to explicitly (شرق حمص، ريف حلب) — strong evidence; ``direction``: the side of
    the first anchor the text names, as (north, east) components.
    """
    scored = []
    for p in places:
        raw, why = _raw(p, cue=cue, context=context, anchors=anchors, direction=direction)
        scored.append((raw, p, why))
    scored.sort(key=lambda t: (-t[0], t[1].id))
    out: list[tuple[float, float, Candidate]] = []
    for raw, p, why in scored[:max(limit, 20)]:
        rivals = sum(r for r, q, _ in scored if q is not p and _approx_km(p, q) > 15
                     and not _contains(p, q) and not _contains(q, p))
        dominance = raw / (raw + rivals) if raw + rivals > 0 else 0.0
        score = min(1.0, raw) * math.sqrt(dominance) * (FUZZY_PENALTY if fuzzy else 1.0)
        reasons = list(why)
        if rivals:
            reasons.append(f"{dominance:.0%} against namesakes")
        if fuzzy:
            reasons.append("fuzzy match")
        out.append((round(score, 3), raw, Candidate(place=p, score=round(score, 3), why=tuple(reasons))))
    out.sort(key=lambda t: (-t[0], -t[1], t[2].place.id))  # equal (capped) scores: the stronger evidence first
    return [c for _, _, c in out[:limit]]


def decide(candidates: Sequence[Candidate], threshold: float = CONFIDENT) -> str:
    """``resolved`` when the best candidate is confident, ``ambiguous`` when not, ``unresolved`` when none."""
    if not candidates:
        return "unresolved"
    return "resolved" if candidates[0].score >= threshold else "ambiguous"
