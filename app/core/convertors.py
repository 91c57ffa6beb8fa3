"""The `{name:id}` path convertor for the database ids in URLs (roles, users, messages, versions, answers).

Starlette's `int` takes any number of digits, and an id past 2**63 - 1 overflows the database's 64-bit INTEGER
(a 500). An `id` is 1 to 18 digits without a leading zero, so it always fits: a longer one, or 0 (ids count from
1), is no id the database ever handed out, and the route simply does not match (404); nor does `007` stand for 7
beside it. Negative numbers and non-digits do not match either.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor


class IdConvertor(Convertor[int]):
    regex = "[1-9][0-9]{0,17}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        if not 0 < value < 10**18:
            raise ValueError(f"{value} is not a database id")
        return str(value)


# Once, on import: `app/__init__.py` imports this module, so it runs before any route with `{x:id}` is made.
register_url_convertor("id", IdConvertor())
