// Command limen is a terminal console for Unknown User Activation: visitors who
// consent keep their activity on their device, and the moment it satisfies a
// profile creation criteria set they become unknown profiles that can be
// messaged, converted and merged. See README.md.
package main

import (
	"os"

	"limen/cli"
)

func main() {
	os.Exit(cli.Execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
