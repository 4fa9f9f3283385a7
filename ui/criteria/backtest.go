package criteria

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/ui"
)

// backtest is a running or finished backtest.
type backtest struct {
	req         int
	tested      string
	cancel      context.CancelFunc
	progress    chan btProgressMsg
	done, total int
	bar         progress.Model
	result      *engine.BacktestResult
	err         string
}

type btProgressMsg struct {
	req         int
	done, total int
	closed      bool
}

type btDoneMsg struct {
	req    int
	result engine.BacktestResult
	err    error
}

// startBacktest runs engine.Backtest in a command with a cancellable
// context; progress comes through a channel drained by a re-armed command.
// In the editor the set being edited (saved or not) replaces its draft.
func (m *Model) startBacktest() tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	m.btReq = m.nextReq()
	bar := progress.New(progress.WithoutPercentage(), progress.WithSolidFill("#"))
	bar.Full, bar.Empty = '█', '░'
	bar.Width = max(10, min(60, m.width-20))
	b := &backtest{req: m.btReq, cancel: cancel, progress: make(chan btProgressMsg, 1), bar: bar,
		tested: "every draft, in first-match order"}
	var current []byte
	id := ""
	if m.mode == modeEditor && m.ed != nil {
		current, id = m.ed.json(), m.ed.id
		b.tested = "set " + id + " as edited, with the other sets as published"
	}
	m.bt = b
	return tea.Batch(runBacktest(ctx, m.ctx.Project, b.req, id, current, b.progress), waitProgress(b.progress))
}

// runBacktest is the command that runs the backtest. The progress callback
// never blocks: it replaces a report the screen has not read yet.
func runBacktest(ctx context.Context, p *engine.Project, req int, id string, current []byte, ch chan btProgressMsg) tea.Cmd {
	return func() tea.Msg {
		defer close(ch)
		draft, err := draftDocument(p, id, current)
		if err != nil {
			return btDoneMsg{req: req, err: err}
		}
		res, err := p.Backtest(ctx, engine.BacktestOptions{Draft: draft, Progress: func(done, total int) {
			msg := btProgressMsg{req: req, done: done, total: total}
			for {
				select {
				case ch <- msg:
					return
				default:
				}
				select {
				case <-ch:
				default:
				}
			}
		}})
		return btDoneMsg{req: req, result: res, err: err}
	}
}

// draftDocument is the document to test: every draft (nil: the engine's
// preview), or the published sets with one set replaced by current.
func draftDocument(p *engine.Project, id string, current []byte) ([]byte, error) {
	if id == "" {
		return nil, nil
	}
	sets, err := p.ListCriteria()
	if err != nil {
		return nil, err
	}
	var parts []string
	found := false
	for _, s := range sets {
		switch {
		case s.ID == id:
			parts, found = append(parts, string(current)), true
		case s.Published != nil:
			parts = append(parts, string(s.Published))
		}
	}
	if !found {
		parts = append(parts, string(current))
	}
	return []byte(fmt.Sprintf(`{"count":%d,"criteriaSets":[%s]}`, len(parts), strings.Join(parts, ","))), nil
}

func waitProgress(ch chan btProgressMsg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return btProgressMsg{closed: true, req: -1}
		}
		return msg
	}
}

func (m *Model) gotProgress(msg btProgressMsg) tea.Cmd {
	if m.bt == nil || msg.req != m.bt.req {
		return nil
	}
	m.bt.done, m.bt.total = msg.done, msg.total
	return waitProgress(m.bt.progress)
}

func (m *Model) gotBacktest(msg btDoneMsg) tea.Cmd {
	if m.bt == nil || msg.req != m.bt.req {
		return nil
	}
	m.bt.cancel()
	if msg.err != nil {
		if msg.err == context.Canceled {
			m.bt = nil
			return ui.Notify(ui.LevelInfo, "backtest cancelled")
		}
		m.bt.err = msg.err.Error()
		return nil
	}
	m.bt.result = &msg.result
	return nil
}

// backtestKey: esc cancels a running backtest, or closes a finished one.
func (m *Model) backtestKey(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyEsc {
		return nil
	}
	b := m.bt
	b.cancel()
	if b.result != nil || b.err != "" {
		m.bt = nil
	}
	return nil
}

