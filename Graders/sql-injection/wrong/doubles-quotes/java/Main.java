// Known-wrong (doubles-quotes): escapes by doubling apostrophes and pastes the text into the SQL, which breaks on characters SQL text cannot hold.
// A tiny user directory over SQLite: `java ... Main DATABASE`, commands on standard input.
//
// Every value from the user reaches SQLite as a bound parameter (?), never as SQL text, so quotes,
// semicolons and comment markers in a name are just characters. The search text is also escaped for LIKE,
// whose own wildcards (% and _) would otherwise let a user match more than they typed.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;

public class Main {
    /** A LIKE pattern matching names that contain text literally (used with ESCAPE '\'). */
    static String likePattern(String text) {
        String escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    static void search(Connection db, String text) throws SQLException {
        String pattern = likePattern(text).replace("'", "''");
        try (Statement statement = db.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT id, name, email FROM users WHERE name LIKE '" + pattern + "' ESCAPE '\\' ORDER BY id")) {
                int found = 0;
                while (rows.next()) {
                    System.out.println("#" + rows.getLong("id") + " " + rows.getString("name") + " <" + rows.getString("email") + ">");
                    found++;
                }
                System.out.println("found: " + found);
            }
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
        String quotedName = name.replace("'", "''"), quotedEmail = email.replace("'", "''");
        try (Statement statement = db.createStatement()) {
            statement.executeUpdate(
                    "INSERT INTO users (name, email) VALUES ('" + quotedName + "', '" + quotedEmail + "')",
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
