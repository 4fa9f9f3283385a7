package engine

import (
	"sync"
	"time"
)

// Happening kinds.
const (
	HappeningCreated   = "created"   // a profile was created (unknown or known)
	HappeningConverted = "converted" // an unknown profile became known
	HappeningMerged    = "merged"    // an unknown profile was merged into a known one
	HappeningDeleted   = "deleted"   // a profile was forgotten
	HappeningPublished = "published" // a new criteria version was published
	HappeningCampaign  = "campaign"  // a campaign was saved, started, stopped or deleted
)

// Happening is one thing that happened in the project, announced after its
// transaction committed.
type Happening struct {
	Kind      string
	At        time.Time
	ProfileID uint64
	UserID    string
	Detail    string
}

// Subscribe returns a channel of happenings and a function that ends the
// subscription (and closes the channel). Close ends every subscription.
//
// Happenings are one-off and must not be dropped, and writers must never
// wait for a reader (the simulator never waits on the screen). So each
// subscriber gets an unbounded queue drained into its channel by its own
// goroutine: a publish only appends to queues. A subscriber that stops
// reading without cancelling grows its queue; happenings are rare (one per
// profile created, converted, merged or deleted, or per publication) and
// small, so that is memory, not loss. Counters (events per second and the
// like) are not happenings: readers poll CountProfiles on their tick.
func (p *Project) Subscribe() (<-chan Happening, func()) { return p.broker.subscribe() }

type broker struct {
	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
}

type subscriber struct {
	mu    sync.Mutex
	queue []Happening
	wake  chan struct{} // capacity 1: "the queue may be non-empty"
	out   chan Happening
	done  chan struct{}
	once  sync.Once
}

func newBroker() *broker { return &broker{subs: make(map[*subscriber]struct{})} }

func (b *broker) subscribe() (<-chan Happening, func()) {
	s := &subscriber{wake: make(chan struct{}, 1), out: make(chan Happening, 64), done: make(chan struct{})}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		close(s.out)
		return s.out, func() {}
	}
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	go s.run()
	cancel := func() {
		b.mu.Lock()
		delete(b.subs, s)
		b.mu.Unlock()
		s.stop()
	}
	return s.out, cancel
}

func (b *broker) publish(hs []Happening) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		s.push(hs)
	}
}

func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for s := range b.subs {
		s.stop()
	}
	clear(b.subs)
}

func (s *subscriber) push(hs []Happening) {
	s.mu.Lock()
	s.queue = append(s.queue, hs...)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *subscriber) stop() { s.once.Do(func() { close(s.done) }) }

// run delivers the queue in order until stopped, then closes out.
func (s *subscriber) run() {
	defer close(s.out)
	for {
		s.mu.Lock()
		batch := s.queue
		s.queue = nil
		s.mu.Unlock()
		if len(batch) == 0 {
			select {
			case <-s.wake:
				continue
			case <-s.done:
				return
			}
		}
		for _, h := range batch {
			select {
			case s.out <- h:
			case <-s.done:
				return
			}
		}
	}
}
