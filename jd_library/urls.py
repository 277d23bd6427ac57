from django.urls import path

from .views import browse, moderation, staff

app_name = "jd_library"

urlpatterns = [
    path("", browse.jd_list, name="list"),
    path("<int:pk>/", browse.jd_detail, name="detail"),
    path("<int:pk>/download/", browse.jd_download, name="download"),
    path("<int:pk>/original/", browse.jd_original, name="original"),
    path("compare/", browse.jd_compare, name="compare"),
    path("check/", browse.jd_check, name="check"),
    path("upload/", staff.jd_upload, name="upload"),
    path("new/", staff.jd_create, name="create"),
    path("mine/", staff.jd_mine, name="mine"),
    path("<int:pk>/edit/", staff.jd_edit, name="edit"),
    path("<int:pk>/preview/", staff.jd_preview, name="preview"),
    path("<int:pk>/submit/", staff.jd_submit, name="submit"),
    path("<int:pk>/archive/", staff.jd_archive, name="archive"),
    path("<int:pk>/use/", staff.jd_use_as_starting_point, name="use"),
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("<int:pk>/approve/", moderation.jd_approve, name="approve"),
    path("<int:pk>/reject/", moderation.jd_reject, name="reject"),
    path("<int:pk>/exemplar/", moderation.jd_exemplar, name="exemplar"),
]
