// Package identity is who is who in Commons: accounts (registration, email confirmation,
// sign-in, password reset, personal data download and deletion, API tokens), roles, areas
// (wards and localities) and organisations with their sector and members. It is the one
// capability others may reference.
//
// Tables: accounts, account_roles, account_tokens (single-use links), api_tokens, areas,
// organisations, organisation_members. Admin actions on areas, organisations and roles are
// written to the platform audit log in the same transaction.
package identity
