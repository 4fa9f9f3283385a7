package cli

import "github.com/spf13/cobra"

// newCriteriaCmd groups the criteria commands: the language (eval, lint)
// and the project's criteria sets (list, show, import, export, publish,
// backtest).
func newCriteriaCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "criteria",
		Short: "Profile creation criteria (Iterable JSON): evaluate, lint, list, show, import, export, publish, backtest",
	}
	cmd.AddCommand(newCriteriaEvalCmd(e))
	cmd.AddCommand(newCriteriaLintCmd(e))
	cmd.AddCommand(newCriteriaAdminCmds(e)...)
	return cmd
}
