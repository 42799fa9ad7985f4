"""The municipality gazetteer and the name normaliser built on it."""

from __future__ import annotations

from collections import Counter

import pytest
from rapidfuzz import fuzz

from extractor.catalogue import municipalities
from extractor.catalogue.municipalities import (
    FUZZY_THRESHOLD,
    Municipality,
    closest_municipality,
    find_municipalities,
    is_ambiguous,
    load_municipalities,
    municipality_from_text,
    written_forms,
)

COUNTY_COUNTS = {
    "Stockholms län": 26,
    "Uppsala län": 8,
    "Södermanlands län": 9,
    "Östergötlands län": 13,
    "Jönköpings län": 13,
    "Kronobergs län": 8,
    "Kalmar län": 12,
    "Gotlands län": 1,
    "Blekinge län": 5,
    "Skåne län": 33,
    "Hallands län": 6,
    "Västra Götalands län": 49,
    "Värmlands län": 16,
    "Örebro län": 12,
    "Västmanlands län": 10,
    "Dalarnas län": 15,
    "Gävleborgs län": 10,
    "Västernorrlands län": 7,
    "Jämtlands län": 8,
    "Västerbottens län": 15,
    "Norrbottens län": 14,
}

# Two-digit county prefixes of the municipality codes.
COUNTY_PREFIXES = {
    "Stockholms län": "01",
    "Uppsala län": "03",
    "Södermanlands län": "04",
    "Östergötlands län": "05",
    "Jönköpings län": "06",
    "Kronobergs län": "07",
    "Kalmar län": "08",
    "Gotlands län": "09",
    "Blekinge län": "10",
    "Skåne län": "12",
    "Hallands län": "13",
    "Västra Götalands län": "14",
    "Värmlands län": "17",
    "Örebro län": "18",
    "Västmanlands län": "19",
    "Dalarnas län": "20",
    "Gävleborgs län": "21",
    "Västernorrlands län": "22",
    "Jämtlands län": "23",
    "Västerbottens län": "24",
    "Norrbottens län": "25",
}


def by_name(name: str) -> Municipality:
    return next(m for m in load_municipalities() if m.name == name)


def names(text: str) -> list[str]:
    return [m.name for m, _, _ in find_municipalities(text)]


# --- the gazetteer ---------------------------------------------------------------


def test_all_290_municipalities() -> None:
    assert len(load_municipalities()) == 290


def test_codes_and_names_are_unique() -> None:
    municipalities = load_municipalities()
    assert len({m.code for m in municipalities}) == 290
    assert len({m.name for m in municipalities}) == 290
    assert len({m.official for m in municipalities}) == 290


def test_counts_per_county() -> None:
    assert Counter(m.county for m in load_municipalities()) == COUNTY_COUNTS


def test_codes_are_four_digits_within_their_county() -> None:
    for m in load_municipalities():
        assert len(m.code) == 4 and m.code.isdigit(), m
        assert m.code[:2] == COUNTY_PREFIXES[m.county], m


def test_no_empty_fields_or_stray_whitespace() -> None:
    for m in load_municipalities():
        for value in (m.code, m.name, m.official, m.county, *m.variants):
            assert value and value == value.strip(), m


@pytest.mark.parametrize(
    ("name", "official", "code"),
    [
        ("Östersund", "Östersunds kommun", "2380"),
        ("Falun", "Falu kommun", "2080"),
        ("Mora", "Mora kommun", "2062"),
        ("Västerås", "Västerås stad", "1980"),
        ("Göteborg", "Göteborgs Stad", "1480"),
        ("Stockholm", "Stockholms stad", "0180"),
        ("Malmö", "Malmö stad", "1280"),
        ("Borås", "Borås stad", "1490"),
        ("Gotland", "Region Gotland", "0980"),
        ("Dals-Ed", "Dals-Eds kommun", "1438"),
        ("Upplands Väsby", "Upplands Väsby kommun", "0114"),
        ("Upplands-Bro", "Upplands-Bro kommun", "0139"),
        ("Lilla Edet", "Lilla Edets kommun", "1462"),
        ("Haninge", "Haninge kommun", "0136"),
        ("Ale", "Ale kommun", "1440"),
        ("Ludvika", "Ludvika kommun", "2085"),
    ],
)
def test_known_rows(name: str, official: str, code: str) -> None:
    m = by_name(name)
    assert (m.official, m.code) == (official, code)


