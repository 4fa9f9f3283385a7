package visitor

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine/device"
	"limen/engine/scenario"
	"limen/ui"
)

// Update handles keys and the answers of commands.
func (m *Model) Update(msg tea.Msg) (*Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case openedMsg:
		cmd = m.opened(msg)
	case actedMsg:
		cmd = m.acted(msg)
	case devicesMsg:
		m.listed(msg)
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	}
	m.updateKeys()
	return m, cmd
}

func (m *Model) opened(msg openedMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.busy = false
	if msg.err != nil {
		m.err = msg.err.Error()
		return ui.Notify(ui.LevelError, msg.err.Error())
	}
	m.dev, m.view, m.names, m.cart, m.err = msg.dev, msg.view, msg.names, nil, ""
	if msg.n > 0 {
		m.n = msg.n
	}
	what := "new visitor " + msg.dev.ID() + ": no consent yet, nothing stored"
	if msg.restored {
		what = fmt.Sprintf("picked device %s: %s", msg.dev.ID(), describeMode(msg.view.state))
	}
	m.say("open", what, "")
	m.refreshWhy()
	return nil
}

func (m *Model) acted(msg actedMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.busy = false
	m.view = msg.view
	m.refreshWhy()
	errText := ""
	if msg.err != nil {
		errText = msg.err.Error()
	}
	m.say(msg.label, msg.text, errText)
	if msg.err != nil {
		return ui.Notify(ui.LevelError, msg.label+" refused: "+errText)
	}
	switch msg.step.Do {
	case "updateCart":
		m.cart = msg.step.Items
	case "purchase":
		m.cart = nil
	}
	switch {
	case msg.out.Activated != nil:
		return ui.Notify(ui.LevelSuccess, "activated by criteria "+msg.out.Activated.CriteriaID)
	case msg.out.Identified != nil && msg.out.Identified.Outcome == device.OutcomeMerged:
		return ui.Notify(ui.LevelSuccess, "merged into "+scenario.Who(msg.out.Identified.Known))
	case msg.out.Dropped:
		return ui.Notify(ui.LevelWarn, "dropped: no consent")
	}
	return nil
}

func (m *Model) listed(msg devicesMsg) {
	if msg.err != nil {
		m.err = msg.err.Error()
		return
	}
	m.pick = &picker{kind: pickDevice, title: "Pick a device to drive", rows: append([]string{"+ a new visitor"}, msg.ids...)}
}

// say adds a sentence to the history.
func (m *Model) say(label, text, errText string) {
	m.history = append(m.history, entry{at: m.ctx.Now().Format("15:04:05"), label: label, text: text, err: errText})
	m.refreshHistory()
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.ident != nil:
		return m.identifyKey(msg)
	case m.fields != nil:
		return m.fieldsKey(msg)
	case m.pick != nil:
		return m.pickKey(msg)
	}
	k := m.keys
	sc := &m.hist
	if m.showWhy {
		sc = &m.why
	}
	switch {
	case key.Matches(msg, k.Consent):
		return m.toggleConsent()
	case key.Matches(msg, k.Revoke):
		return m.act("revoke", scenario.Step{Do: "consent", Granted: false})
	case key.Matches(msg, k.Browse):
		m.openCatalog(pickBrowse)
	case key.Matches(msg, k.Add):
		return m.addToCart()
	case key.Matches(msg, k.Purchase):
		return m.purchase()
	case key.Matches(msg, k.Update):
		return m.openFields()
	case key.Matches(msg, k.Session):
		return m.newSession()
	case key.Matches(msg, k.Click):
		return m.clickMessage()
	case key.Matches(msg, k.Identify):
		m.ident = newIdentifyForm()
	case key.Matches(msg, k.Logout):
		return m.logout()
	case key.Matches(msg, k.Why):
		m.toggleWhy()
	case key.Matches(msg, k.Devices):
		return m.listDevices()
	case key.Matches(msg, k.NewVisitor):
		return m.open("")
	case key.Matches(msg, k.Up):
		sc.Scroll(-1)
	case key.Matches(msg, k.Down):
		sc.Scroll(1)
	case key.Matches(msg, k.PageUp):
		sc.Page(-1)
	case key.Matches(msg, k.PageDown):
		sc.Page(1)
	case key.Matches(msg, k.Top):
		sc.Top()
	case key.Matches(msg, k.Bottom):
		sc.Bottom()
	}
	return nil
}

// act plays a step on the device.
func (m *Model) act(label string, st scenario.Step) tea.Cmd {
	if m.dev == nil || m.busy {
		return nil
	}
	m.req, m.busy = m.nextReq(), true
	return actCmd(m.dev, m.req, label, st, m.names)
}

func (m *Model) toggleConsent() tea.Cmd {
	if m.view.state.Consent {
		return m.act("revoke", scenario.Step{Do: "consent", Granted: false})
	}
	return m.act("consent", scenario.Step{Do: "consent", Granted: true})
}

func (m *Model) newSession() tea.Cmd { return m.act("session", scenario.Step{Do: "newSession"}) }

