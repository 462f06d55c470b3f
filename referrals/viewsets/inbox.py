"""The clinicians' inbox of follow-up requests, and triage: one step from a request to a referral
(for a person offered as a match, or a new one), a duplicate, or spam.

Spam stays out of the list unless someone filters for it.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton

from referrals import audit, triage
from referrals.models import Concern, FollowUpRequest, Person, Referral, RequestStatus, Risk
from referrals.viewsets.base import AuditedIndexView, CaseworkViewSet, CodeColumn, VersionCheckedForm
from resources.models import Community

NEW_PERSON = "new"


class InboxIndexView(AuditedIndexView):
    @cached_property
    def columns(self):
        return [
            CodeColumn(self, label="Request"),
            DateColumn("created_at", label="Received", sort_key="created_at"),
            Column("relationship", label="Who is asking", accessor="get_relationship_display"),
            Column("community", label="Community"),
            Column("status", label="Status", accessor="get_status_display"),
            Column(
                "possible_repeat_of",
                label="Possible repeat of",
                accessor=lambda r: r.possible_repeat_of.reference if r.possible_repeat_of_id else "",
            ),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status not in triage.TRIAGED:
            url = reverse("follow_up_inbox:triage", args=[instance.pk])
            buttons.append(ListingButton("Triage", url, icon_name="tasks", priority=1))
        return buttons

    def get_base_queryset(self):
        queryset = FollowUpRequest.objects.select_related("community", "possible_repeat_of").only(
            "reference",
            "created_at",
            "relationship",
            "status",
            "community__name",
            "possible_repeat_of__reference",
        )
        if not self.request.GET.get("status"):
            queryset = queryset.exclude(status=RequestStatus.SPAM)
        return queryset


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("referral", "Take on as a referral"), ("duplicate", "Duplicate"), ("spam", "Spam")],
        widget=forms.RadioSelect,
        initial="referral",
    )
    person = forms.ChoiceField(label="Who it is about", widget=forms.RadioSelect, required=False)
    first_name = forms.CharField(max_length=60, required=False)
    last_name = forms.CharField(max_length=60, required=False)
    community = forms.ModelChoiceField(queryset=Community.objects.all(), required=False)
    concern = forms.ChoiceField(
        label="Presenting concern", choices=[("", "---------"), *Concern.choices], required=False
    )
    risk = forms.ChoiceField(label="Risk level", choices=Risk.choices, initial=Risk.LOW)
    duplicate_of = forms.CharField(
        label="Duplicate of",
        required=False,
        max_length=11,
        help_text="A request code (ABCDE-FGHJK) or a referral code (R-…).",
    )

    def __init__(self, *args, follow_up=None, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.candidates = {str(person.pk): person for person, reasons in candidates}
        choices = [
            (str(person.pk), f"{person.reference} — {person.display_name}") for person, reasons in candidates
        ]
        self.fields["person"].choices = [*choices, (NEW_PERSON, "Someone new")]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "referral":
            self.clean_referral(data)
        elif decision == "duplicate":
            data["duplicate_of"] = self.find_original(data.get("duplicate_of", ""))
        return data

    def clean_referral(self, data):
        if not data.get("person"):
            self.add_error("person", "Choose the person, or “Someone new”.")
        elif data["person"] == NEW_PERSON and not (data.get("first_name") or data.get("last_name")):
            self.add_error("first_name", "Enter a first or last name, or what the person is known as.")
        if not data.get("community"):
            self.add_error("community", "Choose the community the request came from.")
        if not data.get("concern"):
            self.add_error("concern", "Choose the presenting concern.")

    def find_original(self, code):
        code = code.strip().upper()
        original = (
            Referral.objects.filter(reference=code).first()
            or FollowUpRequest.objects.filter(reference=code).first()
        )
        if original is None:
            self.add_error("duplicate_of", "No request or referral has this code.")
        elif isinstance(original, FollowUpRequest) and self.follow_up.pk in (
            original.pk,
            original.duplicate_of_id,
        ):
            self.add_error("duplicate_of", "A request cannot repeat itself, or a request that repeats it.")
        return original


class TriageView:
    """A plain view in the inbox's URL space (so it is clinicians-only like the rest)."""

    template_name = "referrals/admin/triage.html"

    @classmethod
    def as_view(cls):
        return cls().dispatch

    def dispatch(self, request, pk):
        follow_up = get_object_or_404(FollowUpRequest.objects.select_related("community", "resource"), pk=pk)
        if follow_up.status in triage.TRIAGED:
            messages.info(request, f"{follow_up.reference} has been triaged already.")
            return redirect("follow_up_inbox:inspect", follow_up.pk)
        candidates = triage.candidates(follow_up)
        initial = {"community": follow_up.community_id, **name_guess(follow_up)}
        form = TriageForm(request.POST or None, initial=initial, follow_up=follow_up, candidates=candidates)
        if request.method == "POST" and form.is_valid():
            try:
                return self.decide(request, follow_up, form)
            except triage.AlreadyTriaged:
                messages.error(request, f"Someone triaged {follow_up.reference} a moment ago.")
                return redirect("follow_up_inbox:inspect", follow_up.pk)
        if request.method == "GET":
            audit.record(request.user, [follow_up], "referrals.view")
            audit.record(
                request.user, [person for person, _ in candidates], "referrals.list", via=follow_up.reference
            )
        context = {"follow_up": follow_up, "form": form, "candidates": candidates}
        return TemplateResponse(request, self.template_name, context, status=400 if form.errors else 200)

    def decide(self, request, follow_up, form):
        data = form.cleaned_data
        if data["decision"] == "spam":
            triage.mark_spam(follow_up, request.user)
            messages.success(request, f"{follow_up.reference} marked as spam.")
            return redirect("follow_up_inbox:index")
        if data["decision"] == "duplicate":
            triage.mark_duplicate(follow_up, request.user, data["duplicate_of"])
            messages.success(
                request, f"{follow_up.reference} marked as a duplicate of {data['duplicate_of'].reference}."
            )
            return redirect("follow_up_inbox:index")
        chosen = form.candidates.get(data["person"])
        new_person = (
            None
            if chosen
            else Person(
                first_name=data["first_name"],
                last_name=data["last_name"],
                community=data["community"],
                **(
                    {"phone": follow_up.phone, "email": follow_up.email}
                    if follow_up.relationship == "self"
                    else {}
                ),
            )
        )
        referral = triage.take_on(
            follow_up,
            request.user,
            person=chosen,
            new_person=new_person,
            community=data["community"],
            concern=data["concern"],
            risk=data["risk"],
        )
        messages.success(request, f"{follow_up.reference} is now referral {referral.reference}.")
        return redirect("casework_referrals:inspect", referral.pk)


