-- Schema v14: keuangan — the honoraria, the participants' transport money and the PPh 21
-- withheld, with what the payment documents (SPJ) need. Money is whole rupiah (INTEGER).
--
-- The rate table (standar biaya) per budget year. A row the app shipped as an example
-- (`example` = 1) stays marked until the organizer changes it.
CREATE TABLE finance_rate (
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    -- narasumber: per hour; moderator: per session; pembawa_acara: per event;
    -- transport: per day present
    kind         TEXT NOT NULL
                 CHECK (kind IN ('narasumber', 'moderator', 'pembawa_acara', 'transport')),
    -- narasumber: 'menteri', 'eselon_1', 'eselon_2', 'eselon_3'; others: ''
    level        TEXT NOT NULL,
    description  TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 1000000000),
    -- the regulation's ceiling (SBM, Perbup): a rate above it warns
    cap          INTEGER CHECK (cap IS NULL OR cap BETWEEN 0 AND 1000000000),
    example      INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1)),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (year, kind, level)
) STRICT;

-- What a payment needs to know of a person, whatever the event: employment status,
-- golongan, the level their rate follows, tax id, bank account.
CREATE TABLE person_finance (
    person_id     TEXT PRIMARY KEY NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    status        TEXT CHECK (status IS NULL OR status IN
                  ('pns', 'pppk', 'tni_polri', 'pejabat_negara', 'pensiunan', 'bukan_asn')),
    -- 'III/c' (PNS, TNI/Polri, pensiunan) or 'IX' (PPPK)
    golongan      TEXT,
    level         TEXT CHECK (level IS NULL OR level IN
                  ('menteri', 'eselon_1', 'eselon_2', 'eselon_3')),
    -- 15 or 16 digits
    npwp          TEXT CHECK (npwp IS NULL OR length(npwp) IN (15, 16)),
    bank          TEXT,
    account_no    TEXT,
    account_name  TEXT,
    -- works at the organizing agency (a local rule may halve their honorarium)
    internal      INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    updated_at    TEXT NOT NULL
) STRICT;

-- What one registration's payment changes: a rate agreed for this person, the days of
-- transport corrected by hand (with why), or no payment at all.
CREATE TABLE registration_finance (
    registration_id   TEXT PRIMARY KEY NOT NULL
                      REFERENCES registration (id) ON DELETE CASCADE,
    rate              INTEGER CHECK (rate IS NULL OR rate BETWEEN 0 AND 1000000000),
    transport_days    INTEGER CHECK (transport_days IS NULL OR transport_days BETWEEN 0 AND 366),
    transport_reason  TEXT,
    unpaid            INTEGER NOT NULL DEFAULT 0 CHECK (unpaid IN (0, 1)),
    updated_at        TEXT NOT NULL
) STRICT;

-- An event's budget coding (from the DPA), its signatories and its rules. NULL means the
-- default.
CREATE TABLE finance_settings (
    event_id           TEXT PRIMARY KEY NOT NULL REFERENCES event (id),
    budget_year        INTEGER CHECK (budget_year IS NULL OR budget_year BETWEEN 2000 AND 2100),
    program            TEXT,
    kegiatan           TEXT,
    sub_kegiatan       TEXT,
    account_honor      TEXT,
    account_transport  TEXT,
    -- how a session's minutes become hours: 'down', 'up', 'nearest'
    hour_rounding      TEXT CHECK (hour_rounding IS NULL OR hour_rounding IN ('down', 'up', 'nearest')),
    halve_internal     INTEGER NOT NULL DEFAULT 0 CHECK (halve_internal IN (0, 1)),
    -- PPh 21 final rates of PNS and their peers per golongan, in basis points (500 = 5 %)
    final_low_bp       INTEGER CHECK (final_low_bp IS NULL OR final_low_bp BETWEEN 0 AND 10000),
    final_iii_bp       INTEGER CHECK (final_iii_bp IS NULL OR final_iii_bp BETWEEN 0 AND 10000),
    final_iv_bp        INTEGER CHECK (final_iv_bp IS NULL OR final_iv_bp BETWEEN 0 AND 10000),
    -- bukan pegawai: the share of gross taxed under Pasal 17, in percent
    dpp_percent        INTEGER CHECK (dpp_percent IS NULL OR dpp_percent BETWEEN 0 AND 100),
    -- 120 % without an NPWP (or an NIK that counts as one)
    no_npwp_surcharge  INTEGER NOT NULL DEFAULT 1 CHECK (no_npwp_surcharge IN (0, 1)),
    nik_as_npwp        INTEGER NOT NULL DEFAULT 1 CHECK (nik_as_npwp IN (0, 1)),
    pppk_rule          TEXT CHECK (pppk_rule IS NULL OR pppk_rule IN ('bukan_pegawai', 'seperti_pns')),
    place              TEXT,
    -- YYYY-MM-DD on the documents; the event's last day when unset
    pay_date           TEXT,
    pa_name            TEXT,
    pa_nip             TEXT,
    pa_title           TEXT,
    pptk_name          TEXT,
    pptk_nip           TEXT,
    bendahara_name     TEXT,
    bendahara_nip      TEXT,
    updated_at         TEXT NOT NULL
) STRICT;

-- When each payment document was last printed and a digest of the figures it showed:
-- a later change to the figures marks it outdated.
CREATE TABLE finance_print (
    event_id    TEXT NOT NULL REFERENCES event (id),
    doc         TEXT NOT NULL CHECK (doc IN ('nominatif', 'kwitansi', 'transport', 'pph')),
    digest      TEXT NOT NULL,
    printed_at  TEXT NOT NULL,
    PRIMARY KEY (event_id, doc)
) STRICT;
