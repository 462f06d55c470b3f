"""What every browser test shares: the two devices people use, a watch on what a page asks of other
origins, axe-core's accessibility check, checks for keyboard users, and screenshots for review."""

import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

# A phone held upright (the size of a common iPhone, touch) and a laptop.
DEVICES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

# axe-core from the npm registry (package.json), injected into the page under test.
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SERIOUS = ("serious", "critical")

# Waits for short animations to end (a message fading in), not for endless or slow ones (a spinner).
ANIMATIONS_FINISHED = """() => Promise.all(document.getAnimations()
  .filter(animation => animation.effect && animation.effect.getComputedTiming().endTime < 3000)
  .map(animation => animation.finished.catch(() => null))).then(() => true)"""

# Review copies of each step, by test; ignored by git (see README, "Browser tests").
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"

MISSING_REFERENCES = """() => Array.from(document.querySelectorAll('[aria-describedby], [aria-labelledby]'))
  .flatMap(element => ['aria-describedby', 'aria-labelledby'].flatMap(name =>
    (element.getAttribute(name) || '').split(/\\s+/).filter(id => id && !document.getElementById(id))
      .map(id => `${element.tagName.toLowerCase()} ${name}="${id}"`)))"""

WIDER_THAN_THE_SCREEN = """() => Array.from(document.querySelectorAll('body *'))
  .filter(element => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(element => element.tagName.toLowerCase() + '.' + element.className)"""

# The focused element, whether it shows a focus indicator, and whether the sticky quick-exit bar is
# drawn over it (over its middle or its top edge), unless it is in the bar itself.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const bar = document.querySelector('.quick-exit');
  const x = box.left + box.width / 2;
  const covered = [box.top + box.height / 2, box.top + 2].some(y => {
    const top = document.elementFromPoint(x, y);
    return top && bar && bar.contains(top) && !bar.contains(element);
  });
  const label = element.labels && element.labels.length ? element.labels[0].textContent : '';
  return {
    name: (element.getAttribute('aria-label') || label || element.textContent || element.name || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 60),
    tag: element.tagName.toLowerCase(),
    visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    hidden: covered,
  };
}"""


class Watch:
    """What a page requested from other origins, and what the Content-Security-Policy refused."""

    def __init__(self, page, origin):
        self.origin = urlsplit(origin)[:2]
        self.elsewhere, self.refused = [], []
        page.on("request", self.request)
        page.on("console", self.console)

    def request(self, request):
        local = request.url.startswith(("data:", "blob:", "about:"))
        if not local and urlsplit(request.url)[:2] != self.origin:
            self.elsewhere.append(request.url)

    def console(self, message):
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def assert_nothing_left_the_site(self):
        assert self.elsewhere == [], f"requests to other origins: {self.elsewhere}"
        assert self.refused == [], f"refused by the Content-Security-Policy: {self.refused}"


@contextmanager
def watched_page(chromium, origin, **context_options):
    """A page in a fresh browser context; fails afterwards if anything left the site."""
    context = chromium.new_context(**context_options)
    page = context.new_page()
    watch = Watch(page, origin)
    try:
        yield page
    finally:
        context.close()
    watch.assert_nothing_left_the_site()


def assert_accessible(page, impacts=None):
    """axe-core's WCAG 2.1 A and AA rules find nothing (of the given impacts, else of any), and every
    aria-describedby and aria-labelledby names an element on the page.

    The script is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy (no inline scripts) does not govern, as a screen reader's own code is not.
    """
    # Colours are judged as they end up, not half-way through a fade-in.
    page.evaluate(ANIMATIONS_FINISHED)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    options = {**WCAG_21_AA, "resultTypes": ["violations"]}
    results = page.evaluate("options => axe.run(document, options)", options)
    found = [v for v in results["violations"] if impacts is None or v["impact"] in impacts]
    assert found == [], f"{page.url}\n" + "\n".join(describe(violation) for violation in found)
    assert page.evaluate(MISSING_REFERENCES) == [], page.url


def describe(violation):
    targets = "; ".join(
        f"{' '.join(node['target'])} ({node.get('failureSummary', '').splitlines()[-1].strip()})"
        for node in violation["nodes"][:5]
    )
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} — {targets}"


def assert_fits_the_screen(page):
    """No sideways scrolling: nothing is wider than the window."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, (page.url, page.evaluate(WIDER_THAN_THE_SCREEN))


def press(device, locator):
    """A finger on a phone, the mouse on a desktop."""
    if device == "phone":
        locator.tap()
    else:
        locator.click()


def assert_focus_seen(page):
    """The focused element shows its focus and the quick-exit bar does not cover it; returns it."""
    focus = page.evaluate(FOCUS)
    if focus is not None:
        assert focus["visible"], f"focus not visible on {focus}"
        assert not focus["hidden"], f"focus hidden behind the quick-exit bar: {focus}"
    return focus


def tab_to(page, name, limit=80):
    """Press Tab until the focused element's text starts with `name`, checking at each stop that the
    focus shows and that the sticky quick-exit bar does not cover it. Returns the stops passed."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = assert_focus_seen(page)
        if focus is None:
            continue
        stops.append(focus["name"])
        if re.match(re.escape(name), focus["name"]):
            return stops
    raise AssertionError(f"{name!r} not reached in {limit} presses of Tab: {stops}")


class Screenshots:
    """Numbered full-page screenshots of a test's steps, in a folder named after the test."""

    def __init__(self, test_name):
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "-", test_name).strip("-")
        self.count = 0

    def __call__(self, page, step):
        if self.count == 0:  # a fresh set for each run of the test
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
        self.count += 1
        page.screenshot(path=self.folder / f"{self.count:02d}-{step}.png", full_page=True)
