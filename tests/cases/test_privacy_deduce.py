"""deduce as the privacy screen loads it: once per process, its cache under PRIVACY_CACHE_DIR and never
in its own package folder, and without switching on debug logging for the whole process."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from intervisie.cases import privacy_deduce
from intervisie.cases.privacy import scan


def test_screen_is_built_once_per_process():
    scan("Kim belde.")
    assert privacy_deduce.get_screen() is privacy_deduce.get_screen()


def test_cache_lives_under_privacy_cache_dir_not_in_site_packages():
    import deduce

    scan("Kim belde.")
    assert [p.name.startswith("deduce-") for p in Path(settings.PRIVACY_CACHE_DIR).glob("*.pickle")] == [True]
    package_cache = Path(deduce.__file__).parent / "data" / "lookup" / "cache"
    assert not list(package_cache.glob("*.pickle"))


def test_screen_leaves_out_the_large_lists_and_the_bsn_check():
    """Streets and care institutions are most of deduce's memory; the BSN has one check (stdnum)."""
    names = privacy_deduce.get_screen().processors.get_names()
    assert {"street_lookup", "institution", "bsn", "identifier", "age"}.isdisjoint(names)
    assert {"first_name_lookup", "surname_lookup", "name_context", "placename", "hospital"} <= set(names)
    assert "street" not in privacy_deduce.get_screen().lookups


def test_write_cache_in_unwritable_folder_only_warns(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    privacy_deduce._write_cache(blocker / "privacy" / "deduce.pickle", {"x": 1})
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert not (tmp_path / "privacy").exists()


def test_importing_deduce_leaves_logging_alone():
    """deduce calls logging.basicConfig(level=DEBUG) when imported; we undo that (fresh process)."""
    code = (
        "import logging; from intervisie.cases import privacy_deduce; privacy_deduce._import_deduce(); "
        "root = logging.getLogger(); print(root.level, len(root.handlers))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(settings.BASE_DIR) / "src")}
    out = subprocess.run(  # noqa: S603 - our own interpreter and fixed code, no shell
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [str(30), "0"]
