package visitor

import (
	"strings"
	"testing"

	"limen/engine"
	"limen/engine/device"
	"limen/ui/uitest"
)

func TestOpensNewVisitor(t *testing.T) {
	h := newHarness(t, 120, 36)
	if h.m.dev == nil || h.m.dev.ID() != "you-1" {
		t.Fatalf("device %v", h.m.dev)
	}
	if got := h.last(); !strings.Contains(got, "new visitor you-1") {
		t.Fatalf("history %q", got)
	}
	h.keys("N")
	if h.m.dev.ID() != "you-2" {
		t.Fatalf("second visitor is %s", h.m.dev.ID())
	}
}

// TestActionsNarrate checks the sentence each action produces.
func TestActionsNarrate(t *testing.T) {
	h := newHarness(t, 120, 36)
	steps := []struct {
		keys []string
		want string
	}{
		{[]string{"b", "enter"}, "viewedProduct dropped: no consent (1 dropped so far)"},
		{[]string{"c"}, "consent granted; session 1 counted; criteria v1 fetched"},
		{[]string{"b", "home", "down", "down", "down", "down", "down", "down", "down", "enter"}, "viewedProduct stored on the device"},
		{[]string{"a"}, "cart update (1 item) stored on the device"},
		{[]string{"u", "type:city=Lyon, prefs.topic=sofas", "enter"}, "profile update merged into the device's profile object"},
		{[]string{"n"}, "new session; visitor session 2 counted"},
		{[]string{"p"}, "purchase of 89 stored on the device"},
		{[]string{"r"}, "consent revoked; local data wiped"},
		{[]string{"c"}, "consent granted"},
	}
	for _, s := range steps {
		h.keys(s.keys...)
		if got := h.last(); !strings.Contains(got, s.want) {
			t.Fatalf("after %v: %q, want %q", s.keys, got, s.want)
		}
	}
	st := h.m.view.state
	if !st.Consent || st.Mode != device.Visitor || len(h.m.view.events) != 0 {
		t.Fatalf("state %+v, %d events", st, len(h.m.view.events))
	}
}

func TestActivateThenMerge(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("c")
	h.browse(1)
	h.browse(2)
	if h.m.view.state.Mode != device.Visitor {
		t.Fatal("activated too early")
	}
	h.keys("w")
	if !strings.Contains(h.m.why.View(), "101") {
		t.Fatalf("why pane:\n%s", h.m.why.View())
	}
	h.keys("w")
	h.browse(3)
	uid := h.m.view.state.Who.UserID
	want := `ACTIVATED by criteria 101 "Big-ticket browser" → unknown user ` + uid + ` <` + uid + `+`
	if got := h.last(); !strings.Contains(got, want) || !strings.Contains(got, "@placeholder.email>, 3 events replayed") {
		t.Fatalf("got %q", got)
	}
	if uid == "" || h.m.view.state.Mode != device.Unknown || len(h.m.view.events) != 0 {
		t.Fatalf("state %+v", h.m.view.state)
	}
	h.keys("b", "enter")
	if got := h.last(); !strings.Contains(got, "viewedProduct sent to unknown user "+uid) {
		t.Fatalf("got %q", got)
	}
	h.keys("i", "type:ann@example.com", "enter")
	if got := h.last(); !strings.Contains(got, "identified as ann@example.com (userId ann): unknown user "+uid+" MERGED into the existing profile (5 events moved") {
		t.Fatalf("got %q", got)
	}
	if _, err := h.p.ProfileByUserID(uid); err == nil {
		t.Fatal("the unknown profile still exists")
	}
	h.keys("o")
	if got := h.last(); got != "logged out: a visitor again; consent kept; criteria v1 fetched" {
		t.Fatalf("got %q", got)
	}
	if h.m.keys.Logout.Enabled() {
		t.Fatal("logout enabled for a visitor")
	}
}

