"""The home page: the public start page for visitors, and for a logged-in person a dashboard with one
part per role they have (member, someone joining, begeleider or planner, organisation manager, event
organiser, platform admin). A person with several roles sees each of their parts."""

from django.shortcuts import render
from django.utils import timezone

from intervisie.dashboard import selectors
from intervisie.groups.enums import MembershipState
from intervisie.groups.models import IntervisionGroup


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html", {"group_count": IntervisionGroup.objects.listed().count()})
    user = request.user
    now = timezone.now()
    member = selectors.member_part(user=user, now=now)
    joining = selectors.joining_part(user=user)
    lead = selectors.lead_part(user=user, now=now)
    applications = selectors.applications_part(user=user)
    organisations = selectors.manager_part(user=user)
    organiser = selectors.organiser_part(user=user, now=now)
    provider = selectors.provider_part(user=user)
    guided = selectors.guided_part(user=user)
    programmes = selectors.programmes_part(user=user)
    has_role_part = (
        lead.shown
        or applications.shown
        or bool(organisations)
        or organiser.shown
        or provider.shown
        or guided.shown
        or programmes.shown
    )
    hours = selectors.hours_part(user=user, takes_part=member.shown, today=timezone.localdate(now))
    my_events = selectors.my_events_part(user=user, now=now)
    context = {
        "first_name": user.name.split()[0] if user.name.strip() else "",
        "member": member,
        "joining": joining,
        # An offer has a deadline, and without a group the applications are all there is: then they
        # come first; otherwise the next meeting does.
        "joining_first": not member.shown or any(m.state == MembershipState.OFFERED for m in joining),
        "hours": hours,
        "lead": lead,
        "applications": applications,
        "organisations": organisations,
        "organiser": organiser,
        "provider": provider,
        "guided": guided,
        "programmes": programmes,
        "my_events": my_events,
        # Someone with no group, no application and no role of their own gets a friendly start.
        "show_start": not (member.shown or joining or has_role_part),
        # Staff reach the admin; the dashboard itself gives them nothing beyond their own roles.
        "show_admin": user.is_staff,
        # The narrow side column only when something goes in it; otherwise the parts use the width.
        "has_side": hours.shown or bool(my_events) or member.shown or user.is_staff,
        "now": now,
    }
    return render(request, "dashboard/home.html", context)
