package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size the console lays out in.
const (
	MinWidth  = 72
	MinHeight = 18
)

// App is the console's root model: a tab bar over one screen per tab, a
// status bar, notifications, full help, a command palette and the quit
// confirmation. Its Update only dispatches; each concern has its handler.
type App struct {
	styles  Styles
	keys    globalKeys
	help    help.Model
	screens []Screen
	active  int

	width, height int
	showHelp      bool
	palette       *palette
	confirmQuit   *confirmDialog

	notes  []notification
	nextID int
	now    func() time.Time
	// status is the left side of the status bar: what the console is open on.
	status string
}

// NewApp builds the shell over its screens. status describes the data the
// console is open on (shown in the status bar).
func NewApp(styles Styles, status string, screens ...Screen) *App {
	h := help.New()
	h.Styles.ShortKey = styles.StatusKey
	h.Styles.FullKey = styles.StatusKey
	h.Styles.ShortDesc = styles.Muted
	h.Styles.FullDesc = styles.Muted
	return &App{styles: styles, keys: defaultGlobalKeys(), help: h, screens: screens, now: time.Now, status: status}
}

// Focus makes the i-th screen the active tab (the console opens on
// Profiles, the living demo, while tabs keep the order).
func (a *App) Focus(i int) {
	if i >= 0 && i < len(a.screens) {
		a.active = i
	}
}

// Init starts every screen, and tells those that care whether they are
// on screen.
func (a *App) Init() tea.Cmd {
	cmds := make([]tea.Cmd, 0, 2*len(a.screens))
	for i, s := range a.screens {
		cmds = append(cmds, s.Init())
		if v, ok := s.(Visible); ok {
			cmds = append(cmds, v.SetActive(i == a.active))
		}
	}
	return tea.Batch(cmds...)
}

// Visible is a screen that wants to know when it is shown or hidden (to
// poll live figures only while they are on screen).
type Visible interface {
	SetActive(on bool) tea.Cmd
}

// switchTo makes the i-th screen the active tab, telling the screens
// that care.
func (a *App) switchTo(i int) tea.Cmd {
	if i == a.active {
		return nil
	}
	var cmds []tea.Cmd
	if v, ok := a.screens[a.active].(Visible); ok {
		cmds = append(cmds, v.SetActive(false))
	}
	a.active = i
	if v, ok := a.screens[i].(Visible); ok {
		cmds = append(cmds, v.SetActive(true))
	}
	return tea.Batch(cmds...)
}

// Update dispatches a message to its handler.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return a, a.resize(msg.Width, msg.Height)
	case NotifyMsg:
		return a, a.notify(msg)
	case expireMsg:
		a.expire(msg.id)
		return a, nil
	case tea.KeyMsg:
		return a, a.handleKey(msg)
	}
	return a, a.broadcast(msg)
}

// broadcast sends a non-key message to every screen: data and resize
// messages concern them all, and each screen ignores what is not its own.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, len(a.screens))
	for i, s := range a.screens {
		a.screens[i], cmds[i] = s.Update(msg)
	}
	return tea.Batch(cmds...)
}

func (a *App) resize(w, h int) tea.Cmd {
	a.width, a.height = w, h
	a.help.Width = w
	for _, s := range a.screens {
		s.SetSize(a.contentSize())
	}
	return nil
}

// contentSize is the area left to a screen: the window less the tab bar
// (two lines) and the status bar (one line).
func (a *App) contentSize() (int, int) {
	return a.width, max(0, a.height-3)
}

func (a *App) current() Screen {
	if len(a.screens) == 0 {
		return nil
	}
	return a.screens[a.active]
}

func (a *App) handleKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, a.keys.ForceQuit) && a.confirmQuit == nil {
		return a.requestQuit()
	}
	switch {
	case a.confirmQuit != nil:
		return a.handleConfirm(msg)
	case a.palette != nil:
		return a.handlePalette(msg)
	case a.showHelp:
		if key.Matches(msg, a.keys.Help) || msg.Type == tea.KeyEsc || key.Matches(msg, a.keys.Quit) {
			a.showHelp = false
		}
		return nil
	}
	cur := a.current()
	if cur != nil && cur.Typing() {
		// Typing wins: every key goes to the focused input.
		var cmd tea.Cmd
		a.screens[a.active], cmd = cur.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, a.keys.Quit):
		return a.requestQuit()
	case key.Matches(msg, a.keys.Help):
		a.showHelp = true
		return nil
	case key.Matches(msg, a.keys.Palette):
		a.palette = newPalette(a.styles, a.commands())
		return nil
	case key.Matches(msg, a.keys.NextTab) && len(a.screens) > 1:
		return a.switchTo((a.active + 1) % len(a.screens))
	case key.Matches(msg, a.keys.PrevTab) && len(a.screens) > 1:
		return a.switchTo((a.active + len(a.screens) - 1) % len(a.screens))
	}
	if cur == nil {
		return nil
	}
	var cmd tea.Cmd
	a.screens[a.active], cmd = cur.Update(msg)
	return cmd
}

// requestQuit quits at once unless a screen holds unsaved work; then it asks,
// with "no" preselected.
func (a *App) requestQuit() tea.Cmd {
	var lost []string
	for _, s := range a.screens {
		if u := s.Unsaved(); u != "" {
			lost = append(lost, u)
		}
	}
	if len(lost) == 0 {
		return tea.Quit
	}
	a.confirmQuit = newConfirm("Quit and lose "+strings.Join(lost, " and ")+"?", "quit", "keep working")
	return nil
}

func (a *App) handleConfirm(msg tea.KeyMsg) tea.Cmd {
	done, yes := a.confirmQuit.update(msg)
	if !done {
		return nil
	}
	a.confirmQuit = nil
	if yes {
		return tea.Quit
	}
	return nil
}

