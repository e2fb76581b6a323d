"""Build the shipped JobTech snapshot (jobtech_taxonomy.json.gz beside this file) from the shared
reference files. Run: python -m vta.reference.jobtech.make_snapshot ../shared/data/jobtech"""
from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).with_name("jobtech_taxonomy.json.gz")


def build(folder: Path) -> dict:
    hierarchy = json.loads((folder / "occupation_hierarchy.json").read_text(encoding="utf-8"))
    concepts = json.loads((folder / "taxonomy_to_concept.json").read_text(encoding="utf-8"))
    fields = sorted({o["field"]["label"] for o in hierarchy})
    field_of: dict[str, Counter] = {}
    groups: dict[str, str] = {}
    for o in hierarchy:
        g = o["group"]
        groups[g["ssyk"]] = g["label"]
        field_of.setdefault(g["ssyk"], Counter())[o["field"]["label"]] += 1
    return {
        "source": "JobTech taxonomy (Arbetsförmedlingen, JobtechSwe/elastic-importers): occupation_hierarchy.json "
                  "from importers/taxonomy/resources/values.pickle at commit 8b15750, skills from "
                  "taxonomy_to_concept.json at commit ac9e55e",
        "version": "elastic-importers 8b15750 / ac9e55e",
        "license": "Apache-2.0 (see NOTICE beside this file)",
        "fields": fields,
        # ssyk -> [group label, index of its occupation field]
        "groups": {s: [groups[s], fields.index(field_of[s].most_common(1)[0][0])] for s in sorted(groups)},
        "occupations": sorted([o["occupation"], o["group"]["ssyk"]] for o in hierarchy),
        "skills": sorted({e["preferredTerm"] for e in concepts.get("skill", {}).values()}),
    }


def main(folder: str) -> None:
    data = json.dumps(build(Path(folder)), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    OUT.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/jobtech")
