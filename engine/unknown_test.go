package engine

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"limen/engine/device"
)

func TestCreateUnknownUserOutdatedWritesNothing(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	req := unknownReq(p, "dev-1", evs("e", "a", 3)...)
	publishSet(t, p, "2", "b") // version 2: the request is now outdated
	_, err := p.CreateUnknownUser(ctx, req)
	wantErr(t, err, device.ErrOutdatedCriteria)
	if n := mustCount(t, p, ""); n != 0 {
		t.Fatalf("%d profiles after an outdated request", n)
	}
	if _, err := p.ProfileByUserID(req.UserID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("profile exists after an outdated request: %v", err)
	}
	if l := ledger(t, p); len(l) != 0 {
		t.Fatalf("ledger written: %+v", l)
	}
	// The same request against the current version succeeds.
	req.CriteriaVersion = 2
	if _, err := p.CreateUnknownUser(ctx, req); err != nil {
		t.Fatal(err)
	}
}

func TestCreateUnknownUserBadInput(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "1", "a")
	cases := []struct {
		name string
		edit func(*device.UnknownUserRequest)
		err  error
	}{
		{"userId not a UUID", func(r *device.UnknownUserRequest) { r.UserID = "bob" }, ErrInvalid},
		{"userId too long", func(r *device.UnknownUserRequest) { r.UserID = strings.Repeat("a", 53) }, ErrInvalid},
		{"no device", func(r *device.UnknownUserRequest) { r.DeviceID = "" }, ErrInvalid},
		{"criteria set not published", func(r *device.UnknownUserRequest) { r.CriteriaID = "9" }, ErrInvalid},
		{"bad event type", func(r *device.UnknownUserRequest) {
			r.Events = []device.Event{{ID: "x", At: t0, Body: map[string]any{"eventType": "pageView"}}}
		}, ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := unknownReq(p, "dev-1")
			c.edit(&req)
			_, err := p.CreateUnknownUser(ctx, req)
			wantErr(t, err, c.err)
			if n := mustCount(t, p, ""); n != 0 {
				t.Fatalf("%d profiles after a bad request", n)
			}
		})
	}
}

func TestCreateUnknownUserPerProjectType(t *testing.T) {
	for _, typ := range []string{TypeEmail, TypeUserID, TypeHybrid} {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			publishSet(t, p, "1", "a")
			req := unknownReq(p, "dev-1")
			res, err := p.CreateUnknownUser(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			pr, err := p.ProfileByUserID(req.UserID)
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if typ == TypeEmail {
				want = placeholderEmail(p.Settings().ProjectID, req.UserID)
			}
			if res.UserID != req.UserID || res.Email != want || pr.Email != want || pr.Placeholder != (want != "") || pr.Kind != KindUnknown {
				t.Fatalf("result %+v, profile %+v; want placeholder %q", res, pr, want)
			}
			if want != "" {
				if byEmail, err := p.ProfileByEmail(want); err != nil || byEmail.ID != pr.ID {
					t.Fatalf("placeholder not indexed: %v", err)
				}
			}
		})
	}
}

