package clock

// The nations whose bank holidays working-day periods skip.
const (
	EnglandAndWales = "england-and-wales"
	Scotland        = "scotland"
)

// FirstHolidayYear and LastHolidayYear bound the years Holidays covers; a working-day period
// that would reach outside them is refused rather than guessed.
const (
	FirstHolidayYear = 2024
	LastHolidayYear  = 2030
)

// Holidays are the bank holidays of each nation, as GOV.UK publishes them
// (https://www.gov.uk/bank-holidays, "england-and-wales" and "scotland"), with the substitute
// days the Banking and Financial Dealings Act 1971 and the yearly royal proclamations give when a
// holiday falls at a weekend. 2024–2026 are the published dates; 2027–2030 follow the standing
// pattern (New Year, Good Friday, Easter Monday in England and Wales, the early May, spring and
// summer holidays, St Andrew's Day in Scotland, Christmas and Boxing Day) and must be checked when
// GOV.UK publishes them, since a proclamation can move or add a day. A test checks every year
// against the pattern.
var Holidays = map[string][]string{
	EnglandAndWales: {
		"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26",
		"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
		"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
		"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
		"2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26",
		"2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26",
		"2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26",
	},
	Scotland: {
		"2024-01-01", "2024-01-02", "2024-03-29", "2024-05-06", "2024-05-27", "2024-08-05", "2024-12-02", "2024-12-25", "2024-12-26",
		"2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05", "2025-05-26", "2025-08-04", "2025-12-01", "2025-12-25", "2025-12-26",
		"2026-01-01", "2026-01-02", "2026-04-03", "2026-05-04", "2026-05-25", "2026-08-03", "2026-11-30", "2026-12-25", "2026-12-28",
		"2027-01-01", "2027-01-04", "2027-03-26", "2027-05-03", "2027-05-31", "2027-08-02", "2027-11-30", "2027-12-27", "2027-12-28",
		"2028-01-03", "2028-01-04", "2028-04-14", "2028-05-01", "2028-05-29", "2028-08-07", "2028-11-30", "2028-12-25", "2028-12-26",
		"2029-01-01", "2029-01-02", "2029-03-30", "2029-05-07", "2029-05-28", "2029-08-06", "2029-11-30", "2029-12-25", "2029-12-26",
		"2030-01-01", "2030-01-02", "2030-04-19", "2030-05-06", "2030-05-27", "2030-08-05", "2030-12-02", "2030-12-25", "2030-12-26",
	},
}

var holidaySets = func() map[string]map[Date]bool {
	out := map[string]map[Date]bool{}
	for nation, days := range Holidays {
		set := map[Date]bool{}
		for _, s := range days {
			set[MustParse(s)] = true
		}
		out[nation] = set
	}
	return out
}()

// IsWorkingDay reports whether d is a working day in the nation: not a Saturday, a Sunday or one
// of its bank holidays. ok is false when d is outside the years Holidays covers or the nation is
// unknown.
func IsWorkingDay(nation string, d Date) (working, ok bool) {
	set, known := holidaySets[nation]
	if !known || d.Year() < FirstHolidayYear || d.Year() > LastHolidayYear {
		return false, false
	}
	return !d.weekend() && !set[d], true
}