func (m *Model) backtestView(h int) string {
	b, s, w := m.bt, m.styles, m.width
	lines := []string{s.Title.Render("Backtest") + s.Muted.Render(truncate(" of "+b.tested, w-8)), ""}
	switch {
	case b.err != "":
		lines = append(lines, s.Error.Render("✗ "+b.err), "", s.Muted.Render("esc closes"))
	case b.result == nil:
		pct := 0.0
		if b.total > 0 {
			pct = float64(b.done) / float64(b.total)
		}
		lines = append(lines, b.bar.ViewAs(pct), s.Muted.Render(fmt.Sprintf("%d of about %d histories · esc cancels", b.done, b.total)))
	default:
		lines = append(lines, backtestLines(s, *b.result, w)...)
	}
	return fitLines(strings.Join(lines, "\n"), h)
}

// backtestLines lays out a result: counts per set, the difference, the
// events-to-activate chart, and samples.
func backtestLines(s ui.Styles, r engine.BacktestResult, w int) []string {
	out := []string{s.Muted.Render(fmt.Sprintf("%d histories (%d on devices, %d profiles), first match wins", r.Histories, r.Devices, r.Profiles)), ""}
	nameW := max(8, min(30, w-40))
	row := func(id, name, pub, dr, chg string) string {
		return padRight(id, 6) + " " + padRight(name, nameW) + " " + padLeft(pub, 9) + " " + padLeft(dr, 6) + " " + padLeft(chg, 7)
	}
	out = append(out, s.Header.Render(row("SET", "NAME", "PUBLISHED", "DRAFT", "CHANGE")))
	sets := slices.Clone(r.Draft.Sets)
	for _, p := range r.Published.Sets {
		if !slices.ContainsFunc(sets, func(d engine.BacktestSet) bool { return d.ID == p.ID }) {
			sets = append(sets, engine.BacktestSet{ID: p.ID, Name: p.Name + " (not in draft)"})
		}
	}
	for _, set := range sets {
		pub, dr := r.Published.ByID[set.ID], r.Draft.ByID[set.ID]
		out = append(out, row(set.ID, set.Name, fmt.Sprint(pub), fmt.Sprint(dr), signed(dr-pub)))
	}
	out = append(out, row("", "all sets", fmt.Sprint(r.Published.Activated), fmt.Sprint(r.Draft.Activated), signed(r.Draft.Activated-r.Published.Activated)), "")
	out = append(out, fmt.Sprintf("newly activated %s · no longer activated %s · another set first %d",
		s.Success.Render(fmt.Sprint(r.NewlyActivated)), s.Warn.Render(fmt.Sprint(r.NoLongerActivated)), r.Reattributed))
	out = append(out, samples(r.SampleNew, "+", "by", 3)...)
	out = append(out, samples(r.SampleLost, "-", "was", 3)...)
	out = append(out, "", s.Header.Render("events to activate (draft, all sets)"))
	return append(out, histogram(r, w)...)
}

func samples(list []engine.BacktestSample, mark, verb string, n int) []string {
	var out []string
	for i, smp := range list {
		if i == n {
			out = append(out, fmt.Sprintf("  %s … and %d more", mark, len(list)-n))
			break
		}
		set := smp.Draft
		if verb == "was" {
			set = smp.Published
		}
		out = append(out, fmt.Sprintf("  %s %s %s, %s: %s %s", mark, smp.Kind, smp.Who, plural(smp.Events, "event"), verb, set))
	}
	return out
}

// histogram is a small horizontal bar chart of the buckets that hold any.
func histogram(r engine.BacktestResult, w int) []string {
	sum := make([]int, engine.BacktestBuckets)
	for _, h := range r.EventsToActivate {
		for i, n := range h {
			if i < len(sum) {
				sum[i] += n
			}
		}
	}
	top := slices.Max(sum)
	if top == 0 {
		return []string{"  no history activates"}
	}
	var out []string
	barW := max(5, min(40, w-20))
	for i, n := range sum {
		if n == 0 {
			continue
		}
		l := n * barW / top
		out = append(out, padLeft(engine.BacktestBucketLabel(i), 7)+" "+strings.Repeat("█", max(1, l))+" "+fmt.Sprint(n))
	}
	return out
}

func signed(n int) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%+d", n)
}
