"""Timing helpers: benchmarks print `BENCH <name> <value> <unit>` lines."""

import statistics
import time


def timings(fn, *, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def report(name: str, value: float, unit: str) -> None:
    print(f"BENCH {name} {value:.4g} {unit}")  # noqa: T201 - the benchmark's output
