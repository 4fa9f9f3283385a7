package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"limen/engine"
	"limen/engine/device"
)

// createMembers are the members a campaign step may have besides action
// and name; all of them belong to create.
func createMembers() []string {
	return []string{"channel", "audience", "criteriaId", "placement", "title", "body", "button", "discount", "attributionHours", "start"}
}

// campaignActions are what a campaign step can do.
func campaignActions() []string { return []string{"create", "start", "stop"} }

// declared is a campaign created by an earlier step of the file.
type declared struct {
	step    string // its create step's path, e.g. "steps[0]"
	channel string
}

// campaignStep decodes {"do": "campaign", "action": ..., "name": ...}.
// Campaigns are named in a scenario: a name is created once, and start
// and stop name a campaign created by an earlier step.
func (p *parser) campaignStep(path string, m map[string]json.RawMessage, st *Step) {
	before := len(p.problems)
	p.str(path+".action", m["action"], &st.Action)
	isString := len(p.problems) == before
	before = len(p.problems)
	p.str(path+".name", m["name"], &st.Campaign)
	isString = isString && len(p.problems) == before
	st.Campaign = strings.TrimSpace(st.Campaign)
	if _, ok := m["action"]; ok && isString && !slices.Contains(campaignActions(), st.Action) {
		p.add(path+".action", "unknown campaign action %q: use %s", st.Action, strings.Join(campaignActions(), ", "))
		return
	}
	if _, ok := m["name"]; ok && len(p.problems) == before && st.Campaign == "" {
		p.add(path+".name", "the campaign needs a name, which later steps use to refer to it")
	}
	if st.Action == "" || st.Campaign == "" {
		return
	}
	prev, known := p.campaigns[st.Campaign]
	if st.Action != "create" {
		for _, k := range sortedKeys(m) {
			if slices.Contains(createMembers(), k) {
				p.add(path+"."+k, "only a create step takes %s; %s takes action and name", k, st.Action)
			}
		}
		if !known {
			p.add(path+".name", "%s", p.notCreated(st.Campaign))
		}
		return
	}
	if known {
		p.add(path+".name", "a campaign named %q is already created at %s; give this one another name", st.Campaign, prev.step)
	}
	var channel string
	st.Spec, channel = p.campaignSpec(path, m, st.Campaign)
	p.boolean(path+".start", m["start"], &st.Start)
	if !known {
		// declared even when the create has problems, so that later steps
		// are not reported for it too
		if p.campaigns == nil {
			p.campaigns = map[string]declared{}
		}
		p.campaigns[st.Campaign] = declared{step: path, channel: channel}
	}
}

// campaignSpec decodes what a create step says the campaign is and checks it
// as the project will (engine.Campaign.Validate), naming the step's members.
// It returns nil when there are problems, and the channel as written.
func (p *parser) campaignSpec(path string, m map[string]json.RawMessage, name string) (*engine.Campaign, string) {
	before := len(p.problems)
	c := &engine.Campaign{Name: name}
	for _, k := range []string{"channel", "audience", "body"} {
		if _, ok := m[k]; !ok {
			p.add(path+"."+k, "missing: a campaign needs its %s", map[string]string{
				"channel":  "channel (" + strings.Join(engine.Channels(), ", ") + ")",
				"audience": "audience (" + strings.Join(engine.AudienceKinds(), ", ") + ")",
				"body":     "body, the text of the message",
			}[k])
		}
	}
	p.str(path+".channel", m["channel"], &c.Channel)
	if _, ok := m["channel"]; ok && !slices.Contains(engine.Channels(), c.Channel) {
		p.add(path+".channel", "unknown channel %q: use %s", c.Channel, strings.Join(engine.Channels(), ", "))
	}
	p.str(path+".audience", m["audience"], &c.Audience.Kind)
	if _, ok := m["audience"]; ok && !slices.Contains(engine.AudienceKinds(), c.Audience.Kind) {
		p.add(path+".audience", "unknown audience %q: use %s (with criteriaId)", c.Audience.Kind, strings.Join(engine.AudienceKinds(), ", "))
	}
	p.str(path+".criteriaId", m["criteriaId"], &c.Audience.CriteriaID)
	p.str(path+".placement", m["placement"], &c.Placement)
	p.str(path+".title", m["title"], &c.Title)
	p.str(path+".body", m["body"], &c.Body)
	p.str(path+".button", m["button"], &c.Button)
	p.number(path+".discount", m["discount"], &c.Discount)
	var hours float64
	if p.number(path+".attributionHours", m["attributionHours"], &hours) {
		if hours != float64(int(hours)) {
			p.add(path+".attributionHours", "must be a whole number of hours, not %v", hours)
		} else {
			c.AttributionHours = int(hours)
		}
	}
	if len(p.problems) > before {
		flagged := map[string]bool{}
		for _, pr := range p.problems[before:] {
			flagged[pr.Path] = true
		}
		p.validate(path, c, flagged)
		return nil, c.Channel
	}
	p.validate(path, c, nil)
	if len(p.problems) > before {
		return nil, c.Channel
	}
	return c, c.Channel
}

