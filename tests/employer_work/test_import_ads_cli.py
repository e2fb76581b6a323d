"""`vta import ads PATH --workplace-id ID`: a real process on the world's database (SQLite and
PostgreSQL); good ads become draft needs, a refused ad is one line and costs only itself."""
from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from tests.conftest import shared_file
from tests.live_server import run
from tests.security.world import count


async def test_import_ads_from_a_file(world: Any, settings: Any, tmp_path: Path) -> None:
    env = {"VTA_DATABASE_URL": settings.database_url}
    wp = world.tenants["A1"].ids["workplace"]
    ads = json.loads(shared_file("data/jobtech/ads_sample_a.json").read_text(encoding="utf-8"))["testannonser"]
    hits = [*ads, {"id": "bad-1", "headline": 7, "description": {"text": "x"}}, {"description": {"text": "x"}}]
    (tmp_path / "hits.json").write_text(json.dumps({"hits": hits}), encoding="utf-8")
    drafts = "SELECT count(*) FROM needs WHERE status = 'draft'"
    before = await count(world.db, drafts)

    r = run(tmp_path, "import", "ads", str(tmp_path / "hits.json"), "--workplace-id", wp, env=env, timeout=300)
    assert r.returncode == 1 and "Traceback" not in r.stderr + r.stdout, r.stderr
    assert f"Imported {len(ads)} draft needs" in r.stdout and f"refused 2 of {len(ads) + 2} ads" in r.stdout
    refused = [line for line in r.stderr.splitlines() if line.startswith("Refused ")]
    assert refused == ["Refused ad 3 (bad-1): The ad is malformed: Expected `str`, got `int` - at `ad.headline`.",
                       "Refused ad 4: The ad has no headline (JobSearch format) and no annonsrubrik (import format)."]
    assert await count(world.db, drafts) == before + len(ads)

    (tmp_path / "one.json").write_text(json.dumps(ads[0]), encoding="utf-8")  # a file of one ad
    r = run(tmp_path, "import", "ads", str(tmp_path / "one.json"), "--workplace-id", wp, env=env, timeout=300)
    assert r.returncode == 0 and "Imported 1 draft needs" in r.stdout, r.stderr
    assert await count(world.db, drafts) == before + len(ads) + 1

    for args, says in (((str(tmp_path / "missing.json"), "--workplace-id", wp), "No file"),
                       ((str(tmp_path / "one.json"), "--workplace-id", str(uuid.uuid4())), "Workplace not found")):
        r = run(tmp_path, "import", "ads", *args, env=env, timeout=300)
        assert r.returncode != 0 and r.stderr.strip().splitlines()[-1].startswith("Error: ") and says in r.stderr
    assert await count(world.db, drafts) == before + len(ads) + 1
