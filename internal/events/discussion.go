package events

import (
	"cmp"
	"commons/internal/platform/actor"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"commons/internal/events/themes"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Groups are an event's discussion groups with their notes.
func (s *Service) Groups(ctx context.Context, u *actor.Actor, eventID string) ([]Group, error) {
	if _, err := s.Organised(ctx, u, eventID); err != nil {
		return nil, err
	}
	out, err := queryGroups(ctx, s.DB, eventID)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, g := range out {
		index[g.ID] = i
	}
	notes, err := notesOf(ctx, s.DB, eventID)
	for _, n := range notes {
		out[index[n.GroupID]].Notes = append(out[index[n.GroupID]].Notes, n)
	}
	slices.SortStableFunc(out, func(a, b Group) int { return naturalCompare(a.Name, b.Name) })
	return out, err
}

// naturalCompare orders names as people number tables: "Table 2" before "Table 10". Runs of
// digits compare by their value, the rest letter by letter ignoring case.
func naturalCompare(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(ra, rb)
		}
		a, b = a[sa:], b[sb:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// Group is one of the event's discussion groups with its notes (organisers).
func (s *Service) Group(ctx context.Context, u *actor.Actor, eventID, groupID string) (Event, Group, error) {
	e, err := s.Organised(ctx, u, eventID)
	if err != nil {
		return e, Group{}, err
	}
	gs, err := s.Groups(ctx, u, eventID)
	if err != nil {
		return e, Group{}, err
	}
	for _, g := range gs {
		if g.ID == groupID {
			return e, g, nil
		}
	}
	return e, Group{}, errNotFound
}

func checkGroup(name, facilitator string) (string, string, error) {
	name, facilitator = strings.TrimSpace(name), strings.TrimSpace(facilitator)
	if name == "" || tooLong(name, 100) {
		return name, facilitator, errs.FieldErrors(map[string]string{"group_name": "events.err.group_name"})
	}
	if tooLong(facilitator, 200) {
		return name, facilitator, errs.FieldErrors(map[string]string{"facilitator": "events.err.facilitator_long"})
	}
	return name, facilitator, nil
}

// UpdateGroup renames a group or changes its facilitator.
func (s *Service) UpdateGroup(ctx context.Context, u *actor.Actor, eventID, groupID, name, facilitator string) error {
	name, facilitator, err := checkGroup(name, facilitator)
	if err != nil {
		return err
	}
	return s.changeOrganised(ctx, u, eventID, func(ctx context.Context) (int64, error) {
		n, err := updateGroup(ctx, s.DB, groupID, eventID, name, facilitator)
		return n, s.DB.Err(err, "events.err.group_taken")
	})
}

// DeleteGroup removes a group with all its notes (and takes them out of the themes).
func (s *Service) DeleteGroup(ctx context.Context, u *actor.Actor, eventID, groupID string) error {
	return s.changeOrganised(ctx, u, eventID, func(ctx context.Context) (int64, error) {
		n, err := deleteGroup(ctx, s.DB, groupID, eventID)
		if err != nil || n == 0 {
			return n, err
		}
		return n, s.record(ctx, u, "event.group.delete", eventID, "")
	})
}

// Note is one note of the event (organisers).
func (s *Service) Note(ctx context.Context, u *actor.Actor, eventID, noteID string) (Event, Note, error) {
	e, err := s.Organised(ctx, u, eventID)
	if err != nil {
		return e, Note{}, err
	}
	n, err := queryNote(ctx, s.DB, noteID, eventID)
	if err != nil {
		return e, n, s.DB.Err(err, "events.not_found")
	}
	return e, n, nil
}

// UpdateNote corrects a note's text; it stays in its themes.
func (s *Service) UpdateNote(ctx context.Context, u *actor.Actor, eventID, noteID, body string) error {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return errs.FieldErrors(map[string]string{"body": "events.err.note_missing"})
	case tooLong(body, 2000):
		return errs.FieldErrors(map[string]string{"body": "events.err.note_long"})
	}
	return s.changeOrganised(ctx, u, eventID, func(ctx context.Context) (int64, error) {
		return updateNote(ctx, s.DB, noteID, eventID, body)
	})
}

// DeleteNote removes a note (and takes it out of its themes).
func (s *Service) DeleteNote(ctx context.Context, u *actor.Actor, eventID, noteID string) error {
	return s.changeOrganised(ctx, u, eventID, func(ctx context.Context) (int64, error) {
		return deleteNote(ctx, s.DB, noteID, eventID)
	})
}

// AddGroup records a discussion group or table.
func (s *Service) AddGroup(ctx context.Context, u *actor.Actor, eventID, name, facilitator string) (string, error) {
	name, facilitator, err := checkGroup(name, facilitator)
	if err != nil {
		return "", err
	}
	id := ids.New()
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		err := insertGroup(ctx, s.DB, id, eventID, name, facilitator, s.DB.Now(ctx))
		return s.DB.Err(err, "events.err.group_taken")
	})
	return id, err
}

