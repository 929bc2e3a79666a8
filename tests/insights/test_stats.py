"""Salary statistics: type-7 percentiles, small-group suppression, the order-statistic bootstrap."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.insights.stats import (
    MIN_N,
    Summary,
    _rng,
    bootstrap_medians,
    median_difference,
    median_ranks,
    percentile,
    proportion_difference,
    summarise,
)

# --- percentiles -------------------------------------------------------------------------------


@given(
    values=st.lists(
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=200,
    ),
    q=st.floats(min_value=0, max_value=100),
)
@settings(max_examples=300, deadline=None)
def test_percentile_equals_numpy_linear(values: list[float], q: float) -> None:
    ordered = sorted(values)
    expected = float(np.percentile(np.array(ordered), q))
    # numpy computes the same interpolation with a differently ordered expression, so the two
    # may differ by a few ulps of the largest magnitude involved, never more.
    scale = max(abs(ordered[0]), abs(ordered[-1]), 1.0)
    assert math.isclose(percentile(ordered, q), expected, rel_tol=1e-12, abs_tol=1e-12 * scale)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([1.0, 2.0, 3.0, 4.0], 25, 1.75),
        ([1.0, 2.0, 3.0, 4.0], 0, 1.0),
        ([1.0, 2.0, 3.0, 4.0], 100, 4.0),
        ([10.0, 20.0, 30.0, 40.0, 50.0], 10, 14.0),
        ([10.0, 20.0, 30.0, 40.0, 50.0], 90, 46.0),
        ([7.0], 37, 7.0),
    ],
)
def test_percentile_known_values(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == pytest.approx(expected, abs=1e-12)


def test_percentile_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="percentile of no values"):
        percentile([], 50)


# --- summarise ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 5, MIN_N - 1])
def test_summarise_below_min_n_keeps_only_the_count(n: int) -> None:
    s = summarise([float(v) for v in range(n)])
    assert s == Summary(n=n)
    assert (s.p10, s.p25, s.median, s.p75, s.p90, s.mean) == (None,) * 6
    assert (s.median_ci_low, s.median_ci_high) == (None, None)
    assert not s.estimated


def test_summarise_min_n_is_a_parameter() -> None:
    values = [1.0, 2.0, 3.0]
    assert summarise(values, min_n=4) == Summary(n=3)
    s = summarise(values, min_n=3, resamples=200)
    assert s.n == 3
    assert s.median == 2.0
    assert s.estimated


def test_summarise_figures_match_numpy() -> None:
    gen = np.random.default_rng(7)
    values = sorted(gen.lognormal(mean=11.8, sigma=0.4, size=137).round(0).tolist())
    s = summarise(values, seed=3)
    arr = np.array(values)
    assert s.n == 137
    got = [s.p10, s.p25, s.median, s.p75, s.p90]
    want = np.percentile(arr, [10, 25, 50, 75, 90])
    for g, w in zip(got, want, strict=True):
        assert g == pytest.approx(float(w), rel=1e-12)
    assert s.mean == pytest.approx(float(arr.mean()), rel=1e-12)


def test_summarise_interval_is_the_percentile_bootstrap_of_its_stream() -> None:
    values = sorted(float(v) for v in np.random.default_rng(11).normal(100_000, 20_000, 60))
    s = summarise(values, seed=5, resamples=1000)
    # the ranks are drawn once per (seed, n) from the stream seeded with "n=<size>"
    medians = bootstrap_medians(values, resamples=1000, rng=_rng(5, f"n={len(values)}"))
    low, high = np.percentile(np.array(medians), [2.5, 97.5])
    assert s.median_ci_low == pytest.approx(float(low), rel=1e-12)
    assert s.median_ci_high == pytest.approx(float(high), rel=1e-12)


def test_interval_contains_the_median_for_reasonable_data() -> None:
    gen = np.random.default_rng(2024)
    for size in (15, 50, 200, 1001):
        values = sorted(gen.normal(150_000, 30_000, size).tolist())
        s = summarise(values)
        assert s.median is not None and s.median_ci_low is not None
        assert s.median_ci_high is not None
        assert s.median_ci_low < s.median < s.median_ci_high
        # its width is near the normal-theory width of a median's 95% interval,
        # 2 * 1.96 * sqrt(pi / 2) * sd / sqrt(n) (38k at n=15, 4.6k at n=1001)
        theory = 2 * 1.96 * math.sqrt(math.pi / 2) * 30_000 / math.sqrt(size)
        assert 0.4 * theory < s.median_ci_high - s.median_ci_low < 2.5 * theory


# --- reproducibility ---------------------------------------------------------------------------


def test_same_seed_gives_the_same_interval() -> None:
    values = sorted(np.random.default_rng(1).normal(0, 1, 80).tolist())
    a = summarise(values, seed=42)
    median_ranks.cache_clear()  # a fresh draw of the ranks, as in another process
    b = summarise(values, seed=42)
    assert a == b
    assert a.median_ci_low is not None
    assert summarise(values, seed=43) != a


def test_different_key_or_seed_gives_a_different_stream() -> None:
    values = sorted(np.random.default_rng(1).normal(0, 1, 81).tolist())
    base = bootstrap_medians(values, resamples=300, rng=_rng(0, "role=ai-engineer"))
    again = bootstrap_medians(values, resamples=300, rng=_rng(0, "role=ai-engineer"))
    other_key = bootstrap_medians(values, resamples=300, rng=_rng(0, "role=ml-engineer"))
    other_seed = bootstrap_medians(values, resamples=300, rng=_rng(1, "role=ai-engineer"))
    assert base == again
    assert base != other_key
    assert base != other_seed
    # not merely a shifted copy of the same stream
    assert base[:50] != other_key[1:51]


# --- the order-statistic bootstrap has the resampling distribution -----------------------------

DRAWS = 20_000


def _numpy_resample_medians(values: Sequence[float], seed: int) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    idx = np.random.default_rng(seed).integers(0, len(arr), size=(DRAWS, len(arr)))
    medians: np.ndarray = np.median(arr[idx], axis=1)
    return medians


def _max_cdf_gap(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov distance, evaluated at every value either sample takes."""
    a, b = np.sort(a), np.sort(b)
    points = np.union1d(a, b)
    cdf_a = np.searchsorted(a, points, side="right") / len(a)
    cdf_b = np.searchsorted(b, points, side="right") / len(b)
    return float(np.max(np.abs(cdf_a - cdf_b)))


