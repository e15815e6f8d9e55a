"""Integration topics: connecting CRMs, webhooks, chat notifications and automation tools."""

from supportwise.seed.topic import topic

CONNECT = topic(
    "integrations", "connect", 35,
    subjects=("Can't connect {integration}", "{integration} authorization fails", "{integration} integration disconnected",
              "OAuth error connecting {integration}", "Reconnect {integration}?"),
    problems=(
        "When I try to connect {integration}, the authorization window closes and nothing happens.",
        "Our {integration} integration shows 'disconnected' again, this is the third time this month.",
        "Connecting {integration} fails with 'insufficient permissions' even though I'm an admin there.",
        "We moved to a new {integration} account. How do we point the integration at it?",
        "The {integration} connection test passes but no data ever comes through.",
    ),
    details=("I'm using {browser} on {desktop}.", "Our IT team set up {integration} with SSO.", "It started {since}."),
    steps=(
        "The integration needs an {integration} user with API access; a regular admin role is sometimes not enough.",
        "Pop-up blockers can close the authorization window, so please allow pop-ups for our domain and try again.",
        "Disconnecting under Integrations → {integration} → Disconnect and connecting again refreshes the token.",
        "Tokens expire when the {integration} user's password changes; a dedicated integration user avoids that.",
    ),
    fixes=(
        "The integration is connected again and the first import has finished.",
        "After granting API access to the integration user, the connection is working.",
        "We've pointed the integration at your new {integration} account and re-imported the data.",
    ),
    tags=("integration", "oauth", "connection"),
    slot_tags=("integration",),
    types={"problem": 55, "question": 30, "task": 15},
)

WEBHOOKS = topic(
    "integrations", "webhooks", 20,
    subjects=("Webhooks not firing", "Webhook deliveries failing", "Missing webhook events", "Webhook retries"),
    problems=(
        "Our webhook endpoint stopped receiving events {since}.",
        "Some webhook events arrive twice and some never arrive at all.",
        "The webhook log shows deliveries failing with a timeout, but our server is up.",
        "How many times do you retry a webhook before giving up?",
    ),
    details=("Our endpoint responds in under a second.", "We didn't change anything on our side.",
             "It's about {percent} of events."),
    steps=(
        "Webhook deliveries time out after 10 seconds; a slow response counts as failed and is retried 5 times.",
        "Please check that your endpoint returns a 2xx status; redirects are treated as failures.",
        "Events can arrive more than once by design, so the event ID is the safe way to de-duplicate.",
    ),
    fixes=(
        "The webhook was disabled after repeated failures; I've re-enabled it and replayed the missed events.",
        "Deliveries are succeeding again after the endpoint change on your side.",
    ),
    tags=("integration", "webhooks"),
    types={"problem": 55, "incident": 20, "question": 25},
)

CHAT_NOTIFICATIONS = topic(
    "integrations", "chat-notifications", 25,
    subjects=("{chat_tool} notifications stopped", "Alerts not posting to {chat_tool}", "Connect {chat_tool} channel",
              "{chat_tool} integration question"),
    problems=(
        "Our {chat_tool} channel stopped getting deal alerts {since}.",
        "Notifications go to the wrong {chat_tool} channel after we renamed it.",
        "Can we send different alerts to different {chat_tool} channels?",
        "The {chat_tool} app says it needs to be reinstalled, but I don't have permission.",
    ),
    details=("It's a private channel.", "Our {chat_tool} admin approved the app last week."),
    steps=(
        "Renamed or private channels need the app invited again; typing /invite in the channel does it.",
        "Each alert rule can target its own channel under Integrations → {chat_tool} → Rules.",
        "Reinstalling needs a {chat_tool} workspace admin; I can send them a direct install link.",
    ),
    fixes=("Alerts are posting to the channel again.", "The rules are set up and each team gets its own alerts."),
    tags=("integration", "notifications"),
    slot_tags=("chat_tool",),
    types={"problem": 50, "question": 35, "task": 15},
)

AUTOMATION = topic(
    "integrations", "automation", 20,
    subjects=("{automation} step failing", "{automation} trigger not working", "Automation with {automation}"),
    problems=(
        "Our {automation} workflow fails at the 'create record' step with a validation error.",
        "The {automation} trigger for new {records} stopped firing.",
        "Is there an {automation} action to update a {field}?",
    ),
    details=("It worked fine until recently.", "We run about {count} tasks a month through it."),
    steps=(
        "The validation error usually means a required field is empty; the {automation} history shows which one.",
        "Triggers poll every 15 minutes, so new {records} can take a while to appear.",
        "Updating a {field} is possible with the 'Update record' action in our {automation} app.",
    ),
    fixes=("The workflow runs successfully after the mapping change.", "The trigger is firing again after reconnecting."),
    tags=("integration", "automation"),
    slot_tags=("automation",),
    types={"problem": 50, "question": 50},
)

TOPICS = (CONNECT, WEBHOOKS, CHAT_NOTIFICATIONS, AUTOMATION)
