package budgeting

import "commons/internal/platform/openapi"

// openAPI adds the capability's paths and schemas to the OpenAPI document. Every operation has
// its parameters, request body (with an example) and every status it answers; a test in
// internal/app calls each one and checks the answers against this document.
func openAPI(paths, schemas openapi.Obj) {
	type O = openapi.Obj
	str, integer, uuid, boolean := O{"type": "string"}, O{"type": "integer"}, O{"type": "string", "format": "uuid"}, O{"type": "boolean"}
	date, ts := O{"type": "string", "format": "date"}, O{"type": "string", "format": "date-time"}
	nullTS := O{"type": []string{"string", "null"}, "format": "date-time"}
	enum := func(vs ...string) O { return O{"type": "string", "enum": vs} }
	query := func(name, desc string, schema O) O {
		return O{"name": name, "in": "query", "description": desc, "schema": schema}
	}
	ideaParam := O{"name": "idea", "in": "path", "required": true, "schema": uuid}
	problem := openapi.Problem
	body := func(schema string, example O) O {
		return O{"required": true, "content": O{"application/json": O{"schema": openapi.Ref(schema), "example": example}}}
	}
	pageOf := func(name string) O {
		l := openapi.ListOf(name)
		l["required"] = []string{"items", "limit", "offset", "total"}
		l["properties"].(O)["total"] = O{"type": "integer", "minimum": 0, "description": "How many items match, on every page"}
		return l
	}
	ideaFilters := append([]O{
		query("status", "Only ideas in this state", enum(IdeaStates...)),
		query("area", "Only ideas in this area", uuid),
		query("since", "Only ideas sent on or after this day (London)", date),
		query("until", "Only ideas sent on or before this day (London)", date),
	}, openapi.Paging...)
	write := func(op O) O { op["security"] = openapi.Token; return op }
	writeErrors := O{"401": problem, "403": problem, "404": problem, "409": problem, "422": problem}
	with := func(ok O, more O) O {
		for k, v := range more {
			ok[k] = v
		}
		return ok
	}

	paths["/budgets"] = O{"get": O{"operationId": "listBudgets", "summary": "Participatory budgeting processes, the latest voting first",
		"parameters": append([]O{
			query("phase", "Only processes in this phase", enum(Phases...)),
			query("area", "Only processes with a budget for this area", uuid),
			query("from", "Only processes whose voting ends on or after this day", date),
			query("until", "Only processes whose voting starts on or before this day", date),
		}, openapi.Paging...),
		"responses": O{"200": openapi.JSONResponse("A page of processes", pageOf("BudgetProcess")), "422": problem}}}
	paths["/budgets/{id}"] = O{"get": O{"operationId": "getBudget", "summary": "One process", "parameters": []O{openapi.IDParam},
		"responses": O{"200": openapi.JSONResponse("The process", openapi.Ref("BudgetProcess")), "404": problem}}}
	paths["/budgets/{id}/projects"] = O{"get": O{"operationId": "listBudgetProjects", "summary": "The projects on a process's ballot (ideas accepted at review)",
		"parameters": append([]O{openapi.IDParam}, ideaFilters...),
		"responses":  O{"200": openapi.JSONResponse("A page of projects", pageOf("BudgetIdea")), "404": problem, "422": problem}}}
	paths["/budgets/{id}/ideas"] = O{
		"get": O{"operationId": "listBudgetIdeas", "summary": "Every idea suggested in a process (except those a moderator hid), with its review and where it stands",
			"parameters": append([]O{openapi.IDParam}, ideaFilters...),
			"responses":  O{"200": openapi.JSONResponse("A page of ideas", pageOf("BudgetIdea")), "404": problem, "422": problem}},
		"post": write(O{"operationId": "submitBudgetIdea", "summary": "Suggest an idea, as the token's owner, while the process takes ideas",
			"description": "Needs the write scope. The author is told by mail how it is reviewed. show_name: the author agrees to be named with it on public pages.",
			"parameters":  []O{openapi.IDParam},
			"requestBody": body("BudgetIdeaRequest", O{"title": "Benches by the pond", "description": "Four benches facing the pond in Greenfields Park.", "estimate_pence": 400000, "lang": "en"}),
			"responses":   with(O{"201": openapi.JSONResponse("The idea", openapi.Ref("BudgetIdea"))}, writeErrors)}),
	}
	paths["/budgets/{id}/ideas/{idea}/review"] = O{"post": write(O{"operationId": "reviewBudgetIdea", "summary": "Record a feasibility review: on the ballot at a cost, or not going forward with a public reason",
		"description": "Needs the write scope, and the admin scope for an officer (or membership of the process's review panel). The author is told by mail when the decision changes.",
		"parameters":  []O{openapi.IDParam, ideaParam},
		"requestBody": body("BudgetReviewRequest", O{"decision": "accepted", "feasibility": "The parks team can do this in spring.", "cost_pence": 450000, "title_en": "Benches by the pond", "title_cy": "Meinciau wrth y pwll"}),
		"responses":   with(O{"200": openapi.JSONResponse("The idea as reviewed", openapi.Ref("BudgetIdea"))}, writeErrors)})}
	paths["/budgets/{id}/ballots"] = O{"post": write(O{"operationId": "castBudgetBallot", "summary": "Cast the ballot of a one-time voting code",
		"description": "Needs the write scope. The code is the voter: the token (an app's, such as a kiosk's) only lets the request in. A code votes once. choices: project ids, with points on a cumulative ballot (1 otherwise).",
		"parameters":  []O{openapi.IDParam},
		"requestBody": body("BudgetBallotRequest", O{"code": "K7QM-XD4P-2RTA", "area_id": "00000000-0000-4000-8000-000000000000", "eligible": true, "choices": []O{{"project_id": "00000000-0000-4000-8000-000000000001", "points": 1}}}),
		"responses":   with(O{"201": openapi.JSONResponse("The receipt", openapi.Ref("BudgetBallotReceipt"))}, writeErrors)})}
	paths["/budgets/{id}/ideas/{idea}/delivery"] = O{"get": O{"operationId": "getBudgetDelivery", "summary": "A funded project's delivery: milestones and public updates",
		"parameters": []O{openapi.IDParam, ideaParam},
		"responses":  O{"200": openapi.JSONResponse("The delivery record", openapi.Ref("BudgetDelivery")), "404": problem}}}
	paths["/budgets/{id}/ideas/{idea}/milestones"] = O{"post": write(O{"operationId": "saveBudgetMilestone", "summary": "Add a delivery milestone to a funded project, or update one (milestone_id)",
		"description": "Needs the write and admin scopes (officers).",
		"parameters":  []O{openapi.IDParam, ideaParam},
		"requestBody": body("BudgetMilestoneRequest", O{"title": "Order the benches", "status": "in_progress", "percent": 40}),
		"responses": with(O{"200": openapi.JSONResponse("The project's milestones", O{"type": "object", "required": []string{"items"}, "properties": O{"items": O{"type": "array", "items": openapi.Ref("BudgetMilestone")}}}),
			"201": openapi.JSONResponse("The project's milestones", O{"type": "object", "required": []string{"items"}, "properties": O{"items": O{"type": "array", "items": openapi.Ref("BudgetMilestone")}}})}, writeErrors)})}
	paths["/budgets/{id}/ideas/{idea}/updates"] = O{"post": write(O{"operationId": "postBudgetUpdate", "summary": "Post a dated public update (Markdown) on a funded project",
		"description": "Needs the write and admin scopes (officers).",
		"parameters":  []O{openapi.IDParam, ideaParam},
		"requestBody": body("BudgetUpdateRequest", O{"body": "The benches are **in**."}),
		"responses":   with(O{"201": openapi.JSONResponse("The project's updates, newest first", O{"type": "object", "required": []string{"items"}, "properties": O{"items": O{"type": "array", "items": openapi.Ref("BudgetUpdate")}}})}, writeErrors)})}
	paths["/budgets/{id}/ideas/{idea}/delivered"] = O{"post": write(O{"operationId": "markBudgetProjectDelivered", "summary": "Mark a funded project delivered (its author is told)",
		"description": "Needs the write and admin scopes (officers). The body is empty or {}.",
		"parameters":  []O{openapi.IDParam, ideaParam},
		"responses":   with(O{"200": openapi.JSONResponse("The project", openapi.Ref("BudgetIdea"))}, writeErrors)})}
	paths["/budgets/{id}/results"] = O{"get": O{"operationId": "getBudgetResults", "summary": "A process's published results: the stored count with its rule, turnout and spend by area",
		"parameters": []O{openapi.IDParam},
		"responses":  O{"200": openapi.JSONResponse("The results", openapi.Ref("BudgetResults")), "404": problem}}}

	paths["/budgets/{id}/turnout"] = O{"get": O{"operationId": "getBudgetTurnout",
		"summary":    "A process's live turnout: the ballots so far, from counters kept as ballots arrive; by area and channel for officers",
		"parameters": []O{openapi.IDParam},
		"responses":  O{"200": openapi.JSONResponse("The turnout so far", openapi.Ref("BudgetTurnout")), "404": problem}}}
	schemas["BudgetTurnout"] = O{"type": "object", "required": []string{"process_id", "phase", "ballots"}, "properties": O{
		"process_id": uuid, "phase": enum(Phases...), "ballots": O{"type": "integer", "minimum": 0},
		"by_area_and_channel": O{"type": "array", "description": "Officers only", "items": O{"type": "object",
			"required": []string{"area_name", "channel", "ballots"}, "properties": O{
				"area_id": uuid, "area_name": str, "channel": str, "ballots": O{"type": "integer", "minimum": 0}}}}}}

	schemas["BudgetProcess"] = O{"type": "object", "required": []string{"id", "title", "title_cy", "description", "description_html", "total_pence", "area_budgets", "phase", "format", "rule", "voter_access", "count_state"}, "properties": O{
		"id": uuid, "title": O{"type": "string", "description": "In English"}, "title_cy": O{"type": "string", "description": "In Welsh; empty when the council has not written it"},
		"description": O{"type": "string", "description": "Markdown, in English"}, "description_html": O{"type": "string", "description": "Sanitised HTML"},
		"description_cy": O{"type": "string", "description": "Markdown, in Welsh"}, "description_cy_html": O{"type": "string", "description": "Sanitised HTML"},
		"total_pence":  integer,
		"area_budgets": O{"type": "array", "items": O{"type": "object", "required": []string{"area_id", "area_name", "pence"}, "properties": O{"area_id": uuid, "area_name": str, "pence": integer}}},
		"phase":        enum(Phases...),
		"ideas_from":   date, "review_from": date, "voting_from": date, "voting_until": date, "results_from": date,
		"format":      enum(Formats...),
		"min_choices": integer, "max_choices": integer, "points": integer,
		"rule":                 O{"type": "string", "enum": Rules, "description": "greedy (most votes first), or mes: the Method of Equal Shares, completed by raising every voter's share a pound at a time and then funding what still fits by votes (mes-add1-greedy)"},
		"min_age":              integer,
		"voter_access":         enum(Accesses...),
		"counted_at":           nullTS,
		"count_state":          O{"type": "string", "enum": []string{"", CountChecking, CountPublished}, "description": "checking: counted, waiting to be published; published: results are public"},
		"results_published_at": nullTS,
		"reopened_at":          ts, "reopen_reason": str,
		"created_at": ts, "updated_at": ts,
	}}
	schemas["BudgetIdea"] = O{"type": "object", "required": []string{"id", "process_id", "title", "description", "estimate_pence", "cost_pence", "status", "state", "supports", "created_at"}, "properties": O{
		"id": uuid, "process_id": uuid, "title": O{"type": "string", "description": "The author's own title"}, "description": str, "area_id": uuid, "area_name": str, "address": str,
		"lat": O{"type": "number"}, "lng": O{"type": "number"}, "estimate_pence": integer, "cost_pence": integer,
		"status": enum("submitted", "accepted", "rejected"), "state": enum(IdeaStates...), "outcome": enum("funded", "not_funded"),
		"feasibility": str, "review_reason": str, "reviewed_at": ts, "delivered_at": ts,
		"lang":           O{"type": "string", "enum": []string{"en", "cy"}, "description": "The language its author wrote in"},
		"official_title": str, "official_title_cy": str, "summary": str, "summary_cy": str,
		"assisted_how": O{"type": "string", "enum": AssistHows, "description": "Sent by an officer for a resident, and how"},
		"supports":     integer, "created_at": ts,
	}}
	schemas["BudgetIdeaRequest"] = O{"type": "object", "required": []string{"title", "description"}, "additionalProperties": false, "properties": O{
		"title": O{"type": "string", "maxLength": 200}, "description": O{"type": "string", "maxLength": 5000}, "area_id": uuid, "address": O{"type": "string", "maxLength": 300},
		"lat": O{"type": "number", "minimum": -90, "maximum": 90}, "lng": O{"type": "number", "minimum": -180, "maximum": 180},
		"estimate_pence": O{"type": "integer", "minimum": 0}, "lang": O{"type": "string", "enum": []string{"en", "cy"}}, "show_name": boolean,
	}}
	schemas["BudgetReviewRequest"] = O{"type": "object", "required": []string{"decision", "feasibility"}, "additionalProperties": false, "properties": O{
		"decision": enum("accepted", "rejected"), "feasibility": str, "cost_pence": O{"type": "integer", "minimum": 1, "description": "Needed when accepted: the cost on the ballot"},
		"reason": O{"type": "string", "description": "Needed when rejected; public"}, "title_en": str, "title_cy": str, "summary": str, "summary_cy": str,
	}}
	schemas["BudgetBallotRequest"] = O{"type": "object", "required": []string{"code", "choices"}, "additionalProperties": false, "properties": O{
		"code": O{"type": "string", "description": "A one-time code from the council: case, spaces and dashes do not matter"}, "area_id": uuid,
		"eligible": O{"type": "boolean", "description": "The voter declares they live in the area and are old enough"},
		"choices":  O{"type": "array", "items": O{"type": "object", "required": []string{"project_id", "points"}, "properties": O{"project_id": uuid, "points": O{"type": "integer", "minimum": 1}}}},
	}}
	schemas["BudgetBallotReceipt"] = O{"type": "object", "required": []string{"receipt", "receipt_url"}, "properties": O{"receipt": str, "receipt_url": str}}
	schemas["BudgetMilestoneRequest"] = O{"type": "object", "required": []string{"title", "status", "percent"}, "additionalProperties": false, "properties": O{
		"milestone_id": uuid, "title": O{"type": "string", "maxLength": 200}, "status": enum(MilestoneStatuses...), "percent": O{"type": "integer", "minimum": 0, "maximum": 100},
	}}
	schemas["BudgetUpdateRequest"] = O{"type": "object", "required": []string{"body"}, "additionalProperties": false, "properties": O{"body": O{"type": "string", "maxLength": 10000, "description": "Markdown"}}}
	schemas["BudgetMilestone"] = O{"type": "object", "required": []string{"id", "title", "status", "percent", "updated_at"}, "properties": O{
		"id": uuid, "title": str, "status": enum(MilestoneStatuses...), "percent": integer, "updated_at": ts}}
	schemas["BudgetUpdate"] = O{"type": "object", "required": []string{"id", "body", "body_html", "created_at"}, "properties": O{
		"id": uuid, "body": str, "body_html": str, "created_at": ts}}
	schemas["BudgetDelivery"] = O{"type": "object", "required": []string{"milestones", "updates"}, "properties": O{
		"delivered_at": nullTS, "milestones": O{"type": "array", "items": openapi.Ref("BudgetMilestone")}, "updates": O{"type": "array", "items": openapi.Ref("BudgetUpdate")}}}
	schemas["BudgetResults"] = O{"type": "object", "required": []string{"count_id", "count_number", "state", "rule", "format", "counted_at", "closed_early", "projects", "turnout", "areas", "ballots", "spent_pence", "budget_pence"}, "properties": O{
		"count_id": uuid, "count_number": integer, "state": enum(CountPublished),
		"rule":       O{"type": "string", "description": "The rule the count used: greedy, mes-add1-greedy (mes-add1 for counts made before the completed method)"},
		"format":     enum(Formats...),
		"counted_at": ts, "published_at": nullTS, "closed_early": O{"type": "boolean", "description": "Voting was closed by the count before its published closing day"},
		"recount_reason": O{"type": "string", "description": "Why the process was counted again (absent for a first count)"}, "replaces_published_at": ts,
		"projects": O{"type": "array", "items": O{"type": "object", "required": []string{"project_id", "title", "cost_pence", "votes", "score", "funded", "position", "reason"}, "properties": O{
			"project_id": uuid, "title": str, "title_cy": str, "area_id": uuid, "area_name": str, "cost_pence": integer, "votes": integer,
			"score": integer, "funded": O{"type": "boolean"}, "position": O{"type": "integer", "description": "funding order, 0 when not funded"},
			"reason": O{"type": "string", "description": "Why the project was or was not funded, in plain English"},
			"why": O{"type": "object", "required": []string{"code"}, "description": "The same reason in parts, to word it in another language (absent for results counted before it was kept); the codes and parts are documented in package tally",
				"properties": O{"code": enum(WhyCodes...), "kind": enum(BallotKinds...),
					"rank": integer, "round": integer, "score": integer, "votes": integer, "capped": integer,
					"cost": str, "left": str, "budget": str, "stopped": str, "threshold": str, "each": str, "held": str, "raised": str, "load": str, "leftover": str,
					"stops_here": O{"type": "boolean"}, "withdrawn": O{"type": "boolean"}}},
		}}},
		"turnout": O{"type": "array", "items": O{"type": "object", "required": []string{"area_name", "channel", "ballots"}, "properties": O{
			"area_id": uuid, "area_name": str, "channel": enum("online", "code", "paper"), "ballots": integer,
		}}},
		"areas": O{"type": "array", "items": O{"type": "object", "required": []string{"area_name", "budget_pence", "spent_pence", "funded", "projects", "ballots"}, "properties": O{
			"area_id": uuid, "area_name": str, "budget_pence": O{"type": "integer", "description": "0 when the process has one budget"}, "spent_pence": integer,
			"funded": integer, "projects": integer, "ballots": integer,
		}}},
		"ballots": integer, "spent_pence": integer, "budget_pence": integer,
	}}
}
