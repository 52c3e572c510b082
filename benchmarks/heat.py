"""Heat and days to sink for 100,000 whales x 20 events vs a plain numpy evaluation (<= 2x).

The baseline runs the same recurrence on a dense (whales x events) matrix, the simplest numpy
form of the formula; ours takes the flat (whale, time) arrays a book of uneven whales yields.
"""

from __future__ import annotations

import time

import numpy as np

from warroom.domain.decay_batch import days_to_sink_batch, heat_batch

WHALES, EVENTS, HALF_LIFE, WATERMARK = 100_000, 20, 30.0, 0.5
RUNS = 5


def plain_numpy(days: np.ndarray, strength: np.ndarray, at: float) -> tuple[np.ndarray, np.ndarray]:
    heat = np.zeros(days.shape[0])
    last = days[:, 0]
    for k in range(days.shape[1]):
        heat = heat * np.exp2(-(days[:, k] - last) / HALF_LIFE)
        heat = heat + strength[:, k] * (1 - heat)
        last = days[:, k]
    heat = heat * np.exp2(-(at - last) / HALF_LIFE)
    sink = np.where(
        heat >= WATERMARK, HALF_LIFE * np.log2(np.maximum(heat, 1e-300) / WATERMARK), 0.0
    )
    return heat, sink


def best(fn, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    rng = np.random.default_rng(7)
    days = np.sort(rng.uniform(0, 730, (WHALES, EVENTS)), axis=1)
    strength = rng.choice([0.05, 0.1, 0.2, 0.25, 0.3, 0.45, 0.6], (WHALES, EVENTS))
    at = 731.0
    whale = np.repeat(np.arange(WHALES, dtype=np.int64), EVENTS)

    def ours():
        heat, _last = heat_batch(whale, days.ravel(), strength.ravel(), WHALES, at, HALF_LIFE)
        return heat, days_to_sink_batch(heat, HALF_LIFE, WATERMARK)

    raw_time, (raw_heat, raw_sink) = best(plain_numpy, days, strength, at)
    our_time, (our_heat, our_sink) = best(ours)
    assert np.allclose(raw_heat, our_heat) and np.allclose(raw_sink, our_sink)
    print(f"plain numpy:        {raw_time * 1000:.0f} ms for {WHALES:,} whales x {EVENTS} events")
    print(f"batch decay engine: {our_time * 1000:.0f} ms (same heat and days to sink)")
    print(f"ratio: {our_time / raw_time:.2f}x plain numpy (target <= 2x)")


if __name__ == "__main__":
    main()
