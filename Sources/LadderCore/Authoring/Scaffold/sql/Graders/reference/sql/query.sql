-- Reference solution of @id@.
SELECT name FROM users WHERE active = 1 ORDER BY name;
