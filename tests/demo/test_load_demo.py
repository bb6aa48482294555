"""``manage.py load_demo`` refuses a site with https (the demo publishes its passwords); what it loads
is tested in test_loader.py."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_load_demo_refuses_a_site_with_https_before_it_writes_anything(settings):
    settings.HTTPS = True
    # No database access is allowed here: the refusal comes first.
    with pytest.raises(CommandError, match="SITE_URL gebruikt https: dit lijkt een echte site"):
        call_command("load_demo", stdout=StringIO())
