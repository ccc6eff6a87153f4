"""The API's access rules, in one place: the same permissions and need-to-know rules as
the pages (base/access.py), for every endpoint.

- `PortalPermission`: an endpoint needs `<app>.view_<model>` of its model, plus any
  permission it adds (the coverage report: the Managers' export permission), exactly as
  the page of the same records does.
- `NeedToKnowMixin`: a serializer of a model leaves out the model's SENSITIVE_FIELDS
  for users without its SENSITIVE_PERMISSION, nested serializers included. Filters and
  the quick search `q` are the pages' FilterSets, which already search only the fields
  the user may see.
"""

from rest_framework.permissions import BasePermission

from base.access import hidden_fields, model_permission


class PortalPermission(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(view.get_permission_required()))


class PermissionRequiredMixin:
    """What an endpoint requires, readable by the tests' URL walk like a page's."""

    model = None
    extra_permissions = ()

    def get_permission_required(self):
        return (model_permission(self.model, "view"), *self.extra_permissions)


class NeedToKnowMixin:
    """Serializer fields named in the model's SENSITIVE_FIELDS only for those allowed.
    The schema (generated with a fake view) documents every field."""

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if getattr(view, "swagger_fake_view", False):
            return fields
        request = self.context.get("request")
        hidden = hidden_fields(getattr(request, "user", None), self.Meta.model)
        for name in hidden:
            fields.pop(name, None)
        return fields