// MaxNotes is the most notes one upload may hold.
const MaxNotes = 5000

// AddNotes records a group's notes, one per entry.
func (s *Service) AddNotes(ctx context.Context, u *actor.Actor, eventID, groupID string, notes []string) (int, error) {
	var clean []string
	for _, n := range notes {
		if n = strings.TrimSpace(n); n != "" {
			if tooLong(n, 2000) {
				return 0, errs.FieldErrors(map[string]string{"notes": "events.err.note_long"})
			}
			clean = append(clean, n)
		}
	}
	if len(clean) == 0 {
		return 0, errs.FieldErrors(map[string]string{"notes": "events.err.notes_missing"})
	}
	if len(clean) > MaxNotes {
		return 0, errs.FieldErrors(map[string]string{"notes": "events.err.notes_many"})
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		if n, err := countGroup(ctx, s.DB, groupID, eventID); err != nil {
			return err
		} else if n == 0 {
			return errs.FieldErrors(map[string]string{"group_id": "events.err.group_missing"})
		}
		now := s.DB.Now(ctx)
		for i, body := range clean {
			// Position keeps the order they were typed in: one batch shares its time.
			if err := insertNote(ctx, s.DB, ids.New(), eventID, groupID, body, now, i); err != nil {
				return err
			}
		}
		return nil
	})
	return len(clean), err
}

// Themes are the event's themes as organisers left them.
func (s *Service) Themes(ctx context.Context, eventID string) ([]Theme, error) {
	return themesOf(ctx, s.DB, eventID)
}

// Notes are every note of the event.
func (s *Service) Notes(ctx context.Context, eventID string) ([]Note, error) {
	return notesOf(ctx, s.DB, eventID)
}

// ProposeThemes replaces the event's themes with fresh proposals from all its notes, and takes
// the summary down until it is published again.
func (s *Service) ProposeThemes(ctx context.Context, u *actor.Actor, eventID string) (int, error) {
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		notes, err := notesOf(ctx, s.DB, eventID)
		if err != nil {
			return err
		}
		byID := map[string]Note{}
		in := make([]themes.Note, len(notes))
		for i, nt := range notes {
			in[i] = themes.Note{ID: nt.ID, Text: nt.Body}
			byID[nt.ID] = nt
		}
		res := themes.Find(in, themes.Options{})
		if err := s.clearThemes(ctx, eventID); err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		n = len(res.Themes)
		for i, t := range res.Themes {
			th := Theme{ID: ids.New(), Label: t.Label, Phrases: t.Phrases}
			for _, id := range t.NoteIDs {
				th.Notes = append(th.Notes, byID[id])
			}
			if err := insertTheme(ctx, s.DB, eventID, th, i, now); err != nil {
				return err
			}
		}
		return s.record(ctx, u, "event.themes.propose", eventID, "")
	})
	return n, err
}

func (s *Service) clearThemes(ctx context.Context, eventID string) error {
	if err := deleteThemes(ctx, s.DB, eventID); err != nil {
		return err
	}
	err := unpublishSummary(ctx, s.DB, eventID)
	return err
}

