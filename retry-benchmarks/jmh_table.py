#!/usr/bin/env python3
"""Turns the JSON of a retry-benchmarks JMH run (-rf json, with -prof gc) into the Markdown table of the README.

    python3 jmh_table.py results.json [--command "the command that produced it"] [--date 2025-01-31]

Prints, per scenario: each contender's ns/op with its error (JMH's 99.9% confidence half-width), its allocation per
operation (gc.alloc.rate.norm, B/op) and its cost over the direct call of the same scenario and run; then the machine
(nproc, CPU model), the JDK, the date, the command, and how ajretry fares against the targets of issue 6.
Standard library only.
"""

import argparse
import datetime
import json
import math
import os
import re
import sys

SCENARIOS = [
    ("SuccessBenchmark", "(a) success at the first attempt, 1 thread"),
    ("FailTwiceBenchmark", "(b) two failures, then success; zero waits; preallocated exception, 1 thread"),
    ("SuccessTwoThreadsBenchmark", "(c) success at the first attempt, 2 threads (time per call on each thread)"),
    ("FailTwiceLogbackBenchmark", "(d) as (b), with logback at INFO (WARN on: ajretry keeps each failed call's history)"),
]

# SuccessPathCostBenchmark: each part of ajretry's success path, measured alone.
COST_PARTS = [
    ("lookup", "the policy lookup, `Specs.of(joinPoint)`"),
    ("classValueProbe", "inside it: the `ClassValue` probe of the woven class"),
    ("declaringType", "inside it: the key, the signature's declaring type"),
    ("specTests", "the advice's tests around `proceed()` (deadline to time? result to check?)"),
    ("successTail", "the success tail, `BlockingCall.succeeded` (budget, first-attempt listeners)"),
]

CONTENDERS = [
    ("direct", "direct call (floor)"),
    ("ajretry", "ajretry `@Retry`"),
    ("resilience4j", "Resilience4j `Retry.decorateSupplier`"),
    ("failsafe", "Failsafe `RetryPolicy`"),
    ("springRetry", "Spring Retry `RetryTemplate`"),
    ("jcabi", "jcabi-aspects `@RetryOnFailure`"),
]
FAIL_TWICE_FLOOR = "hand-written retry loop (floor)"

# The targets for ajretry (issue 6, tightened by the Engine 2 issue for two threads).
SUCCESS_MAX_OVER_DIRECT_NS = 1.0
SUCCESS_MAX_BYTES = 0.5          # "0 B/op": JMH reports a few 10^-3 B/op of its own at most
FAIL_TWICE_MAX_NS = 30.0
FAIL_TWICE_MAX_BYTES = 64.0
TWO_THREADS_MAX_RATIO = 1.1


def load(path):
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    results = {}
    for run in runs:
        cls, method = run["benchmark"].rsplit(".", 1)
        scenario = cls.rsplit(".", 1)[-1]
        primary = run["primaryMetric"]
        alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        results[(scenario, method)] = {
            "score": as_float(primary["score"]),
            "error": as_float(primary.get("scoreError")),
            "unit": primary["scoreUnit"],
            "bytes": as_float(alloc["score"]) if alloc else None,
            "bytes_error": as_float(alloc.get("scoreError")) if alloc else None,
            "run": run,
        }
    return runs, results


