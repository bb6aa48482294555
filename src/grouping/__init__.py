"""Composing intervision groups (the Maximally Diverse Grouping Problem with hard rules). No Django here.

See README.md beside this file for the formats, the objective and its weights, and the algorithms.
"""

from grouping.mdgp import MDGPInstance, MDGPResult, mdgp_objective, read_mdgplib, solve_mdgp
from grouping.scenario import (
    Comparison,
    Evaluation,
    GroupQuality,
    ScenarioResult,
    evaluate_scenario,
    hand_deal,
    solve_scenario,
)
from grouping.violations import Violation

__all__ = [
    "Comparison",
    "Evaluation",
    "GroupQuality",
    "MDGPInstance",
    "MDGPResult",
    "ScenarioResult",
    "Violation",
    "evaluate_scenario",
    "hand_deal",
    "mdgp_objective",
    "read_mdgplib",
    "solve_mdgp",
    "solve_scenario",
]
