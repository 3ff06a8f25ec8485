// sqlite.go: a minimal database/sql driver for SQLite, provided by the lab. You do not need to change it.
//
// Real Go programs use a driver such as github.com/mattn/go-sqlite3; the sandbox cannot download modules,
// so this file does the same job the same way: it calls the system's SQLite library through cgo.
// Register name: "sqlite3". Placeholders are ?, values are bound with sqlite3_bind_*, so a bound value is
// never parsed as SQL. Like Python's sqlite3, one Exec or Query runs exactly one statement.
package main

/*
#cgo LDFLAGS: -l:libsqlite3.so.0
#include <stdlib.h>
#include <stdint.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef void (*sqlite3_destructor_type)(void*);

int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
int sqlite3_close_v2(sqlite3 *db);
const char *sqlite3_errmsg(sqlite3 *db);
int sqlite3_extended_errcode(sqlite3 *db);
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int nbyte, sqlite3_stmt **stmt, const char **tail);
int sqlite3_bind_parameter_count(sqlite3_stmt *stmt);
int sqlite3_bind_null(sqlite3_stmt *stmt, int i);
int sqlite3_bind_int64(sqlite3_stmt *stmt, int i, long long v);
int sqlite3_bind_double(sqlite3_stmt *stmt, int i, double v);
int sqlite3_bind_text(sqlite3_stmt *stmt, int i, const char *v, int n, sqlite3_destructor_type d);
int sqlite3_bind_blob(sqlite3_stmt *stmt, int i, const void *v, int n, sqlite3_destructor_type d);
int sqlite3_step(sqlite3_stmt *stmt);
int sqlite3_reset(sqlite3_stmt *stmt);
int sqlite3_clear_bindings(sqlite3_stmt *stmt);
int sqlite3_finalize(sqlite3_stmt *stmt);
int sqlite3_column_count(sqlite3_stmt *stmt);
const char *sqlite3_column_name(sqlite3_stmt *stmt, int i);
int sqlite3_column_type(sqlite3_stmt *stmt, int i);
long long sqlite3_column_int64(sqlite3_stmt *stmt, int i);
double sqlite3_column_double(sqlite3_stmt *stmt, int i);
const unsigned char *sqlite3_column_text(sqlite3_stmt *stmt, int i);
const void *sqlite3_column_blob(sqlite3_stmt *stmt, int i);
int sqlite3_column_bytes(sqlite3_stmt *stmt, int i);
long long sqlite3_last_insert_rowid(sqlite3 *db);
int sqlite3_changes(sqlite3 *db);
int sqlite3_busy_timeout(sqlite3 *db, int ms);

// SQLITE_TRANSIENT: SQLite copies the value before the bind call returns.
static int bind_text(sqlite3_stmt *stmt, int i, const char *v, int n) {
	return sqlite3_bind_text(stmt, i, v, n, (sqlite3_destructor_type)-1);
}
static int bind_blob(sqlite3_stmt *stmt, int i, const void *v, int n) {
	return sqlite3_bind_blob(stmt, i, v, n, (sqlite3_destructor_type)-1);
}
*/
import "C"

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"unsafe"
)

const (
	sqliteOK         = 0
	sqliteRow        = 100
	sqliteDone       = 101
	sqliteOpenRW     = 0x02
	sqliteOpenCreate = 0x04
	sqliteInteger    = 1
	sqliteFloat      = 2
	sqliteText       = 3
	sqliteBlob       = 4
	sqliteNull       = 5

	// SQLiteConstraint is the primary result code of a failed constraint (UNIQUE, NOT NULL, CHECK, ...).
	SQLiteConstraint = 19
)

// SQLiteError is the error every call of this driver returns when SQLite reports one.
// Code is SQLite's primary result code: compare it with SQLiteConstraint, for example.
type SQLiteError struct {
	Code         int
	ExtendedCode int
	Message      string
}

func (e *SQLiteError) Error() string { return e.Message }

func init() { sql.Register("sqlite3", sqliteDriver{}) }

type sqliteDriver struct{}

type sqliteConn struct{ db *C.sqlite3 }

type sqliteStmt struct {
	conn *sqliteConn
	stmt *C.sqlite3_stmt
}

type sqliteRows struct {
	s       *sqliteStmt
	columns []string
	done    bool
}

type sqliteResult struct{ lastID, changes int64 }

func (c *sqliteConn) lastError() error {
	code := int(C.sqlite3_extended_errcode(c.db))
	return &SQLiteError{Code: code & 0xff, ExtendedCode: code, Message: C.GoString(C.sqlite3_errmsg(c.db))}
}

func (sqliteDriver) Open(name string) (driver.Conn, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var db *C.sqlite3
	if rc := C.sqlite3_open_v2(cname, &db, sqliteOpenRW|sqliteOpenCreate, nil); rc != sqliteOK {
		err := &SQLiteError{Code: int(rc) & 0xff, ExtendedCode: int(rc), Message: fmt.Sprintf("cannot open %s", name)}
		if db != nil {
			err.Message = C.GoString(C.sqlite3_errmsg(db))
			C.sqlite3_close_v2(db)
		}
		return nil, err
	}
	C.sqlite3_busy_timeout(db, 5000)
	return &sqliteConn{db: db}, nil
}

