"""`storyline eval timeline --leave-one-topic-out` on a small Timeline17-layout folder written here: each topic
is scored with date weights learnt on the others, and no topic's own reference is read to learn them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main

QUAKE = [
    ("2010-01-13", "A powerful earthquake struck Haiti on Tuesday , flattening the capital ."),
    ("2010-01-13", "The quake on 12 January killed thousands in Port-au-Prince , officials said ."),
    ("2010-01-14", "Rescue teams reached Haiti after the 12 January quake destroyed the palace ."),
    ("2010-01-21", "A strong aftershock rocked Haiti on Wednesday , sending people into the streets ."),
    ("2010-01-22", "The aftershock on 20 January measured 6.1 , geologists said of the quake ."),
    ("2010-01-25", "Donors met in Montreal on Monday to plan the rebuilding of Haiti after the quake ."),
]  # fmt: skip
SPILL = [
    ("2010-04-21", "An explosion on the Deepwater Horizon oil rig on Tuesday killed 11 workers ."),
    ("2010-04-22", "The oil rig that exploded on 20 April sank into the Gulf of Mexico ."),
    ("2010-05-03", "BP began drilling a relief well on Sunday to stop the oil leak ."),
    ("2010-07-16", "BP said on Thursday it had capped the leaking oil well ."),
    ("2010-07-17", "The cap fitted on 15 July stopped the oil flowing for the first time ."),
    ("2010-07-20", "Oil prices rose on Monday as traders weighed the spill ."),
]  # fmt: skip


def _topic(root: Path, name: str, keywords: list[str], docs: list[tuple[str, str]],
           reference: dict[str, str]) -> None:  # fmt: skip
    outlet = root / name / f"{name}_bbc"
    for number, (day, line) in enumerate(docs):
        folder = outlet / "InputDocs" / day
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number}.htm.txt").write_text(line + "\n")
    (outlet / "timelines").mkdir()
    (outlet / "timelines" / "bbc.txt").write_text(
        "".join(f"{day}\n{line}\n--------------------------------\n" for day, line in reference.items())
    )
    (root / name / "keywords.json").write_text(json.dumps(keywords))


def test_leave_one_topic_out_scores_every_topic_and_writes_them(tmp_path: Path) -> None:
    _topic(tmp_path, "quake", ["haiti", "quake"], QUAKE, {
        "2010-01-12": "A 7.0 earthquake struck Haiti , killing thousands .",
        "2010-01-20": "A 6.1 aftershock hit Haiti .",
    })  # fmt: skip
    _topic(tmp_path, "spill", ["oil", "bp"], SPILL, {
        "2010-04-20": "The Deepwater Horizon rig exploded , killing 11 .",
        "2010-07-15": "BP capped the leaking well .",
    })  # fmt: skip
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(main, ["eval", "timeline", "--dataset", str(tmp_path), "--leave-one-topic-out",
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "weights learnt without this topic" in result.output and "leave-one-topic-out" in result.output
    table = json.loads(out.read_text())["leave_one_topic_out"]
    assert set(table) == {"quake", "spill", "mean"}
    assert table["mean"]["timelines"] == 2
    assert all(0 <= table[name][metric] <= 1 for name in table for metric in ("ar1", "ar2", "date_f1"))
    assert table["quake"]["date_f1"] > 0  # the day named most after the fact is found without its own labels
    only = CliRunner().invoke(main, ["eval", "timeline", "--dataset", str(tmp_path), "--leave-one-topic-out",
                                     "--topics", "spill"])  # fmt: skip
    assert only.exit_code == 0, only.output
    scored = [line.split()[0] for line in only.output.splitlines() if "AR-1" in line]
    assert scored == ["spill", "mean"]