func TestCreateUnknownUserRecordsSessionAndReplays(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	if err := p.RecordConsent(ctx, device.Consent{DeviceID: "dev-1", Granted: true, At: t0, Platform: "web"}); err != nil {
		t.Fatal(err)
	}
	events := []device.Event{ev("e1", "a", 1, map[string]any{"page": "/x"}), ev("e2", "b", 2, nil)}
	req := unknownReq(p, "dev-1", events...)
	req.PushOptIn = true
	res, err := p.CreateUnknownUser(ctx, req)
	if err != nil || res.Replayed != 2 {
		t.Fatalf("CreateUnknownUser: %+v %v", res, err)
	}
	pr, _ := p.ProfileByUserID(req.UserID)
	if pr.MatchedCriteriaID != "1" || pr.EventCount != 3 || !reflect.DeepEqual(pr.Devices, []string{"dev-1"}) {
		t.Fatalf("profile %+v", pr)
	}
	if !reflect.DeepEqual(pr.DataFields, map[string]any{"plan": "free", "prefs": map[string]any{"color": "red"}}) {
		t.Fatalf("data fields %v", pr.DataFields)
	}
	req.ProfileUpdate["prefs"].(map[string]any)["color"] = "blue" // the profile holds a copy
	if pr2, _ := p.Profile(pr.ID); pr2.DataFields["prefs"].(map[string]any)["color"] != "red" {
		t.Fatal("profile shares the request's maps")
	}
	got := allEvents(t, p, pr.ID)
	if len(got) != 3 {
		t.Fatalf("%d events", len(got))
	}
	// Replayed events keep their original times, so they sort before the session.
	if got[0].ID != "e1" || !got[0].CreatedAt.Equal(events[0].At) || got[0].DataFields["page"] != "/x" || got[0].DeviceID != "dev-1" {
		t.Fatalf("first event %+v", got[0])
	}
	if got[1].ID != "e2" || !got[1].CreatedAt.Equal(events[1].At) {
		t.Fatalf("second event %+v", got[1])
	}
	s := got[2]
	if s.Type != EventUnknownSession || s.IsUnknownUser == nil || !*s.IsUnknownUser || !s.CreatedAt.Equal(req.At) {
		t.Fatalf("session event %+v", s)
	}
	wantFields := map[string]any{
		"totalUnknownSessionCount": float64(3), "firstUnknownSession": float64(t0.Unix()),
		"lastUnknownSession": float64(t0.Add(30 * time.Minute).Unix()), "matchedCriteriaId": "1",
		"criteriaVersion": float64(1), "deviceId": "dev-1", "platform": "web", "mobilePushOptIn": true,
	}
	if !reflect.DeepEqual(s.DataFields, wantFields) {
		t.Fatalf("session fields %v, want %v", s.DataFields, wantFields)
	}
	consent, err := p.ConsentFor(pr.ID)
	if err != nil || len(consent) != 1 || consent[0].DeviceID != "dev-1" || consent[0].ProfileID != pr.ID {
		t.Fatalf("consent %+v %v", consent, err)
	}
	l := ledger(t, p)
	if len(l) != 1 || l[0].Op != OpCreate || l[0].ProfileID != pr.ID || l[0].UserID != req.UserID ||
		l[0].Email != pr.Email || l[0].Kind != KindUnknown || l[0].CriteriaID != "1" || l[0].DeviceID != "dev-1" {
		t.Fatalf("ledger %+v", l)
	}
}

func TestCreateUnknownUserRepeatStoresNothingTwice(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	req := unknownReq(p, "dev-1", evs("e", "a", 3)...)
	first, err := p.CreateUnknownUser(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	publishSet(t, p, "2", "b") // a repeat is recognised even after a publication
	again, err := p.CreateUnknownUser(ctx, req)
	if err != nil || again.Replayed != 0 || again.UserID != first.UserID || again.Email != first.Email {
		t.Fatalf("repeat: %+v %v (first %+v)", again, err, first)
	}
	req.Events = append(req.Events, ev("e-new", "a", 9, nil))
	if more, err := p.CreateUnknownUser(ctx, req); err != nil || more.Replayed != 1 {
		t.Fatalf("repeat with one new event: %+v %v", more, err)
	}
	pr, _ := p.ProfileByUserID(req.UserID)
	if n := len(allEvents(t, p, pr.ID)); n != 5 || pr.EventCount != 5 {
		t.Fatalf("%d events stored, count %d; want 5", n, pr.EventCount)
	}
	if mustCount(t, p, KindUnknown) != 1 || len(ledger(t, p)) != 1 {
		t.Fatal("a repeat created something")
	}
	req.DeviceID = "dev-2"
	_, err = p.CreateUnknownUser(ctx, req)
	wantErr(t, err, ErrExists)
}

func TestTrackAndUpdateUser(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "1", "a")
	req, pr := createUnknown(t, p, "dev-1")
	who := device.Identity{UserID: req.UserID}
	batch := []device.Event{
		ev("t1", "a", 70, nil),
		{ID: "t2", At: t0.Add(71 * time.Minute), Body: map[string]any{"eventType": "purchase", "total": 12.5,
			"items": []any{map[string]any{"id": "sku1", "price": 12.5}}, "dataFields": map[string]any{"coupon": "X"}}},
		{ID: "t3", At: t0.Add(72 * time.Minute), Body: map[string]any{"dataType": "updateCart", "items": `[{"id":"sku2"}]`}},
		{ID: "t4", At: t0.Add(73 * time.Minute), Body: map[string]any{"eventType": "tokenRegistration", "token": "abc"}},
	}
	for range 2 { // the second call stores nothing
		if _, err := p.Track(ctx, who, batch); err != nil {
			t.Fatal(err)
		}
	}
	got := allEvents(t, p, pr.ID)
	if len(got) != 4 { // session + 3 (token registrations are not stored)
		t.Fatalf("%d events: %+v", len(got), got)
	}
	pur, cart := got[2], got[3]
	if pur.Type != EventPurchase || pur.Total != 12.5 || len(pur.Items) != 1 || pur.DataFields["coupon"] != "X" {
		t.Fatalf("purchase %+v", pur)
	}
	if cart.Type != EventCartUpdate || len(cart.Items) != 1 {
		t.Fatalf("cart update (Swift/Android shape normalised) %+v", cart)
	}
	if pr2, _ := p.Profile(pr.ID); pr2.EventCount != 4 || !pr2.LastActivity.Equal(t0.Add(72*time.Minute)) {
		t.Fatalf("counters: %d events, last activity %v", pr2.EventCount, pr2.LastActivity)
	}

	update := map[string]any{"prefs": map[string]any{"size": "M"}, "plan": "pro", "tags": []any{"a"}}
	if err := p.UpdateUser(ctx, who, update, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	pr2, _ := p.Profile(pr.ID)
	want := map[string]any{"plan": "pro", "prefs": map[string]any{"color": "red", "size": "M"}, "tags": []any{"a"}}
	if !reflect.DeepEqual(pr2.DataFields, want) || !pr2.LastActivity.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("after deep merge %v (last activity %v), want %v", pr2.DataFields, pr2.LastActivity, want)
	}
	if err := p.UpdateUser(ctx, device.Identity{UserID: "nobody"}, update, t0); !errors.Is(err, ErrNotFound) ||
		!strings.Contains(err.Error(), `"nobody"`) {
		t.Fatalf("update of an unknown identity: %v", err)
	}
	if _, err := p.Track(ctx, device.Identity{Email: "ghost@example.com"}, batch); !errors.Is(err, ErrNotFound) ||
		!strings.Contains(err.Error(), "ghost@example.com") {
		t.Fatalf("track of an unknown identity: %v", err)
	}
	if _, err := p.Track(ctx, device.Identity{}, batch); !errors.Is(err, ErrInvalid) {
		t.Fatalf("track with no identity: %v", err)
	}
}

