"""Demo accounts, one per role, for trying the portal locally."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_ACCOUNTS = [
    # username, group (None: superuser), first name
    ("admin", None, "Site administrator"),
    ("clinician", "Clinicians", "Co-response clinician"),
    ("editor", "Directory editors", "Directory editor"),
    ("partner", "Partner viewers", "Partner department"),
]


def create_demo_accounts(password):
    """Create the accounts that are missing; existing ones are left as they are. Returns the new names."""
    User = get_user_model()
    created = []
    for username, group_name, first_name in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, first_name=first_name, email=f"{username}@example.org")
        user.is_staff = user.is_superuser = group_name is None
        user.set_password(password)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        created.append(username)
    return created
