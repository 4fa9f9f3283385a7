package profiles

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"limen/engine"
)

// Export formats.
const (
	formatCSV  = "csv"
	formatJSON = "json"
)

type exportedMsg struct {
	path string
	rows int
	err  error
}

// exportCmd writes every profile the filter matches (paged from the
// engine, not only the rows loaded) to a new file in dir named after the
// time, and reports its path.
func exportCmd(p *engine.Project, f filter, format, dir string, now time.Time, names map[string]string) tea.Cmd {
	return func() tea.Msg {
		path, n, err := exportProfiles(p, f, format, dir, now, names)
		return exportedMsg{path: path, rows: n, err: err}
	}
}

func exportProfiles(p *engine.Project, f filter, format, dir string, now time.Time, names map[string]string) (string, int, error) {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", 0, err
	}
	file, path, err := createExportFile(dir, "profiles-"+now.UTC().Format("20060102-150405"), format)
	if err != nil {
		return "", 0, err
	}
	n, err := writeExport(file, p, f, format, names)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return "", 0, err
	}
	if abs, aerr := filepath.Abs(path); aerr == nil {
		path = abs
	}
	return path, n, nil
}

// createExportFile creates base.ext in dir, or base-2.ext, base-3.ext …
// when it exists: an export never overwrites another.
func createExportFile(dir, base, ext string) (*os.File, string, error) {
	for i := 1; i < 1000; i++ {
		name := base + "." + ext
		if i > 1 {
			name = fmt.Sprintf("%s-%d.%s", base, i, ext)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, path, err
	}
	return nil, "", fmt.Errorf("too many exports named %s in %s", base, dir)
}

// exportHeader is the CSV header.
func exportHeader() []string {
	return []string{"id", "userId", "email", "placeholder", "kind", "criteriaId", "criteriaName",
		"createdAt", "lastActivity", "eventCount", "mergedFrom"}
}

// writeExport pages through the filtered listing and writes every row.
func writeExport(w io.Writer, p *engine.Project, f filter, format string, names map[string]string) (int, error) {
	var cw *csv.Writer
	var enc *json.Encoder
	if format == formatCSV {
		cw = csv.NewWriter(w)
		if err := cw.Write(exportHeader()); err != nil {
			return 0, err
		}
	} else {
		enc = json.NewEncoder(w)
		if _, err := io.WriteString(w, "[\n"); err != nil {
			return 0, err
		}
	}
	n := 0
	var after engine.Cursor
	for {
		page, next, err := p.ListProfiles(f.query(after, 1000))
		if err != nil {
			return n, err
		}
		for _, pr := range page {
			if cw != nil {
				err = cw.Write(csvRow(pr, names))
			} else {
				if n > 0 {
					_, err = io.WriteString(w, ",\n")
				}
				if err == nil {
					err = enc.Encode(pr)
				}
			}
			if err != nil {
				return n, err
			}
			n++
		}
		if next == "" || len(page) == 0 {
			break
		}
		after = next
	}
	if cw != nil {
		cw.Flush()
		return n, cw.Error()
	}
	_, err := io.WriteString(w, "]\n")
	return n, err
}

func csvRow(p engine.Profile, names map[string]string) []string {
	merged := ""
	for i, u := range p.MergedFrom {
		if i > 0 {
			merged += " "
		}
		merged += u
	}
	activity := ""
	if !p.LastActivity.IsZero() {
		activity = p.LastActivity.UTC().Format(time.RFC3339)
	}
	return []string{strconv.FormatUint(p.ID, 10), p.UserID, p.Email, strconv.FormatBool(p.Placeholder), p.Kind,
		p.MatchedCriteriaID, names[p.MatchedCriteriaID], p.CreatedAt.UTC().Format(time.RFC3339), activity,
		strconv.Itoa(p.EventCount), merged}
}

type copiedMsg struct {
	what, text string
}

// copyCmd puts text on the clipboard with an OSC 52 escape sequence,
// written to the terminal in one write between two frames: the sequence
// moves no cursor and prints nothing, so the screen is untouched, and
// terminals without OSC 52 ignore it. Under tmux (TERM=screen…) termenv
// wraps it for tmux to pass on.
func copyCmd(w io.Writer, what, text string) tea.Cmd {
	return func() tea.Msg {
		termenv.NewOutput(w, termenv.WithProfile(termenv.Ascii)).Copy(text)
		return copiedMsg{what: what, text: text}
	}
}
