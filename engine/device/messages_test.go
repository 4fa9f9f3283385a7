package device

import (
	"errors"
	"testing"
)

// identified makes the fixture's device a known user.
func identified(t *testing.T, f *fixture) {
	t.Helper()
	must(t)(f.dev.Identify(ctx, Identity{Email: "ann@example.com"}, nil))
}

func TestVisitorsFetchNoMessages(t *testing.T) {
	f := newFixture(t, 0)
	f.backend.messages = []Message{{CampaignID: 1, Channel: ChannelInApp, Body: "hi"}}
	must(t)(f.dev.SetConsent(ctx, true))
	if out := must(t)(f.dev.StartSession(ctx)); len(out.Shown) != 0 || len(f.backend.msgReqs) != 0 {
		t.Fatalf("a visitor has no profile to message: %+v, %d fetches", out, len(f.backend.msgReqs))
	}
}

func TestSessionShowsOneInAppAndEveryEmbedded(t *testing.T) {
	f := newFixture(t, 0)
	identified(t, f)
	f.backend.messages = []Message{
		{CampaignID: 3, Channel: ChannelInApp, Body: "newest"},
		{CampaignID: 2, Channel: ChannelInApp, Body: "older"},
		{CampaignID: 4, Channel: ChannelEmbedded, Placement: "home", Body: "banner"},
		{CampaignID: 5, Channel: ChannelPush, Body: "push"},
	}
	out := must(t)(f.dev.StartSession(ctx))
	if len(out.Shown) != 2 || out.Shown[0].CampaignID != 3 || out.Shown[1].CampaignID != 4 {
		t.Fatalf("shown %+v, want the newest in-app and the banner", out.Shown)
	}
	if len(out.Received) != 1 || out.Received[0].Shown {
		t.Fatalf("received %+v", out.Received)
	}
	req := f.backend.msgReqs[0]
	if req.Who.Email != "ann@example.com" || req.PushOptIn || len(req.Placements) != 3 {
		t.Fatalf("request %+v (a web device asks for no push, with the default placements)", req)
	}
	if len(f.backend.actions) != 2 || f.backend.actions[0].Action != ActionShown {
		t.Fatalf("recorded %+v", f.backend.actions)
	}
	if f.journal.state.Inbox == nil || len(f.journal.state.Inbox) != 3 {
		t.Fatalf("inbox not persisted: %+v", f.journal.state.Inbox)
	}
}

func TestActingOnMessages(t *testing.T) {
	f := newFixture(t, 0)
	identified(t, f)
	f.backend.messages = []Message{{CampaignID: 1, Channel: ChannelInApp, Body: "a"}, {CampaignID: 2, Channel: ChannelPush, Body: "p"}}
	must(t)(f.dev.StartSession(ctx))
	if _, err := f.dev.ClickMessage(ctx, 9); !errors.Is(err, ErrNoMessage) {
		t.Fatalf("click on a message not held: %v", err)
	}
	out := must(t)(f.dev.ClickMessage(ctx, 2)) // a push opened by the click
	if out.Clicked == nil || len(out.Shown) != 1 {
		t.Fatalf("click on the push %+v", out)
	}
	got := []string{}
	for _, a := range f.backend.actions {
		got = append(got, a.Action)
	}
	if want := []string{ActionShown, ActionShown, ActionClicked}; len(got) != 3 || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("actions %v, want %v", got, want)
	}
	must(t)(f.dev.DismissMessage(ctx, 1))
	if len(f.dev.Messages()) != 0 {
		t.Fatalf("left %+v", f.dev.Messages())
	}
}

func TestPushWaitsInTheTrayAcrossSessions(t *testing.T) {
	f := newFixture(t, 0)
	identified(t, f)
	f.backend.messages = []Message{{CampaignID: 2, Channel: ChannelPush, Body: "p"}}
	must(t)(f.dev.StartSession(ctx))
	f.backend.messages = nil // sent once
	must(t)(f.dev.StartSession(ctx))
	must(t)(f.dev.OpenMessage(ctx, 2))
	if m := f.dev.Messages(); len(m) != 1 || !m[0].Shown {
		t.Fatalf("opened push %+v", m)
	}
}

func TestIdentityChangeEmptiesTheInbox(t *testing.T) {
	f := newFixture(t, 0)
	identified(t, f)
	f.backend.messages = []Message{{CampaignID: 1, Channel: ChannelEmbedded, Placement: "home", Body: "a"}, {CampaignID: 2, Channel: ChannelPush, Body: "p"}}
	must(t)(f.dev.StartSession(ctx))
	must(t)(f.dev.Identify(ctx, Identity{Email: "bea@example.com"}, nil))
	if len(f.dev.Messages()) != 0 {
		t.Fatalf("another person's messages stayed: %+v", f.dev.Messages())
	}
	must(t)(f.dev.StartSession(ctx))
	must(t)(f.dev.Logout(ctx))
	if len(f.dev.Messages()) != 0 || len(f.journal.state.Inbox) != 0 {
		t.Fatalf("messages stayed after logout: %+v", f.dev.Messages())
	}
}
