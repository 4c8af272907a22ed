#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A government-portal backend (the portal's upload is handed to the
window's batch desk, whose operators are the posts below) imports an employer's 制卡明细表 (CSV):
every row becomes one application of the employer's agent, committed on
its own; refused rows are reported with the reason and the masked ID.
A progress bar is drawn on a terminal only; the summary goes to stdout.

    PYTHONPATH=build/bindings/python /usr/bin/python3 \\
        bindings/python/examples/portal_batch.py [FILE.csv] [--db sqlite:PATH]

Without FILE a sample file of 200 rows is written (with a few faulty rows:
a wrong check digit, a person twice, a row without a photo).  Importing the
same file again with the same request id changes nothing.
"""

import argparse
import collections
import datetime as dt
import os
import sys
import tempfile

import socialcard
from socialcard import ActorRole, Channel, DocForm, DocType, Party
from socialcard.rules import Evidence, MaterialFlag

CST = dt.timezone(dt.timedelta(hours=8), "CST")
DATA_KEY = bytes(range(32))
INDEX_KEY = bytes(range(32, 64))
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军"]


def id_number(serial: int) -> str:
    d17 = "500101%s%03d" % ((dt.date(1980, 1, 1) +
                             dt.timedelta(days=37 * serial))
                            .strftime("%Y%m%d"), serial % 1000)
    return d17 + socialcard._capi.idnumber_check_char(d17)


def sample(path: str, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("姓名,公民身份号码,照片,身份证扫描件,联系电话\n")
        for i in range(rows):
            name = SURNAMES[i % 10] + GIVEN[(i // 10) % 10]
            number = id_number(i)
            photo = "photos/%04d.jpg" % i
            if i == 17:                        # a wrong check digit
                number = number[:-1] + ("0" if number[-1] != "0" else "1")
            if i == 42:                        # the same person twice
                number = id_number(41)
            if i == 99:                        # no photo
                photo = ""
            f.write("%s,%s,%s,scans/%04d.png,138%08d\n" % (
                name, number, photo, i, i))


class Progress:
    """A one-line bar on a TTY; silent otherwise."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.tty = stream.isatty()

    def __call__(self, done: int, total) -> None:
        if not self.tty:
            return
        total = total or done
        width = 40
        filled = width * done // max(total, 1)
        self.stream.write("\r[%s%s] %d/%d" % ("#" * filled,
                                              "." * (width - filled),
                                              done, total))
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--db")
    ap.add_argument("--rows", type=int, default=200)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="ssc-portal-")
    if args.db is None:
        args.db = "sqlite:" + os.path.join(tmp.name, "cards.db")
    if args.file is None:
        args.file = os.path.join(tmp.name, "制卡明细表.csv")
        sample(args.file, args.rows)

    employer = dict(
        actor=ActorRole.EMPLOYER_AGENT, channel=Channel.WINDOW,
        acceptance_operator="portal", processing_operator="op-batch",
        actor_doc_type=DocType.SS_CARD, actor_doc_number="A12345678",
        documents=[(DocType.SS_CARD, DocForm.ORIGINAL, Party.AGENT)],
        materials=[("batch_file", MaterialFlag.ELECTRONIC),
                   ("unit_letter", MaterialFlag.SEALED)],
        evidence=(Evidence.CREDENTIAL_IMAGES | Evidence.SCENE_IMAGES |
                  Evidence.SIGNATURE),
        evidence_refs=["portal://upload/8812"],
        batch_id="cq-employer-0815", request_id="upload-8812")
    clock = socialcard.ManualClock(dt.datetime(2025, 3, 3, 10, tzinfo=CST))
    with socialcard.open(args.db, region="500000", clock=clock,
                         data_key=DATA_KEY, index_key=INDEX_KEY) as reg:
        with open(args.file, "rb") as f:
            report = reg.batch_import(f, progress=Progress(), **employer)
        print("batch %s: %d rows, %d accepted, %d refused" % (
            employer["batch_id"], len(report), report.accepted,
            report.refused))
        why = collections.Counter()
        for i, row in enumerate(report.refused_rows()):
            code = socialcard.ErrorCode(row.status).name
            why[code] += 1
            if i >= 20:
                continue
            detail = ", ".join(row.reasons + ["missing " + m
                                              for m in row.missing])
            print("  line %4d  %-12s %s%s" % (row.line, code, row.message,
                                              " [%s]" % detail if detail
                                              else ""))
        for code, n in sorted(why.items()):
            print("  %-12s %d" % (code, n))
        status = reg.batch_status(employer["batch_id"])
        print("batch status:", {s.name: n for s, n in status.items()})

        # the portal retries the upload: nothing changes
        again = reg.batch_import(args.file, **employer)
        assert again.accepted == report.accepted
        assert reg.batch_status(employer["batch_id"]) == status
        if args.rows == 200 and args.file.startswith(tmp.name):
            assert (report.accepted, report.refused) == (197, 3)
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
