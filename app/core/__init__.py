"""What every feature shares and nothing of a feature: the database and its SQLite reading connection, the
migration runner, templating, htmx request details, error pages, the `{name:id}` path convertor, the registry of
long-lived objects (`need`), throttles, single flight, row caches, encryption, the activity log.

May import: app.settings only.
"""
