package engine

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"limen/engine/device"
	"limen/fixtures"
	"limen/storage"
)

// The crash test runs a workload in a child process (this test binary,
// re-executed with TestCrashWorker), kills it with SIGKILL at random moments,
// reopens the directory each time, and at the end checks the invariants and
// that nothing the child acknowledged was lost. The child appends one
// fsync'd line per acknowledged operation to a side file ("acks"):
//
//	stored DEV EVENT          an event kept on the device
//	sent DEV EVENT            an event sent to the device's profile
//	activated DEV USERID      an unknown profile created
//	intent-identify DEV EMAIL before an identify; identified DEV EMAIL OUTCOME after
//	intent-forget DEV USERID PROFILE before logging out and forgetting; forgot DEV PROFILE after
//	error DEV OP MESSAGE      an operation that failed (the test fails)
//
// A restarted child first finishes the intents it finds unfinished, as an
// app would on its next start: it repeats the identify (the engine answers a
// repeated merge as such) and runs the forget again (documented as safe).
// Set LIMEN_CRASH_DEBUG_DIR to keep the data directory (and DIR.acks) for
// inspection.
const (
	crashDirEnv   = "LIMEN_CRASH_DIR"
	crashSeedEnv  = "LIMEN_CRASH_SEED"
	crashFinalEnv = "LIMEN_CRASH_FINAL"
	crashDevices  = 12
	crashPeople   = 5
	crashRounds   = 6
	crashMaxLocal = 60 // a visitor identifies before its local list could evict (limit 100)
)

func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dir := filepath.Join(t.TempDir(), "data")
	if d := os.Getenv("LIMEN_CRASH_DEBUG_DIR"); d != "" {
		dir = d
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(crashSeedEnv); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (set %s to repeat the workload; kill times vary)", seed, crashSeedEnv)
	rng := rand.New(rand.NewPCG(seed, 1))
	for round := range crashRounds {
		after := 200*time.Millisecond + time.Duration(rng.IntN(1300))*time.Millisecond
		out, err := runCrashChild(dir, seed+uint64(round), false, after)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: the child was not killed but ended with %v:\n%s", round, err, out)
		}
		// Right after a kill only the two windows between separate commits
		// may show; everything else must already be consistent.
		p, err := Open(Options{Dir: dir})
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		vs, err := p.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if crashWindow(v) {
				t.Logf("round %d (killed after %v): crash window, repaired by the next start: %s", round, after, v)
			} else {
				t.Errorf("round %d (killed after %v): %s", round, after, v)
			}
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := runCrashChild(dir, seed+crashRounds, true, 0); err != nil {
		t.Fatalf("final round: %v\n%s", err, out)
	}
	p, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	verifyCrash(t, p, readAcks(t, dir+".acks"))
}

// crashWindow reports whether v is a state a kill may leave between two
// commits that belong together: an identify committed by the engine but not
// yet saved by the device, or a forget whose events are deleted but whose
// profile is not yet.
func crashWindow(v Violation) bool {
	return (v.Kind == ViolationDevice && (strings.Contains(v.Message, "which was merged into") || strings.Contains(v.Message, "which was converted into"))) ||
		(v.Kind == ViolationEvent && strings.Contains(v.Message, "interrupted forget"))
}

// runCrashChild runs TestCrashWorker in a child process; unless final, it
// kills it with SIGKILL after the given time.
func runCrashChild(dir string, seed uint64, final bool, killAfter time.Duration) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWorker$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashSeedEnv+"="+strconv.FormatUint(seed, 10), crashFinalEnv+"="+strconv.FormatBool(final))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	limit := killAfter
	if final {
		limit = time.Minute
	}
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(limit):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := <-done
		if final {
			err = fmt.Errorf("the final child did not finish in %v", limit)
		}
		return out.String(), err
	}
}

