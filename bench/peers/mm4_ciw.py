"""M/M/4 at rho = 0.9 in Ciw: service exponential, mean 10 ms; arrivals Poisson, 360/s. Prints the waits' mean and its
standard error (20 batch means, in arrival order) as JSON. Usage: python mm4_ciw.py N SEED"""
import json
import sys

import ciw

N, SEED = int(sys.argv[1]), int(sys.argv[2])
ciw.seed(SEED)
network = ciw.create_network(
    arrival_distributions=[ciw.dists.Exponential(rate=0.36)],
    service_distributions=[ciw.dists.Exponential(rate=0.1)],
    number_of_servers=[4],
)
q = ciw.Simulation(network)
q.simulate_until_max_customers(N, method="Finish")
recs = sorted(q.get_all_records(), key=lambda r: r.arrival_date)
waits = [r.waiting_time for r in recs]
k = len(waits) // 20
means = [sum(waits[i * k:(i + 1) * k]) / k for i in range(20)]
m = sum(means) / 20
se = (sum((x - m) ** 2 for x in means) / 19 / 20) ** 0.5
print(json.dumps({"n": len(waits), "mean_wait_ms": sum(waits) / len(waits), "stderr_ms": se}))
