// Package capability is the shape of one capability of Commons (budgeting, assets, events, the
// network, volunteering, ...): everything the composition root needs to know about it, in one
// value. A capability's folder exports
//
//	func Capability() capability.Capability
//
// and internal/app lists those values once, in one slice (internal/app/capabilities.go). The
// route table, the navigation, the migrations, the message catalogues and templates, the OpenAPI
// document, the demo, the background workers, the data download and account deletion are all
// derived from that slice; nothing else in internal/app names a capability.
//
// A capability meets another only through small interfaces: the one that provides a service
// returns it in Parts.Services; the one that needs it declares a one-method interface and asks
// for it with Find or All, in Build (for capabilities earlier in the slice) or in Parts.Connect
// (which runs once every capability is built). No capability imports another.
//
// docs/adding-a-capability.md walks through a real one.
package capability
