"""What every casework viewset shares: clinicians only, every read audited, titles are codes,
no exports, and a second editor of the same record is told instead of silently overwriting."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import ButtonsColumnMixin, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from referrals import audit
from referrals.access import CliniciansOnlyViewSetMixin


class CodeColumn(ButtonsColumnMixin, TitleColumn):
    """The record's code, linking to its page, with the row's buttons."""

    def __init__(self, view, label="Code"):
        super().__init__("reference", label=label, get_url=view.get_inspect_url, sort_key="reference")
        self.view = view

    def get_buttons(self, instance, parent_context):
        return self.view.get_list_buttons(instance)


class AuditedIndexView(generic.IndexView):
    """A listing that logs each record it shows (as found by a search when searching) and offers
    no export: Wagtail's CSV export would copy personal data out unneutralised."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        action = "referrals.search" if self.is_searching else "referrals.list"
        audit.record(self.request.user, context["object_list"], action)
        audit.record(self.request.user, self.people_shown(context["object_list"]), action)
        return context

    def people_shown(self, records):
        """People whose names a row shows besides its own record (a referral's person)."""
        return []


class AuditedInspectView(generic.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit.record(self.request.user, [self.object], "referrals.view")
        return context


class AuditedEditView(generic.EditView):
    """Opening the form shows the record, so it is a read. Saving re-checks the version with the row
    locked, so two saves at the same moment cannot both pass the form's check."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit.record(request.user, [self.object], "referrals.view")
        return response

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StaleRecord:
            return refused_at_save(self, form, None, ValidationError(STALE, code="stale"))

    def save_instance(self):
        if "loaded_version" not in self.form.fields:
            return super().save_instance()
        locked = type(self.object).objects.select_for_update().filter(pk=self.object.pk)
        if version(locked.values_list("updated_at", flat=True).first()) != self.form.cleaned_data.get(
            "loaded_version"
        ):
            raise StaleRecord
        return super().save_instance()


def refused_at_save(view, form, field, error):
    """A form that passed validation but could not be saved (a colleague got there first): shown
    again with the reason on `field`, as Wagtail shows a form that failed validation."""
    form.add_error(field, error)
    view.produced_error_code = "validation_error"  # what is_valid() sets for a refused form
    view.produced_error_message = view.get_error_message()
    return view.form_invalid(form)


class StaleRecord(Exception):
    """The record changed after the form was opened."""


STALE = (
    "Someone else saved this record after you opened it. Open it again to see their changes, then make yours."
)


def version(updated_at):
    return updated_at.isoformat() if updated_at else ""


class AuditedHistoryView(generic.HistoryView):
    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            audit.record(self.request.user, [self.object], "referrals.history")
        return context


def keys_only(form):
    """The submitted data with a chosen id that cannot be a key (², or too large for the column)
    replaced by one that names no record: the field then says "Select a valid choice" instead of
    the database failing on the look-up."""
    data = form.data.copy()
    for name, field in form.fields.items():
        value = data.get(form.add_prefix(name))
        chosen = isinstance(field, forms.ModelChoiceField) and value not in field.empty_values
        if chosen and not is_key(field.queryset.model, value):
            data[form.add_prefix(name)] = "0"
    return data


def is_key(model, value):
    """Whether `value` can be a primary key of `model`: the right type, and within the column's range
    (SQLite refuses a larger integer outright)."""
    field = model._meta.pk
    while field.is_relation:  # a page type's key is its page's
        field = field.target_field
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class VersionCheckedForm(WagtailAdminModelForm):
    """Carries the time the record was loaded; saving over a newer change is refused, so a second
    clinician editing the same record is told instead of overwriting the first one's work."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = version(self.instance.updated_at)
        if self.is_bound:
            self.data = keys_only(self)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                type(self.instance).objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True)
            )
            if cleaned.get("loaded_version") != version(current.first()):
                raise ValidationError(STALE, code="stale")
        return cleaned


class PartOfForm(VersionCheckedForm):
    """A record added to a parent chosen before it (a hidden field set from the page it was opened
    from), and never moved to another parent afterwards."""

    parent_field = ""
    parent_missing = ""  # the hidden field's error, said where it can be read

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields[self.parent_field]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.parent_field):
            setattr(self.instance, self.parent_field, cleaned[self.parent_field])
        elif self.parent_field in self.fields:
            raise ValidationError(self.parent_missing)
        return cleaned


class CaseworkViewSet(CliniciansOnlyViewSetMixin, ModelViewSet):
    """A back-office model in the admin: see the module's docstring."""

    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    edit_view_class = AuditedEditView
    history_view_class = AuditedHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_admin_menu = False

    @cached_property
    def url_namespace(self):
        return self.name