def test_load_is_cached() -> None:
    assert load_municipalities() is load_municipalities()


# --- municipality_from_text ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ÖSTERSUNDS KOMMUN", "Östersund"),
        ("Östersunds kommun", "Östersund"),
        ("Östersund", "Östersund"),
        ("Krokoms", "Krokom"),
        ("Falu kommun", "Falun"),
        ("FALU KOMMUN", "Falun"),
        ("Mora kommun", "Mora"),
        ("Västerås stad", "Västerås"),
        ("VÄSTERÅS STAD", "Västerås"),
        ("ANALYS AV ÖSTERSUNDS KOMMUN 2015", "Östersund"),
        ("KommunKompassen Analys av Falu kommun februari 2017", "Falun"),
        ("Dals Ed", "Dals-Ed"),
        ("Dals-Eds kommun", "Dals-Ed"),
        ("Region Gotland", "Gotland"),
        ("Gotlands kommun", "Gotland"),
        ("Göteborgs Stad", "Göteborg"),
        ("Upplands Väsby kommun", "Upplands Väsby"),
        ("Upplands Bro kommun", "Upplands-Bro"),
        ("Lilla Edets kommun", "Lilla Edet"),
        ("Analys av Ale kommun", "Ale"),
        ("Malung-Sälens kommun", "Malung-Sälen"),
        ("Östra Göinge kommun", "Östra Göinge"),
    ],
)
def test_from_text_exact(text: str, expected: str) -> None:
    found = municipality_from_text(text)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ANALYS AV ÖSTERSUNS KOMMUN 2015", "Östersund"),  # dropped letter
        ("VASTERAS STAD", "Västerås"),  # diacritics lost in OCR
        ("OSTERSUNDS KOMMUN", "Östersund"),
        ("Eskilstuma kommun", "Eskilstuna"),
        ("Helsingbrog", "Helsingborg"),
    ],
)
def test_from_text_small_typos(text: str, expected: str) -> None:
    found = municipality_from_text(text)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bangkok",
        "Trondheim",
        "Odense",
        "Oslo",
        "Bergen",
        "Aarhus kommune",
        "Sveriges Kommuner och Landsting",
        "KommunKompassen 2016",
        "Kalmar läns landsting",
        "Region Stockholm",
        "",
    ],
)
def test_from_text_none(text: str) -> None:
    assert municipality_from_text(text) is None


def test_from_text_prefers_the_name_followed_by_kommun() -> None:
    found = municipality_from_text("Jämförelse med Lund: analys av Malmö stad")
    assert found is not None and found.name == "Malmö"


def test_from_text_common_word_in_lower_case_is_not_a_name() -> None:
    assert municipality_from_text("hur ska det vara") is None


# --- find_municipalities ---------------------------------------------------------


def test_find_good_examples() -> None:
    text = "Här finns flera kommunala exempel, som t.ex. Upplands Väsby, Stockholm och Nacka."
    found = find_municipalities(text)
    assert [m.name for m, _, _ in found] == ["Upplands Väsby", "Stockholm", "Nacka"]
    assert [text[s:e] for _, s, e in found] == ["Upplands Väsby", "Stockholm", "Nacka"]


def test_find_genitive_and_lists() -> None:
    text = "Östersund, Bräcke, Krokoms och Ragunda kommuner ingår"
    found = find_municipalities(text)
    assert [m.name for m, _, _ in found] == ["Östersund", "Bräcke", "Krokom", "Ragunda"]
    assert [text[s:e] for _, s, e in found] == ["Östersund", "Bräcke", "Krokoms", "Ragunda"]


def test_find_space_variant() -> None:
    text = "cafédialog innan fullmäktigemöten i Dals Ed."
    found = find_municipalities(text)
    assert [(m.name, text[s:e]) for m, s, e in found] == [("Dals-Ed", "Dals Ed")]


