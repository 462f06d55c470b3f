"""The public follow-up form: plain words, field-level messages, nothing typed is ever thrown away."""

from django import forms
from django.core.exceptions import ValidationError

from referrals.models import FollowUpRequest
from resources.models import Community, ResourcePage
from resources.validators import local_phone

MESSAGE_MAX = 1000
OTHER_COMMUNITY = "other"


def drop_blank_radio_choices(fields):
    """Radio groups offer no "---------" choice.

    A model field with choices and no default gets a blank choice in its form field; as a radio it
    shows as a "---------" option, checked while nothing is chosen. An unanswered group already
    says "no answer", and a required one then gets its own message.
    """
    for field in fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            field.choices = [(value, label) for value, label in field.choices if value != ""]


class FollowUpRequestForm(forms.ModelForm):
    community = forms.ChoiceField(label="Where does the person live?")
    # The service the person came from, if any; one that is no longer listed, or that an editor
    # made private, is simply left out.
    resource = forms.CharField(required=False, widget=forms.HiddenInput)
    message = forms.CharField(
        label="What happened, and what help would be useful?",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"A few sentences are enough (up to {MESSAGE_MAX} characters). Leave out medical details.",
    )
    consent = forms.BooleanField(
        label="I agree that the co-response clinician may contact me about this request.",
        error_messages={"required": "Please tick the box so the clinician may contact you."},
    )
    # Hidden from people (see the template); bots fill every field they find.
    website = forms.CharField(required=False, label="Leave this field empty")

    class Meta:
        model = FollowUpRequest
        fields = FollowUpRequest.FORM_FIELDS
        labels = {"person": "First name or initials of the person (optional)"}
        widgets = {
            "relationship": forms.RadioSelect,
            "best_time": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        help_texts = {
            "phone": "A US number with area code, such as 248-555-0123.",
            "email": "Give a phone number, an email address, or both.",
        }
        error_messages = {
            "relationship": {"required": "Please choose who is asking."},
            "best_time": {"required": "Please choose the best time to contact you."},
            "name": {"required": "Please tell us your name, so the clinician knows who to ask for."},
            "email": {"invalid": "Enter an email address such as name@example.org."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drop_blank_radio_choices(self.fields)
        partners = Community.objects.filter(is_partner=True).order_by("name").values_list("slug", "name")
        self.fields["community"].choices = [
            ("", "Choose one"),
            *partners,
            (OTHER_COMMUNITY, "Somewhere else"),
        ]
        self.fields["community"].error_messages["required"] = (
            "Please choose a community, or “Somewhere else”."
        )

    def clean_phone(self):
        return local_phone(self.cleaned_data["phone"])

    def clean_resource(self):
        listed = ResourcePage.objects.live().public()
        try:
            return listed.filter(uuid=self.cleaned_data["resource"].strip()).first()
        except ValidationError:  # not a UUID
            return None

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_community(self):
        slug = self.cleaned_data["community"]
        return None if slug == OTHER_COMMUNITY else Community.objects.get(slug=slug)

    def clean(self):
        cleaned = super().clean()
        no_contact = not cleaned.get("phone") and not cleaned.get("email")
        if no_contact and not self.has_error("phone") and not self.has_error("email"):
            self.add_error(
                "phone", "Give a phone number or an email address, so the clinician can reach you."
            )
        return cleaned

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