// TestCrashWorker is the child's side: it runs only with crashDirEnv set.
func TestCrashWorker(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("runs only as the child process of TestCrashRecovery")
	}
	seed, _ := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	final := os.Getenv(crashFinalEnv) == "true"
	p, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	f, err := os.OpenFile(dir+".acks", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	acks := &ackLog{f: f}
	setUpCrashProject(t, p)
	devs := make([]*crashDevice, crashDevices)
	for i := range devs {
		devs[i] = restoreCrashDevice(t, p, fmt.Sprintf("dev-%02d", i), acks)
	}
	finishIntents(t, devs, readAcks(t, dir+".acks"))
	var stop atomic.Bool
	var wg sync.WaitGroup
	for i, cd := range devs {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			for !stop.Load() {
				cd.step(rng)
			}
		})
	}
	if final {
		time.Sleep(300 * time.Millisecond)
	} else {
		time.Sleep(30 * time.Second) // the parent kills long before
	}
	stop.Store(true)
	wg.Wait()
}

// ackLog appends fsync'd lines.
type ackLog struct {
	mu sync.Mutex
	f  *os.File
}

func (a *ackLog) write(fields ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.f.WriteString(strings.Join(fields, " ") + "\n"); err != nil {
		panic(err)
	}
	if err := a.f.Sync(); err != nil {
		panic(err)
	}
}

// readAcks returns the complete lines of the side file, split in fields.
func readAcks(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	out := make([][]string, 0, len(lines))
	for _, l := range lines[:len(lines)-1] { // the last piece has no newline
		if f := strings.Fields(l); len(f) >= 2 {
			out = append(out, f)
		}
	}
	return out
}

// setUpCrashProject makes the project the workload needs; every step is
// repeatable, since a kill may interrupt it.
func setUpCrashProject(t *testing.T, p *Project) {
	s := p.Settings()
	s.Type = TypeEmail
	if err := p.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	if p.PublishedCriteria().Version == 0 {
		if err := p.ImportCriteria(fixtures.Criteria(), true); err != nil {
			t.Fatal(err)
		}
	}
	for i := range crashPeople {
		if _, err := p.CreateKnownProfile(fmt.Sprintf("person%d@example.com", i), "", map[string]any{"n": i}); err != nil && !errors.Is(err, ErrExists) {
			t.Fatal(err)
		}
	}
}

// crashDevice is one device of the workload, driven by one goroutine.
type crashDevice struct {
	p    *Project
	d    *device.Device
	id   string
	acks *ackLog
	ids  []string // ids the device generated during the current call
}

func restoreCrashDevice(t *testing.T, p *Project, id string, acks *ackLog) *crashDevice {
	cd := &crashDevice{p: p, id: id, acks: acks}
	cfg := device.Config{ID: id, Platform: "web", Backend: p, Journal: p, EventLimit: p.Settings().EventLimit,
		Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true},
		NewID:      func() string { u := uuid.NewString(); cd.ids = append(cd.ids, u); return u }}
	st, events, err := p.LoadDevice(id)
	switch {
	case errors.Is(err, ErrNotFound):
		cd.d = device.New(cfg)
	case err != nil:
		t.Fatal(err)
	default:
		crit := p.PublishedCriteria()
		cd.d = device.Restore(cfg, st, events, &crit)
	}
	return cd
}

// finishIntents completes the identifies and forgets a kill interrupted.
func finishIntents(t *testing.T, devs []*crashDevice, acks [][]string) {
	open := map[string][]string{}
	for _, a := range acks {
		switch a[0] {
		case "intent-identify", "intent-forget":
			open[a[1]] = a
		case "identified", "forgot":
			delete(open, a[1])
		}
	}
	for _, cd := range devs {
		switch a := open[cd.id]; {
		case a == nil:
		case a[0] == "intent-identify" && len(a) == 3:
			cd.identify(a[2])
		case a[0] == "intent-forget" && len(a) == 4:
			pid, _ := strconv.ParseUint(a[3], 10, 64)
			cd.finishForget(a[2], pid)
		default:
			t.Fatalf("bad intent line %q", a)
		}
	}
}

