package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"limen/engine"
	"limen/engine/scenario"
	"limen/fixtures"
)

func newScenarioCmd(e *env, data *dataFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "Run conversion flows headless (the scenarios of fixtures/scenarios, or your own)",
	}
	cmd.AddCommand(newScenarioRunCmd(e, data), newScenarioListCmd(e))
	return cmd
}

func newScenarioListCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			for _, name := range fixtures.Scenarios() {
				data, _ := fixtures.Scenario(name)
				var head struct{ Name string }
				_ = json.Unmarshal(data, &head)
				fmt.Fprintf(e.stdout, "%-34s %s\n", name, head.Name)
			}
			return nil
		},
	}
}

func newScenarioRunCmd(e *env, data *dataFlags) *cobra.Command {
	var asJSON bool
	var seed uint64
	cmd := &cobra.Command{
		Use:   "run FILE|NAME",
		Short: "Play a scenario on a fresh in-memory project (or --data DIR) and narrate it",
		Long: `Play a scenario file step by step on a simulated clock and print a timeline:
one line per step saying what the device stored, dropped, activated, replayed,
converted or merged, which messages it showed, received or clicked, and which
campaign a purchase was credited to; then the profiles, devices and identity
ledger it ended with, and the campaigns it created with their figures. NAME
is a built-in scenario (see 'limen scenario list').

The project is a fresh in-memory one unless --data DIR names a directory
(which should be empty). A bad scenario file gets 'path: message' errors and
exit status 2.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runScenario(e, data, args[0], asJSON, seed)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {timeline, profiles, devices, ledger, campaigns} as JSON")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the generated userIds and event ids")
	return cmd
}

// loadScenario reads a scenario file, or a built-in scenario by name.
func loadScenario(name string) ([]byte, error) {
	raw, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) && !strings.ContainsAny(name, "/.") {
		if b, ferr := fixtures.Scenario(name); ferr == nil {
			return b, nil
		}
	}
	return raw, err
}

func runScenario(e *env, data *dataFlags, name string, asJSON bool, seed uint64) error {
	raw, err := loadScenario(name)
	if err != nil {
		return badInput(e, name, err)
	}
	sc, err := scenario.Parse(raw)
	if err != nil {
		var se *scenario.Error
		if errors.As(err, &se) {
			for _, p := range se.Problems {
				fmt.Fprintf(e.stderr, "%s: %s\n", name, p)
			}
			return exitError{code: 2}
		}
		return badInput(e, name, err)
	}
	opt := engine.Options{InMemory: data.dir == ""}
	if data.dir != "" {
		opt.Dir = data.dir
	}
	r, err := scenario.Open(sc, opt, seed)
	if err != nil {
		fmt.Fprintf(e.stderr, "limen: %s: %v\n", name, err)
		return exitError{code: 2}
	}
	defer r.Close()
	ctx := context.Background()
	rep, err := r.Report(ctx, r.Run(ctx))
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.WriteText(e.stdout)
}