def name_guess(follow_up):
    subject = triage.subject_from(follow_up)
    return {"first_name": subject.first_name, "last_name": subject.last_name}


class RequestStatusForm(VersionCheckedForm):
    """Before triage a request is only new or in progress; triage alone closes it (with its
    referral, original or spam verdict), and a triaged request is not reopened here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        status.choices = [(RequestStatus.NEW, "New"), (RequestStatus.IN_PROGRESS, "In progress")]
        if self.instance.status in triage.TRIAGED:
            status.choices = [(self.instance.status, self.instance.get_status_display())]
            status.disabled = True
            status.help_text = "Triaged already: see the request's page."


class FollowUpInboxViewSet(CaseworkViewSet):
    model = FollowUpRequest
    name = "follow_up_inbox"
    url_prefix = "follow-up-requests"
    menu_label = "Follow-up requests"
    icon = "mail"
    index_view_class = InboxIndexView
    list_filter = ["status", "community"]
    edit_handler = ObjectList([FieldPanel("status")], base_form_class=RequestStatusForm)
    inspect_template_name = "referrals/admin/request.html"
    inspect_view_fields = ["reference", "created_at", "status", *FollowUpRequest.FORM_FIELDS]

    def get_extra_urlpatterns(self):
        return [path("triage/<int:pk>/", TriageView.as_view(), name="triage")]
