-- CreateEnum
CREATE TYPE "MixtureMode" AS ENUM ('epochs', 'weights');

-- CreateTable
CREATE TABLE "domain_snapshot" (
    "id" SERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,
    "band_low" DOUBLE PRECISION NOT NULL,
    "band_high" DOUBLE PRECISION NOT NULL,
    "settings" JSONB NOT NULL,
    "runs" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "item_count" INTEGER NOT NULL,
    "token_estimate" BIGINT NOT NULL,
    "content_hash" TEXT NOT NULL,

    CONSTRAINT "domain_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "snapshot_item" (
    "snapshot_id" INTEGER NOT NULL,
    "candidate_id" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "reference_answer" TEXT,
    "response_text" TEXT,
    "response_source" TEXT NOT NULL,
    "response_sample_id" BIGINT,
    "pass_rate" DOUBLE PRECISION,
    "ci_low" DOUBLE PRECISION,
    "ci_high" DOUBLE PRECISION,
    "k" INTEGER,
    "passes" INTEGER,
    "band" "Band",
    "judge_score" DOUBLE PRECISION,
    "verifier_kind" "AnswerKind" NOT NULL,
    "metadata" JSONB,
    "source" TEXT,
    "token_estimate" INTEGER NOT NULL,
    "item_hash" BYTEA NOT NULL,
    "response_hash" BYTEA NOT NULL,

    CONSTRAINT "snapshot_item_pkey" PRIMARY KEY ("snapshot_id","candidate_id")
);

-- CreateTable
CREATE TABLE "mixture" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mode" "MixtureMode" NOT NULL,
    "seed" INTEGER,

    CONSTRAINT "mixture_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mixture_entry" (
    "mixture_id" INTEGER NOT NULL,
    "snapshot_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "epochs" INTEGER,
    "weight" DOUBLE PRECISION,

    CONSTRAINT "mixture_entry_pkey" PRIMARY KEY ("mixture_id","snapshot_id")
);

-- CreateIndex
CREATE INDEX "domain_snapshot_domain_id_id_idx" ON "domain_snapshot"("domain_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "domain_snapshot_domain_id_version_key" ON "domain_snapshot"("domain_id", "version");

-- CreateIndex
CREATE INDEX "mixture_created_at_idx" ON "mixture"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "mixture_name_version_key" ON "mixture"("name", "version");

-- CreateIndex
CREATE INDEX "mixture_entry_snapshot_id_idx" ON "mixture_entry"("snapshot_id");

-- CreateIndex
CREATE UNIQUE INDEX "mixture_entry_mixture_id_domain_id_key" ON "mixture_entry"("mixture_id", "domain_id");

-- AddForeignKey
ALTER TABLE "snapshot_item" ADD CONSTRAINT "snapshot_item_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "domain_snapshot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mixture_entry" ADD CONSTRAINT "mixture_entry_mixture_id_fkey" FOREIGN KEY ("mixture_id") REFERENCES "mixture"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mixture_entry" ADD CONSTRAINT "mixture_entry_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "domain_snapshot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Snapshots and mixtures are immutable once written (docs/decisions/0018): a new version is a
-- new row. The app role also lacks UPDATE/DELETE/TRUNCATE on these tables (lib/db/roles.ts),
-- and, not owning them, cannot disable these triggers.
CREATE FUNCTION frozen_row_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: freeze a new version instead', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER domain_snapshot_immutable BEFORE UPDATE OR DELETE ON "domain_snapshot"
  FOR EACH ROW EXECUTE FUNCTION frozen_row_immutable();
CREATE TRIGGER domain_snapshot_no_truncate BEFORE TRUNCATE ON "domain_snapshot"
  FOR EACH STATEMENT EXECUTE FUNCTION frozen_row_immutable();
CREATE TRIGGER snapshot_item_immutable BEFORE UPDATE OR DELETE ON "snapshot_item"
  FOR EACH ROW EXECUTE FUNCTION frozen_row_immutable();
CREATE TRIGGER snapshot_item_no_truncate BEFORE TRUNCATE ON "snapshot_item"
  FOR EACH STATEMENT EXECUTE FUNCTION frozen_row_immutable();
CREATE TRIGGER mixture_immutable BEFORE UPDATE OR DELETE ON "mixture"
  FOR EACH ROW EXECUTE FUNCTION frozen_row_immutable();
CREATE TRIGGER mixture_entry_immutable BEFORE UPDATE OR DELETE ON "mixture_entry"
  FOR EACH ROW EXECUTE FUNCTION frozen_row_immutable();
