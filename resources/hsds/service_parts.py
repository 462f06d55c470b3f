"""A service's lists (phones, hours, locations, languages, areas, categories, cost) onto its page."""

import datetime
import math
import re

from django.core.exceptions import ValidationError

from resources.hsds import kept, serialize
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
# The lists of a service record read here; other fields are kept as they came (`kept`).
LISTS = {
    "phones",
    "schedules",
    "service_at_locations",
    "languages",
    "service_areas",
    "attributes",
    "cost_options",
}
# Recurrence rules that make a weekly schedule other than every week.
NOT_EVERY_WEEK = ("byweekno", "bymonthday", "byyearday", "count", "until")
# What a location row holds of a service-at-location item and of its location; the rest is kept.
LINK_READ = {"id", "service_id", "location_id", "location", "service"}
LOCATION_READ = {"id", "location_type", "name", "latitude", "longitude", "addresses", "accessibility"}


class ServiceParts:
    """A service's lists (phones, hours, locations …) onto a page, keeping the ids of the rows it has.

    Items the directory has no rows for (a monthly schedule, a virtual location, a cost option other
    than its three) gather in `kept`, by list, for the page's `hsds_extra`."""

    def __init__(self, importer, page, label, path):
        self.importer = importer
        self.page = page
        self.label = label
        self.path = path
        self.service_id = str(page.uuid)
        self.kept = {}
        self.kept_by_location = {}

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
        self.kept["schedules"] = []
        rows = self.rows("schedules", self.page.schedules.all(), items, self.openings)
        all_day = {row.weekday for row in rows if row.open_24_hours}
        self.page.is_24_7 = len(all_day) == 7
        self.page.schedules = [] if self.page.is_24_7 else sorted(rows, key=opening_order)

    def openings(self, item, path):
        """One row per weekday of a schedule that repeats every week. Another kind (monthly, every
        other week, weeks 41 and 42 only, or hours given only in words) is kept as it came, for the
        page to show its words and the export: weekday rows would say every week."""
        weekly = (item.get("freq") or "WEEKLY").upper() == "WEEKLY"
        every_week = (
            weekly and item.get("interval") in (None, "", 1) and not any(item.get(n) for n in NOT_EVERY_WEEK)
        )
        if not every_week or not any(item.get(name) for name in ("byday", "opens_at", "closes_at")):
            self.keep("schedules", item, path)
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
        self.kept["service_at_locations"] = []
        confidential = [row for row in self.page.locations.all() if row.is_confidential]
        public = [row for row in self.page.locations.all() if not row.is_confidential]
        self.kept_by_location = {str(row.uuid): row.hsds_extra for row in public}
        self.page.locations = self.rows("service_at_locations", public, items, self.location) + confidential

    def location(self, link, path):
        """The location of a service-at-location item (HSDS nests it under `location`). One the
        directory cannot place (virtual, postal, or without a US street address) is kept as it came."""
        item, link_path, path = link.get("location"), path, f"{path}location."
        if not isinstance(item, dict) or not is_uuid(item.get("id")):
            self.importer.problem(self.label, f"{path}id", "a location with a UUID id is needed; left out")
            return []
        if item.get("location_type", "physical") != "physical":
            self.keep("service_at_locations", link, link_path)
            return []
        addresses = [a for a in item.get("addresses") or [] if isinstance(a, dict)]
        physical = [a for a in addresses if a.get("address_type") == "physical"]
        chosen = (physical or addresses or [{}])[0]
        address_path = f"{path}addresses[{addresses.index(chosen) if addresses else 0}]"
        address = self.address(chosen, f"{address_path}.")
        if isinstance(address, list):
            self.keep_unplaced(link, link_path, address_path, address)
            return []
        values = self.importer.cleaned(ServiceLocation, LOCATION_FIELDS, item, self.label, path)
        if ("latitude" in values) != ("longitude" in values) or values.get("latitude") is None:
            values.pop("latitude", None), values.pop("longitude", None)
        access = [a.get("description") for a in item.get("accessibility") or [] if isinstance(a, dict)]
        unset = {"name": "", "latitude": None, "longitude": None, "address_2": ""}
        values = {**unset, **values, **address, "accessibility": "; ".join(filter(None, access))[:250]}
        others = {index: a for index, a in enumerate(addresses) if a is not chosen}
        row_id = self.own_location_id(str(item["id"]))
        values["hsds_extra"] = self.kept_of_location(row_id, link, item, others, path)
        return [(row_id, values)]

    def keep_unplaced(self, link, link_path, address_path, missing):
        """A location without a US street address (one abroad, say): not on the page or the map,
        kept as it came for the API and the export."""
        needs = f"it needs a valid {', '.join(missing)}"
        if self.keep("service_at_locations", link, link_path):
            message = f"location not shown on the page ({needs}); kept as it came for the export"
        else:
            message = f"location left out: {needs}"
        self.importer.problem(self.label, address_path, message)

    def kept_of_location(self, row_id, link, item, other_addresses, path):
        """What the row keeps of a service-at-location item and its location: their own phones,
        hours and contacts, a description, the location's other addresses ({index: address}) …"""
        importer, label = self.importer, self.label
        link_path = path.removesuffix("location.")
        of_link = kept.unread_fields(importer, "service_at_location", link, LINK_READ, label, link_path)
        of_location = kept.unread_fields(importer, "location", item, LOCATION_READ, label, path)
        addresses = (
            kept.keep_item(importer, "location", "addresses", address, label, f"{path}addresses[{index}]")
            for index, address in other_addresses.items()
        )
        of_location["addresses"] = [address for address in addresses if address is not None]
        # Merged with what the row kept: a package without a phones table leaves a location's phones.
        before = self.kept_by_location.get(row_id, {})
        parts = {
            "link": kept.merged(before.get("link", {}), of_link),
            "location": kept.merged(before.get("location", {}), of_location),
        }
        return {part: fields for part, fields in parts.items() if fields}

    def address(self, address, path):
        """The location's street address as the row's fields, or the list of fields it lacks."""
        address = {**address, "state_province": str(address.get("state_province") or "").upper()}
        values = self.importer.cleaned(ServiceLocation, ADDRESS_FIELDS, address, self.label, path)
        missing = [key for key, name in ADDRESS_FIELDS.items() if key != "address_2" and name not in values]
        return missing or values

    def own_location_id(self, location_id):
        """HSDS lets services share a location; here each page has its own, so a shared one gets a
        derived id for every other service."""
        owner = self.importer.known.location_owner(location_id)
        if owner is None or str(owner) == self.service_id:
            return location_id
        return serialize.derived_id(location_id, "service", self.service_id)

    # Cost --------------------------------------------------------------------------------------

    def apply_costs(self, items):
        self.kept["cost_options"] = []
        flags = dict.fromkeys(COSTS, False)
        for index, item in enumerate(items if isinstance(items, list) else []):
            option = str((item or {}).get("option") or "").strip().lower() if isinstance(item, dict) else ""
            key = COST_KEYS.get(option)
            if key is None and isinstance(item, dict) and is_zero(item.get("amount")):
                key = "free"
            if key is None:
                # Not one of the three flags residents filter by: kept as it came.
                self.keep("cost_options", item, f"{self.path}cost_options[{index}].")
                continue
            flags[key] = True
        for key, value in flags.items():
            setattr(self.page, COSTS[key], value)

    def keep(self, name, item, path):
        """Keep a valid item of the list `name` that the directory has no row for; True if kept."""
        item = kept.keep_item(self.importer, "service", name, item, self.label, path)
        if item is not None:
            self.kept[name].append(item)
        return item is not None

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
