"""Production settings with the floor's URL added (bench/floor_urls.py), for bench/pages.py only."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
