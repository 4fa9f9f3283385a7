package bench

//	go run . bench browse --profiles 1000000

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"limen/engine"
)

// TestBrowseSmall runs the browsing benchmark with tiny numbers in a kept
// directory, checks that its figures hang together and that the loaded
// project is consistent, then runs it again on the same directory, which
// it must reuse rather than load twice.
func TestBrowseSmall(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kept")
	var frames int
	opt := BrowseOptions{Profiles: 600, Events: 3, Samples: 20, Frames: 2, Seed: 3, Dir: dir, Quiet: 200 * time.Millisecond,
		FirstFrame: func(p *engine.Project, w, h int) (string, error) {
			frames++
			if w != 120 || h != 36 {
				t.Errorf("first frame asked at %d×%d", w, h)
			}
			_, _, err := p.ListProfiles(engine.ProfileQuery{Desc: true, Limit: 200})
			return "frame", err
		}}
	r, err := Browse(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	switch {
	case !r.Loaded || r.Profiles != 600 || r.LoadSeconds <= 0 || r.LoadPerS <= 0 || r.DiskBytes <= 0 || r.SettleSeconds < 0.2:
		t.Errorf("load figures: loaded %t, %d profiles in %.3f s, %d bytes, settled %.3f s", r.Loaded, r.Profiles, r.LoadSeconds, r.DiskBytes, r.SettleSeconds)
	case frames != 2 || !r.Rendered || r.Frame != "frame":
		t.Errorf("first frame rendered %d times (%t, %q)", frames, r.Rendered, r.Frame)
	case r.Open.N != 2 || r.FirstFrame.N != 2 || r.FirstFrame.P50Ms < r.Open.P50Ms:
		t.Errorf("open %+v, first frame %+v", r.Open, r.FirstFrame)
	}
	for name, l := range map[string]Latency{"first page": r.FirstPage, "next page": r.NextPage, "prefix": r.Prefix,
		"prefix count": r.PrefixCount, "detail": r.Detail} {
		if l.N != 20 || l.P50Ms <= 0 || l.P99Ms < l.P50Ms || l.MaxMs < l.P99Ms {
			t.Errorf("%s: %+v", name, l)
		}
	}
	if runtime.GOOS == "linux" && (r.RSSBytes <= 0 || r.PeakBytes < r.RSSBytes || r.RSSAnonBytes <= 0) {
		t.Errorf("memory: rss %d (anon %d, file %d), peak %d", r.RSSBytes, r.RSSAnonBytes, r.RSSFileBytes, r.PeakBytes)
	}

	again, err := Browse(context.Background(), BrowseOptions{Profiles: 5000, Samples: 5, Frames: 1, Dir: dir, Quiet: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if again.Loaded || again.Profiles != 600 || again.Rendered || again.FirstFrame.N != 1 {
		t.Errorf("second run on the kept directory: loaded %t, %d profiles, rendered %t", again.Loaded, again.Profiles, again.Rendered)
	}
	p, err := engine.Open(engine.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	vs, err := p.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("violation: %s", v)
	}
}
