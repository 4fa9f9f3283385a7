package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"limen/engine/criteria"
)

type evalFlags struct {
	batch      bool
	criteria   string
	events     string
	userUpdate string
	explain    bool
	json       bool
}

func newCriteriaEvalCmd(e *env) *cobra.Command {
	var f evalFlags
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Evaluate criteria against a visitor's stored data",
		Long: `Evaluate criteria against a visitor's stored events and profile update.

One visitor:
  limen criteria eval --criteria FILE --events FILE [--user-update FILE] [--explain]
prints the matched criteriaId, or "no match"; exit 0 on a match, 1 on no match,
2 on bad input. --explain prints the verdict tree: each node, each condition
block's count against the count required, and the events that satisfied it.

Many (the conformance and benchmarking interface):
  limen criteria eval --batch [FILE|-]
reads JSON lines {"id", "criteria", "events", "userUpdate"} and writes one line
{"id", "match": "<criteriaId>"|null} per input, in input order; a malformed
line gives {"id", "error": "..."} and processing continues.

Stored events may be in the format of any of Iterable's three SDKs.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.batch {
				if f.criteria != "" || f.events != "" || f.userUpdate != "" || f.explain {
					return usageError(e, "--batch reads everything from its input; it takes no --criteria, --events, --user-update or --explain")
				}
				name := "-"
				if len(args) == 1 {
					name = args[0]
				}
				return runBatch(e, name)
			}
			if len(args) > 0 {
				return usageError(e, "a file argument is only for --batch; use --criteria and --events")
			}
			if f.criteria == "" || f.events == "" {
				return usageError(e, "need --criteria FILE and --events FILE (or --batch)")
			}
			return runEvalOne(e, f)
		},
	}
	cmd.Flags().BoolVar(&f.batch, "batch", false, "read JSON lines from FILE or standard input and write one result line each")
	cmd.Flags().StringVar(&f.criteria, "criteria", "", "criteria document (Iterable JSON)")
	cmd.Flags().StringVar(&f.events, "events", "", "stored events: a JSON array")
	cmd.Flags().StringVar(&f.userUpdate, "user-update", "", "the merged profile-update object (JSON)")
	cmd.Flags().BoolVar(&f.explain, "explain", false, "print the verdict tree")
	cmd.Flags().BoolVar(&f.json, "json", false, "with --explain, print the verdict tree as JSON")
	return cmd
}

// usageError prints a one-line complaint and exits 2.
func usageError(e *env, msg string) error {
	fmt.Fprintf(e.stderr, "limen: %s\n", msg)
	return exitError{code: 2}
}

// readInput reads a named file, or standard input for "-".
func readInput(e *env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(name)
}

// badInput reports a file that cannot be used, saying which and where.
func badInput(e *env, name string, err error) error {
	var se *criteria.SyntaxError
	switch {
	case errors.As(err, &se):
		fmt.Fprintf(e.stderr, "limen: %s: not JSON: %v\n", name, se)
	case errors.Is(err, os.ErrNotExist):
		fmt.Fprintf(e.stderr, "limen: %s: no such file\n", name)
	default:
		fmt.Fprintf(e.stderr, "limen: %s: %v\n", name, err)
	}
	return exitError{code: 2}
}

func runEvalOne(e *env, f evalFlags) error {
	raw, err := readInput(e, f.criteria)
	if err != nil {
		return badInput(e, f.criteria, err)
	}
	doc, err := criteria.Parse(raw)
	if err != nil {
		return badInput(e, f.criteria, err)
	}
	raw, err = readInput(e, f.events)
	if err != nil {
		return badInput(e, f.events, err)
	}
	events, err := criteria.DecodeEvents(raw)
	if err != nil {
		return badInput(e, f.events, err)
	}
	var update any
	if f.userUpdate != "" {
		if raw, err = readInput(e, f.userUpdate); err != nil {
			return badInput(e, f.userUpdate, err)
		}
		if update, err = criteria.DecodeUserUpdate(raw); err != nil {
			return badInput(e, f.userUpdate, err)
		}
	}
	compiled := criteria.Compile(doc)
	recs := criteria.NewRecords(events, update)
	var matched bool
	if f.explain {
		ex := compiled.Explain(recs)
		matched = ex.Matched
		if f.json {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			err = enc.Encode(ex)
		} else {
			err = ex.WriteText(e.stdout)
		}
		if err != nil {
			return err
		}
	} else {
		id, ok := compiled.Match(recs)
		matched = ok
		if ok {
			fmt.Fprintln(e.stdout, id)
		} else {
			fmt.Fprintln(e.stdout, "no match")
		}
	}
	if !matched {
		return exitError{code: 1}
	}
	return nil
}

func runBatch(e *env, name string) error {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return badInput(e, name, err)
		}
		defer f.Close()
		r = f
	}
	if err := criteria.EvalBatch(r, e.stdout, 0); err != nil {
		fmt.Fprintf(e.stderr, "limen: %s: %v\n", name, err)
		return exitError{code: 2}
	}
	return nil
}
