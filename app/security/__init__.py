"""Browser hardening around every request: security headers and CSP, the body-size limit, CSRF, and the
loopback-only guard of the development pages.

May import: app.core, app.settings.
"""
