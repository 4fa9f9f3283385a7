package visitor

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine/device"
)

// formKeys are the keys of the pickers and forms (they own every key).
type formKeys struct {
	Up, Down, Top, Bottom, Next, Prev, Left, Right, Submit, Cancel key.Binding
}

func defaultFormKeys() formKeys {
	return formKeys{
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		Top:    key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first")),
		Bottom: key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "last")),
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "change")),
		Right:  key.NewBinding(key.WithKeys("right", " ")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// pickKind says what a picker picks.
type pickKind int

const (
	pickBrowse pickKind = iota // a product to view
	pickAdd                    // a product to add to the cart
	pickDevice                 // a device to drive
)

// picker is a list to choose one row from.
type picker struct {
	kind   pickKind
	title  string
	rows   []string
	cursor int
}

func (p *picker) move(d int) { p.cursor = max(0, min(len(p.rows)-1, p.cursor+d)) }

func newInput(prompt, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	_ = in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return in
}

// fieldsForm edits profile fields as key=value pairs.
type fieldsForm struct {
	input textinput.Model
	err   string
}

// tri is an identity-resolution override: the project's default, on or off.
type tri int

const (
	triDefault tri = iota
	triOn
	triOff
)

func (t tri) String() string { return [...]string{"default", "on", "off"}[t] }

func (t tri) ptr() *bool {
	if t == triDefault {
		return nil
	}
	v := t == triOn
	return &v
}

// identifyForm asks for an email or userId and the replay/merge overrides.
type identifyForm struct {
	input         textinput.Model
	field         int // 0 the identity, 1 replay, 2 merge
	replay, merge tri
	err           string
}

func newIdentifyForm() *identifyForm {
	return &identifyForm{input: newInput("email or userId: ", "ann@example.com")}
}

// update handles a key of the identify form; done says it was submitted
// with a valid identity, cancel that it was abandoned.
func (f *identifyForm) update(k formKeys, msg tea.KeyMsg) (cmd tea.Cmd, done, cancel bool) {
	switch {
	case key.Matches(msg, k.Cancel):
		return nil, false, true
	case key.Matches(msg, k.Submit):
		if _, err := parseIdentity(f.input.Value()); err != nil {
			f.err, f.field = err.Error(), 0
			f.input.Focus()
			return nil, false, false
		}
		return nil, true, false
	case key.Matches(msg, k.Next), key.Matches(msg, k.Down):
		f.focus((f.field + 1) % 3)
		return nil, false, false
	case key.Matches(msg, k.Prev), key.Matches(msg, k.Up):
		f.focus((f.field + 2) % 3)
		return nil, false, false
	}
	if f.field > 0 {
		opt := &f.replay
		if f.field == 2 {
			opt = &f.merge
		}
		switch {
		case key.Matches(msg, k.Right):
			*opt = (*opt + 1) % 3
		case key.Matches(msg, k.Left):
			*opt = (*opt + 2) % 3
		}
		return nil, false, false
	}
	f.err = ""
	f.input, cmd = f.input.Update(msg)
	return cmd, false, false
}

func (f *identifyForm) focus(field int) {
	f.field = field
	if field == 0 {
		f.input.Focus()
	} else {
		f.input.Blur()
	}
}

// parseIdentity reads an email (it has an @) or a userId.
func parseIdentity(s string) (device.Identity, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return device.Identity{}, errors.New("type an email or a userId")
	case strings.ContainsAny(s, " \t"):
		return device.Identity{}, errors.New("an email or userId has no spaces")
	case strings.Contains(s, "@") && !regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`).MatchString(s):
		return device.Identity{}, fmt.Errorf("%q is not an email address", s)
	case strings.HasSuffix(strings.ToLower(s), "@placeholder.email"):
		return device.Identity{}, errors.New("placeholder emails cannot identify a person")
	case strings.Contains(s, "@"):
		return device.Identity{Email: s}, nil
	}
	return device.Identity{UserID: s}, nil
}

// parseFields reads "key=value, other.key=value": values that are JSON
// (numbers, true, false, null, "quoted", [..], {..}) are taken as such,
// anything else as a string; dotted keys make nested objects.
func parseFields(s string) (map[string]any, error) {
	out := map[string]any{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			return nil, fmt.Errorf("%q: write key=value", part)
		}
		var val any = v
		var j any
		if json.Unmarshal([]byte(v), &j) == nil {
			val = j
		}
		m := out
		path := strings.Split(k, ".")
		for i, seg := range path {
			if seg == "" {
				return nil, fmt.Errorf("%q: empty key segment", k)
			}
			if i == len(path)-1 {
				m[seg] = val
				break
			}
			next, ok := m[seg].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[seg] = next
			}
			m = next
		}
	}
	if len(out) == 0 {
		return nil, errors.New("type at least one key=value, e.g. city=Paris, newsletter=true")
	}
	return out, nil
}
