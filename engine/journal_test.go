package engine

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"limen/engine/device"
)

func localEvents(seqs ...uint64) []device.LocalEvent {
	out := make([]device.LocalEvent, len(seqs))
	for i, s := range seqs {
		out[i] = device.LocalEvent{Seq: s, Event: ev(fmt.Sprintf("l%d", s), "a", int(s), nil)}
	}
	return out
}

func loadedSeqs(t *testing.T, p *Project, id string) (*device.State, []uint64) {
	t.Helper()
	st, events, err := p.LoadDevice(id)
	if err != nil {
		t.Fatalf("LoadDevice(%s): %v", id, err)
	}
	seqs := make([]uint64, len(events))
	for i, e := range events {
		seqs[i] = e.Seq
	}
	return st, seqs
}

func TestDeviceJournal(t *testing.T) {
	p := openProject(t, TypeHybrid)
	if _, _, err := p.LoadDevice("d1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LoadDevice of an unknown device: %v", err)
	}
	st := &device.State{ID: "d1", Platform: "web", Consent: true, Mode: device.Visitor, NextSeq: 4}
	steps := []struct {
		name   string
		change device.Change
		want   []uint64
	}{
		{"append", device.Change{Append: localEvents(1, 2, 3)}, []uint64{1, 2, 3}},
		{"evict", device.Change{Remove: []uint64{1}, Append: localEvents(4)}, []uint64{2, 3, 4}},
		{"clear then append", device.Change{Clear: true, Append: localEvents(5)}, []uint64{5}},
		{"state only", device.Change{}, []uint64{5}},
		{"clear", device.Change{Clear: true}, nil},
	}
	for i, s := range steps {
		c := s.change
		next := *st
		next.Stored = i
		c.State = &next
		if err := p.Save(ctx, c); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, seqs := loadedSeqs(t, p, "d1")
		if !slices.Equal(seqs, s.want) || got.Stored != i || got.Platform != "web" {
			t.Fatalf("%s: events %v, state %+v; want %v", s.name, seqs, got, s.want)
		}
	}
	if _, events, _ := p.LoadDevice("d1"); len(events) != 0 {
		t.Fatal("events left after Clear")
	}
	_ = p.Save(ctx, device.Change{State: st, Append: localEvents(7)})
	if _, events, _ := p.LoadDevice("d1"); len(events) != 1 || events[0].ID != "l7" || events[0].Body["eventName"] != "a" {
		t.Fatalf("local event round trip: %+v", events)
	}
	if err := p.Save(ctx, device.Change{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Save without a state: %v", err)
	}
	// Consent keeps living beside the state.
	if err := p.RecordConsent(ctx, device.Consent{DeviceID: "d1", Granted: true, At: t0}); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(ctx, device.Change{State: st}); err != nil {
		t.Fatal(err)
	}
	pr, err := p.CreateKnownProfile("a@example.com", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: "d1", To: device.Identity{Email: "a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	if c, _ := p.ConsentFor(pr.ID); len(c) != 1 {
		t.Fatalf("consent lost by a Save: %+v", c)
	}
}

func TestDeviceListing(t *testing.T) {
	p := openProject(t, TypeHybrid)
	for i := range 5 {
		id := fmt.Sprintf("d%d", i)
		if err := p.Save(ctx, device.Change{State: &device.State{ID: id}}); err != nil {
			t.Fatal(err)
		}
	}
	// A device known only from its consent has no state.
	if err := p.RecordConsent(ctx, device.Consent{DeviceID: "c-only", Granted: true}); err != nil {
		t.Fatal(err)
	}
	ids, err := p.ListDeviceIDs()
	if err != nil || !slices.Equal(ids, []string{"c-only", "d0", "d1", "d2", "d3", "d4"}) {
		t.Fatalf("ListDeviceIDs = %v %v", ids, err)
	}
	var got []string
	after := ""
	for {
		page, next, err := p.DeviceStates(after, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page {
			got = append(got, s.ID)
		}
		if next == "" {
			break
		}
		after = next
	}
	if !slices.Equal(got, []string{"d0", "d1", "d2", "d3", "d4"}) {
		t.Fatalf("DeviceStates pages: %v", got)
	}
}
