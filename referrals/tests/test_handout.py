"""The printable handout: the services a person needs, the crisis numbers, nothing about the person;
labels in Spanish or Arabic when the person prefers them."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from referrals.models import Person, Referral, ReferralResource
from resources.factories import ResourcePageFactory, ServiceLocationFactory, ServicePhoneFactory
from resources.models import Community, Language

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral():
    place = Community.objects.get(slug="birmingham")
    person = Person.objects.create(first_name="Zebulon", last_name="Quill", community=place)
    made = Referral.objects.create(person=person, community=place, concern="housing")
    shelter = ResourcePageFactory(
        title="Safe Harbor Shelter",
        is_24_7=True,
        is_free=True,
        application_process="Call the intake line.",
        locations=[
            ServiceLocationFactory.build(address_1="12 Hidden Lane", city="Pontiac", is_confidential=True)
        ],
        phones=[ServicePhoneFactory.build(number="248-555-0142")],
    )
    clinic = ResourcePageFactory(
        title="Oakland Counseling",
        locations=[ServiceLocationFactory.build(address_1="100 Main St", city="Troy")],
    )
    declined = ResourcePageFactory(title="Declined Place")
    for page, status in ((shelter, "referred"), (clinic, "connected"), (declined, "declined")):
        ReferralResource.objects.create(referral=made, resource=page, status=status)
    return made


def test_the_handout_lists_the_services_and_nothing_about_the_person(client, clinician, referral):
    client.force_login(clinician)
    page = client.get(reverse("casework_referrals:handout", args=[referral.pk])).content.decode()
    assert "Safe Harbor Shelter" in page and "Oakland Counseling" in page and "Declined Place" not in page
    assert "(248) 555-0142" in page and "100 Main St" in page and "Call the intake line." in page
    assert "12 Hidden Lane" not in page and "Address given when you call" in page  # confidential
    assert "911" in page and "988" in page and "Open 24 hours" in page and "Free" in page
    for about_the_person in ("Zebulon", "Quill", referral.reference, referral.person.reference, "housing"):
        assert about_the_person not in page
    assert ModelLogEntry.objects.filter(action="referrals.print", object_id=str(referral.pk)).exists()


@pytest.mark.parametrize(("code", "words", "direction"), [("es", "Servicios para usted", "ltr"),
                                                          ("ar", "خدمات من أجلك", "rtl")])  # fmt: skip
def test_the_persons_language_labels_the_handout(client, clinician, referral, code, words, direction):
    language, _ = Language.objects.get_or_create(code=code, defaults={"name": code})
    referral.person.preferred_language = language
    referral.person.save()
    client.force_login(clinician)
    page = client.get(reverse("casework_referrals:handout", args=[referral.pk])).content.decode()
    assert words in page and f'dir="{direction}"' in page and "988" in page and "Safe Harbor Shelter" in page


def test_only_clinicians_print_handouts(client, editor, partner, referral):
    for user in (editor, partner):
        client.force_login(user)
        response = client.get(reverse("casework_referrals:handout", args=[referral.pk]))
        assert response.status_code == 403 and "Safe Harbor" not in response.content.decode()
