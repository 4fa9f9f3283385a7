package messages

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
	"limen/ui/uitest"
)

func TestListLoadsWithFiguresAndBadge(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	m := h.m
	if len(m.campaigns) != 2 || m.campaigns[0].Name != "10% off what you viewed" {
		t.Fatalf("campaigns %+v", m.campaigns)
	}
	if got := m.Badge(); got != "▶ 1" {
		t.Errorf("badge %q, want ▶ 1 (one running)", got)
	}
	st := m.stats[m.campaigns[0].ID]
	if st.Eligible != 4 || st.Delivered != 2 || st.Shown != 2 || st.Clicked != 1 || st.Converted != 1 || st.Dismissed != 1 || st.Revenue != 1169.1 {
		t.Errorf("offer's figures %+v", st)
	}
	v := h.screen()
	for _, want := range []string{"10% off what you viewed", "▶ running", "■ stopped", "1,169.10", "unknown users",
		"101 Big-tick…", "50.0% of delivered"} {
		if !strings.Contains(v, want) {
			t.Errorf("the list lacks %q:\n%s", want, v)
		}
	}
	if h.polls != 1 {
		t.Errorf("%d poll ticks armed after the first read, want 1", h.polls)
	}
}

// TestLiveFiguresRefresh: the figures are read again on each poll tick,
// one read at a time, and not at all while the tab is off screen or when
// nothing has run.
func TestLiveFiguresRefresh(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	m := h.m
	offerC := h.campaign("10% off what you viewed")
	d5 := h.device("d5")
	h.view(d5, "Velvet sofa", 1299)
	h.view(d5, "Oak dining table", 899)
	h.view(d5, "Velvet sofa", 1299)
	h.session("d5")
	h.step(d5.ClickMessage(context.Background(), offerC.ID))
	h.purchase("d5", 1299)

	// A tick asks for a read; a second tick while it is in flight asks
	// for nothing.
	_, read := m.Update(pollMsg{})
	if read == nil {
		t.Fatal("the poll tick read nothing")
	}
	if _, again := m.Update(pollMsg{}); again != nil {
		t.Fatal("a second read started while one was in flight")
	}
	h.Run(read)
	st := m.stats[offerC.ID]
	if st.Delivered != 3 || st.Clicked != 2 || st.Converted != 2 || st.Revenue != 1169.1+1299 {
		t.Errorf("after d5 bought: %+v", st)
	}
	if !strings.Contains(h.screen(), "2,468.10") {
		t.Errorf("the list does not show the new revenue:\n%s", h.screen())
	}
	if h.polls != 2 {
		t.Errorf("%d ticks armed, want the next one (2)", h.polls)
	}

	// Off screen, a tick reads nothing and arms nothing.
	m.SetActive(false)
	h.Send(pollMsg{})
	if h.polls != 2 {
		t.Errorf("a tick armed while off screen")
	}
	h.Run(m.SetActive(true))
	if h.polls != 3 {
		t.Errorf("back on screen: %d ticks, want polling to resume (3)", h.polls)
	}

	// With drafts only, nothing is polled.
	e := newHarness(t, 80, 24, false)
	_, err := e.p.SaveCampaign(offer())
	e.must(err)
	e.Send(ui.HappeningsMsg{Happenings: []engine.Happening{{Kind: engine.HappeningCampaign}}})
	if len(e.m.campaigns) != 1 || e.polls != 0 {
		t.Errorf("a draft only: %d campaigns, %d ticks (want 1 and 0)", len(e.m.campaigns), e.polls)
	}
	if _, cmd := e.m.Update(pollMsg{}); cmd != nil {
		t.Error("a tick read the figures of drafts")
	}
}

