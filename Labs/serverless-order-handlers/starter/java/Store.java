// A small durable key-value store, standing in for a DynamoDB table. You do not need to change it.
//
// Items are JSON objects kept under $STORE_DIR/<table>/, one file per key. The directory outlives every
// function instance: it is the only state that does. Writes are atomic (a reader never sees half an item), and
// putIfAbsent is a conditional write -- like DynamoDB's `attribute_not_exists` condition, it succeeds for
// exactly one writer even when several instances race.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class Store {
    static final Path ROOT = Paths.get(System.getenv().getOrDefault("STORE_DIR", "./store"));

    record Row(String key, Map<String, Object> item) {}

    static final class Table {
        private final Path directory;

        Table(String name) {
            directory = ROOT.resolve(name);
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path path(String key) {
            return directory.resolve(quote(key) + ".json");
        }

        private Path staged(Map<String, Object> item) throws IOException {
            Path staged = Files.createTempFile(directory, ".staged-", "");
            Files.writeString(staged, Json.write(item), StandardCharsets.UTF_8);
            return staged;
        }

        /** The item stored under `key`, or null. */
        @SuppressWarnings("unchecked")
        Map<String, Object> get(String key) {
            try {
                return (Map<String, Object>) Json.parse(Files.readString(path(key), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Json.ParseException e) {
                throw new IllegalStateException("the store holds a broken item under " + key, e);
            }
        }

        /** Stores `item` under `key`, replacing what was there. */
        void put(String key, Map<String, Object> item) {
            try {
                Files.move(staged(item), path(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stores `item` only if `key` has no item yet; true if it did, false if the key was taken. */
        boolean putIfAbsent(String key, Map<String, Object> item) {
            Path staged = null;
            try {
                staged = staged(item);
                Files.createLink(path(key), staged);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    if (staged != null) Files.deleteIfExists(staged);
                } catch (IOException e) {
                    System.err.println("could not remove " + staged + ": " + e.getMessage());
                }
            }
        }

        /** Every (key, item) of the table, in no particular order. */
        List<Row> scan() {
            List<Row> rows = new ArrayList<>();
            try (DirectoryStream<Path> names = Files.newDirectoryStream(directory)) {
                for (Path file : names) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".json") && !name.startsWith(".")) {
                        String key = unquote(name.substring(0, name.length() - ".json".length()));
                        Map<String, Object> item = get(key);
                        if (item != null) rows.add(new Row(key, item));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rows;
        }
    }

    /** A key as a file name: every byte but letters, digits and `_.-~` as %XX (the same names as store.py). */
    static String quote(String key) {
        StringBuilder name = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_.-~".indexOf(c) >= 0) {
                name.append(c);
            } else {
                name.append(String.format("%%%02X", b & 0xff));
            }
        }
        return name.toString();
    }

    static String unquote(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                bytes.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Store() {}
}
