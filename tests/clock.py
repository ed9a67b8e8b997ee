"""The tests' clock. Every test, and every server process a browser test starts, lives on the
same day, whatever the machine's date: a test cannot pass in November and fail in December.

The clock still ticks from that moment, so durations, time limits and sessions behave as they
do for people. A test that needs another moment travels there itself (`time_machine.travel`).

`python -m tests.clock manage.py COMMAND ...` runs a command on this clock.
"""

import os
import runpy
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

# A Wednesday in a week without a bank holiday, in the second half of the 2026/27 financial
# year, after the June 2026 workforce census and the July 2026 list sizes were published.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
EPOCH = "PCN_CLOCK_EPOCH"  # the real time (seconds) at which the shared clock read NOW


def real_time() -> float:
    """The machine's time (seconds), even inside a process already on this clock: what an
    epoch for other processes is measured against."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.time.time()
    return time.time()


def start():
    # Processes that compare each other's times (a server judging a task worker's heartbeat)
    # share an epoch, so each starts the clock where the first would be now, not at NOW.
    epoch = os.environ.get(EPOCH)
    moment = NOW + timedelta(seconds=real_time() - float(epoch)) if epoch else NOW
    time_machine.travel(moment, tick=True).start()


if __name__ == "__main__":
    start()
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
