package engine

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"limen/engine/device"
	"limen/storage"
)

// setClock is a device clock the test moves by hand.
type setClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *setClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *setClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// msgWorld is a project with set "1" (a visitor who viewed a product)
// published, and devices sharing one hand-moved clock.
type msgWorld struct {
	t     *testing.T
	p     *Project
	clock *setClock
}

func newMsgWorld(t *testing.T, typ string) *msgWorld {
	t.Helper()
	p := openProject(t, typ)
	publishSet(t, p, "1", "viewedProduct")
	return &msgWorld{t: t, p: p, clock: &setClock{now: t0}}
}

func (w *msgWorld) device(id, platform string, pushOptIn bool) *device.Device {
	return device.New(device.Config{ID: id, Platform: platform, PushOptIn: pushOptIn, Backend: w.p, Journal: w.p, Clock: w.clock.Now,
		Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true}})
}

// activate consents and views a product, which activates the visitor.
func (w *msgWorld) activate(d *device.Device, product string, price float64) device.Activated {
	w.t.Helper()
	if _, err := d.SetConsent(ctx, true); err != nil {
		w.t.Fatal(err)
	}
	out, err := d.Track(ctx, "viewedProduct", map[string]any{"name": product, "price": price})
	if err != nil || out.Activated == nil {
		w.t.Fatalf("no activation: %+v %v", out, err)
	}
	return *out.Activated
}

func (w *msgWorld) campaign(c Campaign) Campaign {
	w.t.Helper()
	c, err := w.p.SaveCampaign(c)
	if err != nil {
		w.t.Fatalf("SaveCampaign: %v", err)
	}
	if c, err = w.p.StartCampaign(c.ID); err != nil {
		w.t.Fatalf("StartCampaign: %v", err)
	}
	return c
}

