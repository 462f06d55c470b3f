"""Who may reach the back office's personal records: the Clinicians group and superusers, in every
view a viewset has (list, inspect, edit, delete, history, usage, copy, export, chooser).

Wagtail opens a listing, its export and inspect to anyone holding any one model permission, and
loads any object by primary key in its object views, so the rule is applied here to every URL a
viewset registers, not to the views one by one: a view added later is covered too.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem

from referrals import audit

CLINICIANS = "Clinicians"


def is_clinician(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_clinician", None)
    if cached is None:
        cached = user._is_clinician = user.groups.filter(name=CLINICIANS).exists()
    return cached


def clinicians_only(view, model):
    """Wrap a view: anonymous → sign in; anyone but a clinician, or a clinician asking for what
    their role lacks → 403, logged."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not is_clinician(request.user):
            return refuse(request, model, kwargs.get("pk"))
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:  # a clinician asking for what their role lacks (deleting, say)
            return refuse(request, model, kwargs.get("pk"))
        except ProtectedError:  # deleting a person who still has referrals, say
            return render(request, "referrals/admin/in_use.html", status=409)

    return guarded


def refuse(request, model, pk):
    """403 with a plain page (Wagtail would redirect to the dashboard), and an audit entry."""
    asked_for = model.objects.filter(pk=pk).first() if model and pk and str(pk).isdigit() else None
    audit.refused(request, asked_for)
    return render(request, "referrals/admin/refused.html", status=403)


class CliniciansOnlyViewSetMixin:
    """For a Wagtail viewset: every URL it registers answers only clinicians; its menu item shows
    only to them."""

    refusals_logged_on_records = True

    def get_urlpatterns(self):
        model = self.model if self.refusals_logged_on_records else None
        return [
            path(str(pattern.pattern), clinicians_only(pattern.callback, model), name=pattern.name)
            for pattern in [*super().get_urlpatterns(), *self.get_extra_urlpatterns()]
        ]

    def get_extra_urlpatterns(self):
        """The viewset's own views beyond Wagtail's, guarded like the rest."""
        return []

    @cached_property
    def menu_item_class(self):
        def is_shown(item, request):
            return is_clinician(request.user)

        return type(f"{self.model.__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})
