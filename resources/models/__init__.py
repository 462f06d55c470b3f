from .details import PhoneType, ServiceLocation, ServicePhone, ServiceSchedule, Weekday
from .organizations import Organization
from .pages import COSTS, DELIVERY, ResourceIndexPage, ResourcePage, ServiceStatus
from .taxonomy import Category, Community, Language, Population

__all__ = [
    "COSTS",
    "DELIVERY",
    "Category",
    "Community",
    "Language",
    "Organization",
    "PhoneType",
    "Population",
    "ResourceIndexPage",
    "ResourcePage",
    "ServiceLocation",
    "ServicePhone",
    "ServiceSchedule",
    "ServiceStatus",
    "Weekday",
]
