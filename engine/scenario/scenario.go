// Package scenario runs a conversion flow headless: a scenario file names a
// project, its criteria, some known profiles and a list of steps that drive
// devices (consent, track, identify, open the app, click a message, ...) and
// campaigns on a simulated clock. The runner narrates every step and reports
// the profiles, devices, identity ledger and campaigns it ends with. It is
// how limen demos and tests a flow from the command line.
package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"limen/engine"
	"limen/engine/criteria"
	"limen/engine/device"
)

// Scenario is a parsed, validated scenario file.
type Scenario struct {
	Name          string
	Description   string
	Project       Project
	Criteria      json.RawMessage // an Iterable criteria document, published before step 1
	KnownProfiles []KnownProfile
	// Devices are the devices declared with a platform (a device only
	// named by steps is a web browser).
	Devices map[string]DeviceSpec
	Steps   []Step
}

// DeviceSpec is what a device is: its platform and whether it allows push
// notifications (mobile only).
type DeviceSpec struct {
	Platform  string // "web", "ios" or "android"
	PushOptIn bool
}

// Project are the project settings a scenario runs with.
type Project struct {
	Type       string // "email", "userId" or "hybrid"
	EventLimit int    // eventThresholdLimit; 100 when absent
}

// KnownProfile is a profile that exists before the first step.
type KnownProfile struct {
	Email      string
	UserID     string
	DataFields map[string]any
}

// Step is one thing that happens. Do says what; the other fields are those
// that verb takes (validated by Parse).
type Step struct {
	Do         string
	Device     string
	Granted    bool
	EventName  string
	DataFields map[string]any
	Items      []device.Item
	Total      float64
	Email      string
	UserID     string
	Replay     *bool
	Merge      *bool
	Seconds    float64
	Criteria   json.RawMessage
	// Action is what a campaign step does: create, start or stop.
	Action string
	// Campaign is the name of the campaign a step is about: the "name" of
	// a campaign step, the "campaign" of click, dismiss and openPush.
	Campaign string
	// Spec is the campaign a create step makes (its Name is Campaign);
	// Start says whether it starts at once.
	Spec  *engine.Campaign
	Start bool
}

// verbs lists each step verb with the members it requires and allows.
func verbs() map[string]struct{ required, optional []string } {
	return map[string]struct{ required, optional []string }{
		"consent":         {[]string{"device", "granted"}, nil},
		"newSession":      {[]string{"device"}, nil},
		"foreground":      {[]string{"device"}, nil},
		"track":           {[]string{"device", "eventName"}, []string{"dataFields"}},
		"updateUser":      {[]string{"device", "dataFields"}, nil},
		"updateCart":      {[]string{"device", "items"}, nil},
		"purchase":        {[]string{"device", "items", "total"}, []string{"dataFields"}},
		"identify":        {[]string{"device"}, []string{"email", "userId", "replay", "merge"}},
		"logout":          {[]string{"device"}, nil},
		"publishCriteria": {[]string{"criteria"}, nil},
		"advance":         {[]string{"seconds"}, nil},
		"campaign":        {[]string{"action", "name"}, createMembers()},
		"openApp":         {[]string{"device"}, nil},
		"click":           {[]string{"device", "campaign"}, nil},
		"dismiss":         {[]string{"device", "campaign"}, nil},
		"openPush":        {[]string{"device", "campaign"}, nil},
	}
}

// Problem is one reason a scenario file cannot run: a JSON path and a message.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// Error lists every problem found in a scenario file.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// parser collects problems while decoding.
type parser struct {
	problems []Problem
	// devices are the declared devices; campaigns the campaigns created by
	// the steps decoded so far, by name.
	devices   map[string]DeviceSpec
	campaigns map[string]declared
}

