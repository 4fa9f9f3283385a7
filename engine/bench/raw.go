package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/storage"
)

// sampleValues returns stored device events as the journal writes them
// (a LocalEvent as JSON), read back from devices that still hold some; when
// none does, events made like the workload's.
func sampleValues(p *engine.Project, deviceIDs []string, seed uint64) ([][]byte, error) {
	var vals [][]byte
	for _, id := range deviceIDs {
		_, events, err := p.LoadDevice(id)
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			b, err := json.Marshal(e)
			if err != nil {
				return nil, err
			}
			vals = append(vals, b)
		}
	}
	if len(vals) > 0 {
		return vals, nil
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range 100 {
		b, err := json.Marshal(device.LocalEvent{Seq: uint64(i + 1), Event: benchEvent(rng, time.Now())})
		if err != nil {
			return nil, err
		}
		vals = append(vals, b)
	}
	return vals, nil
}

// measureRaw writes n entries keyed like device events, with values taken
// in turn from vals, on a fresh DB in dir: first through storage's Batch,
// one batch per core, then (the journal's pattern) one transaction per
// entry that reads and rewrites a device record and adds the entry, on
// workers goroutines. It fills the raw figures.
func measureRaw(ctx context.Context, dir string, workers, n int, vals [][]byte, res *IngestResult) error {
	if n == 0 || len(vals) == 0 {
		return nil
	}
	db, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		return err
	}
	defer db.Close()
	total := 0
	for _, v := range vals {
		total += len(v)
	}
	res.RawEntries, res.RawValBytes = n, total/len(vals)
	res.RawKeyBytes = len(storage.DeviceEventKey(fmt.Sprintf("bench-%06d", 0), 1))
	key := func(i int, space string) []byte {
		return storage.DeviceEventKey(fmt.Sprintf("%s-%06d", space, i/64), uint64(i))
	}
	secs, err := sharded(ctx, runtime.GOMAXPROCS(0), n, func(w, step int) error {
		b := db.NewBatch()
		for i := w; i < n; i += step {
			if err := b.Set(key(i, "batch"), vals[i%len(vals)]); err != nil {
				b.Cancel()
				return err
			}
		}
		return b.Flush()
	})
	if err != nil {
		return err
	}
	res.RawSeconds, res.RawPerS = secs, float64(n)/secs
	state := vals[0]
	secs, err = sharded(ctx, workers, n, func(w, step int) error {
		for i := w; i < n; i += step {
			if i%256 == w && ctx.Err() != nil {
				return ctx.Err()
			}
			// Each worker its own devices, so that no transaction conflicts.
			dev := storage.DeviceKey(fmt.Sprintf("txn-%03d-%06d", w, i/step/64))
			err := db.Update(func(txn *storage.Txn) error {
				if _, err := txn.Get(dev); err != nil && !errors.Is(err, storage.ErrNotFound) {
					return err
				}
				if err := txn.Set(dev, state); err != nil {
					return err
				}
				return txn.Set(key(i, "txn"), vals[i%len(vals)])
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	res.RawTxnPerS = float64(n) / secs
	return err
}

// sharded runs fn(w, workers) on workers goroutines and times them.
func sharded(ctx context.Context, workers, n int, fn func(w, step int) error) (float64, error) {
	var wg sync.WaitGroup
	errs := make([]error, workers)
	start := time.Now()
	for w := range workers {
		wg.Go(func() { errs[w] = fn(w, workers) })
	}
	wg.Wait()
	return time.Since(start).Seconds(), errors.Join(append(errs, ctx.Err())...)
}
