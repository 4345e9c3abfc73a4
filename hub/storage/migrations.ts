// Versioned schema changes. A migration is never edited once released: change the schema
// by appending a new version. Each run applies every pending version in one transaction
// under an advisory lock, so two hub instances starting together cannot both migrate.
import type { Database, Queryable } from './queryable.js';
import { ANALYTICS_MIGRATION_SQL } from '../analytics/analytics-migration.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'kiosks and transactions',
    sql: `
      CREATE TABLE kiosks (
        kiosk_id      text PRIMARY KEY,
        branch_id     text NOT NULL,
        name          text,
        version       text,
        registered_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        backlog_hint  integer
      );
      CREATE TABLE kiosk_transactions (
        kiosk_id       text NOT NULL REFERENCES kiosks (kiosk_id),
        tx_id          uuid NOT NULL,
        seq            bigint NOT NULL CHECK (seq > 0),
        type           text NOT NULL,
        schema_version integer NOT NULL CHECK (schema_version > 0),
        created_at     timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        payload        jsonb NOT NULL,
        -- at-most-once: a kiosk's transaction id is stored once, whatever the replays
        PRIMARY KEY (kiosk_id, tx_id),
        -- the listing pages by seq, which only works if a seq names one transaction
        UNIQUE (kiosk_id, seq)
      );
    `,
  },
  {
    version: 2,
    name: 'kiosk keys, enrollment codes, request nonces, staff query index',
    sql: `
      -- One Ed25519 public key per kiosk. No foreign key to kiosks: a kiosk enrolls
      -- before its first (signed) registration.
      CREATE TABLE kiosk_keys (
        kiosk_id    text PRIMARY KEY,
        public_key  text NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now()
      );
      -- Only the SHA-256 of a code is kept; codes carry 100 random bits, so no salt or
      -- slow hash is needed to make a stolen table useless.
      CREATE TABLE enrollment_codes (
        code_hash  text PRIMARY KEY,
        kiosk_id   text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at    timestamptz
      );
      CREATE INDEX enrollment_codes_expiry ON enrollment_codes (expires_at);
      -- In the database rather than in memory, so every hub instance behind a load
      -- balancer sees a nonce another instance accepted.
      CREATE TABLE kiosk_request_nonces (
        kiosk_id   text NOT NULL,
        nonce      text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (kiosk_id, nonce)
      );
      CREATE INDEX kiosk_request_nonces_expiry ON kiosk_request_nonces (expires_at);
      -- Staff page through the log by (createdAt, kiosk, seq).
      CREATE INDEX kiosk_transactions_created ON kiosk_transactions (created_at, kiosk_id, seq);
    `,
  },
  {
    version: 3,
    name: 'staff accounts and sessions, remote assistance requests, calls, transfers, SLA breaches, call quality',
    sql: `
      -- Experts, supervisors, admins. Passwords as scrypt strings (salt and cost inside);
      -- the TOTP secret must be readable to check codes, so it is as sensitive as the hash.
      CREATE TABLE staff_users (
        staff_id       uuid PRIMARY KEY,
        username       text NOT NULL UNIQUE,
        display_name   text NOT NULL,
        role           text NOT NULL CHECK (role IN ('expert', 'supervisor', 'admin')),
        password_hash  text NOT NULL,
        totp_secret    text NOT NULL,
        -- highest TOTP time step accepted: a code cannot be replayed within its window
        totp_last_step bigint NOT NULL DEFAULT 0,
        languages      jsonb NOT NULL DEFAULT '[]',
        topics         jsonb NOT NULL DEFAULT '[]',
        disabled       boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      -- Only the SHA-256 of a session token is kept: tokens carry 256 random bits.
      CREATE TABLE staff_sessions (
        token_hash   text PRIMARY KEY,
        staff_id     uuid NOT NULL REFERENCES staff_users (staff_id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz
      );
      CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
      CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);
      -- One row per customer asking for help. No foreign key to kiosks: the signaling
      -- socket authenticates a kiosk by its key, which may precede its registration.
      CREATE TABLE assist_requests (
        request_id     uuid PRIMARY KEY,
        kiosk_id       text NOT NULL,
        language       text NOT NULL,
        topic          text NOT NULL,
        priority_class text NOT NULL,
        flags          jsonb NOT NULL,
        journey_step   text NOT NULL,
        status         text NOT NULL CHECK (status IN ('waiting', 'in-call', 'closed')),
        requested_at   timestamptz NOT NULL,
        answered_at    timestamptz,
        closed_at      timestamptz,
        -- first ask until first answer, or until the customer gave up
        wait_ms        bigint,
        outcome        text CHECK (outcome IN ('served', 'cancelled', 'abandoned', 'dropped')),
        abandon_reason text
      );
      CREATE INDEX assist_requests_kiosk ON assist_requests (kiosk_id, requested_at);
      CREATE INDEX assist_requests_requested ON assist_requests (requested_at);
      -- One row per expert who talked to the customer (a transfer starts another).
      CREATE TABLE assist_sessions (
        session_id  uuid PRIMARY KEY,
        request_id  uuid NOT NULL REFERENCES assist_requests (request_id),
        kiosk_id    text NOT NULL,
        staff_id    uuid NOT NULL REFERENCES staff_users (staff_id),
        started_at  timestamptz NOT NULL,
        wait_ms     bigint NOT NULL,
        ended_at    timestamptz,
        end_reason  text,
        talk_ms     bigint,
        outcome     text,
        notes       text,
        disposed_at timestamptz,
        rating      smallint CHECK (rating BETWEEN 1 AND 5),
        nps         smallint CHECK (nps BETWEEN 0 AND 10),
        rated_at    timestamptz
      );
      CREATE INDEX assist_sessions_request ON assist_sessions (request_id);
      CREATE INDEX assist_sessions_staff ON assist_sessions (staff_id, started_at);
      CREATE TABLE assist_transfers (
        transfer_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id      uuid NOT NULL REFERENCES assist_requests (request_id),
        from_session_id uuid NOT NULL REFERENCES assist_sessions (session_id),
        from_staff_id   uuid NOT NULL REFERENCES staff_users (staff_id),
        -- null: any supervisor
        to_staff_id     uuid REFERENCES staff_users (staff_id),
        note            text,
        transferred_at  timestamptz NOT NULL
      );
      CREATE INDEX assist_transfers_request ON assist_transfers (request_id);
      CREATE TABLE assist_sla_breaches (
        request_id  uuid NOT NULL REFERENCES assist_requests (request_id),
        rule_id     text NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('answer', 'resolve')),
        due_at      timestamptz NOT NULL,
        breached_at timestamptz NOT NULL,
        PRIMARY KEY (request_id, rule_id, due_at)
      );
      CREATE INDEX assist_sla_breaches_at ON assist_sla_breaches (breached_at);
      -- Running sums of the expert console's WebRTC stats samples; averages are sum / count.
      CREATE TABLE assist_call_quality (
        session_id     uuid PRIMARY KEY REFERENCES assist_sessions (session_id),
        samples        integer NOT NULL,
        rtt_sum_ms     double precision NOT NULL,
        rtt_max_ms     double precision NOT NULL,
        jitter_sum_ms  double precision NOT NULL,
        jitter_max_ms  double precision NOT NULL,
        loss_sum_pct   double precision NOT NULL,
        loss_max_pct   double precision NOT NULL,
        video_samples  integer NOT NULL,
        fps_sum        double precision NOT NULL,
        fps_min        double precision,
        min_height     integer,
        last_width     integer,
        last_height    integer,
        first_at       timestamptz NOT NULL,
        last_at        timestamptz NOT NULL
      );
      -- Remote authorizations, signed by the hub so a later audit can tell a genuine
      -- decision from an edited row. One decision per authorization request.
      CREATE TABLE assist_decisions (
        decision_id     uuid PRIMARY KEY,
        session_id      uuid NOT NULL REFERENCES assist_sessions (session_id),
        auth_request_id uuid NOT NULL,
        staff_id        uuid NOT NULL REFERENCES staff_users (staff_id),
        kiosk_id        text NOT NULL,
        action          text NOT NULL,
        decision        text NOT NULL CHECK (decision IN ('approve', 'decline')),
        reason          text,
        decided_at      timestamptz NOT NULL,
        signature       text NOT NULL,
        UNIQUE (session_id, auth_request_id)
      );
    `,
  },
  {
    version: 4,
    name: 'hub to kiosk change log',
    sql: `
      -- Append-only log of what the hub publishes to kiosks (config, catalogs, counters).
      -- seq orders the whole log and is the kiosks' pull cursor; publishers take a lock so
      -- seq order is commit order, and a kiosk's cursor never passes a change still being
      -- committed. version counts the publications of one (scope, item) from 1.
      CREATE TABLE kiosk_changes (
        seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        scope_kind   text NOT NULL CHECK (scope_kind IN ('all', 'branch', 'kiosk')),
        -- the branch or kiosk id; '' for all kiosks, so the scope is a key without NULLs
        scope_id     text NOT NULL CHECK ((scope_kind = 'all') = (scope_id = '')),
        item_kind    text NOT NULL CHECK (item_kind IN ('config', 'catalog', 'ticket-counter')),
        item_key     text NOT NULL,
        version      integer NOT NULL CHECK (version > 0),
        -- null: deleted from this scope
        value        jsonb,
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (scope_kind, scope_id, item_kind, item_key, version)
      );
      -- A kiosk's page: its three scopes after its cursor.
      CREATE INDEX kiosk_changes_scope_seq ON kiosk_changes (scope_kind, scope_id, seq);
    `,
  },
  {
    version: 5,
    name: 'branch of a kiosk set by its enrollment',
    sql: `
      -- The branch a kiosk belongs to is an admin's decision, made when the code is issued;
      -- a kiosk's registration cannot change it. null: issued without a branch, so the
      -- kiosk's first registration sets it, once.
      ALTER TABLE enrollment_codes ADD COLUMN branch_id text;
      ALTER TABLE kiosk_keys ADD COLUMN branch_id text;
      -- Kiosks enrolled before keep the branch they registered with.
      UPDATE kiosk_keys k SET branch_id = r.branch_id FROM kiosks r WHERE r.kiosk_id = k.kiosk_id;
    `,
  },
  {
    version: 6,
    name: 'assistance waiting room shared by every hub instance',
    sql: `
      -- The customers waiting for an expert right now: the queue's truth when several hub
      -- instances share this database (hub/assist/queue/queue-store.ts). A row leaves when
      -- an expert claims it (DELETE … RETURNING, row-locked, so one claim wins) or the
      -- customer gives up. Times are the hub clock's epoch milliseconds.
      CREATE TABLE assist_queue (
        request_id      uuid PRIMARY KEY,
        kiosk_id        text NOT NULL UNIQUE,
        language        text NOT NULL,
        topic           text NOT NULL,
        priority_class  text NOT NULL,
        journey_step    text NOT NULL,
        requested_at_ms bigint NOT NULL,
        queued_at_ms    bigint,
        -- requested_at minus the class's head start: ascending rank is descending priority,
        -- because every class ages at the same rate (hub/assist/queue/priority.ts).
        rank_ms         double precision NOT NULL,
        transfer_from   text,
        transfer_kind   text CHECK (transfer_kind IN ('staff', 'supervisor')),
        transfer_staff  text,
        transfer_note   text
      );
      CREATE INDEX assist_queue_rank ON assist_queue (rank_ms, requested_at_ms, request_id);
    `,
  },
  {
    version: 7,
    name: 'live assistance calls and the hub instance that runs each',
    sql: `
      -- A live call is run by one hub instance (where it was accepted). When that instance
      -- dies, another one takes the call over from this row (hub/assist/cluster): the owner
      -- changes with a conditional UPDATE, so only one instance does. Deleted when the call ends.
      CREATE TABLE assist_call_owners (
        session_id    uuid PRIMARY KEY,
        owner         text NOT NULL,
        kiosk_id      text NOT NULL,
        staff_id      text NOT NULL,
        request       jsonb NOT NULL,
        expert        jsonb NOT NULL,
        started_at_ms bigint NOT NULL
      );
      CREATE INDEX assist_call_owners_kiosk ON assist_call_owners (kiosk_id);
      CREATE INDEX assist_call_owners_staff ON assist_call_owners (staff_id);
    `,
  },
  {
    version: 8,
    name: 'branch ticket queue: tickets, counters, call events, service times; the teller role',
    sql: `
      -- Tellers sign in like experts but work at counters (hub/branch-queue), not on calls.
      ALTER TABLE staff_users DROP CONSTRAINT IF EXISTS staff_users_role_check;
      ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check CHECK (role IN ('expert', 'supervisor', 'admin', 'teller'));
      -- A branch's counters and what each can serve. current_ticket_id is the ticket called or
      -- served there; "call next" locks this row, so one counter never calls two at once.
      CREATE TABLE branch_counters (
        counter_id        uuid PRIMARY KEY,
        branch_id         text NOT NULL,
        name              text NOT NULL,
        services          jsonb NOT NULL,
        is_open           boolean NOT NULL DEFAULT false,
        teller_id         text,
        current_ticket_id uuid,
        updated_at_ms     bigint NOT NULL,
        UNIQUE (branch_id, name)
      );
      -- One row per ticket; ticket_id is the kiosk's transaction id, so a replayed sync
      -- cannot enter a ticket twice. Times are the hub clock's epoch milliseconds.
      CREATE TABLE branch_tickets (
        ticket_id        uuid PRIMARY KEY,
        kiosk_ticket_id  uuid NOT NULL UNIQUE,
        kiosk_id         text,
        branch_id        text NOT NULL,
        service_id       text NOT NULL,
        number           text NOT NULL,
        service_class    text NOT NULL CHECK (service_class IN ('regular', 'vip', 'priority-assist')),
        issued_at_ms     bigint NOT NULL,
        -- issued_at minus the class's head start: ascending rank is the calling order
        -- (hub/branch-queue/priority.ts). A transfer keeps it: the customer keeps their place.
        rank_ms          double precision NOT NULL,
        state            text NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no-show')),
        counter_id       uuid,
        teller_id        text,
        called_at_ms     bigint,
        recalls          integer NOT NULL DEFAULT 0,
        serving_at_ms    bigint,
        finished_at_ms   bigint,
        transferred_from jsonb NOT NULL DEFAULT '[]',
        entered_at_ms    bigint NOT NULL
      );
      CREATE INDEX branch_tickets_waiting ON branch_tickets (branch_id, rank_ms, issued_at_ms, ticket_id) WHERE state = 'waiting';
      CREATE INDEX branch_tickets_at_counter ON branch_tickets (branch_id) WHERE state IN ('called', 'serving');
      -- What happened to each ticket, in order: the wall display's "last calls" and the audit.
      CREATE TABLE branch_queue_events (
        seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        branch_id  text NOT NULL,
        ticket_id  uuid NOT NULL,
        kind       text NOT NULL CHECK (kind IN ('entered', 'called', 'recalled', 'serving', 'done', 'no-show', 'transferred')),
        service_id text NOT NULL,
        counter_id uuid,
        teller_id  text,
        at_ms      bigint NOT NULL
      );
      CREATE INDEX branch_queue_events_branch ON branch_queue_events (branch_id, seq);
      -- Finished services, for the estimated wait (median of the recent ones).
      CREATE TABLE branch_service_times (
        ticket_id      uuid PRIMARY KEY,
        branch_id      text NOT NULL,
        service_id     text NOT NULL,
        counter_id     uuid NOT NULL,
        finished_at_ms bigint NOT NULL,
        service_ms     bigint NOT NULL CHECK (service_ms >= 0)
      );
      CREATE INDEX branch_service_times_recent ON branch_service_times (branch_id, service_id, finished_at_ms DESC);
    `,
  },
  {
    version: 9,
    name: 'banking: idempotency keys, card sessions, card-data keys; the demo core bank',
    sql: `
      -- The first answer to each money-moving call, per kiosk and idempotency key (the kiosk's
      -- outbox row id), kept for the retention period (hub/banking/idempotency-store.ts). answer
      -- is null while the first call runs; claim_token names that attempt, so a stale claim
      -- (its hub died mid-call) is taken over by exactly one conditional UPDATE.
      CREATE TABLE banking_idempotency (
        kiosk_id     text NOT NULL,
        idem_key     uuid NOT NULL,
        operation    text NOT NULL,
        request_hash text NOT NULL,
        answer       jsonb,
        claim_token  uuid NOT NULL,
        claimed_at   timestamptz NOT NULL,
        answered_at  timestamptz,
        PRIMARY KEY (kiosk_id, idem_key)
      );
      CREATE INDEX banking_idempotency_claimed ON banking_idempotency (claimed_at);
      -- A verified card on one kiosk for a few minutes: what balance, statement and payment
      -- calls name instead of sending the card and PIN again. card_ref is the bank's handle.
      CREATE TABLE banking_card_sessions (
        session_id uuid PRIMARY KEY,
        kiosk_id   text NOT NULL,
        card_ref   text NOT NULL,
        masked_pan text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at   timestamptz
      );
      CREATE INDEX banking_card_sessions_expiry ON banking_card_sessions (expires_at);
      -- X25519 key pairs kiosks seal card data to; the private key sealed with the hub secret key.
      CREATE TABLE banking_card_keys (
        key_id             text PRIMARY KEY,
        public_key         text NOT NULL,
        private_key_sealed text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now()
      );

      -- The demo core bank (hub/banking/demo): only used when no bank adapter is registered.
      CREATE TABLE demo_bank_customers (
        customer_id  text PRIMARY KEY,
        display_name text NOT NULL
      );
      CREATE TABLE demo_bank_accounts (
        account_id     text PRIMARY KEY,
        customer_id    text NOT NULL REFERENCES demo_bank_customers (customer_id),
        account_number text NOT NULL UNIQUE,
        kind           text NOT NULL CHECK (kind IN ('current', 'savings')),
        name_zh        text NOT NULL,
        name_en        text NOT NULL,
        currency       text NOT NULL,
        -- no overdrafts in the demo: a debit that would go below zero fails the UPDATE
        balance_minor  bigint NOT NULL CHECK (balance_minor >= 0)
      );
      CREATE INDEX demo_bank_accounts_customer ON demo_bank_accounts (customer_id);
      -- Never the PAN or the PIN: an HMAC of the PAN to find the card, the masked PAN to show,
      -- and a PIN verification value (HMAC of PAN and PIN under the demo PIN verification key).
      CREATE TABLE demo_bank_cards (
        card_id         text PRIMARY KEY,
        customer_id     text NOT NULL REFERENCES demo_bank_customers (customer_id),
        pan_hmac        text NOT NULL UNIQUE,
        masked_pan      text NOT NULL,
        expiry          text NOT NULL,
        service_code    text NOT NULL,
        status          text NOT NULL CHECK (status IN ('active', 'blocked', 'replacement-ordered')),
        pvv             text NOT NULL,
        wrong_pin_count integer NOT NULL DEFAULT 0 CHECK (wrong_pin_count >= 0)
      );
      CREATE TABLE demo_bank_billers (
        biller_id          text PRIMARY KEY,
        category           text NOT NULL,
        name_zh            text NOT NULL,
        name_en            text NOT NULL,
        reference_label_zh text NOT NULL,
        reference_label_en text NOT NULL,
        reference_pattern  text NOT NULL,
        fee_minor          bigint NOT NULL CHECK (fee_minor >= 0),
        currency           text NOT NULL,
        sort_order         integer NOT NULL
      );
      CREATE TABLE demo_bank_bills (
        bill_id      text PRIMARY KEY,
        biller_id    text NOT NULL REFERENCES demo_bank_billers (biller_id),
        reference    text NOT NULL,
        payee_name   text NOT NULL,
        period       text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency     text NOT NULL,
        due_date     date NOT NULL,
        status       text NOT NULL CHECK (status IN ('open', 'paid')),
        paid_by      uuid
      );
      CREATE INDEX demo_bank_bills_reference ON demo_bank_bills (biller_id, reference, due_date);
      CREATE TABLE demo_bank_ledger (
        entry_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id          text NOT NULL REFERENCES demo_bank_accounts (account_id),
        amount_minor        bigint NOT NULL,
        balance_after_minor bigint NOT NULL,
        description         text NOT NULL,
        booked_at           timestamptz NOT NULL,
        payment_id          uuid
      );
      CREATE INDEX demo_bank_ledger_account ON demo_bank_ledger (account_id, booked_at, entry_id);
      -- One row per approved or declined payment; the unique key is the bank's own
      -- idempotency, behind the hub's.
      CREATE TABLE demo_bank_payments (
        payment_id   uuid PRIMARY KEY,
        kiosk_id     text NOT NULL,
        idem_key     uuid NOT NULL,
        request_hash text NOT NULL,
        result       jsonb NOT NULL,
        created_at   timestamptz NOT NULL,
        UNIQUE (kiosk_id, idem_key)
      );
      CREATE TABLE demo_bank_seed (
        version    integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 10,
    name: 'fleet health, alert rules, alerts and webhook deliveries',
    sql: `
      -- Each kiosk's latest health report (protocol/fleet-health.ts) and whether the hub
      -- hears from it. last_heard_at moves on every report and, while a hub instance holds
      -- the kiosk's socket, at every sweep of that instance: a kiosk is offline once no
      -- instance has heard from it for the offline threshold, even if its instance died.
      CREATE TABLE fleet_kiosk_health (
        kiosk_id          text PRIMARY KEY,
        report            jsonb,
        version           text,
        started_at        timestamptz,
        reported_at       timestamptz,
        last_heard_at     timestamptz NOT NULL,
        online            boolean NOT NULL,
        online_since      timestamptz NOT NULL,
        backlog           integer NOT NULL DEFAULT 0,
        oldest_pending_at timestamptz,
        last_sync_at      timestamptz
      );
      CREATE INDEX fleet_kiosk_health_heard ON fleet_kiosk_health (online, last_heard_at);
      -- Changes only (not every heartbeat): a kiosk's recent events, restarts for crash loops.
      CREATE TABLE fleet_health_history (
        id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kiosk_id text NOT NULL,
        at       timestamptz NOT NULL,
        event    text NOT NULL CHECK (event IN ('online', 'offline', 'device', 'version', 'restart')),
        detail   jsonb NOT NULL
      );
      CREATE INDEX fleet_health_history_kiosk_at ON fleet_health_history (kiosk_id, at DESC);
      CREATE INDEX fleet_health_history_at ON fleet_health_history (at);
      CREATE TABLE fleet_alert_rules (
        rule_id       text PRIMARY KEY,
        enabled       boolean NOT NULL,
        severity      text NOT NULL CHECK (severity IN ('warning', 'critical')),
        hold_down_sec integer NOT NULL CHECK (hold_down_sec >= 0),
        params        jsonb NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        updated_by    text
      );
      INSERT INTO fleet_alert_rules (rule_id, enabled, severity, hold_down_sec, params) VALUES
        ('kiosk-offline', true, 'critical', 0, '{"kind":"kiosk-offline","offlineMinutes":5}'),
        ('printer-paper', true, 'warning', 30, '{"kind":"printer-paper","includeNearEnd":false}'),
        ('printer-cover-open', true, 'warning', 60, '{"kind":"printer-cover-open"}'),
        ('card-reader-error', true, 'critical', 30, '{"kind":"card-reader-error"}'),
        ('id-reader-error', true, 'warning', 30, '{"kind":"id-reader-error"}'),
        ('dispenser-stock-low', true, 'warning', 60, '{"kind":"dispenser-stock-low"}'),
        ('backlog-growing', true, 'warning', 60, '{"kind":"backlog-growing","maxItems":500,"maxOldestMinutes":30}'),
        ('crash-loop', true, 'critical', 0, '{"kind":"crash-loop","restarts":3,"windowMinutes":10}'),
        ('disk-almost-full', true, 'warning', 300, '{"kind":"disk-almost-full","minFreePercent":10}');
      CREATE TABLE fleet_alerts (
        alert_id        uuid PRIMARY KEY,
        kiosk_id        text NOT NULL,
        rule_id         text NOT NULL,
        kind            text NOT NULL,
        severity        text NOT NULL,
        device          text NOT NULL DEFAULT '',
        state           text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
        detail          jsonb NOT NULL,
        raised_at       timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        resolved_at     timestamptz,
        resolved_by     text
      );
      -- De-duplication: one unresolved alert per kiosk, rule and device, whichever instance raises it.
      CREATE UNIQUE INDEX fleet_alerts_one_active ON fleet_alerts (kiosk_id, rule_id, device) WHERE state <> 'resolved';
      CREATE INDEX fleet_alerts_kiosk_raised ON fleet_alerts (kiosk_id, raised_at DESC);
      CREATE INDEX fleet_alerts_raised ON fleet_alerts (raised_at DESC);
      -- Conditions seen but not raised yet: waiting out their rule's hold-down, or the
      -- per-kiosk hourly limit.
      CREATE TABLE fleet_alert_conditions (
        kiosk_id      text NOT NULL,
        rule_id       text NOT NULL,
        device        text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        detail        jsonb NOT NULL,
        PRIMARY KEY (kiosk_id, rule_id, device)
      );
      -- Webhook outbox: written in the transaction that changes the alert, so a restart
      -- loses no delivery; any instance sends a due row after claiming it.
      CREATE TABLE fleet_webhook_deliveries (
        seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id     uuid NOT NULL UNIQUE,
        alert_id        uuid NOT NULL,
        body            text NOT NULL,
        state           text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        created_at      timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        claimed_until   timestamptz,
        delivered_at    timestamptz,
        last_error      text
      );
      CREATE INDEX fleet_webhook_due ON fleet_webhook_deliveries (next_attempt_at) WHERE state = 'pending';
      CREATE INDEX fleet_webhook_alert ON fleet_webhook_deliveries (alert_id, seq) WHERE state = 'pending';
    `,
  },
  {
    version: 11,
    name: 'banking: synced bill payments applied through the core-banking adapter, with staff follow-up',
    sql: `
      -- One row per synced bill.payment transaction once the hub has dealt with it
      -- (hub/banking/stored-payments.ts): forwarded offline payments applied through the bank,
      -- online ones checked against the idempotency store. A row is written after the bank
      -- answered, so a transaction without a row is still to do (found by the anti-join below).
      CREATE TABLE banking_stored_payments (
        kiosk_id          text NOT NULL,
        tx_id             uuid NOT NULL,
        mode              text NOT NULL CHECK (mode IN ('online', 'forward')),
        status            text NOT NULL CHECK (status IN ('approved', 'declined', 'unconfirmed', 'invalid')),
        reason            text,
        bill_id           text,
        amount_minor      bigint,
        currency          text,
        masked_pan        text,
        payment_reference text,
        applied_at        timestamptz NOT NULL,
        followed_up_at    timestamptz,
        follow_up_note    text,
        PRIMARY KEY (kiosk_id, tx_id)
      );
      -- The console's follow-up list: what went wrong and nobody has dealt with yet.
      CREATE INDEX banking_stored_payments_open ON banking_stored_payments (applied_at)
        WHERE status IN ('declined', 'unconfirmed', 'invalid') AND followed_up_at IS NULL;
      -- The applier's scan for bill payments it has not dealt with.
      CREATE INDEX kiosk_transactions_bill_payments ON kiosk_transactions (received_at) WHERE type = 'bill.payment';
    `,
  },
  {
    version: 12,
    name: 'branch queue: counter changes are events too',
    sql: `
      -- Opening, closing or re-skilling a counter changes the estimates a wall display and a
      -- teller show, so it moves the branch queue's version (its latest event) like a call does.
      ALTER TABLE branch_queue_events ALTER COLUMN ticket_id DROP NOT NULL;
      ALTER TABLE branch_queue_events ALTER COLUMN service_id DROP NOT NULL;
      ALTER TABLE branch_queue_events DROP CONSTRAINT IF EXISTS branch_queue_events_kind_check;
      ALTER TABLE branch_queue_events ADD CONSTRAINT branch_queue_events_kind_check
        CHECK (kind IN ('entered', 'called', 'recalled', 'serving', 'done', 'no-show', 'transferred', 'counter-changed'));
    `,
  },
  {
    version: 13,
    name: 'fleet remote commands: signed commands with expiry, their delivery and result, and an audit trail',
    sql: `
      -- One row per command an operator issued; \`signed\` is exactly what the kiosk verifies.
      CREATE TABLE fleet_commands (
        command_id      uuid PRIMARY KEY,
        kiosk_id        text NOT NULL,
        kind            text NOT NULL,
        params          jsonb NOT NULL,
        signed          jsonb NOT NULL,
        status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'succeeded', 'refused', 'failed', 'expired')),
        issued_by       text NOT NULL,
        issued_by_name  text,
        issued_at       timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        delivered_at    timestamptz,
        finished_at     timestamptz,
        reason          text,
        detail          jsonb,
        diagnostics     jsonb
      );
      CREATE INDEX fleet_commands_kiosk ON fleet_commands (kiosk_id, issued_at DESC);
      -- What a (re)connecting kiosk still has to receive.
      CREATE INDEX fleet_commands_pending ON fleet_commands (kiosk_id, issued_at) WHERE status = 'pending';
      -- Who did what to a command, and when: issue, delivery, acknowledgement, result, expiry.
      CREATE TABLE fleet_command_audit (
        audit_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        command_id  uuid NOT NULL,
        kiosk_id    text NOT NULL,
        event       text NOT NULL CHECK (event IN ('issued', 'delivered', 'acknowledged', 'succeeded', 'refused', 'failed', 'expired')),
        actor       text NOT NULL,
        at          timestamptz NOT NULL,
        detail      jsonb
      );
      CREATE INDEX fleet_command_audit_command ON fleet_command_audit (command_id, audit_id);
    `,
  },
  {
    version: 14,
    name: 'customer feedback, follow-up cases (detractors and call-backs) with notes and audit',
    sql: `
      -- One row per synced customer.feedback.given, keyed like its transaction: a replay adds nothing.
      CREATE TABLE customer_feedback (
        kiosk_id    text NOT NULL,
        tx_id       uuid NOT NULL,
        feedback_id uuid NOT NULL,
        branch_id   text,
        journey     text NOT NULL,
        service     text NOT NULL,
        score       smallint NOT NULL CHECK (score BETWEEN 0 AND 10),
        reason      text,
        comment     text,
        reference   text,
        locale      text NOT NULL,
        given_at    timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, tx_id)
      );
      -- The customer-voice report reads by month.
      CREATE INDEX customer_feedback_given ON customer_feedback (given_at);
      CREATE TABLE follow_up_cases (
        case_id        uuid PRIMARY KEY,
        kind           text NOT NULL CHECK (kind IN ('detractor', 'call-back')),
        kiosk_id       text NOT NULL,
        tx_id          uuid NOT NULL,
        branch_id      text,
        opened_at      timestamptz NOT NULL,
        due_at         timestamptz NOT NULL,
        status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'closed')),
        owner_staff_id uuid,
        taken_at       timestamptz,
        score          smallint,
        reason         text,
        comment        text,
        journey        text,
        service        text,
        reference      text,
        phone          text,
        contacted_at   timestamptz,
        closed_at      timestamptz,
        resolution     text,
        -- one case per transaction, whatever the replays
        UNIQUE (kiosk_id, tx_id)
      );
      -- Lists filter by status and sort by deadline.
      CREATE INDEX follow_up_cases_status_due ON follow_up_cases (status, due_at);
      CREATE TABLE follow_up_notes (
        note_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id  uuid NOT NULL REFERENCES follow_up_cases (case_id),
        staff_id uuid NOT NULL,
        text     text NOT NULL,
        at       timestamptz NOT NULL
      );
      CREATE INDEX follow_up_notes_case ON follow_up_notes (case_id, note_id);
      -- Who did what to a case; a phone number shown in full is recorded here.
      CREATE TABLE follow_up_audit (
        audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id  uuid NOT NULL,
        staff_id uuid NOT NULL,
        event    text NOT NULL CHECK (event IN ('taken', 'noted', 'status', 'phone-revealed')),
        at       timestamptz NOT NULL,
        detail   jsonb
      );
      CREATE INDEX follow_up_audit_case ON follow_up_audit (case_id, audit_id);
      -- Call-backs synced before this version become cases too, so staff have one list.
      INSERT INTO follow_up_cases (case_id, kind, kiosk_id, tx_id, branch_id, opened_at, due_at, reference, phone)
      SELECT gen_random_uuid(), 'call-back', t.kiosk_id, t.tx_id, k.branch_id, t.received_at, t.received_at + interval '24 hours',
             t.payload->>'reference', t.payload->>'phone'
      FROM kiosk_transactions t LEFT JOIN kiosks k ON k.kiosk_id = t.kiosk_id
      WHERE t.type = 'assist.callback.requested';
    `,
  },
  {
    version: 15,
    name: 'software updates: signed releases, staged rollouts with their audit, and what each kiosk reports',
    sql: `
      -- A release as published; \`signed\` is exactly the manifest the kiosk verifies.
      CREATE TABLE software_releases (
        version    text PRIMARY KEY,
        channel    text NOT NULL,
        signed     jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      );
      -- Which kiosks take a release, when; widened or paused in place, never narrowed.
      CREATE TABLE software_rollouts (
        rollout_id uuid PRIMARY KEY,
        version    text NOT NULL REFERENCES software_releases (version),
        branches   jsonb NOT NULL,
        percentage integer NOT NULL CHECK (percentage BETWEEN 0 AND 100),
        window_from text NOT NULL,
        window_to   text NOT NULL,
        time_zone   text NOT NULL,
        starts_at  timestamptz NOT NULL,
        paused     boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX software_rollouts_newest ON software_rollouts (created_at DESC);
      CREATE TABLE software_rollout_audit (
        audit_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        rollout_id uuid NOT NULL,
        event      text NOT NULL CHECK (event IN ('started', 'paused', 'resumed', 'widened')),
        actor      text NOT NULL,
        at         timestamptz NOT NULL,
        detail     jsonb
      );
      -- The latest report per kiosk (who runs what) and every report (what happened when).
      CREATE TABLE kiosk_update_state (
        kiosk_id         text PRIMARY KEY,
        current_version  text NOT NULL,
        previous_version text,
        target_version   text,
        state            text NOT NULL,
        reason           text,
        reported_at      timestamptz NOT NULL,
        received_at      timestamptz NOT NULL
      );
      CREATE TABLE kiosk_update_reports (
        report_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kiosk_id    text NOT NULL,
        report      jsonb NOT NULL,
        received_at timestamptz NOT NULL
      );
      CREATE INDEX kiosk_update_reports_kiosk ON kiosk_update_reports (kiosk_id, report_id);
    `,
  },
  {
    version: 16,
    name: 'the operations role; the alert webhook set by staff (sealed secret, subscribed kinds) with its audit',
    sql: `
      -- Operations staff run the fleet (health, alerts, commands, updates) and take no calls or tickets.
      ALTER TABLE staff_users DROP CONSTRAINT IF EXISTS staff_users_role_check;
      ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check CHECK (role IN ('expert', 'supervisor', 'admin', 'teller', 'operations'));
      -- The alert webhook as an admin or operations user set it (one row). It replaces the
      -- HUB_ALERT_WEBHOOK_* settings once written. The secret is sealed with the hub secret key
      -- (AES-256-GCM, like TOTP secrets): the hub needs it in clear to sign, so no hash will do.
      CREATE TABLE fleet_webhook_settings (
        singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        url           text NOT NULL,
        secret_sealed text NOT NULL,
        kinds         jsonb NOT NULL,
        enabled       boolean NOT NULL,
        updated_by    text NOT NULL,
        updated_at    timestamptz NOT NULL
      );
      -- Who changed or tested the webhook, when, and what (never the secret, only that it changed).
      CREATE TABLE fleet_webhook_audit (
        audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event    text NOT NULL CHECK (event IN ('changed', 'tested')),
        actor    text NOT NULL,
        at       timestamptz NOT NULL,
        detail   jsonb NOT NULL
      );
      CREATE INDEX fleet_webhook_audit_at ON fleet_webhook_audit (at DESC);
    `,
  },
  {
    version: 17,
    name: 'banking follow-ups: who resolved a declined stored payment',
    sql: `
      -- The signed-in staff member who followed the payment up (id, and the name shown then).
      ALTER TABLE banking_stored_payments ADD COLUMN followed_up_by text;
      ALTER TABLE banking_stored_payments ADD COLUMN followed_up_by_name text;
      -- The console's "resolved" list: the latest first.
      CREATE INDEX banking_stored_payments_resolved ON banking_stored_payments (followed_up_at DESC)
        WHERE followed_up_at IS NOT NULL;
    `,
  },
  {
    version: 18,
    name: 'knowledge base: bilingual articles, every save a version, the published one chosen, with their audit',
    sql: `
      -- One row per article; its text lives in its versions. published_version is what kiosks
      -- get (NULL: none); status says whether the article is live, a draft or archived.
      CREATE TABLE knowledge_articles (
        article_id        uuid PRIMARY KEY,
        slug              text NOT NULL UNIQUE,
        status            text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
        latest_version    integer NOT NULL,
        published_version integer,
        published_at      timestamptz,
        updated_by        text NOT NULL,
        updated_at        timestamptz NOT NULL,
        CHECK ((status = 'published') = (published_version IS NOT NULL))
      );
      -- Never updated: an edit appends the next version.
      CREATE TABLE knowledge_versions (
        article_id uuid NOT NULL REFERENCES knowledge_articles (article_id),
        version    integer NOT NULL,
        content    jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (article_id, version)
      );
      CREATE TABLE knowledge_audit (
        audit_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id uuid NOT NULL REFERENCES knowledge_articles (article_id),
        event      text NOT NULL CHECK (event IN ('created', 'saved', 'published', 'unpublished', 'archived')),
        version    integer,
        actor      text NOT NULL,
        at         timestamptz NOT NULL
      );
      CREATE INDEX knowledge_audit_article ON knowledge_audit (article_id, audit_id);
    `,
  },
  {
    version: 19,
    name: 'appointments: slots per branch and service with a capacity, bookings checked in by a code',
    sql: `
      -- A slot is a start time for one service at one branch with room for capacity customers.
      -- booked counts the bookings holding a place (booked or checked-in); a no-show or a
      -- cancellation gives its place back, so booked never exceeds capacity.
      CREATE TABLE appointment_slots (
        slot_id       uuid PRIMARY KEY,
        branch_id     text NOT NULL,
        service_id    text NOT NULL,
        starts_at_ms  bigint NOT NULL,
        duration_min  integer NOT NULL CHECK (duration_min > 0),
        capacity      integer NOT NULL CHECK (capacity > 0),
        booked        integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
        created_by    text NOT NULL,
        created_at_ms bigint NOT NULL,
        UNIQUE (branch_id, service_id, starts_at_ms)
      );
      CREATE INDEX appointment_slots_branch_time ON appointment_slots (branch_id, starts_at_ms);
      -- code_hash: SHA-256 of the check-in code on the slip; the code itself is never stored, so
      -- a copy of this table cannot check anybody in. phone only with the customer's consent.
      CREATE TABLE appointment_bookings (
        booking_id       uuid PRIMARY KEY,
        slot_id          uuid NOT NULL REFERENCES appointment_slots (slot_id),
        branch_id        text NOT NULL,
        service_id       text NOT NULL,
        starts_at_ms     bigint NOT NULL,
        code_hash        text NOT NULL UNIQUE,
        status           text NOT NULL CHECK (status IN ('booked', 'checked-in', 'no-show', 'cancelled')),
        phone            text,
        booked_by        text NOT NULL,
        booked_at_ms     bigint NOT NULL,
        checked_in_at_ms bigint,
        checked_in_kiosk text,
        ticket_id        uuid,
        closed_at_ms     bigint
      );
      CREATE INDEX appointment_bookings_branch_time ON appointment_bookings (branch_id, starts_at_ms);
      -- The no-show sweeper reads only bookings still waiting for their customer.
      CREATE INDEX appointment_bookings_open ON appointment_bookings (starts_at_ms) WHERE status = 'booked';
    `,
  },
  {
    version: 20,
    name: 'recommendations: rules after a journey (versions, enabled, audit) and their impressions and acceptances',
    sql: `
      -- One row per rule; definition is the latest version's (what kiosks get while enabled).
      CREATE TABLE recommendation_rules (
        rule_id    uuid PRIMARY KEY,
        version    integer NOT NULL,
        enabled    boolean NOT NULL,
        definition jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      );
      -- Who changed what: every save keeps the definition it wrote.
      CREATE TABLE recommendation_audit (
        audit_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        rule_id    uuid NOT NULL REFERENCES recommendation_rules (rule_id),
        event      text NOT NULL CHECK (event IN ('created', 'saved', 'enabled', 'disabled')),
        version    integer NOT NULL,
        definition jsonb,
        actor      text NOT NULL,
        at         timestamptz NOT NULL
      );
      CREATE INDEX recommendation_audit_rule ON recommendation_audit (rule_id, audit_id);
      -- One row per synced customer.recommendation, keyed like its transaction: a replay adds
      -- nothing. No customer data: the rule, its version, what happened and on which journey.
      CREATE TABLE recommendation_events (
        kiosk_id     text NOT NULL,
        tx_id        uuid NOT NULL,
        rule_id      uuid NOT NULL,
        rule_version integer NOT NULL,
        event        text NOT NULL CHECK (event IN ('shown', 'accepted', 'declined')),
        journey      text NOT NULL,
        at           timestamptz NOT NULL,
        PRIMARY KEY (kiosk_id, tx_id)
      );
      CREATE INDEX recommendation_events_rule ON recommendation_events (rule_id, event);
    `,
  },
  {
    version: 21,
    name: 'service analytics: daily rollups of tickets, journeys, calls and feedback kept by triggers, with duration histograms',
    sql: ANALYTICS_MIGRATION_SQL,
  },
  {
    version: 22,
    name: 'banking: per-kiosk PIN pad keys (terminal master key and PIN working keys, sealed with the hub secret key)',
    sql: `
      -- The terminal master key of each kiosk's PIN pad, from its key ceremony (the same
      -- components keyed into the pad); sealed with the hub secret key, like banking_card_keys.
      CREATE TABLE banking_pinpad_tmks (
        kiosk_id    text PRIMARY KEY,
        tmk_sealed  text NOT NULL,
        kcv         text NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now()
      );
      -- PIN working keys issued to a kiosk: 'issued' (sent, not yet confirmed loaded), 'active'
      -- (the pad reported its KCV), 'retired' (replaced; its PIN blocks are refused).
      CREATE TABLE banking_pinpad_keys (
        key_id     text PRIMARY KEY,
        kiosk_id   text NOT NULL,
        key_sealed text NOT NULL,
        kcv        text NOT NULL,
        state      text NOT NULL CHECK (state IN ('issued', 'active', 'retired')),
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      );
      CREATE INDEX banking_pinpad_keys_kiosk ON banking_pinpad_keys (kiosk_id, created_at);
    `,
  },
  {
    version: 23,
    name: 'banking: statements by China ID card + PIN (one-time PIN bindings; the demo bank knows its customers by ID number)',
    sql: `
      -- A PIN block needs a PAN to be bound to; with an ID card there is none, so the hub issues
      -- a one-time PAN-shaped binding per try, for one kiosk, used up by that try.
      CREATE TABLE banking_id_challenges (
        challenge_id uuid PRIMARY KEY,
        kiosk_id     text NOT NULL,
        binding      text NOT NULL,
        expires_at   timestamptz NOT NULL,
        used_at      timestamptz
      );
      CREATE INDEX banking_id_challenges_expiry ON banking_id_challenges (expires_at);
      -- The demo bank's customers by the HMAC of their resident ID number, with the card whose
      -- PIN (the account password) an ID-card sign-in checks and counts wrong tries on.
      CREATE TABLE demo_bank_identities (
        id_number_hmac text PRIMARY KEY,
        customer_id    text NOT NULL REFERENCES demo_bank_customers (customer_id),
        card_id        text NOT NULL REFERENCES demo_bank_cards (card_id),
        pvv            text NOT NULL
      );
    `,
  },
  {
    version: 24,
    name: 'demo bank: card replacement at the kiosk (issued and voided cards, the issues with their fee)',
    sql: `
      ALTER TABLE demo_bank_cards DROP CONSTRAINT demo_bank_cards_status_check;
      ALTER TABLE demo_bank_cards ADD CONSTRAINT demo_bank_cards_status_check CHECK (status IN ('active', 'blocked', 'replacement-ordered', 'issued', 'voided'));
      -- One row per kiosk replacement, keyed like payments: its answer is the first answer.
      CREATE TABLE demo_bank_card_issues (
        kiosk_id     text NOT NULL,
        idem_key     uuid NOT NULL,
        request_hash text NOT NULL,
        result       jsonb NOT NULL,
        new_card_id  text,
        replaces     text,
        reason       text,
        account_id   text,
        fee_minor    bigint,
        currency     text,
        status       text NOT NULL CHECK (status IN ('claimed', 'declined', 'issued', 'activated', 'voided')),
        created_at   timestamptz NOT NULL,
        completed_at timestamptz,
        PRIMARY KEY (kiosk_id, idem_key)
      );
    `,
  },
  {
    version: 25,
    name: 'account opening at the kiosk (issue 11): applications with their personal data sealed, the staff views of them, the openings of the demo bank',
    sql: `
      -- One application per kiosk outbox row (application_id). The document as read, the photos,
      -- the face evidence, the consent with its signature and the KYC answers are personal: they
      -- are one AES-256-GCM box under the hub secret key (hub/banking/application-seal.node.ts),
      -- bound to the application id. In clear only what routing and audit need.
      CREATE TABLE account_applications (
        application_id   uuid PRIMARY KEY,
        kiosk_id         text NOT NULL,
        branch_id        text NOT NULL,
        status           text NOT NULL CHECK (status IN ('filed', 'approved', 'declined', 'opened', 'withdrawn')),
        document_kind    text NOT NULL CHECK (document_kind IN ('cn-id', 'passport')),
        locale           text NOT NULL,
        sealed           text NOT NULL,
        filed_at         timestamptz NOT NULL,
        -- The first recorded expert decision for it (assist_decisions, action 'account.open').
        decision_id      uuid,
        decided_at       timestamptz,
        -- Set while the bank is asked to open it; a claim older than a minute is taken over.
        open_claimed_at  timestamptz,
        opened_at        timestamptz,
        opened           jsonb,
        withdrawn_at     timestamptz,
        withdraw_reason  text
      );
      CREATE INDEX account_applications_kiosk ON account_applications (kiosk_id, filed_at);
      -- Who looked at an application's personal data, and when.
      CREATE TABLE account_application_views (
        view_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES account_applications (application_id),
        staff_id       text NOT NULL,
        viewed_at      timestamptz NOT NULL
      );
      -- The demo bank's own record of an account opened for an application: its idempotency.
      CREATE TABLE demo_bank_account_openings (
        application_id uuid PRIMARY KEY,
        kiosk_id       text NOT NULL,
        customer_id    text NOT NULL REFERENCES demo_bank_customers (customer_id),
        account_id     text NOT NULL REFERENCES demo_bank_accounts (account_id),
        id_number_hmac text NOT NULL,
        reference      text NOT NULL,
        opened_at      timestamptz NOT NULL
      );
      CREATE INDEX demo_bank_account_openings_person ON demo_bank_account_openings (id_number_hmac);
    `,
  },
];

// Arbitrary; what matters is that every hub instance uses the same key.
const MIGRATION_LOCK_KEY = 0x4b1b_3167;

export function checkMigrationOrder(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

async function appliedVersions(tx: Queryable): Promise<number[]> {
  const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => Number(row.version));
}

/** Applies the pending migrations and returns their versions (empty when up to date). */
export async function migrate(db: Database, list: readonly Migration[] = migrations): Promise<number[]> {
  checkMigrationOrder(list);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const applied = new Set(await appliedVersions(tx));
    const newest = Math.max(0, ...applied);
    if (newest > list.length) {
      throw new Error(`database schema is at version ${newest}, newer than this hub knows (${list.length}); upgrade the hub`);
    }
    const pending = list.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return pending.map((migration) => migration.version);
  });
}
