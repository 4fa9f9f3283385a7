package criteria

import (
	"context"
	"fmt"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
	"limen/ui/uitest"
)

// seedClock is the deterministic clock of a seeded project.
type seedClock = uitest.Clock

// openSeeded opens an in-memory project with the fixture criteria
// (101–104, published) and a few visitors: two activate 101, one is a
// visitor still (one view), one activates 104.
func openSeeded() (*engine.Project, *seedClock, error) {
	clk := uitest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	p, err := engine.Open(engine.Options{InMemory: true, Clock: clk.Now, ProjectID: "demo"})
	if err != nil {
		return nil, nil, err
	}
	if err := seed(p, clk); err != nil {
		p.Close()
		return nil, nil, err
	}
	return p, clk, nil
}

func seed(p *engine.Project, clk *seedClock) error {
	ctx := context.Background()
	if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
		return err
	}
	n := 0
	newID := func() string {
		n++
		return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n)
	}
	var errs []error
	try := func(_ any, err error) { clk.Advance(10 * time.Second); errs = append(errs, err) }
	dev := func(id string) *device.Device {
		d := device.New(device.Config{ID: id, Platform: "web", Backend: p, Journal: p, Clock: clk.Now, NewID: newID})
		try(d.SetConsent(ctx, true))
		try(d.StartSession(ctx))
		return d
	}
	view := func(d *device.Device, name string, price float64) {
		try(d.Track(ctx, "viewedProduct", map[string]any{"name": name, "price": price, "category": "furniture"}))
	}
	for _, id := range []string{"d1", "d2"} {
		d := dev(id)
		view(d, "Velvet sofa", 1299)
		view(d, "Oak dining table", 899)
		view(d, "Velvet sofa", 1299)
	}
	d3 := dev("d3")
	view(d3, "Velvet sofa", 1299)
	d4 := dev("d4")
	try(d4.UpdateUser(ctx, map[string]any{"city": "Paris"}))
	view(d4, "Brass floor lamp", 89)
	view(d4, "Rattan chair", 149)
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
