"""The foundation schema: every record of DOMAIN.md §3.

Enumerated values are stored as short English codes; their Chinese labels live in
:mod:`ykt_desktop.glossary`. Money is stored in 元 (REAL, two decimals); returns show 万元.
Dates are ISO text (YYYY-MM-DD), periods are 'YYYY-MM' (monthly) or 'YYYY' (yearly).
"""

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.foundation")

CORE_TABLES = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

CREATE TABLE regions (
    code TEXT PRIMARY KEY,         -- 12-digit 统计用区划代码; groups: village code + 3 digits
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('county','township','village','group')),
    parent_code TEXT REFERENCES regions(code),
    sort INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_regions_parent ON regions(parent_code);

CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    hh_no TEXT NOT NULL UNIQUE,    -- 户编号, unique within the county
    village_code TEXT NOT NULL REFERENCES regions(code),
    group_code TEXT REFERENCES regions(code),
    address TEXT NOT NULL DEFAULT '',
    head_person_id INTEGER,        -- persons.id (not enforced: head may be added after)
    phone TEXT NOT NULL DEFAULT '',
    verify_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (verify_status IN ('pending','verified','unable')),
    verify_reason TEXT NOT NULL DEFAULT '',
    verified_by TEXT NOT NULL DEFAULT '',
    verified_at TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_households_village ON households(village_code, group_code);
CREATE INDEX idx_households_status ON households(verify_status);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    id_number TEXT NOT NULL UNIQUE,   -- 18-digit GB 11643 (text, never a number)
    name TEXT NOT NULL,
    name_initials TEXT NOT NULL DEFAULT '',  -- pinyin initials, lower case ("zsf")
    sex TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'M', 'F')),
    birth_date TEXT,
    status TEXT NOT NULL DEFAULT 'normal'
        CHECK (status IN ('normal','dead','moved','prison','missing')),
    death_date TEXT,
    status_date TEXT,
    disability_cert TEXT NOT NULL DEFAULT '',
    disability_type TEXT NOT NULL DEFAULT '',
    disability_grade TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_persons_name ON persons(name);
CREATE INDEX idx_persons_initials ON persons(name_initials);

-- A person is one row; membership links them to households. One ID in two households
-- (一人多户, a finding) is two membership rows, never two persons.
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    relation TEXT NOT NULL DEFAULT '',   -- 户主 / 配偶 / 子 / 女 / 父亲 / ...
    sort INTEGER NOT NULL DEFAULT 0,
    UNIQUE (household_id, person_id)
);
CREATE INDEX idx_members_person ON members(person_id, household_id);

CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    card_type TEXT NOT NULL CHECK (card_type IN ('social_security','passbook','bank','student')),
    bank TEXT NOT NULL DEFAULT '',
    card_number TEXT NOT NULL,           -- stored whole, shown masked
    issuer_dept TEXT NOT NULL DEFAULT '',
    custodian TEXT NOT NULL DEFAULT 'owner'
        CHECK (custodian IN ('owner','family','cadre','other','lost')),
    custodian_name TEXT NOT NULL DEFAULT '',
    consent INTEGER NOT NULL DEFAULT 1,  -- owner agreed to the custody
    activated INTEGER NOT NULL DEFAULT 1,
    fee_charged REAL NOT NULL DEFAULT 0,
    fee_note TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_cards_person ON cards(person_id);
CREATE INDEX idx_cards_number ON cards(card_number);

CREATE TABLE subsidy_items (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT 'person' CHECK (basis IN ('person','household')),
    standard REAL NOT NULL DEFAULT 0,
    standard_unit TEXT NOT NULL DEFAULT 'month'
        CHECK (standard_unit IN ('month','quarter','year','mu','once')),
    channel TEXT NOT NULL DEFAULT 'card'
        CHECK (channel IN ('card','cash','redistribution','other')),
    frequency TEXT NOT NULL DEFAULT 'month'
        CHECK (frequency IN ('month','quarter','year','once')),
    deadline_days INTEGER NOT NULL DEFAULT 30,  -- paid within N days after the period ends
    eligibility TEXT NOT NULL DEFAULT '{}',     -- JSON, e.g. {"min_age": 80, "max_age": 89}
    year INTEGER,
    active INTEGER NOT NULL DEFAULT 1,
    sort INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE incompatible_items (
    id INTEGER PRIMARY KEY,
    item_a TEXT NOT NULL REFERENCES subsidy_items(code) ON UPDATE CASCADE,
    item_b TEXT NOT NULL REFERENCES subsidy_items(code) ON UPDATE CASCADE,
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (item_a, item_b)
);

CREATE TABLE issue_categories (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    grp TEXT NOT NULL CHECK (grp IN ('money','card','process','conduct','other')),
    sort INTEGER NOT NULL DEFAULT 0
);
"""

MONEY_TABLES = """
CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,            -- roster / deaths / cadres / package / demo
    filename TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    rows INTEGER NOT NULL DEFAULT 0,
    mapping TEXT NOT NULL DEFAULT '{}',
    imported_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    imported_by TEXT NOT NULL DEFAULT ''
);

