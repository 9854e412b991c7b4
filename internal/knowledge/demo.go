package knowledge

import (
	"context"

	"commons/internal/platform/ids"
)

// demoMethod is one method of the demo library, published as version 1.
type demoMethod struct {
	slug                                     string
	iap2, duration, cost, setting            string
	min, max                                 int
	purposes, templates                      []string
	title, summary                           Text
	when, whenNot, needs, steps, res, access string
}

var demoMethods = []demoMethod{
	{"participatory-budgeting", "empower", "months", "high", "blended", 200, 100000, []string{"fund", "decide", "ideas"}, []string{"budgeting/pb-process"},
		Text{"Participatory budgeting", "Cyllidebu cyfranogol"},
		Text{"Residents propose, shape and vote on how part of a public budget is spent, and the council delivers what wins.", "Mae trigolion yn cynnig, yn llunio ac yn pleidleisio ar sut y caiff rhan o gyllideb gyhoeddus ei gwario, ac mae'r cyngor yn cyflawni'r hyn sy'n ennill."},
		"* There is a real sum of money whose use is not yet decided.\n* The council will honour the result and deliver the winning projects.",
		"* The money is already committed, or officers would overturn the result.\n* There is no time to check ideas are feasible before the vote.",
		"Several months from launch to results; an officer's time through each phase; a budget for the projects and for outreach (venues, paper ballots, translation).",
		"1. Agree the pot, the rules and who may vote.\n2. Collect ideas, online and at drop-ins.\n3. Check each idea's feasibility and cost with services.\n4. Vote: online, by one-time code and on paper.\n5. Count fairly (the Method of Equal Shares) and publish the results with reasons.\n6. Deliver, and report progress to everyone who took part.",
		"[Pabulib](https://pabulib.org) holds real elections to learn from.", "Offer paper ballots and help at libraries; publish every notice in Welsh and English; make venues step-free."},
	{"co-production", "collaborate", "months", "medium", "in_person", 6, 40, []string{"deliver", "decide"}, []string{"coproduction/project"},
		Text{"Co-production", "Cydgynhyrchu"},
		Text{"People who use a service and those who run it design and deliver it together, as equals, sharing power and resources.", "Mae pobl sy'n defnyddio gwasanaeth a'r rhai sy'n ei redeg yn ei gynllunio a'i ddarparu gyda'i gilydd, fel cydradd."},
		"* A service is being designed or changed and the people who use it have knowledge officers lack.", "* The decision is already made: that is consultation, and calling it co-production does harm.",
		"Months; a lead who can hold the group; money to pay people for their time and expenses.",
		"1. Check suitability honestly.\n2. Bring people together and agree how power is shared.\n3. Work through the stages: understand, design, deliver, review.\n4. Record outcomes and reflections as you go.",
		"The National Standards for Community Engagement.", "Pay expenses up front; meet at times and places that suit carers and people in work."},
	{"community-asset-mapping", "involve", "weeks", "low", "blended", 5, 500, []string{"map", "relationships"}, []string{"events/asset-mapping-workshop"},
		Text{"Community asset mapping", "Mapio asedau cymunedol"},
		Text{"People list what their place already has – skills, groups, spaces and institutions – so that work starts from strengths rather than needs.", "Mae pobl yn rhestru'r hyn sydd gan eu lle eisoes – sgiliau, grwpiau, mannau a sefydliadau."},
		"* Starting work in a neighbourhood, before deciding what it needs.", "* When nobody will act on what is found.",
		"A few weeks of conversations and walks; a map (Commons' asset map); volunteers.",
		"1. Walk the area with residents.\n2. Hold a mapping workshop.\n3. Add what you find to the asset map.\n4. Connect people who could work together.", "", "Walks at a gentle pace with rests; a printed map for people who do not go online."},
	{"world-cafe", "involve", "hours", "low", "in_person", 12, 200, []string{"ideas", "deliberate", "relationships"}, []string{"events/world-cafe"},
		Text{"World Café", "Caffi'r Byd"},
		Text{"Small groups talk at café tables in rounds, moving between tables so ideas cross-pollinate, then share what emerged.", "Mae grwpiau bach yn siarad wrth fyrddau caffi mewn rowndiau, gan symud rhwng byrddau."},
		"* Gathering many perspectives on a few good questions in an afternoon.", "* A decision must be reached: a café explores, it does not decide.",
		"Two to three hours; a host per table; a room with small tables; paper and pens.",
		"1. Frame two or three questions that matter.\n2. Run three rounds of 20 minutes, people changing tables.\n3. Hosts stay and summarise for newcomers.\n4. Harvest: each table shares its themes.", "", "Quiet tables for people who find noise hard; hearing loops; large-print questions."},
	{"fishbowl", "consult", "hours", "none", "in_person", 10, 60, []string{"deliberate", "learn"}, []string{"events/fishbowl"},
		Text{"Fishbowl conversation", "Sgwrs powlen bysgod"},
		Text{"A few people talk in an inner circle while everyone else listens; anyone may take the empty chair to join in.", "Mae ychydig o bobl yn siarad mewn cylch mewnol tra bod pawb arall yn gwrando."},
		"* A contested topic where listening matters as much as speaking.", "* People are not safe to speak openly in front of others.",
		"An hour or two; a facilitator; a room with chairs in circles.",
		"1. Set five chairs in the middle, one empty.\n2. Open with four voices.\n3. Anyone joining takes the empty chair; someone leaves.\n4. Close with reflections from the outer circle.", "", "Keep a microphone going round; offer written questions."},
	{"open-space", "collaborate", "days", "low", "in_person", 20, 500, []string{"ideas", "relationships", "deliver"}, []string{"events/open-space"},
		Text{"Open Space", "Gofod Agored"},
		Text{"Participants set the agenda themselves around a broad theme, running the sessions they care about.", "Mae cyfranogwyr yn gosod yr agenda eu hunain o gwmpas thema eang."},
		"* A complex issue with many people who care and no single answer.", "* The outcome is predetermined.",
		"A day or two; a large room and breakout spaces; a facilitator who can let go.",
		"1. Open the circle and explain the law of two feet.\n2. People post sessions on the wall.\n3. Sessions run in parallel; notes are written up.\n4. Close with the actions people will take.", "", "Breakout rooms on the ground floor; quiet room."},
	{"citizens-panel", "collaborate", "months", "high", "blended", 20, 50, []string{"deliberate", "decide"}, []string{"events/citizens-panel"},
		Text{"Citizens' panel", "Panel dinasyddion"},
		Text{"A group chosen by lot to reflect the area hears evidence, deliberates and makes recommendations the council answers in public.", "Grŵp a ddewiswyd ar hap i adlewyrchu'r ardal yn clywed tystiolaeth ac yn gwneud argymhellion."},
		"* A hard trade-off where public trust matters.", "* The council cannot commit to answering the recommendations.",
		"Several weekends over months; payment for panel members; expert witnesses; independent facilitation.",
		"1. Recruit by sortition, stratified by age, area and background.\n2. Learning phase with witnesses.\n3. Deliberation in small groups.\n4. Recommendations, and the council's public response.", "", "Pay for care and travel; materials in Welsh and English; online sessions for those who cannot travel."},
	{"one-to-ones", "involve", "weeks", "none", "in_person", 1, 100, []string{"relationships", "learn"}, []string{"campaigns/organising"},
		Text{"Community organising one-to-ones", "Sgyrsiau un-i-un trefnu cymunedol"},
		Text{"Thirty-minute conversations to learn what moves a person to act, and to build the relationships that organising rests on.", "Sgyrsiau hanner awr i ddysgu beth sy'n symud rhywun i weithredu."},
		"* Building a base for a campaign or a new group.", "* When you want answers to a questionnaire: a one-to-one is a conversation.",
		"Time: many conversations over weeks. No money.", "1. Ask for 30 minutes.\n2. Listen for what the person cares about and why.\n3. Share your own story.\n4. Agree a next step.", "", "Meet where the person is comfortable."},
	{"time-banking", "collaborate", "months", "low", "blended", 10, 1000, []string{"relationships", "deliver"}, nil,
		Text{"Time-banking", "Bancio amser"},
		Text{"People give and receive help, each hour counting the same, so that everyone's time is valued equally.", "Mae pobl yn rhoi ac yn derbyn help, pob awr yn cyfrif yr un fath."},
		"* Building mutual help in a neighbourhood.", "* As a replacement for paid services.",
		"A broker's time; a ledger (Commons' time bank); safeguarding.", "1. Recruit members and their offers.\n2. Broker first exchanges.\n3. Celebrate hours given.\n4. Link organisations in.", "", "Phone brokering for people without the internet."},
	{"volunteer-action-day", "involve", "days", "low", "in_person", 5, 200, []string{"deliver", "relationships"}, []string{"volunteering/action-day"},
		Text{"Community action day", "Diwrnod gweithredu cymunedol"},
		Text{"A day when volunteers improve a shared place together – a clean-up, a garden, a hall – with roles and shifts set out in advance.", "Diwrnod pan fydd gwirfoddolwyr yn gwella lle a rennir gyda'i gilydd."},
		"* A visible job many hands can do in a day.", "* Work that needs trained staff or is unsafe.",
		"A coordinator, tools and insurance, a day.", "1. Agree the job with the place's owner.\n2. Set out roles and shifts.\n3. Brief volunteers on the day.\n4. Thank people and record the hours.", "", "Seated roles (welcome, refreshments) as well as physical ones."},
	{"photovoice", "involve", "weeks", "low", "blended", 5, 30, []string{"learn", "ideas"}, nil,
		Text{"Photovoice", "Ffotolais"},
		Text{"Participants take photographs of their daily lives and discuss them, so that people rarely heard show decision-makers what matters.", "Mae cyfranogwyr yn tynnu lluniau o'u bywydau bob dydd ac yn eu trafod."},
		"* Hearing from young people or others who are rarely asked.", "* When consent for photographs of others cannot be managed.",
		"Weeks; cameras or phones; a facilitator; an exhibition.", "1. Agree a question.\n2. Take photographs over two weeks.\n3. Discuss them in small groups.\n4. Exhibit to decision-makers.", "", "Describe every photograph in words for people who cannot see it."},
	{"consultation-survey", "consult", "weeks", "low", "online", 50, 100000, []string{"ideas", "learn"}, nil,
		Text{"Consultation survey", "Arolwg ymgynghori"},
		Text{"Asking many people the same questions about a proposal, online and on paper, and publishing what was heard and what changed.", "Gofyn yr un cwestiynau i lawer o bobl am gynnig, a chyhoeddi'r hyn a glywyd."},
		"* A proposal where options are genuinely open.", "* The decision is taken: tell people instead.",
		"Weeks; analysis time; paper copies.", "1. Write clear questions.\n2. Reach people who rarely respond.\n3. Analyse and publish.\n4. Say what changed because of it.", "", "Paper and easy-read versions; help by phone."},
}