func (p *parser) add(path, format string, args ...any) {
	p.problems = append(p.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Parse reads and validates a scenario file. Every problem is reported at
// once, each with its JSON path; a file with problems yields an *Error.
func Parse(data []byte) (*Scenario, error) {
	if err := criteria.CheckJSON(data); err != nil {
		return nil, &Error{Problems: []Problem{{Path: "(file)", Message: "not JSON: " + err.Error()}}}
	}
	var p parser
	top := p.object("", data, []string{"steps"}, []string{"name", "description", "project", "criteria", "knownProfiles", "devices"})
	if top == nil {
		return nil, &Error{Problems: p.problems}
	}
	sc := &Scenario{Project: Project{Type: "email", EventLimit: device.DefaultEventLimit}}
	p.str("name", top["name"], &sc.Name)
	p.str("description", top["description"], &sc.Description)
	if raw, ok := top["project"]; ok {
		p.project(raw, &sc.Project)
	}
	if raw, ok := top["criteria"]; ok {
		sc.Criteria = p.criteriaDoc("criteria", raw, sc.Project.EventLimit)
	}
	if raw, ok := top["knownProfiles"]; ok {
		for i, el := range p.array("knownProfiles", raw) {
			path := fmt.Sprintf("knownProfiles[%d]", i)
			m := p.object(path, el, nil, []string{"email", "userId", "dataFields"})
			if m == nil {
				continue
			}
			var kp KnownProfile
			p.str(path+".email", m["email"], &kp.Email)
			p.str(path+".userId", m["userId"], &kp.UserID)
			kp.DataFields = p.fields(path+".dataFields", m["dataFields"])
			if kp.Email == "" && kp.UserID == "" {
				p.add(path, "a known profile needs an email or a userId")
			}
			sc.KnownProfiles = append(sc.KnownProfiles, kp)
		}
	}
	if raw, ok := top["devices"]; ok {
		sc.Devices = p.deviceSpecs(raw)
	}
	steps := p.array("steps", top["steps"])
	if steps != nil && len(steps) == 0 {
		p.add("steps", "there are no steps to run")
	}
	for i, el := range steps {
		sc.Steps = append(sc.Steps, p.step(fmt.Sprintf("steps[%d]", i), el, sc.Project.EventLimit))
	}
	if len(p.problems) > 0 {
		return nil, &Error{Problems: p.problems}
	}
	return sc, nil
}

func (p *parser) project(raw json.RawMessage, out *Project) {
	m := p.object("project", raw, nil, []string{"type", "eventThresholdLimit"})
	if m == nil {
		return
	}
	if v, ok := m["type"]; ok {
		p.str("project.type", v, &out.Type)
		switch out.Type {
		case "email", "userId", "hybrid":
		default:
			p.add("project.type", "unknown project type %q: use email, userId or hybrid", out.Type)
		}
	}
	if v, ok := m["eventThresholdLimit"]; ok {
		var n float64
		if p.number("project.eventThresholdLimit", v, &n) && (n < 1 || n != float64(int(n)) || n > 10000) {
			p.add("project.eventThresholdLimit", "must be a whole number from 1 to 10000, not %v", n)
		} else {
			out.EventLimit = int(n)
		}
	}
}

func (p *parser) step(path string, raw json.RawMessage, limit int) Step {
	var st Step
	probe := map[string]json.RawMessage{}
	if json.Unmarshal(raw, &probe) != nil {
		p.add(path, "a step must be an object like {\"device\": \"d1\", \"do\": \"track\", ...}")
		return st
	}
	p.str(path+".do", probe["do"], &st.Do)
	spec, known := verbs()[st.Do]
	if !known {
		names := make([]string, 0, len(verbs()))
		for n := range verbs() {
			names = append(names, n)
		}
		sort.Strings(names)
		if st.Do == "" {
			p.add(path+".do", "missing: say what the step does (%s)", strings.Join(names, ", "))
		} else {
			p.add(path+".do", "unknown step %q: use one of %s", st.Do, strings.Join(names, ", "))
		}
		return st
	}
	m := p.object(path, raw, spec.required, append([]string{"do"}, spec.optional...))
	if m == nil {
		return st
	}
	p.str(path+".device", m["device"], &st.Device)
	if _, ok := m["device"]; ok && st.Device == "" {
		p.add(path+".device", "the device id must not be empty")
	}
	p.boolean(path+".granted", m["granted"], &st.Granted)
	p.str(path+".eventName", m["eventName"], &st.EventName)
	if _, ok := m["eventName"]; ok && st.EventName == "" {
		p.add(path+".eventName", "the event name must not be empty")
	}
	st.DataFields = p.fields(path+".dataFields", m["dataFields"])
	if st.Do == "updateUser" && m["dataFields"] != nil && len(st.DataFields) == 0 {
		p.add(path+".dataFields", "updateUser needs at least one data field")
	}
	if raw, ok := m["items"]; ok {
		st.Items = p.items(path+".items", raw)
	}
	p.number(path+".total", m["total"], &st.Total)
	p.str(path+".email", m["email"], &st.Email)
	p.str(path+".userId", m["userId"], &st.UserID)
	st.Replay = p.optBool(path+".replay", m["replay"])
	st.Merge = p.optBool(path+".merge", m["merge"])
	if st.Do == "identify" && st.Email == "" && st.UserID == "" {
		p.add(path, "identify needs an email or a userId")
	}
	if raw, ok := m["seconds"]; ok && p.number(path+".seconds", raw, &st.Seconds) && st.Seconds <= 0 {
		p.add(path+".seconds", "must be a positive number of seconds, not %v", st.Seconds)
	}
	if raw, ok := m["criteria"]; ok {
		st.Criteria = p.criteriaDoc(path+".criteria", raw, limit)
	}
	switch st.Do {
	case "campaign":
		p.campaignStep(path, m, &st)
	case "click", "dismiss", "openPush":
		p.messageStep(path, m, &st)
	}
	return st
}

// criteriaDoc checks an embedded criteria document with Lint.
func (p *parser) criteriaDoc(path string, raw json.RawMessage, limit int) json.RawMessage {
	doc, err := criteria.Parse(raw)
	if err != nil {
		p.add(path, "%v", err)
		return nil
	}
	for _, prob := range criteria.Lint(doc, criteria.LintOptions{EventLimit: limit}) {
		p.add(path+"."+prob.Path, "%s", prob.Message)
	}
	return bytes.Clone(raw)
}
