package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Level of a notification.
type Level int

// Notification levels.
const (
	LevelInfo Level = iota
	LevelSuccess
	LevelWarn
	LevelError
)

// NotifyMsg asks the shell to show a short-lived notification. Screens
// return it from commands (see Notify).
type NotifyMsg struct {
	Level Level
	Text  string
}

// Notify is a command that shows a notification.
func Notify(level Level, text string) tea.Cmd {
	return func() tea.Msg { return NotifyMsg{Level: level, Text: text} }
}

// notification is one shown notification; id lets its expiry find it.
type notification struct {
	id      int
	level   Level
	text    string
	expires time.Time
}

type expireMsg struct{ id int }

// notificationTTL is how long a notification stays, by level: errors stay
// longer so they can be read.
func notificationTTL(l Level) time.Duration {
	if l == LevelError {
		return 8 * time.Second
	}
	return 4 * time.Second
}

func (n notification) glyph() string {
	switch n.level {
	case LevelSuccess:
		return "✓"
	case LevelWarn:
		return "!"
	case LevelError:
		return "✗"
	}
	return "•"
}
