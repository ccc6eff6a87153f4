"""Access rules every page shares, whatever the model (the groups: base/groups.py).

A page's permission is derived from its model and action (`<app>.<action>_<model>`),
so a page cannot be declared without protection. Need-to-know fields are declared by
the model that holds them: `SENSITIVE_FIELDS` (names) and `SENSITIVE_PERMISSION` (the
permission that reveals them); tables, history and exports hide them from the others.
"""

from django.contrib.auth.mixins import PermissionRequiredMixin


def model_permission(model, action):
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def can_view_sensitive(user, model):
    permission = getattr(model, "SENSITIVE_PERMISSION", None)
    return permission is None or bool(user and user.has_perm(permission))


def hidden_fields(user, model):
    """The fields of `model` that `user` may not see."""
    if can_view_sensitive(user, model):
        return ()
    return tuple(getattr(model, "SENSITIVE_FIELDS", ()))


def search_fields(user, model):
    """The fields of `model` a quick search matches for `user` (SEARCH_FIELDS, less the
    need-to-know ones the user may not see)."""
    hidden = hidden_fields(user, model)
    return tuple(name for name in getattr(model, "SEARCH_FIELDS", ()) if name not in hidden)


class ModelPermissionMixin(PermissionRequiredMixin):
    """Require `<app>.<action>_<model>` for the view's model; tell the template which
    of add / change / delete the user may do."""

    permission_action = "view"

    def get_permission_required(self):
        if self.permission_required:
            return super().get_permission_required()
        return (model_permission(self.model, self.permission_action),)

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs.setdefault("model_opts", self.model._meta)
        for action in ("add", "change", "delete"):
            kwargs.setdefault(f"can_{action}", user.has_perm(model_permission(self.model, action)))
        return super().get_context_data(**kwargs)
