package scenario

import (
	"fmt"
	"strings"
	"time"

	"limen/engine/device"
)

// Narrate turns one step's outcome into a sentence a marketer can follow;
// the console's visitor and scenario player say the same as the timeline.
func Narrate(st Step, out device.Outcome, before, after device.State, names map[string]string) string {
	var parts []string
	switch st.Do {
	case "consent":
		if st.Granted {
			parts = append(parts, "consent granted")
			if after.Sessions.Count > before.Sessions.Count {
				parts = append(parts, fmt.Sprintf("session %d counted", after.Sessions.Count))
			}
		} else {
			parts = append(parts, "consent revoked; local data wiped")
		}
	case "newSession", "openApp":
		what := "new session"
		if st.Do == "openApp" {
			what = "app opened"
			if msgs := messagesText(out); msgs != "" {
				what += ": " + msgs
			} else if after.Mode != device.Visitor {
				what += ": no new messages"
			}
		}
		parts = append(parts, what)
		if after.Sessions.Count > before.Sessions.Count {
			parts = append(parts, fmt.Sprintf("visitor session %d counted", after.Sessions.Count))
		}
		if msgs := messagesText(out); msgs != "" && st.Do == "newSession" {
			parts = append(parts, msgs)
		}
	case "click", "dismiss", "openPush":
		parts = append(parts, messageActText(st, out, before))
	case "foreground":
		parts = append(parts, "app in the foreground")
	case "logout":
		parts = append(parts, "logged out: a visitor again")
		if after.Consent {
			parts = append(parts, "consent kept")
		}
	case "identify":
		parts = append(parts, identifyText(st, out, before))
	default:
		parts = append(parts, storedText(st, out, after))
	}
	if out.Outdated {
		parts = append(parts, "matched under an outdated criteria version: refused by the project (409)")
	}
	if out.CriteriaVersion != 0 {
		parts = append(parts, fmt.Sprintf("criteria v%d fetched", out.CriteriaVersion))
	}
	if a := out.Activated; a != nil {
		s := fmt.Sprintf("ACTIVATED by criteria %s%s → unknown user %s", a.CriteriaID, quoteName(names[a.CriteriaID]), a.UserID)
		if a.Email != "" {
			s += " <" + a.Email + ">"
		}
		s += fmt.Sprintf(", %d event%s replayed", a.Replayed, plural(a.Replayed))
		if before.ProfileUpdate != nil || st.Do == "updateUser" {
			s += " with the profile update"
		}
		parts = append(parts, s)
	}
	for _, c := range out.Credited {
		parts = append(parts, fmt.Sprintf("credited to campaign %q (%s)", c.Campaign, Money(c.Revenue)))
	}
	for _, n := range out.Notes {
		if n != "consent unchanged" || st.Do == "consent" {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "; ")
}

// messagesText says what a session start displayed and received.
func messagesText(out device.Outcome) string {
	var parts []string
	for _, m := range out.Shown {
		where := ""
		if m.Channel == device.ChannelEmbedded {
			where = " in " + m.Placement
		}
		parts = append(parts, fmt.Sprintf("%s %q shown%s — %s", ChannelName(m.Channel), m.Campaign, where, quoteMessage(m)))
	}
	for _, m := range out.Received {
		parts = append(parts, fmt.Sprintf("%s %q received — %s", ChannelName(m.Channel), m.Campaign, quoteMessage(m)))
	}
	return strings.Join(parts, "; ")
}

// messageActText says what a click, dismissal or push opening did.
func messageActText(st Step, out device.Outcome, before device.State) string {
	m := device.Message{Campaign: st.Campaign}
	for _, h := range before.Inbox {
		if h.Campaign == st.Campaign {
			m = h
			break
		}
	}
	label := fmt.Sprintf("%s %q", ChannelName(m.Channel), m.Campaign)
	if m.Channel == "" {
		label = fmt.Sprintf("the message of campaign %q", m.Campaign)
	}
	switch st.Do {
	case "openPush":
		if len(out.Shown) == 0 {
			return label + " already open"
		}
		return "opened " + label + " — " + quoteMessage(out.Shown[0])
	case "dismiss":
		return "dismissed " + label
	}
	s := "clicked " + label
	if out.Clicked != nil && out.Clicked.Button != "" {
		s += fmt.Sprintf(" (%q)", out.Clicked.Button)
	}
	if m.Channel == device.ChannelPush && len(out.Shown) > 0 {
		s += ", which opened it"
	}
	return s
}

// quoteMessage quotes a message's title and body: "title" / "body".
func quoteMessage(m device.Message) string {
	if m.Title == "" {
		return fmt.Sprintf("%q", m.Body)
	}
	return fmt.Sprintf("%q / %q", m.Title, m.Body)
}

// ChannelName is a channel as a marketer says it: in-app, embedded, push,
// email.
func ChannelName(channel string) string {
	switch channel {
	case device.ChannelInApp:
		return "in-app"
	}
	return channel
}

func storedText(st Step, out device.Outcome, after device.State) string {
	what := st.Do
	switch st.Do {
	case "track":
		what = st.EventName
	case "updateUser":
		what = "profile update"
	case "updateCart":
		what = fmt.Sprintf("cart update (%d item%s)", len(st.Items), plural(len(st.Items)))
	case "purchase":
		what = fmt.Sprintf("purchase of %v", st.Total)
	}
	switch {
	case out.Dropped:
		return fmt.Sprintf("%s dropped: no consent (%d dropped so far)", what, after.Dropped)
	case out.Sent && after.Mode == device.Unknown:
		return fmt.Sprintf("%s sent to unknown user %s", what, after.Who.UserID)
	case out.Sent:
		return fmt.Sprintf("%s sent to known profile %s", what, Who(after.Who))
	case out.Stored && st.Do == "updateUser":
		return what + " merged into the device's profile object"
	case out.Stored:
		s := fmt.Sprintf("%s stored on the device", what)
		if out.Evicted > 0 {
			s += fmt.Sprintf(" (local limit reached: %d oldest evicted)", out.Evicted)
		}
		return s
	}
	return what
}

func identifyText(st Step, out device.Outcome, before device.State) string {
	r := out.Identified
	target := Who(device.Identity{Email: st.Email, UserID: st.UserID})
	if r == nil {
		return "identify " + target + ": nothing to do"
	}
	known := Who(r.Known)
	switch r.Outcome {
	case device.OutcomeMerged:
		return fmt.Sprintf("identified as %s: unknown user %s MERGED into the existing profile (%d event%s moved, %d field%s kept from the destination, %d copied), unknown profile deleted",
			known, before.Who.UserID, r.EventsMoved, plural(r.EventsMoved), r.FieldsKept, plural(r.FieldsKept), r.FieldsCopied)
	case device.OutcomeConverted:
		return fmt.Sprintf("identified as %s: unknown user %s CONVERTED into the known profile", known, before.Who.UserID)
	case device.OutcomeAbandoned:
		return fmt.Sprintf("identified as %s with merge off: unknown user %s left as it is", known, before.Who.UserID)
	}
	s := fmt.Sprintf("identified as %s", known)
	if r.Outcome == device.OutcomeCreated {
		s += ": new known profile"
	} else {
		s += ": existing known profile"
	}
	if before.Mode == device.Visitor {
		if r.Replayed > 0 || (st.Replay == nil || *st.Replay) {
			s += fmt.Sprintf(", %d local event%s replayed", r.Replayed, plural(r.Replayed))
		} else {
			s += ", local data dropped (replay off)"
		}
	}
	return s
}

// Who names an identity: its email, its userId, or both.
func Who(id device.Identity) string {
	switch {
	case id.Email != "" && id.UserID != "":
		return id.Email + " (userId " + id.UserID + ")"
	case id.Email != "":
		return id.Email
	}
	return id.UserID
}

func quoteName(n string) string {
	if n == "" {
		return ""
	}
	return fmt.Sprintf(" %q", n)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// offset writes simulated time since the start as +HH:MM:SS (days first
// when needed).
func offset(d time.Duration) string {
	d = d.Round(time.Second)
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	s := fmt.Sprintf("+%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
	if days > 0 {
		s = fmt.Sprintf("+%dd%s", days, s[1:])
	}
	return s
}
