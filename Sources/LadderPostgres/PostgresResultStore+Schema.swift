import LadderStore
import PostgresNIO

extension PostgresResultStore {
    /// One step of the schema: its version, a name for people, and its statements, run in one transaction.
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// The schema as numbered migrations, recorded in `ladder.schema_migrations`. Append new ones; never edit or
    /// reorder applied ones.
    ///
    /// Everything lives in the schema `ladder`, so the database can hold other programs' tables. Times are
    /// `timestamptz`, read and written as whole milliseconds since 1970 through `ladder.ms` and `ladder.at`, the
    /// precision every store keeps. The rules are SQLite's (`SQLiteResultStore+Schema.swift`): checks on every column,
    /// and triggers that make finished attempts and their results immutable, even to a hand-written `psql` session.
    /// Beyond SQLite, a running attempt holds a lease (`lease_expires_at`) that its grading process renews, so a
    /// grader that died on another machine is found when the lease lapses.
    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "learners-labs-attempts-results",
            statements: [
                """
                CREATE FUNCTION ladder.ms(t timestamptz) RETURNS bigint LANGUAGE sql STABLE STRICT PARALLEL SAFE
                AS $$ SELECT (extract(epoch FROM t) * 1000)::bigint $$
                """,
                """
                CREATE FUNCTION ladder.at(ms bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT timestamptz 'epoch' + ms * interval '1 millisecond' $$
                """,
                """
                CREATE TABLE ladder.learner (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name text NOT NULL CHECK (name <> ''),
                    email text NOT NULL UNIQUE CHECK (email <> '' AND email = lower(btrim(email))),
                    created_at timestamptz NOT NULL
                )
                """,
                """
                CREATE TABLE ladder.lab (
                    lab_id text NOT NULL CHECK (lab_id <> ''),
                    version text NOT NULL CHECK (version <> ''),
                    grader_digest text NOT NULL CHECK (grader_digest <> ''),
                    title text NOT NULL,
                    rung text NOT NULL CHECK (rung IN ('junior', 'backend', 'senior', 'architect')),
                    areas jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(areas) = 'array'),
                    registered_at timestamptz NOT NULL,
                    PRIMARY KEY (lab_id, version, grader_digest)
                )
                """,
                """
                CREATE TABLE ladder.attempt (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    learner_id bigint NOT NULL REFERENCES ladder.learner (id),
                    lab_id text NOT NULL,
                    lab_version text NOT NULL,
                    grader_digest text NOT NULL,
                    language text NOT NULL,
                    commit_id text,
                    tree_id text,
                    repository text NOT NULL,
                    source text NOT NULL CHECK (source IN ('submit', 'grade', 'classroom')),
                    tool_version text NOT NULL,
                    status text NOT NULL CHECK (status IN ('running', 'passed', 'failed', 'error', 'interrupted')),
                    score double precision,
                    max_score double precision,
                    started_at timestamptz NOT NULL,
                    finished_at timestamptz,
                    owner_host text NOT NULL,
                    owner_pid integer NOT NULL,
                    owner_start_time bigint,
                    owner_boot_id text,
                    owner_token text NOT NULL,
                    lease_expires_at timestamptz NOT NULL,
                    signature text,
                    message text,
                    through_stage text CHECK (through_stage <> ''),
                    FOREIGN KEY (lab_id, lab_version, grader_digest)
                        REFERENCES ladder.lab (lab_id, version, grader_digest),
                    CHECK ((status = 'running') = (finished_at IS NULL)),
                    CHECK ((score IS NULL) = (max_score IS NULL)),
                    CHECK (status NOT IN ('passed', 'failed') OR score IS NOT NULL),
                    CHECK (score IS NULL OR (score >= 0 AND score <= max_score)),
                    CHECK (finished_at IS NULL OR finished_at >= started_at)
                )
                """,
                """
                CREATE TABLE ladder.test_result (
                    attempt_id bigint NOT NULL REFERENCES ladder.attempt (id),
                    ordinal integer NOT NULL CHECK (ordinal >= 0),
                    stage_id text NOT NULL CHECK (stage_id <> ''),
                    test_id text NOT NULL CHECK (test_id <> ''),
                    verdict text NOT NULL CHECK (verdict IN ('passed', 'wrong-answer', 'time-limit', 'memory-limit',
                        'output-limit', 'runtime-error', 'crashed', 'build-error', 'grader-error')),
                    points double precision NOT NULL,
                    max_points double precision NOT NULL,
                    message text NOT NULL DEFAULT '',
                    cpu_ms bigint,
                    wall_ms bigint,
                    memory_bytes bigint,
                    input text,
                    PRIMARY KEY (attempt_id, ordinal),
                    UNIQUE (attempt_id, stage_id, test_id),
                    CHECK (points >= 0 AND points <= max_points)
                )
                """,
            ]),
        Migration(
            version: 2, name: "immutable-finished-attempts",
            statements: [
                """
                CREATE FUNCTION ladder.guard_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        IF NEW.status <> 'running' THEN
                            RAISE EXCEPTION 'ladder: an attempt must begin as running' USING ERRCODE = 'check_violation';
                        END IF;
                        RETURN NEW;
                    END IF;
                    IF OLD.status <> 'running' THEN
                        IF TG_OP = 'UPDATE' THEN
                            RAISE EXCEPTION 'ladder: a finished attempt cannot change' USING ERRCODE = 'check_violation';
                        END IF;
                        RAISE EXCEPTION 'ladder: a finished attempt cannot be deleted' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END
                $$
                """,
                """
                CREATE TRIGGER guard_attempt BEFORE INSERT OR UPDATE OR DELETE ON ladder.attempt
                FOR EACH ROW EXECUTE FUNCTION ladder.guard_attempt()
                """,
                """
                CREATE FUNCTION ladder.guard_test_result() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    attempt_status text;
                BEGIN
                    SELECT status INTO attempt_status FROM ladder.attempt
                    WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.attempt_id ELSE OLD.attempt_id END;
                    IF attempt_status <> 'running' THEN
                        IF TG_OP = 'INSERT' THEN
                            RAISE EXCEPTION 'ladder: a finished attempt cannot get new test results'
                                USING ERRCODE = 'check_violation';
                        ELSIF TG_OP = 'UPDATE' THEN
                            RAISE EXCEPTION 'ladder: test results of a finished attempt cannot change'
                                USING ERRCODE = 'check_violation';
                        END IF;
                        RAISE EXCEPTION 'ladder: test results of a finished attempt cannot be deleted'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END
                $$
                """,
                """
                CREATE TRIGGER guard_test_result BEFORE INSERT OR UPDATE OR DELETE ON ladder.test_result
                FOR EACH ROW EXECUTE FUNCTION ladder.guard_test_result()
                """,
                // Row triggers do not see TRUNCATE, which would empty the tables at a stroke.
                """
                CREATE FUNCTION ladder.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'ladder: finished attempts cannot be deleted (TRUNCATE %)', TG_TABLE_NAME
                        USING ERRCODE = 'check_violation';
                END
                $$
                """,
                """
                CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON ladder.attempt
                FOR EACH STATEMENT EXECUTE FUNCTION ladder.refuse_truncate()
                """,
                """
                CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON ladder.test_result
                FOR EACH STATEMENT EXECUTE FUNCTION ladder.refuse_truncate()
                """,
            ]),
        Migration(
            version: 3, name: "query-indexes",
            statements: [
                "CREATE INDEX attempt_history ON ladder.attempt (learner_id, lab_id, started_at DESC, id DESC)",
                "CREATE INDEX attempt_by_learner_started ON ladder.attempt (learner_id, started_at DESC, id DESC)",
                "CREATE INDEX attempt_passed ON ladder.attempt (learner_id, lab_id) WHERE status = 'passed'",
                """
                CREATE INDEX attempt_graded_commit ON ladder.attempt (lab_id, commit_id, grader_digest)
                WHERE status IN ('passed', 'failed')
                """,
                "CREATE INDEX attempt_running ON ladder.attempt (lease_expires_at) WHERE status = 'running'",
            ]),
        Migration(
            version: 4, name: "grading-jobs",
            statements: [
                // What a worker grades: `queued` until claimed (not before `run_after`), `running` under a lease
                // (its token fences every write of the worker that holds it), then `done` with the one attempt it
                // recorded, or `dead` with the reason once it failed for the infrastructure `max_failures` times.
                """
                CREATE TABLE ladder.job (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
                    repository text NOT NULL CHECK (repository <> ''),
                    commit_id text CHECK (commit_id <> ''),
                    lab_id text NOT NULL CHECK (lab_id <> ''),
                    lab_version text CHECK (lab_version <> ''),
                    grader_digest text CHECK (grader_digest <> ''),
                    student_email text NOT NULL CHECK (student_email <> ''),
                    student_name text,
                    claims integer NOT NULL DEFAULT 0 CHECK (claims >= 0),
                    failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
                    max_failures integer NOT NULL CHECK (max_failures >= 1),
                    run_after timestamptz NOT NULL,
                    lease_token uuid,
                    lease_owner text,
                    lease_expires_at timestamptz,
                    heartbeat_at timestamptz,
                    attempt_id bigint REFERENCES ladder.attempt (id),
                    last_error text,
                    enqueued_at timestamptz NOT NULL,
                    finished_at timestamptz,
                    CHECK ((state = 'running') = (lease_token IS NOT NULL)),
                    CHECK ((state = 'running') = (lease_expires_at IS NOT NULL)),
                    CHECK ((state IN ('done', 'dead')) = (finished_at IS NOT NULL)),
                    CHECK (state <> 'done' OR attempt_id IS NOT NULL),
                    CHECK (state <> 'dead' OR last_error IS NOT NULL)
                )
                """,
                "CREATE INDEX job_ready ON ladder.job (run_after, id) WHERE state = 'queued'",
                "CREATE INDEX job_leased ON ladder.job (lease_expires_at) WHERE state = 'running'",
                "ALTER TABLE ladder.attempt ADD COLUMN job_id bigint REFERENCES ladder.job (id)",
                // However leases and workers fail, a job has at most one graded attempt.
                """
                CREATE UNIQUE INDEX attempt_graded_once_per_job ON ladder.attempt (job_id)
                WHERE status IN ('passed', 'failed', 'error')
                """,
            ]),
        // What `ladder serve` keeps: a job may leave its lab to the repository's pin (`.ladder/lab.toml`, read by the
        // worker, for a pushed commit); instructors' and CI's API tokens, kept only as SHA-256 digests; GitHub's
        // webhook deliveries, so a delivery sent again enqueues nothing; and the queue's failures by cause, the
        // counters `/metrics` shows, kept here so every worker adds to the same ones.
        Migration(
            version: 5, name: "serve-tokens-webhooks-failure-counters",
            statements: [
                "ALTER TABLE ladder.job ALTER COLUMN lab_id DROP NOT NULL",
                """
                CREATE TABLE ladder.api_token (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name text NOT NULL CHECK (name <> ''),
                    digest bytea NOT NULL UNIQUE CHECK (length(digest) = 32),
                    created_at timestamptz NOT NULL,
                    last_used_at timestamptz,
                    revoked_at timestamptz
                )
                """,
                "CREATE UNIQUE INDEX api_token_live_name ON ladder.api_token (name) WHERE revoked_at IS NULL",
                """
                CREATE TABLE ladder.webhook_delivery (
                    delivery_id text PRIMARY KEY CHECK (delivery_id <> ''),
                    event text NOT NULL,
                    job_id bigint REFERENCES ladder.job (id),
                    received_at timestamptz NOT NULL
                )
                """,
                """
                CREATE TABLE ladder.job_failure_count (
                    cause text PRIMARY KEY CHECK (cause IN ('lease_lapsed', 'infrastructure', 'refused', 'given_up')),
                    count bigint NOT NULL CHECK (count >= 0)
                )
                """,
                "CREATE INDEX job_by_attempt ON ladder.job (attempt_id) WHERE attempt_id IS NOT NULL",
            ]),
        // A job's changes announced with NOTIFY when their transaction commits (see `JobNotice`): whoever follows jobs
        // (`classroom grade --queue`) wakes at once instead of at its next poll.
        Migration(
            version: 6, name: "job-notices",
            statements: [
                """
                CREATE FUNCTION ladder.announce_job() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.state = NEW.state AND OLD.run_after = NEW.run_after THEN
                        RETURN NULL;
                    END IF;
                    IF NEW.state = 'queued' THEN
                        PERFORM pg_notify('\(JobNotice.queued.rawValue)', '');
                    ELSIF NEW.state IN ('done', 'dead') THEN
                        PERFORM pg_notify('\(JobNotice.finished.rawValue)', NEW.id::text);
                    END IF;
                    RETURN NULL;
                END
                $$
                """,
                """
                CREATE TRIGGER job_announced AFTER INSERT OR UPDATE OF state, run_after ON ladder.job
                FOR EACH ROW EXECUTE FUNCTION ladder.announce_job()
                """,
            ]),
        // Learners' tokens for the web pages: a token with a learner opens only that learner's own pages.
        Migration(
            version: 7, name: "learner-tokens",
            statements: [
                """
                ALTER TABLE ladder.api_token ADD COLUMN learner_email text
                    CHECK (learner_email IS NULL OR learner_email = lower(btrim(learner_email)) AND learner_email <> '')
                """
            ]),
        // Whether the repository had commits after the deadline it was graded at, for the gradebook's late flag.
        Migration(
            version: 8, name: "late-attempts",
            statements: ["ALTER TABLE ladder.attempt ADD COLUMN late boolean NOT NULL DEFAULT false"]),
        // Commits learners submitted to the course's server (`ladder submit` in course mode), as git packs: a job
        // grades one through its repository `upload:ID`, and a regrade finds it again. Kept, like the attempts.
        Migration(
            version: 9, name: "uploads",
            statements: [
                """
                CREATE TABLE ladder.upload (
                    id bigserial PRIMARY KEY,
                    learner_email text NOT NULL CHECK (learner_email = lower(btrim(learner_email)) AND learner_email <> ''),
                    commit_id text NOT NULL CHECK (commit_id ~ '^[0-9a-f]{40}$'),
                    pack bytea NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
                )
                """,
                "CREATE INDEX upload_by_learner ON ladder.upload (learner_email, created_at)",
            ]),
        // What a worker tells while it grades a learner's submission (a stage begun, a test finished), in order, so
        // the learner's `ladder submit` shows it live. Written by the worker that holds the job's lease.
        Migration(
            version: 10, name: "job-events",
            statements: [
                """
                CREATE TABLE ladder.job_event (
                    job_id bigint NOT NULL REFERENCES ladder.job (id) ON DELETE CASCADE,
                    seq integer NOT NULL CHECK (seq > 0),
                    event text NOT NULL,
                    PRIMARY KEY (job_id, seq)
                )
                """
            ]),
    ]
}

