-- Migration 002, down: undo 002_up.sql, back to version 1 exactly, without losing any data.
-- Runs on the version 2 database that 002_up.sql produced, with foreign keys ON.

-- TODO: bring back users.name, built from first_name and last_name, exactly as version 1 had it
--       (same columns in the same order, same constraints, same indexes), and remove the new columns.
