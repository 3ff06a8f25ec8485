-- Migration 002, up: split users.name into first_name and last_name.
-- Runs on the version 1 database (see README.md), with foreign keys ON.

ALTER TABLE users ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_name TEXT NOT NULL DEFAULT '';

-- TODO: fill first_name and last_name from name (the README says exactly how a name is split),
--       then remove the name column. Make it all-or-nothing: a migration that stops halfway
--       leaves a database that is neither version 1 nor version 2.
