"""The roles table: role families, roles and levels, after the UK government's DDaT capability framework.

Jobs and job descriptions take their role and level from here; the rest of the capability model (domains,
capabilities, skills, self-assessments) will grow around these tables.
"""

from django.db import models


class RoleFamily(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "role families"

    def __str__(self):
        return self.name


class Level(models.Model):
    """A common seniority scale, so that pay can be compared across role families."""

    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    rank = models.PositiveSmallIntegerField(unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return self.name


class Role(models.Model):
    family = models.ForeignKey(RoleFamily, on_delete=models.PROTECT, related_name="roles")
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["family__position", "name"]

    def __str__(self):
        return self.name
