from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

LOTI_ADMINS_GROUP = "LOTI admins"
LOTI_RECRUITERS_GROUP = "LOTI recruiters"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The email address is the login; there is no username."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        "Django admin access", default=False, help_text="Lets the person sign in to Django admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganisationQuerySet(models.QuerySet):
    def boroughs(self):
        return self.filter(kind__in=[Organisation.Kind.BOROUGH, Organisation.Kind.CITY])

    def for_email_domain(self, domain: str):
        """Organisations owning `domain` or a parent of it (digital.hackney.gov.uk belongs to Hackney)."""
        domain = domain.lower().strip(".")
        parts = domain.split(".")
        candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
        return self.filter(domains__domain__in=candidates).distinct()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        BOROUGH = "borough", "London borough"
        CITY = "city", "City of London"
        PARTNER = "partner", "Partner organisation"

    class Area(models.TextChoices):
        INNER = "inner", "Inner London"
        OUTER = "outer", "Outer London"
        NONE = "", "Not applicable"

    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=60, blank=True, help_text="How the borough is usually called.")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    area = models.CharField(
        max_length=5, choices=Area.choices, blank=True, help_text="ONS statistical definition."
    )
    website = models.URLField(blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ons_code"], condition=~models.Q(ons_code=""), name="accounts_org_ons_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class OrganisationDomain(models.Model):
    """An email domain whose verified addresses make their owners staff of the organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class MembershipQuerySet(models.QuerySet):
    def leads(self):
        return self.filter(role=Membership.Role.LEAD)


class Membership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", "Staff"
        LEAD = "lead", "Borough lead"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=5, choices=Role.choices, default=Role.STAFF)
    verified_email = models.EmailField(help_text="The verified address that made this membership.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="accounts_membership_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"