// validate reports what engine.Campaign.Validate finds, at the step member
// each problem concerns (skipping members already reported).
func (p *parser) validate(path string, c *engine.Campaign, flagged map[string]bool) {
	err := c.Validate()
	if err == nil {
		return
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var ie *engine.InputError
		if !errors.As(e, &ie) {
			p.add(path, "%v", e)
			continue
		}
		member := map[string]string{"audience.kind": "audience", "audience.criteriaId": "criteriaId"}[ie.Field]
		if member == "" {
			member = ie.Field
		}
		at := path + "." + member
		if flagged[at] {
			continue
		}
		if ie.Value != "" {
			p.add(at, "%s (got %q)", ie.Problem, ie.Value)
		} else {
			p.add(at, "%s", ie.Problem)
		}
	}
}

// messageStep decodes click, dismiss and openPush: the campaign must be
// created by an earlier step, reach a device, and (openPush) be a push.
func (p *parser) messageStep(path string, m map[string]json.RawMessage, st *Step) {
	before := len(p.problems)
	p.str(path+".campaign", m["campaign"], &st.Campaign)
	st.Campaign = strings.TrimSpace(st.Campaign)
	if _, ok := m["campaign"]; !ok || len(p.problems) > before {
		return
	}
	if st.Campaign == "" {
		p.add(path+".campaign", "name the campaign whose message the device acts on")
		return
	}
	c, known := p.campaigns[st.Campaign]
	switch {
	case !known:
		p.add(path+".campaign", "%s", p.notCreated(st.Campaign))
	case c.channel == device.ChannelEmail:
		p.add(path+".campaign", "campaign %q sends email, which never reaches a device", st.Campaign)
	case st.Do == "openPush" && c.channel != device.ChannelPush:
		p.add(path+".campaign", "campaign %q sends %s messages, not push notifications: use click or dismiss", st.Campaign, ChannelName(c.channel))
	case c.channel == device.ChannelPush && st.Device != "" && !p.devices[st.Device].pushes():
		p.add(path+".device", "%q never receives push notifications: declare it in \"devices\" with \"platform\": \"ios\" (or \"android\") and \"pushOptIn\": true", st.Device)
	}
}

// notCreated says that no earlier step created a campaign of that name.
func (p *parser) notCreated(name string) string {
	s := fmt.Sprintf("no campaign %q is created before this step", name)
	if len(p.campaigns) == 0 {
		return s + ` (create it first: {"do": "campaign", "action": "create", "name": ...})`
	}
	names := make([]string, 0, len(p.campaigns))
	for n := range p.campaigns {
		names = append(names, fmt.Sprintf("%q", n))
	}
	sort.Strings(names)
	return s + "; created so far: " + strings.Join(names, ", ")
}

func (d DeviceSpec) pushes() bool { return d.PushOptIn && device.IsMobile(d.Platform) }

// deviceSpecs decodes "devices": {"d1": {"platform": "ios", "pushOptIn": true}}.
func (p *parser) deviceSpecs(raw json.RawMessage) map[string]DeviceSpec {
	var m map[string]json.RawMessage
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' || json.Unmarshal(raw, &m) != nil {
		p.add("devices", `must be a JSON object of devices, like {"d1": {"platform": "ios", "pushOptIn": true}}`)
		return nil
	}
	out := map[string]DeviceSpec{}
	for _, id := range sortedKeys(m) {
		path := "devices." + id
		if id == "" {
			p.add("devices", "a device id must not be empty")
			continue
		}
		dm := p.object(path, m[id], nil, []string{"platform", "pushOptIn"})
		if dm == nil {
			continue
		}
		spec := DeviceSpec{Platform: "web"}
		p.str(path+".platform", dm["platform"], &spec.Platform)
		if !slices.Contains([]string{"web", "ios", "android"}, spec.Platform) {
			p.add(path+".platform", "unknown platform %q: use web, ios or android", spec.Platform)
		}
		p.boolean(path+".pushOptIn", dm["pushOptIn"], &spec.PushOptIn)
		if spec.PushOptIn && !device.IsMobile(spec.Platform) {
			p.add(path+".pushOptIn", "only a mobile device (ios or android) takes push notifications")
		}
		out[id] = spec
	}
	p.devices = out
	return out
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
