"""ZIP codes to coordinates from the `zipcodes` package's bundled data (nothing fetched at run time),
and distances in miles."""

import math
from functools import lru_cache

import zipcodes

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE = 69.09


@lru_cache(maxsize=4096)
def zip_point(code):
    """(latitude, longitude) of a US ZIP code's centre, or None when it is unknown."""
    if not code.isascii():  # the library panics (a BaseException, not a ValueError) on some of it
        return None
    try:
        matches = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    if not matches:
        return None
    return float(matches[0]["lat"]), float(matches[0]["long"])


def haversine_miles(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))
