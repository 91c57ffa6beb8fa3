"""The builder, the web feature: a guild's library of messages and forms, the live editor, versions, JSON, share
links and publishing through the bot. `storage/` keeps entries, drafts, history and shares in the database and
publishes; `editor/` turns a draft into what the editor shows and a posted form into a draft; `routes/` answers
the requests; `request_context` is what every builder route reads from its request.

May import: app.core, app.settings, app.components, app.preview, app.discord, app.guilds, app.auth, app.accounts.
"""
