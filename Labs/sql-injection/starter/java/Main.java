// A tiny user directory over SQLite: `java ... Main DATABASE`, commands on standard input.
//
// It works for ordinary names, but it builds its SQL by pasting the user's text into the query string.
// Anyone who can type a name can rewrite the query. Your job: close every hole without changing the output.
// The database is reached through JDBC (java.sql); Sqlite.java opens the connection (you do not need to
// change it).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;

public class Main {
    static void search(Connection db, String text) throws SQLException {
        // TODO (stage 1 and 2): the text is pasted into the SQL. A name like O'Brien breaks the query, and
        //       a crafted "name" can change what the query does. Pass the value separately instead.
        // TODO (stage 3): even as a proper value, LIKE treats % and _ in the text as wildcards.
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, name, email FROM users WHERE name LIKE '%" + text + "%' ORDER BY id")) {
            int found = 0;
            while (rows.next()) {
                System.out.println("#" + rows.getLong("id") + " " + rows.getString("name") + " <" + rows.getString("email") + ">");
                found++;
            }
            System.out.println("found: " + found);
        }
    }

    static void add(Connection db, String rest) throws SQLException {
        int cut = rest.lastIndexOf(' ');
        if (cut <= 0 || cut == rest.length() - 1) {
            System.out.println("error: usage: add NAME EMAIL");
            return;
        }
        String name = rest.substring(0, cut);
        String email = rest.substring(cut + 1);
        // TODO (stage 1 and 2): the same problem as in search.
        try (Statement statement = db.createStatement()) {
            statement.executeUpdate(
                    "INSERT INTO users (name, email) VALUES ('" + name + "', '" + email + "')",
                    Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                System.out.println("added #" + keys.getLong(1));
            }
        } catch (SQLIntegrityConstraintViolationException e) {
            System.out.println("error: email already registered: " + email);
        }
    }

    static void count(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM users")) {
            rows.next();
            System.out.println("users: " + rows.getLong(1));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java ... Main DATABASE < commands");
            System.exit(2);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Connection db = Sqlite.connect(args[0])) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int space = line.indexOf(' ');
                String command = space < 0 ? line : line.substring(0, space);
                String rest = space < 0 ? "" : line.substring(space + 1);
                if (command.equals("search") && !rest.isEmpty()) {
                    search(db, rest);
                } else if (command.equals("add")) {
                    add(db, rest);
                } else if (command.equals("count") && rest.isEmpty()) {
                    count(db);
                } else {
                    System.out.println("error: unknown command: " + line);
                }
            }
        }
    }
}
