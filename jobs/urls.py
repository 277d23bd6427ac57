from django.urls import path

from .feeds import JobsAtomFeed, JobsRssFeed
from .views import browse, detail, moderation, staff

app_name = "jobs"

urlpatterns = [
    path("", browse.job_list, name="list"),
    path("feed/rss/", JobsRssFeed(), name="feed-rss"),
    path("feed/atom/", JobsAtomFeed(), name="feed-atom"),
    path("<int:pk>-<slug:slug>/", detail.job_detail, name="detail"),
    path("<int:pk>/", detail.job_detail_short, name="detail-short"),
    path("<int:pk>/apply/", detail.job_apply, name="apply"),
    path("new/", staff.job_create, name="create"),
    path("mine/", staff.job_mine, name="mine"),
    path("<int:pk>/edit/", staff.job_edit, name="edit"),
    path("<int:pk>/preview/", staff.job_preview, name="preview"),
    path("<int:pk>/submit/", staff.job_submit, name="submit"),
    path("<int:pk>/close/", staff.job_close, name="close"),
    path("<int:pk>/duplicate/", staff.job_duplicate, name="duplicate"),
    path("<int:pk>/archive/", staff.job_archive, name="archive"),
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("<int:pk>/approve/", moderation.job_approve, name="approve"),
    path("<int:pk>/reject/", moderation.job_reject, name="reject"),
]
