package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"limen/engine"
	"limen/engine/device"
	"limen/engine/sim"
	"limen/ui"
)

// lastEvents is how many of a device's local events the inspector lists.
const lastEvents = 5

// inspector shows one device: its state, its last local events, and the
// criteria explanation, in a scrollable viewport.
type inspector struct {
	id     string
	req    int
	loaded bool
	vp     viewport.Model
	text   string
}

func newInspector(id string) *inspector {
	vp := viewport.New(1, 1)
	vp.KeyMap = viewport.KeyMap{} // the tab's keys scroll it (see scroll)
	return &inspector{id: id, vp: vp}
}

func (in *inspector) setSize(w, h int) {
	in.vp.Width, in.vp.Height = max(1, w), max(1, h)
	in.vp.SetContent(ansi.Wrap(in.text, in.vp.Width, " "))
}

// load takes an answer of inspectCmd.
func (in *inspector) load(msg inspectMsg, st ui.Styles) {
	in.loaded = true
	if msg.err != nil {
		text := "✗ " + msg.err.Error()
		if errors.Is(msg.err, engine.ErrNotFound) {
			text = "this device has not saved anything yet"
		}
		in.text = st.Error.Render(text)
	} else {
		in.text = reportText(msg.report, st)
	}
	in.vp.SetContent(ansi.Wrap(in.text, in.vp.Width, " "))
}

// scroll moves the viewport for navigation keys; it reports whether the key
// was one.
func (in *inspector) scroll(msg tea.KeyMsg, k KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		in.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		in.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		in.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		in.vp.PageDown()
	default:
		return false
	}
	return true
}

func (in *inspector) view() string {
	if !in.loaded {
		return "loading " + in.id + "…"
	}
	return in.vp.View()
}

// reportText is a device report for people.
func reportText(r sim.DeviceReport, st ui.Styles) string {
	var b strings.Builder
	s := r.State
	line := func(label, format string, args ...any) {
		fmt.Fprintf(&b, "%s %s\n", st.Header.Render(fmt.Sprintf("%-12s", label)), fmt.Sprintf(format, args...))
	}
	line("device", "%s · %s%s", s.ID, s.Platform, pushText(s))
	line("mode", "%s%s", modeText(s.Mode, st), whoText(s.Who))
	if s.Consent {
		line("consent", "yes, since %s", clock(s.ConsentAt))
	} else {
		line("consent", "no — nothing is kept or sent")
	}
	line("sessions", "%d (first %s, last %s)", s.Sessions.Count, clock(s.Sessions.First), clock(s.Sessions.Last))
	line("local", "%d events now · stored %d · dropped %d · evicted %d", len(r.Events), s.Stored, s.Dropped, s.Evicted)
	for i := max(0, len(r.Events)-lastEvents); i < len(r.Events); i++ {
		e := r.Events[i]
		fmt.Fprintf(&b, "  #%-4d %s %s %s\n", e.Seq, clock(e.At), eventLabel(e.Event), fieldsText(e.Body["dataFields"]))
	}
	if len(s.ProfileUpdate) > 0 {
		line("profile upd", "%s", fieldsText(s.ProfileUpdate))
	} else {
		line("profile upd", "none")
	}
	cv := "none fetched"
	if s.CriteriaVersion != 0 {
		cv = fmt.Sprintf("v%d, fetched %s", s.CriteriaVersion, clock(s.CriteriaFetchedAt))
		if s.CriteriaVersion != r.Published {
			cv += fmt.Sprintf(" (published: v%d)", r.Published)
		}
	}
	line("criteria", "%s", cv)
	if s.Pending != nil {
		line("pending", "activation as %s (criteria %s), to complete", s.Pending.UserID, s.Pending.CriteriaID)
	}
	b.WriteString("\n")
	switch {
	case s.Mode != device.Visitor:
		b.WriteString(st.Title.Render("activated") + st.Muted.Render(" — its local data went to its profile; what is left:") + "\n")
	default:
		b.WriteString(st.Title.Render("why not activated yet") + "\n")
	}
	if r.Explanation == nil {
		b.WriteString(st.Muted.Render("no criteria are published: nothing can activate") + "\n")
		return b.String()
	}
	if r.ExplainedVersion != s.CriteriaVersion {
		b.WriteString(st.Muted.Render(fmt.Sprintf("(explained against the published v%d)", r.ExplainedVersion)) + "\n")
	}
	var ex strings.Builder
	if err := r.Explanation.WriteText(&ex); err != nil {
		b.WriteString(st.Error.Render("✗ "+err.Error()) + "\n")
	}
	b.WriteString(ex.String())
	return b.String()
}

func pushText(s device.State) string {
	if s.Platform == "web" {
		return ""
	}
	if s.PushOptIn {
		return " · push on"
	}
	return " · push off"
}

func modeText(m device.Mode, st ui.Styles) string {
	switch m {
	case device.Unknown:
		return st.Unknown.Render("unknown user")
	case device.Known:
		return st.Known.Render("known user")
	}
	return "visitor"
}

func whoText(who device.Identity) string {
	var parts []string
	if who.UserID != "" {
		parts = append(parts, "userId "+who.UserID)
	}
	if who.Email != "" {
		parts = append(parts, who.Email)
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

func eventLabel(e device.Event) string {
	switch e.Type() {
	case "purchase":
		return "purchase"
	case "cartUpdate":
		return "cart update"
	}
	if n := e.Name(); n != "" {
		return n
	}
	return e.Type()
}

// fieldsText is data fields as compact JSON, cut to a readable length.
func fieldsText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 120 {
		s = s[:119] + "…"
	}
	return s
}

// clock is a simulated instant as a time of day ("–" for none).
func clock(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("Jan 2 15:04:05")
}
