"""Seed the role families, roles and levels councils use, after the DDaT capability framework."""

from django.db import migrations
from django.utils.text import slugify

FAMILIES = [
    ("Data", "Collecting, managing, analysing and using data to make decisions and run services.", [
        "Data analyst", "Data engineer", "Data scientist", "Performance analyst", "Analytics engineer",
        "Data governance manager",
    ]),
    ("Software development", "Building, running and improving the software behind public services.", [
        "Software developer", "Frontend developer", "DevOps engineer", "Software development manager",
    ]),
    ("User-centred design", "Understanding users and designing services that meet their needs.", [
        "User researcher", "Service designer", "Interaction designer", "Content designer",
        "Accessibility specialist", "Technical writer",
    ]),
    ("Product and delivery", "Deciding what to build and delivering it with teams.", [
        "Product manager", "Delivery manager", "Business analyst", "Service owner", "Portfolio manager",
    ]),
    ("Architecture", "Designing how systems, data and technology fit together.", [
        "Enterprise architect", "Solution architect", "Technical architect", "Data architect",
        "Security architect",
    ]),
    ("IT operations", "Running the technology, networks and support that staff and residents rely on.", [
        "IT service manager", "Service desk analyst", "Infrastructure engineer", "End user computing engineer",
        "Incident manager", "Change and release manager",
    ]),
    ("Quality assurance testing (QAT)", "Making sure services work, are secure and are accessible.", [
        "QAT analyst", "Test engineer", "Test manager",
    ]),
    ("Chief digital and data", "Leading digital, data and technology across an organisation.", [
        "Chief digital officer", "Chief data officer", "Chief technology officer", "Chief information officer",
    ]),
]  # fmt: skip

LEVELS = [
    (1, "Apprentice", "Learning the role on an apprenticeship."),
    (2, "Junior", "Works under supervision on well-defined tasks."),
    (3, "Mid", "Works independently on a team's everyday work."),
    (4, "Senior", "Leads the work of a team in their discipline and coaches others."),
    (5, "Lead", "Leads a discipline across several teams or a service area."),
    (6, "Head of", "Heads a profession or function for the organisation."),
    (7, "Director", "Sets direction for digital, data or technology across the organisation."),
]


def seed(apps, schema_editor):
    RoleFamily = apps.get_model("capability", "RoleFamily")
    Role = apps.get_model("capability", "Role")
    Level = apps.get_model("capability", "Level")
    for position, (family_name, description, roles) in enumerate(FAMILIES, start=1):
        family, _ = RoleFamily.objects.update_or_create(
            slug=slugify(family_name),
            defaults={"name": family_name, "description": description, "position": position},
        )
        for role_name in roles:
            Role.objects.update_or_create(
                slug=slugify(role_name), defaults={"name": role_name, "family": family}
            )
    for rank, name, description in LEVELS:
        Level.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "rank": rank, "description": description}
        )


def unseed(apps, schema_editor):
    apps.get_model("capability", "Role").objects.all().delete()
    apps.get_model("capability", "RoleFamily").objects.all().delete()
    apps.get_model("capability", "Level").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("capability", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