def _samples() -> dict[str, list[float]]:
    gen = np.random.default_rng(20250119)
    return {
        "n7-odd": sorted(gen.normal(120_000, 25_000, 7).round(0).tolist()),
        "n8-even": sorted(gen.normal(120_000, 25_000, 8).round(0).tolist()),
        # rounded to 10k: 40 values over a handful of distinct levels (ties)
        "n40-ties": sorted((gen.normal(150_000, 30_000, 40) / 10_000).round(0) * 10_000),
    }


SAMPLES = _samples()

# Tolerances. Both samplers are run with fixed seeds, so each test is deterministic; the
# tolerances say how far apart two independent samples of 20,000 from the SAME distribution
# can plausibly be. Two-sample Kolmogorov-Smirnov with m = n = 20,000: P(D > 0.02) is about
# 2*exp(-2 * (0.02 / sqrt(2 / 20,000))**2) = 2*exp(-8) < 0.001, and smaller still for discrete
# distributions (the test is conservative there). A quantile at p of one sample must lie
# between the other sample's quantiles at p -/+ 0.02: the standard error of an empirical CDF
# at p = 0.5 is sqrt(0.25 / 20,000) = 0.0035 per sample (0.005 for the difference), so 0.02
# is four standard errors; it is tighter in the tails.
KS_TOLERANCE = 0.02
QUANTILE_SLACK = 0.02


@pytest.mark.parametrize("name", list(SAMPLES))
def test_order_statistic_medians_match_brute_force_resampling(name: str) -> None:
    values = SAMPLES[name]
    fast = np.array(bootstrap_medians(values, resamples=DRAWS, rng=random.Random(17)))
    brute = _numpy_resample_medians(values, seed=17)
    assert _max_cdf_gap(fast, brute) < KS_TOLERANCE
    for p in (0.025, 0.5, 0.975):
        for x, y in ((fast, brute), (brute, fast)):
            q = np.quantile(x, p, method="inverted_cdf")
            lo = np.quantile(y, max(0.0, p - QUANTILE_SLACK), method="inverted_cdf")
            hi = np.quantile(y, min(1.0, p + QUANTILE_SLACK), method="inverted_cdf")
            assert lo <= q <= hi, (name, p)


