package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"limen/engine/criteria"
	"limen/engine/device"
)

// object decodes a JSON object, reporting missing required members and
// members that are neither required nor optional.
func (p *parser) object(path string, raw json.RawMessage, required, optional []string) map[string]json.RawMessage {
	where := path
	if where == "" {
		where = "(file)"
	}
	var m map[string]json.RawMessage
	if len(raw) == 0 || bytes.TrimSpace(raw)[0] != '{' || json.Unmarshal(raw, &m) != nil {
		p.add(where, "must be a JSON object")
		return nil
	}
	for _, k := range required {
		if _, ok := m[k]; !ok {
			p.add(join(path, k), "missing")
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	allowed := append(append([]string(nil), required...), optional...)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			p.add(join(path, k), "unknown member; allowed here: %s", strings.Join(allowed, ", "))
		}
	}
	return m
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (p *parser) array(path string, raw json.RawMessage) []json.RawMessage {
	if raw == nil {
		return nil
	}
	var arr []json.RawMessage
	if bytes.TrimSpace(raw)[0] != '[' || json.Unmarshal(raw, &arr) != nil {
		p.add(path, "must be a JSON array")
		return nil
	}
	if arr == nil {
		arr = []json.RawMessage{}
	}
	return arr
}

func (p *parser) str(path string, raw json.RawMessage, out *string) {
	if raw == nil {
		return
	}
	if json.Unmarshal(raw, out) != nil || bytes.TrimSpace(raw)[0] != '"' {
		p.add(path, "must be a string, not %s", raw)
	}
}

func (p *parser) number(path string, raw json.RawMessage, out *float64) bool {
	if raw == nil {
		return false
	}
	if json.Unmarshal(raw, out) != nil {
		p.add(path, "must be a number, not %s", raw)
		return false
	}
	return true
}

func (p *parser) boolean(path string, raw json.RawMessage, out *bool) {
	if raw == nil {
		return
	}
	if json.Unmarshal(raw, out) != nil {
		p.add(path, "must be true or false, not %s", raw)
	}
}

func (p *parser) optBool(path string, raw json.RawMessage) *bool {
	if raw == nil {
		return nil
	}
	var b bool
	p.boolean(path, raw, &b)
	return &b
}

// fields decodes a dataFields object, keeping numbers exact (json.Number).
func (p *parser) fields(path string, raw json.RawMessage) map[string]any {
	if raw == nil {
		return nil
	}
	v, err := criteria.DecodeValue(raw)
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		p.add(path, "must be a JSON object of data fields")
		return nil
	}
	return m
}

func (p *parser) items(path string, raw json.RawMessage) []device.Item {
	arr := p.array(path, raw)
	items := make([]device.Item, 0, len(arr))
	for i, el := range arr {
		ip := fmt.Sprintf("%s[%d]", path, i)
		m := p.object(ip, el, []string{"id", "name", "price", "quantity"},
			[]string{"sku", "description", "url", "imageUrl", "categories", "dataFields"})
		if m == nil {
			continue
		}
		var it device.Item
		var price, qty float64
		p.str(ip+".id", m["id"], &it.ID)
		p.str(ip+".name", m["name"], &it.Name)
		p.number(ip+".price", m["price"], &price)
		if p.number(ip+".quantity", m["quantity"], &qty) && (qty < 0 || qty != float64(int(qty))) {
			p.add(ip+".quantity", "must be a whole number of items, not %v", qty)
		}
		it.Price, it.Quantity = price, int(qty)
		p.str(ip+".sku", m["sku"], &it.SKU)
		p.str(ip+".description", m["description"], &it.Description)
		p.str(ip+".url", m["url"], &it.URL)
		p.str(ip+".imageUrl", m["imageUrl"], &it.ImageURL)
		if raw, ok := m["categories"]; ok && json.Unmarshal(raw, &it.Categories) != nil {
			p.add(ip+".categories", "must be an array of strings")
		}
		it.DataFields = p.fields(ip+".dataFields", m["dataFields"])
		items = append(items, it)
	}
	return items
}
