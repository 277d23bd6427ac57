from django.apps import AppConfig


class JdLibraryConfig(AppConfig):
    name = "jd_library"
    verbose_name = "Job description library"
