package ui

import "testing"

func TestScrollerFollowsUntilScrolledUp(t *testing.T) {
	s := Scroller{Height: 2, Follow: true}
	s.SetLines([]string{"a", "b", "c"})
	if s.View() != "b\nc" {
		t.Fatalf("following: %q", s.View())
	}
	s.Scroll(-1)
	s.SetLines([]string{"a", "b", "c", "d"})
	if s.View() != "a\nb" || s.Follow {
		t.Fatalf("scrolled up, then a line added: %q follow %v", s.View(), s.Follow)
	}
	s.Bottom()
	if s.View() != "c\nd" || !s.Follow || !s.AtBottom() {
		t.Fatalf("bottom: %q follow %v", s.View(), s.Follow)
	}
	s.Page(-1)
	s.Top()
	if s.Offset != 0 {
		t.Fatalf("top: offset %d", s.Offset)
	}
	s.SetLines(nil)
	if s.View() != "" || s.Offset != 0 {
		t.Fatalf("emptied: %q %d", s.View(), s.Offset)
	}
}
