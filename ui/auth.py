"""Login with streamlit-authenticator against app.users; the signed-in Principal lives in session state."""

from __future__ import annotations

import datetime as dt
import uuid

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from extra_streamlit_components.CookieManager import _component_func as _cookie_component
from streamlit_authenticator.utilities.exceptions import LoginError

from supportwise.platform.settings import Settings
from supportwise.records import audit, users
from supportwise.records.roles import PAGES, Principal
from ui.errors import friendly_errors
from ui.resources import client_info, database, settings

COOKIE_NAME = "supportwise_auth"
COOKIE_DAYS = 1
PRINCIPAL = "sw_principal"
_COOKIE_PENDING = "sw_cookie_pending"
_LOGOUT_REQUESTED = "sw_logout_requested"
_LOGOUT_PENDING = "sw_logout_pending"

ROLE_NAMES = {"admin": "Administrator", "manager": "Manager", "team_lead": "Team lead", "viewer": "Viewer"}


def _authenticator(config: Settings) -> stauth.Authenticate:
    credentials = users.authenticator_credentials(database().app)
    # login_sleep_time=0: 0.4.x waited for a cookie component; it now reads st.context.cookies
    # (the request headers), so the 0.7 s pause on every logged-out rerun buys nothing.
    return stauth.Authenticate(credentials, COOKIE_NAME, cookie_key=config.signing_key(),
                               cookie_expiry_days=COOKIE_DAYS, login_sleep_time=0)


def require_login() -> Principal:
    """The signed-in user's Principal; otherwise show the login screen and stop the script."""
    if st.session_state.pop(_LOGOUT_REQUESTED, False):
        _end_session()
    if not st.session_state.get("authentication_status") or st.session_state.get(_LOGOUT_PENDING) \
            or st.session_state.get(_COOKIE_PENDING):
        if not st.session_state.get(_COOKIE_PENDING):  # signed in, waiting for the cookie: keep who it is
            st.session_state.pop(PRINCIPAL, None)
        # The login screen is a page of its own: calling st.navigation takes Streamlit out of its
        # pages/-directory mode (which would list pages/*.py on this screen), and the cookie
        # component keeps one identity from the server's first run on, so it mounts once and its
        # rerun cannot swallow an early click on "Sign in".
        # The sign-in screen also answers at every page's address (/reports, /trends …), under that
        # page's own script hash: a deep link shows the form instead of "page not found", and the
        # rerun after signing in opens the linked page (or the role's first page if it may not).
        # Right after signing in it stays up until the browser holds the login cookie (_await_cookie).
        screens = [st.Page(_login_screen, title="Sign in", icon=":material/login:", default=True)]
        screens += [st.Page(_login_screen, title="Sign in", icon=":material/login:", url_path=name) for name in PAGES]
        st.navigation(screens, position="hidden").run()
        st.stop()
    principal = st.session_state.get(PRINCIPAL)
    if principal is None or principal.username != st.session_state.get("username"):
        with friendly_errors():
            principal = _start_session(st.session_state["username"])
        if st.session_state.get(PRINCIPAL) is None:
            st.stop()
    return principal


def _login_screen() -> None:
    config = settings()
    pending = st.session_state.get(_COOKIE_PENDING)
    if pending and st.session_state.get("authentication_status"):
        _await_cookie(pending)
        return
    authenticator = None
    with friendly_errors():
        authenticator = _authenticator(config)  # first: its (invisible) cookie component sits above the form
    if authenticator is None:
        return
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        st.title("SupportWise")
        st.caption("Ask plain-English questions about support tickets and get answers you can check.")
        if st.session_state.pop(_LOGOUT_PENDING, False) and st.session_state.get("authentication_status"):
            authenticator.logout(location="unrendered")  # also deletes the login cookie
        try:
            authenticator.login(location="main", fields={"Form name": "Sign in", "Username": "Username",
                                                         "Password": "Password", "Login": "Sign in"})
        except LoginError as err:
            st.error(str(err))
        status = st.session_state.get("authentication_status")
        if status is False:
            st.error("Wrong username or password.")
        if config.is_demo:
            logins = "  \n".join(f"`{name}` / `{password}` — {ROLE_NAMES.get(role, role).lower()}"
                                  + (f" of {team}" if team else "")
                                  for name, _, role, team, _, password in users.DEMO_USERS)
            st.caption(f"**Demo logins** (username / password):  \n{logins}")
    if status:
        with friendly_errors():
            _start_session(st.session_state["username"])
            if not authenticator.cookie_controller.get_cookie():  # signed in by the form, not by a valid cookie
                st.session_state[_COOKIE_PENDING] = _login_cookie(st.session_state["username"], config)
            st.rerun()


