-- CreateEnum
CREATE TYPE "ConsensusRule" AS ENUM ('unanimous', 'majority');

-- CreateEnum
CREATE TYPE "ReviewDecisionKind" AS ENUM ('accept', 'reject', 'skip');

-- CreateEnum
CREATE TYPE "ReviewOrder" AS ENUM ('informative', 'oldest', 'random');

-- CreateEnum
CREATE TYPE "ReviewItemState" AS ENUM ('open', 'adjudication', 'final');

-- AlterTable
ALTER TABLE "domain" ADD COLUMN     "consensus" "ConsensusRule" NOT NULL DEFAULT 'majority',
ADD COLUMN     "gold_rate" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
ADD COLUMN     "reject_reasons" TEXT[] DEFAULT ARRAY['wrong reference', 'ambiguous', 'too easy', 'unsafe', 'duplicate', 'off-domain', 'other']::TEXT[],
ADD COLUMN     "review_order" "ReviewOrder" NOT NULL DEFAULT 'informative';

-- CreateTable
CREATE TABLE "domain_reviewer" (
    "domain_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domain_reviewer_pkey" PRIMARY KEY ("domain_id","user_id")
);

-- CreateTable
CREATE TABLE "review_slot" (
    "candidate_id" INTEGER NOT NULL,
    "slot" SMALLINT NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "band" "Band" NOT NULL,
    "priority" DOUBLE PRECISION NOT NULL,
    "holder" TEXT,
    "lease_expires" TIMESTAMP(3),
    "decided_at" TIMESTAMP(3),

    CONSTRAINT "review_slot_pkey" PRIMARY KEY ("candidate_id","slot")
);

-- CreateTable
CREATE TABLE "review_served" (
    "candidate_id" INTEGER NOT NULL,
    "reviewer_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_served_pkey" PRIMARY KEY ("reviewer_id","candidate_id")
);

-- CreateTable
CREATE TABLE "review_item" (
    "candidate_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "state" "ReviewItemState" NOT NULL DEFAULT 'open',
    "outcome" "ReviewDecisionKind",
    "adjudicator" TEXT,
    "final_at" TIMESTAMP(3),
    "rescoring_since" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_item_pkey" PRIMARY KEY ("candidate_id")
);

-- CreateTable
CREATE TABLE "review_decision" (
    "id" BIGSERIAL NOT NULL,
    "candidate_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "reviewer_id" TEXT NOT NULL,
    "decision" "ReviewDecisionKind" NOT NULL,
    "reason" TEXT,
    "note" TEXT,
    "response_sample_id" BIGINT,
    "response_source" TEXT,
    "response_text" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMP(3),

    CONSTRAINT "review_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_gold" (
    "candidate_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "decision" "ReviewDecisionKind" NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_gold_pkey" PRIMARY KEY ("candidate_id")
);

-- CreateTable
CREATE TABLE "candidate_edit" (
    "id" BIGSERIAL NOT NULL,
    "candidate_id" INTEGER NOT NULL,
    "editor_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "note" TEXT,
    "rescore_run_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidate_edit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "domain_reviewer_user_id_idx" ON "domain_reviewer"("user_id");

-- CreateIndex
CREATE INDEX "review_slot_domain_id_band_priority_candidate_id_idx" ON "review_slot"("domain_id", "band", "priority", "candidate_id");

-- CreateIndex
CREATE INDEX "review_slot_holder_idx" ON "review_slot"("holder");

-- CreateIndex
CREATE INDEX "review_item_domain_id_state_idx" ON "review_item"("domain_id", "state");

-- CreateIndex
CREATE INDEX "review_decision_candidate_id_idx" ON "review_decision"("candidate_id");

-- CreateIndex
CREATE INDEX "review_decision_reviewer_id_created_at_idx" ON "review_decision"("reviewer_id", "created_at");

-- CreateIndex
CREATE INDEX "review_gold_domain_id_idx" ON "review_gold"("domain_id");

-- CreateIndex
CREATE INDEX "candidate_edit_candidate_id_idx" ON "candidate_edit"("candidate_id");
