"""The guilds a person manages: the guild list (cached, one call to Discord in flight), the bot's view of a guild,
the rights that make a manager, and the guard every page below `/guilds/{guild_id}` passes through.

May import: app.core, app.settings, app.discord, app.auth.
"""
