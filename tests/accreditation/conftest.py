import pytest
from django.utils import timezone

from tests.factories import MethodFactory


@pytest.fixture
def method(db):
    return MethodFactory(name="Incidentmethode", slug="incidentmethode")


@pytest.fixture
def today():
    return timezone.localdate()
