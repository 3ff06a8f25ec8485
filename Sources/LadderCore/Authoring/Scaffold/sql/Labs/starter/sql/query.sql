-- @id@: the names of the active users, alphabetically (see README.md).
-- TODO: replace this placeholder with your query.
SELECT 'replace me' AS name;
