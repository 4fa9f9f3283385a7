package profiles

import (
	"slices"
	"testing"

	"limen/engine"
)

func colIDs(cols []column) []colID {
	out := make([]colID, len(cols))
	for i, c := range cols {
		out[i] = c.id
	}
	return out
}

func usedWidth(cols []column) int {
	n := gutterWidth + colGap*max(0, len(cols)-1)
	for _, c := range cols {
		n += c.width
	}
	return n
}

func TestLayoutColumns(t *testing.T) {
	all := []colID{colUserID, colEmail, colKind, colCreated, colCriteria, colEvents, colActivity}
	cases := []struct {
		width int
		order string
		want  []colID
		// widths of some columns, when they matter
		email, criteria, userID int
	}{
		{width: 200, order: engine.OrderCreated, want: all, email: 40, criteria: 48, userID: 36},
		{width: 147, order: engine.OrderCreated, want: all, email: 30, criteria: 28, userID: 36},
		{width: 123, order: engine.OrderCreated, want: all, email: 30, criteria: 28, userID: 12},
		{width: 110, order: engine.OrderCreated, want: all, email: 26, criteria: 22, userID: 9},
		{width: 99, order: engine.OrderCreated, want: all, email: 22, criteria: 15, userID: 9},
		{width: 80, order: engine.OrderCreated, want: []colID{colUserID, colEmail, colKind, colCreated, colCriteria, colEvents}, email: 21, criteria: 14, userID: 9},
		// the sorted column outlives the other time column
		{width: 80, order: engine.OrderActivity, want: []colID{colUserID, colEmail, colKind, colCriteria, colEvents, colActivity}, email: 21, criteria: 14, userID: 9},
		{width: 71, order: engine.OrderCreated, want: []colID{colEmail, colKind, colCreated, colCriteria, colEvents}, email: 22, criteria: 14},
		{width: 50, order: engine.OrderCreated, want: []colID{colEmail, colKind, colCriteria}, email: 22, criteria: 17},
		{width: 30, order: engine.OrderCreated, want: []colID{colEmail, colKind}, email: 20},
		{width: 12, order: engine.OrderCreated, want: []colID{colEmail}, email: 10},
	}
	for _, c := range cases {
		cols := layoutColumns(c.width, c.order)
		if got := colIDs(cols); !slices.Equal(got, c.want) {
			t.Errorf("width %d %s: columns %v, want %v", c.width, c.order, got, c.want)
			continue
		}
		if used := usedWidth(cols); used > c.width {
			t.Errorf("width %d: columns take %d", c.width, used)
		}
		for _, col := range cols {
			want := map[colID]int{colEmail: c.email, colCriteria: c.criteria, colUserID: c.userID}[col.id]
			if want != 0 && col.width != want {
				t.Errorf("width %d: %s is %d wide, want %d", c.width, col.title, col.width, want)
			}
		}
	}
}

func TestLayoutColumnsNeverOverflow(t *testing.T) {
	for w := 3; w <= 260; w++ {
		for _, order := range []string{engine.OrderCreated, engine.OrderActivity} {
			cols := layoutColumns(w, order)
			if used := usedWidth(cols); used > w {
				t.Fatalf("width %d %s: columns take %d", w, order, used)
			}
			if len(cols) == 0 || cols[0].width < 1 {
				t.Fatalf("width %d: no usable column: %+v", w, cols)
			}
		}
	}
}

func TestArrange(t *testing.T) {
	cases := []struct {
		w, h    int
		focused bool
		rows    int
		want    panes
	}{
		{200, 47, false, 500, panes{side: true, filterH: 1, tableW: 123, tableH: 46, detailW: 76, detailH: 46}},
		{120, 33, false, 500, panes{side: true, filterH: 1, tableW: 71, tableH: 32, detailW: 48, detailH: 32}},
		{120, 33, true, 500, panes{side: true, filterH: 1, tableW: 71, tableH: 32, detailW: 48, detailH: 32}},
		{80, 21, false, 500, panes{filterH: 1, tableW: 80, tableH: 12, detailW: 80, detailH: 8}},
		// a short table leaves its spare rows to the detail pane
		{80, 21, false, 5, panes{filterH: 1, tableW: 80, tableH: 6, detailW: 80, detailH: 14}},
		{80, 21, false, 0, panes{filterH: 1, tableW: 80, tableH: 4, detailW: 80, detailH: 16}},
		{80, 21, true, 500, panes{filterH: 1, tableW: 80, tableH: 5, detailW: 80, detailH: 15}},
		{72, 6, false, 500, panes{filterH: 1, tableW: 72, tableH: 5, detailW: 72, detailH: 0}},
	}
	for _, c := range cases {
		if got := arrange(c.w, c.h, c.focused, c.rows); got != c.want {
			t.Errorf("arrange(%d, %d, %v, %d) = %+v, want %+v", c.w, c.h, c.focused, c.rows, got, c.want)
		}
	}
	for w := 1; w <= 240; w += 7 {
		for h := 0; h <= 60; h += 3 {
			for _, f := range []bool{false, true} {
				p := arrange(w, h, f, h/2)
				if p.side && (p.tableW+1+p.detailW > w || p.filterH+p.tableH > h) ||
					!p.side && (p.tableW > w || p.detailW > w || p.filterH+p.tableH+p.detailH > h) ||
					p.tableH < 0 || p.detailH < 0 {
					t.Fatalf("arrange(%d, %d, %v) overflows: %+v", w, h, f, p)
				}
			}
		}
	}
}
