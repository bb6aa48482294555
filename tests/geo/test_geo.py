import pytest

from intervisie import geo


@pytest.mark.parametrize(
    ("text", "label", "province"),
    [
        ("3511", "Utrecht", "UT"),
        ("3511 AB", "Utrecht", "UT"),
        ("3511ab", "Utrecht", "UT"),
        ("Zwolle", "Zwolle", "OV"),
        ("zwolle", "Zwolle", "OV"),
        ("Den Haag", "Den Haag", "ZH"),
        ("'s-Gravenhage", "Den Haag", "ZH"),
        ("Den Bosch", "'s-Hertogenbosch", "NB"),
        ("Almere", "Almere", "FL"),
        ("1315", "Almere", "FL"),
    ],
)
def test_locate_postcodes_and_places(text, label, province):
    location = geo.locate(text)
    assert (location.label, location.province) == (label, province)


@pytest.mark.parametrize("text", ["", "   ", "Atlantis", "0123", "12345", "AB12"])
def test_locate_unknown_gives_none(text):
    assert geo.locate(text) is None


def test_distance_utrecht_amersfoort_is_about_twenty_km():
    utrecht, amersfoort = geo.locate("Utrecht"), geo.locate("Amersfoort")
    km = geo.distance_km(utrecht.latitude, utrecht.longitude, amersfoort.latitude, amersfoort.longitude)
    assert 18 < km < 21


def test_every_province_has_places():
    provinces = {geo.find_place(name).province for name in geo.place_names()}
    assert provinces == {"DR", "FL", "FR", "GE", "GR", "LI", "NB", "NH", "OV", "UT", "ZE", "ZH"}
