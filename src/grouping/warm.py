"""Compile the numba kernels into numba's on-disk cache ahead of time: ``python -m grouping warm``.

With an empty cache (a fresh install, or after ``_kernels.py`` changed) the first MDGP solve in a
process compiles every kernel first, 10-12 s on our 2-core machine, and the CLI counts that towards its
``--time-limit``: a 3 s solve then ran 7.6 s and stopped after one round. ``make install`` warms the
cache once per lock stamp and the task worker at its start (``events.apps``), so the first solve after
a deploy reads the kernels from the cache (about 0.6 s, mostly importing numba) like every later one.

Where the cache lives: ``NUMBA_CACHE_DIR`` when set, else numba's default, ``__pycache__`` beside
``_kernels.py`` (git-ignored, and kept by ``make clean``). Set ``NUMBA_CACHE_DIR`` to a writable
directory that survives deploys (e.g. under ``DATA_DIR``) when the code directory is read-only, in the
environment of every process that solves (install step, worker, CLI): numba silently falls back to
another directory when its first choice cannot be written, so ``warm`` checks where it really went.
The scenario solver (``solve_scenario``) never imports numba and needs none of this.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WarmReport:
    cache_dir: str  # where numba keeps the kernels' cache
    compiled: list[str] = field(default_factory=list)  # kernels compiled in this process
    loaded: list[str] = field(default_factory=list)  # kernels read from the cache
    files: list[str] = field(default_factory=list)  # the kernels' index files in the cache
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # empty when the cache is where it should be

    def to_dict(self) -> dict:
        return {
            "cache_dir": self.cache_dir,
            "compiled": self.compiled,
            "loaded": self.loaded,
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "problems": self.problems,
        }


def kernels() -> dict:
    """Every numba kernel of the MDGP solver, by name (importing them imports numba)."""
    from numba.core.dispatcher import Dispatcher

    from grouping import _kernels

    return {name: obj for name, obj in vars(_kernels).items() if isinstance(obj, Dispatcher)}


def warm(cache_dir: str | os.PathLike | None = None) -> WarmReport:
    """Compile every kernel, or load it from numba's cache, and say where the cache is.

    ``cache_dir`` sets ``NUMBA_CACHE_DIR`` for this process; numba reads it when it is first imported,
    so a different directory after that is refused (ValueError).
    """
    if cache_dir is not None:
        wanted = str(Path(cache_dir).resolve())
        if "numba" in sys.modules and os.environ.get("NUMBA_CACHE_DIR") != wanted:
            raise ValueError("numba is already imported: set NUMBA_CACHE_DIR before the first import")
        os.environ["NUMBA_CACHE_DIR"] = wanted
    started = time.perf_counter()
    from grouping.mdgp import warm_up

    warm_up()  # calls the entry kernels, which compile the kernels they call
    report = WarmReport(cache_dir="", seconds=time.perf_counter() - started)
    paths = set()
    for name, kernel in sorted(kernels().items()):
        stats = kernel.stats
        if stats.cache_path is None:  # numba's NullCache: the kernel has no cache=True
            report.problems.append(f"kernel {name} is not compiled with cache=True")
            continue
        paths.add(stats.cache_path)
        if sum(stats.cache_misses.values()):
            report.compiled.append(name)
        elif sum(stats.cache_hits.values()):
            report.loaded.append(name)
    report.cache_dir = ", ".join(sorted(paths))
    for path in sorted(paths):
        folder = Path(path)
        report.files += sorted(p.name for p in folder.glob("_kernels.*.nbi"))
        if not os.access(folder, os.W_OK):
            report.problems.append(f"numba cannot write its cache directory {folder}")
    missing = [n for n in sorted(kernels()) if not any(f.startswith(f"_kernels.{n}-") for f in report.files)]
    if missing:
        report.problems.append(f"no cache files for {', '.join(missing)} in {report.cache_dir}")
    configured = os.environ.get("NUMBA_CACHE_DIR")
    if configured and not all(Path(p).resolve().is_relative_to(Path(configured).resolve()) for p in paths):
        report.problems.append(
            f"NUMBA_CACHE_DIR={configured} cannot be used (not writable?); numba keeps its cache in "
            f"{report.cache_dir} instead"
        )
    return report
