"""Login and account topics: passwords, SSO, two-factor, users and data requests."""

from supportwise.seed.topic import topic

PASSWORD_RESET = topic(
    "login", "password-reset", 30,
    subjects=("Password reset email not arriving", "Can't reset password", "Reset link expired",
              "Locked out of my account"),
    problems=(
        "I requested a password reset three times but the email never arrives.",
        "The reset link says it has expired even though I clicked it right away.",
        "My account is locked after too many attempts and I need to get in today.",
        "I changed my password and now the app says my credentials are invalid.",
    ),
    details=("I've checked spam and quarantine.", "Using {browser}.", "I have a client meeting in an hour."),
    steps=(
        "Reset emails come from our no-reply address; corporate filters sometimes quarantine them.",
        "Reset links expire after 30 minutes and can only be used once; opening it in a link scanner uses it up.",
        "I've unlocked the account; please try again or use the new reset link I just sent.",
    ),
    fixes=("You're back in — the account is unlocked and the password was reset.", "Our email domain is now allowlisted and resets arrive."),
    tags=("login", "password-reset", "locked-out"),
    types={"problem": 65, "question": 20, "task": 15},
    severity=1.2,
)

SSO = topic(
    "login", "sso", 30,
    subjects=("SSO login fails", "{sso} SAML error", "Set up SSO with {sso}", "Users can't log in through {sso}"),
    problems=(
        "Logging in through {sso} gives 'SAML response invalid' for some of our users.",
        "We want to enforce SSO with {sso} for everyone. What do we need to set up?",
        "New employees get 'user not provisioned' when they try to sign in with {sso}.",
        "After our {sso} certificate was rotated nobody can log in.",
    ),
    details=("About {seats} users are affected.", "Our IT admin is on this thread.", "Password login still works."),
    steps=(
        "A rotated certificate has to be uploaded on our side too, under Security → SSO.",
        "Just-in-time provisioning must be enabled for new users to be created on first login.",
        "Could you send the SAML response from the browser's developer tools? It shows which attribute fails.",
    ),
    fixes=("The new certificate is in place and SSO logins work again.", "JIT provisioning is on; new users can sign in."),
    tags=("login", "sso", "saml"),
    slot_tags=("sso",),
    types={"problem": 60, "task": 25, "question": 15},
    severity=1.3,
)

TWO_FACTOR = topic(
    "login", "two-factor", 20,
    subjects=("Lost phone, can't log in (2FA)", "2FA codes not accepted", "Reset two-factor authentication"),
    problems=(
        "I got a new phone and can't log in because the two-factor codes are on the old one.",
        "The 2FA codes from my authenticator app are always rejected.",
        "One of our users lost their phone. Can an admin reset their two-factor setup?",
    ),
    details=("I don't have the backup codes.",),
    steps=(
        "Codes are rejected when the phone's clock is off; turning on automatic time usually fixes it.",
        "Workspace admins can reset a user's 2FA under Users → Security; otherwise we verify identity first.",
    ),
    fixes=("Two-factor is reset; you'll be asked to set it up again on the next login.",),
    tags=("login", "2fa"),
    types={"problem": 60, "task": 40},
)

USERS = topic(
    "account", "users", 45,
    subjects=("Add a new user", "Change user role to {role}", "Remove a user who left", "Transfer account ownership"),
    problems=(
        "How do I give a colleague the {role} role without making them a full admin?",
        "Someone left the company and I need to remove their access and keep their {records}.",
        "Our account owner left. Can ownership be transferred to me?",
        "I invited a new user but the invitation never arrived.",
    ),
    details=("I'm an admin on the account.", "We're {seats} people on the {plan_name} plan."),
    steps=(
        "Roles are changed under Settings → Users → Role; the {role} role can't change billing.",
        "When you deactivate a user you can transfer their {records} to someone else in the same dialog.",
        "Ownership transfers need a confirmation from an admin; I've sent the request.",
    ),
    fixes=("The role is updated.", "Ownership has been transferred to you.", "The user is deactivated and their records reassigned."),
    tags=("account", "users", "permissions"),
    types={"question": 55, "task": 45},
)

DATA_REQUESTS = topic(
    "account", "data-requests", 25,
    subjects=("Delete our account", "GDPR data export", "Request a copy of our data", "Close workspace"),
    problems=(
        "We'd like a full export of our data before we close the workspace.",
        "Please delete all data about one of our former contacts under GDPR.",
        "How long do you keep our data after we cancel?",
    ),
    details=("Our legal team asked for confirmation in writing.",),
    steps=(
        "A full export is available under Settings → Data → Export, delivered as a zip of CSV files.",
        "Data is kept for 30 days after cancellation and then permanently deleted.",
    ),
    fixes=("The export is ready and the download link was emailed.", "The deletion is complete and a confirmation was sent."),
    tags=("account", "gdpr", "data-export"),
    types={"task": 60, "question": 40},
)

SETTINGS = topic(
    "account", "settings", 30,
    subjects=("Change workspace time zone", "Rename our workspace", "Change account email", "Currency settings"),
    problems=(
        "How do I change the workspace time zone? Reports show the wrong day.",
        "We rebranded and need to rename the workspace to match the new company name.",
        "I need to change the email address I log in with.",
    ),
    details=("We just moved offices.",),
    steps=("The time zone and currency are under Settings → Regional.",
           "Workspace name and logo are in the {workspace}."),
    fixes=("Done — the change is saved.",),
    tags=("account", "settings"),
    types={"question": 70, "task": 30},
)

LOGIN_TOPICS = (PASSWORD_RESET, SSO, TWO_FACTOR)
ACCOUNT_TOPICS = (USERS, DATA_REQUESTS, SETTINGS)
