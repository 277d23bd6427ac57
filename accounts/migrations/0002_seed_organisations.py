"""Seed the 32 London boroughs, the City of London, LOTI, London Councils and the GLA, and the LOTI groups.

Inner and outer London follow the ONS statistical definition. Reversible: the reverse removes exactly
what this added.
"""

from django.db import migrations

# name, short_name, slug, ons_code, area, domains
BOROUGHS = [
    (
        "City of London Corporation",
        "City of London",
        "city-of-london",
        "E09000001",
        "inner",
        ["cityoflondon.gov.uk"],
    ),
    (
        "London Borough of Barking and Dagenham",
        "Barking and Dagenham",
        "barking-and-dagenham",
        "E09000002",
        "outer",
        ["lbbd.gov.uk"],
    ),
    ("London Borough of Barnet", "Barnet", "barnet", "E09000003", "outer", ["barnet.gov.uk"]),
    ("London Borough of Bexley", "Bexley", "bexley", "E09000004", "outer", ["bexley.gov.uk"]),
    ("London Borough of Brent", "Brent", "brent", "E09000005", "outer", ["brent.gov.uk"]),
    ("London Borough of Bromley", "Bromley", "bromley", "E09000006", "outer", ["bromley.gov.uk"]),
    ("London Borough of Camden", "Camden", "camden", "E09000007", "inner", ["camden.gov.uk"]),
    ("London Borough of Croydon", "Croydon", "croydon", "E09000008", "outer", ["croydon.gov.uk"]),
    ("London Borough of Ealing", "Ealing", "ealing", "E09000009", "outer", ["ealing.gov.uk"]),
    ("London Borough of Enfield", "Enfield", "enfield", "E09000010", "outer", ["enfield.gov.uk"]),
    ("Royal Borough of Greenwich", "Greenwich", "greenwich", "E09000011", "outer", ["royalgreenwich.gov.uk"]),
    ("London Borough of Hackney", "Hackney", "hackney", "E09000012", "inner", ["hackney.gov.uk"]),
    (
        "London Borough of Hammersmith and Fulham",
        "Hammersmith and Fulham",
        "hammersmith-and-fulham",
        "E09000013",
        "inner",
        ["lbhf.gov.uk"],
    ),
    ("London Borough of Haringey", "Haringey", "haringey", "E09000014", "inner", ["haringey.gov.uk"]),
    ("London Borough of Harrow", "Harrow", "harrow", "E09000015", "outer", ["harrow.gov.uk"]),
    ("London Borough of Havering", "Havering", "havering", "E09000016", "outer", ["havering.gov.uk"]),
    ("London Borough of Hillingdon", "Hillingdon", "hillingdon", "E09000017", "outer", ["hillingdon.gov.uk"]),
    ("London Borough of Hounslow", "Hounslow", "hounslow", "E09000018", "outer", ["hounslow.gov.uk"]),
    ("London Borough of Islington", "Islington", "islington", "E09000019", "inner", ["islington.gov.uk"]),
    (
        "Royal Borough of Kensington and Chelsea",
        "Kensington and Chelsea",
        "kensington-and-chelsea",
        "E09000020",
        "inner",
        ["rbkc.gov.uk"],
    ),
    (
        "Royal Borough of Kingston upon Thames",
        "Kingston upon Thames",
        "kingston-upon-thames",
        "E09000021",
        "outer",
        ["kingston.gov.uk"],
    ),
    ("London Borough of Lambeth", "Lambeth", "lambeth", "E09000022", "inner", ["lambeth.gov.uk"]),
    ("London Borough of Lewisham", "Lewisham", "lewisham", "E09000023", "inner", ["lewisham.gov.uk"]),
    ("London Borough of Merton", "Merton", "merton", "E09000024", "outer", ["merton.gov.uk"]),
    ("London Borough of Newham", "Newham", "newham", "E09000025", "inner", ["newham.gov.uk"]),
    ("London Borough of Redbridge", "Redbridge", "redbridge", "E09000026", "outer", ["redbridge.gov.uk"]),
    (
        "London Borough of Richmond upon Thames",
        "Richmond upon Thames",
        "richmond-upon-thames",
        "E09000027",
        "outer",
        ["richmond.gov.uk"],
    ),
    ("London Borough of Southwark", "Southwark", "southwark", "E09000028", "inner", ["southwark.gov.uk"]),
    ("London Borough of Sutton", "Sutton", "sutton", "E09000029", "outer", ["sutton.gov.uk"]),
    (
        "London Borough of Tower Hamlets",
        "Tower Hamlets",
        "tower-hamlets",
        "E09000030",
        "inner",
        ["towerhamlets.gov.uk"],
    ),
    (
        "London Borough of Waltham Forest",
        "Waltham Forest",
        "waltham-forest",
        "E09000031",
        "outer",
        ["walthamforest.gov.uk"],
    ),
    ("London Borough of Wandsworth", "Wandsworth", "wandsworth", "E09000032", "inner", ["wandsworth.gov.uk"]),
    ("Westminster City Council", "Westminster", "westminster", "E09000033", "inner", ["westminster.gov.uk"]),
]
PARTNERS = [
    ("London Office of Technology and Innovation", "LOTI", "loti", "", ["loti.london"]),
    ("London Councils", "London Councils", "london-councils", "", ["londoncouncils.gov.uk"]),
    ("Greater London Authority", "GLA", "gla", "E61000001", ["london.gov.uk"]),
]

GROUPS = ["LOTI admins", "LOTI recruiters"]


def seed(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    OrganisationDomain = apps.get_model("accounts", "OrganisationDomain")
    Group = apps.get_model("auth", "Group")
    rows = [
        (*row[:4], row[4], row[5], "city" if row[2] == "city-of-london" else "borough") for row in BOROUGHS
    ]
    rows += [(name, short, slug, ons, "", domains, "partner") for name, short, slug, ons, domains in PARTNERS]
    for name, short_name, slug, ons_code, area, domains, kind in rows:
        organisation, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "ons_code": ons_code,
                "area": area,
                "website": f"https://www.{domains[0]}",
            },
        )
        for domain in domains:
            OrganisationDomain.objects.update_or_create(
                domain=domain, defaults={"organisation": organisation}
            )
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Group = apps.get_model("auth", "Group")
    slugs = [row[2] for row in BOROUGHS] + [row[2] for row in PARTNERS]
    Organisation.objects.filter(slug__in=slugs).delete()
    Group.objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
