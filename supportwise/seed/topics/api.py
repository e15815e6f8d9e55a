"""API topics: rate limits, authentication, server errors and how-to questions."""

from supportwise.seed.topic import topic

RATE_LIMITS = topic(
    "api", "rate-limits", 25,
    subjects=("429 Too Many Requests", "API rate limit too low", "Rate limit on {endpoint}"),
    problems=(
        "Our nightly job hits 429 Too Many Requests on {endpoint} after a few minutes.",
        "What is the rate limit for the bulk endpoints? The docs are unclear.",
        "Can we get a higher API rate limit for a one-time migration of {count} {records}?",
    ),
    details=("We already back off on 429s.", "We send about {count} requests per hour."),
    steps=(
        "The limit is 100 requests per 10 seconds per token; the Retry-After header tells you how long to wait.",
        "{endpoint} accepts up to 100 records per call, which cuts the number of requests a lot.",
        "I can raise the limit temporarily for a migration; please tell me the dates.",
    ),
    fixes=("The temporary limit increase is active until the end of the month.", "Switching to batch calls solved the 429s."),
    tags=("api", "rate-limit"),
    types={"problem": 50, "question": 40, "task": 10},
)

AUTH = topic(
    "api", "api-auth", 25,
    subjects=("401 Unauthorized from API", "API token stopped working", "OAuth client for API access"),
    problems=(
        "All calls to {endpoint} suddenly return 401 Unauthorized.",
        "Our API token stopped working {since} and we didn't rotate it.",
        "How do we create an OAuth client for a partner application?",
    ),
    details=("We use the token from a service account.",),
    steps=(
        "Tokens belong to a user; when that user is deactivated, the token stops working.",
        "Please create the token on a dedicated service user so it isn't tied to a person.",
        "OAuth clients are created under Settings → API → Apps.",
    ),
    fixes=("The new service-account token works.", "The OAuth client is set up."),
    tags=("api", "authentication"),
    types={"problem": 60, "question": 40},
)

SERVER_ERRORS = topic(
    "api", "server-errors", 20,
    subjects=("API returns {http_error}", "Intermittent errors on {endpoint}", "API timeouts"),
    problems=(
        "About {percent} of calls to {endpoint} fail with {http_error}.",
        "The API is very slow today; requests take more than 30 seconds.",
        "Creating {records} through the API intermittently fails and then succeeds on retry.",
    ),
    details=("Here is the request ID from the response headers.", "It started {since}."),
    steps=(
        "Could you send a few request IDs? They let us find the calls in our logs.",
        "Large page sizes on {endpoint} can time out; a smaller page size with the cursor is faster.",
        "We found slow queries on that endpoint and our engineers are looking into it ({ref}).",
    ),
    fixes=("A fix for the slow endpoint was deployed and error rates are back to normal.",),
    tags=("api", "errors", "performance"),
    types={"incident": 40, "problem": 60},
    severity=1.4,
)

API_HOWTO = topic(
    "api", "api-howto", 30,
    subjects=("Pagination in the API", "How to filter by updated date", "API docs question", "Bulk update through API"),
    problems=(
        "How does pagination work on {endpoint}? We keep getting the same page.",
        "Is there a way to fetch only {records} updated since a timestamp?",
        "Can we update the {field} on many {records} in one API call?",
    ),
    details=("We're building an integration with our ERP.",),
    steps=(
        "{endpoint} uses cursor pagination: pass the next_cursor from each response.",
        "The updated_since parameter returns records changed after a timestamp.",
        "The batch endpoint takes up to 100 updates per call.",
    ),
    fixes=("Glad the integration works now.",),
    tags=("api", "how-to", "developer"),
    types={"question": 85, "task": 15},
)

TOPICS = (RATE_LIMITS, AUTH, SERVER_ERRORS, API_HOWTO)
