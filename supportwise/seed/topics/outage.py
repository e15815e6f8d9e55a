"""The planted one-day outage: login and API down for an afternoon (story and theme 'outage')."""

from supportwise.seed.topic import topic

_DETAILS = (
    "Nobody on our team can work right now.", "Your status page didn't show anything when I checked.",
    "We have customers waiting on us.", "It started {clock_time} UTC.", "Is there an ETA?",
    "Please tell us what's going on.",
)
_STEPS = (
    "We're currently having a service disruption that affects logins and the API. Our engineers are working on it.",
    "This is a known incident on our side; you don't need to change anything. We'll update this ticket as soon as it's resolved.",
    "I'm sorry for the disruption — the whole engineering team is focused on restoring service.",
)
_PRIORITIES = {"urgent": 80, "high": 17, "normal": 3}
_FIXES = (
    "The incident has been resolved and logins and the API are working normally again. We'll publish a post-mortem.",
    "Service was fully restored; the root cause was a faulty load balancer configuration that has been rolled back.",
    "Everything is back to normal now. Please reply if you still see errors.",
)

LOGIN_OUTAGE = topic(
    "login", "outage-login", 0,
    subjects=("Can't log in", "Site down?", "502 Bad Gateway on login", "Is Tallyo down?", "Login page not loading",
              "URGENT: whole team locked out", "Service down", "Login broken for everyone"),
    problems=(
        "We can't log in — the page just says 502 Bad Gateway.",
        "Is Tallyo down? Nobody on our team can log in.",
        "The login page keeps spinning and then times out.",
        "Everyone in our office gets an error when signing in, on every browser.",
        "After entering my password I get '{http_error}' and then nothing.",
        "The app logged us all out and now we can't get back in.",
    ),
    details=_DETAILS, steps=_STEPS, fixes=_FIXES,
    tags=("outage", "login", "incident"),
    types={"incident": 100},
    story="outage", theme="outage", priorities=_PRIORITIES,
)

API_OUTAGE = topic(
    "api", "outage-api", 0,
    subjects=("API down", "All API calls failing", "{http_error} from the API", "API outage?", "URGENT: API not responding",
              "Integration broken - API errors"),
    problems=(
        "All our API calls are failing with {http_error} since {clock_time}.",
        "Our integration is completely down, every request to {endpoint} fails.",
        "The API stopped responding; requests just hang until they time out.",
        "Is there an outage? Our systems can't reach your API at all.",
    ),
    details=_DETAILS, steps=_STEPS, fixes=_FIXES,
    tags=("outage", "api", "incident"),
    types={"incident": 100},
    story="outage", theme="outage", priorities=_PRIORITIES,
)

TOPICS = (LOGIN_OUTAGE, API_OUTAGE)
