"""The admin pages: roles, permissions, users, the activity log, and `guildhall create-admin`."""

from __future__ import annotations

from typing import Any

import pytest
from databases import Database
from starlette.testclient import TestClient

from app.admin import users as admin_users
from app.admin.create_admin import NewAdmin, create_admin, problems
from app.auth.permissions import permissions_of
from app.core import activity
from tests.web.accounts_helpers import (
    PASSWORD,
    execute,
    field_errors,
    make_role,
    make_user,
    one,
    post,
    provided,
    run,
    sign_in_password,
    signed_in_as,
)
from tests.web.support import html, text_of


def admin(client: TestClient, username: str = "root") -> int:
    user_id = make_user(client, username, roles=["Admin"])
    sign_in_password(client, username)
    return user_id


def permissions(client: TestClient, user_id: int) -> frozenset[str]:
    database = provided(client, Database)
    found: frozenset[str] = client.portal.call(permissions_of, database, user_id)  # type: ignore[union-attr]
    return found


def last_action(client: TestClient) -> dict[str, Any]:
    return run(client, "SELECT action, user_id, detail FROM activity ORDER BY id DESC LIMIT 1")[0]


def test_builtins_and_permissions_of(client: TestClient) -> None:
    root = make_user(client, "root", roles=["Admin"])
    plain = make_user(client, "plain")
    assert permissions(client, root) >= {"admin.users", "admin.roles", "admin.logs", "guilds.manage_any"}
    assert permissions(client, plain) == frozenset()
    make_role(client, "Moderators", ["admin.logs"])
    make_role(client, "Publishers", ["admin.logs", "guilds.manage_any"])
    both = make_user(client, "both", roles=["Moderators", "Publishers"])
    assert permissions(client, both) == {"admin.logs", "guilds.manage_any"}


def test_create_rename_and_delete_a_role_with_confirmation(client: TestClient) -> None:
    admin(client)
    created = post(client, "/admin/roles", {"name": "Editors", "description": "edit"}, page="/admin/roles")
    assert created.status_code == 303
    role_id = int(one(client, "SELECT id FROM roles WHERE name = 'Editors'"))
    assert created.headers["location"] == f"/admin/roles/{role_id}"
    assert last_action(client)["action"] == "admin.role_created"
    duplicate = post(client, "/admin/roles", {"name": "editors"}, page="/admin/roles")
    assert duplicate.status_code == 422 and set(field_errors(duplicate)) == {"name"}
    kept = html(duplicate).css_first("#role-create input[name=name]")
    assert kept is not None and kept.attributes["value"] == "editors"
    renamed = post(client, f"/admin/roles/{role_id}", {"name": "Writers", "description": "w"}, page="/admin/roles")
    assert renamed.status_code == 303
    assert one(client, "SELECT name FROM roles WHERE id = :r", {"r": role_id}) == "Writers"
    confirm = client.get(f"/admin/roles/{role_id}/delete")
    assert text_of(confirm, "h1") == "Delete the role “Writers”?"
    form = html(confirm).css_first("main form")
    assert form is not None and form.attributes["action"] == f"/admin/roles/{role_id}/delete"
    assert post(client, f"/admin/roles/{role_id}/delete", page="/admin/roles").status_code == 303
    assert one(client, "SELECT COUNT(*) FROM roles WHERE id = :r", {"r": role_id}) == 0
    assert last_action(client)["action"] == "admin.role_deleted"


def test_deleting_a_role_takes_its_grants_with_it(client: TestClient) -> None:
    admin(client)
    role_id = make_role(client, "Temporary", ["admin.logs"])
    user_id = make_user(client, "temp", roles=["Temporary"])
    post(client, f"/admin/roles/{role_id}/delete", page="/admin/roles")
    assert permissions(client, user_id) == frozenset()
    assert one(client, "SELECT COUNT(*) FROM role_permissions WHERE role_id = :r", {"r": role_id}) == 0
    replacement = make_role(client, "Fresh", [])
    assert permissions(client, user_id) == frozenset(), f"role {replacement} inherits nothing"


