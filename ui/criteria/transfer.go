package criteria

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/criteria"
	"limen/ui"
)

// importer takes a file path or pasted criteria JSON.
type importer struct {
	area textarea.Model
	err  string
}

func (m *Model) startImport() {
	a := textarea.New()
	a.Placeholder = "a file path, or paste Iterable criteria JSON"
	a.ShowLineNumbers = false
	_ = a.Cursor.SetMode(cursor.CursorStatic)
	a.Focus()
	m.imp = &importer{area: a}
	m.layout()
}

func (im *importer) setSize(w, h int) {
	im.area.SetWidth(max(10, w))
	im.area.SetHeight(max(2, min(12, h-12)))
}

// importKey: ctrl+s imports; enter imports a one-line path; esc cancels.
func (m *Model) importKey(msg tea.KeyMsg) tea.Cmd {
	im := m.imp
	text := strings.TrimSpace(im.area.Value())
	switch {
	case msg.Type == tea.KeyEsc:
		m.imp = nil
		return nil
	case msg.Type == tea.KeyCtrlS, msg.Type == tea.KeyEnter && text != "" && !strings.ContainsAny(text, "{\n"):
		if text == "" {
			im.err = "type a path or paste JSON first"
			return nil
		}
		m.opReq = m.nextReq()
		return importCmd(m.ctx.Project, m.opReq, text)
	}
	var cmd tea.Cmd
	im.area, cmd = im.area.Update(msg)
	return cmd
}

type importMsg struct {
	req      int
	sets     int
	problems []criteria.Problem
	err      error
}

// importCmd reads the file (or takes the text), lints the document and,
// only when it has no problems, imports its sets as drafts.
func importCmd(p *engine.Project, req int, text string) tea.Cmd {
	return func() tea.Msg {
		msg := importMsg{req: req}
		data := []byte(text)
		if !strings.HasPrefix(text, "{") {
			b, err := os.ReadFile(text)
			if err != nil {
				msg.err = err
				return msg
			}
			data = b
		}
		doc, err := criteria.Parse(bytes.TrimSpace(data))
		if err != nil {
			msg.err = err
			return msg
		}
		if msg.problems = criteria.Lint(doc, criteria.LintOptions{EventLimit: p.Settings().EventLimit}); len(msg.problems) > 0 {
			return msg
		}
		msg.sets = len(doc.Sets)
		msg.err = p.ImportCriteria(data, false)
		msg.problems = problemsOf(msg.err)
		return msg
	}
}

func (m *Model) gotImport(msg importMsg) tea.Cmd {
	if msg.req != m.opReq || m.imp == nil {
		return nil
	}
	switch {
	case len(msg.problems) > 0:
		m.imp = nil
		m.showProblems("Not imported: "+plural(len(msg.problems), "problem")+" (nothing was saved)", msg.problems)
		return nil
	case msg.err != nil:
		m.imp.err = msg.err.Error()
		return nil
	}
	m.imp = nil
	return tea.Batch(ui.Notify(ui.LevelSuccess, "imported "+plural(msg.sets, "set")+" as drafts; P publishes each"), m.reload())
}

func (m *Model) importView() string {
	s := m.styles
	lines := []string{s.Title.Render("Import criteria"), "", m.imp.area.View(), ""}
	if m.imp.err != "" {
		lines = append(lines, s.Error.Render(truncate("✗ "+m.imp.err, m.dialogInner())))
	}
	lines = append(lines, s.Muted.Render("enter imports a path · ctrl+s imports pasted JSON · esc cancels"))
	return strings.Join(lines, "\n")
}

// exportCmd writes the published document, exactly as devices are served
// it, to dir and says where.
func exportCmd(p *engine.Project, req int, dir string, now func() time.Time) tea.Cmd {
	return func() tea.Msg {
		msg := opMsg{req: req, what: "export"}
		pub := p.PublishedCriteria()
		if now == nil {
			now = time.Now
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			msg.err = err
			return msg
		}
		path := filepath.Join(dir, fmt.Sprintf("criteria-v%d-%s.json", pub.Version, now().UTC().Format("20060102-150405")))
		if err := os.WriteFile(path, pub.JSON, 0o644); err != nil {
			msg.err = err
			return msg
		}
		msg.note = fmt.Sprintf("exported published criteria version %d to %s", pub.Version, path)
		return msg
	}
}
