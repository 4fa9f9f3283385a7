// Package uitest holds what the console's screen tests share: key messages
// by name and running the commands a model returns until they settle. Only
// tests import it.
package uitest

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// Key is the key message a person produces by pressing k: a name such as
// "enter", "esc", "tab", "shift+tab", "up", "ctrl+c", or the runes typed.
func Key(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"backspace": tea.KeyBackspace, "ctrl+c": tea.KeyCtrlC,
		"ctrl+r": tea.KeyCtrlR, "ctrl+u": tea.KeyCtrlU, "ctrl+s": tea.KeyCtrlS, "ctrl+e": tea.KeyCtrlE, "ctrl+p": tea.KeyCtrlP,
		"shift+up": tea.KeyShiftUp, "shift+down": tea.KeyShiftDown, "delete": tea.KeyDelete,
	}
	if t, ok := named[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	if k == "space" {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// Keys turns a sequence into key messages; "type:abc" types abc one rune at
// a time.
func Keys(keys ...string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				out = append(out, Key(string(r)))
			}
			continue
		}
		out = append(out, Key(k))
	}
	return out
}

// Collect runs a command, and the commands of a batch, and returns the
// messages they produce.
func Collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, Collect(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}