func TestStartStopAndDelete(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	m := h.m
	// Stopping asks, with "keep running" preselected.
	h.Keys("s")
	if m.confirm == nil || !strings.Contains(h.screen(), "(n) keep running") {
		t.Fatalf("no confirmation:\n%s", h.screen())
	}
	if !m.Typing() {
		t.Error("the confirmation is not modal")
	}
	h.Keys("enter")
	if c := h.campaign("10% off what you viewed"); c.State != engine.CampaignRunning {
		t.Fatalf("enter on the safe answer stopped it: %s", c.State)
	}
	h.Keys("s", "y")
	if c := h.campaign("10% off what you viewed"); c.State != engine.CampaignStopped {
		t.Fatalf("y did not stop it: %s", c.State)
	}
	if !strings.Contains(h.lastNote(), "stopped") || m.Badge() != "" {
		t.Errorf("note %q, badge %q", h.lastNote(), m.Badge())
	}
	// Starting needs no confirmation, and says when messages go.
	h.Keys("s")
	if c := h.campaign("10% off what you viewed"); c.State != engine.CampaignRunning {
		t.Fatalf("s did not restart it: %s", c.State)
	}
	if !strings.Contains(h.lastNote(), "next session") {
		t.Errorf("start note %q", h.lastNote())
	}
	if m.campaigns[m.cursor].Name != "10% off what you viewed" {
		t.Errorf("the cursor left the campaign it started")
	}
	// A campaign that ran is not deleted.
	h.Keys("d")
	if m.confirm != nil || !strings.Contains(h.lastNote(), "only drafts") {
		t.Errorf("d on a running campaign: confirm %v, note %q", m.confirm != nil, h.lastNote())
	}
	// An email campaign to known users: started, it says who was emailed.
	mail, err := h.p.SaveCampaign(engine.Campaign{Name: "Welcome back", Channel: device.ChannelEmail,
		Audience: engine.Audience{Kind: engine.AudienceKnown}, Title: "Hi {{firstName}}", Body: "We saved your cart"})
	h.must(err)
	h.Send(ui.HappeningsMsg{Happenings: []engine.Happening{{Kind: engine.HappeningCampaign}}})
	h.Keys("home")
	if c, _ := m.selected(); c.ID != mail.ID {
		t.Fatalf("the newest campaign is not on top: %+v", c)
	}
	// A draft is deleted after a confirmation, "keep it" preselected.
	h.Keys("d", "enter")
	if _, err := h.p.Campaign(mail.ID); err != nil {
		t.Fatalf("enter on the safe answer deleted the draft: %v", err)
	}
	h.Keys("s")
	if !strings.Contains(h.lastNote(), "emailed 2 people, skipped 0") {
		t.Errorf("email start note %q", h.lastNote())
	}
	draft, err := h.p.SaveCampaign(engine.Campaign{Name: "Draft", Channel: device.ChannelPush,
		Audience: engine.Audience{Kind: engine.AudienceUnknown}, Body: "hi"})
	h.must(err)
	h.Send(ui.HappeningsMsg{Happenings: []engine.Happening{{Kind: engine.HappeningCampaign}}})
	h.Keys("home", "d", "y")
	if _, err := h.p.Campaign(draft.ID); err == nil {
		t.Fatal("y did not delete the draft")
	}
	if len(m.campaigns) != 3 || !strings.Contains(h.lastNote(), "deleted the draft") {
		t.Errorf("%d campaigns after the delete, note %q", len(m.campaigns), h.lastNote())
	}
}

