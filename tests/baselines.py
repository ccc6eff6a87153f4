"""The query-count baselines of the test suite, kept in one data file
(tests/baselines.json): a page or write that issues more queries than its baseline fails
its test. Lower a baseline when a change makes it cheaper; raise one only with a reason."""

import json
from pathlib import Path

BASELINES = json.loads((Path(__file__).parent / "baselines.json").read_text(encoding="utf-8"))
