// The queue's tables, functions and triggers in schema `cog_host`, as numbered migrations.

/// Versioned migrations. Each one's statements run in one transaction under an advisory lock,
/// so workers starting together apply each migration once; `cog_host.schema_migrations`
/// records what was applied. A new version is appended here, never an old one edited.
enum QueueSchema {
    struct Migration {
        let version: Int
        let description: String
        let statements: [String]
    }

    /// The lock every migration takes (any constant unique to cog-host).
    static let advisoryLock: Int64 = 0x636F_6771_7565

    /// The channel of every queue notification: `job:<id>` (a job became claimable),
    /// `cancel:<id>` (a running job was asked to stop), `done:<id>` (a job ended).
    static let channel = "cog_host_events"

    /// What a stored Secret value is replaced with (Cog's redaction).
    static let secretMask = "**********"

    static let bootstrap = [
        "CREATE SCHEMA IF NOT EXISTS cog_host",
        """
        CREATE TABLE IF NOT EXISTS cog_host.schema_migrations (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """,
    ]

    static let migrations: [Migration] = [
        Migration(version: 1, description: "jobs, workers, settings; submit and cancel; notifications", statements: [
            """
            CREATE TABLE cog_host.jobs (
                id text PRIMARY KEY CHECK (id <> '' AND length(id) <= 256 AND strpos(id, '/') = 0),
                kind text NOT NULL DEFAULT 'prediction' CHECK (kind IN ('prediction', 'training')),
                state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
                -- The request as POST /predictions takes it; Secret inputs hold "**********".
                request jsonb NOT NULL CHECK (jsonb_typeof(request -> 'input') = 'object'),
                -- The Secret values, sealed for the workers' public key; cleared when the job ends.
                sealed_secrets text,
                attempt integer NOT NULL DEFAULT 0,
                attempt_workers text[] NOT NULL DEFAULT '{}',
                worker_id text,
                lease_expires_at timestamptz,
                cancel_requested boolean NOT NULL DEFAULT false,
                -- Cog's prediction document while the job runs (logs, outputs so far), then at its end.
                progress jsonb,
                result jsonb,
                created_at timestamptz NOT NULL DEFAULT now(),
                started_at timestamptz,
                completed_at timestamptz
            )
            """,
            "CREATE INDEX jobs_queued ON cog_host.jobs (created_at, id) WHERE state = 'queued'",
            "CREATE INDEX jobs_running ON cog_host.jobs (lease_expires_at) WHERE state = 'running'",
            """
            CREATE TABLE cog_host.workers (
                id text PRIMARY KEY,
                hostname text NOT NULL,
                pid integer NOT NULL,
                concurrency integer NOT NULL,
                state text NOT NULL DEFAULT 'running',
                started_at timestamptz NOT NULL DEFAULT now(),
                seen_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // public_key: the workers' sealing key; secret_inputs: a JSON array of the names of
            // the predictor's Secret inputs (both published by workers when they start).
            """
            CREATE TABLE cog_host.settings (
                name text PRIMARY KEY,
                value text NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE FUNCTION cog_host.is_masked(value jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
                SELECT CASE jsonb_typeof(value)
                    WHEN 'null' THEN true
                    WHEN 'string' THEN value = '"\(secretMask)"'::jsonb
                    WHEN 'array' THEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(value) AS item WHERE item <> '"\(secretMask)"'::jsonb)
                    ELSE false
                END
            $$
            """,
            """
            CREATE FUNCTION cog_host.notify_job_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.state = 'queued' AND (TG_OP = 'INSERT' OR OLD.state <> 'queued') THEN
                    PERFORM pg_notify('\(channel)', 'job:' || NEW.id);
                END IF;
                IF TG_OP = 'UPDATE' AND NEW.state IN ('succeeded', 'failed', 'canceled') AND OLD.state NOT IN ('succeeded', 'failed', 'canceled') THEN
                    PERFORM pg_notify('\(channel)', 'done:' || NEW.id);
                END IF;
                IF TG_OP = 'UPDATE' AND NEW.state = 'running' AND NEW.cancel_requested AND NOT OLD.cancel_requested THEN
                    PERFORM pg_notify('\(channel)', 'cancel:' || NEW.id);
                END IF;
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER jobs_notify AFTER INSERT OR UPDATE ON cog_host.jobs FOR EACH ROW EXECUTE FUNCTION cog_host.notify_job_change()",
            // The documented way in: one job, its id returned. Refuses a Secret input given in
            // clear (once a worker has published which inputs are Secrets).
            """
            CREATE FUNCTION cog_host.submit(
                input jsonb,
                id text DEFAULT NULL,
                webhook text DEFAULT NULL,
                webhook_events_filter text[] DEFAULT NULL,
                sealed_secrets text DEFAULT NULL,
                kind text DEFAULT 'prediction'
            ) RETURNS text LANGUAGE plpgsql AS $$
            #variable_conflict use_variable
            DECLARE
                job_id text := coalesce(id, 'pred_' || replace(gen_random_uuid()::text, '-', ''));
                secret_names jsonb := (SELECT value::jsonb FROM cog_host.settings WHERE name = 'secret_inputs');
                secret_name text;
                request jsonb;
            BEGIN
                input := coalesce(input, '{}'::jsonb);
                IF jsonb_typeof(input) <> 'object' THEN
                    RAISE EXCEPTION 'input must be a JSON object, got %', jsonb_typeof(input) USING ERRCODE = '22023';
                END IF;
                FOR secret_name IN SELECT jsonb_array_elements_text(coalesce(secret_names, '[]'::jsonb)) LOOP
                    IF input ? secret_name AND NOT cog_host.is_masked(input -> secret_name) THEN
                        RAISE EXCEPTION 'input "%" is a Secret: put "\(secretMask)" in input and its value in sealed_secrets (cog-host queue submit seals it)', secret_name
                            USING ERRCODE = '22023';
                    END IF;
                END LOOP;
                request := jsonb_build_object('input', input);
                IF webhook IS NOT NULL THEN request := request || jsonb_build_object('webhook', webhook); END IF;
                IF webhook_events_filter IS NOT NULL THEN
                    request := request || jsonb_build_object('webhook_events_filter', to_jsonb(webhook_events_filter));
                END IF;
                INSERT INTO cog_host.jobs (id, kind, request, sealed_secrets) VALUES (job_id, kind, request, sealed_secrets);
                RETURN job_id;
            END
            $$
            """,
            // A queued job ends canceled at once; a running one is asked to stop (its worker is
            // notified). Returns the job's state after the call, or NULL for an unknown id.
            """
            CREATE FUNCTION cog_host.cancel(job_id text) RETURNS text LANGUAGE plpgsql AS $$
            DECLARE
                new_state text;
            BEGIN
                UPDATE cog_host.jobs SET state = 'canceled', completed_at = now(), sealed_secrets = NULL,
                    result = jsonb_build_object('id', jobs.id, 'status', 'canceled', 'input', request -> 'input', 'logs', '',
                        'metrics', '{}'::jsonb, 'created_at', created_at, 'started_at', NULL, 'completed_at', now())
                    WHERE jobs.id = job_id AND state = 'queued' RETURNING state INTO new_state;
                IF FOUND THEN RETURN new_state; END IF;
                UPDATE cog_host.jobs SET cancel_requested = true WHERE jobs.id = job_id AND state = 'running' RETURNING state INTO new_state;
                IF FOUND THEN RETURN new_state; END IF;
                SELECT state INTO new_state FROM cog_host.jobs WHERE jobs.id = job_id;
                RETURN new_state;
            END
            $$
            """,
        ]),
    ]
}
