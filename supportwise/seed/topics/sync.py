"""Auto-sync topics: everyday questions, and the three themes of the planted Auto-sync 2.0 story.

The story themes are written in many phrasings on purpose, so that finding them takes
a clustering of meaning, not a search for one sentence.
"""

from supportwise.seed.topic import topic

SYNC_SETTINGS = topic(
    "auto-sync", "sync-settings", 55,
    subjects=("How often does auto-sync run?", "Which fields are synced with {integration}?", "Sync only some {records}",
              "Question about auto-sync schedule", "Can auto-sync skip archived {records}?"),
    problems=(
        "How often does auto-sync push changes to {integration}? We'd like it closer to real time.",
        "Is it possible to only sync {records} with a certain tag instead of everything?",
        "Which fields are included when {records} sync to {integration}? I don't see the {field} there.",
        "Can we exclude archived {records} from auto-sync?",
        "We're adding a second {integration} instance. Can auto-sync handle two connections?",
    ),
    details=("We have around {count} {records}.", "We're on the {plan_name} plan.", "No rush on this one."),
    steps=(
        "Auto-sync runs every 15 minutes by default; on Pro and Enterprise you can lower it to 5 minutes.",
        "You can add a filter under Auto-sync → Scope so only tagged {records} are synced.",
        "Custom fields have to be mapped once under Auto-sync → Field mapping before they sync.",
        "Each workspace supports one connection per integration; a second one needs a separate workspace.",
    ),
    fixes=(
        "I've enabled the 5-minute sync interval on your workspace.",
        "The scope filter is set up; only tagged {records} will sync from now on.",
        "The {field} is now mapped and will sync on the next run.",
    ),
    tags=("sync", "sync-settings", "field-mapping"),
    slot_tags=("integration",),
    types={"question": 80, "task": 20},
)

SYNC_ERRORS = topic(
    "auto-sync", "sync-errors", 45,
    subjects=("Sync error {sync_error}", "Auto-sync failing for some {records}", "Sync log shows errors",
              "{integration} sync error"),
    problems=(
        "The sync log shows '{sync_error}' for a handful of {records}. What does it mean?",
        "A few {records} fail to sync to {integration} with {sync_error}; the rest are fine.",
        "We get an email every night saying some {records} were skipped during sync.",
        "Auto-sync stopped on one record with {sync_error} and retries keep failing.",
    ),
    details=("It only affects {records} created through our web form.", "It started {since}.",
             "Around {count} records are affected."),
    steps=(
        "That error usually means the {field} value is rejected by {integration}; the sync log links to each failing record.",
        "Could you try reconnecting {integration} under Auto-sync → Connection? The token may have expired.",
        "Records with a conflicting edit on both sides are skipped; choosing a winning side in the settings fixes it.",
    ),
    fixes=(
        "After reconnecting, the skipped {records} synced successfully.",
        "The mapping for the {field} was fixed and the failing records went through on the next run.",
    ),
    tags=("sync", "sync-error"),
    slot_tags=("integration",),
    types={"problem": 60, "incident": 25, "question": 15},
)

DATA_LOSS = topic(
    "auto-sync", "data-loss", 0,
    subjects=("Auto-sync deleted our {records}", "Missing {records} after sync", "Duplicate {records} after Auto-sync 2.0",
              "Data lost after the sync update", "Sync overwrote our {field} values", "{Records} disappeared",
              "Records gone since the auto-sync update", "Duplicates everywhere after sync", "Where are our {records}?",
              "Auto-sync wiped the {field} field", "Lost data in {integration} after sync", "Sync created duplicate {records}"),
    problems=(
        "Since the auto-sync update, about {count} of our {records} have disappeared from {integration}.",
        "After last night's sync we have duplicate {records} everywhere — some show up three times.",
        "Auto-sync wiped the {field} on {count} {records}. The values are simply blank now.",
        "{Records} that existed yesterday are gone after the sync ran this morning.",
        "The new auto-sync overwrote our {field} values with old data from {integration}.",
        "We're missing {count} {records} since the 2.0 update. They are not in the trash either.",
        "Every sync run creates another copy of the same {records}; we now have thousands of duplicates.",
        "Half of our {records} lost their notes and history after the sync.",
        "The sync deleted {records} in {integration} that were never touched on our side.",
        "Our {records} were merged into the wrong records after auto-sync ran — the data is mixed up.",
        "Since the update, records we delete come back, and records we keep vanish. Something is badly broken.",
        "The {field} for most of our {records} was reset to an empty value by the new sync.",
        "We opened {integration} this morning and roughly {count} {records} were just missing.",
        "Auto-sync 2.0 duplicated our entire {records} list. Our reps are calling the same people twice.",
        "Data we entered last week is no longer there after the automatic sync.",
    ),
    details=(
        "Our sales team can't trust the data anymore.", "We had to stop our outbound campaign because of this.",
        "This started right after the auto-sync update.", "We didn't change any settings on our side.",
        "I have screenshots showing the records before and after the sync.",
        "We need these records restored, we don't have another copy.",
        "The sync history shows the run finished without errors, which makes it worse.",
    ),
    steps=(
        "Please pause auto-sync under Settings → Auto-sync until we have investigated, so no further records are changed.",
        "We are aware of an issue in Auto-sync 2.0 that can create duplicates or clear mapped fields, and our engineers are on it.",
        "Could you send the IDs of two or three affected {records}? We keep a 30-day snapshot and can check what changed.",
        "I've asked our engineering team to check the sync history of your workspace for deletions.",
    ),
    fixes=(
        "We restored the missing {records} from our snapshot; please check a few of them and let us know.",
        "Engineering released a fix for the duplicate issue (2.0.3) and removed the duplicates created in your workspace.",
        "The {field} values were restored from the last good snapshot and auto-sync is running normally again.",
        "The deleted records were recovered and we've added a safeguard so sync can't remove records in bulk.",
    ),
    notes=(
        "Confirmed data loss on this workspace after the 2.0 rollout, linked to {ref}.",
        "Restore from snapshot requested for {count} {records}; waiting on engineering.",
        "Duplicate-creation bug, same pattern as {ref}.",
    ),
    tags=("autosync-2", "data-integrity", "duplicates", "escalated"),
    slot_tags=("integration",),
    types={"problem": 55, "incident": 45},
    story="auto-sync", theme="data loss", severity=2.2,
)

