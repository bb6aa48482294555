"""Find (and with --fix remove) attendance of people who did not take part in the group on the
meeting's date: evidence a register can trust counts only what happened (DESIGN.md).

Before the attendance form listed only who took part on the date, a member who joined in March could
be marked present for January. Such lines are already left out of every ledger, list and certificate
(meetings.attendance.attendance_within_membership); this command shows them, names the certificates
and signed statements that may have counted them (check and, if needed, revoke and issue again), and
with --fix deletes them, each with an audit entry. Safe to run twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from intervisie.accreditation.models import Certificate, ReflectionStatement
from intervisie.meetings.attendance import attendance_outside_membership, attendance_remove_outside_membership


class Command(BaseCommand):
    help = (
        "Report attendance outside a membership (a later joiner marked present); --fix removes it (audited)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="remove the lines found (audit-logged)")

    def handle(self, *args, fix, **options):
        rows = list(attendance_outside_membership())
        for row in rows:
            day = timezone.localdate(row.meeting.starts_at)
            state = "aanwezig" if row.present else "afwezig"
            self.stdout.write(
                f"{row.meeting.group.slug}: {day:%d-%m-%Y} '{row.meeting.title}' – {row.user.email} ({state}, "
                f"aanwezigheid #{row.pk}): deed toen niet mee in de groep"
            )
            for document in self._documents(row, day):
                self.stdout.write(f"    controleer {document}")
        if fix and rows:
            removed = attendance_remove_outside_membership(by=None)
            self.stdout.write(f"{len(removed)} regel(s) verwijderd (staat in het auditlog).")
        else:
            self.stdout.write(
                f"{len(rows)} regel(s) buiten een lidmaatschap"
                + (" gevonden; herstel met --fix." if rows else ".")
            )

    def _documents(self, row, day):
        """Certificates and signed statements of the person and group whose period holds the day."""
        for certificate in Certificate.objects.filter(
            user=row.user,
            group=row.meeting.group,
            period_start__lte=day,
            period_end__gte=day,
            revoked_at=None,
        ):
            yield f"certificaat {certificate.code}"
        for statement in ReflectionStatement.objects.filter(
            user=row.user, group=row.meeting.group, period_start__lte=day, period_end__gte=day
        ):
            yield f"ondertekende reflectieverklaring #{statement.pk}"
