"""The printable handout of a referral's services: what the person needs to reach them, and the
crisis numbers, with nothing about the person. Labels in English, Spanish or Arabic; the directory's
own text as entered.

The labels were written for this handout; day names follow each language's usual form.
"""

from dataclasses import dataclass

from referrals.models import LinkStatus
from resources import hours
from resources.models import ResourcePage

LISTED = (LinkStatus.SUGGESTED, LinkStatus.REFERRED, LinkStatus.CONNECTED)

LABELS = {
    "en": {
        "dir": "ltr", "title": "Services for you", "phone": "Phone", "address": "Address",
        "confidential": "Address given when you call", "hours": "Hours", "apply": "How to get help",
        "cost": "Cost", "languages": "Languages", "free": "Free", "sliding": "Fees on a sliding scale",
        "insurance": "Insurance accepted", "open_always": "Open 24 hours, 7 days",
        "call_for_hours": "Call for hours",
        "closed": "Closed", "emergency": "In an emergency, call 911.",
        "crisis": "Suicide & Crisis Lifeline: call or text 988, any time.",
        "from": "From your co-response clinician",
        "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    },
    "es": {
        "dir": "ltr", "title": "Servicios para usted", "phone": "Teléfono", "address": "Dirección",
        "confidential": "Le darán la dirección cuando llame", "hours": "Horario",
        "apply": "Cómo pedir ayuda",
        "cost": "Costo", "languages": "Idiomas", "free": "Gratis", "sliding": "Tarifas según sus ingresos",
        "insurance": "Acepta seguro médico", "open_always": "Abierto las 24 horas, los 7 días",
        "call_for_hours": "Llame para saber el horario", "closed": "Cerrado",
        "emergency": "En una emergencia, llame al 911.",
        "crisis": (
            "Línea de Prevención del Suicidio y Crisis: llame o envíe un mensaje al 988, a cualquier hora."
        ),
        "from": "De su especialista de respuesta conjunta",
        "days": ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"],
    },
    "ar": {
        "dir": "rtl", "title": "خدمات من أجلك", "phone": "الهاتف", "address": "العنوان",
        "confidential": "يُعطى العنوان عند الاتصال", "hours": "ساعات العمل", "apply": "كيف تحصل على المساعدة",
        "cost": "التكلفة", "languages": "اللغات", "free": "مجاني", "sliding": "رسوم حسب الدخل",
        "insurance": "يقبل التأمين الصحي", "open_always": "مفتوح 24 ساعة، 7 أيام في الأسبوع",
        "call_for_hours": "اتصل لمعرفة ساعات العمل", "closed": "مغلق",
        "emergency": "في حالة الطوارئ، اتصل بالرقم 911.",
        "crisis": "خط المساعدة في حالات الانتحار والأزمات: اتصل أو أرسل رسالة إلى 988 في أي وقت.",
        "from": "من أخصائيتك في فريق الاستجابة المشتركة",
        "days": ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
    },
}  # fmt: skip


@dataclass
class Service:
    page: ResourcePage
    phones: list
    locations: list
    hours: list
    costs: list
    languages: list
    has_hours: bool


def language_for(referral, asked=""):
    """The language asked for, else the person's preferred one when the handout has it, else English."""
    if asked in LABELS:
        return asked
    preferred = referral.person.preferred_language
    return preferred.code if preferred and preferred.code in LABELS else "en"


def services(referral, labels):
    """The published services linked to the referral that are still worth trying, in link order."""
    ids = referral.resources.filter(status__in=LISTED).values_list("resource_id", flat=True)
    pages = (
        ResourcePage.objects.live()
        .public()
        .filter(pk__in=ids)
        .prefetch_related("phones", "locations", "schedules", "languages")
    )
    by_id = {page.pk: page for page in pages}
    return [service(by_id[pk], labels) for pk in ids if pk in by_id]


def service(page, labels):
    flags = (
        ("free", page.is_free),
        ("sliding", page.has_sliding_scale),
        ("insurance", page.accepts_insurance),
    )
    schedules = list(page.schedules.all())
    week = [
        (labels["days"][number], openings)
        for number, (_, openings) in enumerate(hours.weekly_hours(schedules))
    ]
    return Service(
        page=page,
        phones=list(page.phones.all()),
        locations=list(page.locations.all()),
        hours=week,
        costs=[labels[name] for name, flag in flags if flag],
        languages=list(page.languages.all()),
        has_hours=bool(schedules),
    )
