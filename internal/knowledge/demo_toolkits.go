package knowledge

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"commons/internal/platform/ids"
)

// loadDemoToolkits adds the co-production toolkit with three small real files (a PDF in two
// versions, an OpenDocument text and a CSV), an uploaded audio recording with its transcript,
// and a film whose player loads only when the visitor chooses (once: nothing is added when any
// toolkit exists).
func (s *Service) loadDemoToolkits(ctx context.Context) error {
	if loaded, err := anyRows(ctx, s.DB, "knowledge_toolkits"); err != nil || loaded {
		return err
	}
	var author string
	if a, err := s.Identity.AccountByEmail(ctx, "officer@aberhaven.example"); err == nil {
		author = a.ID
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		k := Toolkit{ID: ids.New(), Status: CaseDraft, AuthorID: author,
			Title: Text{"The co-production toolkit", "Y pecyn cymorth cyd-gynhyrchu"},
			Intro: Text{"Everything the Aberhaven co-production framework promises, ready to use: the charter partners sign, a plan for a first session, and the rates at which people are paid for their time.\n\nEach document has an accessible version on its page.",
				"Popeth y mae fframwaith cyd-gynhyrchu Aberhaven yn ei addo, yn barod i'w ddefnyddio: y siarter y mae partneriaid yn ei llofnodi, cynllun ar gyfer sesiwn gyntaf, a'r cyfraddau talu am amser pobl.\n\nMae gan bob dogfen fersiwn hygyrch ar ei thudalen."}}
		if err := insertToolkit(ctx, s.DB, k, now); err != nil {
			return err
		}
		charter := "Aberhaven co-production charter"
		docs := []struct {
			d     Document
			files []Upload
			notes []string
		}{
			{Document{Title: Text{"Co-production charter", "Siarter cyd-gynhyrchu"},
				Description: Text{"The promises partners sign before a project starts: equal say, paid time, plain language and shared credit.", "Yr addewidion y mae partneriaid yn eu llofnodi cyn i brosiect ddechrau."},
				Alternative: Text{"## Our promises\n\n1. Everyone at the table has an equal say in decisions.\n2. Residents are paid for their time at the rates in this toolkit.\n3. We write and speak plainly, in English and Welsh.\n4. We share the credit for what we make together.",
					"## Ein haddewidion\n\n1. Mae gan bawb wrth y bwrdd lais cyfartal.\n2. Mae trigolion yn cael eu talu am eu hamser.\n3. Rydym yn ysgrifennu ac yn siarad yn glir, yn Gymraeg ac yn Saesneg.\n4. Rydym yn rhannu'r clod."}},
				[]Upload{{"charter.pdf", DemoPDF(charter, "Draft for partners' comments")}, {"charter.pdf", DemoPDF(charter, "Equal say. Paid time. Plain language. Shared credit.")}},
				[]string{"Draft for comments", "Agreed by the partnership board"}},
			{Document{Title: Text{"First session plan", "Cynllun y sesiwn gyntaf"}, Accessible: true,
				Description: Text{"A two-hour plan for a first co-production session, with timings and what to prepare.", "Cynllun dwy awr ar gyfer sesiwn gyd-gynhyrchu gyntaf."},
				Alternative: Text{En: "## First session plan\n\n* 0:00 Welcome and introductions\n* 0:20 What we want to change\n* 1:00 Break\n* 1:15 How we will work together\n* 1:50 Next steps"}},
				[]Upload{{"first-session-plan.odt", DemoODT("First session plan", []string{"0:00 Welcome and introductions", "0:20 What we want to change", "1:00 Break", "1:15 How we will work together", "1:50 Next steps"})}},
				[]string{""}},
			{Document{Title: Text{"Payment for time: rates", "Talu am amser: cyfraddau"},
				Description: Text{"What residents are paid for each kind of session, as a spreadsheet (CSV).", "Beth mae trigolion yn cael eu talu am bob math o sesiwn, fel taenlen (CSV)."}},
				[]Upload{{"rates.csv", []byte("activity,hours,payment_gbp\nworkshop,2,30\nsteering group,1.5,25\ninterview,1,15\n")}},
				[]string{""}},
		}
		for _, x := range docs {
			d := x.d
			d.ID, d.ToolkitID = ids.New(), k.ID
			if strings.HasSuffix(x.files[0].Filename, ".csv") {
				d.Accessible = true
			}
			if err := insertDocument(ctx, s.DB, d, now); err != nil {
				return err
			}
			for i, f := range x.files {
				v, err := CheckDocumentFile(&f)
				if err != nil {
					return fmt.Errorf("demo document %s: %w", f.Filename, err)
				}
				v.ID, v.DocumentID, v.Number, v.Note, v.UploadedBy = ids.New(), d.ID, i+1, x.notes[i], author
				if err := insertDocumentVersion(ctx, s.DB, v, now.Add(-30*24*time.Hour*time.Duration(len(x.files)-1-i))); err != nil {
					return err
				}
			}
		}
		if err := setToolkitStatus(ctx, s.DB, k.ID, true, now); err != nil {
			return err
		}

		rec := Media{ID: ids.New(), Status: CaseDraft, Kind: "audio", Minutes: 1, AuthorID: author,
			Title:       Text{"Voices from the pop-up day", "Lleisiau o'r diwrnod dros dro"},
			Description: Text{"A short recording made at the co-production pop-up day: what people hoped the framework would change.", "Recordiad byr a wnaed yn y diwrnod dros dro: beth roedd pobl yn gobeithio y byddai'r fframwaith yn ei newid."},
			Transcript:  Text{"**Volunteer:** I want to be asked before the plan is written, not after.\n\n**Youth worker:** Pay the young people for their time and they will come back.", "**Gwirfoddolwr:** Rydw i eisiau cael fy holi cyn i'r cynllun gael ei ysgrifennu, nid wedyn."}}
		if err := insertMedia(ctx, s.DB, rec, now); err != nil {
			return err
		}
		f, err := CheckAudioFile(&Upload{Filename: "pop-up-voices.wav", Data: DemoWAV(2)})
		if err != nil {
			return err
		}
		if err := putMediaFile(ctx, s.DB, rec.ID, *f, author, now); err != nil {
			return err
		}
		film := Media{ID: ids.New(), Status: CaseDraft, Kind: "film", Minutes: 3, Captions: true, AuthorID: author,
			URL:         "https://www.youtube.com/watch?v=Ab3rHaven01",
			Title:       Text{"What co-production means to us", "Beth mae cyd-gynhyrchu yn ei olygu i ni"},
			Description: Text{"Partners explain the framework in three minutes. The player loads from YouTube only when you choose to play it here.", "Partneriaid yn esbonio'r fframwaith mewn tri munud."},
			Transcript:  Text{"**Narrator:** Co-production means doing it with people, not to them or for them.", "**Adroddwr:** Mae cyd-gynhyrchu yn golygu gwneud pethau gyda phobl, nid iddyn nhw nac ar eu cyfer."}}
		if err := insertMedia(ctx, s.DB, film, now); err != nil {
			return err
		}
		for _, id := range []string{rec.ID, film.ID} {
			if err := setMediaStatus(ctx, s.DB, id, true, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// DemoPDF writes a small, valid one-page PDF with a title and a line of text (for the demo and
// tests).
func DemoPDF(title, line string) []byte {
	esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	stream := fmt.Sprintf("BT /F1 18 Tf 72 760 Td (%s) Tj 0 -28 Td /F1 12 Tf (%s) Tj ET", esc.Replace(title), esc.Replace(line))
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// DemoODT writes a small, valid OpenDocument text with a heading and a list of lines.
func DemoODT(heading string, lines []string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name, body string, store bool) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		if store {
			h.Method = zip.Store
		}
		w, _ := zw.CreateHeader(h)
		_, _ = w.Write([]byte(body))
	}
	xmlEsc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	var body strings.Builder
	fmt.Fprintf(&body, `<text:h text:outline-level="1">%s</text:h><text:list>`, xmlEsc.Replace(heading))
	for _, l := range lines {
		fmt.Fprintf(&body, `<text:list-item><text:p>%s</text:p></text:list-item>`, xmlEsc.Replace(l))
	}
	body.WriteString(`</text:list>`)
	add("mimetype", typeODT.Mime, true)
	add("META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`, false)
	add("content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:text>`+body.String()+`</office:text></office:body></office:document-content>`, false)
	_ = zw.Close()
	return b.Bytes()
}

// DemoWAV writes a quiet tone of the given seconds as 8 kHz, 8-bit mono WAV.
func DemoWAV(seconds int) []byte {
	const rate = 8000
	n := rate * seconds
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("RIFF")
	_ = binary.Write(&b, le, uint32(36+n))
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate), uint16(1), uint16(8)} {
		_ = binary.Write(&b, le, v)
	}
	b.WriteString("data")
	_ = binary.Write(&b, le, uint32(n))
	for i := 0; i < n; i++ {
		b.WriteByte(byte(128 + 8*math.Sin(2*math.Pi*440*float64(i)/rate)))
	}
	return b.Bytes()
}
