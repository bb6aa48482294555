from django_tasks import task

from intervisie.common.email import email_deliver
from intervisie.common.models import OutgoingEmail


@task()
def deliver_email(*, email_id: int) -> None:
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is not None:
        email_deliver(email=email)
