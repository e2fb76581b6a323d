from matching.bench import run_bench, synthetic_world


def test_bench_runs_a_small_world_end_to_end():
    r = run_bench(400, 200, seed=1, measure_encoding=False, isolate=False)
    assert {"participants", "needs", "arcs", "score_seconds", "solve_seconds", "total_seconds", "peak_rss_mb",
            "baseline_seconds", "encode_per_second"} <= set(r)
    assert r["participants"] == 400 and r["needs"] == 200
    assert r["arcs"] > 0 and r["assignments"] > 0 and r["invalid"] == 0
    assert r["encode_per_second"] is None
    assert r["total_seconds"] > 0 and r["baseline_seconds"] > 0 and r["peak_rss_mb"] > 0
    assert r["total_cpu_seconds"] > 0 and r["baseline_cpu_seconds"] > 0 and r["cpu_ratio"] > 0
    assert 0 < r["add_need_seconds"] < r["total_seconds"]  # one need, not the whole world again


def test_synthetic_world_is_reproducible():
    a, b = synthetic_world(50, 20, seed=3), synthetic_world(50, 20, seed=3)
    assert a[0] == b[0] and a[1] == b[1] and (a[4] == b[4]).all()
    assert synthetic_world(50, 20, seed=4)[0] != a[0]


def test_bench_measures_occupations_and_review_with_a_snapshot():
    from vta.services.taxonomy import snapshot_data

    r = run_bench(300, 150, seed=1, measure_encoding=False, isolate=False, snapshot=snapshot_data())
    assert r["occupations_and_review"] and r["taxonomy_build_seconds"] > 0
    assert r["invalid"] == 0 and r["assignments"] > 0 and r["unmatched"] >= 0
