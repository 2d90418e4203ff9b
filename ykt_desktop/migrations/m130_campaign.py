"""The campaign (issue 16): 重点抽查 and back-checks, the phase calendar, 政策清单, the 举报
register, 主动说清, and the paradata the desk-made-form checks read (print times, visit times).
"""

from sqlite_utils.migrations import Migrations

from ykt_desktop.audit.triggers import ensure
from ykt_desktop.catalogue import POLICY_FIELDS, item_rows

migrations = Migrations("ykt.campaign")

SAMPLING = """
-- One reproducible draw: the frame (ids, hashed), the parameters and the seed are kept, so
-- anyone can draw again and get the same list.
CREATE TABLE samples (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('villages','households','issues')),
    stratify TEXT NOT NULL DEFAULT '' CHECK (stratify IN ('','township','village','department')),
    ratio REAL,                    -- share per stratum (0.3 = 30%), or NULL
    per_stratum INTEGER,           -- count per stratum, or NULL
    seed INTEGER NOT NULL,
    under_code TEXT NOT NULL DEFAULT '',   -- region the frame was taken from ('' = all)
    frame_size INTEGER NOT NULL,
    frame_sha256 TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',     -- JSON of every parameter of the draw
    drawn TEXT NOT NULL DEFAULT '[]',      -- JSON list of drawn ids, in draw order
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);

-- A household revisited (复核) and compared with its original 一户一表.
CREATE TABLE backchecks (
    id INTEGER PRIMARY KEY,
    sample_id INTEGER REFERENCES samples(id),
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    village_code TEXT NOT NULL,
    checked_on TEXT NOT NULL,
    checker TEXT NOT NULL DEFAULT '',
    original_verifiers TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '{}',    -- JSON {field: value found at the door}
    differences TEXT NOT NULL DEFAULT '[]',-- JSON [{field, label, original, found}]
    n_fields INTEGER NOT NULL DEFAULT 0,
    n_diff INTEGER NOT NULL DEFAULT 0,
    issue_id INTEGER REFERENCES issues(id),
    notes TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    UNIQUE (sample_id, household_id)
);
CREATE INDEX idx_backchecks_household ON backchecks(household_id);
"""

CALENDAR = """
CREATE TABLE campaign_phases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    scope_code TEXT NOT NULL DEFAULT '',   -- units it applies to ('' = every unit)
    sort INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT ''
);

-- A report due to the level above (阶段报告, 工作总结 ...).
CREATE TABLE campaign_deadlines (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    due_date TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT 'county'
        CHECK (level IN ('village','township','county','department')),
    recipient TEXT NOT NULL DEFAULT '',
    scope_code TEXT NOT NULL DEFAULT '',
    done_date TEXT,
    notes TEXT NOT NULL DEFAULT ''
);
"""

POLICY = """
CREATE TABLE policy_lists (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    scope_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    item_codes TEXT NOT NULL DEFAULT '[]',
    hotline TEXT NOT NULL DEFAULT '',
    file_attachment_id INTEGER REFERENCES attachments(id),
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE TABLE policy_list_postings (
    id INTEGER PRIMARY KEY,
    policy_list_id INTEGER NOT NULL REFERENCES policy_lists(id) ON DELETE CASCADE,
    location TEXT NOT NULL,
    posted_from TEXT NOT NULL,
    posted_to TEXT NOT NULL,
    photo_attachment_id INTEGER REFERENCES attachments(id),
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
ALTER TABLE subsidy_items ADD COLUMN policy_basis TEXT NOT NULL DEFAULT '';  -- 政策依据
ALTER TABLE subsidy_items ADD COLUMN target TEXT NOT NULL DEFAULT '';        -- 补贴对象
ALTER TABLE subsidy_items ADD COLUMN hotline TEXT NOT NULL DEFAULT '';       -- 监督电话
"""

COMPLAINTS = """
CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    complaint_no TEXT NOT NULL UNIQUE,     -- JB + year + 4 digits
    channel TEXT NOT NULL CHECK (channel IN ('phone','letter','visit','online','platform')),
    received_on TEXT NOT NULL,
    content TEXT NOT NULL,
    complainant TEXT NOT NULL DEFAULT '',  -- name; shown masked unless the role may see it
    complainant_contact TEXT NOT NULL DEFAULT '',
    village_code TEXT REFERENCES regions(code),
    persons_concerned TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL,
    replied_on TEXT,
    reply TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'substantiated', 'partly', 'unfounded')),
    status TEXT NOT NULL DEFAULT 'registered'
        CHECK (status IN ('registered','handling','replied')),
    issue_id INTEGER REFERENCES issues(id),
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_complaints_village ON complaints(village_code, received_on);

-- 主动说清: people who came forward, and money they handed back, on a ledger issue.
CREATE TABLE self_reports (
    id INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL REFERENCES issues(id),
    village_code TEXT,
    persons INTEGER NOT NULL CHECK (persons >= 0),
    names TEXT NOT NULL DEFAULT '',
    amount REAL NOT NULL DEFAULT 0 CHECK (amount >= 0),
    reported_on TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_self_reports_issue ON self_reports(issue_id);
"""

PARADATA = """
-- When each household's pre-filled 一户一表 was printed (a visit cannot precede it).
CREATE TABLE form_prints (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    printed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now','localtime')),
    printed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_form_prints_household ON form_prints(household_id, printed_at);
ALTER TABLE verifications ADD COLUMN visit_time TEXT NOT NULL DEFAULT '';  -- HH:MM if known
"""

NEW_CATEGORY = ("zouguochang", "入户核查走过场（表格疑似未入户填写）", "process")


@migrations()
def m001_campaign_tables(db):
    db.executescript(SAMPLING + CALENDAR + POLICY + COMPLAINTS + PARADATA)


@migrations()
def m002_catalogue_fields(db):
    """Fill 政策依据 / 补贴对象 from the shipped CSV for items still carrying its codes; add the
    problem category the desk-made-form checks register under."""
    _fill_policy_fields(db)
    count = db.execute("SELECT count(*) FROM issue_categories").fetchone()[0]
    if count:
        db.execute("INSERT OR IGNORE INTO issue_categories(code, name, grp, sort) "
                   "VALUES (?, ?, ?, ?)", [*NEW_CATEGORY, count])


@migrations()
def m003_audit_triggers(db):
    """The new registers are audited like the ledger (triggers made for every audited table)."""
    ensure(db)


def _fill_policy_fields(db) -> None:
    """This step's own copy of ``campaign.catalogue_fields.fill_policy_fields`` (the schema
    floor imports no feature): the shipped 政策依据/补贴对象 into blank fields."""
    for row in item_rows():
        for key in POLICY_FIELDS:
            if row[key]:
                db.execute(f"UPDATE subsidy_items SET {key} = ? WHERE code = ? AND {key} = ''",
                           [row[key], row["code"]])