-- Official figures (platform roster or department records): never overwritten by statements.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES persons(id),
    household_id INTEGER REFERENCES households(id),
    village_code TEXT REFERENCES regions(code),
    item_id INTEGER NOT NULL REFERENCES subsidy_items(id),
    period TEXT NOT NULL,
    standard REAL NOT NULL DEFAULT 0,
    amount_due REAL NOT NULL DEFAULT 0,
    amount_paid REAL NOT NULL DEFAULT 0,
    paid_date TEXT,
    card_id INTEGER REFERENCES cards(id),
    card_number TEXT NOT NULL DEFAULT '',
    bank TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'paid' CHECK (status IN ('paid','failed','refunded')),
    source TEXT NOT NULL DEFAULT 'roster',   -- roster / manual / demo / package
    batch_id INTEGER REFERENCES import_batches(id)
);
CREATE INDEX idx_payments_person ON payments(person_id, item_id, period);
CREATE INDEX idx_payments_household ON payments(household_id);
CREATE INDEX idx_payments_item ON payments(item_id, period);
CREATE INDEX idx_payments_village ON payments(village_code, item_id);

-- What the household says at the door, kept beside the official figures.
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id),
    item_id INTEGER NOT NULL REFERENCES subsidy_items(id),
    period TEXT NOT NULL,
    received INTEGER,              -- 1 yes, 0 no, NULL not asked
    amount REAL,
    received_date TEXT,
    card_desc TEXT NOT NULL DEFAULT '',
    visit_id INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_statements_person ON statements(person_id, item_id, period);
CREATE INDEX idx_statements_household ON statements(household_id);

CREATE TABLE death_list (
    id INTEGER PRIMARY KEY,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    death_date TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',   -- 民政 / 殡葬 / 公安
    batch_id INTEGER REFERENCES import_batches(id)
);
CREATE INDEX idx_death_list_id ON death_list(id_number);

CREATE TABLE cadre_list (
    id INTEGER PRIMARY KEY,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    village_code TEXT,
    position TEXT NOT NULL DEFAULT '',    -- 村支书 / 村主任 / ... or '' for a relative
    relation TEXT NOT NULL DEFAULT '',    -- 本人 / 配偶 / 子女 / ...
    cadre_id_number TEXT NOT NULL DEFAULT '',
    batch_id INTEGER REFERENCES import_batches(id)
);
CREATE INDEX idx_cadre_list_id ON cadre_list(id_number);
"""

WORK_TABLES = """
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,            -- signature / scan / photo / evidence / notice / return
    filename TEXT NOT NULL DEFAULT '',
    mime TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    owner_table TEXT NOT NULL DEFAULT '',
    owner_id INTEGER,
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_attachments_owner ON attachments(owner_table, owner_id);

CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    visit_date TEXT NOT NULL,
    verifiers TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL CHECK (result IN ('verified','unable')),
    reason TEXT NOT NULL DEFAULT '',
    head_confirmed INTEGER NOT NULL DEFAULT 0,
    signature_attachment_id INTEGER REFERENCES attachments(id),
    notes TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_verifications_household ON verifications(household_id);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    subject_key TEXT NOT NULL,     -- stable key, so re-running never duplicates
    person_id INTEGER,
    household_id INTEGER,
    card_id INTEGER,
    item_id INTEGER,
    village_code TEXT,
    amount REAL NOT NULL DEFAULT 0,
    evidence TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'candidate'
        CHECK (status IN ('candidate','confirmed','dismissed')),
    dismiss_reason TEXT NOT NULL DEFAULT '',
    issue_id INTEGER,
    first_seen TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    last_seen TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    UNIQUE (rule, subject_key)
);
CREATE INDEX idx_findings_status ON findings(status, rule);

CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    issue_no TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL REFERENCES issue_categories(code),
    status TEXT NOT NULL DEFAULT 'registered'
        CHECK (status IN ('registered','rectifying','closed','reopened')),
    found_by TEXT NOT NULL DEFAULT 'visit'
        CHECK (found_by IN ('visit','check','report','audit','spot')),
    village_code TEXT REFERENCES regions(code),
    household_id INTEGER REFERENCES households(id),
    person_id INTEGER REFERENCES persons(id),
    card_id INTEGER REFERENCES cards(id),
    item_id INTEGER REFERENCES subsidy_items(id),
    finding_id INTEGER REFERENCES findings(id),
    amount REAL NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    responsible_unit TEXT NOT NULL DEFAULT '',
    responsible_person TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    rectified_at TEXT,
    closed_at TEXT,
    recovered_amount REAL NOT NULL DEFAULT 0,   -- 追缴收回
    returned_amount REAL NOT NULL DEFAULT 0,    -- 返还发放
    self_reported_persons INTEGER NOT NULL DEFAULT 0,  -- 主动说清人数
    self_returned_amount REAL NOT NULL DEFAULT 0,      -- 主动上缴资金
    referred INTEGER NOT NULL DEFAULT 0,        -- 移交纪检监察
    referral_note TEXT NOT NULL DEFAULT '',
    party_sanctions INTEGER NOT NULL DEFAULT 0, -- 党纪处分人数
    gov_sanctions INTEGER NOT NULL DEFAULT 0,   -- 政务处分人数
    exposed INTEGER NOT NULL DEFAULT 0,         -- 通报曝光
    exposed_persons INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
