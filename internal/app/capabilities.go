package app

import (
	"commons/internal/assets"
	"commons/internal/budgeting"
	"commons/internal/campaigns"
	"commons/internal/coproduction"
	"commons/internal/events"
	"commons/internal/knowledge"
	"commons/internal/mentoring"
	"commons/internal/network"
	"commons/internal/ownership"
	"commons/internal/platform/capability"
	"commons/internal/timebank"
	"commons/internal/volunteering"
)

// Capabilities is every capability of Commons, in the order their migrations apply and their
// navigation shows. Adding a capability is one line here; the route table, the navigation, the
// migrations, the catalogues, the OpenAPI document, the demo, the workers, the data download and
// account deletion all follow from it (see docs/adding-a-capability.md). A capability that needs
// another's service finds it through capability.Find, so providers come first.
func Capabilities() []capability.Capability {
	return []capability.Capability{
		budgeting.Capability(),
		assets.Capability(),
		coproduction.Capability(),
		events.Capability(),
		network.Capability(),
		timebank.Capability(),
		volunteering.Capability(),
		ownership.Capability(),
		mentoring.Capability(),
		campaigns.Capability(),
		knowledge.Capability(),
	}
}
