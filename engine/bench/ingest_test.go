package bench

//	go test -run '^$' -bench Ingest -benchtime 3x ./engine/bench/

import (
	"context"
	"testing"
	"time"
)

// TestIngestSmall runs the whole benchmark with tiny numbers and checks
// that its figures add up and that the project it filled is consistent.
func TestIngestSmall(t *testing.T) {
	opt := IngestOptions{Devices: 40, Events: 30, Workers: 2, Seed: 7, Merges: 3, UnknownEvents: 10, KnownEvents: 600,
		TempDir: t.TempDir(), Check: true}
	r, err := Ingest(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r.Violations {
		t.Errorf("violation after the benchmark: %s", v)
	}
	switch {
	case !r.Checked:
		t.Error("Check did not run")
	case r.Options.Devices != 40 || r.Options.Events != 30 || r.Options.Workers != 2:
		t.Errorf("parameters not reported: %+v", r.Options)
	case r.Stored+r.Sent+r.Dropped != r.EventCalls:
		t.Errorf("stored %d + sent %d + dropped %d != %d event calls", r.Stored, r.Sent, r.Dropped, r.EventCalls)
	case r.EventCalls+r.Updates+r.Identifies > opt.Devices*opt.Events || r.EventCalls < opt.Devices*opt.Events/2:
		t.Errorf("%d event calls, %d updates, %d identifies for %d devices × %d calls", r.EventCalls, r.Updates, r.Identifies, opt.Devices, opt.Events)
	case r.Activations == 0 || r.Replayed < r.Activations || r.Sent == 0:
		t.Errorf("no activation to speak of: %d activations, %d replayed, %d sent", r.Activations, r.Replayed, r.Sent)
	case r.Activations > opt.Devices:
		t.Errorf("%d activations for %d devices", r.Activations, opt.Devices)
	case r.ProfileCount < r.Activations-r.Identifies:
		t.Errorf("%d profiles after %d activations", r.ProfileCount, r.Activations)
	case r.Merges != 3 || r.EventsMoved != 3*(opt.UnknownEvents+1) || r.MergeP50Ms <= 0 || r.MergeP99Ms < r.MergeP50Ms || r.MergeMaxMs < r.MergeP99Ms:
		t.Errorf("merge figures: %d merges, %d events moved, p50 %v p99 %v max %v ms", r.Merges, r.EventsMoved, r.MergeP50Ms, r.MergeP99Ms, r.MergeMaxMs)
	case r.RawEntries != r.Stored+r.Sent || r.RawValBytes < 50 || r.RawPerS <= 0:
		t.Errorf("raw figures: %d entries of %d bytes at %.0f/s", r.RawEntries, r.RawValBytes, r.RawPerS)
	case r.EventsPerS <= 0 || r.Ratio <= 0 || r.Ratio != r.EventsPerS/r.RawPerS:
		t.Errorf("rates: %.0f events/s, ratio %v", r.EventsPerS, r.Ratio)
	}
	t.Logf("%+v", r)
}

func TestPercentile(t *testing.T) {
	d := make([]time.Duration, 100)
	for i := range d {
		d[i] = time.Duration(i+1) * time.Millisecond
	}
	if p := percentile(d, 50); p != 50*time.Millisecond {
		t.Errorf("p50 %v", p)
	}
	if p := percentile(d, 99); p != 99*time.Millisecond {
		t.Errorf("p99 %v", p)
	}
	if p := percentile(d[:1], 99); p != time.Millisecond {
		t.Errorf("p99 of one %v", p)
	}
}

// BenchmarkIngest runs a small ingest per iteration and reports its rates.
func BenchmarkIngest(b *testing.B) {
	var r IngestResult
	for b.Loop() {
		var err error
		r, err = Ingest(context.Background(), IngestOptions{Devices: 200, Events: 30, Merges: 5, KnownEvents: 2000, TempDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(r.EventsPerS, "events/s")
	b.ReportMetric(r.ActivPerS, "activations/s")
	b.ReportMetric(r.RawPerS, "raw/s")
	b.ReportMetric(r.Ratio, "ratio")
	b.ReportMetric(r.MergeP50Ms, "merge-p50-ms")
}
