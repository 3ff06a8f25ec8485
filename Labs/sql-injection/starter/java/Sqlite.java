// Sqlite.java: a minimal JDBC connection to SQLite, provided by the lab. You do not need to change it.
//
// Real Java programs get SQLite through a JDBC driver such as org.xerial:sqlite-jdbc; the sandbox cannot
// download one, so this file plays its part: Sqlite.connect(path) returns a java.sql.Connection, and you use
// it with the JDK's own JDBC interfaces (Statement, PreparedStatement, ResultSet, SQLException) as you would
// any driver. It calls the system's SQLite library through the JDK's foreign function API
// (jdk.incubator.foreign in Java 17, hence the --add-modules flag and the "incubator" warning on stderr).
// A ? in a PreparedStatement is bound with sqlite3_bind_*, so a bound value is never parsed as SQL.
// Like Python's sqlite3, one execute runs exactly one statement. Only what a small program needs is here;
// anything else throws SQLFeatureNotSupportedException.
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemoryLayout;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;

public final class Sqlite {
    private Sqlite() {}

    /** Opens (or creates) the database file at path. */
    public static Connection connect(String path) throws SQLException {
        MemoryAddress db;
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemorySegment out = MemorySegment.allocateNative(CLinker.C_POINTER, scope);
            int rc = (int) call(OPEN, cString(path, scope).address(), out.address(), 0x02 | 0x04, MemoryAddress.NULL);
            db = MemoryAccess.getAddress(out);
            if (rc != OK) {
                String message = db.equals(MemoryAddress.NULL) ? "cannot open " + path : errorMessage(db);
                call(CLOSE, db);
                throw new SQLException(message, null, rc);
            }
        }
        call(BUSY_TIMEOUT, db, 5000);
        return proxy(Connection.class, new Conn(db));
    }

    // ---- the C functions -------------------------------------------------------------------------------

    private static final int OK = 0, ROW = 100, DONE = 101, CONSTRAINT = 19;
    private static final int INTEGER = 1, FLOAT = 2, TEXT = 3, BLOB = 4;
    private static final MemoryAddress TRANSIENT = MemoryAddress.ofLong(-1);

    private static final MemoryLayout P = CLinker.C_POINTER, I = CLinker.C_INT, L = CLinker.C_LONG_LONG,
            D = CLinker.C_DOUBLE;
    private static final MethodHandle DLSYM = system("dlsym", FunctionDescriptor.of(P, P, P));
    static {
        // Load the library into the global scope and look each function up there, as a program linked
        // against libsqlite3 would.
        MethodHandle dlopen = system("dlopen", FunctionDescriptor.of(P, P, I));
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemoryAddress handle = (MemoryAddress) call(dlopen, cString("libsqlite3.so.0", scope).address(), 0x102);
            if (handle.equals(MemoryAddress.NULL)) {
                throw new ExceptionInInitializerError("cannot load libsqlite3.so.0, the system's SQLite library");
            }
        }
    }
    private static final MethodHandle OPEN = fn("sqlite3_open_v2", FunctionDescriptor.of(I, P, P, I, P));
    private static final MethodHandle CLOSE = fn("sqlite3_close_v2", FunctionDescriptor.of(I, P));
    private static final MethodHandle BUSY_TIMEOUT = fn("sqlite3_busy_timeout", FunctionDescriptor.of(I, P, I));
    private static final MethodHandle ERRMSG = fn("sqlite3_errmsg", FunctionDescriptor.of(P, P));
    private static final MethodHandle ERRCODE = fn("sqlite3_extended_errcode", FunctionDescriptor.of(I, P));
    private static final MethodHandle PREPARE = fn("sqlite3_prepare_v2", FunctionDescriptor.of(I, P, P, I, P, P));
    private static final MethodHandle PARAM_COUNT = fn("sqlite3_bind_parameter_count", FunctionDescriptor.of(I, P));
    private static final MethodHandle BIND_NULL = fn("sqlite3_bind_null", FunctionDescriptor.of(I, P, I));
    private static final MethodHandle BIND_INT64 = fn("sqlite3_bind_int64", FunctionDescriptor.of(I, P, I, L));
    private static final MethodHandle BIND_DOUBLE = fn("sqlite3_bind_double", FunctionDescriptor.of(I, P, I, D));
    private static final MethodHandle BIND_TEXT = fn("sqlite3_bind_text", FunctionDescriptor.of(I, P, I, P, I, P));
    private static final MethodHandle STEP = fn("sqlite3_step", FunctionDescriptor.of(I, P));
    private static final MethodHandle RESET = fn("sqlite3_reset", FunctionDescriptor.of(I, P));
    private static final MethodHandle CLEAR = fn("sqlite3_clear_bindings", FunctionDescriptor.of(I, P));
    private static final MethodHandle FINALIZE = fn("sqlite3_finalize", FunctionDescriptor.of(I, P));
    private static final MethodHandle COLUMN_COUNT = fn("sqlite3_column_count", FunctionDescriptor.of(I, P));
    private static final MethodHandle COLUMN_NAME = fn("sqlite3_column_name", FunctionDescriptor.of(P, P, I));
    private static final MethodHandle COLUMN_TYPE = fn("sqlite3_column_type", FunctionDescriptor.of(I, P, I));
    private static final MethodHandle COLUMN_INT64 = fn("sqlite3_column_int64", FunctionDescriptor.of(L, P, I));
    private static final MethodHandle COLUMN_DOUBLE = fn("sqlite3_column_double", FunctionDescriptor.of(D, P, I));
    private static final MethodHandle COLUMN_TEXT = fn("sqlite3_column_text", FunctionDescriptor.of(P, P, I));
    private static final MethodHandle COLUMN_BYTES = fn("sqlite3_column_bytes", FunctionDescriptor.of(I, P, I));
    private static final MethodHandle LAST_ROWID = fn("sqlite3_last_insert_rowid", FunctionDescriptor.of(L, P));
    private static final MethodHandle CHANGES = fn("sqlite3_changes", FunctionDescriptor.of(I, P));

    private static MethodHandle system(String name, FunctionDescriptor descriptor) {
        MemoryAddress address = CLinker.systemLookup().lookup(name).orElseThrow();
        return CLinker.getInstance().downcallHandle(address, type(descriptor), descriptor);
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemoryAddress address = (MemoryAddress) call(DLSYM, MemoryAddress.NULL, cString(name, scope).address());
            if (address.equals(MemoryAddress.NULL)) {
                throw new ExceptionInInitializerError("libsqlite3 has no function " + name);
            }
            return CLinker.getInstance().downcallHandle(address, type(descriptor), descriptor);
        }
    }

    private static MethodType type(FunctionDescriptor descriptor) {
        List<Class<?>> params = new ArrayList<>();
        for (MemoryLayout layout : descriptor.argumentLayouts()) {
            params.add(carrier(layout));
        }
        Class<?> result = descriptor.returnLayout().map(Sqlite::carrier).orElse(void.class);
        return MethodType.methodType(result, params);
    }

    private static Class<?> carrier(MemoryLayout layout) {
        if (layout == P) return MemoryAddress.class;
        if (layout == L) return long.class;
        if (layout == D) return double.class;
        return int.class;
    }

    private static Object call(MethodHandle handle, Object... args) {
        try {
            return handle.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MemorySegment cString(String text, ResourceScope scope) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MemorySegment segment = MemorySegment.allocateNative(bytes.length + 1L, scope);
        segment.asSlice(0, bytes.length).copyFrom(MemorySegment.ofArray(bytes));
        MemoryAccess.setByteAtOffset(segment, bytes.length, (byte) 0);
        return segment;
    }

    private static String javaString(MemoryAddress address, int length) {
        if (address.equals(MemoryAddress.NULL)) return null;
        return new String(address.asSegment(length, ResourceScope.globalScope()).toByteArray(), StandardCharsets.UTF_8);
    }

    private static String errorMessage(MemoryAddress db) {
        return CLinker.toJavaString((MemoryAddress) call(ERRMSG, db));
    }

    private static SQLException error(MemoryAddress db) {
        int code = (int) call(ERRCODE, db);
        String message = errorMessage(db);
        if ((code & 0xff) == CONSTRAINT) {
            return new SQLIntegrityConstraintViolationException(message, null, code);
        }
        return new SQLException(message, null, code);
    }

    // ---- JDBC objects, as dynamic proxies over a few handlers -------------------------------------------

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(Sqlite.class.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Object[] a = args == null ? new Object[0] : args;
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
                switch (name) {
                    case "equals": return self == a[0];
                    case "hashCode": return System.identityHashCode(self);
                    default: return handler.getClass().getSimpleName();
                }
            }
            Object result = handler.handle(name, method, a);
            if (result == UNSUPPORTED) {
                throw new SQLFeatureNotSupportedException("not supported by Sqlite.java: " + method);
            }
            return result;
        });
    }

    private static final Object UNSUPPORTED = new Object();

    private interface Handler {
        Object handle(String name, Method method, Object[] args) throws SQLException;
    }

    private static final class Conn implements Handler {
        final MemoryAddress db;
        boolean closed, autoCommit = true;

        Conn(MemoryAddress db) { this.db = db; }

        public Object handle(String name, Method method, Object[] args) throws SQLException {
            switch (name) {
                case "createStatement": open(); return proxy(Statement.class, new Stmt(this, null));
                case "prepareStatement": open(); return proxy(PreparedStatement.class, new Stmt(this, (String) args[0]));
                case "getAutoCommit": return autoCommit;
                case "setAutoCommit":
                    boolean on = (Boolean) args[0];
                    if (on != autoCommit) {
                        run(on ? "COMMIT" : "BEGIN");
                        autoCommit = on;
                    }
                    return null;
                case "commit": if (!autoCommit) { run("COMMIT"); run("BEGIN"); } return null;
                case "rollback": if (!autoCommit) { run("ROLLBACK"); run("BEGIN"); } return null;
                case "isClosed": return closed;
                case "close": if (!closed) { closed = true; call(CLOSE, db); } return null;
                default: return UNSUPPORTED;
            }
        }

        void open() throws SQLException {
            if (closed) throw new SQLException("the connection is closed");
        }

        void run(String sql) throws SQLException {
            Prepared p = prepare(sql);
            try {
                p.step();
            } finally {
                p.close();
            }
        }

        Prepared prepare(String sql) throws SQLException {
            open();
            try (ResourceScope scope = ResourceScope.newConfinedScope()) {
                MemorySegment out = MemorySegment.allocateNative(CLinker.C_POINTER, scope);
                MemorySegment tail = MemorySegment.allocateNative(CLinker.C_POINTER, scope);
                MemorySegment text = cString(sql, scope);
                int rc = (int) call(PREPARE, db, text.address(), -1, out.address(), tail.address());
                MemoryAddress stmt = MemoryAccess.getAddress(out);
                if (rc != OK) throw error(db);
                if (stmt.equals(MemoryAddress.NULL)) throw new SQLException("the SQL text holds no statement");
                // Like Python's sqlite3: anything after the first statement but spaces and comments is refused.
                MemoryAddress rest = MemoryAccess.getAddress(tail);
                if (MemoryAccess.getByteAtOffset(text, rest.segmentOffset(text)) != 0) {
                    int rc2 = (int) call(PREPARE, db, rest, -1, out.address(), tail.address());
                    MemoryAddress second = MemoryAccess.getAddress(out);
                    if (!second.equals(MemoryAddress.NULL)) call(FINALIZE, second);
                    if (rc2 != OK || !second.equals(MemoryAddress.NULL)) {
                        call(FINALIZE, stmt);
                        throw new SQLException("You can only execute one statement at a time.");
                    }
                }
                return new Prepared(this, stmt);
            }
        }
    }

    /** One prepared sqlite3_stmt. */
    private static final class Prepared {
        final Conn conn;
        final MemoryAddress stmt;
        boolean finalized;

        Prepared(Conn conn, MemoryAddress stmt) { this.conn = conn; this.stmt = stmt; }

        /** Steps once: true when a row is ready. */
        boolean step() throws SQLException {
            int rc = (int) call(STEP, stmt);
            if (rc == ROW) return true;
            if (rc == DONE) return false;
            SQLException e = error(conn.db);
            call(RESET, stmt);
            throw e;
        }

        void close() {
            if (!finalized) {
                finalized = true;
                call(FINALIZE, stmt);
            }
        }
    }

    private static final class Stmt implements Handler {
        final Conn conn;
        final String sql;               // null for a plain Statement
        final Map<Integer, Object> params = new TreeMap<>();
        Prepared prepared;              // a PreparedStatement's, made on first use
        Rows results;
        int updateCount = -1;
        long generatedKey = -1;
        boolean closed;

        Stmt(Conn conn, String sql) { this.conn = conn; this.sql = sql; }

        public Object handle(String name, Method method, Object[] args) throws SQLException {
            switch (name) {
                case "setString": case "setInt": case "setLong": case "setDouble": case "setObject":
                case "setBoolean": case "setNull":
                    params.put((Integer) args[0], name.equals("setNull") ? null : args[1]);
                    return null;
                case "clearParameters": params.clear(); return null;
                case "executeQuery": return execute(args).query();
                case "executeUpdate": case "executeLargeUpdate":
                    execute(args).update();
                    return name.equals("executeUpdate") ? (Object) updateCount : (Object) (long) updateCount;
                case "execute": return execute(args).run();
                case "getResultSet": return results == null ? null : results.proxy;
                case "getUpdateCount": return updateCount;
                case "getGeneratedKeys": return proxy(ResultSet.class, Rows.key(generatedKey));
                case "getConnection": return UNSUPPORTED;
                case "isClosed": return closed;
                case "close":
                    closed = true;
                    if (results != null) results.close();
                    if (prepared != null) prepared.close();
                    return null;
                default: return UNSUPPORTED;
            }
        }

        /** Prepares the statement to run: a PreparedStatement's own text, or the text given to a Statement. */
        Stmt execute(Object[] args) throws SQLException {
            if (closed) throw new SQLException("the statement is closed");
            if (results != null) results.close();
            results = null;
            updateCount = -1;
            Prepared p;
            if (sql == null) {
                if (args.length == 0 || !(args[0] instanceof String)) {
                    throw new SQLException("a Statement needs the SQL text: use execute(sql), executeQuery(sql) or executeUpdate(sql)");
                }
                p = conn.prepare((String) args[0]);
            } else {
                if (args.length > 0 && args[0] instanceof String) {
                    throw new SQLException("a PreparedStatement runs its own SQL: call executeQuery() without arguments");
                }
                if (prepared == null) prepared = conn.prepare(sql);
                p = prepared;
                call(RESET, p.stmt);
                call(CLEAR, p.stmt);
                bind(p);
            }
            current = p;
            return this;
        }

        Prepared current;

        void bind(Prepared p) throws SQLException {
            int count = (int) call(PARAM_COUNT, p.stmt);
            for (int i = 1; i <= count; i++) {
                if (!params.containsKey(i)) throw new SQLException("no value given for parameter " + i);
                Object value = params.get(i);
                int rc;
                if (value == null) {
                    rc = (int) call(BIND_NULL, p.stmt, i);
                } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                    rc = (int) call(BIND_INT64, p.stmt, i, ((Number) value).longValue());
                } else if (value instanceof Boolean) {
                    rc = (int) call(BIND_INT64, p.stmt, i, (Boolean) value ? 1L : 0L);
                } else if (value instanceof Number) {
                    rc = (int) call(BIND_DOUBLE, p.stmt, i, ((Number) value).doubleValue());
                } else {
                    byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
                    try (ResourceScope scope = ResourceScope.newConfinedScope()) {
                        MemorySegment text = MemorySegment.allocateNative(Math.max(1, bytes.length), scope);
                        text.asSlice(0, bytes.length).copyFrom(MemorySegment.ofArray(bytes));
                        rc = (int) call(BIND_TEXT, p.stmt, i, text.address(), bytes.length, TRANSIENT);
                    }
                }
                if (rc != OK) throw error(conn.db);
            }
        }

        ResultSet query() throws SQLException {
            results = new Rows(current, current != prepared);
            return results.proxy;
        }

        void update() throws SQLException {
            try {
                while (current.step()) {
                    // rows of an update are ignored
                }
            } finally {
                if (current != prepared) current.close();
            }
            updateCount = (int) call(CHANGES, conn.db);
            generatedKey = (long) call(LAST_ROWID, conn.db);
        }

        boolean run() throws SQLException {
            if ((int) call(COLUMN_COUNT, current.stmt) > 0) {
                query();
                return true;
            }
            update();
            return false;
        }
    }

    private static final class Rows implements Handler {
        final Prepared prepared;
        final boolean owns;             // a plain Statement's rows finalize their statement
        final List<String> columns = new ArrayList<>();
        final ResultSet proxy;
        Object[] row;
        boolean closed, done, wasNull;
        long key = -1;                  // getGeneratedKeys: one row holding this key

        Rows(Prepared prepared, boolean owns) {
            this.prepared = prepared;
            this.owns = owns;
            if (prepared != null) {
                int count = (int) call(COLUMN_COUNT, prepared.stmt);
                for (int i = 0; i < count; i++) {
                    columns.add(CLinker.toJavaString((MemoryAddress) call(COLUMN_NAME, prepared.stmt, i)));
                }
            }
            this.proxy = proxy(ResultSet.class, this);
        }

        static Rows key(long key) {
            Rows rows = new Rows(null, false);
            rows.key = key;
            rows.columns.add("last_insert_rowid()");
            return rows;
        }

        public Object handle(String name, Method method, Object[] args) throws SQLException {
            switch (name) {
                case "next": return next();
                case "getString": { Object v = value(args[0]); return v == null ? null : v.toString(); }
                case "getLong": { Object v = value(args[0]); return v == null ? 0L : ((Number) number(v)).longValue(); }
                case "getInt": { Object v = value(args[0]); return v == null ? 0 : ((Number) number(v)).intValue(); }
                case "getDouble": { Object v = value(args[0]); return v == null ? 0.0 : ((Number) number(v)).doubleValue(); }
                case "getObject": if (args.length == 1) return value(args[0]); return UNSUPPORTED;
                case "wasNull": return wasNull;
                case "findColumn": return column(args[0]) + 1;
                case "isClosed": return closed;
                case "close": close(); return null;
                default: return UNSUPPORTED;
            }
        }

        boolean next() throws SQLException {
            if (closed) throw new SQLException("the result set is closed");
            if (done) return false;
            if (prepared == null) {
                done = key < 0 || row != null;
                row = done ? null : new Object[] {key};
                return !done;
            }
            if (!prepared.step()) {
                done = true;
                row = null;
                return false;
            }
            row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                switch ((int) call(COLUMN_TYPE, prepared.stmt, i)) {
                    case INTEGER: row[i] = (long) call(COLUMN_INT64, prepared.stmt, i); break;
                    case FLOAT: row[i] = (double) call(COLUMN_DOUBLE, prepared.stmt, i); break;
                    case TEXT: case BLOB:
                        MemoryAddress text = (MemoryAddress) call(COLUMN_TEXT, prepared.stmt, i);
                        row[i] = javaString(text, (int) call(COLUMN_BYTES, prepared.stmt, i));
                        break;
                    default: row[i] = null;
                }
            }
            return true;
        }

        int column(Object label) throws SQLException {
            if (label instanceof Integer) {
                int index = (Integer) label;
                if (index < 1 || index > columns.size()) throw new SQLException("no column " + index);
                return index - 1;
            }
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).equalsIgnoreCase((String) label)) return i;
            }
            throw new SQLException("no column named " + label);
        }

        Object value(Object label) throws SQLException {
            if (row == null) throw new SQLException("no current row: call next() first");
            Object value = row[column(label)];
            wasNull = value == null;
            return value;
        }

        static Object number(Object value) throws SQLException {
            if (value instanceof Number) return value;
            try {
                return Double.valueOf(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new SQLException("not a number: " + value);
            }
        }

        void close() {
            if (closed) return;
            closed = true;
            if (prepared != null) {
                if (owns) prepared.close();
                else if (!prepared.finalized) call(RESET, prepared.stmt);
            }
        }
    }
}
