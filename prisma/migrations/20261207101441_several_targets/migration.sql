-- CreateEnum
CREATE TYPE "DifficultyBasis" AS ENUM ('primary', 'endpoint', 'min', 'mean');

-- DropIndex
DROP INDEX "sample_run_id_candidate_id_role_index_key";

-- AlterTable
ALTER TABLE "sample" ADD COLUMN     "target_position" SMALLINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "run_target" (
    "run_id" INTEGER NOT NULL,
    "position" SMALLINT NOT NULL,
    "endpoint_id" INTEGER NOT NULL,

    CONSTRAINT "run_target_pkey" PRIMARY KEY ("run_id","position")
);

-- CreateTable
CREATE TABLE "candidate_model_score" (
    "candidate_id" INTEGER NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "run_id" INTEGER NOT NULL,
    "position" SMALLINT NOT NULL,
    "passes" INTEGER NOT NULL,
    "k" INTEGER NOT NULL,
    "pass_rate" DOUBLE PRECISION,
    "ci_low" DOUBLE PRECISION,
    "ci_high" DOUBLE PRECISION,

    CONSTRAINT "candidate_model_score_pkey" PRIMARY KEY ("candidate_id","endpoint_id")
);

-- CreateTable
CREATE TABLE "domain_difficulty" (
    "domain_id" INTEGER NOT NULL,
    "basis" "DifficultyBasis" NOT NULL DEFAULT 'primary',
    "endpoint_id" INTEGER,
    "updated_by" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domain_difficulty_pkey" PRIMARY KEY ("domain_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "run_target_run_id_endpoint_id_key" ON "run_target"("run_id", "endpoint_id");

-- CreateIndex
CREATE INDEX "candidate_model_score_domain_id_endpoint_id_pass_rate_idx" ON "candidate_model_score"("domain_id", "endpoint_id", "pass_rate");

-- CreateIndex
CREATE UNIQUE INDEX "sample_run_id_candidate_id_role_target_position_index_key" ON "sample"("run_id", "candidate_id", "role", "target_position", "index");

-- AddForeignKey
ALTER TABLE "run_target" ADD CONSTRAINT "run_target_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "scoring_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate_model_score" ADD CONSTRAINT "candidate_model_score_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidate_score"("candidate_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: every score before this migration came from one target, the run's primary.
INSERT INTO "candidate_model_score" ("candidate_id", "endpoint_id", "domain_id", "run_id", "position", "passes", "k", "pass_rate", "ci_low", "ci_high")
SELECT s."candidate_id", r."target_endpoint_id", s."domain_id", s."run_id", 0, s."passes", s."k", s."pass_rate", s."ci_low", s."ci_high"
  FROM "candidate_score" s JOIN "scoring_run" r ON r."id" = s."run_id"
 WHERE s."k" > 0;
