import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, faithful to the AMI:
 * - `dossier_member`: the structured member list of a dossier (seed 001: "un regroupement … de réseaux, entreprises et
 *   structures de l'ESS associés à des entreprises industrielles et commerciales et, le cas échéant, des collectivités
 *   locales, des centres de recherche et organismes de formation"; seed 003 adds "institutions");
 * - `campaign_service` and `service_allocation`: the phase-1 "bouquet de services spécifique émergence" (seed 001),
 *   a per-campaign catalogue, the services allocated to each lauréat and their follow-up;
 * - `convention`: the phase-2 lauréat's convention (amount, duration, instalments, indicators);
 * - the avis grid's entry `mise_en_reseau` becomes `articulation_dispositifs` in stored avis (the action logic keeps
 *   `mise_en_reseau`).
 */
export class Fidelity1764000010000 implements MigrationInterface {
  name = 'Fidelity1764000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossier_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        position integer NOT NULL,
        name varchar(300) NOT NULL,
        siret varchar(14),
        kind varchar(20) NOT NULL,
        source varchar(10) NOT NULL DEFAULT 'manuel',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dossier_member_kind_known CHECK (kind IN ('ess','entreprise','collectivite','recherche','formation','institution','autre')),
        CONSTRAINT dossier_member_source_known CHECK (source IN ('manuel','ds','fichier')),
        CONSTRAINT dossier_member_position_uq UNIQUE (dossier_id, position)
      )`);
    await q.query(`CREATE INDEX dossier_member_siret ON dossier_member (siret) WHERE siret IS NOT NULL`);

    await q.query(`
      CREATE TABLE campaign_service (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign(id),
        title varchar(200) COLLATE "fr-x-icu" NOT NULL,
        provider varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        capacity integer CHECK (capacity IS NULL OR capacity > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaign_service_campaign ON campaign_service (campaign_id, title)`);
    await q.query(`
      CREATE TABLE service_allocation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES campaign_service(id),
        dossier_id uuid NOT NULL REFERENCES dossier(id),
        status varchar(10) NOT NULL DEFAULT 'planned',
        note text,
        allocated_by uuid REFERENCES app_user(id),
        allocated_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_allocation_status_known CHECK (status IN ('planned','started','done')),
        CONSTRAINT service_allocation_uq UNIQUE (service_id, dossier_id)
      )`);
    await q.query(`CREATE INDEX service_allocation_dossier ON service_allocation (dossier_id)`);

    await q.query(`
      CREATE TABLE convention (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL UNIQUE REFERENCES dossier(id),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        duration_months smallint NOT NULL DEFAULT 24 CHECK (duration_months BETWEEN 1 AND 120),
        signed_at date,
        instalments jsonb NOT NULL DEFAULT '[]',
        indicators jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL DEFAULT 1,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      UPDATE avis
         SET content = jsonb_set(content #- '{scores,mise_en_reseau}', '{scores,articulation_dispositifs}', content->'scores'->'mise_en_reseau')
       WHERE jsonb_typeof(content->'scores') = 'object' AND content->'scores' ? 'mise_en_reseau'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE avis
         SET content = jsonb_set(content #- '{scores,articulation_dispositifs}', '{scores,mise_en_reseau}', content->'scores'->'articulation_dispositifs')
       WHERE jsonb_typeof(content->'scores') = 'object' AND content->'scores' ? 'articulation_dispositifs'`);
    await q.query(`DROP TABLE convention`);
    await q.query(`DROP TABLE service_allocation`);
    await q.query(`DROP TABLE campaign_service`);
    await q.query(`DROP TABLE dossier_member`);
  }
}
