CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL);
INSERT INTO users VALUES (1, 'Barbara', 1), (2, 'Edsger', 0), (3, 'Ada', 1);
