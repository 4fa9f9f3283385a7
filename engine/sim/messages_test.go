package sim

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"limen/engine"
	"limen/engine/device"
)

func TestPersonaMessageRatesAreChecked(t *testing.T) {
	for _, p := range DefaultPersonas() {
		m := p.Messages
		if m.Open <= 0 || m.Click <= 0 || m.Buy <= 0 {
			t.Errorf("%s: every fixture persona responds to messages: %+v", p.Name, m)
		}
	}
	ps := map[string]Persona{}
	for _, p := range DefaultPersonas() {
		ps[p.Name] = p
	}
	if big, window := ps["big-ticket-browser"].Messages.Buy, ps["window-shopper"].Messages.Buy; big < 5*window {
		t.Errorf("a big-ticket browser buys after a click far more often (%g) than a window shopper (%g)", big, window)
	}
	for field, set := range map[string]func(*MessageRates, float64){
		"messages.open":  func(m *MessageRates, x float64) { m.Open = x },
		"messages.click": func(m *MessageRates, x float64) { m.Click = x },
		"messages.buy":   func(m *MessageRates, x float64) { m.Buy = x },
	} {
		for _, x := range []float64{-0.1, 1.01, math.NaN(), math.Inf(1)} {
			p := DefaultPersonas()[0]
			set(&p.Messages, x)
			if err := p.Validate(); err == nil || !strings.Contains(err.Error(), field) {
				t.Errorf("%s = %g: error %v, want it to name %s", field, x, err, field)
			}
		}
		for _, x := range []float64{0, 0.5, 1} {
			p := DefaultPersonas()[0]
			set(&p.Messages, x)
			if err := p.Validate(); err != nil {
				t.Errorf("%s = %g: %v", field, x, err)
			}
		}
	}
	doc := `{"personas": [{"name": "x", "platforms": {"web": 1}, "actions": {"viewProduct": 1}, "sessions": {"min": 1, "max": 1},
		"thinkSeconds": {"min": 1, "max": 2}, "messages": {"open": 0.5, "click": 2, "buy": 0}}]}`
	if _, err := ParsePersonas([]byte(doc)); err == nil || !strings.Contains(err.Error(), "messages.click") {
		t.Errorf("a click rate of 2: %v", err)
	}
}

func TestFunnelCheckNamesTheStage(t *testing.T) {
	ok := Funnel{Visitors: 100, Consented: 80, Activated: 40, Messaged: 30, Clicked: 10, Purchased: 4, Identified: 12, Converted: 7, Merged: 5}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	// Identified follows activated, not purchased: more identified than
	// purchased is fine.
	for want, f := range map[string]func(*Funnel){
		"messaged ≤ activated":            func(f *Funnel) { f.Messaged = 41 },
		"clicked ≤ messaged":              func(f *Funnel) { f.Clicked = 31 },
		"purchased ≤ clicked":             func(f *Funnel) { f.Purchased = 11 },
		"identified ≤ activated":          func(f *Funnel) { f.Identified = 41 },
		"converted + merged ≤ identified": func(f *Funnel) { f.Merged = 6 },
		"activated ≤ consented":           func(f *Funnel) { f.Activated = 81 },
	} {
		bad := ok
		f(&bad)
		if err := bad.Check(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want %q", bad, err, want)
		}
	}
}

