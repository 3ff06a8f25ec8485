<?php
// sqlite.php: a minimal SQLite connection shaped like PDO, provided by the lab. You do not need to change it.
//
// Real PHP programs reach SQLite through PDO's pdo_sqlite driver; the sandbox's PHP has PDO without that
// driver, so this file plays its part with PHP's FFI extension, calling the system's SQLite library:
// Sqlite::open($path) gives a connection with the PDO calls a small program needs (prepare, execute with an
// array of values for the ? marks, fetch, fetchAll, query, exec, lastInsertId). A ? value is bound with
// sqlite3_bind_text, so it is never parsed as SQL. Errors are PDOExceptions, with PDO's SQLSTATE as the code
// ('23000' for a broken constraint such as UNIQUE). Like Python's sqlite3, one call runs exactly one statement.

final class SqliteException extends PDOException
{
    public function __construct(string $message, string $sqlstate, int $sqliteCode)
    {
        parent::__construct($message);
        $this->code = $sqlstate;
        $this->errorInfo = [$sqlstate, $sqliteCode, $message];
    }
}

final class Sqlite
{
    private const DECLARATIONS = '
        typedef struct sqlite3 sqlite3;
        typedef struct sqlite3_stmt sqlite3_stmt;
        int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
        int sqlite3_close_v2(sqlite3 *db);
        int sqlite3_busy_timeout(sqlite3 *db, int ms);
        const char *sqlite3_errmsg(sqlite3 *db);
        int sqlite3_extended_errcode(sqlite3 *db);
        int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int nbyte, sqlite3_stmt **stmt, const char **tail);
        int sqlite3_bind_parameter_count(sqlite3_stmt *stmt);
        int sqlite3_bind_null(sqlite3_stmt *stmt, int i);
        int sqlite3_bind_int64(sqlite3_stmt *stmt, int i, long long v);
        int sqlite3_bind_double(sqlite3_stmt *stmt, int i, double v);
        int sqlite3_bind_text(sqlite3_stmt *stmt, int i, const char *v, int n, intptr_t destructor);
        int sqlite3_step(sqlite3_stmt *stmt);
        int sqlite3_reset(sqlite3_stmt *stmt);
        int sqlite3_clear_bindings(sqlite3_stmt *stmt);
        int sqlite3_finalize(sqlite3_stmt *stmt);
        int sqlite3_column_count(sqlite3_stmt *stmt);
        const char *sqlite3_column_name(sqlite3_stmt *stmt, int i);
        int sqlite3_column_type(sqlite3_stmt *stmt, int i);
        long long sqlite3_column_int64(sqlite3_stmt *stmt, int i);
        double sqlite3_column_double(sqlite3_stmt *stmt, int i);
        const void *sqlite3_column_blob(sqlite3_stmt *stmt, int i);
        int sqlite3_column_bytes(sqlite3_stmt *stmt, int i);
        long long sqlite3_last_insert_rowid(sqlite3 *db);
        int sqlite3_changes(sqlite3 *db);
    ';
    private const OK = 0, ROW = 100, DONE = 101, CONSTRAINT = 19;
    private const INTEGER = 1, FLOAT = 2, NULL_TYPE = 5;
    private const TRANSIENT = -1;

    private static ?FFI $ffi = null;
    private $db;

    /** Opens (or creates) the database file at $path. */
    public static function open(string $path): Sqlite
    {
        return new Sqlite($path);
    }

    /** The library's functions, looked up in the global scope as a program linked against libsqlite3 would. */
    public static function ffi(): FFI
    {
        if (self::$ffi === null) {
            $dl = FFI::cdef('void *dlopen(const char *file, int mode);');
            if ($dl->dlopen('libsqlite3.so.0', 0x102) === null) { // RTLD_NOW | RTLD_GLOBAL
                throw new RuntimeException('cannot load libsqlite3.so.0, the system\'s SQLite library');
            }
            self::$ffi = FFI::cdef(self::DECLARATIONS);
        }
        return self::$ffi;
    }

    private function __construct(string $path)
    {
        $ffi = self::ffi();
        $db = $ffi->new('sqlite3*');
        $rc = $ffi->sqlite3_open_v2($path, FFI::addr($db), 0x02 | 0x04, null);
        if ($rc !== self::OK) {
            $message = FFI::isNull($db) ? "cannot open $path" : $ffi->sqlite3_errmsg($db);
            $ffi->sqlite3_close_v2($db);
            throw new SqliteException($message, 'HY000', $rc);
        }
        $ffi->sqlite3_busy_timeout($db, 5000);
        $this->db = $db;
    }

    public function __destruct()
    {
        if ($this->db !== null) {
            self::ffi()->sqlite3_close_v2($this->db);
            $this->db = null;
        }
    }

    /** Prepares one statement; run it with execute(). */
    public function prepare(string $sql): SqliteStatement
    {
        $ffi = self::ffi();
        $stmt = $ffi->new('sqlite3_stmt*');
        $tail = $ffi->new('const char*');
        $text = $ffi->new('char[' . (strlen($sql) + 1) . ']', false);
        FFI::memcpy($text, $sql, strlen($sql));
        $text[strlen($sql)] = "\0";
        try {
            $rc = $ffi->sqlite3_prepare_v2($this->db, $text, strlen($sql), FFI::addr($stmt), FFI::addr($tail));
            if ($rc !== self::OK) {
                throw $this->error();
            }
            if (FFI::isNull($stmt)) {
                throw new SqliteException('the SQL text holds no statement', 'HY000', 21);
            }
            // Like Python's sqlite3: anything after the first statement but spaces and comments is refused.
            $used = FFI::cast('intptr_t', $tail)->cdata - FFI::cast('intptr_t', FFI::addr($text[0]))->cdata;
            $rest = substr($sql, $used);
            if (trim($rest) !== '') {
                $second = $ffi->new('sqlite3_stmt*');
                $rc = $ffi->sqlite3_prepare_v2($this->db, $rest, strlen($rest), FFI::addr($second), null);
                if (!FFI::isNull($second)) {
                    $ffi->sqlite3_finalize($second);
                }
                if ($rc !== self::OK || !FFI::isNull($second)) {
                    $ffi->sqlite3_finalize($stmt);
                    throw new SqliteException('You can only execute one statement at a time.', 'HY000', 21);
                }
            }
        } finally {
            FFI::free($text);
        }
        return new SqliteStatement($this, $stmt);
    }

    /** Prepares and runs a statement without values; fetch its rows from what it returns. */
    public function query(string $sql): SqliteStatement
    {
        $statement = $this->prepare($sql);
        $statement->execute();
        return $statement;
    }

    /** Runs a statement without values; returns how many rows it changed. */
    public function exec(string $sql): int
    {
        $statement = $this->prepare($sql);
        $statement->execute();
        $statement->fetchAll();
        return $statement->rowCount();
    }

    /** The rowid of the last row inserted, as a string (as PDO gives it). */
    public function lastInsertId(): string
    {
        return (string) self::ffi()->sqlite3_last_insert_rowid($this->db);
    }

    /** @internal */
    public function handle()
    {
        return $this->db;
    }

    /** @internal The connection's last error, as a PDOException. */
    public function error(): SqliteException
    {
        $ffi = self::ffi();
        $code = $ffi->sqlite3_extended_errcode($this->db);
        $state = ($code & 0xff) === self::CONSTRAINT ? '23000' : 'HY000';
        return new SqliteException($ffi->sqlite3_errmsg($this->db), $state, $code);
    }

    /** @internal Reads the current row of $stmt as column name => value. */
    public static function row($stmt): array
    {
        $ffi = self::ffi();
        $row = [];
        $count = $ffi->sqlite3_column_count($stmt);
        for ($i = 0; $i < $count; $i++) {
            $name = $ffi->sqlite3_column_name($stmt, $i);
            switch ($ffi->sqlite3_column_type($stmt, $i)) {
                case self::INTEGER:
                    $row[$name] = $ffi->sqlite3_column_int64($stmt, $i);
                    break;
                case self::FLOAT:
                    $row[$name] = $ffi->sqlite3_column_double($stmt, $i);
                    break;
                case self::NULL_TYPE:
                    $row[$name] = null;
                    break;
                default:
                    $bytes = $ffi->sqlite3_column_bytes($stmt, $i);
                    $row[$name] = $bytes === 0 ? '' : FFI::string($ffi->sqlite3_column_blob($stmt, $i), $bytes);
            }
        }
        return $row;
    }
}

