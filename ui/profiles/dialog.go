package profiles

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// confirmKeys answer a confirmation.
type confirmKeys struct{ Yes, No, Toggle, Enter key.Binding }

func defaultConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		No:     key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
		Toggle: key.NewBinding(key.WithKeys("left", "right", "h", "l", "tab"), key.WithHelp("←/→", "switch")),
		Enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer")),
	}
}

// confirm is a yes/no choice with the safe answer (no) preselected.
type confirm struct {
	yes, no string
	onYes   bool
}

// update handles a key: done reports an answer, yes which.
func (c *confirm) update(msg tea.KeyMsg, k confirmKeys) (done, yes bool) {
	switch {
	case key.Matches(msg, k.Yes):
		return true, true
	case key.Matches(msg, k.No):
		return true, false
	case key.Matches(msg, k.Toggle):
		c.onYes = !c.onYes
	case key.Matches(msg, k.Enter):
		return true, c.onYes
	}
	return false, false
}

func (c confirm) view(s ui.Styles) string {
	button := func(label string, selected bool) string {
		if selected {
			return s.ActiveTab.Render(glyphSelected + " " + label)
		}
		return s.Tab.Render("  " + label)
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, button("(n) "+c.no, !c.onYes), "  ", button("(y) "+c.yes, c.onYes))
}

// forgetDialog asks before forgetting a profile.
type forgetDialog struct {
	profile engine.Profile
	confirm confirm
}

func newForgetDialog(p engine.Profile) *forgetDialog {
	return &forgetDialog{profile: p, confirm: confirm{yes: "forget", no: "keep"}}
}

func (f *forgetDialog) view(s ui.Styles, width int) string {
	p := f.profile
	text := lipgloss.NewStyle().Width(width).Render(
		"Deletes the profile and its " + plural(p.EventCount, "event") + ", unlinks its consent records and removes " +
			"the personal data from its identity history. This cannot be undone.")
	return lipgloss.JoinVertical(lipgloss.Left,
		s.Title.Render(cut("Forget profile #"+uitoa(p.ID)+" ("+ui.ProfileName(p)+")?", width)), "", text, "", f.confirm.view(s))
}

// formStage is where the identify form is.
type formStage int

const (
	stageInput      formStage = iota // typing the identity
	stagePreviewing                  // asking the engine what would happen
	stageConfirm                     // showing the preview, asking to confirm
	stageApplying                    // identifying
)

// identifyForm asks for an email or a userId, shows what identifying the
// profile with it would do, and asks to confirm.
type identifyForm struct {
	profile engine.Profile
	input   textinput.Model
	stage   formStage
	req     int
	preview engine.IdentifyPreview
	problem string
	confirm confirm
}

func newIdentifyForm(p engine.Profile) *identifyForm {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "name@example.com or a userId"
	in.CharLimit = 254
	_ = in.Cursor.SetMode(cursor.CursorStatic) // no blink timers; stable screens
	in.Focus()
	return &identifyForm{profile: p, input: in}
}

func (f *identifyForm) view(s ui.Styles, spin spinner.Model, width int) string {
	p := f.profile
	lines := []string{
		s.Title.Render(cut("Identify unknown profile #"+uitoa(p.ID), width)),
		s.Muted.Render(cut(ui.ProfileName(p), width)),
		"",
		"Email or userId",
		f.input.View(),
		"",
	}
	wrap := lipgloss.NewStyle().Width(width)
	switch f.stage {
	case stageInput:
		if f.problem != "" {
			lines = append(lines, s.Error.Render(wrap.Render("✗ "+f.problem)), "")
		}
		lines = append(lines, s.Muted.Render("enter: preview · esc: cancel"))
	case stagePreviewing:
		lines = append(lines, spin.View()+" working out what would change…")
	case stageConfirm, stageApplying:
		lines = append(lines, wrap.Render(previewText(f.preview)), "")
		if f.stage == stageApplying {
			lines = append(lines, spin.View()+" identifying…")
		} else if f.preview.Outcome == engine.PreviewExisting {
			lines = append(lines, s.Muted.Render("enter or esc: close"))
		} else {
			lines = append(lines, f.confirm.view(s))
		}
	}
	return strings.Join(lines, "\n")
}

// previewText says what identifying will do, in the engine's figures.
func previewText(pv engine.IdentifyPreview) string {
	switch pv.Outcome {
	case engine.PreviewConvert:
		return "Will CONVERT this unknown profile into a known profile: " + identityText(pv.To) + ". It keeps its number (#" +
			uitoa(pv.Profile.ID) + "), its " + plural(pv.Profile.EventCount, "event") + " and its data fields."
	case engine.PreviewMerge:
		d := pv.Destination
		return "Will MERGE this unknown profile into the existing profile #" + uitoa(d.ID) + " (" + ui.ProfileName(d) + ") and delete it: " +
			plural(pv.FieldsKept, "field") + " kept from the destination (it wins), " + ui.Thousands(pv.FieldsCopied) + " copied, " +
			plural(pv.EventsMoved, "event") + " moved."
	case engine.PreviewExisting:
		return "Profile #" + uitoa(pv.Profile.ID) + " is already known as " + identityText(pv.To) + ": nothing to do."
	}
	return pv.Problem
}

// identityText names an identity: its email, its userId, or both.
func identityText(id device.Identity) string {
	switch {
	case id.Email != "" && id.UserID != "":
		return id.Email + " (userId " + id.UserID + ")"
	case id.Email != "":
		return id.Email
	}
	return "userId " + id.UserID
}

// parseIdentity reads what was typed: an email when it has an @, else a
// userId.
func parseIdentity(s string) device.Identity {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		return device.Identity{Email: s}
	}
	return device.Identity{UserID: s}
}
