package engine

import (
	"testing"

	"limen/engine/device"
)

// TestWithRealDevices drives limen's own SDK against the engine: two
// visitors activate, then identify as the same person (a conversion, then a
// merge), and the devices' journals are in the project.
func TestWithRealDevices(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "buy")
	newDevice := func(id string) *device.Device {
		return device.New(device.Config{ID: id, Platform: "web", Backend: p, Journal: p, Clock: (&fakeClock{now: t0}).Now,
			Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true}})
	}
	ann := device.Identity{Email: "ann@example.com"}
	for i, id := range []string{"dev-a", "dev-b"} {
		d := newDevice(id)
		if _, err := d.SetConsent(ctx, true); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Track(ctx, "browse", map[string]any{"page": id}); err != nil {
			t.Fatal(err)
		}
		out, err := d.Track(ctx, "buy", nil)
		if err != nil || out.Activated == nil {
			t.Fatalf("%s: no activation: %+v %v", id, out, err)
		}
		unknown, err := p.ProfileByUserID(out.Activated.UserID)
		if err != nil || unknown.Kind != KindUnknown || unknown.EventCount != 3 || unknown.Email != out.Activated.Email {
			t.Fatalf("%s: unknown profile %+v %v", id, unknown, err)
		}
		if c, _ := p.ConsentFor(unknown.ID); len(c) != 1 || c[0].DeviceID != id {
			t.Fatalf("%s: consent %+v", id, c)
		}
		// Tracking now goes to the unknown profile.
		if _, err := d.Track(ctx, "after", nil); err != nil {
			t.Fatal(err)
		}
		res, err := d.Identify(ctx, ann, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{device.OutcomeConverted, device.OutcomeMerged}[i]
		if res.Identified == nil || res.Identified.Outcome != want {
			t.Fatalf("%s: identify %+v, want %s", id, res.Identified, want)
		}
		st, events, err := p.LoadDevice(id)
		if err != nil || st.Mode != device.Known || st.Who.Email != ann.Email || len(events) != 0 {
			t.Fatalf("%s: journal %+v %v %v", id, st, events, err)
		}
	}
	pr, err := p.ProfileByEmail(ann.Email)
	if err != nil || pr.EventCount != 8 || len(pr.Devices) != 2 || len(pr.MergedFrom) != 1 {
		t.Fatalf("known profile %+v %v", pr, err)
	}
	if mustCount(t, p, "") != 1 {
		t.Fatal("want one profile")
	}
}

// TestConsentFollowsThePersonAfterLogout: a device that logged out and was
// activated again keeps relying on the grant it gave once; the new profile
// records it (pointing back at the original), and the first keeps its own.
func TestConsentFollowsThePersonAfterLogout(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "buy")
	d := device.New(device.Config{ID: "dev-c", Platform: "web", Backend: p, Journal: p, Clock: (&fakeClock{now: t0}).Now})
	if _, err := d.SetConsent(ctx, true); err != nil {
		t.Fatal(err)
	}
	activate := func() Profile {
		t.Helper()
		out, err := d.Track(ctx, "buy", nil)
		if err != nil || out.Activated == nil {
			t.Fatalf("no activation: %+v %v", out, err)
		}
		pr, err := p.ProfileByUserID(out.Activated.UserID)
		if err != nil {
			t.Fatal(err)
		}
		return pr
	}
	first := activate()
	if _, err := d.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	second := activate()
	c1, _ := p.ConsentFor(first.ID)
	c2, _ := p.ConsentFor(second.ID)
	if len(c1) != 1 || len(c2) != 1 || !c2[0].Granted || c2[0].CarriedFrom != c1[0].Seq || c2[0].Who.UserID != second.UserID {
		t.Fatalf("consent of the first profile %+v, of the second %+v", c1, c2)
	}
	if v, err := p.Check(ctx); err != nil || len(v) != 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}
