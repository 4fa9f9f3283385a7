package scenario

import (
	"strings"
	"testing"

	"limen/fixtures"
)

func TestFixtureScenariosParse(t *testing.T) {
	names := fixtures.Scenarios()
	if len(names) < 6 {
		t.Fatalf("%d scenarios in fixtures, want the seed story and at least five more", len(names))
	}
	for _, name := range names {
		data, err := fixtures.Scenario(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(data); err != nil {
			t.Errorf("%s:\n%v", name, err)
		}
	}
}

func TestParseReportsEveryProblemWithItsPath(t *testing.T) {
	cases := []struct {
		name, json string
		want       []string
	}{
		{"not json", `{"steps": [`, []string{"(file): not JSON: line 1"}},
		{"not an object", `[1]`, []string{"(file): must be a JSON object"}},
		{"no steps", `{"name": "x"}`, []string{"steps: missing"}},
		{"empty steps", `{"steps": []}`, []string{"steps: there are no steps"}},
		{"unknown verb", `{"steps": [{"device": "d1", "do": "fly"}]}`, []string{`steps[0].do: unknown step "fly"`}},
		{"missing verb", `{"steps": [{"device": "d1"}]}`, []string{"steps[0].do: missing"}},
		{"track without name", `{"steps": [{"device": "d1", "do": "track"}]}`, []string{"steps[0].eventName: missing"}},
		{"unknown member", `{"steps": [{"device": "d1", "do": "logout", "email": "a@b.c"}]}`, []string{"steps[0].email: unknown member"}},
		{"identify with nothing", `{"steps": [{"device": "d1", "do": "identify"}]}`, []string{"steps[0]: identify needs an email or a userId"}},
		{"bad types", `{"steps": [{"device": 7, "do": "consent", "granted": "yes"}]}`, []string{"steps[0].device: must be a string", "steps[0].granted: must be true or false"}},
		{"bad item", `{"steps": [{"device": "d1", "do": "updateCart", "items": [{"id": "a", "name": "b", "price": "x", "quantity": 1.5}]}]}`,
			[]string{"steps[0].items[0].price: must be a number", "steps[0].items[0].quantity: must be a whole number"}},
		{"negative advance", `{"steps": [{"do": "advance", "seconds": -3}]}`, []string{"steps[0].seconds: must be a positive number"}},
		{"bad project", `{"project": {"type": "phone", "eventThresholdLimit": 0}, "steps": [{"do": "advance", "seconds": 1}]}`,
			[]string{`project.type: unknown project type "phone"`, "project.eventThresholdLimit: must be a whole number"}},
		{"criteria linted", `{"criteria": {"criteriaSets": [{"criteriaId": "1", "searchQuery": {"combinator": "Xor", "searchQueries": []}}]}, "steps": [{"do": "advance", "seconds": 1}]}`,
			[]string{"criteria.criteriaSets[0].searchQuery.combinator:"}},
		{"known profile without identifier", `{"knownProfiles": [{"dataFields": {}}], "steps": [{"do": "advance", "seconds": 1}]}`,
			[]string{"knownProfiles[0]: a known profile needs an email or a userId"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.json))
			if err == nil {
				t.Fatal("parsed without a problem")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("problems:\n%v\nwant one containing %q", err, w)
				}
			}
		})
	}
}
