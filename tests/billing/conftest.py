import pytest

from tests.factories import ProviderFactory, UserFactory


@pytest.fixture
def provider(db):
    """A provider that charges VAT (not CRKBO-registered), with its btw-identificatienummer."""
    return ProviderFactory(
        name="Praktijk Zoë Eëlman",
        address="Kerkstraat 12",
        postcode="3512 AB",
        city="Utrecht",
        kvk_number="12345678",
        vat_number="NL123456782B01",
        iban="NL91ABNA0417164300",
        phone="030-7654321",
        payment_days=14,
        validity_days=30,
    )


@pytest.fixture
def exempt_provider(db):
    """A CRKBO-registered provider: its fees are exempt from VAT."""
    return ProviderFactory(
        name="Intervisiebureau Noël",
        crkbo_registered=True,
        address="Dorpsweg 1",
        postcode="1234 AB",
        city="Zwolle",
        kvk_number="87654321",
        iban="NL02RABO0123456789",
    )


@pytest.fixture
def begeleider_user(db):
    return UserFactory(name="Bea Begeleider")
