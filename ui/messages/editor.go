package messages

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// Form fields, in focus order.
const (
	fName = iota
	fChannel
	fAudience
	fCriteria
	fPlacement
	fTitle
	fBody
	fButton
	fDiscount
	fHours
	fFor
	nFields
)

// fieldLabel is a field's label in the form.
func fieldLabel(i int) string {
	labels := [nFields]string{"name", "channel", "audience", "criteria set", "placement", "title", "body", "button",
		"discount", "attribution", "preview for"}
	if i < 0 || i >= nFields {
		return ""
	}
	return labels[i]
}

// engineField maps the engine's field names (engine.InputError.Field) to
// the form's fields.
func engineField(name string) (int, bool) {
	switch name {
	case "name":
		return fName, true
	case "channel":
		return fChannel, true
	case "audience.kind":
		return fAudience, true
	case "audience.criteriaId":
		return fCriteria, true
	case "placement":
		return fPlacement, true
	case "title":
		return fTitle, true
	case "body":
		return fBody, true
	case "button":
		return fButton, true
	case "discount":
		return fDiscount, true
	case "attributionHours":
		return fHours, true
	}
	return 0, false
}

// Examples a new campaign starts with in its title and body, so that the
// preview shows a message at once; typing into the field replaces them.
const (
	exampleTitle = "Still thinking about the {{last.viewedProduct.name}}?"
	exampleBody  = "{{discount}}% off today: {{discounted last.viewedProduct.price}}"
)

// formValues is everything a person can change in the form (the preview's
// profile aside): the editor is dirty when they differ from the start.
type formValues struct {
	name, title, body, button, discount, hours string
	channel, audience, criteria, placement     string
}

// editor is the campaign form with its live preview. It holds data only;
// the model runs its commands.
type editor struct {
	orig   engine.Campaign // as loaded; ID 0 for a new campaign
	inputs [nFields]textinput.Model
	// Choices: indexes into engine.Channels(), engine.AudienceKinds(),
	// sets and placements.
	channel, audience, criteria, placement int
	sets                                   []engine.CriteriaSetInfo
	placements                             []string
	focus                                  int
	initial                                formValues
	// example marks fields still holding their example text, which the
	// first key typed replaces (← or → keeps it for editing).
	example [nFields]bool

	errs    map[int]string // problems by field
	general string         // a problem no field owns
	tried   bool           // a save was tried: every problem shows, live
	blocked bool           // the preview is refused until the problems are fixed
	saving  bool

	// The preview: rev counts edits (a debounced render answers the
	// latest); req is the render awaited.
	rev, previewReq int
	preview         engine.Preview
	rendered        bool
	previewErr      string
	previewFor      uint64 // the profile the shown preview is for

	// The profile previewed: one of pool (the audience's newest), or one
	// typed in the "preview for" field.
	pool         []engine.Profile
	poolAt       int
	poolAudience engine.Audience
	poolLoaded   bool
	profile      engine.Profile
	poolReq      int
	lookupReq    int
	lookupErr    string
}

// newEditor opens c (ID 0: a new campaign with the demo's defaults).
func newEditor(c engine.Campaign, sets []engine.CriteriaSetInfo, s ui.Styles) *editor {
	e := &editor{orig: c, sets: sets, errs: map[int]string{}}
	for i := range e.inputs {
		in := textinput.New()
		in.Prompt = ""
		_ = in.Cursor.SetMode(cursor.CursorStatic)
		e.inputs[i] = in
	}
	e.inputs[fName].Placeholder = "(required, e.g. 10% off what you viewed)"
	e.inputs[fName].CharLimit = 120
	e.inputs[fTitle].Placeholder = "(optional)"
	e.inputs[fButton].Placeholder = "(optional, e.g. Shop now)"
	e.inputs[fDiscount].Placeholder = "0"
	e.inputs[fHours].Placeholder = strconv.Itoa(engine.DefaultAttributionHours)
	e.inputs[fFor].Placeholder = "(an email or userId; enter looks it up)"
	if c.ID == 0 && c.Channel == "" {
		c.Channel, c.Audience.Kind = device.ChannelInApp, engine.AudienceUnknown
		c.Title, c.Body, c.Button = exampleTitle, exampleBody, "Shop now"
		e.example[fTitle], e.example[fBody] = true, true
	}
	e.inputs[fName].SetValue(c.Name)
	e.inputs[fTitle].SetValue(c.Title)
	e.inputs[fBody].SetValue(c.Body)
	e.inputs[fButton].SetValue(c.Button)
	e.inputs[fDiscount].SetValue(percentText(c.Discount))
	if c.AttributionHours > 0 {
		e.inputs[fHours].SetValue(strconv.Itoa(c.AttributionHours))
	}
	e.channel = max(0, slices.Index(engine.Channels(), c.Channel))
	e.audience = max(0, slices.Index(engine.AudienceKinds(), c.Audience.Kind))
	e.criteria = max(0, slices.IndexFunc(sets, func(s engine.CriteriaSetInfo) bool { return s.ID == c.Audience.CriteriaID }))
	e.placements = device.DefaultPlacements()
	if c.Placement != "" && !slices.Contains(e.placements, c.Placement) {
		e.placements = append(e.placements, c.Placement)
	}
	e.placement = max(0, slices.Index(e.placements, c.Placement))
	e.initial = e.values()
	e.styleExamples(s)
	e.focus = fName
	e.inputs[fName].Focus()
	return e
}

