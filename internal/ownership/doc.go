// Package ownership runs community ownership as casework on statutory clocks, tied to the asset
// map: England's assets of community value (nominations online or recorded from paper, the
// eligibility checks, decisions, notices, the owner's review and tribunal appeal, disposal
// notices and moratoria, requests to be treated as a bidder, compensation), Scotland's asset
// transfer requests under Part 5 of the Community Empowerment (Scotland) Act 2015 (validation,
// notices, representations, decision, review, appeal, offer, lapse), and a council's own
// community asset transfer policy (expression of interest, full application, scoring against
// the council's criteria, decision, terms, monitoring). Every deadline comes from the pure
// package clock; every step of a case is data (steps.go).
//
// It publishes the registers under /ownership (the list of assets of community value in the
// fields of planning.data.gov.uk's asset-of-community-value dataset, unsuccessful nominations,
// the asset transfer request register, Scotland's register of land) as pages, CSV and GeoJSON,
// the yearly reports, and an API under /api/v1/ownership. Its Worker reminds officers and the
// people involved before each deadline, claiming each reminder in the database.
//
// It owns the tables own_cases, own_events, own_clocks, own_pauses, own_documents,
// own_criteria, own_scores, own_settings, own_land and own_counters. It reads places from the
// asset map through the Places interface (PlaceFinder) and offers AtPlace, so an asset's page
// lists its ownership journey. internal/app lists it in capabilities.go; nothing imports it.
package ownership