// LoadDemo publishes the demo library (once: a method already there by its slug is left alone).
func (s *Service) LoadDemo(ctx context.Context) error {
	var author string
	if a, err := s.Identity.AccountByEmail(ctx, "officer@aberhaven.example"); err == nil {
		author = a.ID
	}
	for _, d := range demoMethods {
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			taken, err := slugTaken(ctx, s.DB, d.slug)
			if err != nil || taken {
				return err
			}
			now := s.DB.Now(ctx)
			id := ids.New()
			if err := insertMethod(ctx, s.DB, id, d.slug, now); err != nil {
				return err
			}
			v := MethodVersion{ID: ids.New(), MethodID: id, Number: 1, Status: Published, IAP2: d.iap2, Duration: d.duration, Cost: d.cost,
				PeopleMin: d.min, PeopleMax: d.max, Setting: d.setting, Purposes: d.purposes, Templates: d.templates, Title: d.title,
				Summary: d.summary, When: Text{En: d.when}, WhenNot: Text{En: d.whenNot}, Needs: Text{En: d.needs}, Steps: Text{En: d.steps},
				Resources: Text{En: d.res}, Accessibility: Text{En: d.access}, AuthorID: author, ChangeNote: "First version"}
			if err := insertVersion(ctx, s.DB, v, now); err != nil {
				return err
			}
			return publishVersion(ctx, s.DB, id, v.ID, now)
		})
		if err != nil {
			return err
		}
	}
	if err := s.loadDemoRest(ctx); err != nil {
		return err
	}
	if err := s.loadDemoToolkits(ctx); err != nil {
		return err
	}
	if err := s.loadDemoCourses(ctx); err != nil {
		return err
	}
	return s.loadDemoCasesFromWork(ctx)
}