// isNew reports that the campaign is not saved yet.
func (e *editor) isNew() bool { return e.orig.ID == 0 }

// channelLocked: a campaign that has run keeps its channel.
func (e *editor) channelLocked() bool { return !e.isNew() && e.orig.State != engine.CampaignDraft }

func (e *editor) channelName() string  { return engine.Channels()[e.channel] }
func (e *editor) audienceKind() string { return engine.AudienceKinds()[e.audience] }

func (e *editor) criteriaID() string {
	if e.audienceKind() != engine.AudienceCriteria || len(e.sets) == 0 {
		return ""
	}
	return e.sets[min(e.criteria, len(e.sets)-1)].ID
}

func (e *editor) audienceValue() engine.Audience {
	return engine.Audience{Kind: e.audienceKind(), CriteriaID: e.criteriaID()}
}

func (e *editor) placementName() string {
	if e.channelName() != device.ChannelEmbedded {
		return ""
	}
	return e.placements[e.placement]
}

func (e *editor) values() formValues {
	v := func(i int) string { return e.inputs[i].Value() }
	return formValues{name: v(fName), title: v(fTitle), body: v(fBody), button: v(fButton), discount: v(fDiscount),
		hours: v(fHours), channel: e.channelName(), audience: e.audienceKind(), criteria: e.criteriaID(),
		placement: e.placementName()}
}

// dirty reports edits not saved.
func (e *editor) dirty() bool { return e.values() != e.initial }

// campaign is the campaign the form describes, and the problems of the
// fields the form reads itself (numbers).
func (e *editor) campaign() (engine.Campaign, map[int]string) {
	c := e.orig
	c.Name = e.inputs[fName].Value()
	c.Channel = e.channelName()
	c.Audience = e.audienceValue()
	c.Placement = e.placementName()
	c.Title, c.Body, c.Button = e.inputs[fTitle].Value(), e.inputs[fBody].Value(), e.inputs[fButton].Value()
	local := map[int]string{}
	if d, ok := parsePercent(e.inputs[fDiscount].Value()); ok {
		c.Discount = d
	} else {
		local[fDiscount] = "a percentage, such as 10 or 12.5"
	}
	if h, ok := parseHours(e.inputs[fHours].Value()); ok {
		c.AttributionHours = h
	} else {
		local[fHours] = "a whole number of hours, such as 24 or 72"
	}
	return c, local
}

// visible reports whether a field shows for the current choices.
func (e *editor) visible(i int) bool {
	switch i {
	case fCriteria:
		return e.audienceKind() == engine.AudienceCriteria
	case fPlacement:
		return e.channelName() == device.ChannelEmbedded
	}
	return true
}

// isChoice reports that a field is chosen with ←/→ rather than typed.
func isChoice(i int) bool {
	return i == fChannel || i == fAudience || i == fCriteria || i == fPlacement
}

// move moves the focus by d visible fields, wrapping.
func (e *editor) move(d int) {
	e.inputs[e.focus].Blur()
	e.inputs[e.focus].CursorStart() // show a long text from its start
	for range nFields {
		e.focus = (e.focus + d + nFields) % nFields
		if e.visible(e.focus) {
			break
		}
	}
	if !isChoice(e.focus) {
		e.inputs[e.focus].Focus()
		e.inputs[e.focus].CursorEnd()
	}
}

// choose moves the focused choice by d; it reports whether it changed.
func (e *editor) choose(d int) bool {
	cycle := func(at *int, n int) bool {
		if n <= 1 {
			return false
		}
		*at = (*at + d + n) % n
		return true
	}
	switch e.focus {
	case fChannel:
		if e.channelLocked() {
			return false
		}
		return cycle(&e.channel, len(engine.Channels()))
	case fAudience:
		return cycle(&e.audience, len(engine.AudienceKinds()))
	case fCriteria:
		return cycle(&e.criteria, len(e.sets))
	case fPlacement:
		return cycle(&e.placement, len(e.placements))
	}
	return false
}

