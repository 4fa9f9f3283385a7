package simulator

// SideBySideWidth is the least width at which the log (or the inspector)
// sits right of the figures; narrower, it goes below them.
const SideBySideWidth = 120

// Fixed parts of the layout.
const (
	headerH     = 2  // status line and controls line
	cellW       = 20 // one figure: label and value
	figureCount = 9  // figures in the numbers block
	funnelRows  = 9
	sparkLabelW = 16 // "activations/min "
	sparkValueW = 12 // "now 1,234.5"
	minListH    = 4  // the log keeps its title and a few rows
)

// layout is how the tab's area is shared. Stacked, the parts go top to
// bottom and the list (log or devices) or the inspector takes what is
// left at the bottom; side by side, they take the right column.
type layout struct {
	w, h       int
	side       bool
	leftW      int // the figures' column (the whole width when stacked)
	rightW     int // the list's column (side by side)
	numCols    int // figures per line
	numbersH   int
	funnelH    int
	sparkH     int // height of each sparkline (0: none)
	bottomH    int // the list's or the inspector's area, title line included
	inspecting bool
}

// arrange shares a w×h area. The parts never exceed it.
func arrange(w, h int, inspecting bool) layout {
	l := layout{w: max(0, w), h: max(0, h), inspecting: inspecting}
	body := max(0, l.h-headerH)
	if w >= SideBySideWidth {
		l.side = true
		l.leftW = min(max(w/2, 60), 100)
		l.rightW = w - l.leftW - 1
		l.numCols = max(1, (l.leftW+1)/cellW)
		l.numbersH = ceilDiv(figureCount, l.numCols)
		if l.numbersH+1+funnelRows+1 <= body { // the funnel whole, or not at all
			l.funnelH = funnelRows
		}
		// numbers, blank, funnel, blank, two sparklines under a title each
		l.sparkH = min(6, max(0, (body-l.numbersH-1-l.funnelH-1-2)/2))
		l.bottomH = body
		return l
	}
	l.leftW, l.rightW = l.w, l.w
	l.numCols = max(1, (l.w+1)/cellW)
	l.numbersH = min(body, ceilDiv(figureCount, l.numCols))
	rest := body - l.numbersH
	if inspecting {
		l.bottomH = rest
		return l
	}
	l.funnelH = funnelRows
	l.sparkH = 1
	if extra := rest - l.funnelH - 2 - 10; extra > 0 {
		l.sparkH += min(2, extra/4)
	}
	l.bottomH = rest - l.funnelH - 2*l.sparkH
	if l.bottomH < minListH {
		l.bottomH += 2 * l.sparkH
		l.sparkH = 0
	}
	if l.bottomH < minListH {
		l.bottomH += l.funnelH
		l.funnelH = 0
	}
	return l
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// listW is the width of the list or the inspector.
func (l layout) listW() int {
	if l.side {
		return l.rightW
	}
	return l.w
}

// listRows is how many rows the list shows under its title.
func (l layout) listRows() int { return max(0, l.bottomH-1) }

// sparkW is the width of a sparkline: its line less the label and value.
func (l layout) sparkW() int {
	if l.side {
		return max(0, l.leftW)
	}
	return max(0, l.leftW-sparkLabelW-sparkValueW)
}

// inspW and inspH are the inspector's text area.
func (l layout) inspW() int { return l.listW() }
func (l layout) inspH() int { return max(0, l.bottomH-1) }
