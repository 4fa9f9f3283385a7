package storage

import (
	"errors"
	"strings"
	"syscall"
)

// dirLockedError is what Open returns when Badger cannot lock the data
// directory. Its message is one plain line meant for the user; the Badger
// error stays reachable through Unwrap for logs.
type dirLockedError struct {
	dir   string
	cause error
}

func (e *dirLockedError) Error() string {
	return "data directory " + e.dir + " is in use by another limen"
}

func (e *dirLockedError) Is(target error) bool { return target == ErrLocked }

func (e *dirLockedError) Unwrap() error { return e.cause }

// isDirLockError reports whether err from badger.Open means that another
// open DB holds the directory lock. The markers are lower-cased fragments of
// the errors Badger v4.9.6 produces when the directory lock is held:
//   - dir_unix.go: `Cannot acquire directory lock on "<dir>".  Another process
//     is using this Badger database. err: resource temporarily unavailable`
//     (flock with LOCK_NB fails with EWOULDBLOCK);
//   - dir_windows.go: `Cannot create lock file "<file>".  Another process is
//     using this Badger database err: The process cannot access the file
//     because it is being used by another process.`
//
// Outside its debug mode Badger formats the cause with %+v rather than %w, so
// the errno is usually not reachable with errors.Is and the text is checked.
// EEXIST is deliberately not treated as a lock error: no Badger platform
// reports a held lock that way, while creating a table or value-log file that
// already exists (a damaged directory) does.
func isDirLockError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN) {
		return true
	}
	markers := [...]string{
		"cannot acquire directory lock",
		"another process is using this badger database",
		"resource temporarily unavailable",
		"being used by another process",
	}
	msg := strings.ToLower(err.Error())
	for _, marker := range markers {
		if strings.Contains(msg, marker) {
			return true
		}
	}
	return false
}
