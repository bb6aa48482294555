"""``manage.py demo_logins``: the demo accounts, their password and a fresh two-factor code."""

from io import StringIO

from django.core.management import call_command

from intervisie.demo.base import DEMO_PASSWORD
from intervisie.demo.management.commands.demo_logins import current_totp_code
from intervisie.demo.people import people_demo_load


def test_demo_logins_without_demo_data_says_what_to_do(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "manage.py load_demo" in out.getvalue()


def test_demo_logins_with_accounts_only_prints_no_certificates(db):
    people_demo_load()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert f"Wachtwoord voor alle accounts: {DEMO_PASSWORD}" in text
    assert "Daarnaast 29 demo-leden met hetzelfde wachtwoord, bijvoorbeeld sanne.mulder@" in text
    assert "certificaat" not in text


def test_current_totp_code_is_the_rfc_6238_code_and_its_seconds_left():
    # RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 at 59 s (the
    # authenticator shows the last six digits); the 30-second period ends one second later.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert current_totp_code(secret, now=59) == ("287082", 1)
    assert current_totp_code(secret, now=60)[1] == 30
