"""``python -m supportwise schedule PHRASE``: how a plain-English schedule is read, before anyone saves it."""

from __future__ import annotations

import argparse
import zoneinfo
from datetime import datetime

from supportwise.platform.settings import Settings
from supportwise.schedules.phrases import read_schedule


def schedule_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("phrase", help="e.g. 'every Monday at 9am', 'weekdays at 8:30 Europe/Berlin', '0 9 * * 1'")


def schedule(args: argparse.Namespace, settings: Settings) -> int:
    read = read_schedule(args.phrase, settings.timezone, min_interval_minutes=settings.schedule_min_minutes)
    print(f"cron: {read.cron}  (time zone {read.timezone})")
    print(read.describe())
    for run in read.next_runs(datetime.now(zoneinfo.ZoneInfo(read.timezone))):
        print(f"  next: {run:%a %Y-%m-%d %H:%M %Z}")
    return 0
