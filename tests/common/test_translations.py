from pathlib import Path

from django.core import mail
from django.utils import translation
from tools.check_translations import check_po

from intervisie.groups.domain import membership_request

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_search_page_in_english_with_language_cookie(client, group):
    client.cookies["django_language"] = "en"
    html = client.get("/groepen/").content.decode()
    assert "<h1>Find an intervision group</h1>" in html
    assert ">Postcode or town<" in html
    assert ">Search words<" in html
    assert "1 group found" in html
    assert "Intervisiegroep zoeken" not in html
    assert "Postcode of plaats" not in html
    assert "groep gevonden" not in html


def test_search_page_in_dutch_without_cookie(client, group):
    html = client.get("/groepen/").content.decode()
    assert "<h1>Intervisiegroep zoeken</h1>" in html
    assert ">Postcode of plaats<" in html
    assert "1 groep gevonden" in html
    assert "Find an intervision group" not in html
    assert "Postcode or town" not in html


def test_search_page_in_english_from_profile_language(client, bob, group):
    bob.language = "en"
    bob.save(update_fields=["language"])
    client.force_login(bob)
    html = client.get("/groepen/").content.decode()
    assert "<h1>Find an intervision group</h1>" in html
    assert ">My groups<" in html


def test_membership_email_in_recipients_language(bob, group):
    bob.language = "en"
    bob.save(update_fields=["language"])
    membership_request(user=bob, group=group, motivation="Ik zoek een groep in Utrecht.")
    to_bob = next(m for m in mail.outbox if m.to == ["bob@example.nl"])
    to_alice = next(m for m in mail.outbox if m.to == ["alice@example.nl"])
    assert to_bob.subject == "[Intervisiewijzer] We have received your application to Intervisie Utrecht Oost"
    assert to_bob.body.startswith(
        "Hi Bob,\n\nYou have applied to the intervision group Intervisie Utrecht Oost."
    )
    # The manager kept the default language, so her copy stays Dutch.
    assert to_alice.subject == "[Intervisiewijzer] Nieuwe aanmelding voor Intervisie Utrecht Oost"


def test_dutch_overrides_of_django_texts_still_work():
    with translation.override("nl"):
        assert translation.gettext("This password is entirely numeric.") == (
            "Dit wachtwoord bestaat alleen uit cijfers. Gebruik ook letters."
        )


def test_translation_catalogs_pass_the_checker():
    assert check_po(LOCALE / "en" / "LC_MESSAGES" / "django.po") == []
    assert check_po(LOCALE / "nl" / "LC_MESSAGES" / "django.po") == []


def test_checker_reports_fuzzy_empty_and_broken_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\n'
        'msgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        "\n"
        "#, fuzzy\n"
        'msgid "Hoi %(name)s,"\n'
        'msgstr "Hi %(name)s,"\n'
        "\n"
        'msgid "Opslaan"\n'
        'msgstr ""\n'
        "\n"
        'msgid "Welkom, %(name)s."\n'
        'msgstr "Welcome, %(naam)s."\n'
        "\n"
        'msgid "Log <a href=\\"%(url)s\\">hier</a> in."\n'
        'msgstr "Log in <a href=\\"%(url)s\\">here."\n'
        "\n"
        'msgid "%(counter)s groep"\n'
        'msgid_plural "%(counter)s groepen"\n'
        'msgstr[0] "%(counter)s group"\n',
        encoding="utf-8",
    )
    problems = check_po(po)
    assert len(problems) == 6
    assert "'Hoi %(name)s,': marked fuzzy" in problems[0]
    assert "'Opslaan': empty translation" in problems[1]
    assert "'Welkom, %(name)s.': placeholders differ" in problems[2]
    assert "HTML tags differ" in problems[3]
    assert "'%(counter)s groep': needs msgstr[0] to msgstr[1]" in problems[4]
    assert "django.mo is missing" in problems[5]


def test_meetings_and_verification_pages_in_english_with_language_cookie(client, bob, group):
    client.cookies["django_language"] = "en"
    client.force_login(bob)
    html = client.get("/bijeenkomsten/").content.decode()
    assert "<h1>My meetings</h1>" in html
    assert "You have no upcoming meetings." in html
    assert "All your meetings in your calendar automatically" in html
    assert "Mijn bijeenkomsten" not in html
    assert "Je hebt geen komende bijeenkomsten." not in html

    client.logout()  # also clears the cookies, so set the language again
    client.cookies["django_language"] = "en"
    html = client.get("/verifieer/").content.decode()
    assert "<h1>Check a certificate or statement</h1>" in html
    assert (
        '<label for="id_code">Code of the certificate or statement <span class="muted">(required)</span></label>'
        in html
    )
    assert ">Check</button>" in html
    assert "Certificaat of verklaring controleren" not in html

    response = client.get("/verifieer/?code=")
    assert response.status_code == 400
    assert "Fill in the code of the certificate or statement." in response.content.decode()

    response = client.get("/verifieer/IVW-ABCD-EFGH-JKMN/")
    assert response.status_code == 404
    assert "<h1>Code not found</h1>" in response.content.decode()


def test_method_library_in_english_with_language_cookie(client, db):
    client.cookies["django_language"] = "en"
    html = client.get("/methodes/").content.decode()
    assert "<h1>Method library</h1>" in html
    assert "Intervision methods step by step." in html
    assert "All methods" in html
    assert ">Intervision methods</a>" in html
    assert "<h1>Methodebibliotheek</h1>" not in html
    assert "Alle methodes" not in html

    html = client.get("/methodes/", {"q": "roddel"}).content.decode()
    assert "1 method found" in html
    assert "methode gevonden" not in html
