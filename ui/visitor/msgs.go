package visitor

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/device"
	"limen/engine/scenario"
)

// Every device and engine call runs in a command returning one of these
// messages, with the id of the request it answers; stale answers are
// dropped.

// devicePrefix names the devices this screen creates: you-1, you-2, ...
const devicePrefix = "you-"

// openedMsg is a device made or restored, with what the panel shows.
type openedMsg struct {
	req      int
	dev      *device.Device
	n        int // the you-N number of a new device
	restored bool
	view     deviceView
	names    map[string]string
	err      error
}

// deviceView is the device as the panel shows it, read in a command.
type deviceView struct {
	state   device.State
	events  []device.LocalEvent
	explain string // the "why not activated" text
}

// actedMsg is one action's result.
type actedMsg struct {
	req   int
	label string
	step  scenario.Step
	text  string
	out   device.Outcome
	view  deviceView
	err   error
}

// devicesMsg lists the project's devices for the picker.
type devicesMsg struct {
	ids []string
	err error
}

// config is how this screen's devices are made.
func config(p *engine.Project, id string, now func() time.Time, newID func() string) device.Config {
	s := p.Settings()
	return device.Config{ID: id, Platform: "web", Backend: p, Journal: p, Clock: now, EventLimit: s.EventLimit, NewID: newID,
		Resolution: device.Resolution{ReplayOnVisitorToKnown: s.ReplayOnVisitorToKnown, MergeOnUnknownToKnown: s.MergeOnUnknownToKnown}}
}

// openCmd makes a new visitor (id "": the next free you-N after last) or
// restores device id with the project's published criteria.
func openCmd(p *engine.Project, req int, id string, last int, now func() time.Time, newID func() string) tea.Cmd {
	return func() tea.Msg {
		msg := openedMsg{req: req, names: criteriaNames(p)}
		if id == "" {
			ids, err := p.ListDeviceIDs()
			if err != nil {
				msg.err = err
				return msg
			}
			msg.n = nextNumber(ids, last)
			msg.dev = device.New(config(p, fmt.Sprintf("%s%d", devicePrefix, msg.n), now, newID))
		} else {
			st, events, err := p.LoadDevice(id)
			if err != nil {
				msg.err = fmt.Errorf("device %s: %w", id, err)
				return msg
			}
			cached := p.PublishedCriteria()
			msg.dev = device.Restore(config(p, id, now, newID), st, events, &cached)
			msg.restored = true
		}
		msg.view = look(msg.dev)
		return msg
	}
}

// nextNumber is the first you-N number above last and above every you-N
// device of the project.
func nextNumber(ids []string, last int) int {
	n := last
	for _, id := range ids {
		if v, err := strconv.Atoi(strings.TrimPrefix(id, devicePrefix)); err == nil && strings.HasPrefix(id, devicePrefix) && v > n {
			n = v
		}
	}
	return n + 1
}

func criteriaNames(p *engine.Project) map[string]string {
	names := map[string]string{}
	if sets, err := p.ListCriteria(); err == nil {
		for _, s := range sets {
			names[s.ID] = s.Name
		}
	}
	return names
}

// look reads what the panel shows of d.
func look(d *device.Device) deviceView {
	st, events := d.Snapshot()
	v := deviceView{state: st, events: events}
	ex := d.Explain()
	if ex == nil {
		v.explain = "No criteria cached on this device, so nothing can match yet.\nGive consent (c): the device then fetches the published criteria."
		return v
	}
	var b bytes.Buffer
	if err := ex.WriteText(&b); err != nil {
		v.explain = "cannot explain: " + err.Error()
		return v
	}
	v.explain = strings.TrimRight(b.String(), "\n")
	return v
}

// actCmd plays one step on the device and narrates it.
func actCmd(d *device.Device, req int, label string, st scenario.Step, names map[string]string) tea.Cmd {
	return func() tea.Msg {
		before, _ := d.Snapshot()
		out, err := scenario.Apply(context.Background(), d, st)
		after, _ := d.Snapshot()
		return actedMsg{req: req, label: label, step: st, out: out, err: err,
			text: scenario.Narrate(st, out, before, after, names), view: look(d)}
	}
}

func devicesCmd(p *engine.Project) tea.Cmd {
	return func() tea.Msg {
		ids, err := p.ListDeviceIDs()
		return devicesMsg{ids: ids, err: err}
	}
}