// demoCases are the demo's case studies, each naming the methods it used by their slugs.
var demoCases = []struct {
	title, summary, story, outcomes, learning Text
	place                                     string
	yearsAgo                                  int
	methods                                   []string
}{
	{Text{"Harbourside decides £50,000", "Glan yr Harbwr yn penderfynu ar £50,000"},
		Text{"Residents proposed and voted on how to spend part of the ward budget; eleven projects were funded.", "Cynigiodd trigolion a phleidleisio ar sut i wario rhan o gyllideb y ward; ariannwyd un ar ddeg o brosiectau."},
		Text{"The council set aside £50,000 for Harbourside. Over six weeks residents put forward 84 ideas, officers checked what each would cost with the people who proposed them, and 1,240 people voted, online and on paper at the library and the community centre.", "Neilltuodd y cyngor £50,000 ar gyfer Glan yr Harbwr. Dros chwe wythnos cyflwynodd trigolion 84 o syniadau, a phleidleisiodd 1,240 o bobl."},
		Text{"* 11 projects funded, from benches on the promenade to a homework club.\n* A third of voters had never taken part in a council consultation.", "* Ariannwyd 11 o brosiectau.\n* Nid oedd traean o'r pleidleiswyr erioed wedi cymryd rhan mewn ymgynghoriad gan y cyngor."},
		Text{"Paper ballots at the library reached older residents the website did not. Next time, cost ideas with their proposers earlier.", "Cyrhaeddodd papurau pleidleisio yn y llyfrgell drigolion hŷn na chyrhaeddodd y wefan."},
		"Harbourside", 1, []string{"participatory-budgeting"}},
	{Text{"Warm homes, designed with the people in them", "Cartrefi cynnes, wedi'u cynllunio gyda'r bobl sy'n byw ynddynt"},
		Text{"Tenants, the housing team and a local charity redesigned the winter warmth scheme together.", "Ailgynlluniodd tenantiaid, y tîm tai ac elusen leol y cynllun cynhesrwydd gaeaf gyda'i gilydd."},
		Text{"Twelve tenants who had used the scheme met the housing team fortnightly for four months, each paid for their time. They mapped where the old scheme lost people and tested a new one-page application in a World Café at the community centre.", "Cyfarfu deuddeg o denantiaid â'r tîm tai bob pythefnos am bedwar mis."},
		Text{"* Applications finished rose from 55% to 82%.\n* The one-page form is now used across the county.", "* Cododd y ceisiadau a gwblhawyd o 55% i 82%."},
		Text{"Paying people for their time changed who came. Evening meetings lost carers; we moved to school hours.", "Newidiodd talu pobl am eu hamser pwy a ddaeth."},
		"Northfield", 2, []string{"co-production", "world-cafe"}},
	{Text{"What Aberhaven already has", "Beth sydd gan Aberhaven eisoes"},
		Text{"Volunteers mapped the groups, spaces and skills of the town before the regeneration plan was written.", "Mapiodd gwirfoddolwyr grwpiau, lleoedd a sgiliau'r dref cyn ysgrifennu'r cynllun adfywio."},
		Text{"Over a summer, thirty volunteers visited halls, chapels, clubs and shops and asked what each offered. The map now sits in Commons' asset map and the plan starts from it.", "Dros yr haf, ymwelodd deg ar hugain o wirfoddolwyr â neuaddau, capeli, clybiau a siopau."},
		Text{"* 212 assets mapped, 60 of them unknown to the council.\n* Three halls now share a booking calendar.", "* Mapiwyd 212 o asedau."},
		Text{"Ask what people would share, not only what buildings exist: skills were the biggest find.", "Gofynnwch beth y byddai pobl yn ei rannu, nid dim ond pa adeiladau sy'n bodoli."},
		"Aberhaven", 1, []string{"community-asset-mapping"}},
}

