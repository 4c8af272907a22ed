#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of the `socialcard` command-line tool (suite `cli`).

Each test runs the built binary (env SOCIALCARD, else build/tools/socialcard)
in a fresh temporary directory with its own key file and SQLite store:
the demo; every subcommand's happy path and a refusal; the --json keys
documented in doc/cli.md; bad input giving exit 1/2 with one line and an
unchanged store; and that no full ID number or PIN appears in any output.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

EXE = os.environ.get("SOCIALCARD") or os.path.abspath(os.path.join(
    os.environ.get("SSC_BUILD_ROOT", "build"), "tools", "socialcard"))

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def make_id(p17):
    s = sum(int(a) * b for a, b in zip(p17, W)) % 11
    return p17 + "10X98765432"[s]


HOLDER = make_id("50010119900101123")
OTHER = make_id("50010119850505234")
SECRETS = [HOLDER, OTHER, "123456", "246810"]

# Options of a holder at a window with everything the 500000 pack asks.
EVID = ["--evidence", "credential_images:scan-1", "--evidence",
        "scene_images:img-1", "--evidence", "signature:pad-1"]
HOLDER_OPTS = ["--doc", "resident_id", "--doc", "ss_card", "--material",
               "photo", "--material", "application_form:signed",
               "--material", "fee_payment", "--operator", "op-a",
               "--post", "acceptance", "--operator", "op-b", "--post",
               "processing"] + EVID
AGENT_OPTS = ["--actor-doc", "ss_card", "--actor-doc-number", "A12345678",
              "--doc", "ss_card::agent", "--material",
              "batch_file:electronic", "--material", "unit_letter:sealed"
              ] + EVID

RESULT_KEYS = {"ok", "command", "exit", "request_id", "card_id",
               "new_card_id", "event", "states", "entry_id", "deadline_ms",
               "replayed", "summary", "verdict"}
ERROR_KEYS = {"ok", "command", "exit", "error", "verdict"}
VERDICT_KEYS = {"allowed", "pack", "reasons", "missing", "materials"}
STATE_KEYS = {"card", "fin", "pin", "ecard"}

OUTPUTS = []


