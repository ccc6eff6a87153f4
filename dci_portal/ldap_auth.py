"""The directory's sign-in backend (settings from dci_portal/ldap_settings.py).

An account is created at the first sign-in, with the names and e-mail of the directory
(and no usable local password: the directory checks it). At every sign-in the portal
groups named in LDAP_GROUP_MAP are set from the directory groups: a person removed from
a directory group loses the portal group. Groups the map doesn't name are left as they
are. Administrators (mapped) also get the admin site (is_staff), and lose it with the group.
Local accounts still sign in through ModelBackend (the break-glass administrators), and
django-axes counts the failures of both.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend

from base.groups import ADMINISTRATORS


class PortalLDAPBackend(LDAPBackend):
    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            mirror_groups(user, ldap_user.group_dns)
        return user


def portal_groups_of(group_dns):
    """The portal groups the directory groups `group_dns` map to, and all those mapped."""
    mapping = getattr(settings, "LDAP_GROUP_MAP", {})
    member_of = {dn.lower() for dn in group_dns}
    return {group for dn, group in mapping.items() if dn in member_of}, set(mapping.values())


@transaction.atomic
def mirror_groups(user, group_dns):
    granted, mapped = portal_groups_of(group_dns)
    groups = {group.name: group for group in Group.objects.filter(name__in=mapped)}
    user.groups.remove(*[groups[name] for name in mapped - granted if name in groups])
    user.groups.add(*[groups[name] for name in granted if name in groups])
    if ADMINISTRATORS in mapped and user.is_staff != (ADMINISTRATORS in granted) and not user.is_superuser:
        user.is_staff = ADMINISTRATORS in granted
        user.save(update_fields=["is_staff"])
