"""Realistic random scenarios, for the benchmark and the tests (seeded, so reproducible)."""

from __future__ import annotations

import math
import random

REGIONS = [
    "Groningen", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
    "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
]  # fmt: skip


def generate_scenario(participants: int, coaches: int | None = None, *, seed: int = 0) -> dict:
    """A scenario like a regional intervision day: gezinshuizen, organisations of uneven size, history.

    Every gezinshuis contributes one or two gezinshuisouders and often its jeugdzorgwerker (one
    household, so kept apart by default); a few pairs must be apart or together; some met before.
    One coach per about 10 participants, group size 6..14, at least one of each main role per group.
    """
    rng = random.Random(seed)
    coaches = coaches if coaches is not None else max(1, round(participants / 10))
    organisations = [f"org-{i}" for i in range(max(3, participants // 12))]
    weights = [1 / (i + 1) for i in range(len(organisations))]  # a few large, many small
    people: list[dict] = []
    home = 0
    while len(people) < participants:
        home += 1
        org = rng.choices(organisations, weights)[0]
        region = rng.choice(REGIONS)
        members = ["gezinshuisouder"] * rng.choice([1, 2]) + (
            ["jeugdzorgwerker"] if rng.random() < 0.7 else []
        )
        if rng.random() < 0.15:
            members = ["pleegouder"]
        for role in members:
            if len(people) < participants:
                people.append(
                    {
                        "id": f"p{len(people)}",
                        "role": role,
                        "organisation": org,
                        "region": region,
                        "household": f"h{home}",
                    }
                )
    ids = [p["id"] for p in people]
    households = {p["id"]: p["household"] for p in people}
    apart, together = [], []
    for _ in range(participants // 25):
        a, b = rng.sample(ids, 2)
        apart.append([a, b])
    while len(together) < participants // 50:
        a, b = rng.sample(ids, 2)
        if households[a] != households[b] and [a, b] not in apart and [b, a] not in apart:
            together.append([a, b])
    met = [rng.sample(ids, 2) for _ in range(participants // 2)]
    return {
        "participants": people,
        "coaches": [
            {"id": f"c{i}", "organisation": rng.choices(organisations, weights)[0]} for i in range(coaches)
        ],
        "group_size": {
            "min": max(1, math.floor(participants / coaches) - 3),
            "max": math.ceil(participants / coaches) + 3,
        },
        "min_per_role": {"gezinshuisouder": 1, "jeugdzorgwerker": 1},
        "pairs_apart": apart,
        "pairs_together": together,
        "met_before": met,
        "spread": ["organisation", "region"],
    }
