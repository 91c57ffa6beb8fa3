"""Wiring: the long-lived objects a request may use, made once at start-up. The app puts each on its state, where a
feature finds it by type (`app.core.registry.need`); no feature imports this module."""

from __future__ import annotations

from dataclasses import dataclass

import httpx2
from databases import Database

from app.auth.cookies import CookieJar
from app.core.crypto import Box
from app.discord.client import Discord
from app.discord.tokens import TokenKeeper
from app.guilds.bot import BotView
from app.guilds.lists import GuildLists
from app.linking.github import GitHub
from app.linking.repositories import RepositoryLinks
from app.settings import Settings
from app.tickets.measures import WeeklyRatings


@dataclass(frozen=True)
class Services:
    settings: Settings
    database: Database
    http: httpx2.AsyncClient
    discord: Discord
    box: Box
    tokens: TokenKeeper
    cookies: CookieJar
    guild_lists: GuildLists
    bot: BotView
    github: GitHub
    repositories: RepositoryLinks
    ratings: WeeklyRatings


def build(settings: Settings, database: Database, http: httpx2.AsyncClient) -> Services:
    box = Box(settings.encryption_keys)
    discord = Discord(settings, http)
    return Services(
        settings=settings,
        database=database,
        http=http,
        discord=discord,
        box=box,
        tokens=TokenKeeper(database, discord, box),
        cookies=CookieJar(settings),
        guild_lists=GuildLists(database, discord),
        bot=BotView(database, discord),
        github=GitHub(settings, http),
        repositories=RepositoryLinks(database),
        ratings=WeeklyRatings(database),
    )