// demoMedia are the demo's films and recordings (hosted at example addresses).
var demoMedia = []Media{
	{Kind: "film", Minutes: 12, Captions: true, URL: "https://video.example.org/aberhaven/doing-it-together",
		Title:       Text{"Doing it together: the warm homes film", "Ei wneud gyda'n gilydd: ffilm y cartrefi cynnes"},
		Description: Text{"Tenants and the housing team on redesigning the winter warmth scheme, premiered at the pop-up day.", "Tenantiaid a'r tîm tai yn sôn am ailgynllunio'r cynllun cynhesrwydd gaeaf, a ddangoswyd gyntaf yn y diwrnod dros dro."},
		Transcript:  Text{"**Tenant:** The old form was eleven pages. Nobody finished it.\n\n**Housing officer:** We had to stop guessing and ask.\n\n**Tenant:** Being paid for our time meant we could come.", "**Tenant:** Roedd yr hen ffurflen yn un dudalen ar ddeg. Doedd neb yn ei gorffen."}},
	{Kind: "audio", Minutes: 25, URL: "https://audio.example.org/aberhaven/harbourside-pb-podcast",
		Title:       Text{"Harbourside decides: the podcast", "Glan yr Harbwr yn penderfynu: y podlediad"},
		Description: Text{"Residents who proposed ideas talk about the vote and what was built.", "Trigolion a gynigiodd syniadau yn sôn am y bleidlais a'r hyn a adeiladwyd."},
		Transcript:  Text{"**Presenter:** Eighty-four ideas, one ward, fifty thousand pounds.\n\n**Resident:** I voted at the library on paper; my grandson voted on his phone.", ""}},
}

