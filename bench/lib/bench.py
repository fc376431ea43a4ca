#!/usr/bin/env python3
"""Helpers of bench/run: request bodies, answer checks, content comparison, measured runs and
the report. Standard library only.

    bench.py free-port
    bench.py body QUERY_FILE OPERATION VARIABLES_JSON
    bench.py check KIND ANSWER_FILE [EXPECTED_ID]
    bench.py compare KIND JOBBRO_ANSWER OTHER_ANSWER [JOBCENTRE_ID]
    bench.py sql-answer SQL_FILE NAME=VALUE...        (prints the SQL with the values quoted)
    bench.py slot-pool ANSWER OUT_FILE LEAD_SECONDS
    bench.py postmaster PSQL_URL
    bench.py measure [options] -- COMMAND...
    bench.py report RESULTS_DIR
"""

import argparse
import csv
import datetime as dt
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def die(msg):
    print(f"bench: {msg}", file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------------------------------------
# Small commands


def cmd_free_port(_args):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def cmd_body(args):
    with open(args.query_file, encoding="utf-8") as f:
        query = f.read()
    variables = json.loads(args.variables)
    body = {"query": query, "operationName": args.operation, "variables": variables}
    sys.stdout.write(json.dumps(body, ensure_ascii=False))


def cmd_sql_answer(args):
    """The SQL file with its pgbench variables (`:name`) replaced by quoted literals, for psql."""
    with open(args.sql_file, encoding="utf-8") as f:
        sql = f.read()
    values = dict(a.split("=", 1) for a in args.values)
    for name, value in values.items():
        if not re.fullmatch(r"[0-9a-fA-F-]+", value):
            die(f"unexpected value for {name}: {value!r}")
        sql = re.sub(r":%s\b" % re.escape(name), "'%s'" % value, sql)
    left = re.findall(r"(?<!:):([a-z_]+)\b", sql)
    if left:
        die(f"{args.sql_file}: no value for :{left[0]}")
    sys.stdout.write(sql)


def cmd_slot_pool(args):
    """The citizen's bookable in-person slots (free seat, far enough ahead), one per line:
    id, startsAt and location as they appear in a meeting of the answer (JSON string content)."""
    answer = load(args.answer)
    if answer.get("errors"):
        die(f"AvailableSlots answered with errors: {answer['errors']}")
    slots = answer["data"]["citizen"]["availableSlots"]
    earliest = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=int(args.lead_seconds))
    seen = set()
    lines = []
    for s in slots:
        if s["channel"] != "IN_PERSON" or s["freeSeats"] < 1:
            continue
        if parse_time(s["startsAt"]) < earliest:
            continue
        key = (s["startsAt"], s["location"])
        if key in seen:  # the pool tells slots apart by time and place
            continue
        seen.add(key)
        enc = lambda v: json.dumps(v, ensure_ascii=False)[1:-1]  # noqa: E731
        lines.append(f"{s['id']}\t{enc(s['startsAt'])}\t{enc(s['location'])}")
    with open(args.out_file, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    print(len(lines))


def cmd_postmaster(args):
    """The pid of the cluster's postmaster: the parent of a backend, read while its session is
    open."""
    p = subprocess.Popen(["psql", "-X", "-At", "-d", args.url], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    try:
        p.stdin.write("SELECT pg_backend_pid();\n")
        p.stdin.flush()
        line = p.stdout.readline().strip()
        st = proc_stat(int(line)) if line.isdigit() else None
    finally:
        p.stdin.close()
        p.wait()
    if not st:
        die("cannot find the postmaster (is PostgreSQL on this machine?)")
    print(st[2])


# ---------------------------------------------------------------------------------------------
# Checks of one answer (before a run: the reference the Lua scripts match every answer against)


def graphql_data(answer, what):
    if not isinstance(answer, dict):
        raise ValueError(f"{what}: not a JSON object")
    if answer.get("errors"):
        raise ValueError(f"{what}: errors: {json.dumps(answer['errors'], ensure_ascii=False)[:500]}")
    data = answer.get("data")
    if not isinstance(data, dict):
        raise ValueError(f"{what}: no data")
    return data


def user_errors_empty(payload, what):
    if payload.get("userErrors"):
        raise ValueError(f"{what}: userErrors {payload['userErrors']}")


def check_answer(kind, answer, expected_id=None):
    """Raises ValueError when the answer is not what the scenario needs; returns a summary."""
    d = graphql_data(answer, kind)
    if kind == "me":
        c = d["citizen"]
        if expected_id and c["id"] != expected_id:
            raise ValueError(f"me: citizen {c['id']}, expected {expected_id}")
        return f"citizen {c['givenName']} {c['familyName']}, {len(c['consents'])} consent(s)"
    if kind == "my_meetings":
        n = len(d["citizen"]["meetings"])
        if n < 1:
            raise ValueError("my_meetings: the citizen has no meetings")
        return f"{n} meeting(s), {len(d['citizen']['absences'])} absence(s)"
    if kind == "my_plan":
        versions = d["citizen"]["planVersions"]
        if not versions:
            raise ValueError("my_plan: the citizen has no delivered plan version")
        return f"{len(versions)} plan version(s), {len(versions[0]['goals'])} goal(s)"
    if kind == "caseload":
        nodes = d["caseworker"]["caseload"]["nodes"]
        if len(nodes) != 50:
            raise ValueError(f"caseload: {len(nodes)} nodes, expected 50")
        return f"50 citizens, {sum(len(n['cases']) for n in nodes)} cases"
    if kind == "citizen":
        c = d["caseworker"]["citizen"]
        if c is None:
            raise ValueError("citizen: null (not of the caseworker's job centre?)")
        if expected_id and c["id"] != expected_id:
            raise ValueError(f"citizen: {c['id']}, expected {expected_id}")
        return f"{len(c['cases'])} case(s), {len(c['consents'])} consent(s)"
    if kind == "participants":
        nodes = d["provider"]["participants"]["nodes"]
        if len(nodes) != 50:
            raise ValueError(f"participants: {len(nodes)} nodes, expected 50")
        return f"50 participants, {sum(len(n['referrals']) for n in nodes)} referrals"
    if kind == "pgl_caseload":
        nodes = d["me"]["caseload"]["nodes"]
        if len(nodes) != 50:
            raise ValueError(f"pgl_caseload: {len(nodes)} nodes, expected 50")
        return "50 citizens"
    if kind == "pgl_citizen":
        if d["citizen"] is None:
            raise ValueError("pgl_citizen: null")
        return "1 citizen"
    if kind == "pgl_participants":
        nodes = d["organisation"]["participants"]["nodes"]
        if len(nodes) != 50:
            raise ValueError(f"pgl_participants: {len(nodes)} nodes, expected 50")
        return "50 participants"
    if kind == "summon":
        user_errors_empty(d["summonCitizen"], kind)
        return d["summonCitizen"]["meeting"]["id"]
    if kind == "update_draft":
        user_errors_empty(d["updatePlanDraft"], kind)
        return str(d["updatePlanDraft"]["plan"]["draftVersion"])
    if kind == "publish":
        user_errors_empty(d["publishPlan"], kind)
        v = d["publishPlan"]["version"]
        if not v["valid"]:
            raise ValueError(f"publish: version {v['number']} is not valid yet ({v['delivery']})")
        return str(v["number"])
    if kind in ("book", "cancel"):
        field = "bookMeeting" if kind == "book" else "cancelMeeting"
        user_errors_empty(d[field], kind)
        return d[field]["meeting"]["id"]
    raise ValueError(f"unknown kind {kind}")


def cmd_check(args):
    try:
        answer = load(args.answer_file)
        print(check_answer(args.kind, answer, args.expected_id))
    except (ValueError, KeyError, TypeError, json.JSONDecodeError) as e:
        die(f"invalid answer in {args.answer_file}: {type(e).__name__}: {e}")


# ---------------------------------------------------------------------------------------------
# Content comparison: jobbro against PostGraphile and against the raw SQL


TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$")


def parse_time(s):
    t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t


def norm(v):
    """Timestamps to one UTC form (servers format them differently); ids to lower case."""
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, str) and TIME_RE.match(v):
        return parse_time(v).astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    if isinstance(v, str) and re.fullmatch(r"[0-9A-F]{8}-[0-9A-F-]{27}", v):
        return v.lower()
    return v


CASE_FIELDS = ["id", "contactGroup", "targetGroup", "visitationCategory", "assignedCaseworkerId",
               "openedAt", "closedAt", "deadline", "version"]


def pick(obj, fields):
    return {f: obj[f] for f in fields}


def canon_caseload_jobbro(d, with_cursor):
    cw = d["caseworker"]
    page = cw["caseload"]
    out = {
        "me": pick(cw["me"], ["id", "name", "isManager", "jobcentre"]),
        "hasNextPage": page["pageInfo"]["hasNextPage"],
        "nodes": [
            {"id": n["id"], "givenName": n["givenName"], "familyName": n["familyName"],
             "cases": [pick(c, CASE_FIELDS) for c in n["cases"]]}
            for n in page["nodes"]
        ],
    }
    if with_cursor:
        out["endCursor"] = page["pageInfo"]["endCursor"]
    return out


def canon_caseload_pgl(d):
    me = d["me"]
    page = me["caseload"]
    return {
        "me": pick(me, ["id", "name", "isManager", "jobcentre"]),
        "hasNextPage": page["pageInfo"]["hasNextPage"],
        "nodes": [
            {"id": n["citizen"]["id"], "givenName": n["citizen"]["givenName"],
             "familyName": n["citizen"]["familyName"],
             "cases": [pick(c, CASE_FIELDS) for c in n["citizen"]["cases"]["nodes"]]}
            for n in page["nodes"]
        ],
    }


PERSON_FIELDS = ["id", "cpr", "givenName", "familyName", "protectedAddress", "phone", "email",
                 "preferredChannel", "obligedToUseDigitalPortal"]
CONSENT_FIELDS = ["id", "purpose", "grantedAt", "revokedAt", "active"]


def canon_citizen_jobbro(d):
    c = d["caseworker"]["citizen"]
    out = pick(c, PERSON_FIELDS)
    out["address"] = pick(c["address"], ["street", "postalCode", "city"])
    out["cases"] = [pick(k, CASE_FIELDS) for k in c["cases"]]
    out["registration"] = c["registration"]
    out["consents"] = [pick(k, CONSENT_FIELDS) for k in c["consents"]]
    return out


def canon_citizen_pgl(d, jobcentre_id):
    c = d["citizen"]
    if c is None:
        return None
    if jobcentre_id and c["jobcentreId"] != jobcentre_id:
        return {"error": f"citizen of job centre {c['jobcentreId']}, not {jobcentre_id}"}
    out = pick(c, PERSON_FIELDS)
    out["address"] = pick(c, ["street", "postalCode", "city"])
    out["cases"] = [pick(k, CASE_FIELDS) for k in c["cases"]["nodes"]]
    regs = c["registrations"]["nodes"]
    out["registration"] = regs[0] if regs else None
    out["consents"] = [dict(pick(k, ["id", "purpose", "grantedAt", "revokedAt"]),
                            active=k["revokedAt"] is None) for k in c["consents"]["nodes"]]
    return out


REFERRAL_FIELDS = ["id", "offerKind", "justification", "goal", "startsOn", "endsOn", "status"]


def canon_participants_jobbro(d):
    p = d["provider"]
    page = p["participants"]
    return {
        "organisation": pick(p["organisation"], ["id", "name", "cvr"]),
        "hasNextPage": page["pageInfo"]["hasNextPage"],
        "nodes": [
            {"id": n["id"], "givenName": n["givenName"], "familyName": n["familyName"],
             "address": n["address"], "addressProtected": n["addressProtected"],
             "phone": n["phone"], "referrals": [pick(r, REFERRAL_FIELDS) for r in n["referrals"]]}
            for n in page["nodes"]
        ],
    }


def canon_participants_pgl(d):
    o = d["organisation"]
    page = o["participants"]
    nodes = []
    for n in page["nodes"]:
        c = n["citizen"]
        nodes.append({
            "id": c["id"], "givenName": c["givenName"], "familyName": c["familyName"],
            # jobbro's rule for providers: a protected address is withheld.
            "address": None if c["addressProtected"] else pick(c, ["street", "postalCode", "city"]),
            "addressProtected": c["addressProtected"], "phone": c["phone"],
            "referrals": [pick(r, REFERRAL_FIELDS) for r in c["referrals"]["nodes"]],
        })
    return {"organisation": pick(o, ["id", "name", "cvr"]),
            "hasNextPage": page["pageInfo"]["hasNextPage"], "nodes": nodes}


def differences(a, b, path="", out=None, limit=12):
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'jobbro' if k in a else 'the other'}")
            else:
                differences(a[k], b[k], f"{path}/{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items against {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, f"{path}/{i}", out, limit)
    elif a != b:
        out.append(f"{path}: {json.dumps(a, ensure_ascii=False)} against "
                   f"{json.dumps(b, ensure_ascii=False)}")
    return out


def cmd_compare(args):
    try:
        ja = graphql_data(load(args.jobbro), "jobbro")
        if args.kind == "sql_caseload":
            with open(args.other, encoding="utf-8") as f:
                other = json.loads(f.read())
        else:
            other = graphql_data(load(args.other), "postgraphile")
        if args.kind == "caseload":
            a, b = canon_caseload_jobbro(ja, False), canon_caseload_pgl(other)
        elif args.kind == "sql_caseload":
            a, b = canon_caseload_jobbro(ja, True), canon_caseload_jobbro(other, True)
        elif args.kind == "citizen":
            a, b = canon_citizen_jobbro(ja), canon_citizen_pgl(other, args.jobcentre_id)
        elif args.kind == "participants":
            a, b = canon_participants_jobbro(ja), canon_participants_pgl(other)
        else:
            die(f"unknown comparison {args.kind}")
    except (ValueError, KeyError, TypeError, json.JSONDecodeError) as e:
        die(f"{args.kind}: cannot compare the answers: {type(e).__name__}: {e}")
    a, b = norm(a), norm(b)
    if a != b:
        print(f"DIFFERENT CONTENT ({args.kind}): jobbro {args.jobbro} against {args.other}")
        for line in differences(a, b):
            print(f"  {line}")
        sys.exit(1)
    rows = len(a.get("nodes", [])) if isinstance(a, dict) else 0
    print(f"same content{f' ({rows} rows)' if rows else ''}")


# ---------------------------------------------------------------------------------------------
# Measured runs


def proc_stat(pid):
    """(utime+stime, cutime+cstime, ppid) of a process, in clock ticks; None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    # after "(comm) ": state ppid ... utime is the 14th field of the line, i.e. fields[11]
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), int(fields[1])


def pg_ticks(postmaster):
    """CPU of the cluster: every live child of the postmaster, and the postmaster itself with
    the children it has reaped (backends that ended during the run)."""
    # A backend reaped during the scan would be counted nowhere (gone from the children, not yet
    # in the postmaster's reaped-children times when those were read): scan again until the
    # postmaster's reaped-children times stay the same across a scan.
    for _ in range(20):
        first = proc_stat(postmaster)
        if first is None:
            return None
        children = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            st = proc_stat(int(entry))
            if st and st[2] == postmaster:
                children += st[0]
        last = proc_stat(postmaster)
        if last is not None and last[1] == first[1]:
            return last[0] + last[1] + children
    return None


def proc_memory(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmHWM", "VmRSS"):
                    out[k] = int(v.split()[0])  # kB
    except OSError:
        pass
    return out


def statements(psql_url):
    if not psql_url:
        return None
    r = subprocess.run(
        ["psql", "-X", "-At", "-d", psql_url, "-c",
         "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
         "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"],
        capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return int(r.stdout.strip() or 0)


def parse_wrk(text):
    res = {"invalid_samples": [], "counts": {}}
    for line in text.splitlines():
        if line.startswith("BENCH_RESULT "):
            for kv in line.split()[1:]:
                k, _, v = kv.partition("=")
                res[k] = float(v)
        elif line.startswith("BENCH_INVALID "):
            res["invalid_samples"].append(line[len("BENCH_INVALID "):])
        elif line.startswith("BENCH_COUNT "):
            _, op, n = line.split()
            res["counts"][op] = int(n)
    if "requests" not in res:
        return None
    errors = sum(int(res.get(k, 0)) for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "requests": int(res["requests"]),
        "seconds": res["duration_us"] / 1e6,
        "rps": res["requests"] / (res["duration_us"] / 1e6) if res["duration_us"] else 0.0,
        "p50_ms": res["p50_us"] / 1000, "p90_ms": res["p90_us"] / 1000,
        "p99_ms": res["p99_us"] / 1000, "max_ms": res["max_us"] / 1000,
        "mean_ms": res["mean_us"] / 1000,
        "invalid": int(res["invalid"]), "socket_errors": errors,
        "http_errors": int(res.get("status", 0)), "timeouts": int(res.get("timeout", 0)),
        "counts": res["counts"], "invalid_samples": res["invalid_samples"],
    }


def parse_pgbench(text, log_prefix):
    m = re.search(r"number of transactions actually processed: (\d+)", text)
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", text)
    if not m or not tps:
        return None
    failed = re.search(r"number of failed transactions: (\d+)", text)
    avg = re.search(r"latency average = ([\d.]+) ms", text)
    lat = []
    bad = 0
    d = os.path.dirname(log_prefix) or "."
    base = os.path.basename(log_prefix)
    for name in sorted(os.listdir(d)):
        # pgbench writes <prefix>.<pid> (and .<pid>.<thread> with -j > 1)
        if not re.fullmatch(re.escape(base) + r"\.\d+(\.\d+)?", name):
            continue
        with open(os.path.join(d, name)) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3:
                    continue
                if parts[2].isdigit():
                    lat.append(int(parts[2]))
                else:
                    bad += 1
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] / 1000 if lat else None  # noqa: E731
    n = int(m.group(1))
    return {
        "requests": n, "rps": float(tps.group(1)),
        "mean_ms": float(avg.group(1)) if avg else None,
        "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99),
        "max_ms": lat[-1] / 1000 if lat else None,
        "invalid": (int(failed.group(1)) if failed else 0) + bad,
        "socket_errors": 0, "http_errors": 0, "timeouts": 0, "counts": {}, "invalid_samples": [],
    }


def cmd_measure(args):
    cmd = args.command
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    if not cmd:
        die("measure: no command")
    before_stmts = statements(args.psql_url)
    before_srv = proc_stat(args.server_pid) if args.server_pid else None
    before_pg = pg_ticks(args.pg_pid) if args.pg_pid else None
    started = time.monotonic()
    with open(args.log, "w", encoding="utf-8") as log:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        log.write(p.stdout)
    wall = time.monotonic() - started
    if args.kind == "pgbench":
        time.sleep(0.3)  # let the postmaster reap the ended backends (their CPU moves to it)
    after_pg = pg_ticks(args.pg_pid) if args.pg_pid else None
    after_srv = proc_stat(args.server_pid) if args.server_pid else None
    after_stmts = statements(args.psql_url)
    mem = proc_memory(args.server_pid) if args.server_pid else {}

    if args.kind == "wrk":
        res = parse_wrk(p.stdout)
    elif args.kind == "pgbench":
        res = parse_pgbench(p.stdout, args.pgbench_log)
    else:  # idle: nothing but the wait
        res = {"requests": 0, "rps": 0.0, "invalid": 0, "socket_errors": 0, "http_errors": 0,
               "timeouts": 0, "counts": {}, "invalid_samples": []}
    problems = []
    if p.returncode != 0:
        problems.append(f"{cmd[0]} exited with {p.returncode}")
    if res is None:
        problems.append("no result in the output")
        res = {"requests": 0, "rps": 0.0, "invalid": 0, "socket_errors": 0, "http_errors": 0,
               "timeouts": 0, "counts": {}, "invalid_samples": []}
    if args.kind != "idle" and res["requests"] == 0:
        problems.append("no requests completed")
    if res["invalid"]:
        problems.append(f"{res['invalid']} invalid answers")
    if res["socket_errors"]:
        problems.append(f"{res['socket_errors']} errors (connect/read/write/HTTP status/timeout)")

    n = res["requests"]
    seconds = res.get("seconds") or wall
    rec = {
        "phase": args.phase, "system": args.system, "scenario": args.scenario,
        "concurrency": args.concurrency, "round": args.round, "duration_s": round(seconds, 3),
        **{k: res.get(k) for k in ("requests", "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms",
                                   "mean_ms", "invalid", "socket_errors", "http_errors",
                                   "timeouts", "counts")},
        "server_cpu_ms": None, "pg_cpu_ms": None, "statements": None,
        "server_cpu_ms_per_req": None, "pg_cpu_ms_per_req": None, "statements_per_req": None,
        "vm_rss_mb": round(mem["VmRSS"] / 1024, 1) if "VmRSS" in mem else None,
        "vm_hwm_mb": round(mem["VmHWM"] / 1024, 1) if "VmHWM" in mem else None,
        "ok": not problems, "problems": problems,
        "invalid_samples": res["invalid_samples"][:5], "log": os.path.basename(args.log),
    }
    if before_srv and after_srv:
        rec["server_cpu_ms"] = (after_srv[0] - before_srv[0]) * 1000 / CLK_TCK
    if before_pg is not None and after_pg is not None:
        rec["pg_cpu_ms"] = (after_pg - before_pg) * 1000 / CLK_TCK
    if before_stmts is not None and after_stmts is not None:
        # The first snapshot's own SELECT is counted in the second.
        rec["statements"] = after_stmts - before_stmts - 1
    if n:
        if rec["server_cpu_ms"] is not None:
            rec["server_cpu_ms_per_req"] = rec["server_cpu_ms"] / n
        if rec["pg_cpu_ms"] is not None:
            rec["pg_cpu_ms_per_req"] = rec["pg_cpu_ms"] / n
        if rec["statements"] is not None:
            rec["statements_per_req"] = rec["statements"] / n
    elif args.kind == "idle":
        rec["duration_s"] = round(wall, 3)
    with open(args.out, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    # One line for the console.
    if args.kind == "idle":
        print(f"    idle {wall:.1f} s: server cpu {fmt(rec['server_cpu_ms'], 0)} ms, "
              f"PostgreSQL cpu {fmt(rec['pg_cpu_ms'], 0)} ms, {fmt(rec['statements'], 0)} statements")
    else:
        status = "ok" if rec["ok"] else "FAILED: " + "; ".join(problems)
        print(f"    {args.system:<12} {args.scenario:<13} c={args.concurrency:<3} "
              f"{fmt(rec['rps'], 1):>9} req/s  p50 {fmt(rec['p50_ms'], 2)} ms  "
              f"p99 {fmt(rec['p99_ms'], 2)} ms  {status}")
        for s in rec["invalid_samples"][:3]:
            print(f"      invalid: {s}")
    sys.exit(0 if rec["ok"] else 3)


# ---------------------------------------------------------------------------------------------
# Report


def fmt(v, digits=2):
    if v is None:
        return "n/a"
    if isinstance(v, float) and digits == 0:
        return f"{v:.0f}"
    return f"{v:.{digits}f}" if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)


def med(values):
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def table(headers, rows, right=None):
    right = right if right is not None else set(range(1, len(headers)))
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


CSV_FIELDS = ["phase", "system", "scenario", "concurrency", "round", "duration_s", "requests",
              "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms", "server_cpu_ms_per_req",
              "pg_cpu_ms_per_req", "statements_per_req", "vm_rss_mb", "vm_hwm_mb", "invalid",
              "socket_errors", "ok", "problems"]


def cmd_report(args):
    d = args.results_dir
    runs = []
    path = os.path.join(d, "runs.jsonl")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            runs = [json.loads(line) for line in f if line.strip()]
    meta = load(os.path.join(d, "meta.json")) if os.path.exists(os.path.join(d, "meta.json")) else {}

    out = []
    idle = [r for r in runs if r["phase"] == "idle"]
    if idle:
        r = idle[-1]
        secs = r["duration_s"] or 1
        out.append("Idle background (nothing sent, jobbro's outbox worker polling): "
                   f"server {fmt(r['server_cpu_ms'] and r['server_cpu_ms'] / secs, 1)} ms cpu/s, "
                   f"PostgreSQL {fmt(r['pg_cpu_ms'] and r['pg_cpu_ms'] / secs, 1)} ms cpu/s, "
                   f"{fmt(r['statements'] and r['statements'] / secs, 1)} statements/s")
        out.append("")

    scen = [r for r in runs if r["phase"] == "scenarios"]
    if scen:
        rows = [[r["scenario"], r["concurrency"], fmt(r["rps"], 1), fmt(r["p50_ms"]),
                 fmt(r["p99_ms"]), fmt(r["server_cpu_ms_per_req"], 3),
                 fmt(r["pg_cpu_ms_per_req"], 3), fmt(r["statements_per_req"], 1),
                 fmt(r["vm_rss_mb"], 1), fmt(r["vm_hwm_mb"], 1), r["invalid"],
                 "ok" if r["ok"] else "FAILED"] for r in scen]
        out.append("jobbro, one operation per run (book_cancel: each request one mutation, "
                   "bookings and cancellations alternate; mix: see bench/wrk/mix.lua)")
        out.append(table(["scenario", "conc", "req/s", "p50 ms", "p99 ms", "server cpu ms/req",
                          "pg cpu ms/req", "stmts/req", "RSS MB", "HWM MB", "invalid", "status"],
                         rows, right=set(range(1, 11))))
        out.append("")

    comp = [r for r in runs if r["phase"] == "compare"]
    summary_compare = []
    if comp:
        keys = []
        for r in comp:
            k = (r["scenario"], r["concurrency"])
            if k not in keys:
                keys.append(k)
        rows = []
        for scenario, conc in keys:
            j = [r for r in comp if r["system"] == "jobbro" and (r["scenario"], r["concurrency"]) == (scenario, conc)]
            g = [r for r in comp if r["system"] == "postgraphile" and (r["scenario"], r["concurrency"]) == (scenario, conc)]
            s = {"scenario": scenario, "concurrency": conc, "rounds": min(len(j), len(g)),
                 "ok": all(r["ok"] for r in j + g)}
            for name, rs in (("jobbro", j), ("postgraphile", g)):
                for k in ("rps", "p50_ms", "p99_ms", "server_cpu_ms_per_req", "pg_cpu_ms_per_req",
                          "statements_per_req", "vm_hwm_mb"):
                    s[f"{name}_{k}"] = med(r[k] for r in rs)
            s["ratio_rps"] = (s["jobbro_rps"] / s["postgraphile_rps"]
                              if s["jobbro_rps"] and s["postgraphile_rps"] else None)
            summary_compare.append(s)
            rows.append([scenario, conc, s["rounds"], fmt(s["jobbro_rps"], 1),
                         fmt(s["postgraphile_rps"], 1), fmt(s["ratio_rps"], 2),
                         f"{fmt(s['jobbro_p50_ms'])} / {fmt(s['jobbro_p99_ms'])}",
                         f"{fmt(s['postgraphile_p50_ms'])} / {fmt(s['postgraphile_p99_ms'])}",
                         f"{fmt(s['jobbro_server_cpu_ms_per_req'], 3)} / {fmt(s['postgraphile_server_cpu_ms_per_req'], 3)}",
                         f"{fmt(s['jobbro_pg_cpu_ms_per_req'], 3)} / {fmt(s['postgraphile_pg_cpu_ms_per_req'], 3)}",
                         f"{fmt(s['jobbro_statements_per_req'], 1)} / {fmt(s['postgraphile_statements_per_req'], 1)}",
                         f"{fmt(s['jobbro_vm_hwm_mb'], 0)} / {fmt(s['postgraphile_vm_hwm_mb'], 0)}",
                         "ok" if s["ok"] else "FAILED"])
        out.append("jobbro against PostGraphile 4.14.1 (medians over the rounds, run alternately; "
                   "ratio = jobbro req/s ÷ PostGraphile req/s; pairs read jobbro / PostGraphile)")
        out.append(table(["scenario", "conc", "rounds", "jobbro req/s", "pgl req/s", "ratio",
                          "jobbro p50/p99 ms", "pgl p50/p99 ms", "server cpu ms/req",
                          "pg cpu ms/req", "stmts/req", "HWM MB", "status"], rows,
                         right=set(range(1, 12))))
        out.append("")

    pgb = [r for r in runs if r["phase"] == "pgbench"]
    if pgb:
        rows = [[r["scenario"], r["concurrency"], fmt(r["rps"], 1), fmt(r["mean_ms"]),
                 fmt(r["p50_ms"]), fmt(r["p99_ms"]), fmt(r["pg_cpu_ms_per_req"], 3),
                 fmt(r["statements_per_req"], 1), r["invalid"], "ok" if r["ok"] else "FAILED"]
                for r in pgb]
        out.append("Raw SQL floor: pgbench -M prepared, bench/sql/caseload.sql "
                   "(the caseload page of 50 as one JSON value)")
        out.append(table(["script", "conc", "tps", "avg ms", "p50 ms", "p99 ms",
                          "pg cpu ms/tx", "stmts/tx", "failed", "status"], rows,
                         right=set(range(1, 9))))
        out.append("")

    failed = [r for r in runs if not r["ok"]]
    if failed:
        out.append(f"FAILED: {len(failed)} run(s):")
        for r in failed:
            out.append(f"  {r['system']} {r['scenario']} c={r['concurrency']} round {r['round']}: "
                       f"{'; '.join(r['problems'])} (log: {r['log']})")
    text = "\n".join(out)
    print(text)

    with open(os.path.join(d, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "runs": runs, "comparison": summary_compare}, f,
                  ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(d, "results.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in runs:
            w.writerow({**r, "problems": "; ".join(r["problems"])})
    with open(os.path.join(d, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    sys.exit(1 if failed else 0)


# ---------------------------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(prog="bench.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("free-port").set_defaults(fn=cmd_free_port)
    s = sub.add_parser("body")
    s.add_argument("query_file")
    s.add_argument("operation")
    s.add_argument("variables")
    s.set_defaults(fn=cmd_body)
    s = sub.add_parser("check")
    s.add_argument("kind")
    s.add_argument("answer_file")
    s.add_argument("expected_id", nargs="?")
    s.set_defaults(fn=cmd_check)
    s = sub.add_parser("compare")
    s.add_argument("kind")
    s.add_argument("jobbro")
    s.add_argument("other")
    s.add_argument("jobcentre_id", nargs="?")
    s.set_defaults(fn=cmd_compare)
    s = sub.add_parser("sql-answer")
    s.add_argument("sql_file")
    s.add_argument("values", nargs="*")
    s.set_defaults(fn=cmd_sql_answer)
    s = sub.add_parser("slot-pool")
    s.add_argument("answer")
    s.add_argument("out_file")
    s.add_argument("lead_seconds")
    s.set_defaults(fn=cmd_slot_pool)
    s = sub.add_parser("postmaster")
    s.add_argument("url")
    s.set_defaults(fn=cmd_postmaster)
    s = sub.add_parser("measure")
    s.add_argument("--kind", choices=["wrk", "pgbench", "idle"], required=True)
    s.add_argument("--phase", required=True)
    s.add_argument("--system", required=True)
    s.add_argument("--scenario", required=True)
    s.add_argument("--concurrency", type=int, default=0)
    s.add_argument("--round", type=int, default=0)
    s.add_argument("--server-pid", type=int)
    s.add_argument("--pg-pid", type=int)
    s.add_argument("--psql-url")
    s.add_argument("--pgbench-log")
    s.add_argument("--log", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("command", nargs=argparse.REMAINDER)
    s.set_defaults(fn=cmd_measure)
    s = sub.add_parser("report")
    s.add_argument("results_dir")
    s.set_defaults(fn=cmd_report)
    args = p.parse_args()
    try:
        args.fn(args)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
