"""The demonstration directory: invented services (listed in demo_services.csv) spread over the
partner communities and nearby Oakland County places. Every organization is marked "(demo)",
every phone is a 555-01xx number reserved for fiction, and each description says it is not real.
"""

import csv
from pathlib import Path

SERVICES_CSV = Path(__file__).with_name("demo_services.csv")

ORGANIZATIONS = {
    "lakeside": "Lakeside Behavioral Health Collaborative (demo)",
    "northwoods": "Northwoods Family Services (demo)",
    "harbor": "Harbor Recovery Network (demo)",
    "commons": "Community Commons Alliance (demo)",
    "elm": "Elm Street Legal and Benefits Center (demo)",
    "maple": "Maple Grove Senior Services (demo)",
}

# Roads by community for invented street addresses; community slug → (road, ...)
ROADS = {
    "auburn-hills": ("Squirrel Road", "Opdyke Road", "University Drive"),
    "birmingham": ("Maple Road", "Old Woodward Avenue", "Adams Road"),
    "bloomfield-township": ("Telegraph Road", "Long Lake Road", "Square Lake Road"),
    "pontiac": ("Huron Street", "Saginaw Street", "Perry Street"),
    "troy": ("Big Beaver Road", "Crooks Road", "Rochester Road"),
    "royal-oak": ("Main Street", "Woodward Avenue", "Fourth Street"),
    "southfield": ("Evergreen Road", "Northwestern Highway", "Civic Center Drive"),
    "waterford-township": ("Dixie Highway", "Elizabeth Lake Road", "Highland Road"),
    "rochester-hills": ("Walton Boulevard", "Auburn Road", "Livernois Road"),
    "farmington-hills": ("Orchard Lake Road", "Twelve Mile Road", "Middlebelt Road"),
    "ferndale": ("Nine Mile Road", "Hilton Road", "Livernois Avenue"),
}

# A few ages, so eligibility shows; by title.
AGES = {
    "Youth Crisis Stabilization Unit": (10, 17),
    "Teen Counseling Drop-in": (12, 19),
    "After-School Mentoring": (8, 14),
    "Senior Wellness Calls": (60, None),
    "Early Childhood Mental Health": (0, 5),
}
CONFIDENTIAL = {"Domestic Violence Safe House", "Emergency Family Shelter"}
TEXT_LINES = {"Crisis Text Support", "Weekend Night Peer Line"}


def services():
    """The demo services as dicts, one per CSV row; space-separated cells are lists of keys."""
    with SERVICES_CSV.open(newline="") as file:
        return list(csv.DictReader(file))
