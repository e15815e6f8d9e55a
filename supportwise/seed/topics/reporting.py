"""Reporting topics: numbers that don't match, exports, scheduled reports, building reports."""

from supportwise.seed.topic import topic

WRONG_NUMBERS = topic(
    "reporting", "wrong-numbers", 30,
    subjects=("Report numbers don't match", "'{report}' report shows wrong totals", "Dashboard totals are off",
              "Discrepancy in {report} report"),
    problems=(
        "The '{report}' report shows different totals than the list view for the same filters.",
        "Our dashboard says one number and the exported {file_format} says another.",
        "Revenue in the '{report}' report is about {percent} lower than what finance sees.",
        "The numbers on the dashboard changed overnight for last month, which shouldn't happen.",
    ),
    details=("We present these numbers to our board.", "I've double-checked the filters.", "It's the same date range."),
    steps=(
        "Reports use the workspace time zone while the list view uses yours, which shifts records near midnight.",
        "Deleted records stay in historical reports but disappear from the list view.",
        "Could you send a screenshot of both views with the filters visible?",
    ),
    fixes=("After switching the report to your time zone the totals match.", "We fixed a caching issue and the report now shows the right totals."),
    tags=("reports", "dashboard", "data-accuracy"),
    types={"problem": 70, "question": 30},
)

EXPORTS = topic(
    "reporting", "exports", 25,
    subjects=("{file_format} export fails", "Export times out", "Export missing columns", "Can't download report"),
    problems=(
        "Exporting the '{report}' report to {file_format} fails with 'something went wrong'.",
        "Large exports time out after a few minutes and nothing is downloaded.",
        "The {file_format} export is missing the custom columns I added to the report.",
        "Special characters come out garbled when I open the export in Excel.",
    ),
    details=("It's about {count} rows.", "Smaller exports work fine.", "I'm on {browser}."),
    steps=(
        "Exports over 50,000 rows are generated in the background and emailed when ready.",
        "Custom columns have to be included in the saved view before exporting.",
        "Excel needs the UTF-8 option when importing a CSV; the Excel format avoids the problem.",
    ),
    fixes=("The export completed in the background and the file was sent to you.", "The missing columns are now included in exports."),
    tags=("reports", "export"),
    types={"problem": 60, "question": 30, "task": 10},
)

SCHEDULED = topic(
    "reporting", "scheduled-reports", 20,
    subjects=("Scheduled report not arriving", "Weekly report email missing", "Change schedule of '{report}'"),
    problems=(
        "Our scheduled '{report}' email didn't arrive this week.",
        "The weekly report goes to people who left the company and I can't remove them.",
        "Can the scheduled report be sent on Monday mornings in our time zone?",
    ),
    details=("I've checked spam.", "It worked last week."),
    steps=(
        "Our logs show the email was delivered; your mail filter may be holding it.",
        "Recipients are edited under the report's Schedule tab, and former users can be removed there.",
        "The schedule follows the workspace time zone, which can be changed under Settings → Regional.",
    ),
    fixes=("The schedule now sends at 8:00 on Mondays in your time zone.", "The recipient list is updated and the report went out."),
    tags=("reports", "scheduled-report", "email"),
    types={"problem": 55, "question": 25, "task": 20},
)

BUILD_REPORT = topic(
    "reporting", "build-report", 25,
    subjects=("How to build a report by {field}?", "Custom report question", "Group report by month", "Report filters"),
    problems=(
        "How do I build a report that groups {records} by {field} and month?",
        "Is there a way to compare this quarter with the same quarter last year?",
        "I'd like a dashboard that shows each rep's {records} this week. Where do I start?",
        "Can a report filter on a custom field?",
    ),
    details=("We're new to the reporting module.", "Our manager asked for this by Friday."),
    steps=(
        "In the report builder, add {field} as a row grouping and the created date as a column, grouped by month.",
        "The 'Compare to' option on the date filter adds the same period of last year.",
        "Custom fields appear at the bottom of the filter list once they are marked as reportable.",
    ),
    fixes=("I've shared a report template with you that does exactly this.", "Glad the report works now."),
    tags=("reports", "how-to"),
    types={"question": 85, "task": 15},
)

TOPICS = (WRONG_NUMBERS, EXPORTS, SCHEDULED, BUILD_REPORT)
