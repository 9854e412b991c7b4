// Package progress holds co-production's pure rules: the suitability score of a proposed project
// against the council's weighted criteria, how far an outcome indicator has moved from its
// baseline towards its target, how much of the work sits at each level of the IAP2 spectrum, the
// seven National Standards for Community Engagement and their scores, and the parsers of the
// numbers, amounts and dates people type into the short update forms.
//
// Pure: standard library only.
package progress
