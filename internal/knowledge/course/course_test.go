package course

import (
	"errors"
	"strings"
	"testing"
)

func TestParseChoicesNeedsOneRightAnswer(t *testing.T) {
	cs, err := ParseChoices("Tell people\n* Share power\n\nAsk for feedback", "Dweud wrth bobl\n*Rhannu pŵer\nGofyn am adborth")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || !cs[1].Correct || cs[0].Correct || cs[1].En != "Share power" || cs[1].Cy != "Rhannu pŵer" {
		t.Fatalf("choices %+v", cs)
	}
	if ok, _ := Mark(cs, 1); !ok {
		t.Error("the right answer marked wrong")
	}
	if ok, _ := Mark(cs, 0); ok {
		t.Error("a wrong answer marked right")
	}
	if _, err := Mark(cs, 3); err == nil {
		t.Error("an answer that is not a choice was marked")
	}
	if _, err := Mark(cs, -1); err == nil {
		t.Error("a negative answer was marked")
	}
	en, cy := FormatChoices(cs)
	again, err := ParseChoices(en, cy)
	if err != nil || len(again) != 3 || again[1] != cs[1] {
		t.Fatalf("round trip: %v %+v", err, again)
	}
	for name, c := range map[string]struct {
		en, cy string
		want   error
	}{
		"one choice":  {"* Only", "", ErrTooFewChoices},
		"none right":  {"a\nb", "", ErrOneCorrect},
		"two right":   {"*a\n*b", "", ErrOneCorrect},
		"welsh short": {"*a\nb", "a", ErrWelshMismatch},
		"too many":    {"*a\nb\nc\nd\ne\nf\ng", "", ErrTooManyChoices},
		"too long":    {"*a\n" + strings.Repeat("b", MaxChoice+1), "", ErrChoiceTooLong},
		"empty star":  {"*\nb", "", ErrChoiceTooLong},
	} {
		if _, err := ParseChoices(c.en, c.cy); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
}

func TestProgressFollowsTheCourseOrder(t *testing.T) {
	mods := []string{"a", "b", "c", "d"}
	p := Of(mods, map[string]bool{"b": true, "gone": true})
	if p.Done != 1 || p.Next != "a" || p.Complete || p.Percent() != 25 {
		t.Fatalf("%+v", p)
	}
	p = Of(mods, map[string]bool{"a": true, "b": true, "c": true, "d": true})
	if !p.Complete || p.Next != "" || p.Percent() != 100 {
		t.Fatalf("%+v", p)
	}
	if p := Of(nil, nil); p.Complete || p.Percent() != 0 {
		t.Fatalf("an empty course is never complete: %+v", p)
	}
}

func TestCheckReflection(t *testing.T) {
	if _, err := CheckReflection("   "); err == nil {
		t.Error("an empty reflection was taken")
	}
	if _, err := CheckReflection(strings.Repeat("ŵ", MaxReflection+1)); err == nil {
		t.Error("an over-long reflection was taken")
	}
	if s, err := CheckReflection("  I learnt to listen. "); err != nil || s != "I learnt to listen." {
		t.Errorf("%q %v", s, err)
	}
}

func FuzzParseChoices(f *testing.F) {
	f.Add("a\n* b", "c\nd")
	f.Add("*\n*", "")
	f.Fuzz(func(t *testing.T, en, cy string) {
		cs, err := ParseChoices(en, cy)
		if err != nil {
			return
		}
		right := 0
		for _, c := range cs {
			if c.Correct {
				right++
			}
		}
		if right != 1 || len(cs) < 2 || len(cs) > MaxChoices {
			t.Fatalf("accepted %+v", cs)
		}
	})
}
