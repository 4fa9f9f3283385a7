package scenario

import (
	"strings"
	"testing"
)

func TestCampaignStepsParse(t *testing.T) {
	sc, err := Parse([]byte(`{"devices": {"p": {"platform": "android", "pushOptIn": true}}, "steps": [
		{"do": "campaign", "action": "create", "name": " Offer ", "channel": "inApp", "audience": "unknown",
		 "title": "Hi {{firstName}}", "body": "{{discount}}% off", "button": "Go", "discount": 10, "attributionHours": 48, "start": true},
		{"do": "campaign", "action": "create", "name": "Ping", "channel": "push", "audience": "criteria", "criteriaId": "101", "body": "x"},
		{"do": "campaign", "action": "start", "name": "Ping"},
		{"device": "p", "do": "openApp"},
		{"device": "p", "do": "openPush", "campaign": "Ping"},
		{"device": "p", "do": "click", "campaign": "Offer"},
		{"device": "p", "do": "dismiss", "campaign": "Ping"},
		{"do": "campaign", "action": "stop", "name": "Offer"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Steps[0]
	if c.Action != "create" || c.Campaign != "Offer" || !c.Start || c.Spec == nil || c.Spec.Discount != 10 || c.Spec.AttributionHours != 48 ||
		c.Spec.Title != "Hi {{firstName}}" || c.Spec.Audience.Kind != "unknown" {
		t.Fatalf("create step %+v, spec %+v", c, c.Spec)
	}
	if p := sc.Steps[1].Spec; p == nil || p.Audience.CriteriaID != "101" || sc.Steps[1].Start {
		t.Fatalf("criteria audience: %+v", p)
	}
	if d := sc.Devices["p"]; d.Platform != "android" || !d.PushOptIn {
		t.Fatalf("devices %+v", sc.Devices)
	}
	if st := sc.Steps[4]; st.Do != "openPush" || st.Campaign != "Ping" || st.Device != "p" {
		t.Fatalf("openPush step %+v", st)
	}
}

func TestCampaignParseProblemsHaveTheirPath(t *testing.T) {
	create := func(extra string) string {
		return `{"do": "campaign", "action": "create", "name": "Offer", "channel": "inApp", "audience": "unknown", "body": "hi"` + extra + `}`
	}
	cases := []struct {
		name, steps string
		want        []string
	}{
		{"unknown action", `{"do": "campaign", "action": "launch", "name": "Offer"}`,
			[]string{`steps[0].action: unknown campaign action "launch": use create, start, stop`}},
		{"missing name", `{"do": "campaign", "action": "start"}`, []string{"steps[0].name: missing"}},
		{"empty name", `{"do": "campaign", "action": "create", "name": "  ", "channel": "inApp", "audience": "unknown", "body": "x"}`,
			[]string{"steps[0].name: the campaign needs a name"}},
		{"missing action", `{"do": "campaign", "name": "Offer"}`, []string{"steps[0].action: missing"}},
		{"start before create", `{"do": "campaign", "action": "start", "name": "Offer"}, ` + create(""),
			[]string{`steps[0].name: no campaign "Offer" is created before this step (create it first`}},
		{"stop of another name", create("") + `, {"do": "campaign", "action": "stop", "name": "Ofer"}`,
			[]string{`steps[1].name: no campaign "Ofer" is created before this step; created so far: "Offer"`}},
		{"created twice", create("") + `, ` + create(""),
			[]string{`steps[1].name: a campaign named "Offer" is already created at steps[0]`}},
		{"start with create members", create("") + `, {"do": "campaign", "action": "start", "name": "Offer", "body": "x"}`,
			[]string{"steps[1].body: only a create step takes body; start takes action and name"}},
		{"create without channel, audience, body", `{"do": "campaign", "action": "create", "name": "Offer"}`,
			[]string{"steps[0].channel: missing", "steps[0].audience: missing", "steps[0].body: missing"}},
		{"unknown channel and audience", `{"do": "campaign", "action": "create", "name": "O", "channel": "sms", "audience": "vip", "body": "x"}`,
			[]string{`steps[0].channel: unknown channel "sms": use inApp, embedded, push, email`, `steps[0].audience: unknown audience "vip"`}},
		{"template errors", create(`, "title": "Hi {{#each items}}", "button": "{{monney total}}"`),
			[]string{"steps[0].title: line 1, column 7: block {{#each}} is not supported", `steps[0].button: line 1, column 3: unknown helper "monney"`}},
		{"criteria audience without id", `{"do": "campaign", "action": "create", "name": "O", "channel": "inApp", "audience": "criteria", "body": "x"}`,
			[]string{"steps[0].criteriaId: name the criteria set"}},
		{"embedded without placement", `{"do": "campaign", "action": "create", "name": "O", "channel": "embedded", "audience": "known", "body": "x"}`,
			[]string{"steps[0].placement: an embedded message needs the placement"}},
		{"email to unknown users", `{"do": "campaign", "action": "create", "name": "O", "channel": "email", "audience": "unknown", "body": "x"}`,
			[]string{"steps[0].channel: unknown users have only placeholder addresses"}},
		{"bad numbers", create(`, "discount": 150, "attributionHours": 1.5, "start": "yes"`),
			[]string{"steps[0].discount: must be a percentage", "steps[0].attributionHours: must be a whole number of hours", "steps[0].start: must be true or false"}},
		{"bad types", `{"do": "campaign", "action": 3, "name": ["x"]}`,
			[]string{"steps[0].action: must be a string", "steps[0].name: must be a string"}},
		{"campaign with a device", `{"do": "campaign", "device": "d1", "action": "stop", "name": "O"}`,
			[]string{"steps[0].device: unknown member"}},
		{"openApp without device", `{"do": "openApp"}`, []string{"steps[0].device: missing"}},
		{"click without campaign", `{"device": "d1", "do": "click"}`, []string{"steps[0].campaign: missing"}},
		{"click of an unknown campaign", `{"device": "d1", "do": "click", "campaign": "Offer"}`,
			[]string{`steps[0].campaign: no campaign "Offer" is created before this step`}},
		{"openPush of an in-app campaign", create("") + `, {"device": "d1", "do": "openPush", "campaign": "Offer"}`,
			[]string{`steps[1].campaign: campaign "Offer" sends in-app messages, not push notifications: use click or dismiss`}},
		{"push to a web device", `{"do": "campaign", "action": "create", "name": "P", "channel": "push", "audience": "unknown", "body": "x"},
			{"device": "d1", "do": "click", "campaign": "P"}`,
			[]string{`steps[1].device: "d1" never receives push notifications: declare it in "devices"`}},
		{"click of an email", `{"do": "campaign", "action": "create", "name": "E", "channel": "email", "audience": "known", "body": "x"},
			{"device": "d1", "do": "dismiss", "campaign": "E"}`,
			[]string{`steps[1].campaign: campaign "E" sends email, which never reaches a device`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(`{"steps": [` + tc.steps + `]}`))
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

func TestDeviceSpecProblems(t *testing.T) {
	cases := []struct{ devices, want string }{
		{`[]`, "devices: must be a JSON object of devices"},
		{`{"d1": {"platform": "windows"}}`, `devices.d1.platform: unknown platform "windows": use web, ios or android`},
		{`{"d1": {"platform": "web", "pushOptIn": true}}`, "devices.d1.pushOptIn: only a mobile device (ios or android) takes push"},
		{`{"d1": {"os": "ios"}}`, "devices.d1.os: unknown member; allowed here: platform, pushOptIn"},
		{`{"d1": 3}`, "devices.d1: must be a JSON object"},
	}
	for _, tc := range cases {
		_, err := Parse([]byte(`{"devices": ` + tc.devices + `, "steps": [{"device": "d1", "do": "openApp"}]}`))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("devices %s: problems %v, want one containing %q", tc.devices, err, tc.want)
		}
	}
}

func TestACreateWithProblemsIsStillKnownByName(t *testing.T) {
	_, err := Parse([]byte(`{"steps": [
		{"do": "campaign", "action": "create", "name": "Offer", "channel": "inApp", "audience": "unknown", "body": "{{#if x}}"},
		{"do": "campaign", "action": "start", "name": "Offer"},
		{"device": "d1", "do": "click", "campaign": "Offer"},
		{"do": "campaign", "action": "stop", "name": null}]}`))
	if err == nil {
		t.Fatal("parsed without a problem")
	}
	got := err.Error()
	if !strings.Contains(got, "steps[0].body: line 1, column 10") || strings.Contains(got, "no campaign") || strings.Count(got, "\n") != 1 ||
		!strings.Contains(got, "steps[3].name: must be a string, not null") {
		t.Fatalf("problems:\n%s\nwant the body's and the null name's only", got)
	}
}
