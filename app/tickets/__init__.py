"""Support tickets: what reaches the bot (form answers, "open a ticket" buttons) worked on a board by a guild's team.

Pure, importing nothing of the app but each other: `model` (statuses, labels, titles, filters), `changes` (what
each action does to a ticket), `view` (cards and timeline entries), `transcript`.
Stores, on `app.core.db` and `app.core.activity`: `store` (opening, numbering, the board's columns), `events` (the
timeline), `actions` (compare-and-set changes), `guild_settings`, `team`, `measures`, `sweep`; `rendered` keeps
boards already rendered.
Talking to Discord through `app.discord` (errors read as `app.builder.storage.publish` reads them): `delivery` (DM or
private thread), `replies`, `inbox` (the opener's messages), `ratings`.
From the interactions endpoint: `intake` and `ratings.rate`. Web pages, under the guild guard, through
`app.core.templating` and `app.core.htmx`: `routes` (the table), `board_routes`, `ticket_routes`, `ticket_page`,
`settings_routes`, `pages` (what they share).
Outside this package only the route table, the interactions endpoint, the guild overview and the wiring (the weekly
ratings it keeps) import it.
"""
