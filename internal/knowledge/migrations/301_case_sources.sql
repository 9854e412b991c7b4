-- Case studies drafted from finished work (issue 25, point 4): where the draft came from, the
-- figures its source gave (outcomes and indicators, charted on the case's page) and the
-- organisations, areas and places (assets) it involved. A case written by hand has no source
-- row and may still be linked.

CREATE TABLE knowledge_case_sources (
    case_id      TEXT PRIMARY KEY REFERENCES knowledge_cases (id) ON DELETE CASCADE,
    capability   TEXT NOT NULL,
    ref          TEXT NOT NULL,
    source_url   TEXT NOT NULL DEFAULT '',
    started_on   TEXT NOT NULL DEFAULT '',
    ended_on     TEXT NOT NULL DEFAULT '',
    participants INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX knowledge_case_sources_ref ON knowledge_case_sources (capability, ref);

-- One figure: kind is outcome or indicator; position keeps the source's order.
CREATE TABLE knowledge_case_figures (
    case_id  TEXT NOT NULL REFERENCES knowledge_cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('outcome', 'indicator')),
    label    TEXT NOT NULL,
    value    DOUBLE PRECISION NOT NULL,
    target   DOUBLE PRECISION NOT NULL DEFAULT 0,
    unit     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, position)
);

-- What a case involved: kind is organisation, area or asset; ref is that thing's id.
CREATE TABLE knowledge_case_links (
    case_id TEXT NOT NULL REFERENCES knowledge_cases (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL CHECK (kind IN ('organisation', 'area', 'asset')),
    ref     TEXT NOT NULL,
    PRIMARY KEY (case_id, kind, ref)
);
CREATE INDEX knowledge_case_links_ref ON knowledge_case_links (kind, ref);
