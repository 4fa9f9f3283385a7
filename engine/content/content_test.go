package content

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

// offer is a realistic push message.
const offer = `{{defaultIfEmpty firstName "Hi there"}}, {{discount}}% off the {{last.viewedProduct.name}}: now {{discounted last.viewedProduct.price}}`

func TestRealisticMessage(t *testing.T) {
	tpl, err := Parse(offer)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    Data
		want    string
		missing []string
	}{
		{
			name: "known visitor",
			data: Data{
				Fields: map[string]any{"firstName": "Ana"},
				Events: []Event{
					{Name: "viewedProduct", Fields: map[string]any{"name": "Oak table", "price": 1299.0}},
					{Name: "viewedProduct", Fields: map[string]any{"name": "Old lamp", "price": 20.0}},
				},
				Discount: 10,
			},
			want: "Ana, 10% off the Oak table: now 1,169.10",
		},
		{
			name: "anonymous visitor, half-off",
			data: Data{
				Events:   []Event{{Name: "viewedProduct", Fields: map[string]any{"name": "Sofa", "price": "2499.99"}}},
				Discount: 12.5,
			},
			want: "Hi there, 12.5% off the Sofa: now 2,187.49",
		},
		{
			name:    "no viewed product",
			data:    Data{Fields: map[string]any{"firstName": ""}, Discount: 10},
			want:    "Hi there, 10% off the : now ",
			missing: []string{"last.viewedProduct.name", "last.viewedProduct.price"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, missing := tpl.Render(tc.data)
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if !slices.Equal(missing, tc.missing) {
				t.Errorf("missing = %q, want %q", missing, tc.missing)
			}
		})
	}
}

func TestRealisticEmail(t *testing.T) {
	const email = `{{! Abandoned cart, sent 1h after the last cart update }}
Hello {{defaultIfEmpty firstName "friend"}},
{{#if last.purchase}}Thanks for your order of {{money last.purchase.total}}.
{{else}}Your first order is waiting.
{{/if}}{{#if last.cartUpdate.items}}You left {{last.cartUpdate.items.0.name}} in your cart{{#if discount}} — {{percent discount}} off, now {{discounted last.cartUpdate.items.0.price}}{{/if}}.
{{/if}}See you in {{defaultIfEmpty address.city "town"}}!`
	tpl, err := Parse(email)
	if err != nil {
		t.Fatal(err)
	}
	got, missing := tpl.Render(Data{
		Fields: map[string]any{"firstName": "Ana", "address": map[string]any{"city": "Lyon"}},
		Events: []Event{
			{Name: "cartUpdate", Fields: map[string]any{"items": []any{map[string]any{"name": "Oak table", "price": 1299}}}},
			{Name: "purchase", Fields: map[string]any{"total": 74.9}},
		},
		Discount: 20,
	})
	want := "\nHello Ana,\nThanks for your order of 74.90.\nYou left Oak table in your cart — 20% off, now 1,039.20.\nSee you in Lyon!"
	if got != want || missing != nil {
		t.Errorf("got %q, missing %q\nwant %q", got, missing, want)
	}
	wantPaths := []string{"firstName", "last.purchase", "last.purchase.total", "last.cartUpdate.items",
		"last.cartUpdate.items.0.name", "discount", "last.cartUpdate.items.0.price", "address.city"}
	if paths := tpl.Paths(); !slices.Equal(paths, wantPaths) {
		t.Errorf("Paths() = %q\nwant      %q", paths, wantPaths)
	}
}

func TestPaths(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"no paths", nil},
		{`{{"lit"}}{{5}}{{defaultIfEmpty "a" "b"}}`, nil},
		{"{{b}}{{a}}{{b}}", []string{"b", "a"}},
		{`{{#if vip}}{{money price}}{{else}}{{defaultIfEmpty nick firstName}}{{/if}}{{vip}}`,
			[]string{"vip", "price", "nick", "firstName"}},
		{"{{discounted last.viewedProduct.price}}", []string{"last.viewedProduct.price"}},
		{"{{! {{commented}} }}{{x}}", []string{"x"}},
		{`\{{escaped}} {{{triple}}}`, []string{"triple"}},
	}
	for _, tc := range tests {
		tpl, err := Parse(tc.text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.text, err)
		}
		if got := tpl.Paths(); !slices.Equal(got, tc.want) {
			t.Errorf("Paths(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestPathsIsACopy checks callers cannot change a template through Paths.
func TestPathsIsACopy(t *testing.T) {
	tpl, err := Parse("{{a}}{{b}}")
	if err != nil {
		t.Fatal(err)
	}
	tpl.Paths()[0] = "changed"
	if got := tpl.Paths(); got[0] != "a" {
		t.Errorf("Paths()[0] = %q after changing a copy, want a", got[0])
	}
}

// TestConcurrentRender renders one template from 8 goroutines; run with -race.
func TestConcurrentRender(t *testing.T) {
	tpl, err := Parse(offer + `{{#if vip}} VIP{{/if}}{{nickName}}`)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				price := float64(100 * (g + 1))
				d := Data{
					Fields:   map[string]any{"firstName": fmt.Sprint("user", g), "vip": i%2 == 0},
					Events:   []Event{{Name: "viewedProduct", Fields: map[string]any{"name": "Lamp", "price": price}}},
					Discount: 50,
				}
				got, missing := tpl.Render(d)
				want := fmt.Sprintf("user%d, 50%% off the Lamp: now %d.00", g, 50*(g+1))
				if i%2 == 0 {
					want += " VIP"
				}
				if got != want || !slices.Equal(missing, []string{"nickName"}) {
					errs <- fmt.Errorf("goroutine %d: got %q %q, want %q", g, got, missing, want)
					return
				}
				_ = tpl.Paths()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
