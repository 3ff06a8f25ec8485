// Known-wrong (doubles-quotes): escapes by doubling apostrophes and pastes the text into the SQL, which breaks on characters SQL text cannot hold.
// A tiny user directory over SQLite: `./main DATABASE`, commands on standard input.
//
// Every value from the user reaches SQLite as a bound parameter (?), never as SQL text, so quotes,
// semicolons and comment markers in a name are just characters. The search text is also escaped for LIKE,
// whose own wildcards (% and _) would otherwise let a user match more than they typed.
package main

import (
	"bufio"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// likePattern is a LIKE pattern matching names that contain text literally (used with ESCAPE '\').
func likePattern(text string) string {
	escaped := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(text)
	return "%" + escaped + "%"
}

func search(db *sql.DB, text string) error {
	pattern := strings.ReplaceAll(likePattern(text), "'", "''")
	rows, err := db.Query("SELECT id, name, email FROM users WHERE name LIKE '" + pattern + "' ESCAPE '\\' ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var id int64
		var name, email string
		if err := rows.Scan(&id, &name, &email); err != nil {
			return err
		}
		fmt.Printf("#%d %s <%s>\n", id, name, email)
		found++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	fmt.Printf("found: %d\n", found)
	return nil
}

func add(db *sql.DB, rest string) error {
	cut := strings.LastIndex(rest, " ")
	if cut <= 0 || cut == len(rest)-1 {
		fmt.Println("error: usage: add NAME EMAIL")
		return nil
	}
	name, email := rest[:cut], rest[cut+1:]
	quotedName, quotedEmail := strings.ReplaceAll(name, "'", "''"), strings.ReplaceAll(email, "'", "''")
	result, err := db.Exec("INSERT INTO users (name, email) VALUES ('" + quotedName + "', '" + quotedEmail + "')")
	var sqliteErr *SQLiteError
	if errors.As(err, &sqliteErr) && sqliteErr.Code == SQLiteConstraint {
		fmt.Printf("error: email already registered: %s\n", email)
		return nil
	}
	if err != nil {
		return err
	}
	id, err := result.LastInsertId()
	if err != nil {
		return err
	}
	fmt.Printf("added #%d\n", id)
	return nil
}

func count(db *sql.DB) error {
	var total int64
	if err := db.QueryRow("SELECT COUNT(*) FROM users").Scan(&total); err != nil {
		return err
	}
	fmt.Printf("users: %d\n", total)
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ./main DATABASE < commands")
		os.Exit(2)
	}
	db, err := sql.Open("sqlite3", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1024*1024), 1024*1024)
	for scanner.Scan() {
		line := strings.TrimRight(scanner.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		command, rest, _ := strings.Cut(line, " ")
		switch {
		case command == "search" && rest != "":
			err = search(db, rest)
		case command == "add":
			err = add(db, rest)
		case command == "count" && rest == "":
			err = count(db)
		default:
			fmt.Printf("error: unknown command: %s\n", line)
			err = nil
		}
		if err != nil {
			// Like an exception the Python starter does not catch: the program stops.
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
