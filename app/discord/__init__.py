"""Talking to Discord: the REST and OAuth client with its rate limits and error tree, stored tokens and their
refresh, and interactions as plain data.

May import: app.core, app.settings.
"""
