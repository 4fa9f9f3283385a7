package storage

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// badgerLogger adapts a *slog.Logger to badger.Logger, so that Badger's log
// lines land wherever limen logs (a file in the data directory) instead of
// on stderr, which belongs to the console.
type badgerLogger struct {
	log *slog.Logger
}

var _ badger.Logger = badgerLogger{}

func newBadgerLogger(l *slog.Logger) badgerLogger {
	return badgerLogger{log: l.With("component", "badger")}
}

func (b badgerLogger) Errorf(format string, args ...any) {
	b.logf(slog.LevelError, format, args)
}

func (b badgerLogger) Warningf(format string, args ...any) {
	b.logf(slog.LevelWarn, format, args)
}

func (b badgerLogger) Infof(format string, args ...any) {
	b.logf(slog.LevelInfo, format, args)
}

func (b badgerLogger) Debugf(format string, args ...any) {
	b.logf(slog.LevelDebug, format, args)
}

// logf formats only when the handler wants the level: Badger logs a lot at
// debug level and formatting is not free.
func (b badgerLogger) logf(level slog.Level, format string, args []any) {
	ctx := context.Background()
	if !b.log.Enabled(ctx, level) {
		return
	}
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	b.log.Log(ctx, level, msg)
}

// loggerOrDiscard returns l, or a logger that drops everything when l is nil.
func loggerOrDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
