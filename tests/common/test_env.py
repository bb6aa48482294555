import os
import re
import subprocess
import sys
from pathlib import Path

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


def test_env_int_refuses_a_number_below_the_minimum(monkeypatch):
    monkeypatch.setenv("IW_N", "-1")
    with pytest.raises(ImproperlyConfigured, match="IW_N must be 0 or more, not -1"):
        env_int("IW_N", 7, minimum=0)
    monkeypatch.setenv("IW_N", "0")
    assert env_int("IW_N", 7, minimum=0) == 0


# --- Settings in a fresh process, as a server starts them ----------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SITE_URL": "https://intervisiewijzer.nl",
    "ALLOWED_HOSTS": "intervisiewijzer.nl",
    "SECRET_KEY": "test-only-Xq3Lr8Vw2Np7Ks5Jd1Hf9Gb4Mc6Tz0Ye-long-and-varied-for-check-deploy",
    "DEBUG": "false",
}


def _run(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    """Run with a clean environment (none of the test suite's settings), like a server would."""
    clean = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "src"), "DATA_DIR": str(tmp_path), **env}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, no shell
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def _setting(name: str, tmp_path, **env) -> str:
    code = f"from intervisie import settings; print(settings.{name})"
    completed = _run(["-c", code], tmp_path, **env)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_check_deploy_in_production_warns_only_about_preloading(tmp_path):
    # Preloading into the browsers' HSTS list is a promise about the whole domain that takes months
    # to undo, so it stays off until the site's owner turns it on (SECURE_HSTS_PRELOAD=true).
    completed = _run(["manage.py", "check", "--deploy"], tmp_path, **PRODUCTION)
    assert completed.returncode == 0, completed.stderr
    assert re.findall(r"\(security\.W\d+\)", completed.stderr) == ["(security.W021)"]


def test_check_deploy_in_production_with_preloading_finds_nothing(tmp_path):
    completed = _run(["manage.py", "check", "--deploy"], tmp_path, **PRODUCTION, SECURE_HSTS_PRELOAD="true")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "System check identified no issues (0 silenced)."
    assert completed.stderr == ""


def test_security_settings_can_be_set_from_the_environment(tmp_path):
    env = {**PRODUCTION, "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "3600"}
    completed = _run(["manage.py", "check", "--deploy"], tmp_path, **env)
    assert "(security.W008)" in completed.stderr  # the redirect is off, as asked
    assert _setting("SECURE_HSTS_SECONDS", tmp_path, **env) == "3600"
    assert (
        _setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", tmp_path, **env, SECURE_HSTS_INCLUDE_SUBDOMAINS="false")
        == "False"
    )


def test_security_settings_stay_off_on_plain_http(tmp_path):
    names = (
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    )
    assert [_setting(name, tmp_path) for name in names] == ["False", "0", "False", "False"]


def test_security_settings_refuse_a_typo(tmp_path):
    completed = _run(["-c", "import intervisie.settings"], tmp_path, **PRODUCTION, SECURE_SSL_REDIRECT="ja")
    assert completed.returncode == 1
    assert "SECURE_SSL_REDIRECT must be true or false, not 'ja'" in completed.stderr


def test_task_stuck_minutes_must_outlast_the_email_timeout(tmp_path):
    completed = _run(
        ["-c", "import intervisie.settings"], tmp_path, TASK_STUCK_MINUTES="1", EMAIL_TIMEOUT="90"
    )
    assert "TASK_STUCK_MINUTES must be longer than EMAIL_TIMEOUT" in completed.stderr


# --- make run: links follow the port the site is served on ----------------------------------------------


def _make_run(tmp_path, *args, **env) -> str:
    """What `make run` hands its programs as SITE_URL: a stand-in for Python prints it and stops make
    at its first step (nothing is installed, migrated or served)."""
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "SITE_URL=$SITE_URL"\nexit 3\n')
    fake.chmod(0o755)
    clean = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **env}
    completed = subprocess.run(  # noqa: S603 - make with fixed arguments, no shell
        ["make", "--no-print-directory", "run", f"PY={fake}", *args],  # noqa: S607 - make from PATH
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return completed.stdout


def test_make_run_links_follow_the_port(tmp_path):
    assert "SITE_URL=http://127.0.0.1:8001\n" in _make_run(tmp_path, "PORT=8001")
    assert "SITE_URL=http://127.0.0.1:8000\n" in _make_run(tmp_path)


def test_make_run_keeps_a_site_url_that_is_set(tmp_path):
    output = _make_run(tmp_path, "PORT=8001", SITE_URL="http://intervisie.test:9000")
    assert "SITE_URL=http://intervisie.test:9000\n" in output