func TestIdentifyVisitorConvertsAndOverrides(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("c", "b", "enter")
	// replay off: the local data is dropped.
	h.keys("i", "type:new@example.com", "tab", "right", "right", "enter")
	if got := h.last(); !strings.Contains(got, "identified as new@example.com: new known profile, local data dropped (replay off)") {
		t.Fatalf("got %q", got)
	}
	if e := h.m.history[len(h.m.history)-1]; e.label != "identify (replay off)" {
		t.Fatalf("label %q", e.label)
	}
	pr, err := h.p.ProfileByEmail("new@example.com")
	if err != nil || pr.Kind != engine.KindKnown {
		t.Fatalf("%+v %v", pr, err)
	}
}

func TestIdentifyFormValidation(t *testing.T) {
	h := newHarness(t, 120, 36)
	n := len(h.m.history)
	for _, c := range []struct{ typed, err string }{
		{"", "type an email or a userId"},
		{"ann @example.com", "no spaces"},
		{"ann@example", "is not an email address"},
		{"x+1@placeholder.email", "placeholder emails"},
	} {
		h.keys("i", "type:"+c.typed, "enter")
		if h.m.ident == nil || !strings.Contains(h.m.ident.err, c.err) {
			t.Fatalf("%q: form %+v", c.typed, h.m.ident)
		}
		if !strings.Contains(h.m.View(), c.err) {
			t.Fatalf("%q: error not shown:\n%s", c.typed, h.m.View())
		}
		h.keys("esc")
	}
	if len(h.m.history) != n {
		t.Fatal("an invalid identify reached the device")
	}
	h.keys("i", "type:user-42", "enter")
	if got := h.last(); !strings.Contains(got, "identified as user-42+") {
		t.Fatalf("got %q", got)
	}
}

func TestTypingKeepsKeys(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("i")
	if !h.m.Typing() {
		t.Fatal("identify form open but not typing")
	}
	h.keys("type:qcbo")
	if v := h.m.ident.input.Value(); v != "qcbo" {
		t.Fatalf("typed %q", v)
	}
	if !h.m.Typing() || h.m.keys.Consent.Enabled() {
		t.Fatal("screen keys active while typing")
	}
	h.keys("esc")
	if h.m.Typing() || !h.m.keys.Consent.Enabled() {
		t.Fatal("keys not back after esc")
	}
	h.keys("u", "type:q=1")
	if !h.m.Typing() || h.m.fields.input.Value() != "q=1" {
		t.Fatalf("fields form: %q", h.m.fields.input.Value())
	}
	h.keys("esc", "b")
	if !h.m.Typing() {
		t.Fatal("picker is modal")
	}
	h.keys("q")
	if h.m.pick == nil {
		t.Fatal("q closed the picker")
	}
}

