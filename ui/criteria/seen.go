package criteria

import (
	"slices"
	"sort"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
)

// seen is what stored data holds: event names, and sample values by the
// condition field a form builds (eventName.field for custom events, the
// field for profile fields). The form suggests from it and offers the
// comparators that fit its values.
type seen struct {
	events  []string
	samples map[string][]any
}

type seenMsg struct {
	req  int
	seen seen
	err  error
}

// seenLimit bounds how many devices and profiles a scan reads.
const seenLimit = 300

const samplesPerField = 20

// seenCmd scans some visitors' local events and profile updates, and some
// profiles' fields.
func seenCmd(p *engine.Project, req int) tea.Cmd {
	return func() tea.Msg {
		s := seen{samples: map[string][]any{}}
		add := func(field string, v any) {
			if len(s.samples[field]) < samplesPerField {
				s.samples[field] = append(s.samples[field], v)
			}
		}
		ids, err := p.ListDeviceIDs()
		if err != nil {
			return seenMsg{req: req, err: err}
		}
		events := map[string]bool{}
		for _, id := range ids[:min(len(ids), seenLimit)] {
			st, local, err := p.LoadDevice(id)
			if err != nil {
				continue
			}
			for _, le := range local {
				name, _ := le.Body["eventName"].(string)
				if name == "" {
					continue
				}
				events[name] = true
				if df, ok := le.Body["dataFields"].(map[string]any); ok {
					for k, v := range df {
						add(name+"."+k, v)
					}
				}
			}
			for k, v := range st.ProfileUpdate {
				add(k, v)
			}
		}
		profiles, _, err := p.ListProfiles(engine.ProfileQuery{Limit: seenLimit})
		if err == nil {
			for _, pr := range profiles {
				for k, v := range pr.DataFields {
					add(k, v)
				}
			}
		}
		for e := range events {
			s.events = append(s.events, e)
		}
		sort.Strings(s.events)
		return seenMsg{req: req, seen: s, err: err}
	}
}

// suggestions merges seen names into a default list, keeping its order.
func merged(defaults, more []string) []string {
	out := slices.Clone(defaults)
	for _, m := range more {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// fieldsOf lists seen fields under a prefix ("viewedProduct." or "" for
// profile fields, which have no dot).
func (s seen) fieldsOf(prefix string) []string {
	var out []string
	for f := range s.samples {
		switch {
		case prefix == "" && !containsDot(f):
			out = append(out, f)
		case prefix != "" && len(f) > len(prefix) && f[:len(prefix)] == prefix:
			out = append(out, f[len(prefix):])
		}
	}
	sort.Strings(out)
	return out
}

func containsDot(s string) bool {
	for i := range len(s) {
		if s[i] == '.' {
			return true
		}
	}
	return false
}