def as_float(value):
    """JMH writes "NaN" (a string) for the error of a single iteration."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def number(value, digits):
    value = as_float(value)
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def digits_for(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 1
    return 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def nproc():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count()


def scenario_table(scenario, title, results, out):
    direct = results.get((scenario, "direct"))
    one_thread = scenario == "SuccessTwoThreadsBenchmark"
    out.append(f"**{title}**")
    out.append("")
    header = "| contender | ns/op | ± error | B/op | over the floor |"
    rule = "|---|---:|---:|---:|---:|"
    if one_thread:
        header += " vs 1 thread |"
        rule += "---:|"
    out.append(header)
    out.append(rule)
    for method, label in CONTENDERS:
        r = results.get((scenario, method))
        if r is None:
            continue
        if method == "direct" and scenario == "FailTwiceBenchmark":
            label = FAIL_TWICE_FLOOR
        score = r["score"]
        d = digits_for(score)
        over = "—" if method == "direct" or direct is None else (
            f"+{number(score - direct['score'], d)} ns ({score / direct['score']:,.1f}×)")
        row = (f"| {label} | {number(score, d)} | {number(r['error'], d)} | "
               f"{number(r['bytes'], 1 if r['bytes'] is not None and r['bytes'] < 10 else 0)} | {over} |")
        if one_thread:
            single = results.get(("SuccessBenchmark", method))
            row += f" {score / single['score']:.2f}× |" if single else " n/a |"
        out.append(row)
    out.append("")


def cost_table(results, out):
    parts = [(m, label, results.get(("SuccessPathCostBenchmark", m))) for m, label in COST_PARTS]
    if not any(r for _, _, r in parts):
        return
    out.append("**(e) where ajretry's success path goes: each part alone (a benchmark's own floor is about the "
               "direct call of (a))**")
    out.append("")
    out.append("| part | ns/op | ± error | B/op |")
    out.append("|---|---:|---:|---:|")
    for _, label, r in parts:
        if r is None:
            continue
        d = digits_for(r["score"])
        out.append(f"| {label} | {number(r['score'], d)} | {number(r['error'], d)} | "
                   f"{number(r['bytes'], 1 if r['bytes'] is not None and r['bytes'] < 10 else 0)} |")
    out.append("")


def targets(results, out):
    def get(scenario, method):
        return results.get((scenario, method))

    lines = []
    a, d = get("SuccessBenchmark", "ajretry"), get("SuccessBenchmark", "direct")
    if a and d:
        over = a["score"] - d["score"]
        excess = over - SUCCESS_MAX_OVER_DIRECT_NS
        verdict = "met" if excess <= 0 else f"missed by {excess:.2f} ns"
        lines.append(f"- success path, at most {SUCCESS_MAX_OVER_DIRECT_NS:g} ns over the direct call: "
                     f"+{over:.2f} ns, **{verdict}**")
        b = a["bytes"]
        if b is not None:
            ok = b <= SUCCESS_MAX_BYTES
            lines.append(f"- success path, 0 B/op: {b:.3f} B/op, **{'met' if ok else 'missed'}**")
    f = get("FailTwiceBenchmark", "ajretry")
    if f:
        excess = f["score"] - FAIL_TWICE_MAX_NS
        verdict = "met" if excess <= 0 else f"missed by {excess:.1f} ns"
        lines.append(f"- fail-twice, at most {FAIL_TWICE_MAX_NS:g} ns/op: {f['score']:.1f} ns/op, **{verdict}**")
        if f["bytes"] is not None:
            excess = f["bytes"] - FAIL_TWICE_MAX_BYTES
            # JMH's own allocations add a few thousandths of a byte per operation: round to whole bytes.
            verdict = "met" if round(excess) <= 0 else f"missed by {excess:.0f} B"
            lines.append(f"- fail-twice, at most {FAIL_TWICE_MAX_BYTES:g} B/op: {f['bytes']:.0f} B/op, **{verdict}**")
    t = get("SuccessTwoThreadsBenchmark", "ajretry")
    if t and a:
        ratio = t["score"] / a["score"]
        ok = ratio <= TWO_THREADS_MAX_RATIO
        floor = ""
        t_direct = get("SuccessTwoThreadsBenchmark", "direct")
        if t_direct and d:
            floor = (f" (the direct call, same run: {t_direct['score']:.2f} vs {d['score']:.2f} ns/op = "
                     f"{t_direct['score'] / d['score']:.2f}×)")
        lines.append(f"- 2 threads, per-op cost at most {TWO_THREADS_MAX_RATIO:g}× the 1-thread figure: "
                     f"{t['score']:.2f} vs {a['score']:.2f} ns/op = {ratio:.2f}×, **{'met' if ok else 'missed'}**"
                     + floor)
    g = get("FailTwiceLogbackBenchmark", "ajretry")
    if g:
        lines.append(f"- fail-twice with logback at INFO (reported, no target of its own): {g['score']:.1f} ns/op, "
                     f"{g['bytes']:.0f} B/op" if g["bytes"] is not None else f"{g['score']:.1f} ns/op")
    if lines:
        out.append("ajretry against its targets:")
        out.append("")
        out.extend(lines)
        out.append("")


def settings(runs):
    r = runs[0]
    forks = r.get("forks")
    text = (f"{forks} fork{'s' if forks != 1 else ''}, {r.get('warmupIterations')} × {r.get('warmupTime')} warmup, "
            f"{r.get('measurementIterations')} × {r.get('measurementTime')} measurement")
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json", help="JMH's result file (-rf json -rff FILE)")
    parser.add_argument("--command", help="the command that produced it, shown under the table")
    parser.add_argument("--date", help="the date of the run (default: the JSON file's modification time, UTC)")
    args = parser.parse_args()

    runs, results = load(args.json)
    if not runs:
        sys.exit(f"{args.json}: no results")
    first = runs[0]
    date = args.date or datetime.datetime.fromtimestamp(os.path.getmtime(args.json),
                                                        datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    jdk = f"JDK {first.get('jdkVersion', '?')} ({first.get('vmName', '?')} {first.get('vmVersion', '')})".strip()

    out = [f"### {jdk}", ""]
    for scenario, title in SCENARIOS:
        if any(key[0] == scenario for key in results):
            scenario_table(scenario, title, results, out)
    cost_table(results, out)
    targets(results, out)
    out.append(f"- machine: {nproc()} CPUs (nproc), {cpu_model()}")
    out.append(f"- JDK: {jdk}; JVM options: {' '.join(first.get('jvmArgs', [])) or 'none'}")
    out.append(f"- date: {date}")
    out.append(f"- JMH {first.get('jmhVersion', '?')}: {settings(runs)}, average time, `-prof gc`")
    if args.command:
        out.append(f"- command: `{args.command}`")
    out.append("- ns/op ± error: JMH's mean and its 99.9% confidence half-width; B/op: `gc.alloc.rate.norm`; "
               "over the floor: minus the floor of the same scenario and run (the direct call; for (b) a "
               "hand-written try/catch loop, which the JIT may reduce to almost nothing)")
    out.append("- logging: slf4j-nop, every level off, except (d). ajretry builds no DEBUG line, and since it keeps a "
               "failed call's attempt history (and reads the clock for it) only when `isWarnEnabled()` is true, (b) "
               "measures ajretry without that history and (d) with it. jcabi-aspects logs through jcabi-log to SLF4J: "
               "off too")
    out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
