"""Demo people: staff of a few boroughs, a borough lead, a candidate, a LOTI admin with an authenticator."""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.db import transaction

from .models import LOTI_ADMINS_GROUP, Membership, User
from .services import membership_grant_for_email, membership_set_role

# (email, full name, borough lead?) Names are invented.
DEMO_STAFF = [
    ("demo.staff@hackney.gov.uk", "Priya Raman", False),
    ("demo.lead@hackney.gov.uk", "Tom Adeyemi", True),
    ("demo.staff@camden.gov.uk", "Grace Whitfield", False),
    ("demo.staff@southwark.gov.uk", "Daniel Okafor", False),
    ("demo.staff@croydon.gov.uk", "Sophie Lindqvist", False),
    ("demo.staff@royalgreenwich.gov.uk", "Marcus Bell", False),
]
DEMO_CANDIDATE = ("demo.candidate@example.com", "Jordan Ellis")
DEMO_ADMIN = ("demo.admin@loti.london", "Amira Haddad")


def _ensure_user(email: str, full_name: str, *, reset: bool, **extra) -> tuple[User, str | None]:
    """Create the verified demo user, or return the existing one. Returns the new password, if any."""
    user = User.objects.filter(email=email).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(email=email, password=password, full_name=full_name, **extra)
    elif reset:
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, password


def seed(*, stdout, options):
    reset = options.get("reset_passwords", False)
    printed = []
    with transaction.atomic():
        for email, name, lead in DEMO_STAFF:
            user, password = _ensure_user(email, name, reset=reset)
            for membership in membership_grant_for_email(user=user, email=email):
                if lead and membership.role != Membership.Role.LEAD:
                    membership_set_role(membership=membership, role=Membership.Role.LEAD)
            printed.append((email, password, "borough lead" if lead else "borough staff"))

        user, password = _ensure_user(*DEMO_CANDIDATE, reset=reset)
        printed.append((DEMO_CANDIDATE[0], password, "candidate"))

        admin, password = _ensure_user(*DEMO_ADMIN, reset=reset, is_staff=True)
        admin.groups.add(Group.objects.get(name=LOTI_ADMINS_GROUP))
        membership_grant_for_email(user=admin, email=admin.email)
        secret = None
        if password:
            Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).delete()
            secret = generate_totp_secret()
            TOTP.activate(admin, secret)
        printed.append((DEMO_ADMIN[0], password, "LOTI admin"))

    new = [(email, password, role) for email, password, role in printed if password]
    if new:
        stdout.write("Demo accounts (these passwords are shown once; --reset-passwords makes new ones):")
        for email, password, role in new:
            stdout.write(f"  {role:<14} {email:<36} {password}")
        if secret:
            stdout.write(
                f"  The LOTI admin's authenticator secret (add it to an authenticator app): {secret}"
            )
    else:
        stdout.write("Demo accounts exist already (run with --reset-passwords to see new passwords).")
