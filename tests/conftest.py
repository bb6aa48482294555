import pytest

from tests.factories import PASSWORD, GroupFactory, OrganisationFactory, UserFactory, give_totp


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def alice(db):
    """Alice manages the organisation that owns ``group`` (two-factor login turned on)."""
    user = UserFactory(email="alice@example.nl", name="Alice Jansen", roles=["organisatiebeheerder"])
    give_totp(user)
    return user


@pytest.fixture
def bob(db):
    """Bob is an ordinary gezinshuisouder; in tests he is usually the member."""
    return UserFactory(email="bob@example.nl", name="Bob de Vries", roles=["gezinshuisouder"])


@pytest.fixture
def charlie(db):
    """Charlie has nothing to do with the group: the outsider."""
    return UserFactory(email="charlie@example.nl", name="Charlie Bakker", roles=["jeugdzorgwerker"])


@pytest.fixture
def organisation(alice):
    return OrganisationFactory(name="Gezinshuis Netwerk Midden", managers=[alice])


@pytest.fixture
def group(organisation):
    return GroupFactory(name="Intervisie Utrecht Oost", organisation=organisation, max_members=6)