func (w *msgWorld) session(d *device.Device) device.Outcome {
	w.t.Helper()
	out, err := d.StartSession(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

func (w *msgWorld) stats(id uint64) CampaignStats {
	w.t.Helper()
	all, err := w.p.AllCampaignStats()
	if err != nil {
		w.t.Fatal(err)
	}
	return all[id]
}

func offer() Campaign {
	return Campaign{Name: "10% off what you viewed", Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceUnknown},
		Title: "Still thinking about the {{last.viewedProduct.name}}?", Body: "{{discount}}% off today: {{discounted last.viewedProduct.price}}",
		Button: "Shop now", Discount: 10}
}

func purchase(t *testing.T, d *device.Device, total float64) device.Outcome {
	t.Helper()
	out, err := d.TrackPurchase(ctx, []device.Item{{ID: "sofa", Name: "Velvet sofa", Price: total, Quantity: 1}}, total, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInAppIsPersonalisedAndShownOnce(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	d := w.device("d1", "web", false)
	w.activate(d, "Velvet sofa", 1299)
	c := w.campaign(offer())
	out := w.session(d)
	if len(out.Shown) != 1 {
		t.Fatalf("first session shows %d messages, want the offer: %+v", len(out.Shown), out)
	}
	m := out.Shown[0]
	if m.Title != "Still thinking about the Velvet sofa?" || m.Body != "10% off today: 1,169.10" || m.Button != "Shop now" || m.Discount != 10 {
		t.Fatalf("rendered %+v", m)
	}
	if got := d.Messages(); len(got) != 1 || !got[0].Shown {
		t.Fatalf("device holds %+v", got)
	}
	if out := w.session(d); len(out.Shown) != 0 {
		t.Fatalf("the in-app message was shown again: %+v", out.Shown)
	}
	// A second display reported by a device is not counted either.
	st, _ := d.Snapshot()
	who := st.Who
	if err := w.p.RecordMessage(ctx, device.MessageAction{Who: who, CampaignID: c.ID, Action: device.ActionShown}); err != nil {
		t.Fatal(err)
	}
	if s := w.stats(c.ID); s.Delivered != 1 || s.Shown != 1 || s.Impressions != 1 || s.Eligible != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestPushOnlyToMobileDevicesThatAllowIt(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	devs := map[string]*device.Device{
		"web":        w.device("web", "web", true), // a browser has no push, whatever it says
		"ios-off":    w.device("ios-off", "ios", false),
		"android-on": w.device("android-on", "android", true),
	}
	for _, d := range devs {
		w.activate(d, "Lamp", 89)
	}
	c := w.campaign(Campaign{Name: "Come back", Channel: device.ChannelPush, Audience: Audience{Kind: AudienceUnknown}, Body: "{{last.viewedProduct.name}} is waiting"})
	for name, d := range devs {
		out := w.session(d)
		want := name == "android-on"
		if got := len(out.Received) == 1; got != want {
			t.Errorf("%s: received %+v, want push %v", name, out.Received, want)
		}
		if len(out.Shown) != 0 {
			t.Errorf("%s: a push is shown only when opened: %+v", name, out.Shown)
		}
	}
	d := devs["android-on"]
	if out := w.session(d); len(out.Received) != 0 {
		t.Fatalf("push sent twice: %+v", out.Received)
	}
	if _, err := d.OpenMessage(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if s := w.stats(c.ID); s.Delivered != 1 || s.Shown != 1 || s.Eligible != 3 {
		t.Fatalf("stats %+v", s)
	}
}

func TestEmailNeverGoesToPlaceholders(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	bad := Campaign{Name: "Mail", Channel: device.ChannelEmail, Audience: Audience{Kind: AudienceUnknown}, Body: "hi"}
	if _, err := w.p.SaveCampaign(bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "placeholder") {
		t.Fatalf("email to unknown users: %v", err)
	}
	stay := w.device("stay", "web", false)
	w.activate(stay, "Lamp", 89)
	conv := w.device("conv", "web", false)
	w.activate(conv, "Sofa", 1299)
	if _, err := conv.Identify(ctx, device.Identity{Email: "bea@example.com"}, nil); err != nil {
		t.Fatal(err)
	}
	c := w.campaign(Campaign{Name: "Mail", Channel: device.ChannelEmail, Audience: Audience{Kind: AudienceCriteria, CriteriaID: "1"}, Body: "Hi {{email}}"})
	if c.Emailed != 1 || c.Skipped != 1 {
		t.Fatalf("emailed %d, skipped %d; want 1 and 1 (the placeholder)", c.Emailed, c.Skipped)
	}
	bea, _ := w.p.ProfileByEmail("bea@example.com")
	msgs, err := w.p.ProfileMessages(bea.ID)
	if err != nil || len(msgs) != 1 || msgs[0].Email != "bea@example.com" || msgs[0].Body != "Hi bea@example.com" {
		t.Fatalf("bea's messages %+v %v", msgs, err)
	}
	st, _ := stay.Snapshot()
	placeholder, _ := w.p.ProfileByUserID(st.Who.UserID)
	if msgs, _ := w.p.ProfileMessages(placeholder.ID); len(msgs) != 0 {
		t.Fatalf("a placeholder was emailed: %+v", msgs)
	}
	if s := w.stats(c.ID); s.Eligible != 1 || s.Delivered != 1 {
		t.Fatalf("stats %+v", s)
	}
	if out := w.session(conv); len(out.Shown)+len(out.Received) != 0 {
		t.Fatalf("email went through a device: %+v", out)
	}
	// Starting again sends to nobody twice.
	if _, err := w.p.StopCampaign(c.ID); err != nil {
		t.Fatal(err)
	}
	if c, _ = w.p.StartCampaign(c.ID); c.Emailed != 1 {
		t.Fatalf("restart emailed again: %d", c.Emailed)
	}
}

func TestAttributionWindowAndLastClick(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	d := w.device("d1", "android", true)
	w.activate(d, "Velvet sofa", 1299)
	a := w.campaign(offer())
	b := w.campaign(Campaign{Name: "Push", Channel: device.ChannelPush, Audience: Audience{Kind: AudienceUnknown}, Body: "x", AttributionHours: 2})
	w.session(d)
	// A purchase before any click is nobody's.
	purchase(t, d, 10)
	if _, err := d.ClickMessage(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	w.clock.advance(time.Hour)
	purchase(t, d, 1169.10) // within a's 24 h
	w.clock.advance(time.Hour)
	if _, err := d.ClickMessage(ctx, b.ID); err != nil { // the push, opened by the click
		t.Fatal(err)
	}
	w.clock.advance(time.Hour)
	purchase(t, d, 50) // b was clicked last, within its 2 h
	w.clock.advance(2 * time.Hour)
	purchase(t, d, 60) // b's window is over; a's (clicked 5 h ago) is not, but b was clicked last: a is credited
	w.clock.advance(24 * time.Hour)
	if out := purchase(t, d, 70); len(out.Credited) != 0 { // both windows over
		t.Fatalf("credited after every window closed: %+v", out.Credited)
	}
	sa, sb := w.stats(a.ID), w.stats(b.ID)
	if sa.Purchases != 2 || sa.Revenue != 1229.10 || sa.Converted != 1 || sa.Clicked != 1 {
		t.Errorf("a: %+v", sa)
	}
	if sb.Purchases != 1 || sb.Revenue != 50 || sb.Shown != 1 || sb.Clicked != 1 {
		t.Errorf("b: %+v", sb)
	}
}

func TestMessagesFollowThePersonThroughMerge(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	known := w.device("laptop", "web", false)
	if _, err := known.Identify(ctx, device.Identity{Email: "ann@example.com"}, nil); err != nil {
		t.Fatal(err)
	}
	d := w.device("phone", "web", false)
	act := w.activate(d, "Velvet sofa", 1299)
	c := w.campaign(offer())
	if out := w.session(d); len(out.Shown) != 1 {
		t.Fatalf("offer not shown: %+v", out)
	}
	if _, err := d.ClickMessage(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	out, err := d.Identify(ctx, device.Identity{Email: "ann@example.com"}, nil)
	if err != nil || out.Identified.Outcome != device.OutcomeMerged {
		t.Fatalf("identify %+v %v", out, err)
	}
	if len(d.Messages()) != 0 {
		t.Fatalf("the unknown identity's messages stayed on the device: %+v", d.Messages())
	}
	ann, _ := w.p.ProfileByEmail("ann@example.com")
	msgs, err := w.p.ProfileMessages(ann.ID)
	if err != nil || len(msgs) != 1 || msgs[0].MergedFrom == 0 || msgs[0].Clicks != 1 {
		t.Fatalf("ann's messages after the merge %+v %v (unknown %s)", msgs, err, act.UserID)
	}
	w.clock.advance(time.Hour)
	out = purchase(t, d, 1169.10)
	if len(out.Credited) != 1 || out.Credited[0].CampaignID != c.ID || out.Credited[0].Campaign != c.Name || out.Credited[0].Revenue != 1169.10 {
		t.Fatalf("the device was not told of the credit: %+v", out.Credited)
	}
	if s := w.stats(c.ID); s.Converted != 1 || s.Revenue != 1169.10 || s.Delivered != 1 {
		t.Fatalf("purchase after the merge not credited: %+v", s)
	}
	// Ann is known now: the in-app offer was shown once and is not shown
	// again on her other device either.
	if out := w.session(known); len(out.Shown) != 0 {
		t.Fatalf("shown again after the merge: %+v", out.Shown)
	}
}

func TestEmbeddedFillsItsPlacementWhileEligible(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	d := w.device("d1", "web", false)
	w.activate(d, "Lamp", 89)
	c := w.campaign(Campaign{Name: "Banner", Channel: device.ChannelEmbedded, Placement: "home", Audience: Audience{Kind: AudienceUnknown},
		Body: "Last seen: {{last.viewedProduct.name}}"})
	for i := range 2 {
		out := w.session(d)
		if len(out.Shown) != 1 || out.Shown[0].Placement != "home" {
			t.Fatalf("session %d: %+v", i, out.Shown)
		}
		if _, err := d.Track(ctx, "viewedProduct", map[string]any{"name": "Rug"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := d.Messages(); len(got) != 1 || got[0].Body != "Last seen: Rug" {
		t.Fatalf("embedded text not refreshed: %+v", got)
	}
	if _, err := d.ClickMessage(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(d.Messages()) != 1 {
		t.Fatal("a clicked embedded message leaves its placement")
	}
	other := device.New(device.Config{ID: "d2", Platform: "web", Placements: []string{"cart"}, Backend: w.p, Journal: w.p, Clock: w.clock.Now})
	w.activate(other, "Lamp", 89)
	if out := w.session(other); len(out.Shown) != 0 {
		t.Fatalf("filled a placement the app does not render: %+v", out.Shown)
	}
	if _, err := d.Identify(ctx, device.Identity{Email: "new@example.com"}, nil); err != nil {
		t.Fatal(err)
	}
	if out := w.session(d); len(out.Shown) != 0 {
		t.Fatalf("no longer eligible (known now), still shown: %+v", out.Shown)
	}
	if s := w.stats(c.ID); s.Impressions != 2 || s.Shown != 1 || s.Clicks != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestStoppedCampaignDeliversNothingAndForgetRemovesMessages(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	d := w.device("d1", "web", false)
	act := w.activate(d, "Lamp", 89)
	c := w.campaign(offer())
	if _, err := w.p.StopCampaign(c.ID); err != nil {
		t.Fatal(err)
	}
	if out := w.session(d); len(out.Shown) != 0 {
		t.Fatalf("a stopped campaign delivered: %+v", out.Shown)
	}
	if _, err := w.p.StartCampaign(c.ID); err != nil {
		t.Fatal(err)
	}
	if out := w.session(d); len(out.Shown) != 1 {
		t.Fatalf("restarted campaign did not deliver: %+v", out)
	}
	if err := w.p.DeleteCampaign(c.ID); !errors.Is(err, ErrInvalid) {
		t.Fatalf("deleting a campaign that ran: %v", err)
	}
	pr, _ := w.p.ProfileByUserID(act.UserID)
	res, err := w.p.Forget(pr.ID)
	if err != nil || res.Messages != 1 {
		t.Fatalf("forget %+v %v", res, err)
	}
	if s := w.stats(c.ID); s.Delivered != 0 {
		t.Fatalf("a forgotten person still counts: %+v", s)
	}
}

func TestCampaignValidationNamesTheField(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	cases := []struct {
		c     Campaign
		field string
	}{
		{Campaign{Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceUnknown}, Body: "x"}, "name"},
		{Campaign{Name: "a", Channel: "sms", Audience: Audience{Kind: AudienceUnknown}, Body: "x"}, "channel"},
		{Campaign{Name: "a", Channel: device.ChannelInApp, Audience: Audience{Kind: "everyone"}, Body: "x"}, "audience.kind"},
		{Campaign{Name: "a", Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceCriteria}, Body: "x"}, "audience.criteriaId"},
		{Campaign{Name: "a", Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceCriteria, CriteriaID: "999"}, Body: "x"}, "audience.criteriaId"},
		{Campaign{Name: "a", Channel: device.ChannelEmbedded, Audience: Audience{Kind: AudienceUnknown}, Body: "x"}, "placement"},
		{Campaign{Name: "a", Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceUnknown}, Body: "x", Discount: 100}, "discount"},
		{Campaign{Name: "a", Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceUnknown}, Body: "x", AttributionHours: -1}, "attributionHours"},
		{Campaign{Name: "a", Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceUnknown}}, "body"},
		{Campaign{Name: "a", Channel: device.ChannelInApp, Audience: Audience{Kind: AudienceUnknown}, Body: "Hi {{firstName"}, "body"},
	}
	for _, tc := range cases {
		_, err := w.p.SaveCampaign(tc.c)
		if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), tc.field) {
			t.Errorf("%+v: got %v, want a problem with %s", tc.c, err, tc.field)
		}
	}
	if cs, _ := w.p.Campaigns(); len(cs) != 0 {
		t.Fatalf("invalid campaigns were saved: %+v", cs)
	}
	draft, err := w.p.SaveCampaign(offer())
	if err != nil {
		t.Fatal(err)
	}
	dup := offer()
	dup.Name = strings.ToUpper(dup.Name)
	if _, err := w.p.SaveCampaign(dup); !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "name") {
		t.Errorf("a second campaign of the same name: %v", err)
	}
	if _, err := w.p.StopCampaign(draft.ID); !errors.Is(err, ErrInvalid) {
		t.Errorf("stopping a draft: %v", err)
	}
	if got, err := w.p.CampaignByName("10% OFF what you viewed"); err != nil || got.ID != draft.ID {
		t.Errorf("by name: %+v %v", got, err)
	}
	if err := w.p.DeleteCampaign(draft.ID); err != nil {
		t.Errorf("deleting a draft: %v", err)
	}
}

func TestPreviewForAProfile(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	d := w.device("d1", "web", false)
	act := w.activate(d, "Velvet sofa", 1299)
	pr, _ := w.p.ProfileByUserID(act.UserID)
	c := offer()
	c.Name = "" // an unfinished campaign previews all the same
	c.Body = "Hi {{defaultIfEmpty firstName \"there\"}}, {{last.cartUpdate.total}}"
	pv, err := w.p.PreviewCampaign(c, pr.ID)
	if err != nil || !pv.Eligible || pv.Title != "Still thinking about the Velvet sofa?" || pv.Body != "Hi there, " {
		t.Fatalf("preview %+v %v", pv, err)
	}
	if len(pv.Missing) != 1 || pv.Missing[0] != "last.cartUpdate.total" {
		t.Fatalf("missing %v", pv.Missing)
	}
	c.Title = "{{#if x}}"
	if _, err := w.p.PreviewCampaign(c, pr.ID); !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "title") {
		t.Fatalf("a template that does not parse: %v", err)
	}
	c.Title = ""
	c.Audience = Audience{Kind: AudienceKnown}
	if pv, _ := w.p.PreviewCampaign(c, pr.ID); pv.Eligible || !strings.Contains(pv.Why, "not in the audience") {
		t.Fatalf("known audience preview of an unknown profile: %+v", pv)
	}
}

func TestCheckVerifiesMessages(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	known := w.device("laptop", "web", false)
	if _, err := known.Identify(ctx, device.Identity{Email: "ann@example.com"}, nil); err != nil {
		t.Fatal(err)
	}
	d := w.device("phone", "web", false)
	w.activate(d, "Sofa", 1299)
	c := w.campaign(offer())
	w.session(d)
	if _, err := d.Identify(ctx, device.Identity{Email: "ann@example.com"}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := w.p.CheckAll(ctx)
	if err != nil || len(res.Violations) != 0 || res.Messages != 1 {
		t.Fatalf("after a merge: %+v %v", res, err)
	}
	ann, _ := w.p.ProfileByEmail("ann@example.com")
	corrupt(t, w.p, func(txn *storage.Txn) error { return txn.Delete(storage.ProfileMessageKey(ann.ID, c.ID)) })
	corrupt(t, w.p, func(txn *storage.Txn) error { return txn.Set(storage.ProfileMessageKey(999, c.ID), nil) })
	vs, err := w.p.Check(ctx)
	if err != nil || len(vs) != 2 || vs[0].Kind != ViolationMessage || vs[1].Kind != ViolationMessage {
		t.Fatalf("violations %v %v", vs, err)
	}
}

// TestInAppFollowsThePersonThroughConversion: an in-app message delivered
// to an unknown user is still shown after they convert, though known users
// are not the campaign's audience.
func TestInAppFollowsThePersonThroughConversion(t *testing.T) {
	w := newMsgWorld(t, TypeEmail)
	d := w.device("d1", "web", false)
	w.activate(d, "Lamp", 89)
	first := w.campaign(offer())
	second := offer()
	second.Name, second.Title = "Second offer", "Another look at the {{last.viewedProduct.name}}?"
	second = w.campaign(second)
	out := w.session(d) // both delivered, the newest shown: one in-app message per session
	if len(out.Shown) != 1 || out.Shown[0].CampaignID != second.ID {
		t.Fatalf("first session: %+v", out.Shown)
	}
	if _, err := d.Identify(ctx, device.Identity{Email: "cy@example.com"}, nil); err != nil {
		t.Fatal(err)
	}
	out = w.session(d)
	if len(out.Shown) != 1 || out.Shown[0].CampaignID != first.ID || out.Shown[0].Title != "Still thinking about the Lamp?" {
		t.Fatalf("after the conversion: %+v", out.Shown)
	}
	if out := w.session(d); len(out.Shown) != 0 {
		t.Fatalf("third session: %+v", out.Shown)
	}
}
