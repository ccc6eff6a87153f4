"""Sign-in with the ministry's directory: django-auth-ldap's settings, read from the
environment (README, "Sign-in with the ministry's directory"). Without LDAP_SERVER_URI
there is no directory sign-in and nothing here is imported by the portal.

LDAP_SERVER_URI        ldap://ldap.example:389 or ldaps://… (the switch: off when absent)
LDAP_BIND_DN, LDAP_BIND_PASSWORD  the service account that searches (anonymous when absent)
LDAP_USER_SEARCH_BASE  where people are, e.g. ou=people,dc=ministry,dc=example
LDAP_USER_FILTER       how a login name is found (default "(uid=%(user)s)"; Active
                       Directory: "(sAMAccountName=%(user)s)")
LDAP_GROUP_SEARCH_BASE where groups are, e.g. ou=groups,dc=ministry,dc=example
LDAP_GROUP_TYPE        groupOfNames (default), groupOfUniqueNames, posixGroup, activeDirectory
LDAP_GROUP_MAP         directory group = portal group, separated by ";", e.g.
                       "cn=dci-staff,ou=groups,dc=…=Staff;cn=dci-admins,ou=groups,dc=…=Administrators"
LDAP_REQUIRE_GROUP     only members of this directory group may sign in (optional)
LDAP_START_TLS         "1" to upgrade ldap:// with StartTLS
LDAP_TIMEOUT           seconds before an unreachable directory is given up (default 5)
LDAP_ATTR_FIRST_NAME, LDAP_ATTR_LAST_NAME, LDAP_ATTR_EMAIL  (default givenName, sn, mail)
"""

from django.core.exceptions import ImproperlyConfigured

BACKEND = "dci_portal.ldap_auth.PortalLDAPBackend"
GROUP_TYPES = {
    "groupofnames": "GroupOfNamesType",
    "groupofuniquenames": "GroupOfUniqueNamesType",
    "posixgroup": "PosixGroupType",
    "activedirectory": "NestedActiveDirectoryGroupType",
}


def group_map(value):
    """{directory group DN (lower case): portal group name} from "dn=Group;dn=Group"."""
    from base.groups import GROUPS  # the names only: no model is loaded

    mapping = {}
    for entry in filter(None, (part.strip() for part in value.split(";"))):
        dn, separator, group = entry.rpartition("=")
        if not separator or not dn or "=" not in dn or not group.strip():
            raise ImproperlyConfigured(f"LDAP_GROUP_MAP: {entry!r} is not “directory group DN=portal group”.")
        if group.strip() not in GROUPS:
            raise ImproperlyConfigured(
                f"LDAP_GROUP_MAP: {group.strip()!r} is not a portal group ({', '.join(GROUPS)})."
            )
        mapping[dn.strip().lower()] = group.strip()
    return mapping


def ldap_settings(environ):
    """django-auth-ldap's settings from `environ`; {} when LDAP_SERVER_URI is absent."""
    uri = environ.get("LDAP_SERVER_URI", "").strip()
    if not uri:
        return {}
    import ldap
    from django_auth_ldap import config

    def env(name, default=""):
        return environ.get(name, default).strip()

    user_base = env("LDAP_USER_SEARCH_BASE")
    if not user_base:
        raise ImproperlyConfigured("LDAP_SERVER_URI is set: set LDAP_USER_SEARCH_BASE too.")
    values = {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": env("LDAP_BIND_DN"),
        "AUTH_LDAP_BIND_PASSWORD": environ.get("LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_USER_SEARCH": config.LDAPSearch(
            user_base, ldap.SCOPE_SUBTREE, env("LDAP_USER_FILTER", "(uid=%(user)s)")
        ),
        "AUTH_LDAP_USER_ATTR_MAP": {
            "first_name": env("LDAP_ATTR_FIRST_NAME", "givenName"),
            "last_name": env("LDAP_ATTR_LAST_NAME", "sn"),
            "email": env("LDAP_ATTR_EMAIL", "mail"),
        },
        # Names, e-mail and groups are the directory's at every sign-in.
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_START_TLS": env("LDAP_START_TLS").lower() in {"1", "true", "yes", "on"},
        "AUTH_LDAP_CONNECTION_OPTIONS": {
            ldap.OPT_NETWORK_TIMEOUT: int(env("LDAP_TIMEOUT", "5")),
            ldap.OPT_TIMEOUT: int(env("LDAP_TIMEOUT", "5")),
            ldap.OPT_REFERRALS: 0,
        },
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
        "LDAP_GROUP_MAP": group_map(env("LDAP_GROUP_MAP")),
    }
    group_base = env("LDAP_GROUP_SEARCH_BASE")
    if group_base:
        type_name = GROUP_TYPES.get(env("LDAP_GROUP_TYPE", "groupOfNames").lower())
        if type_name is None:
            raise ImproperlyConfigured(f"LDAP_GROUP_TYPE must be one of {', '.join(GROUP_TYPES)}.")
        values["AUTH_LDAP_GROUP_SEARCH"] = config.LDAPSearch(group_base, ldap.SCOPE_SUBTREE)
        values["AUTH_LDAP_GROUP_TYPE"] = getattr(config, type_name)()
    elif values["LDAP_GROUP_MAP"]:
        raise ImproperlyConfigured("LDAP_GROUP_MAP needs LDAP_GROUP_SEARCH_BASE.")
    if env("LDAP_REQUIRE_GROUP"):
        values["AUTH_LDAP_REQUIRE_GROUP"] = env("LDAP_REQUIRE_GROUP")
    return values
