"""factory_boy factories shared by all tests."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.text import slugify

from intervisie.accounts.domain import user_set_roles
from intervisie.accounts.models import User
from intervisie.groups.enums import Audience, Format, Frequency, Province, TimeOfDay
from intervisie.groups.models import IntervisionGroup, Method
from intervisie.organisations.models import Organisation, OrganisationKind

PASSWORD = "geheim-wachtwoord-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified e-mail address, so allauth lets the person log in."""
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(user=obj, roles=extracted, by=None)


def give_totp(user: User) -> Authenticator:
    """Turn on TOTP for a user (privileged roles must have it before they can use the site)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    return TOTP.activate(user, generate_totp_secret()).instance


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zorgaanbieder {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = OrganisationKind.ZORGAANBIEDER
    city = "Utrecht"

    @factory.post_generation
    def managers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.managers.add(*extracted)


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Methode {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntervisionGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Intervisiegroep {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    organisation = factory.SubFactory(OrganisationFactory)
    description = "Een vaste groep gezinshuisouders die elkaar helpt met vragen uit de praktijk."
    audience = Audience.GEZINSHUISOUDERS
    format = Format.IN_PERSON
    place = "Utrecht"
    municipality = "Utrecht"
    province = Province.UTRECHT
    latitude = 52.0908
    longitude = 5.1222
    frequency = Frequency.SIX_WEEKLY
    weekday = 2
    time_of_day = TimeOfDay.EVENING
    min_members = 4
    max_members = 8
    cost_per_year = 0

    @factory.post_generation
    def methods(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.methods.add(*extracted)