def test_the_admin_role_cannot_be_deleted_renamed_or_stripped(client: TestClient) -> None:
    admin(client)
    admin_role = int(one(client, "SELECT id FROM roles WHERE name = 'Admin'"))
    assert client.get(f"/admin/roles/{admin_role}/delete").status_code == 409
    assert post(client, f"/admin/roles/{admin_role}/delete", page="/admin/roles").status_code == 409
    rename = post(client, f"/admin/roles/{admin_role}", {"name": "Boss"}, page="/admin/roles")
    assert rename.status_code == 422
    logs = int(one(client, "SELECT id FROM permissions WHERE name = 'admin.logs'"))
    take = post(client, f"/admin/roles/{admin_role}/permissions/{logs}/take", page="/admin/roles")
    assert take.status_code == 409
    every = one(client, "SELECT COUNT(*) FROM permissions")
    assert one(client, "SELECT COUNT(*) FROM role_permissions WHERE role_id = :r", {"r": admin_role}) == every


def test_grant_and_take_permissions(client: TestClient) -> None:
    admin(client)
    role_id = make_role(client, "Auditors", [])
    user_id = make_user(client, "auditor", roles=["Auditors"])
    logs = int(one(client, "SELECT id FROM permissions WHERE name = 'admin.logs'"))
    page = html(client.get(f"/admin/roles/{role_id}"))
    options = [o.text() for o in page.css("#permission_id option")]
    assert "admin.logs" in options
    granted = post(client, f"/admin/roles/{role_id}/permissions", {"permission_id": str(logs)}, page="/admin/roles")
    assert granted.status_code == 303
    assert permissions(client, user_id) == {"admin.logs"}
    assert last_action(client)["action"] == "admin.permission_granted"
    taken = post(client, f"/admin/roles/{role_id}/permissions/{logs}/take", page="/admin/roles")
    assert taken.status_code == 303 and permissions(client, user_id) == frozenset()
    assert last_action(client)["action"] == "admin.permission_taken"


def test_granting_with_htmx_swaps_the_permission_list(client: TestClient) -> None:
    admin(client)
    role_id = make_role(client, "Auditors", [])
    logs = one(client, "SELECT id FROM permissions WHERE name = 'admin.logs'")
    token = html(client.get("/admin/roles")).css_first("input[name=csrf_token]").attributes["value"]  # type: ignore[union-attr]
    response = client.post(
        f"/admin/roles/{role_id}/permissions",
        data={"permission_id": str(logs)},
        headers={"HX-Request": "true", "X-CSRF-Token": str(token)},
    )
    assert response.status_code == 200
    fragment = html(response)
    assert fragment.css_first("h1") is None
    assert [node.text() for node in fragment.css("#role-permissions code")] == ["admin.logs"]


def test_permissions_create_and_delete_unused(client: TestClient) -> None:
    admin(client)
    created = post(client, "/admin/permissions", {"name": "guilds.publish", "description": "p"}, page="/admin/roles")
    assert created.status_code == 303
    permission_id = int(one(client, "SELECT id FROM permissions WHERE name = 'guilds.publish'"))
    admin_role = int(one(client, "SELECT id FROM roles WHERE name = 'Admin'"))
    assert (
        one(
            client,
            "SELECT COUNT(*) FROM role_permissions WHERE role_id = :r AND permission_id = :p",
            {"r": admin_role, "p": permission_id},
        )
        == 1
    ), "the Admin role holds every permission, new ones too"
    bad = post(client, "/admin/permissions", {"name": "Not A Name!"}, page="/admin/roles")
    assert bad.status_code == 422 and set(field_errors(bad)) == {"name"}
    role_id = make_role(client, "Publishers", ["guilds.publish"])
    in_use = post(client, f"/admin/permissions/{permission_id}/delete", page="/admin/roles")
    assert in_use.status_code == 409
    post(client, f"/admin/roles/{role_id}/delete", page="/admin/roles")
    assert post(client, f"/admin/permissions/{permission_id}/delete", page="/admin/roles").status_code == 303
    assert one(client, "SELECT COUNT(*) FROM permissions WHERE name = 'guilds.publish'") == 0
    builtin = int(one(client, "SELECT id FROM permissions WHERE name = 'admin.logs'"))
    assert post(client, f"/admin/permissions/{builtin}/delete", page="/admin/roles").status_code == 409


