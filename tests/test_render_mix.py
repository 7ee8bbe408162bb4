"""The linear-light luma mix, checked against its formula (no render: the plane alone).

mix_luma keeps its work planes from one frame to the next, per thread; these tests
make sure that reuse never leaks one call's pixels or size into another's.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from nemo_skill.render.transitions import GAMMA, mix_luma


def expected(a: np.ndarray, b: np.ndarray, q: float) -> np.ndarray:
    """BT.1886 code values -> light, mixed, -> code values, in float64."""

    def light(y: np.ndarray) -> np.ndarray:
        return np.clip((y.astype(np.float64) - 16) / 219, 0, 1) ** GAMMA

    mixed = (1 - q) * light(a) + q * light(b)
    return 16 + 219 * mixed ** (1 / GAMMA)


def planes(shape: tuple[int, int], seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return (
        rng.integers(16, 236, shape, dtype=np.uint8),
        rng.integers(16, 236, shape, dtype=np.uint8),
    )


@pytest.mark.parametrize("q", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_mix_is_within_about_one_code_value_of_linear_light(q: float) -> None:
    a, b = planes((90, 160), 1)
    out = np.empty_like(a)
    mix_luma(a, b, q, out)
    exact = expected(a, b, q)
    err = np.abs(out.astype(np.float64) - exact)
    # The square-root code has its coarsest steps next to black (codes 16-20).
    assert err[exact >= 20].max() <= 1.25, f"worst error {err[exact >= 20].max():.2f} at weight {q}"
    assert err.max() <= 2.0, f"worst error {err.max():.2f} code values in the shadows at weight {q}"


def test_planes_of_other_sizes_in_turn_each_get_their_own_mix() -> None:
    big, small = planes((180, 320), 2), planes((36, 64), 3)
    first = np.empty_like(big[0])
    mix_luma(*big, 0.4, first)
    tiny = np.empty_like(small[0])
    mix_luma(*small, 0.4, tiny)
    again = np.empty_like(big[0])
    mix_luma(*big, 0.4, again)
    assert np.array_equal(first, again)
    assert np.abs(tiny.astype(np.float64) - expected(*small, 0.4)).max() <= 2.0


def test_a_part_of_a_larger_plane_is_written_and_nothing_around_it() -> None:
    a, b = planes((40, 60), 4)
    canvas = np.full((100, 120), 7, dtype=np.uint8)
    mix_luma(a, b, 0.3, canvas[10:50, 20:80])
    alone = np.empty_like(a)
    mix_luma(a, b, 0.3, alone)
    assert np.array_equal(canvas[10:50, 20:80], alone)
    canvas[10:50, 20:80] = 7
    assert (canvas == 7).all(), "pixels outside the part were written"


def test_threads_mixing_at_once_each_get_their_own_result() -> None:
    jobs = [(planes((120, 200), seed), q) for seed, q in ((5, 0.2), (6, 0.7), (7, 0.5), (8, 0.95))]
    wanted = []
    for (a, b), q in jobs:
        out = np.empty_like(a)
        mix_luma(a, b, q, out)
        wanted.append(out)
    results: list[list[np.ndarray]] = [[] for _ in jobs]

    def work(i: int) -> None:
        (a, b), q = jobs[i]
        for _ in range(30):
            out = np.empty_like(a)
            mix_luma(a, b, q, out)
            results[i].append(out)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, outs in enumerate(results):
        assert all(np.array_equal(o, wanted[i]) for o in outs), f"thread {i} got another thread's pixels"
