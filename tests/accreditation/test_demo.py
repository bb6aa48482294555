import datetime as dt

from intervisie.accreditation.demo import accreditation_demo_load
from intervisie.accreditation.models import Certificate, Enrolment, ReflectionStatement
from tests.accreditation.conftest import attend, past_meeting
from tests.factories import MeetingSeriesFactory


def test_demo_load_adds_evidence_once(member, danielle, guided_group, begeleider, today):
    member.skj_number = "123456789"
    member.save(update_fields=["skj_number"])
    danielle.registerplein_number = "461012345"
    danielle.save(update_fields=["registerplein_number"])
    series = MeetingSeriesFactory(group=guided_group, name="Voorjaar")
    for weeks in (30, 24, 18):
        meeting = past_meeting(guided_group, today - dt.timedelta(weeks=weeks), series=series)
        attend(meeting, member)
        attend(meeting, danielle)

    assert accreditation_demo_load(today=today) == {"enrolments": 2, "statements": 1, "certificates": 2}
    assert Enrolment.objects.get(user=member).register.code == "skj-jeugd-en-gezinsprofessional"
    assert Enrolment.objects.get(user=danielle).register.code == "registerplein-gezinshuisouders"
    statement = ReflectionStatement.objects.get()
    assert (statement.user, statement.signed_by, statement.hours) == (member, begeleider, 6)
    assert set(Certificate.objects.values_list("title", flat=True)) == {"Deelname aan Voorjaar"}

    assert accreditation_demo_load(today=today) == {"enrolments": 0, "statements": 0, "certificates": 0}
    assert Certificate.objects.count() == 2
