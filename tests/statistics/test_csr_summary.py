"""The CSR summary through the suppression module: the issue's subtraction attack, and an attacker
solving the summary's relations on both databases."""
from __future__ import annotations

from datetime import date
from typing import Any

from tests.statistics.attack import recovered
from tests.statistics.histories import ADMIN, Story, add_stories, employer
from vta.services import statistics
from vta.suppression import PROTECTION


def summary_relations(summary: dict[str, Any]) -> tuple[dict[str, int | None], list[dict], list[dict]]:
    """The summary's figures and what every reader knows about them: each placement started is
    either active or ended with one outcome; those still placed after 365 days are among those
    after 180, who are among those after 90, who are among those started."""
    values = {"started": summary["placements_started"], "active": summary["placements_active"]}
    values |= {f"outcome.{k}": v for k, v in summary["outcomes"].items()}
    values |= {f"retention.{k}": v for k, v in summary["retention"].items()}
    equal = [{"started": -1, "active": 1, **{f"outcome.{k}": 1 for k in summary["outcomes"]}}]
    keys = [f"retention.{k}" for k in ("365_days", "180_days", "90_days")] + ["started"]
    at_most = [{small: 1, large: -1} for small, large in zip(keys, keys[1:])]
    return values, equal, at_most


async def test_the_issue_example_cannot_be_worked_out(db: Any) -> None:
    """9 placements, 5 active, 4 ended in employment: hiding employment alone shows it as 9 - 5."""
    async with db() as session, session.begin():
        e, need = await employer(session, "Kanten", 1)
        today = date.today()
        stories = [Story(start=date(today.year - 1, 1, 10)) for _ in range(5)]
        stories += [Story(start=date(today.year - 1, 2, 1), ended=date(today.year - 1, 9, 1), outcome="employment")
                    for _ in range(4)]
        await add_stories(session, need, stories)
        summary = await statistics.csr_summary(session, ADMIN, e.id)
    assert summary["outcomes"]["employment"] is None and "outcomes.employment" in summary["suppressed"]
    values, equal, at_most = summary_relations(summary)
    truth = {"started": 9, "active": 5, **{f"outcome.{k}": 0 for k in summary["outcomes"]}, "outcome.employment": 4,
             "retention.90_days": 9, "retention.180_days": 9, "retention.365_days": 5}
    assert recovered(values, equal, at_most, width=PROTECTION, truth=truth) == {}