SYNC_DELAYS = topic(
    "auto-sync", "sync-delays", 0,
    subjects=("Auto-sync stuck", "Sync takes hours now", "Changes not syncing to {integration}", "Sync stuck 'in progress'",
              "Auto-sync very slow since update", "Data not updating", "Last sync {days} days ago",
              "Sync queue not moving", "Sync delayed by hours", "{integration} out of date"),
    problems=(
        "Auto-sync has been stuck on 'in progress' for {hours} hours.",
        "Changes we make in {integration} now take hours to show up, it used to be a few minutes.",
        "The last successful sync was {days} days ago and nothing has updated since.",
        "Since the auto-sync update, every sync takes over {hours} hours to finish.",
        "Our dashboards aren't updating because the sync never seems to complete.",
        "The sync status says 'queued' all day and then starts in the middle of the night.",
        "New {records} we add don't reach {integration} until the next day.",
        "The sync keeps timing out halfway through and starting over.",
        "Auto-sync runs, but it's so slow that our {records} are always out of date.",
        "The 'Sync now' button spins forever and the last sync time doesn't move.",
        "It now takes {hours} hours for an updated {field} to appear on the other side.",
    ),
    details=(
        "Our reps are working with stale data all day.", "It was fine before the update.",
        "We have about {count} {records}, nothing unusual.", "I've tried disconnecting and reconnecting.",
        "The sync log just shows 'waiting for worker'.",
    ),
    steps=(
        "Since the 2.0 rollout the sync queue has been under heavy load, which delays large workspaces.",
        "Could you check whether the sync status shows 'queued' or 'running', and since when?",
        "I've moved your workspace to a dedicated sync worker, which should clear the backlog.",
        "A full resync is scheduled tonight; after that incremental syncs should be quick again.",
    ),
    fixes=(
        "Our engineers scaled up the sync workers and your queue is processed in minutes again.",
        "The stuck sync job was cleared and the latest changes went through.",
        "A performance fix shipped in 2.0.2; sync times on your workspace are back to normal.",
    ),
    notes=(
        "Sync queue lag on this workspace over {hours}h, see {ref}.",
        "Moved workspace to dedicated worker pool as a stopgap.",
    ),
    tags=("autosync-2", "performance", "stuck"),
    slot_tags=("integration",),
    types={"problem": 60, "incident": 40},
    story="auto-sync", theme="sync delays", severity=1.5,
)

CONFUSING_SETUP = topic(
    "auto-sync", "confusing-setup", 0,
    subjects=("How do I set up the new auto-sync?", "Can't find field mapping", "New sync settings are confusing",
              "Auto-sync setup help", "What is 'sync scope'?", "Docs don't match the new screens",
              "Help configuring Auto-sync 2.0", "Where did the sync settings go?"),
    problems=(
        "I can't figure out how to configure the new auto-sync — the old settings page is gone.",
        "Where did the field mapping go? I can't find it in the new auto-sync screens.",
        "The setup wizard asks for a 'sync scope' and a 'conflict policy' and I have no idea what to pick.",
        "The help article still shows the old screens, so I'm lost setting up the sync with {integration}.",
        "After the update the sync asks me to 'choose a source of truth'. What does that mean for us?",
        "I went through the new auto-sync setup three times and it still says 'not configured'.",
        "We don't understand the difference between one-way and two-way sync in the new version.",
        "Setting up auto-sync for {records} is really unclear now. Which options keep things as they were?",
    ),
    details=(
        "I'm not very technical, so step-by-step instructions would help.", "The previous version was much simpler.",
        "I don't want to break anything by guessing.",
    ),
    steps=(
        "Field mapping now lives under Auto-sync → Connections → {integration} → Mapping.",
        "'Sync scope' decides which {records} are included; 'All records' matches how the old version behaved.",
        "'Source of truth' decides which side wins when both change; most customers pick {integration}.",
        "Here is the updated setup guide with screenshots of the new screens; I'm happy to walk you through it on a call.",
    ),
    fixes=(
        "Glad we got it configured together — the sync is running with the same behaviour as before.",
        "I've applied the recommended settings on your workspace and the status now shows 'active'.",
        "The updated guide is published and your sync is set up; let us know if anything looks off.",
    ),
    tags=("autosync-2", "setup", "how-to"),
    slot_tags=("integration",),
    types={"question": 75, "task": 25},
    story="auto-sync", theme="confusing setup", severity=0.6,
)

TOPICS = (SYNC_SETTINGS, SYNC_ERRORS)
# planted story themes, largest first
STORY_TOPICS = {"data loss": DATA_LOSS, "sync delays": SYNC_DELAYS, "confusing setup": CONFUSING_SETUP}
STORY_SHARES = {"data loss": 50, "sync delays": 32, "confusing setup": 18}
