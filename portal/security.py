"""Security headers on every response, the admin's included.

One Content-Security-Policy for the whole site (settings.CONTENT_SECURITY_POLICY): scripts and
everything else from this site only, no inline script on any public page. The admin's pages add what
Wagtail's own markup needs: inline style attributes, blob: images (upload previews), frames of this
site (page previews) — and, for now, inline scripts: Wagtail's chooser widgets write theirs from
Python (`BaseChooser.render`). Its other inline scripts (date widgets, inline panels) already run from
a static file instead (templates/wagtailadmin/, js/admin-widgets.js); once the choosers do too,
"'unsafe-inline'" leaves the admin's script-src.
"""

from csp.middleware import CSPMiddleware

ADMIN_ADDITIONS = {
    "script-src": ["'self'", "'unsafe-inline'"],  # Wagtail's chooser widgets: see above
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
}
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
            parts.update = ADMIN_ADDITIONS
            parts.replace = {"frame-ancestors": ["'self'"]}  # Wagtail's preview panel frames the admin
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
