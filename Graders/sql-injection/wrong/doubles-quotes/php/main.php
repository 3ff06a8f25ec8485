<?php
// Known-wrong (doubles-quotes): escapes by doubling apostrophes and pastes the text into the SQL, which breaks on characters SQL text cannot hold.
// A tiny user directory over SQLite: `php main.php DATABASE`, commands on standard input.
//
// Every value from the user reaches SQLite as a bound parameter (?), never as SQL text, so quotes,
// semicolons and comment markers in a name are just characters. The search text is also escaped for LIKE,
// whose own wildcards (% and _) would otherwise let a user match more than they typed.

require __DIR__ . '/sqlite.php';

// A LIKE pattern matching names that contain $text literally (used with ESCAPE '\').
function like_pattern(string $text): string
{
    return '%' . strtr($text, ['\\' => '\\\\', '%' => '\\%', '_' => '\\_']) . '%';
}

function search(Sqlite $db, string $text): void
{
    $pattern = str_replace("'", "''", like_pattern($text));
    $rows = $db->query("SELECT id, name, email FROM users WHERE name LIKE '$pattern' ESCAPE '\\' ORDER BY id")->fetchAll();
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
        [$quotedName, $quotedEmail] = [str_replace("'", "''", $name), str_replace("'", "''", $email)];
        $db->exec("INSERT INTO users (name, email) VALUES ('$quotedName', '$quotedEmail')");
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
