package sim

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkRunToEnd measures device calls per second of a headless run of
// 2000 visitors on an in-memory project, by number of workers.
//
//	go test ./engine/sim -run '^$' -bench RunToEnd -benchtime 3x
func BenchmarkRunToEnd(b *testing.B) {
	for _, workers := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var ops int64
			var elapsed time.Duration
			for range b.N {
				b.StopTimer()
				s := settings(2000, 1)
				s.KnownProfiles, s.Workers, s.Tick = 200, workers, time.Hour
				sm := newSim(b, openProject(b, ""), s)
				b.StartTimer()
				st, err := sm.RunToEnd(ctx)
				if err != nil || st.Errors > 0 {
					b.Fatalf("%v, %d errors: %s", err, st.Errors, st.FirstError)
				}
				ops, elapsed = ops+st.Ops, elapsed+st.Elapsed
			}
			b.ReportMetric(float64(ops)/elapsed.Seconds(), "calls/s")
		})
	}
}
