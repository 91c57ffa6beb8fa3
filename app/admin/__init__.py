"""The administration pages under /admin: users, roles and permissions, lockouts, the activity log; and
`guildhall create-admin`.

Imports app.accounts, app.auth, app.core and app.settings; nothing imports it but the wiring.
"""
