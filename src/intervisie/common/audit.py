from django.db import models

from intervisie.common.models import AuditEntry


def log_action(*, actor, action: str, obj: models.Model, data: dict | None = None) -> AuditEntry:
    """Record that ``actor`` did ``action`` on ``obj``. Call inside the caller's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        data=data or {},
    )
