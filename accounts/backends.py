from .access import is_loti_admin


class LotiAdminPermissionBackend:
    """LOTI admins may do everything in Django admin ("everything in Django admin", PRODUCT.md 1).

    Permissions are decided by accounts.access like everything else, rather than by per-model
    permission rows that a data migration cannot create before post_migrate.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return is_loti_admin(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return is_loti_admin(user_obj)
