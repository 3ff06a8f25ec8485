// A tiny user directory over SQLite: `./main DATABASE`, commands on standard input.
//
// It works for ordinary names, but it builds its SQL by pasting the user's text into the query string.
// Anyone who can type a name can rewrite the query. Your job: close every hole without changing the output.
// The database is reached through Go's database/sql; sqlite.go is the driver (you do not need to change it).
package main

import (
	"bufio"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

func search(db *sql.DB, text string) error {
	// TODO (stage 1 and 2): the text is pasted into the SQL. A name like O'Brien breaks the query, and
	//       a crafted "name" can change what the query does. Pass the value separately instead.
	// TODO (stage 3): even as a proper value, LIKE treats % and _ in the text as wildcards.
	rows, err := db.Query("SELECT id, name, email FROM users WHERE name LIKE '%" + text + "%' ORDER BY id")
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
	// TODO (stage 1 and 2): the same problem as in search.
	result, err := db.Exec("INSERT INTO users (name, email) VALUES ('" + name + "', '" + email + "')")
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
