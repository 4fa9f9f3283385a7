package scenario

import (
	"context"
	"errors"
	"strings"
	"testing"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
)

// play runs a scenario file on a fresh in-memory project and keeps the
// project open for the test to look into.
func play(t *testing.T, data []byte) (*Runner, *Report) {
	t.Helper()
	sc, err := Parse(data)
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	r, err := Open(sc, engine.Options{InMemory: true}, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	ctx := context.Background()
	rep, err := r.Report(ctx, r.Run(ctx))
	if err != nil {
		t.Fatal(err)
	}
	return r, rep
}

func lineOf(t *testing.T, rep *Report, step int) Line {
	t.Helper()
	if step < 1 || step > len(rep.Timeline) {
		t.Fatalf("no step %d in a timeline of %d", step, len(rep.Timeline))
	}
	return rep.Timeline[step-1]
}

func TestSeedStoryCreditsTheOfferAfterTheMerge(t *testing.T) {
	data, err := fixtures.Scenario("big-ticket-merge")
	if err != nil {
		t.Fatal(err)
	}
	r, rep := play(t, data)
	for _, l := range rep.Timeline {
		if l.Error != "" {
			t.Errorf("step %d (%s) refused: %s", l.Step, l.Do, l.Error)
		}
	}
	text := make([]string, len(rep.Timeline))
	for i, l := range rep.Timeline {
		text[i] = l.Do + ": " + l.Text
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		`openApp: app opened: in-app "Sofa follow-up (seed story)" shown — "Still thinking about the Velvet sofa?" / "10% off today: 1,169.10"`,
		`click: clicked in-app "Sofa follow-up (seed story)"`,
		`purchase: purchase of 1169.1 sent to known profile ann@example.com (userId ann); credited to campaign "Sofa follow-up (seed story)"`,
		`campaign: campaign "Sofa follow-up (seed story)" stopped: 1 delivered, 1 shown, 1 clicked, 0 dismissed, 1 converted, revenue 1,169.10`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("timeline lacks %q:\n%s", want, all)
		}
	}
	if len(rep.Campaigns) != 1 {
		t.Fatalf("%d campaigns in the report, want the story's one", len(rep.Campaigns))
	}
	c := rep.Campaigns[0]
	if c.Name != "Sofa follow-up (seed story)" || c.Channel != device.ChannelInApp || c.State != engine.CampaignStopped ||
		c.Delivered != 1 || c.Shown != 1 || c.Clicked != 1 || c.Converted != 1 || c.Purchases != 1 || c.Revenue != 1169.1 {
		t.Fatalf("campaign figures %+v: want delivered, shown, clicked and converted 1, revenue 1169.1 (1299 less 10%%), stopped", c)
	}
	ann, err := r.Project().ProfileByEmail("ann@example.com")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := r.Project().ProfileMessages(ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("Ann has %d messages, want the offer that followed her through the merge", len(msgs))
	}
	m := msgs[0]
	if m.MergedFrom == 0 || m.Clicks != 1 || m.Purchases != 1 || m.Revenue != 1169.1 || m.Title != "Still thinking about the Velvet sofa?" {
		t.Fatalf("Ann's message %+v: want it merged from the unknown profile, clicked once and credited 1169.1", m)
	}
	var sb strings.Builder
	if err := rep.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), "campaigns (1)\n  Sofa follow-up (seed story)") || !strings.Contains(sb.String(), "revenue 1,169.10") {
		t.Fatalf("text report lacks the campaigns section:\n%s", sb.String())
	}
}

func TestScenariosWithoutCampaignsReportNone(t *testing.T) {
	rep := runFixture(t, "unknown-converts")
	if rep.Campaigns != nil {
		t.Fatalf("campaigns %+v in a scenario that creates none", rep.Campaigns)
	}
	var sb strings.Builder
	_ = rep.WriteText(&sb)
	if strings.Contains(sb.String(), "campaigns") {
		t.Fatalf("text report has a campaigns section:\n%s", sb.String())
	}
}

// story is a scenario with one criteria set (any viewed product activates)
// and the given devices and steps.
func story(devices, steps string) []byte {
	if devices != "" {
		devices = `"devices": ` + devices + `,`
	}
	return []byte(`{"criteria": {"count": 1, "criteriaSets": [{"criteriaId": "7", "name": "Viewer", "searchQuery": {"combinator": "And", "searchQueries": [
		{"combinator": "And", "searchQueries": [{"dataType": "customEvent", "searchCombo": {"combinator": "And", "searchQueries": [
		{"dataType": "customEvent", "field": "viewedProduct.price", "fieldType": "double", "comparatorType": "GreaterThan", "value": "0", "id": 1}]}}]}]}}]},
		` + devices + `"steps": [` + steps + `]}`)
}

// activate is the steps that make device id an unknown user.
func activate(id string) string {
	return `{"device": "` + id + `", "do": "consent", "granted": true},
		{"device": "` + id + `", "do": "track", "eventName": "viewedProduct", "dataFields": {"name": "Lamp", "price": 80}}`
}

