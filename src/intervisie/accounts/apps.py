from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "intervisie.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # allauth changes these security settings inside its own views, so its signals are the only
        # place to audit them. An exception to "no signals for core logic": this only logs.
        from allauth.account.signals import email_changed, password_changed, password_reset
        from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset

        from intervisie.accounts import audit_signals

        authenticator_added.connect(audit_signals.authenticator_added, dispatch_uid="audit_mfa_added")
        authenticator_removed.connect(audit_signals.authenticator_removed, dispatch_uid="audit_mfa_removed")
        authenticator_reset.connect(audit_signals.authenticator_reset, dispatch_uid="audit_mfa_reset")
        password_changed.connect(audit_signals.password_changed, dispatch_uid="audit_password_changed")
        password_reset.connect(audit_signals.password_reset, dispatch_uid="audit_password_reset")
        email_changed.connect(audit_signals.email_changed, dispatch_uid="audit_email_changed")
