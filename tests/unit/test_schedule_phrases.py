"""Plain-English schedules (issue 12, item 1): each phrase's cron, time zone, echo and next runs, and the phrases
refused with a reason rather than guessed."""

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from supportwise.errors import InvalidInput
from supportwise.schedules.phrases import read_schedule
from tests.helpers import ROOT

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)  # a Monday, 12:00 UTC

READ = [
    ("every Monday at 9am", "0 9 * * 1", "UTC", "At 09:00, only on Monday (UTC)"),
    ("weekdays at 8:30", "30 8 * * 1-5", "UTC", "At 08:30, Monday through Friday (UTC)"),
    ("daily at 17:00 Europe/Berlin", "0 17 * * *", "Europe/Berlin", "At 17:00 (Europe/Berlin)"),
    ("on the first of every month at 7", "0 7 1 * *", "UTC", "At 07:00, on day 1 of the month (UTC)"),
    ("every 2 hours during business days", "0 */2 * * 1-5", "UTC", "Every 2 hours, Monday through Friday (UTC)"),
    ("mondays and thursdays at noon", "0 12 * * 1,4", "UTC", "At 12:00, only on Monday and Thursday (UTC)"),
    ("every 30 minutes between 8am and 6pm", "*/30 8-17 * * *", "UTC",
     "Every 30 minutes, between 08:00 and 17:59 (UTC)"),
    ("send me this every Monday at 9 in America/New_York", "0 9 * * 1", "America/New_York",
     "At 09:00, only on Monday (America/New_York)"),
    ("0 9 * * 1", "0 9 * * 1", "UTC", "At 09:00, only on Monday (UTC)"),   # raw cron is accepted as it is
]


@pytest.mark.parametrize("phrase, cron, zone, echo", READ, ids=[r[0] for r in READ])
def test_a_phrase_reads_as_cron_in_its_zone(phrase, cron, zone, echo):
    schedule = read_schedule(phrase, now=NOW)
    assert (schedule.cron, schedule.timezone, schedule.describe()) == (cron, zone, echo)


def test_next_runs_are_in_the_schedules_zone_and_follow_daylight_saving():
    berlin = read_schedule("daily at 9 Europe/Berlin", now=NOW)
    runs = berlin.next_runs(datetime(2027, 3, 26, 12, 0, tzinfo=timezone.utc), 3)
    # 27 March is winter time (UTC+1), 28 March summer time (UTC+2): 09:00 local each day
    assert [r.astimezone(timezone.utc).hour for r in runs] == [8, 7, 7]
    assert [r.hour for r in runs] == [9, 9, 9]
    weekly = read_schedule("every Monday at 9am", now=NOW).next_runs(NOW)
    assert [r.strftime("%a %d") for r in weekly] == ["Mon 14", "Mon 21", "Mon 28"]


@pytest.mark.parametrize("phrase, reason", [
    ("every monday", "At what time"),                       # no time of day: never a default one
    ("monthly at 7", "which day"),
    ("every blursday at 9", "'blursday'"),                 # a word left over is not dropped
    ("every hour during business hours", "Business hours"),
    ("at 25:00 daily", "not a time of day"),
    ("on the 31st of every month at 7", "1 to 28"),
    ("every 5 minutes", "at most every 15 minutes"),        # the minimum interval setting
    ("*/5 * * * *", "at most every 15 minutes"),
    ("", "Say when"),
])
def test_a_phrase_it_cannot_read_is_refused_with_examples(phrase, reason):
    with pytest.raises(InvalidInput, match=reason) as refused:
        read_schedule(phrase, now=NOW)
    assert "every Monday at 9am" in str(refused.value) or "minutes" in str(refused.value)


def test_the_minimum_interval_is_a_setting():
    assert read_schedule("every 5 minutes", min_interval_minutes=5, now=NOW).cron == "*/5 * * * *"


def test_the_cli_echoes_a_schedule_and_refuses_a_bad_one_without_a_traceback():
    run = [sys.executable, "-m", "supportwise", "schedule"]
    ok = subprocess.run([*run, "weekdays at 8:30 Europe/Berlin"], capture_output=True, text=True, cwd=ROOT,
                        timeout=60)
    assert ok.returncode == 0 and "cron: 30 8 * * 1-5  (time zone Europe/Berlin)" in ok.stdout
    assert ok.stdout.count("next: ") == 3
    bad = subprocess.run([*run, "every blursday at 9"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert bad.returncode == 1 and bad.stderr.startswith("error: I couldn't read 'blursday'")
    assert "Traceback" not in bad.stderr
