"""HSDS services imported through Wagtail's own page API, for `bench/hsds.py` to set beside the
import's bulk writer (`resources.bulk_pages`): the rate that decides whether the bulk writer is
worth keeping.

Usage (what bench/hsds.py runs): manage.py shell -c "from bench.page_api import run; run(PATH, PUBLISH)"
"""

import json
from pathlib import Path

from resources.hsds.importer import Importer
from resources.hsds.reading import records_in


class PageByPage:
    """The bulk writer's interface, through `add_child`, `save_revision` and `publish` as Wagtail's
    admin create view calls them, one page at a time (each batch is still one transaction)."""

    def __init__(self, parent, publish=False, user=None):
        self.parent, self.publish, self.user = parent, publish, user
        self.pages = []

    def add(self, page):
        self.pages.append(page)

    def __len__(self):
        return len(self.pages)

    def write(self):
        for page in self.pages:
            page.owner, page.live = self.user, self.publish
            self.parent.add_child(instance=page)
            revision = page.save_revision(user=self.user, log_action=True)
            if self.publish:
                revision.publish(user=self.user)
        written, self.pages = self.pages, []
        return written


def run(path, publish):
    items = records_in(json.loads(Path(path).read_text()))
    report = Importer(publish=publish, writer=PageByPage).run(items)
    print(report.summary())
    if report.failed or report.tree_problems:
        raise SystemExit(f"{report.failed} records refused; tree problems: {report.tree_problems}")
