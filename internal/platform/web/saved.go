package web

import "net/http"

// Saved ends a form's POST once the service has answered it. Input the service refused (what
// Form.Take reads into the fields named) shows the form again, with its errors, through again;
// any other error is returned for the handler's adapter to answer; a save flashes its message
// and goes on to next.
func (k *Kit) Saved(w http.ResponseWriter, r *http.Request, f *Form, err error, fields []string, flash, next string, again func() error) error {
	if err != nil {
		if f.Take(err, fields...) {
			return again()
		}
		return err
	}
	k.Flash(w, flash)
	Redirect(w, r, next)
	return nil
}
