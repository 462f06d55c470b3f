"""Referrals in the admin: the clinician's list (filters, search by code, incident number or name,
"Log contact" on every row) and each referral's page, one timeline of the person's contacts and
linked services across all their referrals."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets import ListingButton

from referrals import audit
from referrals import handout as handouts
from referrals.access import CLINICIANS
from referrals.models import CLOSED, Person, Referral, Source, Status
from referrals.people import people_found
from referrals.timeline import timeline
from referrals.viewsets.base import (
    AuditedEditView,
    AuditedIndexView,
    AuditedInspectView,
    CaseworkViewSet,
    CodeColumn,
    PartOfForm,
)
from resources.models import Community

OPEN = "open"


def clinicians():
    return (
        get_user_model()
        .objects.filter(Q(groups__name=CLINICIANS) | Q(is_superuser=True), is_active=True)
        .distinct()
    )


class ReferralFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(OPEN, "Open (not closed)"), *Status.choices], method="filter_status", empty_label="Any"
    )
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.all())
    assigned_to = django_filters.ModelChoiceFilter(label="Assigned clinician", queryset=clinicians())
    source = django_filters.ChoiceFilter(choices=Source.choices, empty_label="Any")
    overdue = django_filters.BooleanFilter(
        label="Follow-up overdue", method="filter_overdue", widget=django_filters.widgets.BooleanWidget
    )
    due_today = django_filters.BooleanFilter(
        label="Follow-up due today", method="filter_due_today", widget=django_filters.widgets.BooleanWidget
    )
    occurred_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)

    class Meta:
        model = Referral
        fields = []

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.exclude(status__in=CLOSED)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(next_contact_due__lt=timezone.localdate()) & ~Q(status__in=CLOSED)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_due_today(self, queryset, name, value):
        due = Q(next_contact_due=timezone.localdate()) & ~Q(status__in=CLOSED)
        return queryset.filter(due) if value else queryset.exclude(due)


def clinician_name(referral):
    """Plain text, no avatar: an avatar would cost a query per row."""
    user = referral.assigned_to
    return (user.get_full_name() or user.get_username()) if user else ""


def search_referrals(queryset, text):
    """A referral or person code, an incident number, or a person's name: exact look-ups by index."""
    text = text.strip()
    return queryset.filter(
        Q(reference=text.upper()) | Q(incident_number=text.upper()) | Q(person_id__in=people_found(text))
    )


class ReferralIndexView(AuditedIndexView):
    is_searchable = True
    default_ordering = "-occurred_at"

    @cached_property
    def columns(self):
        return [
            CodeColumn(self, label="Referral"),
            Column("person", label="Person", accessor=lambda referral: referral.person.display_name),
            Column("community", label="Community"),
            Column("status", label="Status", accessor="get_status_display"),
            DateColumn("next_contact_due", label="Next follow-up", sort_key="next_contact_due"),
            DateColumn("occurred_at", label="Date", sort_key="occurred_at"),
            Column("assigned_to", label="Clinician", accessor=clinician_name),
        ]

    def get_base_queryset(self):
        """Only what the list shows is read and decrypted: the person's two name fields."""
        return Referral.objects.select_related("person", "community", "assigned_to").only(
            "reference",
            "status",
            "next_contact_due",
            "occurred_at",
            "community__name",
            "person__reference",
            "person__first_name",
            "person__last_name",
            "assigned_to__username",
            "assigned_to__first_name",
            "assigned_to__last_name",
        )

    def search_queryset(self, queryset):
        return search_referrals(queryset, self.search_query) if self.is_searching else queryset

    def people_shown(self, records):
        return [referral.person for referral in records]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = reverse("casework_contacts:add") + f"?referral={instance.pk}"
        buttons.append(ListingButton("Log contact", url, icon_name="mail", priority=1))
        return buttons


class ReferralInspectView(AuditedInspectView):
    template_name = "referrals/admin/referral.html"

    def get_object(self, queryset=None):
        related = Referral.objects.select_related("person", "community", "assigned_to", "origin_request")
        return get_object_or_404(related, pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.object
        events = timeline(referral.person)
        others = {event.referral for event in events if event.referral.pk != referral.pk}
        audit.record(self.request.user, [referral.person, *others], "referrals.view", via=referral.reference)
        context.update(
            referral=referral,
            person=referral.person,
            timeline=events,
            log_contact_url=reverse("casework_contacts:add") + f"?referral={referral.pk}",
            link_service_url=reverse("casework_links:add") + f"?referral={referral.pk}",
        )
        return context


class ReferralForm(PartOfForm):
    """The person is chosen before (from their page, or by triage); only the clinicians are offered
    as the one assigned."""

    person = forms.ModelChoiceField(queryset=Person.objects.only("pk", "reference"), widget=forms.HiddenInput)
    parent_field = "person"
    parent_missing = "Find or add the person first, then open a referral from their page."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = clinicians()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in CLOSED and not cleaned.get("outcome"):
            self.add_error("outcome", "Choose an outcome to close this referral.")
        return cleaned


class ReferralCreateView(generic.CreateView):
    """A new referral starts from the person's page (`?person=`)."""

    submit_button_label = "Open referral"

    def get(self, request, *args, **kwargs):
        if not request.GET.get("person", "").isdigit():
            messages.info(request, "Find or add the person first, then open a referral from their page.")
            return redirect("casework_people:index")
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        initial = {"assigned_to": self.request.user.pk}
        pk = self.request.GET.get("person", "")
        if person := Person.objects.only("pk", "community").filter(pk=pk if pk.isdigit() else 0).first():
            initial.update(person=person.pk, community=person.community_id)
        return initial

    def get_success_url(self):
        return reverse("casework_referrals:inspect", args=[self.object.pk])


class ReferralEditView(AuditedEditView):
    def get_success_url(self):
        return reverse("casework_referrals:inspect", args=[self.object.pk])


def handout(request, pk):
    """The referral's services on one or two printable pages, for the person to keep."""
    referral = get_object_or_404(Referral.objects.select_related("person__preferred_language"), pk=pk)
    language = handouts.language_for(referral, request.GET.get("lang", ""))
    labels = handouts.LABELS[language]
    audit.record(request.user, [referral], "referrals.print", language=language)
    context = {"labels": labels, "language": language, "services": handouts.services(referral, labels)}
    return TemplateResponse(request, "referrals/handout.html", context)


class ReferralViewSet(CaseworkViewSet):
    model = Referral
    name = "casework_referrals"
    url_prefix = "casework/referrals"
    menu_label = "Referrals"
    icon = "clipboard-list"
    add_to_admin_menu = False
    index_view_class = ReferralIndexView
    inspect_view_class = ReferralInspectView
    add_view_class = ReferralCreateView
    edit_view_class = ReferralEditView
    filterset_class = ReferralFilterSet

    def get_extra_urlpatterns(self):
        return [path("handout/<int:pk>/", handout, name="handout")]

    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("source"), FieldPanel("occurred_at")]),
            FieldRowPanel(
                [FieldPanel("community"), FieldPanel("police_department"), FieldPanel("incident_number")]
            ),
            FieldRowPanel([FieldPanel("concern"), FieldPanel("risk")]),
            FieldPanel("concern_notes"),
            FieldPanel("disposition"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("status"), FieldPanel("outcome")]), FieldPanel("assigned_to")],
                heading="Status",
            ),
            FieldRowPanel([FieldPanel("consent_to_share"), FieldPanel("consent_date")], heading="Consent"),
        ],
        base_form_class=ReferralForm,
    )
