-- Each organisation's agreement that a closed mentoring relationship may be written up as a
-- case study in the knowledge hub (issue 25): the two organisations' names, the topic, the
-- outcome and what helped. Only a relationship both organisations agreed to is offered to the
-- hub. The agreement is the organisation's; no person is recorded.
CREATE TABLE men_case_consents (
    relationship_id TEXT NOT NULL REFERENCES men_relationships (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL,
    agreed_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (relationship_id, organisation_id)
);
