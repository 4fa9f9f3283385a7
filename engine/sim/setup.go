package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
)

// knownPool returns the sign-up identities of the known customers that
// sign-ups may log in as: n customers created now (those that exist already
// are reused), or with n = 0 the project's known profiles, oldest first.
func knownPool(p *engine.Project, n int, typ string) ([]device.Identity, error) {
	if n > 0 {
		return createCustomers(p, n, typ)
	}
	var pool []device.Identity
	q := engine.ProfileQuery{Kind: engine.KindKnown, Limit: 1000}
	for len(pool) < MaxKnownPool {
		page, next, err := p.ListProfiles(q)
		if err != nil {
			return nil, fmt.Errorf("sim: list known profiles: %w", err)
		}
		for _, pr := range page {
			email := pr.Email
			if pr.Placeholder {
				email = ""
			}
			if who, ok := loginIdentity(typ, email, pr.UserID); ok && len(pool) < MaxKnownPool {
				pool = append(pool, who)
			}
		}
		if next == "" || len(page) == 0 {
			break
		}
		q.After = next
	}
	return pool, nil
}

// createCustomers creates n known customers with deterministic names:
// first.last.N@customers.example and userId customer-0000N.
func createCustomers(p *engine.Project, n int, typ string) ([]device.Identity, error) {
	people := fixtures.PeopleData()
	pool := make([]device.Identity, 0, n)
	for i := range n {
		first := people.FirstNames[i%len(people.FirstNames)]
		last := people.LastNames[(i/len(people.FirstNames)+i*7)%len(people.LastNames)]
		email := fmt.Sprintf("%s.%s.%d@customers.example", strings.ToLower(first), strings.ToLower(last), i+1)
		userID := fmt.Sprintf("customer-%05d", i+1)
		fields := map[string]any{
			"firstName": first, "lastName": last, "customer": true,
			"city": people.Cities[(i*3)%len(people.Cities)],
			"tier": people.Tiers[(i*5)%len(people.Tiers)],
		}
		if _, err := p.CreateKnownProfile(email, userID, fields); err != nil && !errors.Is(err, engine.ErrExists) {
			return nil, fmt.Errorf("sim: known customer %s: %w", email, err)
		}
		who, _ := loginIdentity(typ, email, userID)
		pool = append(pool, who)
	}
	return pool, nil
}

// loginIdentity is how a person identifies under the project type: by
// userId in userId-based projects, else by email (setEmail), or by userId
// in a hybrid project when the profile has no real email.
func loginIdentity(typ, email, userID string) (device.Identity, bool) {
	switch {
	case typ == engine.TypeUserID:
		return device.Identity{UserID: userID}, userID != ""
	case email != "":
		return device.Identity{Email: email}, true
	case typ == engine.TypeHybrid && userID != "":
		return device.Identity{UserID: userID}, true
	}
	return device.Identity{}, false
}

// newIdentity is the identity of a visitor who signs up with an address of
// its own: unique to its device, so no two visitors race for it.
func newIdentity(typ, deviceID string) device.Identity {
	if typ == engine.TypeUserID {
		return device.Identity{UserID: deviceID}
	}
	return device.Identity{Email: deviceID + "@visitors.example"}
}

// arrivalTimes draws a Poisson process of n arrivals at rate per minute.
func arrivalTimes(seed uint64, n int, rate float64, start time.Time) []time.Time {
	rng := rand.New(rand.NewPCG(splitmix(seed), 0x61727269766c))
	out := make([]time.Time, n)
	minutes := 0.0
	for i := range out {
		minutes += rng.ExpFloat64() / rate
		out[i] = start.Add(time.Duration(minutes * float64(time.Minute)).Truncate(time.Millisecond))
	}
	return out
}

// behaviourRNG drives visitor i's choices; idRNG generates its device's
// userIds and event ids (the run number keeps them apart between runs on
// one project).
func behaviourRNG(seed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix(seed), splitmix(uint64(i)<<1)))
}

func idRNG(seed uint64, run, i int) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix(seed^uint64(run)<<40^0x1d5), splitmix(uint64(i)<<1|1)))
}

// splitmix is SplitMix64's output function: it spreads nearby seeds apart.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// newUUID is a UUID v4 drawn from rng.
func newUUID(rng *rand.Rand) string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return uuid.UUID(b).String()
}

// pick draws an index with probability proportional to its weight; -1 when
// every weight is 0.
func pick(rng *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	r := rng.Float64() * total
	last := -1
	for i, x := range w {
		if x <= 0 {
			continue
		}
		if r < x {
			return i
		}
		r -= x
		last = i
	}
	return last
}

// intIn draws a whole number in [r.Min, r.Max].
func intIn(rng *rand.Rand, r Range) int {
	lo, hi := int(r.Min), int(r.Max)
	if hi <= lo {
		return lo
	}
	return lo + rng.IntN(hi-lo+1)
}

// durIn draws a duration in [r.Min, r.Max] units, to the millisecond.
func durIn(rng *rand.Rand, r Range, unit time.Duration) time.Duration {
	x := r.Min + rng.Float64()*(r.Max-r.Min)
	return time.Duration(x * float64(unit)).Truncate(time.Millisecond)
}

// compilePersona fixes the persona's weights in draw order and the catalog
// products within its price preference.
func compilePersona(p *Persona, catalog []fixtures.Product) compiledPersona {
	cp := compiledPersona{Persona: p}
	for i, n := range platformNames() {
		cp.platforms[i] = p.Platforms[n]
	}
	for i, n := range actionNames() {
		cp.actions[i] = p.Actions[n]
	}
	for i, pr := range catalog {
		if pr.Price >= p.Price.Min && (p.Price.Max == 0 || pr.Price <= p.Price.Max) {
			cp.focus = append(cp.focus, i)
		}
	}
	return cp
}
