package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"limen/engine/criteria"
)

// newCriteriaLintCmd is `limen criteria lint FILE`: the checks a marketer's
// criteria must pass before they may be saved.
func newCriteriaLintCmd(e *env) *cobra.Command {
	var (
		eventLimit int
		asJSON     bool
	)
	cmd := &cobra.Command{
		Use:   "lint FILE",
		Short: "Check criteria before saving them",
		Long: `Check a criteria document (Iterable criteria JSON) before saving it.

Prints each problem as "path: message", one per line, then the number of
problems, and exits 1. Clean criteria print "ok: N criteria sets, no problems"
and exit 0. A file that cannot be read, or is not a JSON object, exits 2 with
the line and column where it stops being JSON. FILE "-" reads standard input.

Lint never changes how criteria are evaluated; it only decides what may be
saved.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if eventLimit < 1 {
				fmt.Fprintf(e.stderr, "limen: --event-limit must be at least 1, not %d\n", eventLimit)
				return exitError{code: 2}
			}
			return runCriteriaLint(e, args[0], criteria.LintOptions{EventLimit: eventLimit}, asJSON)
		},
	}
	cmd.Flags().IntVar(&eventLimit, "event-limit", criteria.DefaultEventLimit, "how many events a device keeps (the project's local event limit)")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print the problems as a JSON array of {"path", "message"}`)
	return cmd
}

func runCriteriaLint(e *env, name string, opt criteria.LintOptions, asJSON bool) error {
	shown := name
	var (
		data []byte
		err  error
	)
	if name == "-" {
		shown = "stdin"
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		var pe *fs.PathError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(e.stderr, "limen: %s: no such file\n", shown)
		case errors.As(err, &pe):
			fmt.Fprintf(e.stderr, "limen: %s: %v\n", shown, pe.Err)
		default:
			fmt.Fprintf(e.stderr, "limen: %s: %v\n", shown, err)
		}
		return exitError{code: 2}
	}
	doc, err := criteria.Parse(data)
	if err != nil {
		// A *criteria.SyntaxError reads "line L, column C: message";
		// ErrNotObject says what a criteria document must be.
		fmt.Fprintf(e.stderr, "limen: %s: %v\n", shown, err)
		return exitError{code: 2}
	}
	probs := criteria.Lint(doc, opt)
	if asJSON {
		if probs == nil {
			probs = []criteria.Problem{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(probs); err != nil {
			return err
		}
	} else {
		for _, p := range probs {
			fmt.Fprintln(e.stdout, p.String())
		}
		if len(probs) == 0 {
			fmt.Fprintf(e.stdout, "ok: %s, no problems\n", lintCount(len(doc.Sets), "criteria set", "criteria sets"))
		} else {
			fmt.Fprintln(e.stdout, lintCount(len(probs), "problem", "problems"))
		}
	}
	if len(probs) > 0 {
		return exitError{code: 1}
	}
	return nil
}

// lintCount writes a count with the right form of its noun.
func lintCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
