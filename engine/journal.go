package engine

import (
	"bytes"
	"context"
	"encoding/json"

	"limen/engine/device"
	"limen/storage"
)

// Save persists one change of a device's local storage in one transaction
// (device.Journal): the state, then Clear, then Remove, then Append of its
// local events (storage.SpaceDeviceEvent).
func (p *Project) Save(ctx context.Context, c device.Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.State == nil || c.State.ID == "" {
		return invalid("change.state.id", "", "a device change needs the device's state and id")
	}
	id := c.State.ID
	return p.db.Update(func(txn *storage.Txn) error {
		rec, err := loadDeviceRecord(txn, id)
		if err != nil {
			return err
		}
		rec.State = c.State
		if err := putJSON(txn, storage.DeviceKey(id), rec); err != nil {
			return err
		}
		if c.Clear {
			keys, err := keysUnder(txn, storage.DeviceEventPrefix(id), 0)
			if err != nil {
				return err
			}
			for _, k := range keys {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
		}
		for _, seq := range c.Remove {
			if err := txn.Delete(storage.DeviceEventKey(id, seq)); err != nil {
				return err
			}
		}
		for _, ev := range c.Append {
			if err := putJSON(txn, storage.DeviceEventKey(id, ev.Seq), ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// LoadDevice returns a device's saved state and local events (in seq
// order); a device never saved is ErrNotFound.
func (p *Project) LoadDevice(id string) (*device.State, []device.LocalEvent, error) {
	var st *device.State
	var events []device.LocalEvent
	err := p.db.View(func(txn *storage.Txn) error {
		rec, err := loadDeviceRecord(txn, id)
		if err != nil {
			return err
		}
		if rec.State == nil {
			return notFound("no device %q", id)
		}
		st = rec.State
		return txn.Iterate(storage.DeviceEventPrefix(id), storage.IterOptions{}, func(_, val []byte) error {
			var ev device.LocalEvent
			if err := json.Unmarshal(val, &ev); err != nil {
				return err
			}
			events = append(events, ev)
			return nil
		})
	})
	return st, events, err
}

// ListDeviceIDs lists every device the project has a record of (saved
// state or consent), in id order. It reads keys only.
func (p *Project) ListDeviceIDs() ([]string, error) {
	var ids []string
	err := p.db.View(func(txn *storage.Txn) error {
		return txn.Iterate(storage.SpaceDevice.Prefix(), storage.IterOptions{KeysOnly: true}, func(key, _ []byte) error {
			id, err := storage.DeviceIDFromKey(key)
			if err == nil {
				ids = append(ids, id)
			}
			return err
		})
	})
	return ids, err
}

// DeviceStates pages through the saved device states in id order,
// starting after the device id after ("" from the start). The next value is
// the last id of a full page, "" otherwise.
func (p *Project) DeviceStates(after string, limit int) ([]device.State, string, error) {
	limit = pageLimit(limit)
	var seek []byte
	if after != "" {
		seek = storage.DeviceKey(after)
	}
	var out []device.State
	var next string
	err := p.db.View(func(txn *storage.Txn) error {
		return txn.Iterate(storage.SpaceDevice.Prefix(), storage.IterOptions{Seek: seek}, func(key, val []byte) error {
			if seek != nil && bytes.Equal(key, seek) {
				return nil
			}
			var rec deviceRecord
			if err := json.Unmarshal(val, &rec); err != nil {
				return err
			}
			if rec.State == nil {
				return nil
			}
			out = append(out, *rec.State)
			if len(out) == limit {
				next = rec.State.ID
				return storage.ErrStop
			}
			return nil
		})
	})
	return out, next, err
}
