package engine

import (
	"fmt"
	"testing"
	"time"
)

func TestSubscribeDeliversEverythingInOrder(t *testing.T) {
	p := openProject(t, TypeHybrid)
	sub, cancel := p.Subscribe()
	other, cancelOther := p.Subscribe()
	cancelOther()
	if _, ok := <-other; ok {
		t.Fatal("a cancelled subscription's channel is open")
	}
	// Far more happenings than the channel buffers, with nobody reading:
	// writers never block and nothing is dropped.
	const n = 300
	for i := range n {
		if _, err := p.CreateKnownProfile(fmt.Sprintf("u%d@example.com", i), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		select {
		case h := <-sub:
			if h.Kind != HappeningCreated || h.ProfileID != uint64(i+1) || h.At.IsZero() {
				t.Fatalf("happening %d: %+v", i, h)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("happening %d never arrived", i)
		}
	}
	cancel()
	cancel() // harmless twice
	if _, ok := <-sub; ok {
		t.Fatal("channel open after cancel")
	}
}

func TestCloseEndsSubscriptions(t *testing.T) {
	p, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	sub, cancel := p.Subscribe()
	defer cancel()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-sub:
		if ok {
			t.Fatal("happening after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("channel not closed by Close")
	}
	late, _ := p.Subscribe()
	if _, ok := <-late; ok {
		t.Fatal("subscription after Close is open")
	}
	if _, err := p.CreateKnownProfile("a@example.com", "", nil); err == nil {
		t.Fatal("write after Close succeeded")
	}
}
