package knowledge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// MediaFile is a recording uploaded to Commons instead of linked: small audio only (films are
// linked where they are hosted).
type MediaFile struct {
	Filename    string
	ContentType string
	Size        int
	SHA256      string
	CreatedAt   time.Time
	Data        []byte // only when the file is sent
}

// ETag is the file's validator: its content's hash.
func (f MediaFile) ETag() string { return `"` + f.SHA256[:32] + `"` }

// CheckAudioFile checks an uploaded recording: not empty, within MaxAudio, and audio by its
// bytes. It returns the file to store, named from its sniffed type.
func CheckAudioFile(up *Upload) (*MediaFile, error) {
	switch {
	case up == nil || len(up.Data) == 0:
		return nil, errs.FieldErrors(map[string]string{"file": "knowledge.err.file_missing"})
	case len(up.Data) > MaxAudio:
		return nil, errs.FieldErrors(map[string]string{"file": "knowledge.err.audio_large"})
	}
	t, ok := SniffAudio(up.Data)
	if !ok {
		return nil, errs.FieldErrors(map[string]string{"file": "knowledge.err.audio_type"})
	}
	sum := sha256.Sum256(up.Data)
	name := StoredName(up.Filename, t)
	if strings.HasPrefix(name, "document.") {
		name = "recording" + t.Ext
	}
	return &MediaFile{Filename: name, ContentType: t.Mime, Size: len(up.Data), SHA256: hex.EncodeToString(sum[:]), Data: up.Data}, nil
}

// MediaFileData is an uploaded recording with its bytes, if the viewer may hear it.
func (s *Service) MediaFileData(ctx context.Context, a *actor.Actor, id string) (MediaFile, error) {
	m, err := s.OneMedia(ctx, a, id)
	if err != nil {
		return MediaFile{}, err
	}
	if m.File == nil {
		return MediaFile{}, notFound()
	}
	return mediaFileData(ctx, s.DB, id)
}

// Embed is how a film's host plays it inside a page: the player's address and its origin,
// which the page's Content-Security-Policy allows as a frame only once the visitor chooses.
type Embed struct {
	Src    string
	Origin string
}

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoID   = regexp.MustCompile(`^[0-9]{1,12}$`)
)

// Embed is the player for a film hosted where Commons knows how to embed one (YouTube, in its
// privacy-enhanced mode, and Vimeo, asked not to track); ok is false for anything else, which
// is only linked.
func (m Media) Embed() (Embed, bool) {
	u, err := url.Parse(m.URL)
	if err != nil || u.Scheme != "https" || m.File != nil {
		return Embed{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	parts := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	var id string
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		switch {
		case len(parts) == 1 && parts[0] == "watch":
			id = u.Query().Get("v")
		case len(parts) == 2 && (parts[0] == "embed" || parts[0] == "shorts" || parts[0] == "live"):
			id = parts[1]
		}
		if youtubeID.MatchString(id) {
			return Embed{Src: "https://www.youtube-nocookie.com/embed/" + id, Origin: "https://www.youtube-nocookie.com"}, true
		}
	case "youtu.be":
		if len(parts) == 1 && youtubeID.MatchString(parts[0]) {
			return Embed{Src: "https://www.youtube-nocookie.com/embed/" + parts[0], Origin: "https://www.youtube-nocookie.com"}, true
		}
	case "vimeo.com", "player.vimeo.com":
		if len(parts) > 0 && vimeoID.MatchString(parts[len(parts)-1]) {
			return Embed{Src: "https://player.vimeo.com/video/" + parts[len(parts)-1] + "?dnt=1", Origin: "https://player.vimeo.com"}, true
		}
	}
	return Embed{}, false
}

// EmbedHost is the host the player loads from, for the words that ask the visitor first.
func (e Embed) EmbedHost() string { return strings.TrimPrefix(e.Origin, "https://") }
