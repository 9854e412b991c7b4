package network

import (
	"database/sql"
	"html/template"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/errs"
)

// Visibility of a group.
const (
	Open    = "open"    // anyone signed in joins; anyone reads
	Closed  = "closed"  // people ask to join and hosts approve; only members read the discussions
	Private = "private" // by invitation; invisible to everyone else
)

// Roles within a group.
const (
	RoleHost   = "host"   // manages members, roles, summaries, guides
	RoleEditor = "editor" // drafts guide chapters
	RoleMember = "member"
)

// Membership states.
const (
	StateMember    = "member"
	StateRequested = "requested"
	StateInvited   = "invited"
)

// Post states.
const (
	PostVisible = "visible"
	PostHeld    = "held"   // waiting for a moderator (a new account's first posts)
	PostHidden  = "hidden" // hidden by a moderator, with a reason the author sees
)

// Comment states.
const (
	CommentOpen     = "open"
	CommentTakenIn  = "taken_in"
	CommentAnswered = "answered"
)

// Group is a space of members, discussions and guides.
type Group struct {
	ID              string        `json:"id"`
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	DescriptionHTML template.HTML `json:"-"`
	Visibility      string        `json:"visibility"`
	CreatedAt       time.Time     `json:"created_at"`
	Members         int           `json:"members"`
}

// Membership is the viewer's place in a group; the zero value is "not a member".
type Membership struct {
	Role     string
	State    string
	ShowOrg  bool
	Blocked  bool // blocked from the network by a moderator
	Admin    bool
	SignedIn bool
}

// IsMember reports full membership.
func (m Membership) IsMember() bool { return m.State == StateMember }

// IsHost reports a host.
func (m Membership) IsHost() bool { return m.IsMember() && m.Role == RoleHost }

// IsEditor reports a host or editor.
func (m Membership) IsEditor() bool {
	return m.IsMember() && (m.Role == RoleHost || m.Role == RoleEditor)
}

// Member is one person in a group's members' list.
type Member struct {
	AccountID string    `json:"account_id"`
	Name      string    `json:"name"`
	Handle    string    `json:"handle"`
	Role      string    `json:"role"`
	State     string    `json:"state"`
	Org       string    `json:"organisation,omitempty"`
	Sector    string    `json:"sector,omitempty"`
	JoinedAt  time.Time `json:"joined_at"`
	showOrg   bool      // they chose to show their organisation in the group
}

// Thread is a discussion.
type Thread struct {
	ID          string        `json:"id"`
	GroupID     string        `json:"group_id"`
	Title       string        `json:"title"`
	AuthorID    string        `json:"-"`
	Author      string        `json:"author"`
	CreatedAt   time.Time     `json:"created_at"`
	LastPostAt  time.Time     `json:"last_post_at"`
	Summary     string        `json:"summary"`
	SummaryHTML template.HTML `json:"-"`
	SummaryAt   *time.Time    `json:"summary_at"`
	Posts       int           `json:"posts"`
}

// Post is one contribution to a thread.
type Post struct {
	ID           string        `json:"id"`
	ThreadID     string        `json:"thread_id"`
	GroupID      string        `json:"-"`
	ParentID     string        `json:"parent_id,omitempty"`
	QuoteID      string        `json:"quote_id,omitempty"`
	AuthorID     string        `json:"-"`
	Author       string        `json:"author"`
	Body         string        `json:"body"`
	BodyHTML     template.HTML `json:"body_html"`
	State        string        `json:"-"`
	HiddenReason string        `json:"-"`
	CreatedAt    time.Time     `json:"created_at"`
	EditedAt     *time.Time    `json:"edited_at"`
	Replies      []Post        `json:"replies,omitempty"`
	Quote        *Post         `json:"-"`
	Attachments  []Attachment  `json:"attachments,omitempty"`
	Edits        int           `json:"-"`
}

// Attachment is an image or PDF attached to a post, kept in the database. An image with a
// description (Alt) is shown in the post; one without (sent by a program) is linked.
type Attachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	Alt         string `json:"alt,omitempty"`
}

// Files are a post's attachments that are not shown in it, listed as links.
func (p Post) Files() []Attachment {
	var out []Attachment
	for _, a := range p.Attachments {
		if !a.Inline() {
			out = append(out, a)
		}
	}
	return out
}

// Inline reports whether the attachment is shown in the post.
func (a Attachment) Inline() bool { return strings.HasPrefix(a.ContentType, "image/") && a.Alt != "" }

// Edit is an earlier text of a post.
type Edit struct {
	Body     string
	BodyHTML template.HTML
	EditedAt time.Time
}

// Limits on what people write.
const (
	MaxName     = 120
	MaxTitle    = 200
	MaxBody     = 20000
	MaxReason   = 500
	MaxAttach   = 512 << 10 // bytes per attachment
	MaxAttaches = 3
	// UploadBody is the largest post form: every attachment at its largest, and the text.
	UploadBody = MaxAttaches*MaxAttach + 1<<20
)

// GroupInput is what the new-group form sends.
type GroupInput struct{ Name, Description, Visibility string }