func TestParseFields(t *testing.T) {
	got, err := parseFields(`city=Paris, newsletter=true, age=42, prefs.topic="sofas", prefs.n=1`)
	if err != nil {
		t.Fatal(err)
	}
	prefs, _ := got["prefs"].(map[string]any)
	if got["city"] != "Paris" || got["newsletter"] != true || got["age"] != float64(42) || prefs["topic"] != "sofas" || prefs["n"] != float64(1) {
		t.Fatalf("%#v", got)
	}
	for _, bad := range []string{"", "city", "=x", "a..b=1"} {
		if _, err := parseFields(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	h := newHarness(t, 120, 36)
	h.keys("u", "type:nonsense", "enter")
	if h.m.fields == nil || !strings.Contains(h.m.fields.err, "write key=value") {
		t.Fatalf("form %+v", h.m.fields)
	}
}

func TestPickExistingDevice(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("c")
	h.browse(1)
	h.browse(2)
	h.keys("N") // you-2
	h.keys("d")
	if h.m.pick == nil || h.m.pick.kind != pickDevice {
		t.Fatal("no device picker")
	}
	h.keys("down", "enter") // you-1
	if h.m.dev.ID() != "you-1" || len(h.m.view.events) != 2 || h.m.view.state.CriteriaVersion != 1 {
		t.Fatalf("restored %s: %+v", h.m.dev.ID(), h.m.view.state)
	}
	h.browse(3)
	if got := h.last(); !strings.Contains(got, "ACTIVATED by criteria 101") {
		t.Fatalf("restored device did not activate: %q", got)
	}
}

func TestHistoryScrolls(t *testing.T) {
	h := newHarness(t, 80, 24)
	for range 12 {
		h.keys("n")
	}
	if !h.m.hist.AtBottom() {
		t.Fatal("history does not follow")
	}
	h.keys("pgup")
	if h.m.hist.AtBottom() || !strings.Contains(h.m.View(), "lines ") {
		t.Fatal("pgup did not scroll")
	}
	h.keys("n")
	if h.m.hist.AtBottom() {
		t.Fatal("a scrolled-up history jumped to the bottom")
	}
	h.keys("G")
	if !h.m.hist.AtBottom() {
		t.Fatal("G did not go to the bottom")
	}
}

func TestViewFits(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {100, 30}, {120, 36}, {200, 50}, {60, 16}, {40, 10}} {
		h := newHarness(t, s[0], s[1])
		h.keys("c")
		h.browse(1)
		uitest.RequireSize(t, h.m.View(), s[0], s[1])
		for _, k := range []string{"w", "w", "b", "esc", "i", "esc", "u"} {
			h.keys(k)
			uitest.RequireSize(t, h.m.View(), s[0], s[1])
		}
	}
}

func TestConvertAndCommands(t *testing.T) {
	h := newHarness(t, 120, 36)
	names := func() []string {
		var out []string
		for _, c := range h.m.Commands() {
			out = append(out, c.Name)
		}
		return out
	}
	if got := strings.Join(names(), "|"); strings.Contains(got, "log out") || strings.Contains(got, "purchase") || !strings.Contains(got, "visitor: consent") {
		t.Fatalf("commands %s", got)
	}
	for _, c := range h.m.Commands() {
		if c.Name == "visitor: consent" {
			h.run(c.Run())
		}
	}
	if !h.m.view.state.Consent {
		t.Fatal("the consent command did nothing")
	}
	h.browse(1)
	h.browse(2)
	h.browse(5)
	h.keys("i", "type:zoe@example.com", "enter")
	if got := h.last(); !strings.Contains(got, "identified as zoe@example.com (userId ") || !strings.Contains(got, "CONVERTED into the known profile") {
		t.Fatalf("got %q", got)
	}
	if got := strings.Join(names(), "|"); !strings.Contains(got, "visitor: log out") {
		t.Fatalf("commands %s", got)
	}
}

// TestOfferOnTheNextSession: an unknown user's next session shows the
// running offer in the device panel; m clicks it, and the purchase is
// credited to it.
func TestOfferOnTheNextSession(t *testing.T) {
	h := newHarness(t, 120, 36)
	c, err := h.p.SaveCampaign(engine.Campaign{Name: "10% off what you viewed", Channel: device.ChannelInApp,
		Audience: engine.Audience{Kind: engine.AudienceUnknown}, Discount: 10,
		Title: "Still thinking about the {{last.viewedProduct.name}}?", Body: "{{discount}}% off: {{discounted last.viewedProduct.price}}"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.p.StartCampaign(c.ID); err != nil {
		t.Fatal(err)
	}
	if h.m.keys.Click.Enabled() {
		t.Fatal("m is offered with no message on the device")
	}
	h.keys("c")
	h.browse(1)
	h.browse(2)
	h.browse(3)
	h.keys("n")
	if got := h.last(); !strings.Contains(got, `in-app "10% off what you viewed" shown — "Still thinking about the `) {
		t.Fatalf("the next session did not show the offer: %q", got)
	}
	if !h.m.keys.Click.Enabled() || !strings.Contains(h.m.View(), `in-app "10% off what you viewed"`) {
		t.Fatalf("the device panel does not show the offer:\n%s", h.m.View())
	}
	h.keys("m")
	if got := h.last(); !strings.Contains(got, `clicked in-app "10% off what you viewed"`) {
		t.Fatalf("m: %q", got)
	}
	h.keys("a", "p")
	if got := h.last(); !strings.Contains(got, `credited to campaign "10% off what you viewed"`) {
		t.Fatalf("purchase after the click: %q", got)
	}
}
