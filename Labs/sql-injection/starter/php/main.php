<?php
// A tiny user directory over SQLite: `php main.php DATABASE`, commands on standard input.
//
// It works for ordinary names, but it builds its SQL by pasting the user's text into the query string.
// Anyone who can type a name can rewrite the query. Your job: close every hole without changing the output.
// The database is reached through sqlite.php, shaped like PDO (you do not need to change it).

require __DIR__ . '/sqlite.php';

function search(Sqlite $db, string $text): void
{
    // TODO (stage 1 and 2): the text is pasted into the SQL. A name like O'Brien breaks the query, and
    //       a crafted "name" can change what the query does. Pass the value separately instead.
    // TODO (stage 3): even as a proper value, LIKE treats % and _ in the text as wildcards.
    $rows = $db->query("SELECT id, name, email FROM users WHERE name LIKE '%$text%' ORDER BY id")->fetchAll();
    foreach ($rows as $row) {
        echo "#{$row['id']} {$row['name']} <{$row['email']}>\n";
    }
    echo 'found: ' . count($rows) . "\n";
}

function add(Sqlite $db, string $rest): void
{
    $cut = strrpos($rest, ' ');
    if ($cut === false || $cut === 0 || $cut === strlen($rest) - 1) {
        echo "error: usage: add NAME EMAIL\n";
        return;
    }
    $name = substr($rest, 0, $cut);
    $email = substr($rest, $cut + 1);
    try {
        // TODO (stage 1 and 2): the same problem as in search.
        $db->exec("INSERT INTO users (name, email) VALUES ('$name', '$email')");
    } catch (PDOException $e) {
        if ($e->getCode() === '23000') { // a broken constraint: the e-mail is UNIQUE
            echo "error: email already registered: $email\n";
            return;
        }
        throw $e;
    }
    echo 'added #' . $db->lastInsertId() . "\n";
}

function count_users(Sqlite $db): void
{
    $total = $db->query('SELECT COUNT(*) FROM users')->fetchColumn();
    echo "users: $total\n";
}

function main(array $argv): void
{
    if (count($argv) !== 2) {
        fwrite(STDERR, "usage: php main.php DATABASE < commands\n");
        exit(2);
    }
    $db = Sqlite::open($argv[1]);
    while (($line = fgets(STDIN)) !== false) {
        $line = rtrim($line, "\r\n");
        if (trim($line) === '') {
            continue;
        }
        $parts = explode(' ', $line, 2);
        $command = $parts[0];
        $rest = $parts[1] ?? '';
        if ($command === 'search' && $rest !== '') {
            search($db, $rest);
        } elseif ($command === 'add') {
            add($db, $rest);
        } elseif ($command === 'count' && $rest === '') {
            count_users($db);
        } else {
            echo "error: unknown command: $line\n";
        }
    }
}

main($argv);