final class SqliteStatement
{
    private Sqlite $connection;
    private $stmt;
    private bool $done = true;
    private ?array $pending = null;
    private int $changes = 0;

    /** @internal */
    public function __construct(Sqlite $connection, $stmt)
    {
        $this->connection = $connection;
        $this->stmt = $stmt;
    }

    public function __destruct()
    {
        Sqlite::ffi()->sqlite3_finalize($this->stmt);
    }

    /** Runs the statement with $values for its ? marks, in order. */
    public function execute(array $values = []): bool
    {
        $ffi = Sqlite::ffi();
        $ffi->sqlite3_reset($this->stmt);
        $ffi->sqlite3_clear_bindings($this->stmt);
        $values = array_values($values);
        $expected = $ffi->sqlite3_bind_parameter_count($this->stmt);
        if (count($values) !== $expected) {
            throw new SqliteException("the statement has $expected ? marks but " . count($values) . ' values were given', 'HY093', 25);
        }
        foreach ($values as $index => $value) {
            $i = $index + 1;
            if ($value === null) {
                $rc = $ffi->sqlite3_bind_null($this->stmt, $i);
            } elseif (is_int($value) || is_bool($value)) {
                $rc = $ffi->sqlite3_bind_int64($this->stmt, $i, (int) $value);
            } elseif (is_float($value)) {
                $rc = $ffi->sqlite3_bind_double($this->stmt, $i, $value);
            } else {
                $text = (string) $value;
                $rc = $ffi->sqlite3_bind_text($this->stmt, $i, $text, strlen($text), -1);
            }
            if ($rc !== 0) {
                throw $this->connection->error();
            }
        }
        $this->done = false;
        $this->pending = null;
        $this->step();
        return true;
    }

    /** The next row as column name => value, or false after the last. */
    public function fetch()
    {
        if ($this->pending === null) {
            return false;
        }
        $row = $this->pending;
        $this->pending = null;
        $this->step();
        return $row;
    }

    /** The remaining rows. */
    public function fetchAll(): array
    {
        $rows = [];
        while (($row = $this->fetch()) !== false) {
            $rows[] = $row;
        }
        return $rows;
    }

    /** The first column of the next row, or false after the last. */
    public function fetchColumn()
    {
        $row = $this->fetch();
        return $row === false ? false : array_values($row)[0];
    }

    /** How many rows the statement changed. */
    public function rowCount(): int
    {
        return $this->changes;
    }

    private function step(): void
    {
        if ($this->done) {
            return;
        }
        $ffi = Sqlite::ffi();
        $rc = $ffi->sqlite3_step($this->stmt);
        if ($rc === 100) {
            $this->pending = Sqlite::row($this->stmt);
            return;
        }
        $this->done = true;
        if ($rc !== 101) {
            $error = $this->connection->error();
            $ffi->sqlite3_reset($this->stmt);
            throw $error;
        }
        $this->changes = $ffi->sqlite3_changes($this->connection->handle());
    }
}
