import pytest
from django.core.exceptions import ImproperlyConfigured

from intervisie.env import env_bool, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("TRUE", True), ("False", False), ("false", False)]
)
def test_env_bool_reads_plain_values(monkeypatch, raw, expected):
    monkeypatch.setenv("IW_FLAG", raw)
    assert env_bool("IW_FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    for raw in ("ja", "1", "yes", "on"):
        monkeypatch.setenv("IW_FLAG", raw)
        with pytest.raises(ImproperlyConfigured, match="IW_FLAG must be true or false"):
            env_bool("IW_FLAG")


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("IW_FLAG", raising=False)
    assert env_bool("IW_FLAG", True) is True


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("IW_N", "zeven")
    with pytest.raises(ImproperlyConfigured):
        env_int("IW_N", 7)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("IW_LIST", " https://a.nl , https://b.nl,")
    assert env_list("IW_LIST") == ["https://a.nl", "https://b.nl"]


def test_debug_is_off_unless_asked():
    from intervisie import settings

    assert settings.DEBUG is False
