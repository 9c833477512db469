import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignsDossiers1764000001000 implements MigrationInterface {
  name = 'CampaignsDossiers1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE; an IMMUTABLE wrapper with the dictionary named lets it back an index.
    await q.query(`
      CREATE OR REPLACE FUNCTION ptce_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);

    await q.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) COLLATE "fr-x-icu" NOT NULL,
        timezone varchar(64) NOT NULL DEFAULT 'Europe/Paris',
        published_at timestamptz NOT NULL,
        phase1_deposit_deadline timestamptz NOT NULL,
        phase1_announcement_at timestamptz NOT NULL,
        phase2_invitation_at timestamptz NOT NULL,
        phase2_deposit_deadline timestamptz NOT NULL,
        phase2_announcement_at timestamptz,
        envelope_cents bigint NOT NULL DEFAULT 0 CHECK (envelope_cents >= 0),
        ds_demarche_phase1 integer,
        ds_demarche_phase2 integer,
        required_avis_roles text[] NOT NULL DEFAULT ARRAY['correspondant_ess','cress','compagnon'],
        compagnons_per_dossier smallint NOT NULL DEFAULT 1 CHECK (compagnons_per_dossier BETWEEN 0 AND 5),
        avis_delay_days smallint NOT NULL DEFAULT 21 CHECK (avis_delay_days BETWEEN 1 AND 365),
        phase1_arrete_at timestamptz,
        phase2_arrete_at timestamptz,
        ds_mapping jsonb,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE dossier (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign(id),
        phase smallint NOT NULL CHECK (phase IN (1, 2)),
        parent_dossier_id uuid REFERENCES dossier(id),
        ds_number integer,
        project_name varchar(300) COLLATE "fr-x-icu" NOT NULL,
        region varchar(3) NOT NULL,
        structure_siret varchar(14),
        structure_name varchar(300) COLLATE "fr-x-icu" NOT NULL,
        structure_legal_form varchar(200),
        structure_legal_form_code varchar(4),
        structure_legal_category varchar(30) NOT NULL DEFAULT 'autre',
        structure_esus boolean NOT NULL DEFAULT false,
        structure_esus_date date,
        referent_name varchar(200),
        referent_email varchar(254),
        referent_phone varchar(40),
        sections jsonb NOT NULL DEFAULT '{}',
        characterisation jsonb NOT NULL DEFAULT '{}',
        member_sirets text[] NOT NULL DEFAULT '{}',
        amount_requested_cents bigint,
        deposited_at timestamptz NOT NULL DEFAULT now(),
        late_deposit boolean NOT NULL DEFAULT false,
        state varchar(30) NOT NULL DEFAULT 'depose',
        eligibility varchar(20) NOT NULL DEFAULT 'a_verifier',
        eligibility_decisions jsonb NOT NULL DEFAULT '{}',
        invited_to_phase2_at timestamptz,
        decision_outcome varchar(20),
        decision_motif text,
        decision_amount_cents bigint,
        source varchar(10) NOT NULL DEFAULT 'manuel',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dossier_state_known CHECK (state IN ('depose','en_instruction','en_attente_complements','instruit','laureat','non_retenu','ineligible','sans_suite')),
        CONSTRAINT dossier_eligibility_known CHECK (eligibility IN ('a_verifier','eligible','ineligible'))
      )`);
    // One DS dossier is imported once per campaign and phase (re-import updates it).
    await q.query(`CREATE UNIQUE INDEX dossier_ds_number_uq ON dossier (campaign_id, phase, ds_number) WHERE ds_number IS NOT NULL`);
    // Every filter and sort column of the list, led by the campaign/phase every screen filters on.
    await q.query(`CREATE INDEX dossier_campaign_phase_state ON dossier (campaign_id, phase, state)`);
    await q.query(`CREATE INDEX dossier_region_state ON dossier (region, state)`);
    await q.query(`CREATE INDEX dossier_state ON dossier (state)`);
    await q.query(`CREATE INDEX dossier_eligibility ON dossier (eligibility)`);
    await q.query(`CREATE INDEX dossier_late ON dossier (late_deposit) WHERE late_deposit`);
    await q.query(`CREATE INDEX dossier_deposited_at ON dossier (deposited_at, id)`);
    await q.query(`CREATE INDEX dossier_updated_at ON dossier (updated_at, id)`);
    await q.query(`CREATE INDEX dossier_project_name ON dossier (project_name, id)`);
    await q.query(`CREATE INDEX dossier_ds_number ON dossier (ds_number)`);
    await q.query(`CREATE INDEX dossier_structure_name ON dossier (structure_name, id)`);
    await q.query(`CREATE INDEX dossier_region_sort ON dossier (region, id)`);
    await q.query(`CREATE INDEX dossier_parent ON dossier (parent_dossier_id) WHERE parent_dossier_id IS NOT NULL`);
    await q.query(`CREATE INDEX dossier_structure_siret ON dossier (structure_siret)`);
    await q.query(`
      CREATE INDEX dossier_search_trgm ON dossier USING gin
        (ptce_unaccent(lower(project_name || ' ' || structure_name)) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE dossier_attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL REFERENCES dossier(id),
        kind varchar(30) NOT NULL DEFAULT 'autre',
        filename varchar(300) NOT NULL,
        content_type varchar(150),
        byte_size bigint,
        checksum varchar(200),
        storage_key varchar(500),
        source_url text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dossier_attachment_dossier ON dossier_attachment (dossier_id)`);

    await q.query(`
      CREATE TABLE dossier_journal (
        id bigserial PRIMARY KEY,
        dossier_id uuid NOT NULL REFERENCES dossier(id),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid REFERENCES app_user(id),
        actor_role varchar(30) NOT NULL,
        action varchar(60) NOT NULL,
        from_state varchar(30),
        to_state varchar(30),
        motif text,
        data jsonb NOT NULL DEFAULT '{}',
        request_id varchar(64),
        version integer
      )`);
    await q.query(`CREATE INDEX dossier_journal_dossier ON dossier_journal (dossier_id, id)`);
    // The journal is append-only: the database itself refuses to rewrite history.
    await q.query(`
      CREATE OR REPLACE FUNCTION ptce_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'dossier_journal est en ajout seul : % refusé', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER dossier_journal_no_update BEFORE UPDATE OR DELETE ON dossier_journal FOR EACH ROW EXECUTE FUNCTION ptce_journal_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER dossier_journal_no_truncate BEFORE TRUNCATE ON dossier_journal FOR EACH STATEMENT EXECUTE FUNCTION ptce_journal_append_only()`,
    );

    await q.query(`
      CREATE TABLE outbox_event (
        id bigserial PRIMARY KEY,
        type varchar(80) NOT NULL,
        dossier_id uuid REFERENCES dossier(id),
        campaign_id uuid REFERENCES campaign(id),
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_event_pending ON outbox_event (id) WHERE processed_at IS NULL`);
    await q.query(`CREATE INDEX outbox_event_dossier ON outbox_event (dossier_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_event`);
    await q.query(`DROP TABLE dossier_journal`);
    await q.query(`DROP FUNCTION ptce_journal_append_only`);
    await q.query(`DROP TABLE dossier_attachment`);
    await q.query(`DROP TABLE dossier`);
    await q.query(`DROP TABLE campaign`);
    await q.query(`DROP FUNCTION ptce_unaccent`);
  }
}
