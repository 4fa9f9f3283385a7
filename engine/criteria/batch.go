package criteria

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// BatchLine is one input line of EvalBatch.
type BatchLine struct {
	ID         json.RawMessage `json:"id"`
	Criteria   json.RawMessage `json:"criteria"`
	Events     json.RawMessage `json:"events"`
	UserUpdate json.RawMessage `json:"userUpdate"`
}

// EvalBatch reads JSON lines {"id", "criteria", "events", "userUpdate"} from r
// and writes one line per input to w, in input order: {"id", "match"} with
// the matched criteriaId or null, or {"id", "error"} for a malformed line.
// Blank lines are skipped. It streams: memory stays bounded by a window of
// lines in flight, whatever the input's length. workers < 1 means one per CPU.
// A criteria document repeated on consecutive lines is compiled once per
// worker.
func EvalBatch(r io.Reader, w io.Writer, workers int) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	in := bufio.NewReaderSize(r, 1<<16)
	out := bufio.NewWriterSize(w, 1<<16)
	if workers == 1 {
		var ev batchEvaluator
		for n := 1; ; n++ {
			line, err := readLine(in)
			if len(line) > 0 {
				if _, werr := out.Write(ev.eval(line, n)); werr != nil {
					return werr
				}
			}
			if err != nil {
				return finish(out, err)
			}
		}
	}
	return evalParallel(in, out, workers)
}

type batchJob struct {
	seq  int
	num  int // line number, for messages
	line []byte
}

type batchResult struct {
	seq int
	out []byte
}

func evalParallel(in *bufio.Reader, out *bufio.Writer, workers int) error {
	window := make(chan struct{}, workers*16) // lines read but not yet written
	jobs := make(chan batchJob, workers*4)
	results := make(chan batchResult, workers*4)
	var readErr error
	go func() {
		defer close(jobs)
		seq := 0
		for n := 1; ; n++ {
			line, err := readLine(in)
			if len(line) > 0 {
				window <- struct{}{}
				jobs <- batchJob{seq: seq, num: n, line: line}
				seq++
			}
			if err != nil {
				readErr = err
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ev batchEvaluator
			for j := range jobs {
				results <- batchResult{seq: j.seq, out: ev.eval(j.line, j.num)}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int][]byte{}
	next := 0
	var writeErr error
	for res := range results {
		pending[res.seq] = res.out
		for b, ok := pending[next]; ok; b, ok = pending[next] {
			delete(pending, next)
			if writeErr == nil {
				_, writeErr = out.Write(b)
			}
			next++
			<-window
		}
	}
	if writeErr != nil {
		return writeErr
	}
	return finish(out, readErr)
}

// readLine returns the next line without its end-of-line bytes; blank lines
// come back empty.
func readLine(in *bufio.Reader) ([]byte, error) {
	line, err := in.ReadBytes('\n')
	return bytes.TrimSpace(line), err
}

func finish(out *bufio.Writer, err error) error {
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return out.Flush()
}

// batchEvaluator is one worker's state: the last criteria compiled.
type batchEvaluator struct {
	lastCriteria []byte
	compiled     *Compiled
}

func (ev *batchEvaluator) eval(line []byte, num int) []byte {
	var in BatchLine
	if err := json.Unmarshal(line, &in); err != nil {
		return resultLine(idOf(line), "", false, lineError(line, num, err))
	}
	id := in.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	match, ok, err := ev.evalLine(&in)
	return resultLine(id, match, ok, err)
}

func (ev *batchEvaluator) evalLine(in *BatchLine) (string, bool, error) {
	if len(in.Criteria) == 0 || string(in.Criteria) == "null" {
		return "", false, errors.New(`"criteria" is missing: it must be a criteria document`)
	}
	if ev.compiled == nil || !bytes.Equal(in.Criteria, ev.lastCriteria) {
		c, err := CompileJSON(in.Criteria)
		if err != nil {
			return "", false, fmt.Errorf("criteria: %w", err)
		}
		ev.compiled, ev.lastCriteria = c, append(ev.lastCriteria[:0], in.Criteria...)
	}
	if len(in.Events) == 0 {
		return "", false, errors.New(`"events" is missing: it must be an array of stored events (possibly empty)`)
	}
	evs, err := decodeJSON(in.Events)
	if err != nil {
		return "", false, fmt.Errorf("events: %w", err)
	}
	events, isArr := evs.([]any)
	if !isArr {
		return "", false, fmt.Errorf(`"events" must be a JSON array, not %s`, jsonKind(evs))
	}
	for i := range events {
		events[i] = NormalizeEvent(events[i])
	}
	var update any
	if len(in.UserUpdate) > 0 {
		if update, err = decodeJSON(in.UserUpdate); err != nil {
			return "", false, fmt.Errorf("userUpdate: %w", err)
		}
		switch update.(type) {
		case nil, map[string]any:
		default:
			return "", false, fmt.Errorf(`"userUpdate" must be a JSON object or null, not %s`, jsonKind(update))
		}
	}
	id, ok := ev.compiled.MatchData(events, update)
	return id, ok, nil
}

// lineError explains why a line could not be read, with the column.
func lineError(line []byte, num int, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d is not JSON: column %d: %s", num, se.Offset, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf(`line %d must be a JSON object {"id", "criteria", "events", "userUpdate"}`, num)
	}
	return fmt.Errorf("line %d: %v", num, err)
}

// idOf salvages the id of a line that failed to decode, when it can.
func idOf(line []byte) json.RawMessage {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(line, &probe) == nil && len(probe.ID) > 0 {
		return probe.ID
	}
	return json.RawMessage("null")
}

func resultLine(id json.RawMessage, match string, ok bool, err error) []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":`)
	b.Write(compact(id))
	switch {
	case err != nil:
		b.WriteString(`,"error":`)
		msg, _ := marshal(err.Error())
		b.Write(msg)
	case ok:
		b.WriteString(`,"match":`)
		m, _ := marshal(match)
		b.Write(m)
	default:
		b.WriteString(`,"match":null`)
	}
	b.WriteString("}\n")
	return b.Bytes()
}
