package storage

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	mustSet(t, db, ProfileKey(7), []byte(`{"id":7}`))
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	db = openDir(t, dir, nil)
	if got := mustGet(t, db, ProfileKey(7)); string(got) != `{"id":7}` {
		t.Fatalf("after reopen got %q", got)
	}
}

func TestOpenCreatesDirectoryPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "data")
	db := openDir(t, dir, nil)
	if db.Dir() != dir || db.InMemory() {
		t.Fatalf("Dir() = %q, InMemory() = %v", db.Dir(), db.InMemory())
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Fatalf("directory mode %o, want 700", perm)
	}
}

func TestOpenInMemoryIgnoresDir(t *testing.T) {
	db, err := Open(Options{InMemory: true, Dir: t.TempDir(), GCInterval: time.Millisecond})
	if err != nil {
		t.Fatalf("Open in memory with Dir set: %v", err)
	}
	defer db.Close()
	if db.Dir() != "" || !db.InMemory() || db.gcStop != nil {
		t.Fatalf("Dir() = %q, InMemory() = %v, GC on = %v", db.Dir(), db.InMemory(), db.gcStop != nil)
	}
}

func TestOpenWithoutDirFails(t *testing.T) {
	if _, err := Open(Options{}); err == nil {
		t.Fatal("Open with neither Dir nor InMemory succeeded")
	}
}

func TestSecondOpenIsLocked(t *testing.T) {
	dir := t.TempDir()
	first := openDir(t, dir, nil)

	_, err := Open(Options{Dir: dir})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: got %v, want ErrLocked", err)
	}
	want := "data directory " + dir + " is in use by another limen"
	if err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("message is not one line: %q", err.Error())
	}

	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	openDir(t, dir, nil) // the lock is released by Close
}

func TestIsDirLockError(t *testing.T) {
	tests := []struct {
		msg  string
		want bool
	}{
		{`Cannot acquire directory lock on "/d".  Another process is using this Badger database. err: resource temporarily unavailable`, true},
		{`Cannot create lock file "C:\\d\\LOCK".  Another process is using this Badger database err: The process cannot access the file because it is being used by another process.`, true},
		{`open /d/MANIFEST: resource temporarily unavailable`, true},
		{`Manifest has bad magic`, false},
		{`mkdir /d: permission denied`, false},
	}
	for _, tt := range tests {
		if got := isDirLockError(errors.New(tt.msg)); got != tt.want {
			t.Errorf("isDirLockError(%q) = %v, want %v", tt.msg, got, tt.want)
		}
	}
}

func TestCloseTwiceAndUseAfterClose(t *testing.T) {
	db, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.NextID("profile"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("first Close: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	noop := func(*Txn) error { return nil }
	if err := db.View(noop); !errors.Is(err, ErrClosed) {
		t.Errorf("View after Close: %v", err)
	}
	if err := db.Update(noop); !errors.Is(err, ErrClosed) {
		t.Errorf("Update after Close: %v", err)
	}
	if _, err := db.NextID("profile"); !errors.Is(err, ErrClosed) {
		t.Errorf("NextID after Close: %v", err)
	}
}

// TestBadgerLogsGoToSlogNotStderr opens, writes and closes a directory DB
// with stderr redirected to a pipe: Badger's lines must reach the slog
// handler and nothing may reach stderr.
func TestBadgerLogsGoToSlogNotStderr(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	realStderr := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = realStderr }()

	logger, logs := newTestLogger(slog.LevelDebug)
	db, err := Open(Options{Dir: t.TempDir(), Logger: logger})
	if err != nil {
		os.Stderr = realStderr
		t.Fatal(err)
	}
	mustSet(t, db, MetaKey("schema"), []byte("1"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	os.Stderr = realStderr
	w.Close()
	leaked, _ := io.ReadAll(r)
	if len(leaked) > 0 {
		t.Errorf("wrote to stderr: %q", leaked)
	}
	out := logs.String()
	if !strings.Contains(out, "component=badger") || !strings.Contains(out, "level=INFO") {
		t.Errorf("no Badger INFO lines in the slog output:\n%s", out)
	}
}

func TestBadgerLoggerLevels(t *testing.T) {
	logger, logs := newTestLogger(slog.LevelInfo)
	l := newBadgerLogger(logger)
	l.Debugf("hidden %d", 1)
	l.Infof("info %d\n", 2)
	l.Warningf("warn %d", 3)
	l.Errorf("error %d", 4)
	out := logs.String()
	for _, want := range []string{`level=INFO msg="info 2"`, `level=WARN msg="warn 3"`, `level=ERROR msg="error 4"`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "hidden") {
		t.Errorf("debug line passed an INFO handler:\n%s", out)
	}
	newBadgerLogger(loggerOrDiscard(nil)).Errorf("to nowhere") // must not panic
}

func TestValueLogGCRunsAndStops(t *testing.T) {
	logger, logs := newTestLogger(slog.LevelDebug)
	db, err := Open(Options{Dir: t.TempDir(), Logger: logger, GCInterval: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if db.gcStop == nil {
		t.Fatal("GC goroutine not started")
	}
	for i := range 50 {
		mustSet(t, db, ProfileKey(uint64(i%5)), make([]byte, 2<<10))
	}
	time.Sleep(30 * time.Millisecond) // a few ticks; ErrNoRewrite must stay quiet
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-db.gcDone:
	default:
		t.Fatal("GC goroutine still running after Close")
	}
	if strings.Contains(logs.String(), "value log GC failed") {
		t.Errorf("GC logged a failure:\n%s", logs.String())
	}
}
