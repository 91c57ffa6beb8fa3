"""`/interactions`: Discord's Ed25519-signed interactions (slash commands, buttons, modal submits), each handed to
the feature it belongs to, and `guildhall register-commands`.

May import: app.core, app.settings, app.discord, app.components, app.builder, app.linking, app.responses,
app.tickets.
"""