// Validate checks a group.
func (in *GroupInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	f := map[string]string{}
	switch {
	case in.Name == "":
		f["name"] = "network.err.name_missing"
	case utf8.RuneCountInString(in.Name) > MaxName:
		f["name"] = "network.err.name_long"
	}
	if len(in.Description) > MaxBody {
		f["description"] = "network.err.body_long"
	}
	if in.Visibility != Open && in.Visibility != Closed && in.Visibility != Private {
		f["visibility"] = "network.err.visibility"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// PostInput is what the thread and reply forms send.
type PostInput struct {
	Title    string // new threads only
	Body     string
	ParentID string
	QuoteID  string
	IdemKey  string
	Honeypot string
	Files    []File
}

// File is an uploaded attachment. An image is shown in the post, so it needs Alt, a
// description for people who cannot see it (Field names the form field it came from).
type File struct {
	Name  string
	Data  []byte
	Alt   string
	Field string
}

// MaxAlt is the longest description of an image.
const MaxAlt = 300

// Validate checks a post; thread says whether a title is needed.
func (in *PostInput) Validate(thread bool) error {
	in.Title = strings.TrimSpace(in.Title)
	in.Body = strings.TrimSpace(in.Body)
	f := map[string]string{}
	if thread {
		switch {
		case in.Title == "":
			f["title"] = "network.err.title_missing"
		case utf8.RuneCountInString(in.Title) > MaxTitle:
			f["title"] = "network.err.title_long"
		}
	}
	switch {
	case in.Body == "":
		f["body"] = "network.err.body_missing"
	case len(in.Body) > MaxBody:
		f["body"] = "network.err.body_long"
	}
	if len(in.IdemKey) < 16 || len(in.IdemKey) > 64 {
		f["body"] = "network.err.form_stale"
	}
	if len(in.Files) > MaxAttaches {
		f["files"] = "network.err.files_many"
	}
	for _, file := range in.Files {
		if len(file.Data) > MaxAttach {
			f["files"] = "network.err.file_big"
		} else if t := SniffType(file.Data); t == "" {
			f["files"] = "network.err.file_type"
		} else if file.Field != "" && strings.HasPrefix(t, "image/") && file.Alt == "" {
			f[file.Field] = "network.err.alt_missing"
		} else if utf8.RuneCountInString(file.Alt) > MaxAlt {
			f[file.Field] = "network.err.alt_long"
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// SniffType returns the attachment type the content shows (by its first bytes, not its name),
// or "" when it is not an image or PDF we accept.
func SniffType(data []byte) string {
	switch {
	case len(data) >= 8 && string(data[:8]) == "\x89PNG\r\n\x1a\n":
		return "image/png"
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return "image/jpeg"
	case len(data) >= 6 && (string(data[:6]) == "GIF87a" || string(data[:6]) == "GIF89a"):
		return "image/gif"
	case len(data) >= 5 && string(data[:5]) == "%PDF-":
		return "application/pdf"
	}
	return ""
}

// typeExtensions are the file name endings each accepted type may keep; the first is the one
// given to a name that ends otherwise.
var typeExtensions = map[string][]string{
	"image/png":       {".png"},
	"image/jpeg":      {".jpg", ".jpeg"},
	"image/gif":       {".gif"},
	"application/pdf": {".pdf"},
}

// NameForType is an attachment's file name ending as its content really is: "evil.html" that is
// a PNG is kept and served as "evil.png", so "Save as" never makes a web page of it (V10).
func NameForType(name, contentType string) string {
	exts, ok := typeExtensions[contentType]
	if !ok {
		return name
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if ext == e {
			return name
		}
	}
	base := strings.TrimSuffix(name, path.Ext(name))
	if base == "" {
		base = "attachment"
	}
	return base + exts[0]
}

// Guide is a document a group drafts together, in chapters.
type Guide struct {
	ID          string     `json:"id"`
	GroupID     string     `json:"group_id"`
	Title       string     `json:"title"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at"`
	Chapters    []Chapter  `json:"chapters"`
}

// Chapter is one chapter with its latest version number.
type Chapter struct {
	ID       string `json:"id"`
	GuideID  string `json:"guide_id"`
	Position int    `json:"position"`
	Title    string `json:"title"`
	Latest   int    `json:"latest_version"`
	Open     int    `json:"open_comments"`
}

// Version is one draft of a chapter.
type Version struct {
	Number    int
	Body      string
	Author    string
	authorID  string // read through identity for Author
	CreatedAt time.Time
}

// Comment is a comment on one paragraph of a chapter.
type Comment struct {
	ID             string
	ChapterID      string
	VersionNumber  int
	ParagraphHash  string
	ParagraphIndex int
	ParagraphText  string
	Author         string
	authorID       string // read through identity for Author
	BodyHTML       template.HTML
	State          string
	CreatedAt      time.Time
}

// Report is a report of a post, for the moderators' queue.
type Report struct {
	ID         string
	PostID     string
	GroupID    string
	GroupName  string
	ThreadID   string
	Reporter   string
	reporterID string // read through identity for Reporter
	Reason     string
	CreatedAt  time.Time
	PostAuthor string
	AuthorID   string
	PostHTML   template.HTML
	PostState  string
}

// Notification is one item of a person's in-app list.
type Notification struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	GroupID   string    `json:"group_id"`
	GroupName string    `json:"group"`
	ThreadID  string    `json:"thread_id"`
	Title     string    `json:"thread"`
	PostID    string    `json:"post_id"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
	Read      bool      `json:"read"`
	authorID  string    // read through identity for Author
}

type sqlNullTime = sql.NullTime
