"""The guild's own page, `/guilds/{guild_id}`: what each feature has to say of the guild at a glance.

It sits above the features it gathers from (guilds, linking, tickets), so none of them has to import another to be shown
there. May import: core, settings, guilds, linking, tickets.
"""
