"""One demo login per group of the portal."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password

from base.groups import ADMINISTRATORS, EDITORS, MANAGERS, NETWORK_EDITORS, STAFF, ensure_groups

DEMO_USERS = {
    "demo-staff": (STAFF, "Sam", "Staff"),
    "demo-editor": (EDITORS, "Eddie", "Editor"),
    "demo-network": (NETWORK_EDITORS, "Nico", "Network"),
    "demo-manager": (MANAGERS, "Morgan", "Manager"),
    "demo-admin": (ADMINISTRATORS, "Alex", "Admin"),
}
DEMO_PASSWORD = "Cooperation-Demo-2010"


def ensure_demo_users(password=DEMO_PASSWORD):
    """Create or reset the demo logins (password reset on every run); returns their usernames."""
    ensure_groups()
    User = get_user_model()
    for username, (group, first_name, last_name) in DEMO_USERS.items():
        user, _created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first_name, last_name
        user.email = f"{username}@example.org"
        user.is_active = True
        user.is_staff = group == ADMINISTRATORS
        validate_password(password, user)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group)])
    return list(DEMO_USERS)
