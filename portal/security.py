"""Security headers on every response, the admin's included.

One Content-Security-Policy for the whole site (settings.CONTENT_SECURITY_POLICY): scripts and
everything else from this site only, no inline script. The admin's pages add what Wagtail's own markup
needs: inline style attributes, blob: images (upload previews) and frames of this site (page
previews). Wagtail's inline scripts (date widgets, inline panels, chooser widgets) run from a static
file instead (templates/wagtailadmin/, portal/admin_widgets.py, js/admin-widgets.js). Two of
Wagtail's own screens still write inline scripts we cannot reach through a public API — the
redirects form's page chooser and the workflow editor's task and page choosers — so those paths,
and only those, allow inline scripts.
"""

from csp.middleware import CSPMiddleware

ADMIN_ADDITIONS = {
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
}
INLINE_SCRIPTS_STILL = ("/admin/redirects/", "/admin/workflows/")
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
            if request.path.startswith(INLINE_SCRIPTS_STILL):
                parts.update["script-src"] = ["'self'", "'unsafe-inline'"]
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
