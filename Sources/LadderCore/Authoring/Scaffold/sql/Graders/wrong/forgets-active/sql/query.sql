-- Wrong: forgets the active filter, so inactive users are listed too.
SELECT name FROM users ORDER BY name;