// step makes one call chosen as a visitor, unknown or known user would.
func (cd *crashDevice) step(rng *rand.Rand) {
	st, local := cd.d.Snapshot()
	r := rng.IntN(100)
	fresh := fmt.Sprintf("%s-%x@example.com", cd.id, rng.Uint64()>>32)
	if rng.IntN(2) == 0 {
		fresh = fmt.Sprintf("person%d@example.com", rng.IntN(crashPeople))
	}
	switch {
	case !st.Consent:
		cd.call("consent", func() (device.Outcome, error) { return cd.d.SetConsent(ctx, true) })
	case st.Mode == device.Visitor && (len(local) >= crashMaxLocal || r < 2),
		st.Mode == device.Unknown && r < 8:
		cd.identify(fresh)
	case st.Mode == device.Unknown && r < 11:
		cd.forget(st.Who.UserID)
	case st.Mode == device.Known && r < 8:
		cd.call("logout", func() (device.Outcome, error) { return cd.d.Logout(ctx) })
	case r < 12:
		cd.call("session", func() (device.Outcome, error) { return cd.d.StartSession(ctx) })
	case r < 20:
		city := []string{"Paris", "Lyon", "Berlin"}[rng.IntN(3)]
		cd.call("updateUser", func() (device.Outcome, error) { return cd.d.UpdateUser(ctx, map[string]any{"city": city}) })
	case r < 30:
		cats := []string{[]string{"gift", "home", "toys", "books", "garden"}[rng.IntN(5)]}
		items := []device.Item{{ID: "sku-1", Name: "thing", Price: float64(rng.IntN(200)), Quantity: 1, Categories: cats}}
		cd.call("updateCart", func() (device.Outcome, error) { return cd.d.UpdateCart(ctx, items) })
	case r < 34:
		items := []device.Item{{ID: "sku-2", Name: "other", Price: 20, Quantity: 2}}
		cd.call("purchase", func() (device.Outcome, error) { return cd.d.TrackPurchase(ctx, items, 40, nil) })
	case r < 55:
		cd.call("track", func() (device.Outcome, error) {
			return cd.d.Track(ctx, "readArticle", map[string]any{"id": rng.IntN(50)})
		})
	default:
		price := float64(rng.IntN(1000))
		cd.call("track", func() (device.Outcome, error) {
			return cd.d.Track(ctx, "viewedProduct", map[string]any{"price": price, "sku": "sku-" + strconv.Itoa(rng.IntN(20))})
		})
	}
}

// call runs one device call and acknowledges what it did.
func (cd *crashDevice) call(op string, fn func() (device.Outcome, error)) (device.Outcome, bool) {
	cd.ids = cd.ids[:0]
	out, err := fn()
	if err != nil {
		cd.acks.write("error", cd.id, op, strings.ReplaceAll(err.Error(), "\n", " "))
		return out, false
	}
	// Only event calls generate an event id, first (then maybe a userId).
	switch event := op == "track" || op == "purchase" || op == "updateCart"; {
	case event && out.Stored:
		cd.acks.write("stored", cd.id, cd.ids[0])
	case event && out.Sent:
		cd.acks.write("sent", cd.id, cd.ids[0])
	}
	if out.Activated != nil {
		cd.acks.write("activated", cd.id, out.Activated.UserID)
	}
	return out, true
}

func (cd *crashDevice) identify(email string) {
	cd.acks.write("intent-identify", cd.id, email)
	out, ok := cd.call("identify", func() (device.Outcome, error) { return cd.d.Identify(ctx, device.Identity{Email: email}, nil) })
	if ok {
		outcome := "unchanged"
		if out.Identified != nil {
			outcome = out.Identified.Outcome
		}
		cd.acks.write("identified", cd.id, email, outcome)
	}
}

// forget logs the device out of its unknown profile, then forgets it.
func (cd *crashDevice) forget(userID string) {
	pr, err := cd.p.ProfileByUserID(userID)
	if err != nil {
		cd.acks.write("error", cd.id, "forget-lookup", err.Error())
		return
	}
	cd.acks.write("intent-forget", cd.id, userID, strconv.FormatUint(pr.ID, 10))
	cd.finishForget(userID, pr.ID)
}