// loadDemoRest publishes the demo's case studies and films (once: none is added when any
// case exists).
func (s *Service) loadDemoRest(ctx context.Context) error {
	if loaded, err := anyRows(ctx, s.DB, "knowledge_cases"); err != nil || loaded {
		return err
	}
	var author string
	if a, err := s.Identity.AccountByEmail(ctx, "officer@aberhaven.example"); err == nil {
		author = a.ID
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		for _, d := range demoCases {
			c := Case{ID: ids.New(), Status: CasePublished, Title: d.title, Summary: d.summary, Story: d.story, Outcomes: d.outcomes,
				Learning: d.learning, Place: d.place, Year: now.Year() - d.yearsAgo, AuthorID: author}
			for _, slug := range d.methods {
				if m, err := methodRow(ctx, s.DB, slug); err == nil {
					c.MethodIDs = append(c.MethodIDs, m.ID)
				}
			}
			if err := insertCase(ctx, s.DB, c, now); err != nil {
				return err
			}
			if err := setCaseStatus(ctx, s.DB, c.ID, true, now); err != nil {
				return err
			}
		}
		for _, m := range demoMedia {
			m.ID, m.Status, m.AuthorID = ids.New(), CaseDraft, author
			if err := insertMedia(ctx, s.DB, m, now); err != nil {
				return err
			}
			if err := setMediaStatus(ctx, s.DB, m.ID, true, now); err != nil {
				return err
			}
		}
		return nil
	})
}
