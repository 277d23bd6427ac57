from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Jobs board"

    def ready(self):
        from accounts import personal_data

        from .alerts.services import alert_delete_for, alert_export_for

        personal_data.register("job_alerts", export=alert_export_for, erase=alert_delete_for)
