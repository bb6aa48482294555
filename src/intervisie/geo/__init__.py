"""Offline Dutch place and postcode look-up for distance search (no internet at run time).

Data: ``data/nl_places.json``, built by ``tools/build_places.py`` from GeoNames (CC BY 4.0) and
countrystatecity-postal-codes (ODbL).
"""

import bisect
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "nl_places.json"
POSTCODE_RE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})?\s*$")
KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class Location:
    label: str
    province: str
    latitude: float
    longitude: float


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in name if ch.isalnum())


@cache
def _data():
    raw = json.loads(_DATA.read_text())
    places = {_key(p[0]): Location(p[0], p[1], p[2], p[3]) for p in raw["places"]}
    postcodes = {code: Location(v[2], v[3], v[0], v[1]) for code, v in raw["postcodes"].items()}
    for alias, target in raw.get("aliases", {}).items():
        if target in places:
            places[alias] = places[target]
    return places, postcodes, sorted(postcodes)


def looks_like_postcode(text: str) -> bool:
    return bool(POSTCODE_RE.match(text or ""))


def find_place(name: str) -> Location | None:
    places, _, _ = _data()
    return places.get(_key(name or ""))


def locate(text: str) -> Location | None:
    """A postcode ("3511", "3511 AB") or a place name ("Zwolle") to a location, or None.

    A postcode missing from the table gets the location of the numerically nearest known postcode:
    Dutch postcodes are handed out by region, so neighbours are close by.
    """
    text = (text or "").strip()
    if not text:
        return None
    match = POSTCODE_RE.match(text)
    if match:
        _, postcodes, codes = _data()
        code = match.group(1)
        if code in postcodes:
            return postcodes[code]
        i = bisect.bisect_left(codes, code)
        neighbours = [c for c in (codes[i - 1] if i > 0 else None, codes[i] if i < len(codes) else None) if c]
        if not neighbours:
            return None
        best = min(neighbours, key=lambda c: abs(int(c) - int(code)))
        return postcodes[best] if abs(int(best) - int(code)) <= 20 else None
    return find_place(text)


def place_names() -> list[str]:
    places, _, _ = _data()
    return sorted({p.label for p in places.values()})


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
