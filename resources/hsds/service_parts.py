"""A service's lists (phones, hours, locations, languages, areas, categories, cost) onto its page."""

import datetime
import math
import re

from django.core.exceptions import ValidationError

from resources.hsds import serialize
from resources.hsds.values import clean_value, describe, is_uuid, is_zero, shown
from resources.models import COSTS, PhoneType, ServiceLocation, ServicePhone, ServiceSchedule
from resources.validators import format_phone

PHONE_FIELDS = {"number": "number", "extension": "extension", "type": "type", "description": "description"}
LOCATION_FIELDS = {"name": "name", "latitude": "latitude", "longitude": "longitude"}
ADDRESS_FIELDS = {
    "address_1": "address_1",
    "address_2": "address_2",
    "city": "city",
    "state_province": "state",
    "postal_code": "postal_code",
}
# HSDS phone types this directory folds into its own: a mobile number is dialled like any other.
PHONE_TYPES = {"cell": PhoneType.VOICE}
COST_KEYS = {label.lower(): key for key, label in serialize.COST_OPTIONS.items()}


class ServiceParts:
    """A service's lists (phones, hours, locations …) onto a page, keeping the ids of the rows it has."""

    def __init__(self, importer, page, label, path):
        self.importer = importer
        self.page = page
        self.label = label
        self.path = path
        self.service_id = str(page.uuid)

    def apply(self, record):
        if "phones" in record:
            self.page.phones = self.rows("phones", self.page.phones.all(), record["phones"], self.phone)
        if "schedules" in record:
            self.apply_schedules(record["schedules"])
        if "service_at_locations" in record:
            self.apply_locations(record["service_at_locations"])
        if "languages" in record:
            self.page.languages = self.refs(record["languages"], "languages", self.language)
        if "service_areas" in record:
            self.page.service_areas = self.refs(record["service_areas"], "service_areas", self.community)
        if "attributes" in record:
            self.page.categories = self.refs(
                record["attributes"], "attributes", self.importer.terms.of_attribute
            )
        if "cost_options" in record:
            self.apply_costs(record["cost_options"])

    # Lists of rows owned by the page ------------------------------------------------------

    def rows(self, key, current, items, build):
        """Rows for `items`, reusing the page's row with the same id; items that fail are reported."""
        by_id = {str(row.uuid): row for row in current}
        rows = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            path = f"{self.path}{key}[{index}]."
            if not isinstance(item, dict) or not is_uuid(item.get("id")):
                self.importer.problem(self.label, f"{path}id", "an item needs a UUID id; left out")
                continue
            for row_id, values in build(item, path):
                row = by_id.get(row_id) or current_model(key)(uuid=row_id)
                for name, value in values.items():
                    setattr(row, name, value)
                rows.append(row)
        return rows

    def refs(self, items, key, find):
        found = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                row = find(item, self.label, f"{self.path}{key}[{index}].")
                if row is not None and row not in found:
                    found.append(row)
        return found

    def phone(self, item, path):
        item = {**item, "type": PHONE_TYPES.get(item.get("type"), item.get("type"))}
        if isinstance(item.get("extension"), (int, float)):
            item["extension"] = self.extension_digits(item["extension"], path)
        try:
            number = clean_value(ServicePhone, "number", item.get("number"))
        except ValidationError as error:
            self.importer.problem(
                self.label, f"{path}number", f"{shown(item.get('number'))}: {describe(error)} Phone left out."
            )
            return []
        values = self.importer.cleaned(
            ServicePhone, PHONE_FIELDS, {**item, "number": number}, self.label, path
        )
        values["number"] = format_phone(values["number"])
        return [(str(item["id"]), {"extension": "", "type": PhoneType.VOICE, "description": "", **values})]

    def extension_digits(self, number, path):
        """An extension given as a JSON number, as the digits the field keeps. Python's JSON reader
        also accepts NaN and Infinity, which have none: reported and left out."""
        if math.isfinite(number):
            return str(int(number))
        self.importer.problem(self.label, f"{path}extension", f"{shown(number)} left out: not a number.")
        return ""

    # Opening hours -------------------------------------------------------------------------

    def apply_schedules(self, items):
        rows = self.rows("schedules", self.page.schedules.all(), items, self.openings)
        all_day = {row.weekday for row in rows if row.open_24_hours}
        self.page.is_24_7 = len(all_day) == 7
        self.page.schedules = [] if self.page.is_24_7 else sorted(rows, key=opening_order)

    def openings(self, item, path):
        """One row per weekday of a weekly HSDS schedule; other kinds of schedule are reported."""
        if (item.get("freq") or "WEEKLY").upper() != "WEEKLY":
            self.importer.problem(
                self.label, f"{path}freq", "only weekly opening hours are imported; left out"
            )
            return []
        days = [day.strip().upper() for day in str(item.get("byday") or "").split(",") if day.strip()]
        if not days or any(day not in serialize.WEEKDAYS for day in days):
            message = f"{shown(item.get('byday'))} is not a list of weekdays; left out"
            self.importer.problem(self.label, f"{path}byday", message)
            return []
        hours = self.hours(item, path)
        if hours is None:
            return []
        ids = (
            [str(item["id"])]
            if len(days) == 1
            else [serialize.derived_id(item["id"], "day", day) for day in days]
        )
        return [
            (row_id, {**hours, "weekday": serialize.WEEKDAYS.index(day)})
            for row_id, day in zip(ids, days, strict=True)
        ]

    def hours(self, item, path):
        """Opening and closing times checked by the schedule's own rule; 00:00–00:00 is all day."""
        times = {}
        for name in ("opens_at", "closes_at"):
            try:
                times[name] = clean_value(ServiceSchedule, name, item.get(name))
            except ValidationError as error:
                self.importer.problem(
                    self.label, f"{path}{name}", f"opening hours left out: {describe(error)}"
                )
                return None
        opens = times["opens_at"]
        all_day = opens is not None and opens == times["closes_at"] and opens.hour == opens.minute == 0
        hours = {"open_24_hours": True, "opens_at": None, "closes_at": None} if all_day else times
        try:
            ServiceSchedule(weekday=0, **hours).clean()
        except ValidationError as error:
            self.importer.problem(
                self.label, f"{path}closes_at", f"opening hours left out: {describe(error)}"
            )
            return None
        return {"open_24_hours": False, **hours}

    # Locations -------------------------------------------------------------------------------

    def apply_locations(self, items):
        confidential = [row for row in self.page.locations.all() if row.is_confidential]
        public = [row for row in self.page.locations.all() if not row.is_confidential]
        self.page.locations = self.rows("service_at_locations", public, items, self.location) + confidential

    def location(self, link, path):
        """The location of a service-at-location item (HSDS nests it under `location`)."""
        item, path = link.get("location"), f"{path}location."
        if not isinstance(item, dict) or not is_uuid(item.get("id")):
            self.importer.problem(self.label, f"{path}id", "a location with a UUID id is needed; left out")
            return []
        if item.get("location_type", "physical") != "physical":
            self.importer.problem(
                self.label, f"{path}location_type", "only physical locations are imported; left out"
            )
            return []
        # Every bad field is reported, the coordinates too, even when the address then rules it out.
        values = self.importer.cleaned(ServiceLocation, LOCATION_FIELDS, item, self.label, path)
        if ("latitude" in values) != ("longitude" in values) or values.get("latitude") is None:
            values.pop("latitude", None), values.pop("longitude", None)
        address = self.address(item, path)
        if address is None:
            return []
        access = [a.get("description") for a in item.get("accessibility") or [] if isinstance(a, dict)]
        unset = {"name": "", "latitude": None, "longitude": None, "address_2": ""}
        values = {**unset, **values, **address, "accessibility": "; ".join(filter(None, access))[:250]}
        return [(self.own_location_id(str(item["id"])), values)]

    def address(self, item, path):
        """The location's street address (its physical one, else its first), or None if unusable."""
        addresses = [a for a in item.get("addresses") or [] if isinstance(a, dict)]
        physical = [a for a in addresses if a.get("address_type") == "physical"]
        address = (physical or addresses or [{}])[0]
        path = f"{path}addresses[{addresses.index(address) if addresses else 0}]."
        address = {**address, "state_province": str(address.get("state_province") or "").upper()}
        values = self.importer.cleaned(ServiceLocation, ADDRESS_FIELDS, address, self.label, path)
        missing = [key for key, name in ADDRESS_FIELDS.items() if key != "address_2" and name not in values]
        if missing:
            message = f"location left out: it needs a valid {', '.join(missing)}"
            self.importer.problem(self.label, path.rstrip("."), message)
            return None
        return values

    def own_location_id(self, location_id):
        """HSDS lets services share a location; here each page has its own, so a shared one gets a
        derived id for every other service."""
        owner = self.importer.known.location_owner(location_id)
        if owner is None or str(owner) == self.service_id:
            return location_id
        return serialize.derived_id(location_id, "service", self.service_id)

    # Cost --------------------------------------------------------------------------------------

    def apply_costs(self, items):
        flags = dict.fromkeys(COSTS, False)
        for index, item in enumerate(items if isinstance(items, list) else []):
            option = str((item or {}).get("option") or "").strip().lower() if isinstance(item, dict) else ""
            key = COST_KEYS.get(option)
            if key is None and isinstance(item, dict) and is_zero(item.get("amount")):
                key = "free"
            if key is None:
                path = f"{self.path}cost_options[{index}].option"
                self.importer.problem(
                    self.label,
                    path,
                    f"{shown(option)} left out: only free, sliding-scale and insurance are recorded",
                )
                continue
            flags[key] = True
        for key, value in flags.items():
            setattr(self.page, COSTS[key], value)

    # Reference rows (created as needed) ------------------------------------------------------

    def language(self, item, label, path):
        code = str(item.get("code") or "").strip().lower()
        name = str(item.get("name") or "").strip()
        if not re.fullmatch(r"[a-z]{2,3}", code):
            self.importer.problem(label, f"{path}code", f"{code!r} is not an ISO 639 language code")
            return None
        return self.importer.known.language(code, name)

    def community(self, item, label, path):
        name = " ".join(str(item.get("name") or "").split())
        if not name or len(name) > 80:
            self.importer.problem(
                label, f"{path}name", "a service area needs a place name of at most 80 characters"
            )
            return None
        return self.importer.known.community(name)


def opening_order(row):
    return row.weekday, row.opens_at or datetime.time(0)


def current_model(key):
    return {"phones": ServicePhone, "schedules": ServiceSchedule, "service_at_locations": ServiceLocation}[
        key
    ]