func (a *App) notify(n NotifyMsg) tea.Cmd {
	a.nextID++
	id := a.nextID
	ttl := notificationTTL(n.Level)
	a.notes = append(a.notes, notification{id: id, level: n.Level, text: n.Text, expires: a.now().Add(ttl)})
	if len(a.notes) > 3 {
		a.notes = a.notes[len(a.notes)-3:]
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return expireMsg{id: id} })
}

func (a *App) expire(id int) {
	for i, n := range a.notes {
		if n.id == id {
			a.notes = append(a.notes[:i], a.notes[i+1:]...)
			return
		}
	}
}

// commands are the palette's entries: the shell's, then the current screen's.
func (a *App) commands() []Command {
	var cmds []Command
	for i, s := range a.screens {
		cmds = append(cmds, Command{Name: "go to " + s.Title(), Help: "switch tab", Run: func() tea.Cmd {
			return a.switchTo(i)
		}})
	}
	cmds = append(cmds,
		Command{Name: "help", Help: "show every key", Run: func() tea.Cmd { a.showHelp = true; return nil }},
		Command{Name: "quit", Help: "leave limen", Run: a.requestQuit},
	)
	if cur := a.current(); cur != nil {
		cmds = append(cmds, cur.Commands()...)
	}
	return cmds
}

func (a *App) handlePalette(msg tea.KeyMsg) tea.Cmd {
	run, closed := a.palette.update(msg)
	if closed {
		a.palette = nil
	}
	if run != nil {
		return run()
	}
	return nil
}

// View draws the whole console.
func (a *App) View() string {
	if a.width == 0 {
		return ""
	}
	if a.width < MinWidth || a.height < MinHeight {
		return a.tooSmall()
	}
	body := ""
	if cur := a.current(); cur != nil {
		body = cur.View()
	}
	_, h := a.contentSize()
	body = lipgloss.NewStyle().Width(a.width).Height(h).MaxHeight(h).Render(body)
	switch {
	case a.confirmQuit != nil:
		body = a.overlay(a.confirmQuit.view(a.styles), h)
	case a.palette != nil:
		body = a.overlay(a.palette.view(a.width), h)
	case a.showHelp:
		body = a.overlay(a.fullHelp(), h)
	}
	return lipgloss.JoinVertical(lipgloss.Left, a.tabBar(), body, a.statusBar())
}

// overlay centres a box over the body area, clipped to it so that the tab
// bar and the status bar always stay on screen.
func (a *App) overlay(box string, h int) string {
	placed := lipgloss.Place(a.width, h, lipgloss.Center, lipgloss.Center, box)
	return lipgloss.NewStyle().MaxHeight(h).MaxWidth(a.width).Render(placed)
}

func (a *App) tooSmall() string {
	msg := fmt.Sprintf("terminal too small (need %d×%d, have %d×%d)\n\nmake the window larger, or press q to quit",
		MinWidth, MinHeight, a.width, a.height)
	return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, a.styles.Warn.Render(msg))
}

func (a *App) tabBar() string {
	tabs := []string{a.styles.Title.Render("limen")}
	for i, s := range a.screens {
		label := s.Title()
		if b := s.Badge(); b != "" {
			label += " " + b
		}
		if i == a.active {
			tabs = append(tabs, a.styles.ActiveTab.Render("▸ "+label))
		} else {
			tabs = append(tabs, a.styles.Tab.Render("  "+label))
		}
	}
	return a.styles.TabBar.Width(a.width).Render(lipgloss.JoinHorizontal(lipgloss.Top, tabs...))
}

func (a *App) statusBar() string {
	left := a.styles.StatusBar.Render(a.status)
	if n := len(a.notes); n > 0 {
		note := a.notes[n-1]
		st := a.styles.Info
		switch note.level {
		case LevelSuccess:
			st = a.styles.Success
		case LevelWarn:
			st = a.styles.Warn
		case LevelError:
			st = a.styles.Error
		}
		left = st.Render(note.glyph() + " " + note.text)
	}
	var keys help.KeyMap = a.keys
	if cur := a.current(); cur != nil {
		keys = cur
	}
	right := a.help.ShortHelpView(append(keys.ShortHelp(), a.keys.Help))
	if len(a.notes) > 0 {
		// A notification is short-lived: it gets the room, the help waits.
		right = a.help.ShortHelpView([]key.Binding{a.keys.Help})
	}
	if lipgloss.Width(right) > a.width-1 {
		right = truncate(right, a.width-1)
	}
	gap := a.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		left = truncate(left, max(0, a.width-lipgloss.Width(right)-1))
		gap = max(1, a.width-lipgloss.Width(left)-lipgloss.Width(right))
	}
	return left + strings.Repeat(" ", gap) + right
}

// fullHelp is every key of the current screen, then the shell's, generated
// from their key maps; compact enough for the smallest console.
func (a *App) fullHelp() string {
	h := a.help
	h.Width = a.width - 6
	var b strings.Builder
	if cur := a.current(); cur != nil {
		b.WriteString(a.styles.Header.Render(cur.Title()) + "\n")
		b.WriteString(h.FullHelpView(cur.FullHelp()) + "\n\n")
	}
	b.WriteString(a.styles.Header.Render("everywhere") + "\n")
	b.WriteString(h.FullHelpView(a.keys.FullHelp()) + "\n")
	b.WriteString(a.styles.Muted.Render("? or esc to close"))
	return a.styles.FocusedPanel.Render(b.String())
}

// truncate cuts s (which may carry styles) to width cells, with an ellipsis.
func truncate(s string, width int) string { return ansi.Truncate(s, width, "…") }