func (cd *crashDevice) finishForget(userID string, profileID uint64) {
	if st, _ := cd.d.Snapshot(); st.Mode == device.Unknown && st.Who.UserID == userID {
		if _, ok := cd.call("logout", func() (device.Outcome, error) { return cd.d.Logout(ctx) }); !ok {
			return
		}
	}
	if _, err := cd.p.Forget(profileID); err != nil && !errors.Is(err, ErrNotFound) {
		cd.acks.write("error", cd.id, "forget", err.Error())
		return
	}
	cd.acks.write("forgot", cd.id, strconv.FormatUint(profileID, 10))
}

// verifyCrash checks the final project: no violation, and every
// acknowledged event and unknown profile accounted for.
func verifyCrash(t *testing.T, p *Project, acks [][]string) {
	t.Helper()
	r, err := p.CheckAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r.Violations {
		t.Errorf("after the final round: %s", v)
	}
	onDevice := map[string]bool{} // "device event"
	ids, err := p.ListDeviceIDs()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		_, events, err := p.LoadDevice(id)
		if err != nil && !errors.Is(err, ErrNotFound) {
			t.Fatal(err)
		}
		for _, e := range events {
			onDevice[id+" "+e.ID] = true
		}
	}
	onProfile := map[string]string{} // event id stored on a profile → the device that replayed it
	names := map[string]bool{}       // userIds a live profile has, was converted from, or merged
	deleted := map[uint64]bool{}     // profiles with a delete ledger entry
	err = p.db.View(func(txn *storage.Txn) error {
		err := txn.Iterate(storage.SpaceEvent.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
			var e StoredEvent
			err := decode(nil, val, &e)
			onProfile[e.ID] = e.DeviceID
			return err
		})
		if err != nil {
			return err
		}
		err = txn.Iterate(storage.SpaceProfile.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
			var sp storedProfile
			err := decode(nil, val, &sp)
			for _, u := range append(slices.Clone(sp.MergedFrom), sp.UserID, sp.ConvertedFrom) {
				names[u] = true
			}
			return err
		})
		if err != nil {
			return err
		}
		return txn.Iterate(storage.SpaceIdentity.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
			var e LedgerEntry
			err := decode(nil, val, &e)
			names[e.FromUserID] = names[e.FromUserID] || e.Op == OpMerge
			deleted[e.ProfileID] = deleted[e.ProfileID] || e.Op == OpDelete
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// forgottenAfter: did dev forget a profile, now deleted, after line i?
	forgottenAfter := func(dev string, i int, userID string) bool {
		for _, a := range acks[i+1:] {
			if a[0] == "intent-forget" && a[1] == dev && len(a) == 4 && (userID == "" || a[2] == userID) {
				pid, _ := strconv.ParseUint(a[3], 10, 64)
				if _, err := p.Profile(pid); errors.Is(err, ErrNotFound) && deleted[pid] {
					return true
				}
			}
		}
		return false
	}
	count := map[string]int{}
	for i, a := range acks {
		count[a[0]]++
		switch {
		case a[0] == "error":
			t.Errorf("the workload saw an error: %s", strings.Join(a, " "))
		case (a[0] == "stored" || a[0] == "sent") && len(a) == 3:
			// A stored event is replayed with its device's id; a sent one has none.
			replayedBy, found := onProfile[a[2]]
			if a[0] == "stored" && found && replayedBy != a[1] {
				t.Errorf("event %s stored by %s is on a profile as replayed by %q", a[2], a[1], replayedBy)
			}
			if !onDevice[a[1]+" "+a[2]] && !found && !forgottenAfter(a[1], i, "") {
				t.Errorf("lost: event %s %s by %s is neither on the device nor on a profile", a[2], a[0], a[1])
			}
		case a[0] == "activated" && len(a) == 3:
			if !names[a[2]] && !forgottenAfter(a[1], i-1, a[2]) {
				t.Errorf("lost: unknown profile %s of %s exists no more, and no merge or forget accounts for it", a[2], a[1])
			}
		}
	}
	t.Logf("acknowledged: %v; final project: %d profiles (%d unknown), %d events, %d devices, %d identity entries",
		count, r.Profiles, r.Unknown, r.Events, r.Devices, r.IdentityEntries)
	if count["stored"] == 0 || count["activated"] == 0 || count["identified"] == 0 {
		t.Errorf("the workload did too little to test anything: %v", count)
	}
}
