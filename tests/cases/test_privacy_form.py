"""The case form with the privacy screen's newer kinds: schools, places, care places and dates show
with their own label and "Vervang door" button, and that button replaces only that finding."""

from django.urls import reverse

from intervisie.cases.models import Case

SITUATION = "Kim zit op basisschool De Wilgen en woont in gezinshuis De Linde in Harderwijk."


def _post(**overrides):
    data = {
        "title": "Boos aan tafel",
        "situation": SITUATION,
        "question": "Hoe blijf ik rustig?",
        "own_experience": "on",
        "still_current": "on",
    }
    return {**data, **overrides}


def test_case_form_lists_new_kinds_with_their_labels(client, group, member):
    client.force_login(member)
    response = client.post(reverse("cases:create", args=[group.slug]), _post())
    assert not Case.objects.exists()
    groups = response.context["form"].finding_groups()
    assert [(i["finding"].kind, i["text"]) for g in groups for i in g["items"]] == [
        ("name", "Kim"),
        ("school", "De Wilgen"),
        ("institution", "De Linde"),
        ("place", "Harderwijk"),
    ]
    text = response.content.decode()
    for label, placeholder in (
        ("de naam van een school", "[school]"),
        ("de naam van een gezinshuis, ziekenhuis of andere plek", "[instelling]"),
        ("een plaatsnaam", "[plaats]"),
    ):
        assert f"lijkt op {label}." in text
        assert f"Vervang door {placeholder}" in text


def test_case_form_replaces_a_school_and_keeps_the_rest(client, group, member):
    client.force_login(member)
    url = reverse("cases:create", args=[group.slug])
    first = client.post(url, _post())
    school = next(f for f in first.context["form"].findings["situation"] if f.kind == "school")
    response = client.post(url, _post(replace=f"situation|{school.key}"))
    assert response.context["form"].data["situation"] == (
        "Kim zit op basisschool [school] en woont in gezinshuis De Linde in Harderwijk."
    )
    assert "Vervang door [school]" not in response.content.decode()
    assert "Vervang door [naam]" in response.content.decode()


def test_case_form_with_sector_words_only_saves_without_asking(client, group, member):
    client.force_login(member)
    situation = (
        "Veilig Thuis en Jeugdbescherming Regio Amsterdam zijn betrokken; de gezinsvoogd van de William "
        "Schrikker Stichting belde. Mijn pleegzoon leest De Kleine Prins."
    )
    response = client.post(reverse("cases:create", args=[group.slug]), _post(situation=situation))
    assert response.status_code == 302
    assert Case.objects.get().situation == situation
