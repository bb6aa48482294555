"""The demo's casework (intervisie/demo/casework.py) without a database: everyone who brings a case,
evaluates or writes a takeaway is in that group's meeting history."""

from intervisie.demo.casework import GROUPS, TAKEAWAYS
from intervisie.demo.meetings import HISTORIES


def test_demo_casework_is_written_by_members_of_the_group_history():
    histories = {history.slug: {key for key, _since in history.members} for history in HISTORIES}
    for work in GROUPS:
        members = histories[work.slug]
        assert {case.bringer for case in work.cases} <= members, work.slug
        assert {key for _ago, keys in work.evaluations for key in keys} <= members, work.slug
        if work.session:
            assert set(TAKEAWAYS) <= members and "annemiek.de.boer" in members, work.slug
        if work.reflections:
            assert "gezinshuisouder" in members, work.slug
    # One case for the next meeting per group, the rest on past meetings, at most one per meeting.
    for work in GROUPS:
        agos = [case.ago for case in work.cases]
        assert agos.count(0) == 1 and len(set(agos)) == len(agos), work.slug