func (s *Service) themeOf(ctx context.Context, eventID, themeID string) error {
	if n, err := countTheme(ctx, s.DB, themeID, eventID); err != nil {
		return err
	} else if n == 0 {
		return errNotFound
	}
	return nil
}

// RenameTheme gives a theme a name of the organiser's choosing.
func (s *Service) RenameTheme(ctx context.Context, u *actor.Actor, eventID, themeID, label string) error {
	label = strings.TrimSpace(label)
	if label == "" || tooLong(label, 200) {
		return errs.FieldErrors(map[string]string{"label": "events.err.theme_label"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		if err := s.themeOf(ctx, eventID, themeID); err != nil {
			return err
		}
		err := renameTheme(ctx, s.DB, themeID, label)
		return err
	})
}

// MergeThemes moves every note of the other themes into into, and removes them.
func (s *Service) MergeThemes(ctx context.Context, u *actor.Actor, eventID, into string, others []string) error {
	others = uniq(others)
	if len(others) == 0 || (len(others) == 1 && others[0] == into) {
		return errs.FieldErrors(map[string]string{"merge": "events.err.merge_choose"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		if err := s.themeOf(ctx, eventID, into); err != nil {
			return err
		}
		for _, o := range others {
			if o == into {
				continue
			}
			if err := s.themeOf(ctx, eventID, o); err != nil {
				return err
			}
			if err := copyThemeNotes(ctx, s.DB, into, o); err != nil {
				return err
			}
			if err := deleteTheme(ctx, s.DB, o); err != nil {
				return err
			}
		}
		return nil
	})
}

// SplitTheme moves the chosen notes of a theme into a new theme with its own name.
func (s *Service) SplitTheme(ctx context.Context, u *actor.Actor, eventID, themeID, label string, noteIDs []string) (string, error) {
	label = strings.TrimSpace(label)
	f := map[string]string{}
	if label == "" || tooLong(label, 200) {
		f["split_label"] = "events.err.theme_label"
	}
	noteIDs = uniq(noteIDs)
	if len(noteIDs) == 0 {
		f["split_notes"] = "events.err.split_choose"
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	id := ids.New()
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		if err := s.themeOf(ctx, eventID, themeID); err != nil {
			return err
		}
		pos, err := queryNextThemePosition(ctx, s.DB, eventID)
		if err != nil {
			return err
		}
		if err := insertTheme(ctx, s.DB, eventID, Theme{ID: id, Label: label}, pos, s.DB.Now(ctx)); err != nil {
			return err
		}
		for _, nid := range noteIDs {
			n, err := moveThemeNote(ctx, s.DB, id, themeID, nid)
			if err != nil {
				return err
			}
			if n == 0 {
				return errs.FieldErrors(map[string]string{"split_notes": "events.err.split_choose"})
			}
		}
		return nil
	})
	return id, err
}

// PublishThemes publishes (or takes down) the event's summary of themes.
func (s *Service) PublishThemes(ctx context.Context, u *actor.Actor, eventID string, publish bool) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		var at any
		if publish {
			at = s.DB.Now(ctx)
		}
		if err := setSummaryPublished(ctx, s.DB, eventID, at); err != nil {
			return err
		}
		action := "event.summary.publish"
		if !publish {
			action = "event.summary.withdraw"
		}
		return s.record(ctx, u, action, eventID, "")
	})
}

// Summary is a published summary's themes; organisers may see it before it is published.
func (s *Service) Summary(ctx context.Context, u *actor.Actor, eventID string) (Event, []Theme, error) {
	e, err := eventByID(ctx, s.DB, eventID)
	if err != nil {
		return e, nil, err
	}
	if e.SummaryPublished == nil && !CanOrganise(u, e) {
		return e, nil, errs.E(errs.NotFound, "events.summary.none")
	}
	ts, err := themesOf(ctx, s.DB, eventID)
	return e, ts, err
}
