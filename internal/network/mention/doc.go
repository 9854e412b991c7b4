// Package mention finds @mentions of people in a post. A person's handle is their name in
// lower case with every run of other characters than letters and digits made one hyphen, so
// "Gwen Member" is @gwen-member.
//
// Pure: standard library only.
package mention