extension PostgresResultStore {
    /// The advisory lock openers take while they migrate: ASCII "LADR", as SQLite's `application_id` is.
    private static let migrationLock: Int64 = 0x4C41_4452

    /// Applies the migrations `connection`'s database lacks, all in one transaction, or refuses a schema that a newer
    /// Ladder wrote. A store already up to date is only read, so a role that may not create tables can use it.
    static func migrate(_ connection: PostgresConnection, url: PostgresStoreURL) async throws {
        if try await !pendingMigrations(connection, url: url).isEmpty {
            try await connection.query("BEGIN", logger: logger)
            do {
                // One opener at a time: two machines starting together would both create the schema otherwise.
                try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
                try await connection.query("CREATE SCHEMA IF NOT EXISTS ladder", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS ladder.schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
                    )
                    """, logger: logger)
                for migration in try await pendingMigrations(connection, url: url) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO ladder.schema_migrations (version, name)
                        VALUES (\(Int32(migration.version)), \(migration.name))
                        """, logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// The migrations not applied yet, oldest first; throws when the store has some this version does not know.
    private static func pendingMigrations(_ connection: PostgresConnection, url: PostgresStoreURL) async throws
        -> [Migration]
    {
        let exists = try await connection.query(
            "SELECT to_regclass('ladder.schema_migrations') IS NOT NULL AS present", logger: logger
        ).collect()
        guard let row = exists.first, try Columns(row)("present", as: Bool.self) else { return migrations }
        let applied = try await connection.query(
            "SELECT version, name FROM ladder.schema_migrations ORDER BY version", logger: logger
        ).collect()
        var versions: Set<Int> = []
        var unknown: [String] = []
        for row in applied {
            let columns = Columns(row)
            let version = Int(try columns("version", as: Int32.self))
            versions.insert(version)
            if !migrations.contains(where: { $0.version == version }) {
                unknown.append("\(version)-\(try columns("name", as: String.self))")
            }
        }
        guard unknown.isEmpty else {
            throw StoreError.schemaTooNew(path: url.description, unknownMigrations: unknown)
        }
        return migrations.filter { !versions.contains($0.version) }
    }
}
