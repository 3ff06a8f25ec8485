import GRDB

extension SQLiteResultStore {
    /// Marks a file as a Ladder store in the SQLite header (`PRAGMA application_id`): ASCII "LADR".
    static let applicationID: Int32 = 0x4C41_4452

    /// The schema as versioned, named migrations. Append new ones; never edit or reorder applied ones.
    ///
    /// Times are INTEGER milliseconds since 1970 (UTC). Scores and points are REAL, since a mutation
    /// score is a share of mutants killed. The triggers make finished attempts and their results immutable
    /// even to a hand-written `sqlite3` session, so the store never holds a finished attempt whose results
    /// changed after the fact.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-learners-labs-attempts-results") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(
                sql: """
                    CREATE TABLE learner (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL CHECK (name <> ''),
                        email TEXT NOT NULL UNIQUE CHECK (email <> '' AND email = lower(trim(email))),
                        created_at INTEGER NOT NULL
                    );

                    CREATE TABLE lab (
                        lab_id TEXT NOT NULL CHECK (lab_id <> ''),
                        version TEXT NOT NULL CHECK (version <> ''),
                        grader_digest TEXT NOT NULL CHECK (grader_digest <> ''),
                        title TEXT NOT NULL,
                        rung TEXT NOT NULL CHECK (rung IN ('junior', 'backend', 'senior', 'architect')),
                        areas TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(areas) AND json_type(areas) = 'array'),
                        registered_at INTEGER NOT NULL,
                        PRIMARY KEY (lab_id, version, grader_digest)
                    );

                    CREATE TABLE attempt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        learner_id INTEGER NOT NULL REFERENCES learner(id),
                        lab_id TEXT NOT NULL,
                        lab_version TEXT NOT NULL,
                        grader_digest TEXT NOT NULL,
                        language TEXT NOT NULL,
                        commit_id TEXT,
                        tree_id TEXT,
                        repository TEXT NOT NULL,
                        source TEXT NOT NULL CHECK (source IN ('submit', 'grade', 'classroom')),
                        tool_version TEXT NOT NULL,
                        status TEXT NOT NULL
                            CHECK (status IN ('running', 'passed', 'failed', 'error', 'interrupted')),
                        score REAL,
                        max_score REAL,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER,
                        owner_host TEXT NOT NULL,
                        owner_pid INTEGER NOT NULL,
                        owner_start_time INTEGER,
                        owner_boot_id TEXT,
                        owner_token TEXT NOT NULL,
                        signature TEXT,
                        message TEXT,
                        FOREIGN KEY (lab_id, lab_version, grader_digest) REFERENCES lab(lab_id, version, grader_digest),
                        CHECK ((status = 'running') = (finished_at IS NULL)),
                        CHECK ((score IS NULL) = (max_score IS NULL)),
                        CHECK (status NOT IN ('passed', 'failed') OR score IS NOT NULL),
                        CHECK (score IS NULL OR (score >= 0 AND score <= max_score)),
                        CHECK (finished_at IS NULL OR finished_at >= started_at)
                    );

                    CREATE TABLE test_result (
                        attempt_id INTEGER NOT NULL REFERENCES attempt(id),
                        ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
                        stage_id TEXT NOT NULL CHECK (stage_id <> ''),
                        test_id TEXT NOT NULL CHECK (test_id <> ''),
                        verdict TEXT NOT NULL CHECK (verdict IN ('passed', 'wrong-answer', 'time-limit',
                            'memory-limit', 'output-limit', 'runtime-error', 'crashed', 'build-error', 'grader-error')),
                        points REAL NOT NULL,
                        max_points REAL NOT NULL,
                        message TEXT NOT NULL DEFAULT '',
                        cpu_ms INTEGER,
                        wall_ms INTEGER,
                        memory_bytes INTEGER,
                        PRIMARY KEY (attempt_id, ordinal),
                        UNIQUE (attempt_id, stage_id, test_id),
                        CHECK (points >= 0 AND points <= max_points)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v1-immutable-finished-attempts") { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER attempt_starts_running BEFORE INSERT ON attempt
                    WHEN NEW.status <> 'running'
                    BEGIN SELECT RAISE(ABORT, 'ladder: an attempt must begin as running'); END;

                    CREATE TRIGGER finished_attempt_is_immutable BEFORE UPDATE ON attempt
                    WHEN OLD.status <> 'running'
                    BEGIN SELECT RAISE(ABORT, 'ladder: a finished attempt cannot change'); END;

                    CREATE TRIGGER finished_attempt_is_kept BEFORE DELETE ON attempt
                    WHEN OLD.status <> 'running'
                    BEGIN SELECT RAISE(ABORT, 'ladder: a finished attempt cannot be deleted'); END;

                    CREATE TRIGGER results_only_while_running BEFORE INSERT ON test_result
                    WHEN (SELECT status FROM attempt WHERE id = NEW.attempt_id) <> 'running'
                    BEGIN SELECT RAISE(ABORT, 'ladder: a finished attempt cannot get new test results'); END;

                    CREATE TRIGGER finished_results_are_immutable BEFORE UPDATE ON test_result
                    WHEN (SELECT status FROM attempt WHERE id = OLD.attempt_id) <> 'running'
                    BEGIN SELECT RAISE(ABORT, 'ladder: test results of a finished attempt cannot change'); END;

                    CREATE TRIGGER finished_results_are_kept BEFORE DELETE ON test_result
                    WHEN (SELECT status FROM attempt WHERE id = OLD.attempt_id) <> 'running'
                    BEGIN SELECT RAISE(ABORT, 'ladder: test results of a finished attempt cannot be deleted'); END;
                    """)
        }
        migrator.registerMigration("v1-query-indexes") { db in
            try db.execute(
                sql: """
                    CREATE INDEX attempt_history ON attempt (learner_id, lab_id, started_at DESC, id DESC);
                    CREATE INDEX attempt_by_learner_started ON attempt (learner_id, started_at DESC, id DESC);
                    CREATE INDEX attempt_passed ON attempt (learner_id, lab_id) WHERE status = 'passed';
                    CREATE INDEX attempt_graded_commit ON attempt (lab_id, commit_id, grader_digest)
                        WHERE status IN ('passed', 'failed');
                    CREATE INDEX attempt_running ON attempt (status) WHERE status = 'running';
                    """)
        }
        migrator.registerMigration("v2-partial-attempts") { db in
            // A partial attempt (`ladder submit --stage`) names the last stage it graded; it is recorded like any
            // other but never passes the lab. Old attempts graded the whole lab: NULL. (An empty name is refused before it
            // gets here; a column CHECK would keep the column from ever being dropped.)
            try db.execute(
                sql: """
                    ALTER TABLE attempt ADD COLUMN through_stage TEXT;
                    """)
        }
        migrator.registerMigration("v3-test-inputs") { db in
            // The input a failing test gave the program, so a report rebuilt from the store (a classroom run that
            // skips what it graded) shows what the first one showed. Older results have none: NULL.
            try db.execute(
                sql: """
                    ALTER TABLE test_result ADD COLUMN input TEXT;
                    """)
        }
        migrator.registerMigration("v4-late-attempts") { db in
            // Whether the repository had commits after the deadline it was graded at (`classroom grade --deadline`),
            // for the gradebook's late flag. Older attempts were not graded at a deadline, or did not say: false.
            try db.execute(
                sql: """
                    ALTER TABLE attempt ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
                    """)
        }
        return migrator
    }
}