// withCampaigns starts, on p, the default in-app campaign and a push and an
// embedded campaign to unknown users.
func withCampaigns(t testing.TB, p *engine.Project) *engine.Project {
	t.Helper()
	if _, err := StartDefaultCampaign(p); err != nil {
		t.Fatal(err)
	}
	for _, c := range []engine.Campaign{
		{Name: "push: come back", Channel: device.ChannelPush, Audience: engine.Audience{Kind: engine.AudienceUnknown},
			Body: "The {{last.viewedProduct.name}} is waiting", Discount: 5, AttributionHours: 48},
		{Name: "embedded: product page", Channel: device.ChannelEmbedded, Placement: "product",
			Audience: engine.Audience{Kind: engine.AudienceUnknown}, Body: "{{discount}}% off", Discount: 15},
	} {
		c, err := p.SaveCampaign(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.StartCampaign(c.ID); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// messageSettings lean on the personas who get and open push
// notifications, so that every channel shows in a short run.
func messageSettings(visitors int, seed uint64) Settings {
	s := settings(visitors, seed)
	s.Mix = map[string]float64{"big-ticket-browser": 2, "bargain-hunter": 2, "mobile-push-user": 3, "window-shopper": 1}
	return s
}

// TestMessagesSameSeedSameOutcome: with campaigns running, the responses
// to messages still depend on the seed and settings only.
func TestMessagesSameSeedSameOutcome(t *testing.T) {
	var first Stats
	for i, c := range []struct {
		workers int
		tick    time.Duration
	}{{1, time.Hour}, {6, 0}, {3, time.Minute}} {
		s := messageSettings(200, 42)
		s.Workers, s.Tick = c.workers, c.tick
		st := outcome(runToEnd(t, withCampaigns(t, openProject(t, "")), s))
		checkStats(t, st)
		if i == 0 {
			first = st
			m := st.Messages
			if m.Shown == 0 || m.Received == 0 || m.Opened == 0 || m.Clicks == 0 || m.Dismissed == 0 || m.Purchases == 0 ||
				st.Funnel.Purchased == 0 {
				t.Fatalf("the run shows too little to compare: %+v, %+v", m, st.Funnel)
			}
			continue
		}
		if !reflect.DeepEqual(st, first) {
			t.Fatalf("workers %d, tick %v: outcome differs\n got %+v\nwant %+v", c.workers, c.tick, st, first)
		}
	}
	other := outcome(runToEnd(t, withCampaigns(t, openProject(t, "")), messageSettings(100, 43)))
	if reflect.DeepEqual(other.Messages, first.Messages) {
		t.Fatal("seed 43 answered the messages as seed 42 did")
	}
}

// TestCampaignFiguresAgree runs the fixture personas with the default
// campaign (and push and embedded ones), no two visitors sharing a known
// customer: the project's campaign figures are what the visitors did.
func TestCampaignFiguresAgree(t *testing.T) {
	for _, name := range []string{"in-app only", "every channel"} {
		t.Run(name, func(t *testing.T) {
			p := openProject(t, "")
			s := settings(300, 7)
			s.KnownProfiles = 0 // a fresh project: every sign-up has an address of its own
			if name == "in-app only" {
				if _, err := StartDefaultCampaign(p); err != nil {
					t.Fatal(err)
				}
			} else {
				withCampaigns(t, p)
				s.Mix = messageSettings(0, 0).Mix
			}
			st := runToEnd(t, p, s)
			checkStats(t, st)
			f, m := st.Funnel, st.Messages
			t.Logf("funnel %+v, messages %+v", f, m)
			if f.Messaged == 0 || f.Clicked == 0 || f.Purchased == 0 || m.Purchases < f.Purchased || m.Revenue <= 0 {
				t.Fatalf("visitors should be messaged, click and buy: %+v, %+v", f, m)
			}
			all, err := p.AllCampaignStats()
			if err != nil {
				t.Fatal(err)
			}
			var sum engine.CampaignStats
			for _, c := range all {
				sum.Impressions += c.Impressions
				sum.Clicks += c.Clicks
				sum.Purchases += c.Purchases
				sum.Revenue += c.Revenue
			}
			if int64(sum.Impressions) != m.Shown || int64(sum.Clicks) != m.Clicks || int64(sum.Purchases) != m.Purchases ||
				math.Round(sum.Revenue*100) != math.Round(m.Revenue*100) {
				t.Fatalf("the project's campaigns show %d impressions, %d clicks, %d purchases, revenue %.2f; the sim %+v",
					sum.Impressions, sum.Clicks, sum.Purchases, sum.Revenue, m)
			}
			if name == "in-app only" && (m.Received != 0 || m.Shown != m.Clicks+m.Dismissed) {
				t.Fatalf("an in-app message is clicked or dismissed: %+v", m)
			}
			agree(t, p, "sim-r1-", 0, st)
			if v, err := p.Check(ctx); err != nil || len(v) > 0 {
				t.Fatalf("%v %v", v, err)
			}
		})
	}
}