// TestValidationErrorsByField: saving an invalid campaign changes nothing
// and marks each problem by its field; template errors show as typed.
func TestValidationErrorsByField(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	m := h.m
	h.Keys("n", "tab")
	for m.ed.channelName() != device.ChannelEmail {
		h.Keys("right")
	}
	h.Keys("tab", "tab", "type:{{#each items}}x{{/each}}", "tab", "tab", "tab", "type:150")
	if p := m.ed.errs[fTitle]; !strings.Contains(p, "each") {
		t.Errorf("the title's template problem is not shown as typed: %q", p)
	}
	if m.ed.errs[fName] != "" {
		t.Errorf("the empty name is marked before any save: %q", m.ed.errs[fName])
	}
	h.press(tea.KeyCtrlS)
	e := m.ed
	if e == nil {
		t.Fatal("an invalid campaign closed the editor")
	}
	for f, want := range map[int]string{fName: "needs a name", fChannel: "placeholder", fDiscount: "percentage", fTitle: "each"} {
		if !strings.Contains(e.errs[f], want) {
			t.Errorf("%s: problem %q, want %q", fieldLabel(f), e.errs[f], want)
		}
	}
	if cs, _ := h.p.Campaigns(); len(cs) != 2 {
		t.Errorf("an invalid save stored something: %d campaigns", len(cs))
	}
	v := h.screen()
	for _, want := range []string{"✗ a campaign needs a name", "✗ unknown users have only placeholder", "✗ must be a percentage",
		"fix what is marked ✗"} {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
			t.Errorf("the editor does not show %q:\n%s", want, v)
		}
	}
	if !strings.Contains(h.lastNote(), "not saved") {
		t.Errorf("note %q", h.lastNote())
	}
	// Fixing a field clears its mark as typed.
	for e.focus != fName {
		h.Keys("shift+tab")
	}
	h.Keys("type:Mail")
	if e.errs[fName] != "" {
		t.Errorf("the fixed name is still marked: %q", e.errs[fName])
	}
	// A number the form cannot read is refused before the engine sees it.
	h.Keys("shift+tab", "shift+tab", "type:abc") // wraps to "preview for", then attribution
	h.press(tea.KeyCtrlS)
	if !strings.Contains(e.errs[fHours], "whole number") {
		t.Errorf("attribution problem %q", e.errs[fHours])
	}
}

// TestStalePreviewDropped: the preview renders once typing pauses, and an
// answer to an older render never replaces a newer one.
func TestStalePreviewDropped(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	m := h.m
	h.Keys("enter", "tab", "tab", "tab") // the title of the running offer
	e := m.ed
	h.Keys("ctrl+u", "type:Old")
	old := m.renderNow()
	h.Keys("ctrl+u", "type:New")
	if e.preview.Title != "New" {
		t.Fatalf("the preview shows %q, want New", e.preview.Title)
	}
	h.Run(old) // the older render answers late
	if e.preview.Title != "New" {
		t.Errorf("a stale answer replaced the preview: %q", e.preview.Title)
	}
	// A pause that a later edit re-armed renders nothing.
	rev := e.rev
	e.rev++
	if cmd := m.onPreviewDue(previewDueMsg{rev: rev}); cmd != nil {
		t.Error("a superseded pause asked for a render")
	}
}

func TestPreviewProfiles(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	m := h.m
	h.Keys("enter")
	e := m.ed
	if len(e.pool) != 4 || e.profile.ID != e.pool[0].ID {
		t.Fatalf("pool of %d unknown users, previewing #%d", len(e.pool), e.profile.ID)
	}
	first := e.profile.ID
	h.press(tea.KeyCtrlN)
	if e.profile.ID == first || e.poolAt != 1 || e.previewFor != e.profile.ID {
		t.Errorf("ctrl+n previews #%d (at %d, rendered for #%d)", e.profile.ID, e.poolAt, e.previewFor)
	}
	h.press(tea.KeyCtrlP)
	if e.profile.ID != first {
		t.Errorf("ctrl+p did not come back")
	}
	// Typing an email previews that profile, and says it is not in the
	// audience; missing paths are listed.
	for e.focus != fFor {
		h.Keys("tab")
	}
	h.Keys("ctrl+u", "type:bob@example.com", "enter")
	if e.profile.Email != "bob@example.com" || e.preview.Eligible || !strings.Contains(e.preview.Why, "not in the audience") {
		t.Errorf("bob's preview: %+v %+v", e.profile, e.preview)
	}
	if !strings.Contains(strings.Join(e.preview.Missing, ","), "last.viewedProduct.name") {
		t.Errorf("missing paths %v", e.preview.Missing)
	}
	v := h.screen()
	for _, want := range []string{"✗ would not get it", "! empty for this profile:"} {
		if !strings.Contains(v, want) {
			t.Errorf("the preview lacks %q:\n%s", want, v)
		}
	}
	h.Keys("ctrl+u", "type:nobody@nowhere", "enter")
	if !strings.Contains(e.lookupErr, "no profile") || !strings.Contains(h.screen(), "no profile has the email or userId") {
		t.Errorf("lookup of nobody: %q", e.lookupErr)
	}
	// A criteria audience previews its profiles.
	for e.focus != fAudience {
		h.Keys("shift+tab")
	}
	h.Keys("right", "right")
	if e.audienceKind() != engine.AudienceCriteria || e.criteriaID() != "101" || len(e.pool) != 3 {
		t.Errorf("criteria audience %q %q, pool %d", e.audienceKind(), e.criteriaID(), len(e.pool))
	}
}

