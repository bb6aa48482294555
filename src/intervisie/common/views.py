from django.shortcuts import render

from intervisie.groups.models import IntervisionGroup


def home(request):
    return render(request, "home.html", {"group_count": IntervisionGroup.objects.listed().count()})
