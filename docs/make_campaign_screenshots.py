"""The data behind the 抽查与举报 screenshots (issue 16); ``shoot_campaign`` in
make_screenshots.py grabs them.

    python docs/make_campaign_screenshots.py     # offscreen; only docs/images/campaign_*.png

A demo county is generated; the campaign's records are made the way an officer makes them, by
the command line and the core functions the page calls (calendar seeded from 天门's plan, a 30%
draw, back-checks with one discrepancy, a 政策清单 and its posting, complaints, a 主动说清,
injected desk-made forms and the checks run).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_screenshots import VILLAGE, cli  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.style import apply_style  # noqa: E402
from ykt_desktop.campaign.sampling import load_sample  # noqa: E402
from ykt_desktop.demo.generator import DemoParams, generate_demo  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402


def build(tmp: Path) -> Path:
    path = tmp / "演示县.db"
    db = open_db(path)
    run(generate_demo(db, DemoParams(villages=6, households_per_village=60)))
    db.close()
    db_arg = ("--db", str(path))
    year = dt.date.today().year
    cli("calendar-seed", *db_arg, "--year", str(year))
    for n in range(1, 6):
        cli("calendar-done", *db_arg, "--id", str(n), "--date", f"{year}-0{5 + n // 2}-{18 + n}")
    cli("desk-demo", *db_arg)
    cli("sample-draw", *db_arg, "--kind", "households", "--stratify", "village", "--ratio",
        "30%", "--seed", "20260901", "--title", "县财政局重点抽查（户，按村30%）")
    cli("publicity-config", *db_arg, "--township", "0728-5231234", "--finance", "0728-5239876")
    cli("policy-list", *db_arg, "--scope", VILLAGE, "--year", str(year),
        "--out", str(tmp / "政策清单.pdf"))
    cli("policy-post", *db_arg, "--id", "1", "--location", "东风村村务公开栏",
        "--from", f"{year}-06-01", "--to", f"{year}-06-30")
    cli("complaint-add", *db_arg, "--channel", "电话", "--date", f"{year}-09-02", "--content",
        "反映村会计代管本村三位老人的一卡通存折", "--complainant", "李大山", "--contact",
        "13900001234", "--village", VILLAGE, "--persons", "村会计")
    cli("complaint-handle", *db_arg, "--id", "1", "--handler", "城关镇纪委 张明",
        "--handling", "入户核实三户，存折确由村会计保管")
    cli("complaint-issue", *db_arg, "--id", "1", "--category", "daiguan")
    cli("complaint-reply", *db_arg, "--id", "1", "--date", f"{year}-09-25",
        "--reply", "情况属实，已责令归还存折并挂号整改", "--result", "属实")
    cli("complaint-add", *db_arg, "--channel", "来信", "--date", f"{year}-10-08",
        "--content", "反映低保评定优亲厚友", "--village", "420999100201")
    cli("check", *db_arg)
    return path


def backcheck(db, sample_id: int) -> None:
    """Three drawn households revisited (the second differs in the number of members) and a
    主动说清 on the issue the first complaint became."""
    from ykt_desktop.campaign.backcheck import original_answers, record_backcheck
    from ykt_desktop.campaign.complaints import get_complaint
    from ykt_desktop.campaign.self_reports import add_self_report

    sample, _ = load_sample(db, sample_id)
    for n, hid in enumerate(sample.drawn[:3]):
        found = {k: v for k, (_, v) in original_answers(db, hid).items()}
        if n == 1:
            found["members"] = str(int(found["members"]) + 1)
        record_backcheck(db, hid, sample_id=sample_id, checked_on=f"{dt.date.today().year}-09-10",
                         checker="县财政局 王复核", answers=found)
    add_self_report(db, get_complaint(db, 1)["issue_id"], persons=1, amount=3600,
                    reported_on=f"{dt.date.today().year}-10-12", names="村会计 王某",
                    notes="退还代管期间收取的费用")


def main() -> int:
    """Only the campaign's screenshots (make_screenshots.py makes them with all the others)."""
    from make_screenshots import shoot_campaign

    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    with tempfile.TemporaryDirectory(prefix="ykt-campaign-") as name:
        shoot_campaign(app, Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
