from haversine import haversine
from matching_builders import assert_rule, need, participant


def test_workplace_must_be_within_travel_distance():
    p, n = participant(), need()
    d = haversine((p.latitude, p.longitude), (n.latitude, n.longitude))
    assert 5 < d < 6
    assert_rule("within_travel_distance",
                (participant(max_travel_km=d + 0.01), n), (participant(max_travel_km=d - 0.01), n))


def test_far_away_workplace_is_refused():
    assert_rule("within_travel_distance", (participant(max_travel_km=500), need(latitude=59.33, longitude=18.07)),
                (participant(max_travel_km=150), need(latitude=59.33, longitude=18.07)))
