// Package tally counts participatory-budgeting elections exactly and says
// why each project was or was not funded.
//
// Pure: standard library only.
//
// It is pure: no files, no network, no database. FromPabulib prepares an
// election read by package pabulib; Count runs one rule and returns a
// Result with the funded projects and, for every project, a plain-English
// reason with the same reason in parts (see Reasons), and, for one project
// on request, its story round by round.
// The tally command (package tallycmd) and the budgeting capability call
// it; it owns no tables.
//
// # Rules
//
//   - greedy: projects by score descending, funding each that still fits in
//     what is left and skipping those that do not.
//   - greedy-no-skip: the same, but counting stops at the first project
//     that does not fit.
//   - greedy-threshold: greedy over the projects whose score reaches META
//     min_project_score_threshold (all projects when it is absent). The
//     other greedy rules ignore the threshold, as the reference
//     implementation does.
//   - mes: the Method of Equal Shares. The budget is split equally among
//     all ballots (every VOTES line counts, even an empty one). Round by
//     round, the project whose supporters can pay for it at the lowest price
//     per unit of utility ρ is funded, each supporter paying ρ times their
//     utility or, if that is more, all they have left. Projects nobody
//     supports are never funded; a project costing nothing that somebody
//     supports is funded before the first round.
//   - mes-add1: mes, then, while the outcome is not exhaustive, every
//     voter's share is raised by one currency unit (one złoty, euro, pound:
//     Scale minor units) and the count re-run from the start. It returns
//     the first exhaustive outcome, or the last outcome within the real
//     budget as soon as a run overspends it. Exhaustive means that no
//     supported project left out fits in what the outcome leaves of the
//     real budget. Result.Increments says how many units were added.
//     Counting every increment one by one can take thousands of counts.
//     Instead every budget is kept as an affine function of the money
//     added, and each count works out how far that money can grow before
//     any comparison it made (who wins a round, who pays in full, which
//     project cannot be paid for) could come out differently; the
//     increments before that point give the same outcome and are skipped,
//     and the next count resumes from the first round that can change.
//     A change of who pays in full need not stop a count: the budgets
//     then drift from their affine forms by an amount that has a proven
//     bound, and each comparison is checked with that margin
//     (add1/drift.go).
//     Only elections of 2,048 supporters or more (votes for projects,
//     identical ballots counted once) drift: below that a count takes
//     well under a millisecond and the records drifting keeps are the
//     larger part of the memory.
//     These counts are certified rather than exact (see Exact arithmetic);
//     the count at the chosen increment, which gives the reasons, is
//     exact. The result is the same as counting one unit at a time (tests
//     check this on random and real elections).
//   - mes-add1-greedy: mes-add1, then the projects left out are funded by
//     the greedy rule (score order, skipping) from what is left.
//   - phragmen: sequential Phragmén on approval ballots. Every voter carries
//     a load, 0 at first; a project's value is its cost plus its
//     supporters' loads, divided by its number of supporters; the lowest
//     value is funded and its supporters' loads become that value. Projects
//     costing more than the whole budget are set aside first. Counting
//     stops (it does not skip) as soon as a project with the lowest value —
//     any one of those tied at it — does not fit. Projects nobody supports
//     come last, all tied, under the same stopping rule.
//
// # Reading the code
//
// Start with plain.go: the Method of Equal Shares as the literature states
// it, in exact rationals, one round at a time. plainMES holds one round in
// a screen: every project's price ρ (planRho, with why its walk is
// correct), the cheapest affordable project chosen with ties by id, each
// supporter paying min(b_i, ρ·u_i), and c.fund, the line that funds it.
// It is the definition: tests (plain_test.go) check that the count Count
// runs gives exactly its result, reasons included, on random elections
// and on the shared real ones, and testdata/golden-sha256.txt pins
// `commons tally --json` byte for byte on all 45 shared elections.
//
// Count runs the fast count, which reaches the same result by another
// road: Count (result.go) → count.mes or count.mesAdd1 (mes_rules.go) →
// equalShares.run (mes.go): priceAll prices every project (price),
// rounds_ pops the cheapest from a heap, pay works out the payments and
// moveSupporters moves its supporters to their new budget classes and
// calls c.fund (marked "the line that funds the round's winner"). Voters
// with equal budgets share a class (exact.go), so a round costs work per
// class, not per voter: a project's supporters are grouped into entries,
// one per class and utility (add1.Grouper, add1/group.go, which add1's
// certified counts use too).
//
// mes-add1 (count.mesAdd1, mes_rules.go) first searches for its
// increment, then counts exactly at it as mes does, and that exact count
// alone gives the result and the reasons. The search is package add1
// (tally/add1): add1.Search takes the election as plain slices (costs,
// ids, ballot weights, each project's supporters and their utilities)
// and follows the same rounds in certified floats (see Exact arithmetic)
// in a round loop of its own (add1/search.go), skipping the increments
// whose outcome cannot differ from the one just counted and resuming a
// count from the first round that can (add1/resume.go). It returns the
// increment, or "not sure" at the increment whose count met a comparison
// too close for floats; every increment before that one is then known
// not to end the search. tally counts that one increment exactly and,
// when it does not end the search either, asks add1 to search on from the
// next (the loop in count.mesAdd1). Package add1 also says why
// each bound holds: how far the extra money may grow before a comparison
// turns (Bound), when a project set aside starts to matter (Aside), and
// the drift bounds that reach past a change of who pays in full (Log).
// greedy.go and phragmen.go are the other rules, each on one screen.
//
// RuleFromMeta maps a file's META rule to these: greedy, greedy-threshold
// and greedy-no-skip to themselves, equalshares to mes, equalshares/add1
// to mes-add1, and equalshares/add1-greedy (the name Commons writes for
// the completed method, which Pabulib does not name) to mes-add1-greedy.
//
// # Scores and utilities
//
// The score of a project is its number of approvals (approval and choose-1
// ballots), its total points (cumulative and scoring ballots) or its total
// positional points (ordinal ballots: the top of a ballot naming L projects
// scores L, the next L-1, the last 1). Scores are always counted from the
// ballots; the votes and score columns of a file are ignored.
//
// A project named twice on one ballot counts once: on a cumulative ballot
// the last points given to it stand, on an ordinal ballot its first (best)
// position, and L is the number of different projects on the ballot.
// One ballot may give one project from −2147483647 to 2147483647 points
// (2^31 − 1); a file that gives more is refused, with an error naming its
// line. Scores, sums over ballots, are 64-bit.
//
// Under mes, a voter's utility from a project is: on approval ballots its
// cost (Options.Utility "cost", the convention of the cities that use the
// method; ρ is then a share of the cost, and a project's price per
// supporter divided by its cost ranks it) or 1 (Utility "count": the
// project with the lowest price per supporter goes first); the points on
// cumulative ballots; the positional points on ordinal ballots. Points of
// 0 or less are not support.
//
// # Ties
//
// Ties between projects (equal scores, equal ρ, equal Phragmén values) are
// broken by project id compared as a plain string, smallest first: "10"
// comes before "9" and "BO.OM.1/24" before "BO.OM.10/24". Ids are never
// read as numbers.
//
// # Exact arithmetic
//
// Money is counted in integer minor units. Costs and the budget may be
// written with decimals in a file ("2458488.22", "100000.0"); they are
// scaled by the least common multiple of their denominators (100 for two
// decimal places) so that every amount is a whole number, and Scale records
// the factor. Budget shares, payments, ρ and Phragmén loads are exact
// rationals (math/big). To stay fast, each exact value also carries its
// nearest float64, and floats decide a comparison only when the two values
// differ by more than a relative 1e-9, a million times any rounding error
// they can carry; closer calls are settled on the exact values. Under
// equal shares, who pays all they have for a project is decided on float
// sums with a proven bound of their rounding error (scaled by the number of
// terms), and the exact price is only worked out when two prices cannot be
// ordered by their floats and bounds, or when the project is paid for.
// Floating point never decides a tie.
//
// mes-add1 follows its increments in certified counts: every budget is a
// float64 with a proven bound of its error, widened at each payment by
// the error of the price and of the subtraction, and every decision (who
// pays all they have, whether supporters can pay, which price is lowest,
// how far the extra money may grow before a comparison could turn) is
// taken only when the floats are apart by more than their bounds, so it is
// the decision exact arithmetic takes. Two prices are known to be exactly
// equal without exact arithmetic when their terms are (the same cost and
// supporters, or costs and voters paying in full in the same ratio); any
// other comparison too close to call makes mes-add1 count that increment
// exactly. The count at the increment finally chosen is exact.
// These certified counts are all in package add1; tally's own count is
// exact throughout.
//
// Identical ballots are merged and counted with a weight, and under mes
// voters with equal budgets share one exact budget class, so a city's
// ballots cost a few thousand exact operations per round, not one per
// voter.
//
// # Reasons
//
// Every Outcome has a Reason, one or two plain-English sentences, and the
// same reason in parts, Why: a Code naming the sentence and the values it
// uses, so that a caller can word it in another language. Reason is
// Why.English(), so the two cannot disagree. Kind (the ballot kind, which
// says whether a score is votes, points or ranking points), Score, Votes
// (supporters) and Cost are set for every code; amounts are written as
// FormatMoney writes them. The codes, with the parts each uses besides
// those:
//
//   - greedy_funded: funded in its turn Rank, with Left when its turn came.
//   - greedy_no_fit: not funded: Left when its turn Rank came was less
//     than its cost; StopsHere under greedy-no-skip.
//   - greedy_stopped: not funded: greedy-no-skip stopped at the project
//     Stopped (an id) before its turn.
//   - greedy_threshold: not funded (greedy-threshold): its score did not
//     reach Threshold.
//   - mes_free: funded before the rounds: it costs nothing and has
//     supporters.
//   - mes_funded: funded in Round by its supporters' equal shares; Capped
//     voters paid all they had left and the others Each (per point or
//     ranking point on cumulative and ordinal ballots; Capped 0: all paid
//     Each).
//   - mes_unsupported: not funded: no ballot supports it.
//   - mes_short: not funded: its supporters held Held between them when
//     the rounds ended; Raised, when set, is what mes-add1 added to every
//     voter's share.
//   - mes_completed: funded by mes-add1-greedy's greedy completion, with
//     Left when its turn came.
//   - phragmen_over_budget: not funded: it costs more than the whole
//     Budget.
//   - phragmen_no_fit: not funded: its turn came in Round with Left, too
//     little, and counting stopped.
//   - phragmen_stopped: not funded: counting stopped in Round, before its
//     turn, when Stopped (an id) did not fit in Left.
//   - phragmen_funded: funded in Round, leaving each supporter a Load.
//   - phragmen_unsupported: funded in Round although nobody supports it,
//     after every supported project.
//
// Three additions may follow the sentence: StopsHere (greedy-no-skip
// stops here), Leftover (under mes-add1-greedy it did not fit in the
// Leftover money after the completion either) and Withdrawn (its cost is
// the Pabulib mark of a project withdrawn after the vote).
//
// # Withdrawn projects
//
// Pabulib files give a project withdrawn after the vote the cost
// 999,999,999 (WithdrawnCost). No rule treats it specially: it costs more
// than any budget in the files, so no rule funds it, and its reason says
// what the cost means.
package tally
