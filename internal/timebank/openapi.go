package timebank

import "commons/internal/platform/openapi"

// openAPI adds the capability's paths and schemas to the OpenAPI document.
func openAPI(paths, schemas openapi.Obj) {
	uuid, ts, str, integer, boolean := openapi.UUID, openapi.Timestamp, openapi.String, openapi.Integer, openapi.Boolean
	day := openapi.Obj{"type": "string", "format": "date"}
	minutes := openapi.Obj{"type": "integer", "description": "whole minutes"}
	param := func(name string) openapi.Obj {
		return openapi.Obj{"name": name, "in": "path", "required": true, "schema": uuid}
	}
	op := func(id, summary string, params []openapi.Obj, ok openapi.Obj, auth bool, extra ...string) openapi.Obj {
		resp := openapi.Obj{"200": ok, "404": openapi.Problem, "422": openapi.Problem}
		if auth {
			resp["401"], resp["403"] = openapi.Problem, openapi.Problem
		}
		for _, code := range extra {
			resp[code] = openapi.Problem
		}
		x := openapi.Obj{"operationId": id, "summary": summary, "parameters": params, "responses": resp}
		if auth {
			x["security"] = openapi.Token
		}
		return x
	}
	bank := []openapi.Obj{openapi.IDParam}
	ex := []openapi.Obj{openapi.IDParam, param("ex")}
	json := func(desc, schema string) openapi.Obj { return openapi.JSONResponse(desc, openapi.Ref(schema)) }
	list := func(desc, schema string) openapi.Obj { return openapi.JSONResponse(desc, openapi.ListOf(schema)) }

	paths["/timebanks"] = openapi.Obj{"get": op("listTimeBanks", "The time banks of the place", openapi.Paging, list("A page of time banks", "TimeBank"), false)}
	paths["/timebanks/{id}"] = openapi.Obj{"get": op("getTimeBank", "One time bank, its rules, limits and figures", bank, json("The time bank", "TimeBank"), false)}
	listingParams := append([]openapi.Obj{openapi.IDParam,
		{"name": "kind", "in": "query", "schema": openapi.Obj{"type": "string", "enum": []string{Offer, Request}}},
		{"name": "category", "in": "query", "schema": openapi.Obj{"type": "string", "enum": Categories}},
		{"name": "area_id", "in": "query", "schema": uuid},
		{"name": "q", "in": "query", "schema": str},
		{"name": "near", "in": "query", "description": "a UK postcode; listings given from home are always included", "schema": str},
		{"name": "within", "in": "query", "description": "miles from near", "schema": openapi.Obj{"type": "string", "enum": Distances}},
		{"name": "partners", "in": "query", "description": "yes: include the banks this one has agreements with", "schema": str},
	}, openapi.Paging...)
	paths["/timebanks/{id}/listings"] = openapi.Obj{"get": op("listTimeBankListings", "Open offers and requests, newest first (nearest first near a postcode)",
		listingParams, list("A page of offers and requests", "TimeBankListing"), false)}
	paths["/timebanks/{id}/members"] = openapi.Obj{"get": op("listTimeBankMembers", "Every member with balance and limit (the bank's brokers)",
		append([]openapi.Obj{openapi.IDParam}, openapi.Paging...), list("A page of members", "TimeBankMember"), true)}
	paths["/timebanks/{id}/exchanges"] = openapi.Obj{
		"get": op("listTimeBankExchanges", "Exchanges: every one of the bank's for its brokers, the caller's own for a member",
			append([]openapi.Obj{openapi.IDParam, {"name": "status", "in": "query", "schema": openapi.Obj{"type": "string",
				"enum": []string{ExPending, ExConfirmed, ExDeclined, ExCancelled, ExReversed}}}}, openapi.Paging...),
			list("A page of exchanges", "TimeBankExchange"), true),
		"post": openapi.Obj{"operationId": "recordTimeBankExchange", "security": openapi.Token,
			"summary": "Record an exchange: a member as giver or receiver (role, other), or a broker for two members (giver, receiver, channel). " +
				"Where the bank asks for it, it waits for the other party to confirm; otherwise it is posted at once.",
			"parameters": []openapi.Obj{openapi.IDParam, {"name": "Idempotency-Key", "in": "header", "description": "a repeated request with the same key returns the first one's exchange (200)", "schema": str}},
			"requestBody": openapi.Obj{"required": true, "content": openapi.Obj{"application/json": openapi.Obj{"schema": openapi.Ref("TimeBankExchangeInput"),
				"example": openapi.Obj{"role": "giver", "other": "4b1f0c3e-2a5d-4e8f-9c1b-7d6a5e4f3c2b", "minutes": 90, "category": "gardening",
					"note": "Weeded the back garden", "happened_on": "2026-03-01"}}}},
			"responses": openapi.Obj{"201": json("The exchange recorded", "TimeBankExchange"), "200": json("The exchange an earlier request with the key recorded", "TimeBankExchange"),
				"401": openapi.Problem, "403": openapi.Problem, "404": openapi.Problem, "409": openapi.Problem, "422": openapi.Problem}},
	}
	paths["/timebanks/{id}/exchanges/{ex}"] = openapi.Obj{"get": op("getTimeBankExchange", "One exchange (its parties and the brokers only)", ex, json("The exchange", "TimeBankExchange"), true)}
	decision := func(id, summary string, example openapi.Obj) openapi.Obj {
		x := op(id, summary, ex, json("The exchange", "TimeBankExchange"), true, "409")
		x["requestBody"] = openapi.Obj{"content": openapi.Obj{"application/json": openapi.Obj{"schema": openapi.Obj{"type": "object", "properties": openapi.Obj{
			"channel": openapi.Obj{"type": "string", "enum": Channels, "description": "how a broker confirming for someone heard"},
			"reason":  str}}, "example": example}}}
		return openapi.Obj{"post": x}
	}
	paths["/timebanks/{id}/exchanges/{ex}/confirm"] = decision("confirmTimeBankExchange", "Confirm an exchange waiting for the caller (or, as a broker, for a member they look after); 409 with a limit refusal",
		openapi.Obj{"channel": "phone"})
	paths["/timebanks/{id}/exchanges/{ex}/decline"] = decision("declineTimeBankExchange", "Decline an exchange waiting for the caller", openapi.Obj{"reason": "It was an hour, not two"})
	paths["/timebanks/{id}/exchanges/{ex}/reverse"] = decision("reverseTimeBankExchange", "Reverse a posted exchange, once (the bank's brokers)", openapi.Obj{"reason": "Recorded twice"})
	paths["/timebanks/{id}/accounts"] = openapi.Obj{"get": op("listTimeBankAccounts", "Accounts: the caller's own in the bank, or every one for its brokers (members', the pool, clearing accounts)",
		append([]openapi.Obj{openapi.IDParam}, openapi.Paging...), list("A page of accounts", "TimeBankAccount"), true)}
	paths["/timebanks/{id}/accounts/{acc}/statement"] = openapi.Obj{"get": op("getTimeBankStatement", "An account's postings with the running balance (its holder and the brokers)",
		[]openapi.Obj{openapi.IDParam, param("acc"), {"name": "from", "in": "query", "schema": day}, {"name": "to", "in": "query", "schema": day}},
		json("The statement", "TimeBankStatement"), true)}
	paths["/timebanks/{id}/insights"] = openapi.Obj{"get": op("getTimeBankInsights", "Twelve months of figures (the bank's brokers)", bank, json("The insights", "TimeBankInsights"), true)}

	schemas["TimeBank"] = openapi.Obj{"type": "object", "required": []string{"id", "name"}, "properties": openapi.Obj{
		"id": uuid, "name": str, "name_cy": str, "summary": str, "summary_cy": str, "rules": openapi.Obj{"type": "string", "description": "Markdown"},
		"rules_cy": str, "area_id": uuid, "contact_email": str, "contact_phone": str,
		"join_mode": openapi.Obj{"type": "string", "enum": []string{JoinOpen, JoinApproval}}, "must_confirm": boolean,
		"person_limit_minutes": minutes, "organisation_limit_minutes": minutes, "pool_limit_minutes": minutes, "joining_credit_minutes": minutes,
		"listing_days": integer, "members": integer, "pool_account_id": uuid, "created_at": ts, "updated_at": ts,
		"stats": openapi.Obj{"type": "object", "properties": openapi.Obj{"members": integer, "exchanges": integer, "minutes_exchanged": minutes}}}}
	schemas["TimeBankListing"] = openapi.Obj{"type": "object", "properties": openapi.Obj{
		"id": uuid, "bank_id": uuid, "bank_name": str, "member_id": uuid, "member_name": openapi.Obj{"type": "string", "description": "absent unless the caller may see it"},
		"kind": openapi.Obj{"type": "string", "enum": []string{Offer, Request}}, "title": str, "description": str,
		"category": openapi.Obj{"type": "string", "enum": Categories}, "area_id": uuid, "mode": openapi.Obj{"type": "string", "enum": Modes},
		"estimate_minutes": minutes, "photo_id": uuid, "photo_alt": str, "status": str, "expires_at": ts, "created_at": ts, "updated_at": ts,
		"miles": openapi.Obj{"type": "number", "description": "from the postcode searched near"}}}
	schemas["TimeBankMember"] = openapi.Obj{"type": "object", "properties": openapi.Obj{
		"id": uuid, "bank_id": uuid, "kind": openapi.Obj{"type": "string", "enum": []string{KindPerson, KindOrganisation, KindOffline}},
		"organisation_id": uuid, "name": str, "about": str, "role": openapi.Obj{"type": "string", "enum": []string{RoleMember, RoleBroker}},
		"status": openapi.Obj{"type": "string", "enum": []string{StatusPending, StatusActive, StatusLeft, StatusRemoved}}, "area_id": uuid,
		"share_email": boolean, "public_name": boolean, "limit_override_minutes": minutes, "added_how": str, "imported_ref": str, "joined_at": ts,
		"account_id": uuid, "balance_minutes": minutes, "limit_minutes": minutes}}
	party := openapi.Obj{"type": "object", "properties": openapi.Obj{"account_id": uuid, "bank_id": uuid, "member_id": uuid, "kind": str, "name": str, "bank_name": str}}
	schemas["TimeBankExchange"] = openapi.Obj{"type": "object", "required": []string{"id", "status", "minutes", "lines"}, "properties": openapi.Obj{
		"id": uuid, "bank_id": uuid, "kind": openapi.Obj{"type": "string", "enum": []string{"single", "group"}},
		"status":   openapi.Obj{"type": "string", "enum": []string{ExPending, ExConfirmed, ExDeclined, ExCancelled, ExReversed}},
		"category": str, "note": str, "minutes": minutes, "happened_on": day,
		"recorded_as": openapi.Obj{"type": "string", "enum": []string{AsGiver, AsReceiver, AsBroker}}, "recorded_member_id": uuid, "awaiting_member_id": uuid,
		"assisted_channel": str, "assisted_note": str, "listing_id": uuid, "created_at": ts, "decided_at": ts, "decided_channel": str, "decline_reason": str,
		"lines":          openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "properties": openapi.Obj{"receiver": party, "giver": party, "minutes": minutes}}},
		"transaction_id": uuid, "reversal_id": uuid, "reversal_note": str}}
	schemas["TimeBankExchangeInput"] = openapi.Obj{"type": "object", "required": []string{"minutes", "category", "note", "happened_on"}, "properties": openapi.Obj{
		"as":    openapi.Obj{"type": "string", "format": "uuid", "description": "the member the caller records as (their own or their organisation's)"},
		"role":  openapi.Obj{"type": "string", "enum": []string{AsGiver, AsReceiver}},
		"other": openapi.Obj{"type": "string", "format": "uuid", "description": "the other member, in this bank or one it has an agreement with"},
		"giver": uuid, "receiver": uuid, "minutes": openapi.Obj{"type": "integer", "minimum": 1, "maximum": MaxExchangeMinutes},
		"category": openapi.Obj{"type": "string", "enum": Categories}, "note": str, "happened_on": day,
		"channel": openapi.Obj{"type": "string", "enum": Channels}, "assist_note": str, "listing": uuid}}
	schemas["TimeBankAccount"] = openapi.Obj{"type": "object", "required": []string{"id", "kind", "balance_minutes"}, "properties": openapi.Obj{
		"id": uuid, "bank_id": uuid, "kind": openapi.Obj{"type": "string", "enum": []string{AccountMember, AccountPool, AccountClearing}},
		"member_id": uuid, "partner_bank_id": uuid, "balance_minutes": minutes, "limit_minutes": minutes, "postings": integer, "name": str}}
	schemas["TimeBankStatement"] = openapi.Obj{"type": "object", "properties": openapi.Obj{
		"account": openapi.Obj{"type": "object"}, "from": day, "to": day, "opening_balance_minutes": minutes, "closing_balance_minutes": minutes,
		"received_minutes": minutes, "paid_minutes": minutes,
		"rows": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "properties": openapi.Obj{
			"seq": integer, "posted_at": ts, "happened_on": day, "kind": str, "category": str, "note": str, "minutes": minutes,
			"balance_minutes": minutes, "transaction_id": uuid, "exchange_id": uuid, "reverses_transaction_id": uuid, "ref": str, "with": str}}}}}
	schemas["TimeBankInsights"] = openapi.Obj{"type": "object", "properties": openapi.Obj{
		"since": day, "members": integer, "active_members": integer, "minutes": minutes, "exchanges": integer,
		"months":      openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "properties": openapi.Obj{"month": str, "exchanges": integer, "minutes": minutes, "active_members": integer}}},
		"categories":  openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "properties": openapi.Obj{"category": str, "exchanges": integer, "minutes": minutes}}},
		"givers_only": openapi.Obj{"type": "array"}, "receivers_only": openapi.Obj{"type": "array"}, "dormant": openapi.Obj{"type": "array"},
		"assisted": openapi.Obj{"type": "array"}, "pool": openapi.Obj{"type": "object"}}}
}
