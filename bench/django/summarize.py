#!/usr/bin/env python3
"""Prints a table of a bench/django results JSON: python3 bench/django/summarize.py bench/django/measured/<date>.json"""

import json
import sys


def main(path):
    doc = json.load(open(path))
    print(f"{path}: mode {doc['mode']}, {len(doc['cases'])} cases" + (", PARTIAL" if doc["partial"] else "")
          + f", wall {doc['wall_s']} s, waited {doc['waits']['total_wait_s']} s in {doc['waits'].get('count', '?')} "
          f"waits, {doc['waits']['discarded_attempts']} discarded attempts")
    for c in doc.get("calibration", []):
        print(f"  calibration {c['tag']}: burn({c['n']}) = {c['cpu_ms_median']} ms CPU")
    print(f"{'server':27} {'view':15} {'tool':4} {'c':>4} {'r':>1} {'req/s':>8} {'p50':>8} {'p90':>8} {'p99':>8} "
          f"{'mean':>8} {'cpu/req':>7} {'errors':>6} {'la1':>5}  split")
    for c in doc["cases"]:
        lat = c["latency_ms"]
        errs = sum(v for v in c["errors"].values() if isinstance(v, int))
        split = c["connection_split"]["requests_by_pid"]
        split = "/".join(str(v) for _, v in sorted(split.items())) if split and len(split) > 1 else ""
        print(f"{c['server']['key']:27} {c['view']['name']:15} {c['tool']:4} {c['concurrency']:>4} {c['repeat']:>1} "
              f"{c['throughput_rps']:>8.1f} {lat['p50']:>8.2f} {lat['p90']:>8.2f} {lat['p99']:>8.2f} "
              f"{lat['mean']:>8.2f} {c['server_cpu']['per_request_ms'] or 0:>7.2f} {errs:>6} "
              f"{c['load']['before'][0]:>5.2f}  {split}")


if __name__ == "__main__":
    main(sys.argv[1])
