"""Fail CI unless the load and fault tests ran, on SQLite and on PostgreSQL, and none of them was skipped.

`python .ci/ran.py JUNIT_XML`: reads pytest's JUnit report, so a marker filter or a missing database that would
quietly leave them out fails the build instead.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

REQUIRED = ("tests.web.test_load", "tests.web.test_faults")
DATABASES = ("sqlite", "postgresql")


def missing(report: str) -> list[str]:
    ran: dict[str, set[str]] = {module: set() for module in REQUIRED}
    for case in ET.parse(report).iter("testcase"):  # noqa: S314  (our own test report)
        module, name = case.get("classname", ""), case.get("name", "")
        if module in ran and case.find("skipped") is None:
            ran[module].update(database for database in DATABASES if re.search(rf"[\[-]{database}[\]-]", name))
    return [f"{module} on {database}" for module in REQUIRED for database in DATABASES if database not in ran[module]]


if __name__ == "__main__":
    absent = missing(sys.argv[1])
    if absent:
        sys.exit("CI: these tests did not run: " + ", ".join(absent))
    print(f"CI: {', '.join(REQUIRED)} ran on {' and '.join(DATABASES)}")
