// Package clock computes the statutory clocks of community ownership casework: every deadline and
// protected period of England's assets of community value, Scotland's asset transfer requests and
// a council's own community asset transfer policy, from the dates a case records and a timetable
// held as data (Timetables). Nothing here knows about databases or the web; the ownership
// capability stores the dates and calls Rule.Due and Clock.Status.
//
// Pure: standard library only.
//
// # How periods are counted
//
// Legislation words a period in one of two ways, and the first day is counted differently:
//
//   - "beginning with" a date (Localism Act 2011 s.87(3) and s.95(6); the Scottish review and
//     appeal regulations): that date is day 1 of the period (Counting BeginningWith).
//   - "within N of", "after", "from", or "beginning with the day after" a date (SI 2012/2421
//     reg 7 and reg 14(3), Schedule 2; SSI 2016/357 reg 10; the tribunal's 28 days): the
//     period starts the next day, so the date itself is not counted (Counting After).
//
// Periods in days and weeks are counted day by day. Periods in months and years end on the
// corresponding date (the same day of the month), or on the last day of the month where that
// month has no such day (the rule in Dodds v Walker [1981] 1 WLR 1027, HL): a period of 6 months
// after 31 August ends on 28 (or 29) February. A period of months "beginning with" a date ends
// the day before the corresponding date, when the next period would begin, or at the end of the
// month when there is no corresponding date: 6 months beginning with 1 March end on 31 August,
// beginning with 31 August on 28 February, and 5 years beginning with 29 February 2024 end on
// 28 February 2029. Working days
// skip Saturdays, Sundays and the bank holidays of the relevant nation (Holidays; data for
// 2024–2030, and Due refuses to guess beyond it).
//
// Due returns the last day of a period: the last day on which the thing may still be done (a
// Deadline), the last day on which a protection is in force (a Period), or the earliest date a
// deadline set by the authority may fall on (an Earliest rule: Scotland's offer date).
//
// # The rules and where each came from
//
// England, assets of community value (timetable "england"):
//
//   - acv.decide: decide a community nomination within 8 weeks of receiving it. SI 2012/2421
//     reg 7 ("within eight weeks of receiving the nomination"). Start day not counted.
//   - acv.listing: a listing lasts 5 years beginning with the date of entry. Localism Act 2011
//     s.87(3). Start day counted.
//   - acv.review_request: the owner may ask for a review within 8 weeks beginning with the day
//     after written notice of listing was given, or a longer period the authority allows in
//     writing. SI 2012/2421 reg 10 and Schedule 2 (wording as summarised by the regulations'
//     guidance and council procedures; check the Schedule's paragraph against legislation.gov.uk).
//     Start day not counted. Extendable.
//   - acv.review_decide: the review is completed within 8 weeks of the request, or a longer period
//     the authority and owner agree in writing. SI 2012/2421 Schedule 2 (same caution). Start
//     day not counted. Extendable.
//   - acv.appeal: appeal to the First-tier Tribunal (General Regulatory Chamber) within 28 days of
//     the date the review decision was sent. SI 2012/2421 reg 11 gives the appeal; the time limit
//     is the Tribunal Procedure (First-tier Tribunal) (General Regulatory Chamber) Rules 2009
//     (SI 2009/1976) r.22(1)(b). Start day not counted.
//   - acv.interim, acv.full, acv.protected: the interim moratorium (6 weeks), the full moratorium
//     (6 months) and the protected period (18 months), each beginning with the date the authority
//     received the owner's notice of intended disposal. Localism Act 2011 s.95(6); SI 2012/2421
//     reg 2(a). Start day counted.
//   - acv.compensation: a compensation claim before the end of 13 weeks after the loss or expense
//     was incurred or finished being incurred. SI 2012/2421 reg 14(3)(b). Start day not counted.
//
// England, the community right to buy the English Devolution and Community Empowerment Bill
// proposes (timetable "community-right-to-buy", used only when the council turns it on): the
// same nomination, listing, review and appeal rules, and a 12-month moratorium beginning with the
// owner's notice during which a community group has first refusal (crtb.moratorium). The Bill's
// final wording was not available, so these rules are marked Provisional.
//
// Scotland, asset transfer requests (timetable "scotland"), Community Empowerment (Scotland) Act
// 2015 Part 5:
//
//   - atr.decide: the decision notice within 6 months after the validation date (the date the
//     request is treated as made, SSI 2016/357 reg 5), or a longer period agreed with the
//     community transfer body. Act s.82(7)-(8); SSI 2016/357 reg 10. Start day not counted.
//     Extendable only by an agreement recorded on or before the day the period ends (Scottish
//     Government guidance for relevant authorities, para 15.2).
//   - atr.review: a local authority review (carried out by councillors, s.86(10)) applied for
//     within 20 working days beginning with the date of the decision notice, or with the date the
//     period for a decision expired. Act s.86; SSI 2016/358 reg 3(2). Start day counted when it is
//     a working day. Scotland's bank holidays.
//   - atr.appeal: an appeal to the Scottish Ministers within 20 working days beginning with the
//     date of the decision notice (or the expiry of the decision period). Act s.85; SSI 2016/359
//     reg 3(2). Start day counted when it is a working day. Scotland's bank holidays.
//   - atr.offer: the date by which the body must make its offer, stated in the decision notice,
//     must be at least 6 months from the date of the decision notice; with no offer by then the
//     agreement lapses. Act s.82(7) (the decision notice) and s.83 (the offer); Scottish Government guidance for relevant
//     authorities, paras 16.2 and 16.4. An Earliest rule: Due is the soonest allowed date.
//
// A council's community asset transfer policy (England and Wales, no statute; timetable "policy")
// has target clocks whose lengths the council sets (PolicyRules); they may be paused with a
// reason, as no law fixes them.
package clock