// clickMessage clicks the first message the device holds.
func (m *Model) clickMessage() tea.Cmd {
	if len(m.view.state.Inbox) == 0 {
		return nil
	}
	return m.act("click", scenario.Step{Do: "click", Campaign: m.view.state.Inbox[0].Campaign})
}

func (m *Model) logout() tea.Cmd { return m.act("logout", scenario.Step{Do: "logout"}) }

func (m *Model) toggleWhy() {
	m.showWhy = !m.showWhy
	m.layout()
}

func (m *Model) listDevices() tea.Cmd { return devicesCmd(m.ctx.Project) }

func (m *Model) openCatalog(kind pickKind) {
	p := &picker{kind: kind, title: "Browse a product", rows: catalogRows(m.catalog)}
	if kind == pickAdd {
		p.title = "Add a product to the cart"
	}
	if m.lastSeen >= 0 {
		p.cursor = m.lastSeen
	}
	m.pick = p
}

func (m *Model) openFields() tea.Cmd {
	m.fields = &fieldsForm{input: newInput("fields: ", "city=Paris, newsletter=true")}
	m.layout()
	return nil
}

// addToCart adds the product last browsed, or asks which.
func (m *Model) addToCart() tea.Cmd {
	if m.lastSeen < 0 {
		m.openCatalog(pickAdd)
		return nil
	}
	return m.addProduct(m.lastSeen)
}

func (m *Model) addProduct(i int) tea.Cmd {
	pr := m.catalog[i]
	items := make([]device.Item, 0, len(m.cart)+1)
	found := false
	for _, it := range m.cart {
		if it.ID == pr.ID {
			it.Quantity++
			found = true
		}
		items = append(items, it)
	}
	if !found {
		items = append(items, device.Item{ID: pr.ID, Name: pr.Name, Price: pr.Price, Quantity: 1, Categories: pr.Categories})
	}
	return m.act("add to cart", scenario.Step{Do: "updateCart", Items: items})
}

func (m *Model) purchase() tea.Cmd {
	if len(m.cart) == 0 {
		return ui.Notify(ui.LevelWarn, "the cart is empty: browse (b) and add (a) first")
	}
	return m.act("purchase", scenario.Step{Do: "purchase", Items: m.cart, Total: cartTotal(m.cart)})
}

func (m *Model) pickKey(msg tea.KeyMsg) tea.Cmd {
	p, k := m.pick, m.fkeys
	switch {
	case key.Matches(msg, k.Cancel):
		m.pick = nil
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		p.move(1)
	case key.Matches(msg, k.Top):
		p.move(-len(p.rows))
	case key.Matches(msg, k.Bottom):
		p.move(len(p.rows))
	case key.Matches(msg, k.Submit):
		m.pick = nil
		switch p.kind {
		case pickDevice:
			if p.cursor == 0 {
				return m.open("")
			}
			return m.open(p.rows[p.cursor])
		case pickAdd:
			m.lastSeen = p.cursor
			return m.addProduct(p.cursor)
		}
		m.lastSeen = p.cursor
		pr := m.catalog[p.cursor]
		return m.act("browse", scenario.Step{Do: "track", EventName: "viewedProduct",
			DataFields: map[string]any{"id": pr.ID, "name": pr.Name, "price": pr.Price, "category": pr.Category}})
	default:
		if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			p.cursor = min(len(p.rows)-1, int(s[0]-'1'))
		}
	}
	return nil
}

func (m *Model) fieldsKey(msg tea.KeyMsg) tea.Cmd {
	f := m.fields
	switch {
	case key.Matches(msg, m.fkeys.Cancel):
		m.fields = nil
		return nil
	case key.Matches(msg, m.fkeys.Submit):
		fields, err := parseFields(f.input.Value())
		if err != nil {
			f.err = err.Error()
			return nil
		}
		m.fields = nil
		return m.act("update profile", scenario.Step{Do: "updateUser", DataFields: fields})
	}
	f.err = ""
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	return cmd
}

func (m *Model) identifyKey(msg tea.KeyMsg) tea.Cmd {
	f := m.ident
	cmd, done, cancel := f.update(m.fkeys, msg)
	switch {
	case cancel:
		m.ident = nil
	case done:
		m.ident = nil
		to, _ := parseIdentity(f.input.Value())
		label := "identify"
		if opts := overridesText(f.replay, f.merge); opts != "" {
			label += " (" + opts + ")"
		}
		return m.act(label, scenario.Step{Do: "identify", Email: to.Email, UserID: to.UserID, Replay: f.replay.ptr(), Merge: f.merge.ptr()})
	}
	return cmd
}

// overridesText names the overrides that are not the default.
func overridesText(replay, merge tri) string {
	var parts []string
	if replay != triDefault {
		parts = append(parts, "replay "+replay.String())
	}
	if merge != triDefault {
		parts = append(parts, "merge "+merge.String())
	}
	return strings.Join(parts, ", ")
}

func cartTotal(items []device.Item) float64 {
	var t float64
	for _, it := range items {
		t += it.Price * float64(it.Quantity)
	}
	return t
}
