import pytest

from intervisie.groups.models import IntervisionGroup


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"frequency": "monthly", "time_of_day": "afternoon"}, "Elke maand, 's middags"),
        (
            {"frequency": "six_weekly", "time_of_day": "evening", "weekday": 2},
            "Elke zes weken op dinsdag, 's avonds",
        ),
        (
            {"frequency": "six_per_year", "time_of_day": "morning", "weekday": 5},
            "Zes keer per jaar op vrijdag, 's ochtends",
        ),
    ],
)
def test_rhythm_label_reads_as_a_dutch_sentence(fields, label):
    assert IntervisionGroup(**fields).rhythm_label == label


def test_group_page_and_search_show_the_rhythm_as_a_sentence(client, group):
    group.frequency, group.weekday, group.time_of_day = "monthly", None, "afternoon"
    group.save()
    assert "Elke maand, &#x27;s middags" in client.get(f"/groepen/{group.slug}/").content.decode()
    assert "Elke maand, &#x27;s middags" in client.get("/groepen/").content.decode()
