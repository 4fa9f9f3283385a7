package messages

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/engine"
	"limen/ui"
	"limen/ui/uitest"
)

// TestFlowCreateAndStartOffer runs the console with the tab as a real
// program and performs the demo: n, type "10% off what you viewed" with
// its title, body and a 10% discount (the preview follows the typing),
// save, start; then visitors come back, see the offer, one clicks and buys,
// and the live figures show it.
func TestFlowCreateAndStartOffer(t *testing.T) {
	w := newWorld(t, false)
	styles := ui.NewStyles(ui.DefaultTheme())
	m := New(ui.Context{Project: w.p, Styles: styles, Now: w.clk.Now, ExportDir: t.TempDir()})
	tm := teatest.NewTestModel(t, ui.NewApp(styles, "flow test", m), teatest.WithInitialTermSize(120, 36))
	waitFor := func(texts ...string) { t.Helper(); uitest.WaitFor(t, tm, texts...) }
	press := func(keys ...tea.KeyType) {
		for _, k := range keys {
			tm.Send(tea.KeyMsg{Type: k})
		}
	}

	waitFor("no campaigns yet")
	tm.Type("n")
	waitFor("New campaign", "Still thinking about the Rattan chair?")
	tm.Type("10% off what you viewed")
	press(tea.KeyTab, tea.KeyTab, tea.KeyTab) // in-app and unknown users are the defaults
	tm.Type("Still thinking about the {{last.viewedProduct.name}}?")
	press(tea.KeyTab)
	tm.Type("{{discount}}% off today: {{discounted last.viewedProduct.price}}")
	press(tea.KeyTab, tea.KeyTab)
	tm.Type("10")
	waitFor("10% off today: 134.10")
	press(tea.KeyCtrlS)
	waitFor("saved the draft")
	tm.Type("s")
	waitFor("started", "▶ running")

	offer := w.campaign("10% off what you viewed")
	if offer.State != engine.CampaignRunning || offer.Discount != 10 || offer.Title != "Still thinking about the {{last.viewedProduct.name}}?" {
		t.Fatalf("stored %+v", offer)
	}
	// The visitors' next sessions: the offer is shown to d1, d2 and d4;
	// d1 clicks and buys the sofa.
	for _, id := range []string{"d1", "d2", "d4"} {
		w.session(id)
	}
	w.step(w.devs["d1"].ClickMessage(context.Background(), offer.ID))
	w.purchase("d1", 1169.1)
	waitFor("revenue 1,169.10", "1 purchase")

	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	golden.RequireEqual(t, []byte(m.View()))
}