// TestTypingWinsAndUnsaved: keys the shell would take go to the form, and
// leaving a changed form asks first.
func TestTypingWinsAndUnsaved(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	m := h.m
	app := ui.NewApp(m.styles, "test", m)
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	send := func(keys ...string) {
		for _, k := range uitest.Keys(keys...) {
			_, cmd := app.Update(k)
			h.Run(cmd)
		}
	}
	send("n")
	if m.Unsaved() != "" {
		t.Errorf("an untouched new campaign is unsaved: %q", m.Unsaved())
	}
	send("q", "?", ":")
	if got := m.ed.inputs[fName].Value(); got != "q?:" {
		t.Fatalf("the name got %q, want q?: (typing wins)", got)
	}
	if !strings.Contains(m.Unsaved(), "new, unsaved campaign") {
		t.Errorf("Unsaved %q", m.Unsaved())
	}
	send("esc")
	if m.confirm == nil || m.ed == nil {
		t.Fatal("esc on a changed form did not ask")
	}
	send("enter") // "keep editing" is preselected
	if m.ed == nil || m.confirm != nil {
		t.Fatal("enter on the safe answer closed the editor")
	}
	send("esc", "y")
	if m.ed != nil || m.Unsaved() != "" {
		t.Fatal("y did not discard the new campaign")
	}
	// The example text is replaced by what is typed, not added to.
	send("n", "tab", "tab", "tab", "type:Hi")
	if got := m.ed.inputs[fTitle].Value(); got != "Hi" {
		t.Errorf("typing over the example gave %q", got)
	}
	send("tab", "right", "type:!")
	if got := m.ed.inputs[fBody].Value(); got != exampleBody+"!" {
		t.Errorf("→ did not keep the example: %q", got)
	}
}

// TestSaveNewCampaign is the demo's path without the shell: the new
// campaign saves as a draft, the list selects it, s starts it.
func TestSaveNewCampaign(t *testing.T) {
	h := newHarness(t, 80, 24, true)
	m := h.m
	// name, channel (→ embedded), audience, placement (home), title, body,
	// button, discount.
	h.Keys("n", "type:Back in stock", "tab", "right", "tab", "tab", "tab", "type:{{last.viewedProduct.name}} is back",
		"tab", "type:Only today", "tab", "tab", "type:5")
	h.press(tea.KeyCtrlS)
	if m.ed != nil {
		t.Fatalf("the editor stayed open: %+v", m.ed.errs)
	}
	c := h.campaign("Back in stock")
	if c.State != engine.CampaignDraft || c.Channel != device.ChannelEmbedded || c.Placement != "home" || c.Discount != 5 ||
		c.Title != "{{last.viewedProduct.name}} is back" || c.Body != "Only today" {
		t.Fatalf("saved %+v", c)
	}
	if sel, _ := m.selected(); sel.ID != c.ID || !strings.Contains(h.lastNote(), "s starts it") {
		t.Errorf("selected %q, note %q", sel.Name, h.lastNote())
	}
	h.Keys("s")
	if c := h.campaign("Back in stock"); c.State != engine.CampaignRunning {
		t.Errorf("s left it %s", c.State)
	}
	// Editing it later keeps its channel.
	h.Keys("e", "tab", "right")
	if m.ed.channelName() != device.ChannelEmbedded {
		t.Error("the channel of a campaign that ran changed")
	}
}

func TestCommands(t *testing.T) {
	h := newHarness(t, 80, 24, true)
	names := func() string {
		var out []string
		for _, c := range h.m.Commands() {
			out = append(out, c.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names(); got != "new campaign,edit campaign,stop campaign" {
		t.Errorf("commands on the running offer: %s", got)
	}
	for _, c := range h.m.Commands() {
		if c.Name == "stop campaign" {
			h.Run(c.Run())
		}
	}
	if h.m.confirm == nil {
		t.Error("the palette's stop did not ask")
	}
}
