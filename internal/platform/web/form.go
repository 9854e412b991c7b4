package web

import (
	"net/http"
	"net/url"
	"strings"

	"commons/internal/platform/errs"
)

// Form is a submitted form: its values, and its field errors in page order for the GOV.UK
// error summary (each links to its field by id).
type Form struct {
	Values url.Values
	Errors map[string]string // field → message key
	Order  []string          // fields with errors, in the order they appear on the page
}

// NewForm reads the posted form.
func NewForm(r *http.Request) *Form {
	_ = r.ParseForm()
	return &Form{Values: r.PostForm, Errors: map[string]string{}}
}

// EmptyForm is a form with no values yet.
func EmptyForm() *Form { return &Form{Values: url.Values{}, Errors: map[string]string{}} }

// Get is a trimmed value.
func (f *Form) Get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// Raw is the untrimmed value (passwords).
func (f *Form) Raw(name string) string { return f.Values.Get(name) }

// Fail records an error on a field; the first error per field wins.
func (f *Form) Fail(field, key string) {
	if _, ok := f.Errors[field]; ok {
		return
	}
	f.Errors[field] = key
	f.Order = append(f.Order, field)
}

// Valid reports whether no field failed.
func (f *Form) Valid() bool { return len(f.Order) == 0 }

// Error is a field's message key, or "".
func (f *Form) Error(field string) string {
	if f == nil {
		return ""
	}
	return f.Errors[field]
}

// Take copies a domain error's field errors into the form, in the page order given by fields;
// an error without fields is put on the first field. It returns false when err is not a user
// error and should be answered as it is.
func (f *Form) Take(err error, fields ...string) bool {
	e := errs.As(err)
	if e.Code != errs.Invalid && e.Code != errs.Conflict && e.Code != errs.RateLimited && e.Code != errs.Unauthenticated {
		return false
	}
	if len(e.Fields) == 0 {
		if len(fields) > 0 {
			f.Fail(fields[0], e.Key)
		}
		return true
	}
	for _, name := range fields {
		if key, ok := e.Fields[name]; ok {
			f.Fail(name, key)
		}
	}
	for name, key := range e.Fields { // any the caller did not list
		f.Fail(name, key)
	}
	return true
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
