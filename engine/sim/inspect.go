package sim

import (
	"fmt"
	"strings"

	"limen/engine"
	"limen/engine/criteria"
	"limen/engine/device"
)

// PersonaNames are the names of the personas in fixtures/personas.json, in
// file order (what Settings.Mix may weigh when Settings.Personas is nil).
func PersonaNames() []string {
	ps := DefaultPersonas()
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// PersonaNames are the names of the simulation's personas, in order.
func (s *Sim) PersonaNames() []string { return append([]string(nil), s.names...) }

// DeviceID is the id of visitor i's device in this run.
func (s *Sim) DeviceID(i int) string { return fmt.Sprintf("%s%06d", s.DevicePrefix(), i) }

// Devices pages through the saved states of this run's devices in id order,
// starting after the device id after ("" from the first). next is the last
// id of a full page, "" when there is no more. A visitor without a saved
// state (it has not made its first call yet) is not listed.
func (s *Sim) Devices(after string, limit int) (states []device.State, next string, err error) {
	prefix := s.DevicePrefix()
	if after == "" || after < prefix {
		after = prefix // a prefix is never a device id of this run
	}
	page, more, err := s.p.DeviceStates(after, limit)
	if err != nil {
		return nil, "", fmt.Errorf("sim: list devices: %w", err)
	}
	for _, st := range page {
		if !strings.HasPrefix(st.ID, prefix) {
			return states, "", nil
		}
		states = append(states, st)
	}
	return states, more, nil
}

// DeviceReport is what the console shows of one device: its saved local
// storage and why its local data does or does not match the criteria.
type DeviceReport struct {
	State  device.State
	Events []device.LocalEvent
	// Explanation is the criteria verdict on the local data, against the
	// criteria version the device holds when that version is still
	// published, else against the published version (ExplainedVersion
	// says which; 0 and a nil Explanation when nothing is published).
	Explanation      *criteria.Explanation
	ExplainedVersion uint64
	// Published is the criteria version published now.
	Published uint64
}

// Inspect reads one device of the project (of any run) from storage; see
// InspectDevice.
func (s *Sim) Inspect(id string) (DeviceReport, error) { return InspectDevice(s.p, id) }

// InspectDevice reads a device's saved local storage and explains its local
// data against the published criteria. It reads; it changes nothing. A
// device never saved is engine.ErrNotFound.
func InspectDevice(p *engine.Project, id string) (DeviceReport, error) {
	st, events, err := p.LoadDevice(id)
	if err != nil {
		return DeviceReport{}, err
	}
	pub := p.PublishedCriteria()
	r := DeviceReport{State: *st, Events: events, Published: pub.Version}
	if pub.Compiled == nil || pub.Version == 0 {
		return r, nil
	}
	// The device explains against the criteria it holds; a restored copy
	// reading the published criteria under its own version number explains
	// what its next evaluation (after a refetch) would see.
	view := *st
	view.CriteriaVersion = pub.Version
	view.ProfileUpdate = device.DeepMerge(nil, st.ProfileUpdate)
	d := device.Restore(device.Config{ID: id, Platform: st.Platform}, &view, events, &pub)
	r.Explanation, r.ExplainedVersion = d.Explain(), pub.Version
	return r, nil
}