def test_find_includes_official_suffix_in_span() -> None:
    text = "Jämför med Falu kommuns arbete, Göteborgs Stad och Region Gotland."
    found = find_municipalities(text)
    assert [(m.name, text[s:e]) for m, s, e in found] == [
        ("Falun", "Falu kommuns"),
        ("Göteborg", "Göteborgs Stad"),
        ("Gotland", "Region Gotland"),
    ]


def test_find_longest_name_wins() -> None:
    assert names("Lilla Edet och Upplands-Bro kommun samt Malung-Sälen") == [
        "Lilla Edet",
        "Upplands-Bro",
        "Malung-Sälen",
    ]


def test_find_whole_words_only() -> None:
    assert names("Stockholmsregionen, Malmöbor och Alemodellen") == []
    assert names("Alingsås och Markaryd") == ["Alingsås", "Markaryd"]


def test_find_skips_common_words() -> None:
    assert names("Det ska vara tydligt vilken mark som avses.") == []
    assert names("Vara öppen mot medborgarna.") == []
    assert names("Anna Berg ledde mötet.") == []
    assert names("Goda exempel finns i Vara, Mark och Berg.") == ["Vara", "Mark", "Berg"]
    assert names("Vara kommun har en bra modell.") == ["Vara"]


def test_find_skips_counties_and_regions() -> None:
    assert names("Kalmar län och Region Stockholm samarbetar med Uppsala.") == ["Uppsala"]


def test_find_spans_are_sorted_and_disjoint() -> None:
    text = "Östersund, Sundsvall och Trondheim samt Örnsköldsvik och Ö-vik."
    found = find_municipalities(text)
    starts = [s for _, s, _ in found]
    assert starts == sorted(starts)
    assert all(prev[2] <= cur[1] for prev, cur in zip(found, found[1:], strict=False))
    assert [m.name for m, _, _ in found] == [
        "Östersund",
        "Sundsvall",
        "Örnsköldsvik",
        "Örnsköldsvik",
    ]


def test_every_name_is_found_in_running_text() -> None:
    for m in load_municipalities():
        text = f"Ett gott exempel är {m.name}, som nämns här."
        assert names(text) == [m.name], m
        text = f"Ett gott exempel är {m.official}, som nämns här."
        assert names(text) == [m.name], m


def test_every_official_name_is_recognised_in_a_title() -> None:
    for m in load_municipalities():
        title = f"KommunKompassen Analys av {m.official.upper()} 2016"
        found = municipality_from_text(title)
        assert found == m, (title, found)


@pytest.mark.parametrize("text", ["Kalmar län", "Region Uppsala", "Region Kalmr", "Jönköpings län"])
def test_from_text_counties_and_regions_are_not_municipalities(text: str) -> None:
    assert municipality_from_text(text) is None


def _closest_one_by_one(candidate: str) -> Municipality | None:
    """`closest_municipality` written plainly: every choice scored on its own."""
    folded = municipalities._fold(candidate)
    if len(folded.replace(" ", "")) < municipalities.FUZZY_MIN_LENGTH:
        return None
    scores: dict[str, float] = {}
    best: dict[str, Municipality] = {}
    for choice, m in municipalities._fuzzy_choices().items():
        score = fuzz.ratio(folded, choice, score_cutoff=FUZZY_THRESHOLD)
        if not is_ambiguous(m) and score > scores.get(m.code, 0.0):
            scores[m.code], best[m.code] = score, m
    ranked = sorted(scores.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return best[max(scores, key=lambda code: scores[code])]


def test_closest_municipality_scores_every_choice_as_one_by_one() -> None:
    words = ["Kommunen", "Förvaltningen", "Kommunstyrelsen Ordförande", "Trondheim", "Ystads"]
    for m in load_municipalities():
        for form in written_forms(m):
            k = len(form) // 2
            # a dropped, a doubled and a changed letter, and the form itself
            words += [
                form,
                form[:k] + form[k + 1 :],
                form[:k] + form[k] + form[k:],
                form[:k] + "e" + form[k + 1 :],
            ]
    found = 0
    for word in words:
        expected = _closest_one_by_one(word)
        assert closest_municipality.__wrapped__(word) == expected, word
        found += expected is not None
    assert found > len(words) // 2
