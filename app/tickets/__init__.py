"""Support tickets: what reaches the bot (form answers, "open a ticket" buttons) worked on a board by a guild's team.

Pure modules (`model`, `transcript`) import nothing of the app. The stores (`store`, `events`, `actions`,
`settings`) import `app.db` and `app.activity`; `replies`, `inbox` and `ratings` also talk to Discord through
`app.discord`; `intake` and `ratings` serve the interactions endpoint; the `*_routes` modules are the web pages,
under the guild guard. Nothing outside this package imports it except the route table, the interactions
endpoint and the guild overview.
"""
