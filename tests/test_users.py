import pytest

from supportwise.errors import AuthError, InvalidInput, NotFound
from supportwise.records import users
from supportwise.records.roles import pages_for


def test_add_and_verify(db):
    u = users.add_user(db.app, "Maria", "Maria Lopez", "s3cret-pass", "team_lead", team="Billing")
    assert (u.username, u.role, u.team) == ("maria", "team_lead", "Billing")
    assert users.verify_password(db.app, "maria", "s3cret-pass").id == u.id
    with pytest.raises(AuthError):
        users.verify_password(db.app, "maria", "wrong-pass")
    with pytest.raises(AuthError):
        users.verify_password(db.app, "nobody", "s3cret-pass")


def test_passwords_are_bcrypt_hashes(db):
    users.add_user(db.app, "bob", "Bob", "another-pass", "viewer")
    creds = users.authenticator_credentials(db.app)["usernames"]["bob"]
    assert creds["password"].startswith("$2") and "another-pass" not in creds["password"]
    assert creds["roles"] == ["viewer"]


@pytest.mark.parametrize("kwargs, message", [
    ({"username": "x", "role": "viewer"}, "Usernames"),
    ({"username": "ok_name", "role": "god"}, "Unknown role"),
    ({"username": "ok_name", "role": "team_lead"}, "bound to a team"),
    ({"username": "ok_name", "role": "viewer", "password": "short"}, "at least 8"),
])
def test_bad_users_are_refused(db, kwargs, message):
    args = {"name": "N", "password": "long-enough", **kwargs}
    with pytest.raises(InvalidInput, match=message):
        users.add_user(db.app, args.pop("username"), args.pop("name"), args.pop("password"), args.pop("role"),
                       **args)


def test_duplicate_and_missing_users(db):
    users.add_user(db.app, "dup", "Dup", "long-enough", "viewer")
    with pytest.raises(InvalidInput, match="already exists"):
        users.add_user(db.app, "DUP", "Dup", "long-enough", "viewer")
    with pytest.raises(NotFound):
        users.set_role(db.app, "ghost", "viewer")


def test_set_role_and_reset_password(db):
    users.add_user(db.app, "carl", "Carl", "first-pass", "viewer")
    assert users.set_role(db.app, "carl", "team_lead", "Technical").principal().scope_team == "Technical"
    users.reset_password(db.app, "carl", "second-pass")
    users.verify_password(db.app, "carl", "second-pass")
    with pytest.raises(AuthError):
        users.verify_password(db.app, "carl", "first-pass")


def test_demo_users_are_created_once(db):
    created = users.ensure_demo_users(db.app)
    assert {c[2] for c in created} == {"admin", "manager", "team_lead", "viewer"}
    assert users.ensure_demo_users(db.app) == []
    lead = users.verify_password(db.app, "lead", "lead-demo-pass").principal()
    assert lead.scope_team == "Frontline" and not lead.sees_pii


def test_page_access_per_role():
    assert pages_for("admin") == ("ask", "reports", "trends", "costs", "audit", "data")
    assert pages_for("manager") == ("ask", "reports", "trends")
    assert pages_for("team_lead") == ("ask", "reports")
    assert pages_for("viewer") == ("reports",)
    assert pages_for("intruder") == ()
