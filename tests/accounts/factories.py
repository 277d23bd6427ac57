import itertools

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts.models import LOTI_ADMINS_GROUP, Membership, Organisation, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"
_staff_numbers = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(slug="hackney"))
    role = Membership.Role.STAFF
    verified_email = factory.SelfAttribute("user.email")


def staff_of(organisation: Organisation, *, role=Membership.Role.STAFF, email=None) -> User:
    domain = organisation.domains.order_by("domain").first().domain
    user = UserFactory(email=email or f"staff{next(_staff_numbers)}@{domain}")
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def loti_admin(email="admin@loti.london", *, authenticator=True) -> User:
    """A LOTI admin; with an authenticator app set up unless `authenticator` is False."""
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=LOTI_ADMINS_GROUP))
    if authenticator:
        TOTP.activate(user, generate_totp_secret())
    return user
