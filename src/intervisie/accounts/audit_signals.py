"""Audit entries for security changes made inside allauth's views (see AccountsConfig.ready)."""

from intervisie.common.audit import log_action


def authenticator_added(sender, request, user, authenticator, **kwargs):
    log_action(actor=user, action="user.mfa_added", obj=user, data={"type": authenticator.type})


def authenticator_removed(sender, request, user, authenticator, **kwargs):
    log_action(actor=user, action="user.mfa_removed", obj=user, data={"type": authenticator.type})


def authenticator_reset(sender, request, user, authenticator, **kwargs):
    log_action(actor=user, action="user.mfa_reset", obj=user, data={"type": authenticator.type})


def password_changed(sender, request, user, **kwargs):
    log_action(actor=user, action="user.password_changed", obj=user)


def password_reset(sender, request, user, **kwargs):
    log_action(actor=None, action="user.password_reset", obj=user)


def email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    log_action(actor=user, action="user.email_changed", obj=user)
