"""Percentiles and bootstrap confidence intervals for benchmark samples."""

import random


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by nearest rank on sorted values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def added(proxied: list[float], direct: list[float], p: float, rounds: int = 400, seed: int = 7) -> tuple[float, float, float]:
    """What going through Preloop adds at percentile p: the difference of
    the two samples' percentiles, with a 95% bootstrap interval (both
    samples resampled with replacement, `rounds` times)."""
    point = percentile(proxied, p) - percentile(direct, p)
    rng = random.Random(seed)
    n, m = len(proxied), len(direct)
    diffs = []
    for _ in range(rounds):
        a = sorted(rng.choices(proxied, k=n))
        b = sorted(rng.choices(direct, k=m))
        diffs.append(a[min(n - 1, int(round(p / 100 * (n - 1))))] - b[min(m - 1, int(round(p / 100 * (m - 1))))])
    diffs.sort()
    return point, diffs[int(0.025 * (rounds - 1))], diffs[int(0.975 * (rounds - 1))]
