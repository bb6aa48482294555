"""Warming numba's cache: ``python -m grouping warm`` compiles every kernel once, and a later process
reads them from the cache instead of compiling (told by numba's own cache statistics and files)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grouping.warm import warm

ROOT = Path(__file__).resolve().parents[2]
KERNELS = [
    "_move",
    "build_state",
    "descent",
    "perturb",
    "random_assignment",
    "search_rounds",
    "seed_rng",
    "shift",
]


def run_warm(cache: Path | None, *extra: str, env_cache: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("NUMBA_CACHE_DIR", None)
    if env_cache is not None:
        env["NUMBA_CACHE_DIR"] = env_cache
    args = ["--cache-dir", str(cache)] if cache is not None else []
    return subprocess.run(  # noqa: S603 - our own interpreter and CLI, no shell
        [sys.executable, "-m", "grouping", "warm", *args, *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=300,
    )


def test_warm_fills_an_empty_cache_so_the_next_process_compiles_nothing(tmp_path):
    first = run_warm(tmp_path)

    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["problems"] == []
    assert report["compiled"] == KERNELS  # an empty cache: everything compiled, and saved
    assert report["cache_dir"].startswith(str(tmp_path))
    saved = sorted(p.name.split("-")[0] for p in Path(report["cache_dir"]).glob("_kernels.*.nbi"))
    assert saved == [f"_kernels.{name}" for name in KERNELS]
    assert list(Path(report["cache_dir"]).glob("_kernels.search_rounds-*.nbc"))

    second = run_warm(tmp_path)

    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert again["compiled"] == []
    # The entry kernels come from the cache; the ones they call are compiled into them.
    assert again["loaded"] == ["build_state", "random_assignment", "search_rounds", "seed_rng"]


def test_warm_fails_when_numba_cannot_use_the_configured_cache_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")

    completed = run_warm(None, env_cache=str(blocker / "numba"))

    assert completed.returncode == 1
    report = json.loads(completed.stdout)
    assert report["problems"] == [
        f"NUMBA_CACHE_DIR={blocker / 'numba'} cannot be used (not writable?); numba keeps its cache in "
        f"{report['cache_dir']} instead"
    ]
    assert f"grouping warm: NUMBA_CACHE_DIR={blocker / 'numba'} cannot be used" in completed.stderr


def test_warm_refuses_a_cache_dir_once_numba_is_imported(tmp_path):
    import numba  # noqa: F401 - numba reads NUMBA_CACHE_DIR when it is imported

    with pytest.raises(ValueError, match="numba is already imported"):
        warm(tmp_path / "too-late")
