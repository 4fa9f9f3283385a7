// Package cli wires limen's command line: the console (later) and the headless
// commands over the same engine.
package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// exitError carries a process exit code through cobra without printing a
// second message: the command has already said what went wrong.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// env is what every command needs from the process: its streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// newRoot builds the whole command tree. It holds no package-level state, so
// tests can build as many independent trees as they like.
func newRoot(e *env) *cobra.Command {
	var data dataFlags
	var console consoleFlags
	root := &cobra.Command{
		Use:   "limen",
		Short: "A terminal console for Unknown User Activation",
		Long: `limen opens its console on the data directory (seeding a demo project the
first time); its subcommands give the same engine headless.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(*cobra.Command, []string) error {
			return runConsole(e, &data, console)
		},
	}
	console.register(root)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	data.register(root)
	root.AddCommand(newCriteriaCmd(e), newScenarioCmd(e, &data), newProfilesCmd(e, &data), newLedgerCmd(e, &data))
	root.AddCommand(newSimCmd(e, &data))
	root.AddCommand(newCheckCmd(e, &data))
	root.AddCommand(newCampaignsCmd(e))
	root.AddCommand(newBenchCmd(e))
	return root
}

// Execute runs limen with args and returns the process exit code.
func Execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	err := root.Execute()
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(stderr, "limen: %v\n", err)
		return 2
	}
}
