from django_tasks import task

from intervisie.groups.domain import offers_expire


@task()
def expire_offers() -> int:
    """Expire waitlist offers past their date; each freed place goes to the next person."""
    return offers_expire()
