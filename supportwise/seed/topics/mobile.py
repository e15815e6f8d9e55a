"""Mobile app topics: crashes, push notifications, display bugs and how-to questions."""

from supportwise.seed.topic import topic

CRASH = topic(
    "mobile", "crash", 35,
    subjects=("App crashes on launch", "Mobile app keeps crashing", "{mobile_os} app crash after update",
              "App closes when opening {records}", "Crash on {device}"),
    problems=(
        "The mobile app crashes as soon as I open it on my {device}.",
        "Since updating to {app_version}, the app closes every time I open a list of {records}.",
        "The {mobile_os} app freezes on the loading screen and then quits.",
        "Half of our field team can't use the app; it crashes when they take a photo.",
    ),
    details=("I'm on version {app_version}.", "I've reinstalled it twice.", "It works on the web app."),
    steps=(
        "Could you update to the latest version from the store? {app_version} had a crash fix for some devices.",
        "Logging out, clearing the app's storage and logging in again usually gets past a crash on launch.",
        "If it still crashes, please send the time it happened and we'll find the crash report.",
    ),
    fixes=("Version 5.4.2 with the crash fix is now in the store; please update.", "After reinstalling the latest version the app is stable."),
    tags=("mobile", "crash"),
    slot_tags=("mobile_os",),
    types={"incident": 45, "problem": 55},
    severity=1.3,
)

PUSH = topic(
    "mobile", "push-notifications", 25,
    subjects=("No push notifications", "Push notifications delayed", "Too many notifications on mobile"),
    problems=(
        "I don't get push notifications on my {device} anymore.",
        "Notifications arrive hours late on the {mobile_os} app.",
        "How do I turn off notifications for every small change but keep mentions?",
    ),
    details=("Notifications are allowed in the phone settings.", "My colleague on {mobile_os} has the same problem."),
    steps=(
        "Please check Settings → Notifications in the app as well as the phone's settings; both must allow them.",
        "Battery saver modes delay notifications on many Android phones.",
        "Notification preferences can be set per event type under Profile → Notifications.",
    ),
    fixes=("Notifications are arriving again after re-enabling them in the app.", "Your preferences are set to mentions only."),
    tags=("mobile", "notifications"),
    slot_tags=("mobile_os",),
    types={"problem": 60, "question": 40},
)

DISPLAY = topic(
    "mobile", "display", 20,
    subjects=("Layout broken on {device}", "Text cut off in mobile app", "Dark mode issue"),
    problems=(
        "On my {device} the buttons at the bottom of the {records} screen are cut off.",
        "In dark mode some labels are black on a dark background and unreadable.",
        "The app doesn't rotate to landscape on the iPad anymore.",
    ),
    details=("I've attached a screenshot.", "Font size on the phone is set to large."),
    steps=("Thanks for the screenshot — I've reproduced it and filed it with our mobile team.",
           "Large system font sizes cause this on some screens; we're fixing it in the next release."),
    fixes=("The layout fix shipped in the latest update.", "Dark mode colours are corrected in {app_version}."),
    tags=("mobile", "ui-bug"),
    slot_tags=("mobile_os",),
    types={"problem": 80, "question": 20},
)

MOBILE_HOWTO = topic(
    "mobile", "mobile-howto", 20,
    subjects=("Offline access on mobile?", "Scan business cards in the app", "Mobile app for the whole team"),
    problems=(
        "Can our field reps use the app without a connection and upload later?",
        "Is there a way to scan business cards into {records} from the mobile app?",
        "How do I roll out the app to {seats} people at once?",
    ),
    details=("We use {device}s company-wide.",),
    steps=("Offline mode can be turned on under Profile → Offline data; changes upload when you're back online.",
           "The card scanner is on the + button in the {records} list.",
           "Your MDM can push the app; I've sent our deployment guide."),
    fixes=("Glad offline mode works for your team.",),
    tags=("mobile", "how-to"),
    slot_tags=("mobile_os",),
    types={"question": 90, "task": 10},
)

TOPICS = (CRASH, PUSH, DISPLAY, MOBILE_HOWTO)
