package knowledge

import "commons/internal/platform/openapi"

// APIFigure is one of a case's figures: an outcome against its aim, or another indicator.
type APIFigure struct {
	Kind   string  `json:"kind"` // outcome or indicator
	Label  string  `json:"label"`
	Value  float64 `json:"value"`
	Target float64 `json:"target,omitempty"`
	Unit   string  `json:"unit,omitempty"`
}

// APISource is the finished work a case was drafted from.
type APISource struct {
	Capability   string `json:"capability"`
	URL          string `json:"url,omitempty"`
	StartedOn    string `json:"started_on,omitempty"`
	EndedOn      string `json:"ended_on,omitempty"`
	Participants int    `json:"participants,omitempty"`
}

func apiCaseExtras(out *APICase, c Case) {
	out.Organisations, out.Areas, out.Assets, out.Figures = []string{}, []string{}, []string{}, []APIFigure{}
	for _, l := range c.Links {
		switch l.Kind {
		case LinkOrganisation:
			out.Organisations = append(out.Organisations, l.Ref)
		case LinkArea:
			out.Areas = append(out.Areas, l.Ref)
		case LinkAsset:
			out.Assets = append(out.Assets, l.Ref)
		}
	}
	for _, f := range c.OutcomeFigures {
		out.Figures = append(out.Figures, APIFigure{"outcome", f.Label, f.Value, f.Target, f.Unit})
	}
	for _, f := range c.Indicators {
		out.Figures = append(out.Figures, APIFigure{"indicator", f.Label, f.Value, f.Target, f.Unit})
	}
	if s := c.Source; s != nil {
		out.Source = &APISource{Capability: s.Capability, URL: s.URL, StartedOn: s.StartedOn, EndedOn: s.EndedOn, Participants: s.Participants}
	}
}

func caseOpenAPI(schemas openapi.Obj) {
	str := openapi.String
	schemas["CaseFigures"] = openapi.Obj{"type": "array", "description": "outcomes against their aims and other indicators, from the work the case was drafted from",
		"items": openapi.Obj{"type": "object", "required": []string{"kind", "label", "value"}, "properties": openapi.Obj{
			"kind": openapi.Obj{"type": "string", "enum": []string{"outcome", "indicator"}}, "label": str,
			"value": openapi.Obj{"type": "number"}, "target": openapi.Obj{"type": "number"}, "unit": str}}}
	schemas["CaseSource"] = openapi.Obj{"type": "object", "description": "the finished work a case study was drafted from",
		"required": []string{"capability"}, "properties": openapi.Obj{"capability": str, "url": str,
			"started_on": openapi.Obj{"type": "string", "format": "date"}, "ended_on": openapi.Obj{"type": "string", "format": "date"},
			"participants": openapi.Integer}}
}
