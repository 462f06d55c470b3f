"""Security headers on every response, the admin's included.

One Content-Security-Policy for the whole site (settings.CONTENT_SECURITY_POLICY): scripts and
everything else from this site only, no inline script. The admin's pages add what Wagtail's own markup
needs: inline style attributes, blob: images (upload previews) and frames of this site (page
previews). Wagtail's inline scripts (date widgets, inline panels, chooser widgets) run from a static
file instead (templates/wagtailadmin/, portal/admin_widgets.py, js/admin-widgets.js). One screen
still writes an inline script no public API reaches: the redirects form's page chooser
(`RedirectForm.__init__` sets its widget). That one script, and no other, is allowed there by its
hash, computed from the same widget call Wagtail makes, so an upgrade that changes it cannot
silently allow anything else. (Workflows, whose editor writes others, are off: editors publish.)
"""

import base64
import functools
import hashlib

from csp.middleware import CSPMiddleware

ADMIN_ADDITIONS = {
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
}
REDIRECTS = "/admin/redirects/"
# Nothing the portal uses: a page that asks for them is not ours.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort", "browsing-topics",
    )
)  # fmt: skip


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's additions on /admin/ (its documented extension
    point, `get_policy_parts`)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/") and parts.update is None and parts.replace is None:
            parts.update = dict(ADMIN_ADDITIONS)
            parts.replace = {"frame-ancestors": ["'self'"]}  # Wagtail's preview panel frames the admin
            if request.path.startswith(REDIRECTS):
                parts.update["script-src"] = ["'self'", redirect_form_script()]
        return parts


@functools.cache
def redirect_form_script():
    """The CSP hash of the one inline script on the redirects form: its page chooser's start-up
    call, as `BaseChooser.render` writes it for `RedirectForm`'s `AdminPageChooser()`."""
    from wagtail.admin.widgets import AdminPageChooser

    script = AdminPageChooser().render_js_init("id_redirect_page", "redirect_page", None)
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