func (c *sqliteConn) Prepare(query string) (driver.Stmt, error) {
	cquery := C.CString(query)
	defer C.free(unsafe.Pointer(cquery))
	var stmt *C.sqlite3_stmt
	var tail *C.char
	if rc := C.sqlite3_prepare_v2(c.db, cquery, -1, &stmt, &tail); rc != sqliteOK {
		return nil, c.lastError()
	}
	if stmt == nil {
		return nil, errors.New("sqlite3: the SQL text holds no statement")
	}
	// Like Python's sqlite3: anything after the first statement other than spaces and comments is refused.
	if tail != nil && *tail != 0 {
		var rest *C.sqlite3_stmt
		var restTail *C.char
		rc := C.sqlite3_prepare_v2(c.db, tail, -1, &rest, &restTail)
		if rest != nil {
			C.sqlite3_finalize(rest)
		}
		if rc != sqliteOK || rest != nil {
			C.sqlite3_finalize(stmt)
			return nil, errors.New("sqlite3: you can only execute one statement at a time")
		}
	}
	return &sqliteStmt{conn: c, stmt: stmt}, nil
}

func (c *sqliteConn) Close() error {
	if rc := C.sqlite3_close_v2(c.db); rc != sqliteOK {
		return c.lastError()
	}
	return nil
}

func (c *sqliteConn) Begin() (driver.Tx, error) {
	if err := c.exec("BEGIN"); err != nil {
		return nil, err
	}
	return sqliteTx{c}, nil
}

func (c *sqliteConn) exec(query string) error {
	s, err := c.Prepare(query)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Exec(nil)
	return err
}

type sqliteTx struct{ c *sqliteConn }

func (t sqliteTx) Commit() error   { return t.c.exec("COMMIT") }
func (t sqliteTx) Rollback() error { return t.c.exec("ROLLBACK") }

func (s *sqliteStmt) Close() error {
	C.sqlite3_finalize(s.stmt)
	return nil
}

func (s *sqliteStmt) NumInput() int { return int(C.sqlite3_bind_parameter_count(s.stmt)) }

func (s *sqliteStmt) bind(args []driver.Value) error {
	C.sqlite3_reset(s.stmt)
	C.sqlite3_clear_bindings(s.stmt)
	for i, arg := range args {
		n := C.int(i + 1)
		var rc C.int
		switch v := arg.(type) {
		case nil:
			rc = C.sqlite3_bind_null(s.stmt, n)
		case int64:
			rc = C.sqlite3_bind_int64(s.stmt, n, C.longlong(v))
		case float64:
			rc = C.sqlite3_bind_double(s.stmt, n, C.double(v))
		case bool:
			b := 0
			if v {
				b = 1
			}
			rc = C.sqlite3_bind_int64(s.stmt, n, C.longlong(b))
		case string:
			cv := C.CString(v)
			rc = C.bind_text(s.stmt, n, cv, C.int(len(v)))
			C.free(unsafe.Pointer(cv))
		case []byte:
			cv := C.CBytes(v)
			rc = C.bind_blob(s.stmt, n, cv, C.int(len(v)))
			C.free(cv)
		default:
			return fmt.Errorf("sqlite3: cannot bind a %T", arg)
		}
		if rc != sqliteOK {
			return s.conn.lastError()
		}
	}
	return nil
}

func (s *sqliteStmt) Exec(args []driver.Value) (driver.Result, error) {
	if err := s.bind(args); err != nil {
		return nil, err
	}
	for {
		rc := C.sqlite3_step(s.stmt)
		if rc == sqliteRow {
			continue
		}
		if rc != sqliteDone {
			err := s.conn.lastError()
			C.sqlite3_reset(s.stmt)
			return nil, err
		}
		break
	}
	return sqliteResult{
		lastID:  int64(C.sqlite3_last_insert_rowid(s.conn.db)),
		changes: int64(C.sqlite3_changes(s.conn.db)),
	}, nil
}

func (s *sqliteStmt) Query(args []driver.Value) (driver.Rows, error) {
	if err := s.bind(args); err != nil {
		return nil, err
	}
	count := int(C.sqlite3_column_count(s.stmt))
	columns := make([]string, count)
	for i := range columns {
		columns[i] = C.GoString(C.sqlite3_column_name(s.stmt, C.int(i)))
	}
	return &sqliteRows{s: s, columns: columns}, nil
}

func (r sqliteResult) LastInsertId() (int64, error) { return r.lastID, nil }
func (r sqliteResult) RowsAffected() (int64, error) { return r.changes, nil }

func (r *sqliteRows) Columns() []string { return r.columns }

func (r *sqliteRows) Close() error {
	C.sqlite3_reset(r.s.stmt)
	return nil
}

func (r *sqliteRows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	rc := C.sqlite3_step(r.s.stmt)
	if rc == sqliteDone {
		r.done = true
		return io.EOF
	}
	if rc != sqliteRow {
		r.done = true
		return r.s.conn.lastError()
	}
	for i := range dest {
		n := C.int(i)
		switch C.sqlite3_column_type(r.s.stmt, n) {
		case sqliteInteger:
			dest[i] = int64(C.sqlite3_column_int64(r.s.stmt, n))
		case sqliteFloat:
			dest[i] = float64(C.sqlite3_column_double(r.s.stmt, n))
		case sqliteText:
			p := C.sqlite3_column_text(r.s.stmt, n)
			dest[i] = C.GoStringN((*C.char)(unsafe.Pointer(p)), C.sqlite3_column_bytes(r.s.stmt, n))
		case sqliteBlob:
			p := C.sqlite3_column_blob(r.s.stmt, n)
			dest[i] = C.GoBytes(p, C.sqlite3_column_bytes(r.s.stmt, n))
		default:
			dest[i] = nil
		}
	}
	return nil
}