def _login_cookie(username: str, config: Settings) -> dict:
    """The login cookie to write, as streamlit-authenticator reads it back (a JWT of username and expiry)."""
    expires = dt.datetime.now() + dt.timedelta(days=COOKIE_DAYS)
    token = jwt.encode({"username": username, "exp_date": expires.timestamp()}, config.signing_key(),
                       algorithm="HS256")
    return {"token": token, "expires": expires.isoformat(), "key": f"sw_login_cookie_{uuid.uuid4().hex}"}


def _await_cookie(pending: dict) -> None:
    """Write the login cookie and open the app only once the browser reports it written.

    The cookie is written by a browser component after the page draws; the app used to draw the
    signed-in page at once, so a reload in that moment found no cookie and logged the person out
    (issue 11). Now the signed-in page comes only after the component's "written" rerun, so any
    reload from the moment it shows keeps the session. Arguments and key stay the same on every
    run until then, so the component mounts once.
    """
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        # streamlit-authenticator's own cookie component, called for its value: True once the browser
        # has the cookie (its CookieManager.set throws that away)
        written = _cookie_component(method="set", cookie=COOKIE_NAME, value=pending["token"],
                                    options={"path": "/", "expires": pending["expires"], "sameSite": "strict"},
                                    key=pending["key"], default=False)
        if written:
            st.session_state.pop(_COOKIE_PENDING, None)
            st.rerun()
        st.caption("Signing you in …")


def _start_session(username: str) -> Principal:
    """Look the user up, write the login to the audit trail, and remember the Principal."""
    app = database().app
    principal = users.get_user(app, username).principal()
    audit.record(app, principal, "login", client=client_info())
    users.mark_login(app, principal.username)
    st.session_state[PRINCIPAL] = principal
    return principal


def _request_logout() -> None:
    st.session_state[_LOGOUT_REQUESTED] = True


def _end_session() -> None:
    """Audit the logout; the login screen then clears streamlit-authenticator's state and cookie."""
    principal = st.session_state.pop(PRINCIPAL, None)
    if principal is not None:
        with friendly_errors():
            audit.record(database().app, principal, "logout", client=client_info())
    st.session_state[_LOGOUT_PENDING] = True


def account_sidebar(principal: Principal) -> None:
    """Who is signed in, and the logout button."""
    with st.sidebar:
        name = st.session_state.get("name") or principal.username
        scope = f" · team {principal.team}" if principal.scope_team else ""
        st.caption(f"Signed in as **{name}**  \n{ROLE_NAMES.get(principal.role, principal.role)}{scope}")
        st.button("Log out", key="sw_logout", on_click=_request_logout, icon=":material/logout:")


def page_principal(page: str) -> Principal:
    """The Principal for a page, or stop with a message when nobody is signed in or the role may not open it."""
    principal = st.session_state.get(PRINCIPAL)
    if principal is None:
        st.error("Please sign in first: open the [start page](/).")
        st.stop()
    if not principal.may_open(page):
        st.error(f"Your role ({ROLE_NAMES.get(principal.role, principal.role)}) can't open the {page.title()} page.")
        st.stop()
    return principal


def signed_in() -> Principal:
    """The signed-in Principal, for widget callbacks (the page already checked it with page_principal)."""
    return st.session_state[PRINCIPAL]
