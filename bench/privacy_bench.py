"""The privacy screen's benchmark: what deduce costs a process, and the time per 2,000-character text.

Called by ``bench/run.py privacy`` (``make bench``); runs on its own too:
``PYTHONPATH=src python bench/privacy_bench.py`` (add ``--privacy-naive`` to also load deduce as the
library ships it, which takes about 10 s and 1 GB, and the first time over a minute to build).
Prints figures; asserts nothing.

Load time and memory are measured in fresh processes (Django set up first, so its own memory is not
counted): the RSS before and after the first ``scan``. Time per text is measured in this process, on
2,000-character texts made of the test corpus's sentences (tests/cases/privacy_corpus.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
TEXT_LENGTH = 2000

# Run in a fresh interpreter: load the screen (or naive deduce) and report seconds and memory.
_CHILD = r"""
import json, os, sys, time
import django
django.setup()

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0

before = rss_mb()
started = time.perf_counter()
if sys.argv[1] == "naive":
    import logging
    from pathlib import Path
    logging.disable(logging.CRITICAL)  # deduce turns on DEBUG logging for the whole process on import
    from deduce import Deduce
    screen = Deduce(cache_path=Path(sys.argv[2]))
    screen.deidentify("Kim belde gisteren.")
else:
    from intervisie.cases.privacy import scan
    scan("Kim belde gisteren.")
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "rss_delta_mb": rss_mb() - before, "rss_mb": rss_mb()}))
"""


def _child(mode: str, cache_dir: Path) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "intervisie.settings",
        "DATA_DIR": str(BENCH_DIR),
        "PRIVACY_CACHE_DIR": str(cache_dir),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    out = subprocess.run(  # noqa: S603 - our own interpreter and fixed code, no shell
        [sys.executable, "-c", _CHILD, mode, str(cache_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_figures(*, naive: bool) -> list[tuple[str, dict]]:
    """Seconds and memory to get the screen ready in a fresh process: empty cache, filled cache."""
    cache = BENCH_DIR / "privacy-cache"
    shutil.rmtree(cache, ignore_errors=True)
    rows = [
        ("our screen, empty cache (builds)", _child("screen", cache)),
        ("our screen, cache filled", _child("screen", cache)),
    ]
    if naive:
        naive_cache = BENCH_DIR / "deduce-naive"
        shutil.rmtree(naive_cache, ignore_errors=True)
        rows.append(("deduce as shipped, empty cache", _child("naive", naive_cache)))
        rows.append(("deduce as shipped, cache filled", _child("naive", naive_cache)))
    return rows


def _texts(sentences: list[str], count: int) -> list[str]:
    """``count`` texts of exactly TEXT_LENGTH characters, each starting at another sentence."""
    texts = []
    for first in range(count):
        parts, length, i = [], 0, first
        while length < TEXT_LENGTH:
            sentence = sentences[i % len(sentences)]
            parts.append(sentence)
            length += len(sentence) + 1
            i += 7  # mix the corpus's sections
        texts.append(" ".join(parts)[:TEXT_LENGTH])
    return texts


def time_per_text(repeat: int) -> list[tuple[str, dict]]:
    sys.path[:0] = [str(ROOT)]
    from tests.cases.privacy_corpus import ANNOTATED, CLEAN

    from intervisie.cases.privacy import scan

    scan("Kim belde gisteren.")  # load once, outside the timings
    rows = []
    for label, sentences in (
        ("with personal data (corpus, annotated)", [s for s, _ in ANNOTATED]),
        ("clean (corpus, sector words)", CLEAN),
    ):
        texts = _texts(sentences, repeat)
        findings = [len(scan(text)) for text in texts]
        timings = []
        for text in texts:
            started = time.perf_counter()
            scan(text)
            timings.append((time.perf_counter() - started) * 1000)
        ordered = sorted(timings)
        rows.append(
            (
                label,
                {
                    "median": statistics.median(timings),
                    "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
                    "min": ordered[0],
                    "findings": statistics.mean(findings),
                },
            )
        )
    return rows


def corpus_figures() -> str:
    sys.path[:0] = [str(ROOT)]
    from tests.cases.test_privacy_corpus import evaluate, report

    from intervisie.cases.privacy import scan

    return report(evaluate(scan))


def run(*, repeat: int = 100, naive: bool = False) -> None:
    print()
    print("Privacy screen: getting ready in a fresh process (after django.setup())")
    print(f"{'what':<36} {'seconds':>8} {'RSS delta MB':>13} {'RSS MB':>8}")
    for label, figures in load_figures(naive=naive):
        print(
            f"{label:<36} {figures['seconds']:>8.2f} {figures['rss_delta_mb']:>13.1f} {figures['rss_mb']:>8.1f}"
        )
    print()
    print(f"Privacy screen: milliseconds per {TEXT_LENGTH:,}-character text, {repeat} texts each, loaded")
    print(f"{'texts':<40} {'median':>7} {'p95':>7} {'min':>7} {'findings':>9}")
    for label, figures in time_per_text(repeat):
        print(
            f"{label:<40} {figures['median']:>7.1f} {figures['p95']:>7.1f} {figures['min']:>7.1f} "
            f"{figures['findings']:>9.1f}"
        )
    print()
    print("Privacy screen on the test corpus: found / annotated per category, and false alarms")
    print(corpus_figures())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--privacy-naive",
        action="store_true",
        help="privacy: also load deduce as shipped (about 10 s, 1 GB; over a minute the first time)",
    )


if __name__ == "__main__":
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intervisie.settings")
    os.environ["DATA_DIR"] = str(BENCH_DIR)
    os.environ["PRIVACY_CACHE_DIR"] = str(BENCH_DIR / "privacy")
    os.environ.pop("DATABASE_URL", None)
    sys.path[:0] = [str(ROOT / "src")]
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    add_arguments(parser)
    arguments = parser.parse_args()
    run(repeat=arguments.repeat, naive=arguments.privacy_naive)
