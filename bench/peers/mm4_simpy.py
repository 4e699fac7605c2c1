"""M/M/4 at rho = 0.9 in SimPy: service exponential, mean 10 ms; arrivals Poisson, 360/s. Prints the waits' mean and
its standard error (20 batch means) as JSON. Usage: python mm4_simpy.py N SEED"""
import json
import random
import sys

import simpy

N, SEED = int(sys.argv[1]), int(sys.argv[2])
random.seed(SEED)
env = simpy.Environment()
servers = simpy.Resource(env, capacity=4)
waits = []


def customer(env):
    arrived = env.now
    with servers.request() as req:
        yield req
        waits.append(env.now - arrived)
        yield env.timeout(random.expovariate(1 / 10.0))


def source(env):
    for _ in range(N):
        env.process(customer(env))
        yield env.timeout(random.expovariate(0.36))


env.process(source(env))
env.run()
k = len(waits) // 20
means = [sum(waits[i * k:(i + 1) * k]) / k for i in range(20)]
m = sum(means) / 20
se = (sum((x - m) ** 2 for x in means) / 19 / 20) ** 0.5
print(json.dumps({"n": len(waits), "mean_wait_ms": sum(waits) / len(waits), "stderr_ms": se}))