def test_users_search_and_pages(client: TestClient) -> None:
    admin(client)
    for n in range(admin_users.PER_PAGE + 2):
        execute(client, "INSERT INTO users (username, created_at) VALUES (:n, 0)", {"n": f"member{n:02}"})
    first = html(client.get("/admin/users", params={"q": "member"}))
    names = [node.text() for node in first.css("#results tbody th a")]
    assert len(names) == admin_users.PER_PAGE and names[0] == "member00"
    assert first.css_first("a[rel=next]") is not None and first.css_first("a[rel=prev]") is None
    second = html(client.get("/admin/users", params={"q": "member", "page": "2"}))
    assert [node.text() for node in second.css("#results tbody th a")] == ["member25", "member26"]
    one_hit = html(client.get("/admin/users", params={"q": "ROOT"}))
    assert [node.text() for node in one_hit.css("#results tbody th a")] == ["root"]
    wildcard = html(client.get("/admin/users", params={"q": "%"}))
    assert wildcard.css("#results tbody th a") == []
    for junk in ("0", "-1", "x", "9" * 40):
        assert client.get("/admin/users", params={"q": "member", "page": junk}).status_code == 200


def test_active_search_gets_only_the_results(client: TestClient) -> None:
    admin(client)
    response = client.get("/admin/users", params={"q": "ro"}, headers={"HX-Request": "true"})
    fragment = html(response)
    assert fragment.css_first("#results") is not None and fragment.css_first("h1") is None


def test_give_and_take_roles(client: TestClient) -> None:
    admin(client)
    make_role(client, "Auditors", ["admin.logs"])
    user_id = make_user(client, "auditor")
    role_id = int(one(client, "SELECT id FROM roles WHERE name = 'Auditors'"))
    details = html(client.get(f"/admin/users/{user_id}"))
    assert [o.text() for o in details.css("#role_id option")] == ["Admin", "Auditors"]
    given = post(client, f"/admin/users/{user_id}/roles", {"role_id": str(role_id)}, page="/admin/roles")
    assert given.status_code == 303 and permissions(client, user_id) == {"admin.logs"}
    assert last_action(client)["action"] == "admin.role_given"
    taken = post(client, f"/admin/users/{user_id}/roles/{role_id}/take", page="/admin/roles")
    assert taken.status_code == 303 and permissions(client, user_id) == frozenset()
    assert last_action(client)["action"] == "admin.role_taken"


def test_disabling_ends_the_sessions_and_enabling_lets_them_back(client: TestClient) -> None:
    user_id = make_user(client, "suspect")
    sign_in_password(client, "suspect")
    stolen = client.cookies["gh_session"]
    client.cookies.clear()
    admin(client)
    assert post(client, f"/admin/users/{user_id}/disable", page="/admin/roles").status_code == 303
    assert one(client, "SELECT COUNT(*) FROM sessions WHERE user_id = :u", {"u": user_id}) == 0
    assert text_of(client.get(f"/admin/users/{user_id}"), "#account-status") == "disabled"
    assert last_action(client)["action"] == "admin.user_disabled"
    mine = client.cookies["gh_session"]
    client.cookies.clear()
    client.cookies.set("gh_session", stolen)
    assert signed_in_as(client) is None
    client.cookies.clear()
    assert sign_in_password(client, "suspect").status_code == 403
    client.cookies.set("gh_session", mine)
    assert post(client, f"/admin/users/{user_id}/enable", page="/admin/roles").status_code == 303
    client.cookies.clear()
    assert sign_in_password(client, "suspect").status_code == 303


def test_the_last_administrator_cannot_demote_or_disable_themselves(client: TestClient) -> None:
    root = admin(client)
    admin_role = int(one(client, "SELECT id FROM roles WHERE name = 'Admin'"))
    demote = post(client, f"/admin/users/{root}/roles/{admin_role}/take", page="/admin/roles")
    assert demote.status_code == 409
    assert admin_users.LAST_ADMIN in text_of(demote, "[role=alert]")
    assert post(client, f"/admin/users/{root}/disable", page="/admin/roles").status_code == 409
    assert "admin.users" in permissions(client, root) and signed_in_as(client) == root
    second = make_user(client, "deputy", roles=["Admin"])
    assert post(client, f"/admin/users/{root}/roles/{admin_role}/take", page="/admin/roles").status_code == 303
    assert permissions(client, root) == frozenset() and second


def test_a_disabled_admin_does_not_count(client: TestClient) -> None:
    root = admin(client)
    make_user(client, "sleeping", roles=["Admin"])
    execute(client, "UPDATE users SET disabled = TRUE WHERE username = 'sleeping'")
    assert post(client, f"/admin/users/{root}/disable", page="/admin/roles").status_code == 409


def test_unknown_ids_get_404_pages(client: TestClient) -> None:
    admin(client)
    for path in ("/admin/users/999999", "/admin/roles/999999", "/admin/roles/99999999999999999999999"):
        assert client.get(path).status_code == 404
    assert post(client, "/admin/users/1/roles", {"role_id": "abc"}, page="/admin/roles").status_code == 404


