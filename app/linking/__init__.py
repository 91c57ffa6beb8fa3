"""Linking accounts and repositories: the `/link` landing of a Discord account, a guild's GitHub repository (OAuth,
the choice of repository, unlinking) and the GitHub client.

May import: app.core, app.settings, app.auth, app.guilds.
"""
