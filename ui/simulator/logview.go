package simulator

import (
	"slices"
	"strings"

	"limen/engine/sim"
)

// logCap is how many log events the screen keeps (the oldest go first).
const logCap = 2000

// logFilter is which events the log shows.
type logFilter int

const (
	filterAll logFilter = iota
	filterMessages
	filterActivations
	filterMerges
	filterVisitor // one device: logView.device
	filterCount
)

func (f logFilter) String() string {
	switch f {
	case filterActivations:
		return "activations"
	case filterMerges:
		return "merges & conversions"
	case filterMessages:
		return "clicks & credited purchases"
	case filterVisitor:
		return "one visitor"
	}
	return "all"
}

// logView is the live log: the events kept, the filter, and a cursor over
// the filtered events. follow keeps the cursor on the newest event.
type logView struct {
	events []sim.Event
	filter logFilter
	device string // filterVisitor: a device id, or part of one
	shown  []int  // indexes into events that pass the filter, oldest first
	cursor int    // index into shown
	offset int    // first shown row drawn
	follow bool
}

func newLogView() logView { return logView{follow: true} }

// matches reports whether e passes the filter.
func (l *logView) matches(e sim.Event) bool {
	switch l.filter {
	case filterActivations:
		return e.Kind == sim.EventActivated
	case filterMerges:
		return e.Kind == sim.EventMerged || e.Kind == sim.EventConverted
	case filterMessages:
		return e.Kind == sim.EventClicked || e.Kind == sim.EventCredited
	case filterVisitor:
		return l.device == "" || strings.Contains(e.Device, l.device)
	}
	return true
}

// add appends a batch, dropping the oldest events beyond logCap, and keeps
// the cursor on its event (or on the newest when following).
func (l *logView) add(batch []sim.Event) {
	if len(batch) == 0 {
		return
	}
	sel := l.selectedIndex()
	start := len(l.events)
	l.events = append(l.events, batch...)
	// Events of one tick come from several workers: show them in
	// simulated time order (a visitor's own events keep their order).
	slices.SortStableFunc(l.events[start:], func(a, b sim.Event) int { return a.At.Compare(b.At) })
	drop := max(0, len(l.events)-logCap)
	if drop > 0 {
		l.events = append(l.events[:0:0], l.events[drop:]...)
		sel -= drop
	}
	l.refilter(sel)
}

// selectedIndex is the index into events of the selected event, -1 if none.
func (l *logView) selectedIndex() int {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return -1
	}
	return l.shown[l.cursor]
}

// selected is the selected event.
func (l *logView) selected() (sim.Event, bool) {
	if i := l.selectedIndex(); i >= 0 {
		return l.events[i], true
	}
	return sim.Event{}, false
}

// refilter recomputes the shown events and puts the cursor on the event
// at index keep (or the nearest newer one), or on the newest when following.
func (l *logView) refilter(keep int) {
	l.shown = l.shown[:0]
	for i, e := range l.events {
		if l.matches(e) {
			l.shown = append(l.shown, i)
		}
	}
	switch {
	case l.follow || keep < 0:
		l.cursor = len(l.shown) - 1
	default:
		l.cursor = len(l.shown) - 1
		for j, i := range l.shown {
			if i >= keep {
				l.cursor = j
				break
			}
		}
	}
	l.cursor = max(0, l.cursor)
}

// setFilter changes the filter, keeping the selected event when it still
// shows.
func (l *logView) setFilter(f logFilter, device string) {
	keep := l.selectedIndex()
	l.filter, l.device = f, device
	l.refilter(keep)
}

// cycle moves to the next filter; "one visitor" takes the selected event's
// device.
func (l *logView) cycle() {
	next := (l.filter + 1) % filterCount
	dev := ""
	if next == filterVisitor {
		e, ok := l.selected()
		if !ok {
			next = filterAll
		}
		dev = e.Device
	}
	l.setFilter(next, dev)
}

// move moves the cursor by d rows; following resumes at the newest.
func (l *logView) move(d int) {
	if len(l.shown) == 0 {
		return
	}
	l.cursor = min(len(l.shown)-1, max(0, l.cursor+d))
	l.follow = l.cursor == len(l.shown)-1
}

// end puts the cursor on the newest event and follows.
func (l *logView) end() {
	l.cursor = max(0, len(l.shown)-1)
	l.follow = true
}

// window returns the first shown row to draw for rows rows, keeping the
// cursor in view.
func (l *logView) window(rows int) int {
	if rows <= 0 {
		return 0
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
	l.offset = max(0, min(l.offset, len(l.shown)-rows))
	return l.offset
}
