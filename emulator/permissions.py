"""Discord permission bits the emulator needs, and the base-permission rule of `/users/@me/guilds`."""

from __future__ import annotations

CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
STREAM = 1 << 9
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
USE_VAD = 1 << 25
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31

# Every bit Discord defines today: 0..46 and 49..52 (47 and 48 are unassigned). Owners get all of them; the
# value needs more than 32 bits, which is why Discord sends permissions as a decimal string.
ALL = ((1 << 47) - 1) | (1 << 49) | (1 << 50) | (1 << 51) | (1 << 52)


def base_permissions(role_permissions: list[int], is_owner: bool) -> int:
    """The member's permissions as `/users/@me/guilds` reports them: owner = all bits, else the OR of its roles.

    ADMINISTRATOR is not expanded to every bit: the route excludes implicit permissions, so a dashboard that
    checks only MANAGE_GUILD misses administrators, as it would against Discord.
    """
    if is_owner:
        return ALL
    result = 0
    for value in role_permissions:
        result |= value
    return result


def can_manage(permissions: int) -> bool:
    return bool(permissions & (ADMINISTRATOR | MANAGE_GUILD))
