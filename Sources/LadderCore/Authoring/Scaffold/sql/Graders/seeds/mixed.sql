CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL);
INSERT INTO users VALUES (1, 'Linus', 1), (2, 'Ken', 0), (3, 'Ada', 1), (4, 'Grace', 1), (5, 'Alan', 0);