CREATE INDEX idx_issues_village ON issues(village_code, status, category);
CREATE INDEX idx_issues_household ON issues(household_id);
CREATE INDEX idx_issues_item ON issues(item_id);

CREATE TABLE issue_events (
    id INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    by_user TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,          -- create / status / edit / attach / referral / comment
    from_status TEXT,
    to_status TEXT,
    note TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_issue_events_issue ON issue_events(issue_id);

CREATE TABLE publicity (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    item_codes TEXT NOT NULL DEFAULT '[]',   -- JSON list
    period TEXT NOT NULL,
    scope_code TEXT NOT NULL REFERENCES regions(code),
    issuer TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT,
    hotlines TEXT NOT NULL DEFAULT '{}',     -- JSON
    policy TEXT NOT NULL DEFAULT '{}',       -- masking policy used, JSON
    line_count INTEGER NOT NULL DEFAULT 0,
    total_amount REAL NOT NULL DEFAULT 0,
    file_attachment_id INTEGER REFERENCES attachments(id),
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);

CREATE TABLE postings (
    id INTEGER PRIMARY KEY,
    publicity_id INTEGER NOT NULL REFERENCES publicity(id) ON DELETE CASCADE,
    location TEXT NOT NULL DEFAULT '',
    posted_from TEXT NOT NULL,
    posted_to TEXT NOT NULL,
    photo_attachment_id INTEGER REFERENCES attachments(id),
    objections TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);

CREATE TABLE return_drafts (
    id INTEGER PRIMARY KEY,
    template TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    period TEXT NOT NULL,
    cells TEXT NOT NULL DEFAULT '{}',        -- JSON of hand-filled cells
    footer TEXT NOT NULL DEFAULT '{}',       -- 负责人, 填表人, 联系电话, 填报日期
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','signed')),
    override_reason TEXT NOT NULL DEFAULT '',
    signed_at TEXT,
    signed_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    UNIQUE (template, unit_code, period)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL
        CHECK (role IN ('village_clerk','township_reviewer','county_admin','inspector')),
    unit_code TEXT,
    password_hash TEXT NOT NULL DEFAULT '',
    must_change INTEGER NOT NULL DEFAULT 1,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now','localtime')),
    by_user TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,          -- insert / update / delete / login / export / sign / import
    table_name TEXT NOT NULL DEFAULT '',
    row_id INTEGER,
    before TEXT,                   -- JSON
    after TEXT,                    -- JSON
    prev_hash TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_audit_table ON audit_log(table_name, row_id);

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('out','in','returned_out','returned_in')),
    unit_code TEXT NOT NULL,
    period TEXT NOT NULL,
    package_sha256 TEXT NOT NULL,
    filename TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    signer_fingerprint TEXT NOT NULL DEFAULT '',
    created_at TEXT,               -- when the sender made it
    received_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    status TEXT NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted','accepted','returned','superseded','refused')),
    comments TEXT NOT NULL DEFAULT '',
    manifest TEXT NOT NULL DEFAULT '{}',
    audit_head TEXT NOT NULL DEFAULT '',
    superseded_by INTEGER REFERENCES submissions(id)
);
CREATE INDEX idx_submissions_unit ON submissions(unit_code, period);
"""


@migrations()
def m001_core_tables(db):
    db.executescript(CORE_TABLES)


@migrations()
def m002_money_tables(db):
    db.executescript(MONEY_TABLES)


@migrations()
def m003_work_tables(db):
    db.executescript(WORK_TABLES)


UNIT_KEYS = """
-- The unit's signing keys. The certificate is self-signed at unit set-up; enrolment
-- (the exchange issue) replaces chain_pem with a chain up to the county root.
CREATE TABLE unit_keys (
    id INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL,
    key_pem TEXT NOT NULL,
    cert_pem TEXT NOT NULL,
    chain_pem TEXT NOT NULL DEFAULT '',    -- issuing certificates, leaf excluded, PEM concatenated
    fingerprint TEXT NOT NULL,             -- SHA-256 of the certificate (hex)
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
"""


@migrations()
def m004_unit_keys(db):
    db.executescript(UNIT_KEYS)