func TestEveryChannelOnADevice(t *testing.T) {
	_, rep := play(t, story(`{"phone": {"platform": "ios", "pushOptIn": true}}`, `
		{"do": "campaign", "action": "create", "name": "Banner", "channel": "embedded", "placement": "home", "audience": "unknown", "body": "Hello {{defaultIfEmpty firstName \"there\"}}", "start": true},
		{"do": "campaign", "action": "create", "name": "Nudge", "channel": "push", "audience": "criteria", "criteriaId": "7", "title": "Back?", "body": "The {{last.viewedProduct.name}} waits"},
		{"do": "campaign", "action": "start", "name": "Nudge"},
		`+activate("phone")+`,
		{"device": "phone", "do": "openApp"},
		{"device": "phone", "do": "openPush", "campaign": "Nudge"},
		{"device": "phone", "do": "click", "campaign": "Nudge"},
		{"device": "phone", "do": "dismiss", "campaign": "Banner"},
		{"do": "campaign", "action": "stop", "name": "Banner"}`))
	want := map[int]string{
		1: `campaign "Banner" created (embedded in home to unknown users) and started`,
		2: `campaign "Nudge" created (push to profiles activated by criteria 7) as a draft`,
		3: `campaign "Nudge" started`,
		6: `app opened: embedded "Banner" shown in home — "Hello there"; push "Nudge" received — "Back?" / "The Lamp waits"`,
		7: `opened push "Nudge" — "Back?" / "The Lamp waits"`,
		8: `clicked push "Nudge"`,
		9: `dismissed embedded "Banner"`,
	}
	for step, text := range want {
		if l := lineOf(t, rep, step); l.Text != text || l.Error != "" {
			t.Errorf("step %d: %q (error %q), want %q", step, l.Text, l.Error, text)
		}
	}
	figures := map[string][3]int{"Banner": {1, 1, 0}, "Nudge": {1, 1, 1}} // delivered, shown, clicked
	for _, c := range rep.Campaigns {
		if got := [3]int{c.Delivered, c.Shown, c.Clicked}; got != figures[c.Name] {
			t.Errorf("%s: delivered, shown, clicked %v, want %v", c.Name, got, figures[c.Name])
		}
	}
	if len(rep.Campaigns) != 2 || rep.Campaigns[0].Name != "Banner" || rep.Campaigns[0].Dismissed != 1 {
		t.Fatalf("campaigns %+v: want Banner (dismissed once) then Nudge", rep.Campaigns)
	}
}

func TestCampaignRunTimeErrorsNameTheStep(t *testing.T) {
	_, rep := play(t, story("", `
		{"do": "campaign", "action": "create", "name": "Lost", "channel": "inApp", "audience": "criteria", "criteriaId": "999", "body": "hi"},
		{"do": "campaign", "action": "start", "name": "Lost"},
		{"do": "campaign", "action": "create", "name": "Offer", "channel": "inApp", "audience": "unknown", "body": "{{discount}}% off", "discount": 5, "start": true},
		{"device": "d1", "do": "click", "campaign": "Offer"},
		`+activate("d1")+`,
		{"device": "d1", "do": "openApp"},
		{"device": "d1", "do": "click", "campaign": "Offer"},
		{"device": "d1", "do": "click", "campaign": "Offer"},
		{"device": "d1", "do": "openApp"}`))
	want := map[int]string{
		1: "criteriaId",
		2: `campaign "Lost" was not created (its create step was refused)`,
		4: `d1 holds no message from campaign "Offer": messages arrive when the app opens (an openApp step)`,
		9: `d1 holds no message from campaign "Offer"`,
	}
	for step, text := range want {
		if l := lineOf(t, rep, step); !strings.Contains(l.Error, text) {
			t.Errorf("step %d: error %q, want one containing %q", step, l.Error, text)
		}
	}
	for _, step := range []int{3, 5, 6, 7, 8, 10} {
		if l := lineOf(t, rep, step); l.Error != "" {
			t.Errorf("step %d refused: %s", step, l.Error)
		}
	}
	if l := lineOf(t, rep, 7); l.Text != `app opened: in-app "Offer" shown — "5% off"` {
		t.Errorf("step 7: %q", l.Text)
	}
	if l := lineOf(t, rep, 10); l.Text != "app opened: no new messages" {
		t.Errorf("step 10: %q (an in-app message is shown once)", l.Text)
	}
	var sb strings.Builder
	_ = rep.WriteText(&sb)
	if !strings.Contains(sb.String(), " 4  +00:00:00") || !strings.Contains(sb.String(), "REFUSED: d1 holds no message") {
		t.Errorf("text report does not show the refusal at step 4:\n%s", sb.String())
	}
	if len(rep.Campaigns) != 1 || rep.Campaigns[0].Name != "Offer" {
		t.Errorf("campaigns %+v: only the one the project accepted", rep.Campaigns)
	}
}

func TestHeldMessageErrorIsErrNoMessage(t *testing.T) {
	r, _ := play(t, story("", `{"device": "d1", "do": "openApp"}`))
	_, err := Apply(context.Background(), r.Devices()[0], Step{Do: "click", Device: "d1", Campaign: "X"})
	if !errors.Is(err, device.ErrNoMessage) {
		t.Fatalf("error %v, want device.ErrNoMessage", err)
	}
}
