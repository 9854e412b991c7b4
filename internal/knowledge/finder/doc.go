// Package finder is the method finder's rule: from a short questionnaire (what people want to
// achieve, how much influence people will have, how many people, how much time and what budget)
// it ranks the methods of the library and says why each fits or where it does not.
//
// Pure: standard library only.
//
// The reasons are codes (ReasonPurpose, WarnDeeper, ...) that the knowledge capability's pages
// translate; the rule never sees a language.
package finder