class Cli(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="ssc-cli-")
        self.dir = self.tmp.name
        r = self.run_cli("keys", "init", "socialcard.keys")
        self.assertEqual(r.returncode, 0, r.stderr)

    def tearDown(self):
        self.tmp.cleanup()

    def run_cli(self, *args, region="500000", env=None):
        e = dict(os.environ)
        e.pop("SOCIALCARD_KEYS", None)
        e["SOCIALCARD_REGION"] = region or ""
        e["TZ"] = "Asia/Shanghai"
        if env:
            e.update(env)
        r = subprocess.run([EXE] + list(args), cwd=self.dir, env=e,
                           capture_output=True, text=True, timeout=60)
        OUTPUTS.append((args, r.stdout + r.stderr))
        return r

    def js(self, *args, want=0, env=None):
        r = self.run_cli(*(list(args) + ["--json"]), env=env)
        self.assertEqual(r.returncode, want, r.stdout + r.stderr)
        o = json.loads(r.stdout)
        self.assertEqual(o["exit"], want)
        self.assertEqual(o["ok"], want == 0)
        return o

    def one_line_error(self, r, code):
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("socialcard "), lines[0])
        return lines[0]

    def dump(self):
        path = os.path.join(self.dir, "socialcard.db")
        if not os.path.exists(path):
            return None
        con = sqlite3.connect(path)
        try:
            return list(con.iterdump())
        finally:
            con.close()

    # --- helpers -------------------------------------------------------

    def apply(self, idn=HOLDER):
        o = self.js("apply", "--id-number", idn, "--name", "张三",
                    "--bank", "ICBC", *HOLDER_OPTS)
        self.assertEqual(set(o), RESULT_KEYS)
        self.assertEqual(o["states"]["card"], "submitted")
        return o["card_id"]

    def issue(self, idn=HOLDER, active=True):
        card = self.apply(idn)
        for cmd in (["approve"], ["produce", "start"], ["produce", "finish"]):
            self.js(*cmd, card, "--actor", "system", *HOLDER_OPTS)
        self.js("collect", card, *HOLDER_OPTS)
        if active:
            self.js("activate", card, *HOLDER_OPTS)
        return card

    # --- tests ---------------------------------------------------------

    def test_demo(self):
        r = self.run_cli("demo", "--lang", "en", "--dir", self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(" 0 failed", r.stdout)
        self.assertIn("hash chain: verified", r.stdout)
        self.assertNotIn("✘", r.stdout)
        r = self.run_cli("demo", "--dir", self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual([f for f in os.listdir(self.dir)
                          if f.startswith("socialcard-demo")], [])

    def test_keys_file(self):
        path = os.path.join(self.dir, "socialcard.keys")
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        with open(path) as f:
            text = f.read()
        for line in text.splitlines():
            if line.startswith(("data ", "index ")):
                key = line.split()[2]
                for _, out in OUTPUTS:
                    self.assertNotIn(key, out)
        r = self.run_cli("keys", "init", "socialcard.keys")
        self.one_line_error(r, 2)
        with open(path) as f:
            self.assertEqual(f.read(), text)

    def test_store_and_keys_options(self):
        r = self.run_cli("keys", "init", "other.keys")
        self.assertEqual(r.returncode, 0)
        os.rename(os.path.join(self.dir, "socialcard.keys"),
                  os.path.join(self.dir, "mine.keys"))
        o = self.js("apply", "--store", "sqlite:other.db", "--keys",
                    "mine.keys", "--id-number", HOLDER, "--name", "张三",
                    *HOLDER_OPTS)
        card = o["card_id"]
        self.assertTrue(os.path.exists(os.path.join(self.dir, "other.db")))
        self.assertFalse(os.path.exists(os.path.join(self.dir,
                                                     "socialcard.db")))
        e = {"SOCIALCARD_KEYS": os.path.join(self.dir, "mine.keys")}
        r = self.run_cli("approve", card, "--store=sqlite:other.db",
                         "--actor", "system", "--json", *HOLDER_OPTS, env=e)
        self.assertEqual(r.returncode, 0, r.stderr)
        # the wrong keys: the sealed records fail their check
        r = self.run_cli("journal", card, "--store", "sqlite:other.db",
                         "--keys", "other.keys")
        self.one_line_error(r, 5)
        with open(os.path.join(self.dir, "bad.keys"), "w") as f:
            f.write("garbage\n")
        r = self.run_cli("due", "--store", "sqlite:other.db", "--keys",
                         "bad.keys")
        self.one_line_error(r, 3)
        r = self.run_cli("due", "--store", "sqlite:/nonexistent/x.db",
                         "--keys", "mine.keys")
        self.one_line_error(r, 3)
        o = self.js("due", "--store", "memory:")
        self.assertEqual(o["applied"], 0)

    def test_missing_keys(self):
        os.unlink(os.path.join(self.dir, "socialcard.keys"))
        r = self.run_cli("status", "00000000-0000-0000-0000-000000000000")
        line = self.one_line_error(r, 2)
        self.assertIn("keys", line)

    def test_life_of_a_card(self):
        card = self.issue()
        o = self.js("status", card, *HOLDER_OPTS)
        self.assertEqual(set(o), {"ok", "command", "exit", "request_id",
                                  "card_id", "card_number", "region",
                                  "states", "replaces", "replaced_by",
                                  "entry_id", "description"})
        self.assertEqual(set(o["states"]), STATE_KEYS)
        self.assertEqual(o["states"]["card"], "active")
        self.assertNotIn(HOLDER, json.dumps(o, ensure_ascii=False))
        o = self.js("activate", card, "--financial", "--channel", "bank",
                    "--outlet-bank", "ICBC", *HOLDER_OPTS)
        self.assertEqual(o["states"]["fin"], "active")
        self.js("change-info", card, "--phone", "13800000000",
                *HOLDER_OPTS)
        # PIN change by an agent: refused by the rules
        before = self.dump()
        o = self.js("pin", "change", card, "--actor", "agent", "--doc",
                    "ss_card", "--doc", "resident_id::agent", *EVID,
                    want=1)
        codes = [x["code"] for x in o["verdict"]["reasons"]]
        self.assertIn("pin_change_holder_only", codes)
        self.assertEqual(self.dump(), before)
        self.js("pin", "change", card, *HOLDER_OPTS)
        self.js("pin", "reset", card, *HOLDER_OPTS)
        o = self.js("pin", "blocked", card, "--actor", "system",
                    *HOLDER_OPTS)
        self.assertEqual(o["states"]["pin"], "locked")
        self.js("pin", "unlock", card, *HOLDER_OPTS)
        o = self.js("report-loss", card, *HOLDER_OPTS)
        self.assertEqual(o["states"]["card"], "reported_lost")
        lst = self.js("invalid-list")
        self.assertEqual(lst["count"], 1)
        self.assertEqual(set(lst), {"ok", "command", "exit", "level",
                                    "region", "count", "entries"})
        self.js("cancel-loss", card, *HOLDER_OPTS)
        self.assertEqual(self.js("invalid-list")["count"], 0)
        self.js("report-loss", card, *HOLDER_OPTS)
        o = self.js("replace", card, "--fee", "2000", *HOLDER_OPTS)
        self.assertEqual(o["states"]["card"], "replaced")
        self.assertTrue(o["new_card_id"])
        # refused: cancelling the loss of a replaced card
        o = self.js("cancel-loss", card, *HOLDER_OPTS, want=1)
        self.assertEqual(set(o), ERROR_KEYS)
        self.assertEqual(o["error"]["code"], "SSC_ETRANSITION")
        j = self.js("journal", card)
        self.assertEqual(set(j), {"ok", "command", "exit", "card_id",
                                  "chain_ok", "count", "entries"})
        for k in ("seq", "hash", "event", "from", "to", "actor", "time"):
            self.assertIn(k, j["entries"][0])
        self.assertTrue(j["chain_ok"])
        self.assertEqual(j["count"], len(j["entries"]))
        self.assertEqual(j["entries"][-1]["event"], "replace_lost")
        r = self.run_cli("journal", card)
        self.assertEqual(r.returncode, 0)
        self.assertIn("哈希链", r.stdout)

    def test_idempotent_request_id(self):
        card = self.issue()
        a = self.js("report-loss", card, "--request-id", "rq-1",
                    *HOLDER_OPTS)
        b = self.js("report-loss", card, "--request-id", "rq-1",
                    *HOLDER_OPTS)
        self.assertFalse(a["replayed"])
        self.assertTrue(b["replayed"])
        self.assertEqual(a["entry_id"], b["entry_id"])
        o = self.js("cancel-loss", card, "--request-id", "rq-1",
                    *HOLDER_OPTS, want=1)
        self.assertEqual(o["error"]["code"], "SSC_EIDEMPOTENCY")

    def test_refusals_name_the_reason_and_missing(self):
        card = self.issue(active=False)
        before = self.dump()
        # activation without any document or evidence
        r = self.run_cli("activate", card)
        line = self.one_line_error(r, 1)
        self.assertIn("缺少", line)
        self.assertIn("SSC_ENOTELIGIBLE", line)
        r = self.run_cli("activate", card, "--lang", "en")
        line = self.one_line_error(r, 1)
        self.assertIn("missing", line)
        o = self.js("activate", card, want=1)
        self.assertEqual(set(o["verdict"]), VERDICT_KEYS)
        self.assertFalse(o["verdict"]["allowed"])
        self.assertTrue(o["verdict"]["missing"])
        # events not allowed from the state
        for cmd in (["approve"], ["produce", "start"], ["collect"],
                    ["cancel-loss"], ["replace"]):
            r = self.run_cli(*cmd, card, "--reason", "test",
                             *HOLDER_OPTS)
            self.one_line_error(r, 1)
        # an unknown card
        r = self.run_cli("status", "00000000-0000-0000-0000-000000000000",
                         *HOLDER_OPTS)
        self.one_line_error(r, 1)
        self.assertEqual(self.dump(), before)

    def test_cancel_and_rollback(self):
        card = self.apply()
        o = self.js("approve", card, "--actor", "system", *HOLDER_OPTS)
        self.assertEqual(o["states"]["card"], "approved")
        o = self.js("rollback", card, "--reason", "entered in error",
                    *HOLDER_OPTS)
        self.assertEqual(o["states"]["card"], "submitted")
        card2 = self.issue(OTHER)
        r = self.run_cli("cancel", card2, "--reason", "emigrated",
                         *HOLDER_OPTS, "--json")
        o = json.loads(r.stdout)
        if r.returncode == 0:
            self.assertEqual(o["states"]["card"], "cancelled")
        else:
            self.assertEqual(r.returncode, 1)
            self.assertTrue(o["error"]["message"])

    def test_batch(self):
        a, b, c = (make_id("500101199001010%02d" % i) for i in (1, 2, 3))
        csv = ("姓名,公民身份号码,照片,身份证扫描件\n"
               "张三,%s,p1.jpg,s1.jpg\n李四,%s,p2.jpg,s2.jpg\n"
               "王五,%s,,s3.jpg\n" % (a, b, c))
        with open(os.path.join(self.dir, "b.csv"), "w") as f:
            f.write(csv)
        before = self.dump()
        o = self.js("batch", "import", "b.csv", "--batch-id", "acme",
                    "--request-id", "imp-1", "--operator", "op-a",
                    *AGENT_OPTS, want=1)
        self.assertEqual(o["accepted"], 2)
        self.assertEqual(o["refused"], 1)
        self.assertEqual(len(o["rows"]), 3)
        self.assertEqual(o["rows"][2]["status"], "SSC_ENOTELIGIBLE")
        after = self.dump()
        self.assertNotEqual(after, before)
        # importing again with the same request id changes nothing
        o = self.js("batch", "import", "b.csv", "--batch-id", "acme",
                    "--request-id", "imp-1", "--operator", "op-a",
                    *AGENT_OPTS, want=1)
        self.assertEqual(o["accepted"], 2)
        self.assertEqual(self.dump(), after)
        for ev in ("approve", "generate_data", "start_production",
                   "finish_production"):
            o = self.js("batch", "apply", ev, "--batch-id", "acme",
                        "--actor", "system", *EVID)
            self.assertEqual(o["done"], 2)
        o = self.js("batch", "collect", "--batch-id", "acme", *AGENT_OPTS)
        self.assertEqual(o["done"], 2)
        o = self.js("batch", "status", "--batch-id", "acme")
        self.assertEqual(o["counts"]["issued"], 2)
        o = self.js("due")
        self.assertEqual(o["applied"], 0)
        r = self.run_cli("batch", "import", "b.csv", "--batch-id", "x",
                         *AGENT_OPTS)
        self.assertNotIn("\r", r.stderr)  # no progress bar off a TTY

    def test_materials_and_id_check(self):
        o = self.js("materials", "apply", "--doc", "resident_id",
                    "--material", "photo", *EVID)
        self.assertTrue(o["verdict"]["allowed"])
        o = self.js("materials", "apply", want=1)
        self.assertIn("photo", o["verdict"]["missing"])
        r = self.run_cli("materials", "no_such_service")
        self.one_line_error(r, 2)
        o = self.js("id", "check", HOLDER)
        self.assertEqual(set(o), {"ok", "command", "exit", "valid",
                                  "masked", "reason", "region",
                                  "birth_date", "sex", "kind", "legacy"})
        self.assertTrue(o["valid"])
        self.assertEqual(o["birth_date"], "19900101")
        self.assertEqual(o["masked"], HOLDER[:6] + "********" + HOLDER[14:])
        bad = HOLDER[:17] + ("0" if HOLDER[17] != "0" else "1")
        o = self.js("id", "check", bad, want=1)
        self.assertEqual(o["reason"], "check_digit")

    def test_card_read(self):
        o = self.js("card", "read", "--reader", "sim:")
        self.assertEqual(set(o), {"ok", "command", "exit", "reader",
                                  "card_number", "identifier", "region",
                                  "spec_version", "generation", "holder_id",
                                  "holder_name", "issue_date",
                                  "expiry_date"})
        self.assertIn("*", o["holder_id"])
        r = self.run_cli("card", "read", "--reader", "replay:/nonexistent")
        self.assertIn(r.returncode, (2, 4))
        self.one_line_error(r, r.returncode)
        r = self.run_cli("card", "read")
        self.one_line_error(r, 2)

    def test_bad_input_leaves_store_unchanged(self):
        card = self.issue()
        before = self.dump()
        bad_id = HOLDER[:17] + ("0" if HOLDER[17] != "0" else "1")
        cases = [
            (["apply", "--id-number", bad_id, "--name", "张三"], 2),
            (["apply", "--id-number", "1234", "--name", "张三"], 2),
            (["apply", "--id-number", "'; DROP TABLE cards; --",
              "--name", "x"], 2),
            (["status", "x'; DROP TABLE cards;--"], 2),
            (["report-loss", card, "--request-id", "a b\x01c"], 2),
            (["report-loss", card, "--request-id", "r" * 200], 2),
            (["report-loss", card, "--region", "999999"], 2),
            (["report-loss", card, "--region", "50'--"], 2),
            (["report-loss", card, "--doc", "no_such_doc"], 2),
            (["report-loss", card, "--channel", "pigeon"], 2),
            (["report-loss", card, "--no-such-option"], 2),
            (["report-loss"], 2),
            (["frobnicate"], 2),
            (["batch", "status"], 2),
            (["pin", "twist", card], 2),
            (["report-loss", card, "--fee", "-5"], 2),
        ]
        for args, code in cases:
            r = self.run_cli(*args)
            self.one_line_error(r, code)
            self.assertEqual(self.dump(), before, args)
        # SQL metacharacters in free text are data, not SQL
        o = self.js("change-info", card, "--address",
                    "x'); DROP TABLE cards; --", *HOLDER_OPTS)
        self.assertEqual(o["states"]["card"], "active")
        self.js("status", card, *HOLDER_OPTS)

    def test_progress_bar_on_a_tty(self):
        import pty
        rows = "".join("某%d,%s,p.jpg,s.jpg\n" % (i, make_id(
            "50010119900201%03d" % i)) for i in range(1, 40))
        with open(os.path.join(self.dir, "t.csv"), "w") as f:
            f.write("姓名,公民身份号码,照片,身份证扫描件\n" + rows)
        master, slave = pty.openpty()
        e = dict(os.environ, SOCIALCARD_REGION="500000")
        p = subprocess.run([EXE, "batch", "import", "t.csv", "--batch-id",
                            "tty", *AGENT_OPTS], cwd=self.dir, env=e,
                           stdout=subprocess.PIPE, stderr=slave,
                           timeout=120)
        os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        os.close(master)
        self.assertEqual(p.returncode, 0, err)
        self.assertIn(b"100% 39/39", err)
        self.assertIn(b"\r[", err)
        self.assertIn(b"39", p.stdout)

    def test_pin_change_on_the_chip(self):
        card = self.issue()
        num = self.js("status", card, *HOLDER_OPTS)["card_number"]
        with open(os.path.join(self.dir, "card.json"), "w") as f:
            json.dump({"card": {"number": num}}, f)
        pins = {"SOCIALCARD_PIN": "123456", "SOCIALCARD_NEW_PIN": "246810"}
        before = self.dump()
        # no PINs in the environment
        r = self.run_cli("pin", "change", card, "--reader",
                         "sim:card.json", *HOLDER_OPTS)
        self.one_line_error(r, 2)
        # another card in the reader
        r = self.run_cli("pin", "change", card, "--reader", "sim:",
                         *HOLDER_OPTS, env=pins)
        self.assertIn("SSC_EMISMATCH", self.one_line_error(r, 4))
        # a wrong current PIN
        r = self.run_cli("pin", "change", card, "--reader",
                         "sim:card.json", *HOLDER_OPTS,
                         env=dict(pins, SOCIALCARD_PIN="654321"))
        self.assertIn("SSC_EPIN", self.one_line_error(r, 4))
        # an agent: refused before the chip
        r = self.run_cli("pin", "change", card, "--reader",
                         "sim:card.json", "--actor", "agent", "--doc",
                         "ss_card", "--doc", "resident_id::agent", *EVID,
                         env=pins)
        self.assertIn("SSC_ENOTELIGIBLE", self.one_line_error(r, 1))
        self.assertEqual(self.dump(), before)
        o = self.js("pin", "change", card, "--reader", "sim:card.json",
                    *HOLDER_OPTS, env=pins)
        self.assertEqual(o["event"], "pin_change")
        self.assertNotEqual(self.dump(), before)

    def test_sim_runs_the_software_card(self):
        r = self.run_cli("sim", "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("vpcd", r.stdout)

    def test_help_and_version(self):
        r = self.run_cli("help")
        self.assertEqual(r.returncode, 0)
        for cmd in ("apply", "activate", "report-loss", "cancel-loss",
                    "replace", "change-info", "pin change", "status",
                    "cancel", "rollback", "batch import", "materials",
                    "due", "card read", "id check", "journal",
                    "invalid-list", "sim", "demo", "keys init"):
            self.assertIn(cmd, r.stdout)
        self.assertEqual(self.run_cli("version").returncode, 0)
        self.assertEqual(self.run_cli().returncode, 2)

    def test_zz_no_secrets_in_any_output(self):
        # runs last (alphabetical): every output collected so far
        self.assertTrue(OUTPUTS)
        for args, out in OUTPUTS:
            for s in SECRETS[:2]:
                self.assertNotIn(s, out, args)
            if args and args[0] in ("demo", "pin"):
                for pin in SECRETS[2:] + ["654321"]:
                    self.assertNotIn(pin, out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
