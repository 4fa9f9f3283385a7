// Package ui is limen's console: a Bubble Tea program with one screen per
// tab over the in-process engine. Screens read through the engine in
// commands, never in Update or View.
package ui

import "github.com/charmbracelet/lipgloss"

// Theme is the semantic colour tokens, each with a light and a dark variant.
// Views use Styles built from it, never literal colours.
type Theme struct {
	Text, Muted, Subtle lipgloss.AdaptiveColor
	Accent, AccentText  lipgloss.AdaptiveColor
	Border              lipgloss.AdaptiveColor
	Selected            lipgloss.AdaptiveColor
	Info, Success, Warn lipgloss.AdaptiveColor
	Error               lipgloss.AdaptiveColor
	Unknown, Known      lipgloss.AdaptiveColor
}

// DefaultTheme is limen's palette.
func DefaultTheme() Theme {
	return Theme{
		Text:       lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#E6EDF3"},
		Muted:      lipgloss.AdaptiveColor{Light: "#57606A", Dark: "#8B949E"},
		Subtle:     lipgloss.AdaptiveColor{Light: "#D0D7DE", Dark: "#30363D"},
		Accent:     lipgloss.AdaptiveColor{Light: "#8250DF", Dark: "#A371F7"},
		AccentText: lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#0D1117"},
		Border:     lipgloss.AdaptiveColor{Light: "#D0D7DE", Dark: "#3D444D"},
		Selected:   lipgloss.AdaptiveColor{Light: "#DDF4FF", Dark: "#1F2A3A"},
		Info:       lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"},
		Success:    lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#3FB950"},
		Warn:       lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#D29922"},
		Error:      lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#F85149"},
		Unknown:    lipgloss.AdaptiveColor{Light: "#BC4C00", Dark: "#F0883E"},
		Known:      lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"},
	}
}

// Styles are the lipgloss styles every view uses, built once from a Theme.
type Styles struct {
	App          lipgloss.Style
	Tab          lipgloss.Style
	ActiveTab    lipgloss.Style
	TabBar       lipgloss.Style
	StatusBar    lipgloss.Style
	StatusKey    lipgloss.Style
	Title        lipgloss.Style
	Muted        lipgloss.Style
	Subtle       lipgloss.Style
	Accent       lipgloss.Style
	Selected     lipgloss.Style
	Panel        lipgloss.Style
	FocusedPanel lipgloss.Style
	Dialog       lipgloss.Style
	Info         lipgloss.Style
	Success      lipgloss.Style
	Warn         lipgloss.Style
	Error        lipgloss.Style
	Unknown      lipgloss.Style
	Known        lipgloss.Style
	Header       lipgloss.Style
}

// NewStyles builds the styles of a theme.
func NewStyles(t Theme) Styles {
	base := lipgloss.NewStyle().Foreground(t.Text)
	return Styles{
		App:          base,
		Tab:          lipgloss.NewStyle().Foreground(t.Muted).Padding(0, 1),
		ActiveTab:    lipgloss.NewStyle().Foreground(t.AccentText).Background(t.Accent).Bold(true).Padding(0, 1),
		TabBar:       lipgloss.NewStyle().BorderStyle(lipgloss.NormalBorder()).BorderBottom(true).BorderForeground(t.Border),
		StatusBar:    lipgloss.NewStyle().Foreground(t.Muted),
		StatusKey:    lipgloss.NewStyle().Foreground(t.Accent).Bold(true),
		Title:        lipgloss.NewStyle().Foreground(t.Accent).Bold(true),
		Muted:        lipgloss.NewStyle().Foreground(t.Muted),
		Subtle:       lipgloss.NewStyle().Foreground(t.Subtle),
		Accent:       lipgloss.NewStyle().Foreground(t.Accent),
		Selected:     lipgloss.NewStyle().Background(t.Selected).Bold(true),
		Panel:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Border).Padding(0, 1),
		FocusedPanel: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Accent).Padding(0, 1),
		Dialog:       lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(t.Accent).Padding(1, 2),
		Info:         lipgloss.NewStyle().Foreground(t.Info),
		Success:      lipgloss.NewStyle().Foreground(t.Success),
		Warn:         lipgloss.NewStyle().Foreground(t.Warn),
		Error:        lipgloss.NewStyle().Foreground(t.Error).Bold(true),
		Unknown:      lipgloss.NewStyle().Foreground(t.Unknown),
		Known:        lipgloss.NewStyle().Foreground(t.Known),
		Header:       lipgloss.NewStyle().Foreground(t.Muted).Bold(true),
	}
}
