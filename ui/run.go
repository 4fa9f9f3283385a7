package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
)

// RunOptions are how the console is started.
type RunOptions struct {
	Mouse bool
}

// Run shows the console full-screen until the person quits. Live happenings
// from the engine reach the screens as HappeningsMsg.
func Run(ctx context.Context, c Context, app *App, opt RunOptions) error {
	progOpts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx)}
	if opt.Mouse {
		progOpts = append(progOpts, tea.WithMouseCellMotion())
	}
	prog := tea.NewProgram(app, progOpts...)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		forwardHappenings(c.Project, prog.Send, stop)
	}()
	_, err := prog.Run()
	close(stop)
	<-done
	return err
}