func TestDeepMerge(t *testing.T) {
	dst := map[string]any{"a": map[string]any{"x": 1.0, "y": map[string]any{"z": 1.0}}, "b": []any{1.0}, "c": "keep"}
	src := map[string]any{"a": map[string]any{"y": map[string]any{"w": 2.0}}, "b": []any{2.0}, "d": map[string]any{"n": 1.0}}
	deepMerge(dst, src)
	want := map[string]any{"a": map[string]any{"x": 1.0, "y": map[string]any{"z": 1.0, "w": 2.0}}, "b": []any{2.0}, "c": "keep", "d": map[string]any{"n": 1.0}}
	if !reflect.DeepEqual(dst, want) {
		t.Fatalf("deepMerge = %v, want %v", dst, want)
	}
	src["d"].(map[string]any)["n"] = 9.0
	if dst["d"].(map[string]any)["n"] != 1.0 {
		t.Fatal("deepMerge shares src's maps")
	}
}

func TestEventFromDevice(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	now := t0
	cases := []struct {
		name string
		ev   device.Event
		want time.Time
		ok   bool
	}{
		{"At wins", device.Event{At: at, Body: map[string]any{"eventType": "customEvent", "createdAt": 1.0}}, at, true},
		{"seconds", device.Event{Body: map[string]any{"eventType": "customEvent", "createdAt": float64(at.Unix())}}, at, true},
		{"milliseconds", device.Event{Body: map[string]any{"eventType": "purchase", "createdAt": float64(at.UnixMilli())}}, at, true},
		{"Android string ms", device.Event{Body: map[string]any{"eventType": "cartUpdate", "createdAt": fmt.Sprint(at.UnixMilli())}}, at, true},
		{"no time", device.Event{Body: map[string]any{"eventType": "customEvent"}}, now, true},
		{"token", device.Event{Body: map[string]any{"eventType": "tokenRegistration"}}, time.Time{}, false},
	}
	for _, c := range cases {
		se, ok, err := eventFromDevice(c.ev, "d", now)
		if err != nil || ok != c.ok || (ok && !se.CreatedAt.Equal(c.want)) {
			t.Errorf("%s: %+v ok=%v err=%v; want time %v", c.name, se, ok, err, c.want)
		}
	}
	// Events without an id are stored (with a generated one) every time.
	p := openProject(t, TypeHybrid)
	pr, _ := p.CreateKnownProfile("a@example.com", "", nil)
	noID := []device.Event{{At: at, Body: map[string]any{"eventType": "customEvent", "eventName": "x"}}}
	for range 2 {
		if _, err := p.Track(ctx, device.Identity{Email: "a@example.com"}, noID); err != nil {
			t.Fatal(err)
		}
	}
	if got := allEvents(t, p, pr.ID); len(got) != 2 || got[0].ID == "" || got[0].ID == got[1].ID {
		t.Fatalf("events without ids: %+v", got)
	}
}
