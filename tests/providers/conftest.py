import pytest

from tests.factories import ProviderFactory


@pytest.fixture
def provider(begeleider):
    """Praktijk Licht, owned by Bea (the ``begeleider`` persona)."""
    provider = ProviderFactory(name="Praktijk Licht", email="info@praktijklicht.example.nl")
    provider.members.create(user=begeleider, is_owner=True)
    return provider


@pytest.fixture
def profile_data():
    """What an owner sends when every field of the profile is filled in well."""
    return {
        "name": "Praktijk Licht & Ruimte",
        "kind": "praktijk",
        "description": "Ik begeleid intervisiegroepen van gezinshuisouders in Utrecht en Gelderland.",
        "indicative_price": "Vanaf € 325 per bijeenkomst",
        "email": "aanvragen@praktijklicht.example.nl",
        "phone": "030 123 45 67",
        "website": "www.praktijklicht.example.nl",
        "regions": ["UT", "GE"],
        "online": "on",
        "on_site": "on",
        "methods": ["zes-fasen", "incidentmethode"],
        "registers": ["LVSC", "NVO"],
        "nrto_member": "on",
        "crkbo_registered": "on",
        "fee_per_meeting": "325,50",
        "meeting_minutes": "150",
        "travel_costs": "0,25",
        "reader_price": "12,50",
        "cancellation_terms": "Kosteloos annuleren tot twee weken voor een bijeenkomst.",
        "validity_days": "30",
        "invoice_moment": "completion",
        "payment_days": "14",
        "attendance_threshold_percent": "80",
        "address": "Oudegracht  12",
        "postcode": "3511ab",
        "city": "Utrecht",
        "kvk_number": "1234 5678",
        "iban": "nl91 abna 0417 1643 00",
        "is_published": "on",
    }