def seed_activity(client: TestClient) -> None:
    rows = [
        (1_763_600_000, "auth.sign_in", None, "1.2.3.4"),  # 2025-11-20
        (1_763_700_000, "auth.sign_in_failed", None, "1.2.3.4"),  # 2025-11-21
        (1_763_800_000, "builder.saved", "900000000000000001", ""),  # 2025-11-22
    ]
    for at, action, guild, ip in rows:
        execute(
            client,
            "INSERT INTO activity (at, user_id, action, guild_id, detail, ip) VALUES (:a, 1, :c, :g, '{}', :i)",
            {"a": at, "c": action, "g": guild, "i": ip},
        )


def listed(response: Any) -> list[str]:
    return [str(node.attributes["data-action"]) for node in html(response).css("#results tbody tr[data-action]")]


def test_activity_filters_and_pages(client: TestClient) -> None:
    root = admin(client)
    execute(client, "DELETE FROM activity")
    seed_activity(client)
    assert listed(client.get("/admin/activity")) == ["builder.saved", "auth.sign_in_failed", "auth.sign_in"]
    assert listed(client.get("/admin/activity", params={"action": "auth.sign_in"})) == ["auth.sign_in"]
    assert listed(client.get("/admin/activity", params={"guild": "900000000000000001"})) == ["builder.saved"]
    assert listed(client.get("/admin/activity", params={"since": "2025-11-21", "until": "2025-11-21"})) == [
        "auth.sign_in_failed"
    ]
    assert len(listed(client.get("/admin/activity", params={"user": "root"}))) == 3 and root == 1
    assert listed(client.get("/admin/activity", params={"user": "nobody"})) == []


def test_activity_pages(client: TestClient) -> None:
    admin(client)
    database = provided(client, Database)
    for _ in range(60):
        client.portal.call(lambda: activity.record(database, "auth.sign_in", user_id=1))  # type: ignore[union-attr]
    first = client.get("/admin/activity", params={"action": "auth.sign_in"})
    assert len(listed(first)) == 50
    next_link = html(first).css_first("a[rel=next]")
    assert next_link is not None
    second = client.get(str(next_link.attributes["href"]))
    assert len(listed(second)) == 11  # 60 + the admin's own sign-in


def test_bad_activity_filters_get_422_not_500(client: TestClient) -> None:
    admin(client)
    response = client.get("/admin/activity", params={"since": "yesterday", "action": "drop table", "guild": "x"})
    assert response.status_code == 422
    assert set(field_errors(response)) == {"since", "action", "guild"}
    assert client.get("/admin/activity", params={"since": "99999-01-01"}).status_code == 422


def test_entries_for_a_guild_page(client: TestClient) -> None:
    """The query a guild's Activity page reuses."""
    make_user(client, "root")
    seed_activity(client)
    database = provided(client, Database)
    found = client.portal.call(lambda: activity.entries(database, guild_id="900000000000000001"))  # type: ignore[union-attr]
    assert [item["action"] for item in found.items] == ["builder.saved"] and not found.has_next
    assert found.items[0]["username"] == "root" and found.items[0]["detail"] == {}


def test_create_admin_makes_or_promotes_an_administrator(client: TestClient) -> None:
    assert problems(NewAdmin("x", "bad", "short")) != []
    database = provided(client, Database)
    wanted = NewAdmin("firstadmin", "first@example.org", PASSWORD)
    user_id = client.portal.call(create_admin, database, wanted)  # type: ignore[union-attr]
    assert "admin.users" in permissions(client, user_id)
    assert run(client, "SELECT email, email_verified FROM users WHERE id = :u", {"u": user_id}) == [
        {"email": "first@example.org", "email_verified": True}
    ]
    again = client.portal.call(create_admin, database, wanted)  # type: ignore[union-attr]
    assert again == user_id and one(client, "SELECT COUNT(*) FROM user_roles") == 1
    assert sign_in_password(client, "firstadmin").status_code == 303
    assert client.get("/admin").status_code == 200


def test_create_admin_command(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app import cli

    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("GUILDHALL_ENV", "development")
    code = cli.main(["create-admin", "--username", "boss", "--email", "boss@example.org", "--password", PASSWORD])
    assert code == 0 and "boss" in capsys.readouterr().out
    refused = cli.main(["create-admin", "--username", "b", "--email", "nope", "--password", "short"])
    assert refused == 2 and "password" in capsys.readouterr().err
