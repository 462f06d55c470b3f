"""Fill the configured database with COUNT generated resource pages (for benchmarks).

Usage: python bench/seed.py COUNT   (DJANGO_SETTINGS_MODULE and DATABASE_URL from the environment)
"""

import datetime
import itertools
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
django.setup()

from resources.factories import ResourcePageFactory, ServiceLocationFactory  # noqa: E402
from resources.models import Category, Community, Language, ServiceSchedule  # noqa: E402


def seed(count):
    categories = list(Category.objects.all())
    communities = list(Community.objects.all())
    languages = list(Language.objects.all())
    started = time.monotonic()
    for number in range(count):
        community = communities[number % len(communities)]
        ResourcePageFactory(
            title=f"Generated Service {number:06d}",
            summary="Generated for benchmarking: counseling, crisis help and support for families.",
            categories=[categories[number % len(categories)], categories[(number * 7) % len(categories)]],
            languages=list(itertools.islice(itertools.cycle(languages), number % 5, number % 5 + 2)),
            service_areas=[community],
            is_free=number % 3 == 0,
            locations=[ServiceLocationFactory.build(city=community.name)],
            schedules=[
                ServiceSchedule(weekday=day, opens_at=datetime.time(9), closes_at=datetime.time(17))
                for day in range(5)
            ],
        )
        if (number + 1) % 100 == 0 or number + 1 == count:
            rate = (number + 1) / (time.monotonic() - started)
            print(f"  seeded {number + 1}/{count} ({rate:.0f}/s)", flush=True)


if __name__ == "__main__":
    seed(int(sys.argv[1]))
