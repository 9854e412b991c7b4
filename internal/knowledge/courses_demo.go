package knowledge

import (
	"context"

	"commons/internal/knowledge/course"
)

// demoCourse is the demo's course on co-production: a text, the warm homes film, the
// principles, a quiz and a reflection.
var demoCourse = CourseInput{Minutes: "30",
	Title: Text{"Co-production: the basics", "Cydgynhyrchu: y pethau sylfaenol"},
	Summary: Text{"A short course for staff, volunteers and residents: what co-production is, what it looks like in Aberhaven, and what it asks of you.",
		"Cwrs byr i staff, gwirfoddolwyr a thrigolion: beth yw cydgynhyrchu, sut mae'n edrych yn Aberhaven, a beth mae'n ei ofyn gennych chi."}}

var demoModules = []ModuleInput{
	{Kind: course.Text, Title: Text{"What co-production is", "Beth yw cydgynhyrchu"},
		Body: Text{"Co-production means people who use a service and people who run it **design and deliver it together, as equals**.\n\nIt is not consultation: in consultation the council asks and then decides; in co-production the decision is shared.",
			"Mae cydgynhyrchu yn golygu bod pobl sy'n defnyddio gwasanaeth a phobl sy'n ei redeg **yn ei gynllunio a'i ddarparu gyda'i gilydd, fel cydradd**.\n\nNid ymgynghori yw hyn: wrth ymgynghori mae'r cyngor yn gofyn ac yna'n penderfynu; wrth gydgynhyrchu caiff y penderfyniad ei rannu."}},
	{Kind: course.Film, Title: Text{"Watch: the warm homes film", "Gwylio: ffilm y cartrefi cynnes"},
		Body: Text{"Listen for what changed when tenants were paid for their time.", "Gwrandewch am yr hyn a newidiodd pan gafodd tenantiaid eu talu am eu hamser."}},
	{Kind: course.Text, Title: Text{"The principles", "Yr egwyddorion"},
		Body: Text{"* **Equal partners**: everyone's knowledge counts.\n* **Assets first**: start from what people bring, not what they lack.\n* **Reciprocity**: people are paid or thanked for their time.\n* **Shared power**: agree up front what the group decides.",
			"* **Partneriaid cydradd**: mae gwybodaeth pawb yn cyfrif.\n* **Asedau yn gyntaf**: dechrau o'r hyn y mae pobl yn ei gyfrannu.\n* **Dwyochredd**: caiff pobl eu talu neu eu diolch am eu hamser.\n* **Pŵer a rennir**: cytuno ymlaen llaw beth mae'r grŵp yn ei benderfynu."}},
	{Kind: course.Quiz, Title: Text{"Check your understanding", "Gwirio eich dealltwriaeth"},
		Body:      Text{"The council has already chosen a new service and asks residents what they think of it. What is this?", "Mae'r cyngor eisoes wedi dewis gwasanaeth newydd ac yn gofyn i drigolion beth maen nhw'n ei feddwl ohono. Beth yw hyn?"},
		ChoicesEn: "Co-production\n* Consultation\nCommunity organising", ChoicesCy: "Cydgynhyrchu\n* Ymgynghori\nTrefnu cymunedol"},
	{Kind: course.Reflection, Title: Text{"Your turn", "Eich tro chi"},
		Body: Text{"Think of a decision in your work or your street that people affected by it could make with you. What would you need to let go of?",
			"Meddyliwch am benderfyniad yn eich gwaith neu'ch stryd y gallai'r bobl y mae'n effeithio arnynt ei wneud gyda chi. Beth fyddai angen i chi ollwng gafael arno?"}},
}

// loadDemoCourses publishes the demo's course on co-production, with the demo resident having
// completed it and the demo member part way (once: nothing is added when any course exists,
// nor without the demo's officer).
func (s *Service) loadDemoCourses(ctx context.Context) error {
	if loaded, err := anyRows(ctx, s.DB, "knowledge_courses"); err != nil || loaded {
		return err
	}
	acc, err := s.Identity.AccountByEmail(ctx, "officer@aberhaven.example")
	if err != nil {
		return nil
	}
	officer, err := s.Identity.User(ctx, acc.ID)
	if err != nil {
		return err
	}
	film, err := mediaAt(ctx, s.DB, "https://video.example.org/aberhaven/doing-it-together")
	if err != nil {
		film = ""
	}
	if film != "" {
		if err := s.SetMediaPublished(ctx, officer, film, true); err != nil {
			return err
		}
	}
	c, err := s.SaveCourse(ctx, officer, "", demoCourse)
	if err != nil {
		return err
	}
	var mods []Module
	for _, in := range demoModules {
		if in.Kind == course.Film {
			if film == "" {
				continue
			}
			in.MediaID = film
		}
		m, err := s.AddModule(ctx, officer, c.ID, in)
		if err != nil {
			return err
		}
		mods = append(mods, m)
	}
	if err := s.SetCoursePublished(ctx, officer, c.ID, true); err != nil {
		return err
	}
	answer := func(m Module) Answer {
		switch m.Kind {
		case course.Quiz:
			return Answer{Choice: "1"}
		case course.Reflection:
			return Answer{Reflection: "Where the new bench goes on our street: the neighbours could decide that with the parish."}
		}
		return Answer{}
	}
	for _, who := range []struct {
		email string
		upTo  int
	}{{"resident@aberhaven.example", len(mods)}, {"member@aberhaven.example", 2}} {
		a, err := s.Identity.AccountByEmail(ctx, who.email)
		if err != nil {
			continue
		}
		u, err := s.Identity.User(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, m := range mods[:min(who.upTo, len(mods))] {
			if _, err := s.DoModule(ctx, u, c.ID, m.ID, answer(m)); err != nil {
				return err
			}
		}
	}
	return nil
}
