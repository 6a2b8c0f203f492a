-- CreateEnum
CREATE TYPE "NearDupPassStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "neardup_band" (
    "key" BIGINT NOT NULL,
    "candidate_id" INTEGER NOT NULL,

    CONSTRAINT "neardup_band_pkey" PRIMARY KEY ("key","candidate_id")
);

-- CreateTable
CREATE TABLE "neardup_hashed" (
    "candidate_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "shingles" INTEGER NOT NULL,

    CONSTRAINT "neardup_hashed_pkey" PRIMARY KEY ("candidate_id")
);

-- CreateTable
CREATE TABLE "neardup_pair" (
    "a" INTEGER NOT NULL,
    "b" INTEGER NOT NULL,
    "domain_id" INTEGER,
    "similarity" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "unflagged_at" TIMESTAMP(3),
    "unflagged_by" TEXT,

    CONSTRAINT "neardup_pair_pkey" PRIMARY KEY ("a","b")
);

-- CreateTable
CREATE TABLE "neardup_member" (
    "candidate_id" INTEGER NOT NULL,
    "representative_id" INTEGER NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "neardup_member_pkey" PRIMARY KEY ("candidate_id")
);

-- CreateTable
CREATE TABLE "neardup_pass" (
    "id" SERIAL NOT NULL,
    "domain_id" INTEGER,
    "batch_id" INTEGER,
    "status" "NearDupPassStatus" NOT NULL DEFAULT 'queued',
    "phase" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "params" JSONB,
    "result" JSONB,
    "error_message" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "heartbeat_at" TIMESTAMP(3),

    CONSTRAINT "neardup_pass_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "neardup_hashed_domain_id_idx" ON "neardup_hashed"("domain_id");

-- CreateIndex
CREATE INDEX "neardup_pair_b_idx" ON "neardup_pair"("b");

-- CreateIndex
CREATE INDEX "neardup_pair_domain_id_idx" ON "neardup_pair"("domain_id");

-- CreateIndex
CREATE INDEX "neardup_member_representative_id_idx" ON "neardup_member"("representative_id");

-- CreateIndex
CREATE INDEX "neardup_member_domain_id_idx" ON "neardup_member"("domain_id");

-- CreateIndex
CREATE INDEX "neardup_pass_batch_id_idx" ON "neardup_pass"("batch_id");

-- CreateIndex
CREATE INDEX "neardup_pass_domain_id_id_idx" ON "neardup_pass"("domain_id", "id");

-- CreateIndex
CREATE INDEX "neardup_pass_status_idx" ON "neardup_pass"("status");
