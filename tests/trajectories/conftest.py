import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The request form's rate limit counts in the cache, which lives as long as the test process."""
    cache.clear()
    yield
    cache.clear()
