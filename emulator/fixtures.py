"""The emulator's fixture world: users, guilds, GitHub accounts and keys, as plain frozen data.

Ids are stable: tests, demos and the README refer to them. The emulator copies what can change (membership,
roles, bot presence) into its state at start and on reset; these objects never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from types import MappingProxyType

import nacl.signing

from app.settings import EMULATOR_CLIENT_ID, EMULATOR_INTERACTIONS_PUBLIC_KEY
from emulator import permissions as p

APPLICATION_ID = EMULATOR_CLIENT_ID
BOT_USER_ID = APPLICATION_ID  # a bot's user id is its application's id

# A fixed development key pair, so tests can sign interaction requests exactly as Discord does.
# Never use it for a real application: the private half is public here on purpose.
INTERACTIONS_PRIVATE_KEY_HEX = "ea18ce9388640d329337273fdcddf6e1a0cb9fe7ecdb19b4f33801508ec81fb9"
INTERACTIONS_PUBLIC_KEY_HEX = EMULATOR_INTERACTIONS_PUBLIC_KEY

# Owns the guilds no fixture user owns; it cannot sign in, so no fixture user is an owner by accident.
OUTSIDE_OWNER_ID = "100000000000000099"


@dataclass(frozen=True)
class User:
    id: str
    username: str
    global_name: str | None
    email: str
    verified: bool
    avatar: str | None = None


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    permissions: int
    position: int
    color: int = 0


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    type: int  # 0 text, 2 voice, 4 category
    position: int
    parent_id: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Emoji:
    id: str
    name: str
    animated: bool = False


@dataclass(frozen=True)
class Guild:
    id: str
    name: str
    owner_id: str
    bot_present: bool
    channels: tuple[Channel, ...]
    roles: tuple[Role, ...]  # roles[0] is @everyone, whose id is the guild's id
    members: MappingProxyType[str, tuple[str, ...]]  # user id -> role ids besides @everyone
    emojis: tuple[Emoji, ...] = ()
    icon: str | None = None
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class GitHubUser:
    id: int
    login: str
    name: str
    email: str | None
    discord_user_id: str
    repo_count: int = 0


USERS: MappingProxyType[str, User] = MappingProxyType(
    {
        u.id: u
        for u in (
            User(
                "100000000000000001", "ada", "Ada Lovelace", "ada@example.com", True, "a1d4c0de5e7f0a1d4c0de5e7f0a1d4c0"
            ),
            User(
                "100000000000000002",
                "grace",
                "Grace Hopper",
                "grace@example.com",
                True,
                "9ace0b0e11c0b01c9ace0b0e11c0b01c",
            ),
            User("100000000000000003", "linus", None, "linus@example.com", True),
            User("100000000000000004", "margaret", "Margaret Hamilton", "margaret@example.com", False),
            User("100000000000000005", "alan", "Alan Turing", "shared@example.com", True),
        )
    }
)
ADA, GRACE, LINUS, MARGARET, ALAN = USERS.values()

# A crowd for load tests and benchmarks: administrators of Analytical Engines, not listed on the consent page
# (so the fixture world a person sees stays the five above) but accepted by `login_as`.
CROWD: MappingProxyType[str, User] = MappingProxyType(
    {
        f"1000000000000{1000 + n}": User(
            f"1000000000000{1000 + n}", f"visitor{n:02d}", f"Visitor {n}", f"visitor{n:02d}@example.com", True
        )
        for n in range(1, 101)
    }
)


def discord_user(user_id: str) -> User | None:
    """A fixture user or a member of the crowd."""
    return USERS.get(user_id) or CROWD.get(user_id)


BOT_USER = User(BOT_USER_ID, "Guildhall", "Guildhall", "", True)

EVERYONE = (
    p.CREATE_INSTANT_INVITE
    | p.ADD_REACTIONS
    | p.STREAM
    | p.VIEW_CHANNEL
    | p.SEND_MESSAGES
    | p.EMBED_LINKS
    | p.ATTACH_FILES
    | p.READ_MESSAGE_HISTORY
    | p.USE_EXTERNAL_EMOJIS
    | p.CONNECT
    | p.SPEAK
    | p.USE_VAD
    | p.CHANGE_NICKNAME
    | p.USE_APPLICATION_COMMANDS
)


def _guild(
    gid: str,
    name: str,
    owner: str,
    bot: bool,
    channels: tuple[Channel, ...],
    roles: tuple[Role, ...],
    members: dict[str, tuple[str, ...]],
    emojis: tuple[Emoji, ...] = (),
    icon: str | None = None,
    features: tuple[str, ...] = (),
) -> Guild:
    everyone = Role(gid, "@everyone", EVERYONE, 0)
    return Guild(gid, name, owner, bot, channels, (everyone, *roles), MappingProxyType(members), emojis, icon, features)


ANALYTICAL_ENGINES = _guild(
    "200000000000000001",
    "Analytical Engines",
    ADA.id,
    True,
    (
        Channel("300000000000000005", "Information", 4, 0),
        Channel("300000000000000001", "support", 0, 1, "300000000000000005", "Ask the engine."),
        Channel("300000000000000002", "general", 0, 2, "300000000000000005"),
        Channel("300000000000000006", "Lounge", 2, 3),
    ),
    (
        Role("500000000000000001", "Admin", p.ADMINISTRATOR, 2, 0xE67E22),
        Role("500000000000000002", "Helper", p.MANAGE_MESSAGES, 1, 0x3498DB),
    ),
    {ADA.id: (), GRACE.id: ("500000000000000001",), LINUS.id: (), **dict.fromkeys(CROWD, ("500000000000000001",))},
    emojis=(
        Emoji("600000000000000001", "engine"),
        Emoji("600000000000000002", "punchcard"),
        Emoji("600000000000000003", "spinning_gear", animated=True),
    ),
    icon="e9e1e5c0ffee0000e9e1e5c0ffee0000",
    features=("COMMUNITY",),
)
DIFFERENCE_CLUB = _guild(
    "200000000000000002",
    "Difference Club",
    OUTSIDE_OWNER_ID,
    True,
    (Channel("300000000000000003", "welcome", 0, 0),),
    (Role("500000000000000003", "Organiser", p.MANAGE_GUILD, 1),),
    {ADA.id: ("500000000000000003",), LINUS.id: (), MARGARET.id: (), OUTSIDE_OWNER_ID: ()},
)
JACQUARD_LOOM = _guild(
    "200000000000000003",
    "Jacquard Loom",
    OUTSIDE_OWNER_ID,
    True,
    (Channel("300000000000000004", "looms", 0, 0),),
    (),
    {ADA.id: (), OUTSIDE_OWNER_ID: ()},
)
BABBAGE_HALL = _guild(
    "200000000000000004",
    "Babbage Hall",
    OUTSIDE_OWNER_ID,
    False,
    (Channel("300000000000000007", "hall", 0, 0),),
    (Role("500000000000000004", "Steward", p.MANAGE_GUILD, 1),),
    {GRACE.id: ("500000000000000004",), OUTSIDE_OWNER_ID: ()},
)
GUILDS: MappingProxyType[str, Guild] = MappingProxyType(
    {g.id: g for g in (ANALYTICAL_ENGINES, DIFFERENCE_CLUB, JACQUARD_LOOM, BABBAGE_HALL)}
)

GITHUB_USERS: MappingProxyType[int, GitHubUser] = MappingProxyType(
    {
        5001: GitHubUser(5001, "ada-gh", "Ada Lovelace", "ada@example.com", ADA.id, repo_count=250),
        5002: GitHubUser(5002, "grace-gh", "Grace Hopper", None, GRACE.id),
    }
)

_ADJECTIVES = (
    "amber",
    "brass",
    "copper",
    "dusky",
    "early",
    "fancy",
    "gilded",
    "humble",
    "ivory",
    "jolly",
    "keen",
    "lucid",
    "mellow",
    "nimble",
    "olive",
    "plain",
    "quiet",
    "rapid",
    "silver",
    "tidy",
    "umber",
    "vivid",
    "woven",
    "young",
    "zesty",
)
_NOUNS = ("engine", "loom", "ledger", "cipher", "gear", "lever", "spindle", "table", "punch", "mill")
_REPOS_UPDATED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Repository:
    id: int
    name: str
    owner: GitHubUser
    updated_at: datetime
    created_at: datetime


@cache
def repositories(github_id: int) -> tuple[Repository, ...]:
    """The user's repositories, most recently updated first; names and dates are deterministic."""
    owner = GITHUB_USERS[github_id]
    names = [f"{a}-{n}" for n in _NOUNS for a in _ADJECTIVES][: owner.repo_count]
    return tuple(
        Repository(
            id=github_id * 1000 + i,
            name=name,
            owner=owner,
            updated_at=_REPOS_UPDATED - timedelta(hours=i),
            created_at=_REPOS_UPDATED - timedelta(days=400 - i),
        )
        for i, name in enumerate(names)
    )


def sign_interaction(body: bytes, timestamp: str) -> dict[str, str]:
    """The headers Discord sends with an interaction: an Ed25519 signature of `timestamp + body`."""
    key = nacl.signing.SigningKey(bytes.fromhex(INTERACTIONS_PRIVATE_KEY_HEX))
    signature: bytes = key.sign(timestamp.encode() + body).signature
    return {"X-Signature-Ed25519": signature.hex(), "X-Signature-Timestamp": timestamp}
