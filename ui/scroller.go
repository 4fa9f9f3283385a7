package ui

import "strings"

// Scroller is a window of Height lines over Lines; Follow keeps it on the
// last line as lines are added (it is set again by scrolling to the end).
type Scroller struct {
	Lines  []string
	Offset int
	Height int
	Follow bool
}

func (s *Scroller) maxOffset() int { return max(0, len(s.Lines)-s.Height) }

// AtBottom reports whether the last line is shown.
func (s *Scroller) AtBottom() bool { return s.Offset >= s.maxOffset() }

// SetLines replaces the lines, keeping the window in range (at the end when
// following).
func (s *Scroller) SetLines(lines []string) {
	s.Lines = lines
	if s.Follow {
		s.Offset = s.maxOffset()
	}
	s.Offset = max(0, min(s.Offset, s.maxOffset()))
}

// Scroll moves the window d lines (up when negative).
func (s *Scroller) Scroll(d int) {
	s.Offset = max(0, min(s.maxOffset(), s.Offset+d))
	s.Follow = s.AtBottom()
}

// Page moves the window a page less one line, down when dir > 0.
func (s *Scroller) Page(dir int) { s.Scroll(dir * max(1, s.Height-1)) }

// Top and Bottom move the window to the first or last lines.
func (s *Scroller) Top()    { s.Scroll(-len(s.Lines)) }
func (s *Scroller) Bottom() { s.Scroll(len(s.Lines)) }

// View is the lines in the window.
func (s *Scroller) View() string {
	return strings.Join(s.Lines[s.Offset:min(len(s.Lines), s.Offset+s.Height)], "\n")
}
