import time
from datetime import timedelta

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

SIGNUP_NEXT_KEY = "signup_next"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Remember where a new person was going (e.g. a group's join form): after confirming their
        e-mail address and logging in, they land there instead of on an empty overview."""
        user = super().save_user(request, user, form, commit=commit)
        target = request.POST.get("next") or request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            request.session[SIGNUP_NEXT_KEY] = target
        return user

    def get_login_redirect_url(self, request):
        target = request.session.pop(SIGNUP_NEXT_KEY, None)
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return target
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (verification, password reset) go through our outbox like every other
        e-mail: a mail server that is down does not break sign-up, and failed mail is retried."""
        from intervisie.common.models import OutgoingEmail
        from intervisie.common.tasks import deliver_email

        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        if message.content_subtype == "html":  # only an HTML template exists
            text, html = "", message.body
        else:
            text = message.body
        outgoing = OutgoingEmail.objects.create(
            to=email, subject=message.subject[:250], body_text=text, body_html=html
        )
        deliver_email.enqueue(email_id=outgoing.pk)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any two-factor change, even seconds after logging
        in. Our middleware sends begeleiders and managers to the TOTP set-up right after they log in
        (and then to their recovery codes), so a log-in with password in the last few minutes counts
        as confirmation, just like allauth's own "confirm it is you" step, which also lasts that long."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required
        from allauth.core import context

        request = context.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return True
        from allauth.mfa.models import Authenticator

        # Only right after setting up two-factor login (activation, then the recovery codes) does the
        # recent password log-in count; changing an older set-up always asks for the password again.
        cutoff = timezone.now() - timedelta(seconds=account_settings.REAUTHENTICATION_TIMEOUT)
        if Authenticator.objects.filter(user=user, created_at__lt=cutoff).exists():
            return True
        # allauth has no public API for the session's log of authentications (its version is pinned).
        from allauth.account.internal.flows.login import get_authentication_records

        recent = [
            record
            for record in get_authentication_records(request, user)
            if record.get("method") == "password"
            and time.time() - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        ]
        return not recent
