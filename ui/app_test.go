package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// stubScreen is a screen for testing the shell alone.
type stubScreen struct {
	title, unsaved string
	typing         bool
	keys           []string
	w, h           int
}

func (s *stubScreen) Init() tea.Cmd { return nil }
func (s *stubScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		s.keys = append(s.keys, k.String())
	}
	return s, nil
}
func (s *stubScreen) View() string              { return "content of " + s.title }
func (s *stubScreen) SetSize(w, h int)          { s.w, s.h = w, h }
func (s *stubScreen) ShortHelp() []key.Binding  { return nil }
func (s *stubScreen) FullHelp() [][]key.Binding { return nil }
func (s *stubScreen) Title() string             { return s.title }
func (s *stubScreen) Badge() string             { return "3" }
func (s *stubScreen) Typing() bool              { return s.typing }
func (s *stubScreen) Unsaved() string           { return s.unsaved }
func (s *stubScreen) Commands() []Command       { return nil }

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func newTestApp(screens ...Screen) *App {
	a := NewApp(NewStyles(DefaultTheme()), "in memory", screens...)
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return a
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestTooSmall(t *testing.T) {
	a := newTestApp(&stubScreen{title: "Profiles"})
	a.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	if v := a.View(); !strings.Contains(v, "terminal too small (need 72×18") {
		t.Fatalf("view at 40×10:\n%s", v)
	}
}

func TestResizeGivesScreensTheContentArea(t *testing.T) {
	s := &stubScreen{title: "Profiles"}
	a := newTestApp(s)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if s.w != 120 || s.h != 37 {
		t.Fatalf("screen got %d×%d, want 120×37", s.w, s.h)
	}
	if got := strings.Count(a.View(), "\n") + 1; got != 40 {
		t.Fatalf("view has %d lines, want 40", got)
	}
}

func TestQuitAsksOnlyWhenWorkWouldBeLost(t *testing.T) {
	a := newTestApp(&stubScreen{title: "Profiles"})
	if _, cmd := a.Update(keyMsg("q")); !isQuit(cmd) {
		t.Fatal("q did not quit with nothing unsaved")
	}
	a = newTestApp(&stubScreen{title: "Criteria", unsaved: "a draft of set 101"})
	if _, cmd := a.Update(keyMsg("q")); isQuit(cmd) {
		t.Fatal("quit without asking while a draft was unsaved")
	}
	if v := a.View(); !strings.Contains(v, "Quit and lose a draft of set 101?") || !strings.Contains(v, "▸ (n) keep working") {
		t.Fatalf("dialog missing or not on the safe answer:\n%s", v)
	}
	if _, cmd := a.Update(keyMsg("enter")); isQuit(cmd) {
		t.Fatal("enter on the preselected answer quit")
	}
	a.Update(keyMsg("q"))
	if _, cmd := a.Update(keyMsg("y")); !isQuit(cmd) {
		t.Fatal("y did not quit")
	}
}

func TestTypingWins(t *testing.T) {
	s := &stubScreen{title: "Profiles", typing: true}
	a := newTestApp(s, &stubScreen{title: "Other"})
	for _, k := range []string{"q", "?", ":", "tab"} {
		if _, cmd := a.Update(keyMsg(k)); isQuit(cmd) {
			t.Fatalf("%q quit from a text input", k)
		}
	}
	if strings.Join(s.keys, ",") != "q,?,:,tab" || a.showHelp || a.palette != nil || a.active != 0 {
		t.Fatalf("keys reached the input: %v; help %v palette %v tab %d", s.keys, a.showHelp, a.palette != nil, a.active)
	}
}

func TestTabsHelpAndPalette(t *testing.T) {
	a := newTestApp(&stubScreen{title: "Profiles"}, &stubScreen{title: "Criteria"})
	a.Update(keyMsg("tab"))
	if a.active != 1 || !strings.Contains(a.View(), "▸ Criteria 3") {
		t.Fatalf("tab did not move to Criteria:\n%s", a.View())
	}
	a.Update(keyMsg("?"))
	if !strings.Contains(a.View(), "everywhere") {
		t.Fatalf("? did not show help:\n%s", a.View())
	}
	a.Update(keyMsg("esc"))
	a.Update(keyMsg(":"))
	for _, r := range "go to prof" {
		a.Update(keyMsg(string(r)))
	}
	if v := a.View(); !strings.Contains(v, "▸ go to Profiles") {
		t.Fatalf("palette did not filter to the Profiles command:\n%s", v)
	}
	a.Update(keyMsg("enter"))
	if a.active != 0 || a.palette != nil {
		t.Fatalf("palette command did not run: active %d", a.active)
	}
}

func TestNotificationsShowAndExpire(t *testing.T) {
	a := newTestApp(&stubScreen{title: "Profiles"})
	_, cmd := a.Update(NotifyMsg{Level: LevelError, Text: "export failed"})
	if cmd == nil || !strings.Contains(a.View(), "✗ export failed") {
		t.Fatalf("notification not shown:\n%s", a.View())
	}
	a.Update(expireMsg{id: a.nextID})
	if strings.Contains(a.View(), "export failed") {
		t.Fatal("notification did not expire")
	}
}

// visibleScreen records what the shell told it about being on screen.
type visibleScreen struct {
	stubScreen
	shown []bool
}

func (s *visibleScreen) SetActive(on bool) tea.Cmd { s.shown = append(s.shown, on); return nil }

func TestScreensAreToldWhenShown(t *testing.T) {
	v := &visibleScreen{stubScreen: stubScreen{title: "Messages"}}
	a := newTestApp(&stubScreen{title: "Profiles"}, v)
	a.Init()
	a.Update(keyMsg("tab"))
	a.Update(keyMsg("tab"))
	a.Update(keyMsg(":"))
	for _, r := range "go to mess" {
		a.Update(keyMsg(string(r)))
	}
	a.Update(keyMsg("enter"))
	if want := []bool{false, true, false, true}; len(v.shown) != len(want) || v.shown[1] != true || v.shown[2] != false || v.shown[3] != true {
		t.Fatalf("told %v, want %v", v.shown, want)
	}
}
