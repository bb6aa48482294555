import json
import os
import subprocess
import sys
from pathlib import Path

from grouping.generate import generate_scenario

ROOT = Path(__file__).resolve().parents[2]
MDGP_DIR = ROOT.parent / "shared" / "bench" / "mdgp"


def run_cli(path: Path, *extra: str, hash_seed: str = "0") -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": hash_seed}
    completed = subprocess.run(  # noqa: S603 - our own interpreter and CLI, no shell
        [sys.executable, "-m", "grouping", "solve", str(path), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return json.loads(completed.stdout)


def test_cli_solves_an_mdgplib_file():
    output = run_cli(MDGP_DIR / "RanInt_n012_ds_01.txt", "--time-limit", "0.5", "--seed", "2")

    assert set(output) == {"objective", "groups", "feasible", "violations", "seconds"}
    assert output["feasible"] is True
    assert output["violations"] == []
    assert sorted(i for g in output["groups"] for i in g) == list(range(12))
    assert [3 <= len(g) <= 4 if k != 2 else 2 <= len(g) <= 5 for k, g in enumerate(output["groups"])] == [
        True
    ] * 4


def test_cli_solves_a_json_scenario_the_same_under_any_hash_seed(tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(generate_scenario(40, seed=1)), encoding="utf-8")

    first = run_cli(path, "--time-limit", "5", "--seed", "3", hash_seed="1")
    second = run_cli(path, "--time-limit", "5", "--seed", "3", hash_seed="2")

    assert first["feasible"] is True
    assert first["violations"] == []
    assert [g["coach"] for g in first["groups"]] == ["c0", "c1", "c2", "c3"]
    assert sorted(p for g in first["groups"] for p in g["members"]) == sorted(f"p{i}" for i in range(40))
    assert first["groups"] == second["groups"]
    assert first["objective"] == second["objective"]


def test_cli_reports_violations_as_messages(tmp_path):
    scenario = generate_scenario(30, 2, seed=1)
    scenario["group_size"] = {"min": 1, "max": 10}
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")

    output = run_cli(path, "--time-limit", "1")

    assert output["feasible"] is False
    assert output["violations"][0] == (
        "30 participants do not fit in 2 groups of at most 10: invite at least 1 more coach "
        "(3 in all) or raise the maximum group size to 15."
    )
