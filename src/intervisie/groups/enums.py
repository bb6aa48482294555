from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    GEZINSHUISOUDERS = "gezinshuisouders", _("Gezinshuisouders")
    JEUGDZORGWERKERS = "jeugdzorgwerkers", _("Jeugdzorgwerkers")
    INTEGRAAL = "integraal", _("Gemengd (integraal)")
    PROFESSIONALS = "professionals", _("Andere professionals")
    MIXED_PUBLIC = "buiten_je_bubbel", _("Studenten, ouders en jongeren samen met professionals")
    EXECUTIVES = "leidinggevenden", _("Leidinggevenden en bestuurders")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("Op locatie")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybride (op locatie en online)")


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Friesland"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"


class GroupStatus(models.TextChoices):
    OPEN = "open", _("Open voor aanmeldingen")
    WAITLIST = "waitlist", _("Vol, wachtlijst open")
    FULL = "full", _("Vol")
    CLOSED = "closed", _("Gesloten")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Elke week")
    BIWEEKLY = "biweekly", _("Elke twee weken")
    MONTHLY = "monthly", _("Elke maand")
    SIX_WEEKLY = "six_weekly", _("Elke zes weken")
    SIX_PER_YEAR = "six_per_year", _("Zes keer per jaar")
    FIVE_PER_SCHOOL_YEAR = "five_per_school_year", _("Vijf keer per schooljaar")
    QUARTERLY = "quarterly", _("Vier keer per jaar")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("maandag")
    TUESDAY = 2, _("dinsdag")
    WEDNESDAY = 3, _("woensdag")
    THURSDAY = 4, _("donderdag")
    FRIDAY = 5, _("vrijdag")
    SATURDAY = 6, _("zaterdag")
    SUNDAY = 7, _("zondag")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("ochtend")
    AFTERNOON = "afternoon", _("middag")
    EVENING = "evening", _("avond")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    BOTH = "nl_en", _("Nederlands en Engels")


class MembershipState(models.TextChoices):
    REQUESTED = "requested", _("Aangemeld, wacht op reactie")
    WAITLISTED = "waitlisted", _("Op de wachtlijst")
    OFFERED = "offered", _("Plek aangeboden")
    INTRODUCTION = "introduction", _("Kennismaking")
    TRIAL = "trial", _("Proefperiode")
    MEMBER = "member", _("Lid")
    DECLINED = "declined", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    OFFER_EXPIRED = "offer_expired", _("Aanbod verlopen")
    LEFT = "left", _("Gestopt")


# States that hold one of the group's places. An offer holds the place until it expires.
PLACE_STATES = {
    MembershipState.OFFERED,
    MembershipState.INTRODUCTION,
    MembershipState.TRIAL,
    MembershipState.MEMBER,
}
# States in which the person is still "in progress" with this group (at most one at a time).
ACTIVE_STATES = PLACE_STATES | {MembershipState.REQUESTED, MembershipState.WAITLISTED}
# States of people who take part in the group's life (meetings, later issues).
PARTICIPANT_STATES = {MembershipState.INTRODUCTION, MembershipState.TRIAL, MembershipState.MEMBER}
FINAL_STATES = {
    MembershipState.DECLINED,
    MembershipState.WITHDRAWN,
    MembershipState.OFFER_EXPIRED,
    MembershipState.LEFT,
}
