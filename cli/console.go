package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"limen/engine/demo"
	"limen/ui"
	"limen/ui/criteria"
	"limen/ui/messages"
	"limen/ui/profiles"
	"limen/ui/simulator"
)

// consoleFlags are the flags of `limen` itself.
type consoleFlags struct {
	noDemo bool
	mouse  bool
}

func (f *consoleFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.noDemo, "no-demo", false, "start on an empty project instead of seeding the demo")
	cmd.Flags().BoolVar(&f.mouse, "mouse", false, "let the mouse click and scroll")
}

// stdioIsTerminal reports whether both standard input and output are terminals.
func stdioIsTerminal(e *env) bool {
	in, ok1 := e.stdin.(*os.File)
	out, ok2 := e.stdout.(*os.File)
	return ok1 && ok2 && term.IsTerminal(in.Fd()) && term.IsTerminal(out.Fd())
}

// runConsole opens the console on the data directory: on an empty project it
// first seeds the demo (unless --no-demo).
func runConsole(e *env, data *dataFlags, f consoleFlags) error {
	if !stdioIsTerminal(e) {
		fmt.Fprintln(e.stderr, "limen: the console needs a terminal; for headless use see 'limen --help' (criteria, scenario, profiles, ledger, check, bench)")
		return exitError{code: 2}
	}
	p, err := openProject(e, data)
	if err != nil {
		return err
	}
	defer p.Close()
	ctx := context.Background()
	status := "in memory"
	exportDir := "."
	if p.dir != "" {
		status = p.dir
		exportDir = filepath.Join(p.dir, "exports")
	}
	if !f.noDemo {
		seeded, err := seedIfEmpty(ctx, p)
		if err != nil {
			fmt.Fprintf(e.stderr, "limen: seeding the demo: %v\n", err)
			return exitError{code: 2}
		}
		if seeded {
			status += " · demo"
		}
	}
	s := p.Settings()
	status = fmt.Sprintf("%s · %s project", status, s.Type)
	c := ui.Context{Project: p.Project, Styles: ui.NewStyles(ui.DefaultTheme()), Now: time.Now, ExportDir: exportDir}
	simTab := simulator.New(c)
	// A running simulation stops with the console.
	defer simTab.Close()
	app := ui.NewApp(c.Styles, status, criteria.New(c), simTab, messages.New(c), profiles.New(c))
	app.Focus(3) // open on the living demo: Profiles
	return ui.Run(ctx, c, app, ui.RunOptions{Mouse: f.mouse})
}

// seedIfEmpty seeds the demo into a project with no profiles, no criteria
// and no devices, and reports whether it did.
func seedIfEmpty(ctx context.Context, p *openedProject) (bool, error) {
	n, err := p.CountProfiles("")
	if err != nil || n > 0 {
		return false, err
	}
	sets, err := p.ListCriteria()
	if err != nil || len(sets) > 0 {
		return false, err
	}
	ids, err := p.ListDeviceIDs()
	if err != nil || len(ids) > 0 {
		return false, err
	}
	// The project's clock follows the demo's simulated days while it seeds,
	// so profiles are created when their visitors activated.
	defer p.clock.Set(time.Time{})
	_, err = demo.Seed(ctx, p.Project, demo.Options{Seed: 1, ServerClock: p.clock.Set})
	return err == nil, err
}