@pytest.mark.parametrize("name", ["n7-odd", "n40-ties"])
def test_order_statistic_medians_match_the_exact_distribution(name: str) -> None:
    """For odd n the bootstrap median's CDF is exact: P(median <= x) = P(Bin(n, F(x)) >= k)."""
    values = SAMPLES[name]
    if name == "n40-ties":
        values = values[:-1]  # 39 values: odd, ties kept
    n = len(values)
    k = (n + 1) // 2
    fast = np.sort(np.array(bootstrap_medians(values, resamples=DRAWS, rng=random.Random(3))))
    for x in sorted(set(values)):
        f = sum(v <= x for v in values) / n
        exact = sum(math.comb(n, j) * f**j * (1 - f) ** (n - j) for j in range(k, n + 1))
        observed = np.searchsorted(fast, x, side="right") / DRAWS
        # binomial standard error of a CDF estimate from 20,000 draws is at most 0.0035
        assert abs(observed - exact) < 0.015, (x, observed, exact)


def test_the_distribution_comparison_detects_a_wrong_sampler() -> None:
    """The KS check has power: an off-by-one Beta parameter is caught at these sizes."""
    values = SAMPLES["n7-odd"]
    n, k = len(values), (len(values) + 1) // 2
    rng = random.Random(17)
    wrong = np.array(
        [values[min(n - 1, math.ceil(n * rng.betavariate(k + 1, n - k)) - 1)] for _ in range(DRAWS)]
    )
    assert _max_cdf_gap(wrong, _numpy_resample_medians(values, seed=17)) > 3 * KS_TOLERANCE


def test_bootstrap_medians_of_even_samples_are_midpoints_of_sample_values() -> None:
    values = [1.0, 2.0, 4.0, 8.0]
    medians = bootstrap_medians(values, resamples=500, rng=random.Random(0))
    allowed = {(a + b) / 2 for a in values for b in values if a <= b}
    assert set(medians) <= allowed
    assert len(medians) == 500


def test_bootstrap_medians_of_one_value() -> None:
    assert bootstrap_medians([5.0], resamples=50, rng=random.Random(0)) == [5.0] * 50
    assert set(bootstrap_medians([5.0, 5.0], resamples=50, rng=random.Random(0))) == {5.0}


# ------------------------------------------------------------------ differences


def _naive_difference_ci(
    a: list[float], b: list[float], resamples: int, seed: int
) -> tuple[float, float]:
    """Resample both groups for real and take medians (what median_difference shortcuts)."""
    import statistics

    rng = random.Random(seed)
    diffs = sorted(
        statistics.median(rng.choices(a, k=len(a))) - statistics.median(rng.choices(b, k=len(b)))
        for _ in range(resamples)
    )
    return percentile(diffs, 2.5), percentile(diffs, 97.5)


def test_median_difference_agrees_with_naive_resampling() -> None:
    rng = random.Random(7)
    a = sorted(rng.lognormvariate(11.9, 0.3) for _ in range(301))
    b = sorted(rng.lognormvariate(11.7, 0.3) for _ in range(120))
    d = median_difference(a, b, resamples=4000, seed=1)
    assert d is not None
    assert d.difference == pytest.approx(percentile(a, 50) - percentile(b, 50))
    low, high = _naive_difference_ci(a, b, 4000, seed=2)
    width = high - low
    assert d.ci_low == pytest.approx(low, abs=0.12 * width)
    assert d.ci_high == pytest.approx(high, abs=0.12 * width)
    assert d.clear and d.ci_low > 0


def test_median_difference_none_below_min_n_and_unclear_for_equal_groups() -> None:
    assert median_difference([1.0] * 9, [1.0] * 50) is None
    same = [float(x) for x in range(100)]
    d = median_difference(same, same)
    assert d is not None and d.difference == 0 and d.ci_low < 0 < d.ci_high and not d.clear


def test_median_difference_is_reproducible_and_seeded() -> None:
    a = [float(x) for x in range(0, 200, 3)]
    b = [float(x) for x in range(5, 150, 2)]
    assert median_difference(a, b, seed=3) == median_difference(a, b, seed=3)
    assert median_difference(a, b, seed=3) != median_difference(a, b, seed=4)


def test_proportion_difference_matches_newcombe_example() -> None:
    # Newcombe (1998), Table II, method 10: 56/70 vs 48/80 -> 0.0524 to 0.3339;
    # 9/10 vs 3/10 -> 0.1705 to 0.8090.
    d, low, high = proportion_difference(56, 70, 48, 80)
    assert d == pytest.approx(0.2)
    assert (low, high) == pytest.approx((0.0524, 0.3339), abs=5e-4)
    assert proportion_difference(9, 10, 3, 10)[1:] == pytest.approx((0.1705, 0.8090), abs=5e-4)


def test_proportion_difference_needs_two_groups() -> None:
    with pytest.raises(ValueError):
        proportion_difference(1, 0, 2, 3)
