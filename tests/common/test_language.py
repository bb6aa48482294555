def test_site_is_dutch_even_for_an_english_browser(client, group):
    response = client.get("/groepen/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_chosen_language_is_kept(client, group):
    client.post("/i18n/setlang/", {"language": "en", "next": "/groepen/"})
    response = client.get("/groepen/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_unknown_language_choice_falls_back_to_dutch(client, group):
    client.cookies["django_language"] = "xx"
    assert client.get("/groepen/").headers["Content-Language"] == "nl"


def test_chosen_language_does_not_leak_to_the_next_request(client, group):
    from django.utils import translation

    client.cookies["django_language"] = "en"
    client.get("/groepen/")
    assert translation.get_language() == "nl"


def test_english_pages_accept_day_month_year_dates(settings):
    from django import forms
    from django.utils import translation

    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        form = DateForm({"day": "1-9-2026"})
        assert form.is_valid()
        assert form.cleaned_data["day"].isoformat() == "2026-09-01"


def test_language_switch_names_each_language_in_itself(client, group):
    client.cookies["django_language"] = "en"
    html = client.get("/groepen/").content.decode()
    assert '<option value="nl" lang="nl" >Nederlands</option>' in html
