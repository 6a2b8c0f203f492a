-- CreateEnum
CREATE TYPE "EndpointRole" AS ENUM ('target', 'teacher', 'judge');

-- CreateEnum
CREATE TYPE "RunPhase" AS ENUM ('exploration', 'scaling');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'paused', 'cancelled', 'done', 'failed');

-- CreateEnum
CREATE TYPE "RunMode" AS ENUM ('live', 'batch');

-- CreateEnum
CREATE TYPE "RunItemStatus" AS ENUM ('pending', 'done', 'failed');

-- CreateEnum
CREATE TYPE "SampleRole" AS ENUM ('target', 'teacher', 'judge');

-- CreateEnum
CREATE TYPE "Band" AS ENUM ('too_easy', 'teachable', 'too_hard', 'unverifiable');

-- AlterTable
ALTER TABLE "domain" ADD COLUMN     "transform_template" TEXT;

-- CreateTable
CREATE TABLE "model_endpoint" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "api_key_env" TEXT,
    "api_key_encrypted" BYTEA,
    "roles" "EndpointRole"[],
    "max_concurrent" INTEGER NOT NULL DEFAULT 8,
    "requests_per_minute" INTEGER,
    "tokens_per_minute" INTEGER,
    "price_input" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "price_output" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "endpoint_slot" (
    "endpoint_id" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "holder" TEXT,
    "leased_until" TIMESTAMP(3),

    CONSTRAINT "endpoint_slot_pkey" PRIMARY KEY ("endpoint_id","slot")
);

-- CreateTable
CREATE TABLE "endpoint_usage_window" (
    "endpoint_id" INTEGER NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "tokens" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "endpoint_usage_window_pkey" PRIMARY KEY ("endpoint_id","window_start")
);

-- CreateTable
CREATE TABLE "scoring_run" (
    "id" SERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "phase" "RunPhase" NOT NULL,
    "mode" "RunMode" NOT NULL DEFAULT 'live',
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "target_endpoint_id" INTEGER NOT NULL,
    "k" INTEGER NOT NULL DEFAULT 8,
    "temperature" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "max_tokens" INTEGER NOT NULL DEFAULT 1024,
    "sample_size" INTEGER,
    "filters" JSONB,
    "teacher_endpoint_id" INTEGER,
    "teacher_k" INTEGER,
    "teacher_agreement" DOUBLE PRECISION,
    "judge_endpoint_id" INTEGER,
    "judge_rubric" TEXT,
    "settings_hash" TEXT NOT NULL,
    "parent_run_id" INTEGER,
    "total" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "sample_errors" INTEGER NOT NULL DEFAULT 0,
    "errors_by_kind" JSONB,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error_message" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "scoring_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_item" (
    "run_id" INTEGER NOT NULL,
    "candidate_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" "RunItemStatus" NOT NULL DEFAULT 'pending',
    "leased_until" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "run_item_pkey" PRIMARY KEY ("run_id","candidate_id")
);

-- CreateTable
CREATE TABLE "sample" (
    "id" BIGSERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "candidate_id" INTEGER NOT NULL,
    "role" "SampleRole" NOT NULL DEFAULT 'target',
    "index" INTEGER NOT NULL,
    "response" TEXT,
    "extracted" TEXT,
    "correct" BOOLEAN,
    "reason" TEXT,
    "score" DOUBLE PRECISION,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL DEFAULT 0,
    "error_kind" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candidate_score" (
    "candidate_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "run_id" INTEGER NOT NULL,
    "settings_hash" TEXT NOT NULL,
    "passes" INTEGER NOT NULL,
    "k" INTEGER NOT NULL,
    "pass_rate" DOUBLE PRECISION,
    "ci_low" DOUBLE PRECISION,
    "ci_high" DOUBLE PRECISION,
    "band" "Band" NOT NULL,
    "proxy_reference" TEXT,
    "teacher_agreement" DOUBLE PRECISION,
    "judge_score" DOUBLE PRECISION,
    "scored_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidate_score_pkey" PRIMARY KEY ("candidate_id")
);

-- CreateTable
CREATE TABLE "candidate_lineage" (
    "child_id" INTEGER NOT NULL,
    "parent_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'transform',
    "endpoint_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidate_lineage_pkey" PRIMARY KEY ("child_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_endpoint_name_key" ON "model_endpoint"("name");

-- CreateIndex
CREATE INDEX "scoring_run_domain_id_created_at_idx" ON "scoring_run"("domain_id", "created_at");

-- CreateIndex
CREATE INDEX "scoring_run_status_idx" ON "scoring_run"("status");

-- CreateIndex
CREATE INDEX "run_item_run_id_status_seq_idx" ON "run_item"("run_id", "status", "seq");

-- CreateIndex
CREATE INDEX "sample_candidate_id_idx" ON "sample"("candidate_id");

-- CreateIndex
CREATE UNIQUE INDEX "sample_run_id_candidate_id_role_index_key" ON "sample"("run_id", "candidate_id", "role", "index");

-- CreateIndex
CREATE INDEX "candidate_score_domain_id_band_idx" ON "candidate_score"("domain_id", "band");

-- CreateIndex
CREATE INDEX "candidate_score_domain_id_pass_rate_idx" ON "candidate_score"("domain_id", "pass_rate");

-- CreateIndex
CREATE INDEX "candidate_lineage_parent_id_idx" ON "candidate_lineage"("parent_id");

-- AddForeignKey
ALTER TABLE "endpoint_slot" ADD CONSTRAINT "endpoint_slot_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "model_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_run" ADD CONSTRAINT "scoring_run_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_item" ADD CONSTRAINT "run_item_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "scoring_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample" ADD CONSTRAINT "sample_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "scoring_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate_score" ADD CONSTRAINT "candidate_score_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate_lineage" ADD CONSTRAINT "candidate_lineage_child_id_fkey" FOREIGN KEY ("child_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate_lineage" ADD CONSTRAINT "candidate_lineage_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
