package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"limen/engine"
	"limen/storage"
)

// dataFlags say where a command's project lives. They are persistent on the
// root command, so every command takes them.
type dataFlags struct {
	dir      string
	inMemory bool
}

func (f *dataFlags) register(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&f.dir, "data", "", "data directory (default: $XDG_DATA_HOME/limen, or ~/.local/share/limen)")
	cmd.PersistentFlags().BoolVar(&f.inMemory, "in-memory", false, "keep everything in memory: a throwaway project")
}

// defaultDataDir is limen's directory under the XDG data home.
func defaultDataDir() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "limen"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no data directory: set --data, XDG_DATA_HOME or HOME (%w)", err)
	}
	return filepath.Join(home, ".local", "share", "limen"), nil
}

// openedProject is a project with its log file, closed together.
type openedProject struct {
	*engine.Project
	dir string
	log *os.File
	// clock is the project's clock: the time of day, unless a simulation
	// holds it at its own simulated instant (the demo seeding does).
	clock *settableClock
}

// settableClock reads time.Now unless Set holds it at an instant; Set with
// the zero time lets it run again.
type settableClock struct {
	mu   sync.Mutex
	held time.Time
}

func (c *settableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.held.IsZero() {
		return c.held
	}
	return time.Now()
}

func (c *settableClock) Set(t time.Time) {
	c.mu.Lock()
	c.held = t
	c.mu.Unlock()
}

func (o *openedProject) Close() {
	o.Project.Close()
	if o.log != nil {
		o.log.Close()
	}
}

// openProject opens the project of the data flags. The engine logs to
// limen.log in the data directory (nothing in memory mode), never to the
// terminal. A directory held by another limen gives one plain line and exit 2.
func openProject(e *env, f *dataFlags) (*openedProject, error) {
	o := &openedProject{clock: &settableClock{}}
	opt := engine.Options{InMemory: f.inMemory, Clock: o.clock.Now}
	if !f.inMemory {
		dir := f.dir
		if dir == "" {
			var err error
			if dir, err = defaultDataDir(); err != nil {
				fmt.Fprintf(e.stderr, "limen: %v\n", err)
				return nil, exitError{code: 2}
			}
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			fmt.Fprintf(e.stderr, "limen: cannot create data directory: %v\n", err)
			return nil, exitError{code: 2}
		}
		logFile, err := os.OpenFile(filepath.Join(dir, "limen.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			fmt.Fprintf(e.stderr, "limen: cannot open the log file: %v\n", err)
			return nil, exitError{code: 2}
		}
		o.dir, o.log = dir, logFile
		opt.Dir = dir
		opt.Logger = slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	p, err := engine.Open(opt)
	if err != nil {
		if o.log != nil {
			o.log.Close()
		}
		if errors.Is(err, storage.ErrLocked) {
			fmt.Fprintf(e.stderr, "limen: %v\n", err)
		} else {
			fmt.Fprintf(e.stderr, "limen: cannot open the project: %v\n", err)
		}
		return nil, exitError{code: 2}
	}
	o.Project = p
	return o, nil
}
