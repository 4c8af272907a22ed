#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The binding's basics: a Context with a controlled clock and a log
callback, masking personal data for display, and handling errors.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/examples/basics.py
"""

import datetime as dt
import sys

import socialcard
from socialcard import Context, LogLevel, ManualClock

CST = dt.timezone(dt.timedelta(hours=8), "CST")


def log(level: LogLevel, message: str) -> None:
    print("  [%s] %s" % (level.name.lower(), message), file=sys.stderr)


def main() -> int:
    print("libsocialcard", socialcard.version(),
          "(Python package %s)" % socialcard.__version__)

    clock = ManualClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST))
    with Context(region="500000", log=log, log_level=LogLevel.INFO,
                 clock=clock) as ctx:
        print("context:", ctx)
        print("now:    ", ctx.now_datetime().astimezone(CST).isoformat())
        clock.advance(hours=96)
        print("+96 h:  ", ctx.now_datetime().astimezone(CST).isoformat())

    holder = {"name": "欧阳娜娜", "id": "500101199003071234",
              "account": "6222020200112233445"}
    print("holder: ", socialcard.mask_name(holder["name"]),
          socialcard.mask_id_number(holder["id"]),
          socialcard.mask_number(holder["account"]))

    for region in ("50000", "5000O0"):
        try:
            Context(region=region)
        except socialcard.InvalidArgument as e:
            print("refused region %r: %s [%s, %s]" % (
                region, e, socialcard.error_name(e.code),
                socialcard.ErrorClass(e.klass).name.lower()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
