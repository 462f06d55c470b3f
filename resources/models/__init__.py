from .details import PhoneType, ServiceLocation, ServicePhone, ServiceSchedule, Weekday
from .organizations import Organization
from .pages import (
    COST_CHOICES,
    COSTS,
    DELIVERY,
    DELIVERY_CHOICES,
    ResourceIndexPage,
    ResourcePage,
    ServiceStatus,
    directory_page,
)
from .taxonomy import Category, Community, Language, Population

__all__ = [
    "COST_CHOICES",
    "COSTS",
    "DELIVERY",
    "DELIVERY_CHOICES",
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
    "directory_page",
]
