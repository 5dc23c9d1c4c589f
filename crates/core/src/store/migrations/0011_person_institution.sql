-- Schema v11: a speaker's or moderator's institution from outside the pemda (ANRI, a
-- university, a ministry) is kept with the person instead of becoming an OPD. A person
-- who works in one of the OPDs keeps `opd_id`; `institution` is for everyone else.
ALTER TABLE person ADD COLUMN institution TEXT;
