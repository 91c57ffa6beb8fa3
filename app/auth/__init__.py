"""Who is asking: session and device cookies, the auth chain and its middleware, signing in with Discord and
signing out, the pending OAuth logins, which user a Discord profile is, and permissions.

Imports app.core, app.discord and app.settings; never app.accounts, app.admin or another feature (they import it).
"""
