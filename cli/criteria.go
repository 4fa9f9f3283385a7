package cli

import "github.com/spf13/cobra"

// newCriteriaCmd groups the criteria language commands: evaluate and lint.
func newCriteriaCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "criteria",
		Short: "Evaluate and lint profile creation criteria (Iterable criteria JSON)",
	}
	cmd.AddCommand(newCriteriaEvalCmd(e))
	cmd.AddCommand(newCriteriaLintCmd(e))
	return cmd
}
