package simulator

import (
	"context"
	"errors"
	"strings"
	"testing"

	"limen/engine"
	"limen/engine/device"
	"limen/engine/sim"
)

// TestInspectAndDevicesOnARealRun checks the engine/sim additions the tab
// reads through: this run's devices page by page, and a device's report
// with its criteria explanation.
func TestInspectAndDevicesOnARealRun(t *testing.T) {
	p := openProject(t)
	ctl := defaultControls(sim.PersonaNames())
	ctl.visitors = 40
	s, err := sim.New(p, ctl.settings())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	if _, err := s.RunToEnd(context.Background()); err != nil {
		t.Fatal(err)
	}
	var all []device.State
	after := ""
	for {
		page, next, err := s.Devices(after, 7)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if next == "" {
			break
		}
		after = next
	}
	if len(all) != 40 {
		t.Fatalf("%d devices listed, want 40", len(all))
	}
	for i, st := range all {
		if st.ID != s.DeviceID(i) {
			t.Fatalf("device %d is %s, want %s", i, st.ID, s.DeviceID(i))
		}
	}
	var visitor, unknown bool
	for _, st := range all {
		r, err := s.Inspect(st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.State.ID != st.ID || r.Published != 1 || r.Explanation == nil || r.ExplainedVersion != 1 {
			t.Fatalf("report of %s: %+v", st.ID, r)
		}
		text := reportText(r, newTestModel(80, 24).styles)
		switch st.Mode {
		case device.Visitor:
			visitor = visitor || strings.Contains(text, "why not activated yet")
		case device.Unknown:
			unknown = unknown || strings.Contains(text, "activated —")
		}
	}
	if !visitor || !unknown {
		t.Errorf("no visitor (%v) or no unknown user (%v) reported", visitor, unknown)
	}
	if _, err := sim.InspectDevice(p, "no-such-device"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("missing device: %v", err)
	}
	// A second run lists only its own devices.
	s2, err := sim.New(p, ctl.settings())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s2.Stop)
	if page, _, err := s2.Devices("", 10); err != nil || len(page) != 0 {
		t.Fatalf("run 2 before its first tick: %d devices, %v", len(page), err)
	}
	if names := s.PersonaNames(); len(names) != len(sim.PersonaNames()) {
		t.Fatalf("persona names %v", names)
	}
}
