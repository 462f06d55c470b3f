"""People in the admin: found by code, phone or name; entered with the likely matches offered first
(never merged silently); each person's page is their whole history."""

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic

from referrals import audit
from referrals.lookup_keys import phone_key
from referrals.models import Person
from referrals.people import likely_matches, people_found
from referrals.timeline import timeline
from referrals.viewsets.base import (
    AuditedIndexView,
    AuditedInspectView,
    CaseworkViewSet,
    CodeColumn,
    VersionCheckedForm,
)
from resources.validators import local_phone, parse_phone


def search_people(queryset, text):
    """A code, a phone number or a name: exact look-ups by digest, no plain text in the database."""
    text = text.strip()
    found = Q(pk__in=people_found(text))
    if parse_phone(text):
        found |= Q(phone_key=phone_key(text))
    return queryset.filter(found)


class PersonForm(VersionCheckedForm):
    def clean_phone(self):
        return local_phone(self.cleaned_data.get("phone", ""))


class PersonIndexView(AuditedIndexView):
    is_searchable = True
    default_ordering = "-created_at"

    @cached_property
    def columns(self):
        return [
            CodeColumn(self, label="Person"),
            Column("name", label="Name", accessor="display_name"),
            Column("community", label="Community"),
            DateColumn("created_at", label="Added", sort_key="created_at"),
        ]

    def get_base_queryset(self):
        return Person.objects.select_related("community").only(
            "reference", "first_name", "last_name", "created_at", "community__name"
        )

    def search_queryset(self, queryset):
        return search_people(queryset, self.search_query) if self.is_searching else queryset


class PersonCreateView(generic.CreateView):
    """Before a new person is added, the people who may be the same one are offered, with why."""

    template_name = "referrals/admin/person_create.html"
    submit_button_label = "Add person"

    def form_valid(self, form):
        confirmed_new = self.request.POST.get("none_of_these")
        if not confirmed_new and (matches := likely_matches(form.instance)):
            audit.record(
                self.request.user, [match.person for match in matches], "referrals.list", via="matches"
            )
            return self.render_to_response(self.get_context_data(form=form, matches=matches))
        form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("casework_people:inspect", args=[self.object.pk])


class PersonInspectView(AuditedInspectView):
    template_name = "referrals/admin/person.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referrals = list(self.object.referrals.select_related("community").order_by("-occurred_at"))
        audit.record(self.request.user, referrals, "referrals.list", via=self.object.reference)
        context.update(
            person=self.object,
            timeline=timeline(self.object),
            referrals=referrals,
            new_referral_url=reverse("casework_referrals:add") + f"?person={self.object.pk}",
        )
        return context


class PersonViewSet(CaseworkViewSet):
    model = Person
    name = "casework_people"
    url_prefix = "casework/people"
    menu_label = "People"
    icon = "user"
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    inspect_view_class = PersonInspectView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")], heading="Name"),
            FieldRowPanel([FieldPanel("date_of_birth"), FieldPanel("age_estimate")], heading="Age"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email")], heading="Contact"),
            FieldRowPanel([FieldPanel("community"), FieldPanel("preferred_language")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("voicemail_ok"), FieldPanel("text_ok")]),
                    FieldRowPanel([FieldPanel("best_time"), FieldPanel("do_not_call")]),
                ],
                heading="Safe contact",
            ),
        ],
        base_form_class=PersonForm,
    )
