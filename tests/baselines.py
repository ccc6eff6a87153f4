"""The query-count baselines of the test suite, kept in one data file
(tests/baselines.json): "writes" for the main writes (tests/test_write_path.py), "pages"
for every page the view tests declare (tests/view_tests.py), keyed by URL name. A page or
write that issues more queries than its baseline fails its test. Lower a baseline when a
change makes it cheaper; raise one only with a reason.

`UPDATE_BASELINES=1 pytest tests/test_pages.py` writes the counts the run measures into
the file (a key measured several times in the run, e.g. for several roles, keeps the
highest). Run it on one database, then check the other without it.
"""

import json
import os
from pathlib import Path

PATH = Path(__file__).parent / "baselines.json"
BASELINES = json.loads(PATH.read_text(encoding="utf-8"))
UPDATING = bool(os.environ.get("UPDATE_BASELINES"))
_measured_this_run = {}


def check_baseline(section, key, measured):
    """Fail if `measured` queries exceed the baseline of `key` (or record it when updating)."""
    if UPDATING:
        _record(section, key, measured)
        return
    baseline = BASELINES.get(section, {}).get(key)
    assert baseline is not None, (
        f"no query-count baseline for {key!r} in tests/baselines.json ({section!r}): "
        "measure it with UPDATE_BASELINES=1"
    )
    assert measured <= baseline, f"{key}: {measured} queries, the baseline is {baseline}"


def _record(section, key, measured):
    measured = max(measured, _measured_this_run.get((section, key), 0))
    _measured_this_run[section, key] = measured
    data = json.loads(PATH.read_text(encoding="utf-8"))
    entries = data.setdefault(section, {})
    entries[key] = measured
    data[section] = dict(sorted(entries.items())) if section == "pages" else entries
    PATH.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    BASELINES.setdefault(section, {})[key] = measured
