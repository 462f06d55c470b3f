"""Follow-up contacts and linked directory services: added from a referral's page (or a row of the
referral list) and saved back to that page. A contact is logged in two clicks: "Log contact" on the
list, then the button saying how it went."""

import datetime

from django import forms
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views import generic

from referrals import audit
from referrals.models import FollowUpContact, Referral, ReferralResource
from referrals.viewsets.base import AuditedEditView, CaseworkViewSet, PartOfForm, refused_at_save
from referrals.viewsets.directory_chooser import directory_chooser
from resources.models import ResourcePage

NEXT_FOLLOW_UP = datetime.timedelta(days=7)
ALREADY_LINKED = "This service is linked to this referral already: change its status there."


class OutcomeButtons(forms.RadioSelect):
    """Each choice is a submit button: choosing how the contact went saves it."""

    template_name = "referrals/widgets/outcome_buttons.html"


class ReferralPart(PartOfForm):
    """A record that belongs to one referral."""

    referral = forms.ModelChoiceField(
        queryset=Referral.objects.only("pk", "reference"), widget=forms.HiddenInput
    )
    parent_field = "referral"
    parent_missing = "Open the referral first, then add to it from its page."


class ContactForm(ReferralPart):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget = OutcomeButtons(choices=self.fields["outcome"].choices[1:])
        self.fields["outcome"].error_messages["required"] = "Choose how the contact went."


class LinkForm(ReferralPart):
    def clean(self):
        """The referral is not one of the model form's fields, so its unique pair is checked here."""
        cleaned = super().clean()  # sets the instance's referral when it is added
        resource, referral_id = cleaned.get("resource"), self.instance.referral_id
        if resource and referral_id:
            others = ReferralResource.objects.filter(referral_id=referral_id, resource=resource)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("resource", ALREADY_LINKED)
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = ResourcePage.objects.live().public()
        self.fields["resource"].widget = directory_chooser.widget_class()
        self.fields["resource"].error_messages["invalid_choice"] = (
            "Choose a service that is published in the directory."
        )


class BackToReferral:
    """Adding starts from a referral (`?referral=`) and every save returns to its page."""

    def get_initial(self):
        initial = super().get_initial()
        if referral := self.request.GET.get("referral"):
            initial["referral"] = get_object_or_404(
                Referral.objects.only("pk"), pk=referral if referral.isdigit() else 0
            )
        return initial

    def get_success_url(self):
        return reverse("casework_referrals:inspect", args=[self.object.referral_id])


class AddToReferral(BackToReferral):
    """Adding needs the referral: without one, the clinician is sent to the referrals."""

    def get(self, request, *args, **kwargs):
        if not request.GET.get("referral", "").isdigit():
            messages.info(request, "Open the referral first, then add to it from its page.")
            return redirect("casework_referrals:index")
        return super().get(request, *args, **kwargs)


class ContactCreateView(AddToReferral, generic.CreateView):
    submit_button_label = "Save"

    def get_initial(self):
        return {
            **super().get_initial(),
            "contacted_at": timezone.now(),
            "next_due": timezone.localdate() + NEXT_FOLLOW_UP,
        }

    def save_instance(self):
        self.form.instance.by = self.request.user
        contact = super().save_instance()
        audit.record(
            self.request.user,
            [contact.referral],
            "referrals.contact_logged",
            contact=contact.reference,
            outcome=contact.outcome,
        )
        return contact


class LinkCreateView(AddToReferral, generic.CreateView):
    submit_button_label = "Link this service"

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:  # the same service linked by a colleague a moment ago
            return refused_at_save(self, form, "resource", ALREADY_LINKED)

    def save_instance(self):
        link = super().save_instance()
        audit.record(
            self.request.user,
            [link.referral],
            "referrals.service_linked",
            link=link.reference,
            status=link.status,
        )
        return link


class ContactEditView(BackToReferral, AuditedEditView):
    pass


class LinkEditView(BackToReferral, AuditedEditView):
    pass


class ContactViewSet(CaseworkViewSet):
    model = FollowUpContact
    name = "casework_contacts"
    url_prefix = "casework/contacts"
    add_view_class = ContactCreateView
    edit_view_class = ContactEditView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("contacted_at"), FieldPanel("method"), FieldPanel("with_whom")]),
            FieldPanel("notes"),
            FieldPanel("next_due"),
            FieldPanel("outcome"),
        ],
        base_form_class=ContactForm,
    )


class LinkViewSet(CaseworkViewSet):
    model = ReferralResource
    name = "casework_links"
    url_prefix = "casework/linked-services"
    add_view_class = LinkCreateView
    edit_view_class = LinkEditView
    edit_handler = ObjectList(
        [FieldPanel("resource"), FieldRowPanel([FieldPanel("status"), FieldPanel("status_date")])],
        base_form_class=LinkForm,
    )