// setProblems shows the validation problems (by engine field) and the
// form's own: before a save was tried, only the templates' and the
// numbers' (what the person just typed wrong); after, every one.
func (e *editor) setProblems(problems map[string]string, general string) {
	_, local := e.campaign()
	e.errs = map[int]string{}
	for name, p := range problems {
		f, ok := engineField(name)
		if !ok {
			general = strings.TrimPrefix(general+"; "+name+": "+p, "; ")
			continue
		}
		// A blocked preview shows what blocks it: not the name, which
		// the preview does without.
		if e.tried || (e.blocked && f != fName) || f == fTitle || f == fBody || f == fButton {
			e.errs[f] = p
		}
	}
	for f, p := range local {
		e.errs[f] = p
	}
	if e.tried || e.blocked {
		e.general = general
	}
}

// setSets takes a new list of criteria sets, keeping the chosen one.
func (e *editor) setSets(sets []engine.CriteriaSetInfo) {
	id := ""
	if len(e.sets) > 0 {
		id = e.sets[min(e.criteria, len(e.sets)-1)].ID
	}
	e.sets = sets
	e.criteria = max(0, slices.IndexFunc(sets, func(s engine.CriteriaSetInfo) bool { return s.ID == id }))
}

// setProfile makes p the previewed profile; at is its index in the pool
// (-1 when typed).
func (e *editor) setProfile(p engine.Profile, at int) {
	e.profile, e.poolAt, e.lookupErr = p, at, ""
	e.inputs[fFor].SetValue(ui.ProfileName(p))
	e.inputs[fFor].CursorEnd()
}

// cycle moves the previewed profile through the pool by d; it reports
// whether the profile changed.
func (e *editor) cycle(d int) bool {
	n := len(e.pool)
	if n == 0 {
		return false
	}
	at := e.poolAt
	if at < 0 {
		at = -1
		if d < 0 {
			at = 0
		}
	}
	at = (at + d + n) % n
	changed := e.pool[at].ID != e.profile.ID
	e.setProfile(e.pool[at], at)
	return changed
}

// setPool takes the audience's profiles; the previewed profile moves to
// the first of them unless it belongs to the audience already.
func (e *editor) setPool(ps []engine.Profile, a engine.Audience) bool {
	e.pool, e.poolAudience, e.poolLoaded = ps, a, true
	if i := slices.IndexFunc(ps, func(p engine.Profile) bool { return p.ID == e.profile.ID }); i >= 0 && e.profile.ID != 0 {
		e.poolAt = i
		return false
	}
	if len(ps) == 0 {
		e.poolAt = -1
		return false
	}
	e.setProfile(ps[0], 0)
	return true
}

// setWidths fits the text inputs to the form's width.
func (e *editor) setWidths(w int) {
	for i := range e.inputs {
		e.inputs[i].Width = max(4, w-labelWidth-4)
	}
	e.inputs[fDiscount].Width = 6
	e.inputs[fHours].Width = 5
	e.inputs[fFor].Width = max(4, w-labelWidth-4-10) // and "  12/100"
}

// takeExample handles a key typed into a field that holds its example:
// text typed replaces the example, a deletion clears it, anything else
// (a cursor move) keeps it as ordinary text. It reports whether the key
// is spent.
func (e *editor) takeExample(msg tea.KeyMsg, s ui.Styles) bool {
	i := e.focus
	if !e.example[i] {
		return false
	}
	e.example[i] = false
	e.styleExamples(s)
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		e.inputs[i].SetValue("")
	case tea.KeyBackspace, tea.KeyDelete, tea.KeyCtrlU, tea.KeyCtrlW:
		e.inputs[i].SetValue("")
		return true
	}
	return false
}

// styleExamples draws example texts muted.
func (e *editor) styleExamples(s ui.Styles) {
	for i := range e.inputs {
		if e.example[i] {
			e.inputs[i].TextStyle = s.Muted
		} else {
			e.inputs[i].TextStyle = lipgloss.NewStyle()
		}
	}
}

// labelWidth is the width of the form's labels.
const labelWidth = 12

// title is the form's heading.
func (e *editor) title(s ui.Styles) string {
	if e.isNew() {
		return s.Title.Render("New campaign")
	}
	return s.Title.Render("Edit campaign") + s.Muted.Render(" · "+stateLabel(e.orig.State))
}
