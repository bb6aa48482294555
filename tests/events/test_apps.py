"""The task worker warms the grouping solver's numba kernels as it starts; other processes never load
numba (events/apps.py). Each case starts Django in a fresh process, as ``manage.py`` would."""

import json
import os
import subprocess
import sys
from pathlib import Path

from intervisie.events.apps import is_worker_start

ROOT = Path(__file__).resolve().parents[2]
# Start Django as `manage.py <command>` would, then report numba's statistics of the solver's kernels.
START = """
import json, sys
sys.argv = ["manage.py", sys.argv[1]]
import django
django.setup()
if "numba" not in sys.modules:
    print(json.dumps(None))
else:
    from grouping.warm import kernels
    print(json.dumps({
        name: {"loaded": sum(k.stats.cache_hits.values()), "compiled": sum(k.stats.cache_misses.values()),
               "cache": k.stats.cache_path}
        for name, k in kernels().items()
    }))
"""


def start_django(command: str, data_dir: Path) -> object:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "intervisie.settings",
        "DATA_DIR": str(data_dir),
    }
    completed = subprocess.run(  # noqa: S603 - our own interpreter and fixed code, no shell
        [sys.executable, "-c", START, command],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_worker_loads_or_compiles_every_solver_kernel_as_it_starts(tmp_path):
    stats = start_django("db_worker", tmp_path)

    # The kernels the warm-up calls come from numba's cache, or are compiled into it when it had none.
    for name in ("build_state", "random_assignment", "search_rounds", "seed_rng"):
        assert stats[name]["loaded"] + stats[name]["compiled"] == 1, name
        cache = Path(stats[name]["cache"])
        assert list(cache.glob(f"_kernels.{name}-*.nbi")), name


def test_other_commands_and_web_processes_never_import_numba(tmp_path):
    assert start_django("check", tmp_path) is None
    assert start_django("runserver", tmp_path) is None


def test_is_worker_start_knows_the_worker_command():
    assert is_worker_start(["manage.py", "db_worker", "--interval", "2"])
    assert is_worker_start(["/usr/bin/django-admin", "db_worker"])
    assert not is_worker_start(["manage.py", "run_scheduler"])
    assert not is_worker_start(["gunicorn", "intervisie.wsgi"])
    assert not is_worker_start(["manage.py"])
