-- CreateEnum
CREATE TYPE "DecontamStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "benchmark" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "release_date" DATE,
    "source" TEXT,
    "licence" TEXT,
    "builtin" BOOLEAN NOT NULL DEFAULT false,
    "item_count" INTEGER NOT NULL DEFAULT 0,
    "content_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benchmark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benchmark_item" (
    "id" SERIAL NOT NULL,
    "benchmark_id" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "answer" TEXT,

    CONSTRAINT "benchmark_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contamination_hit" (
    "candidate_id" INTEGER NOT NULL,
    "benchmark_id" INTEGER NOT NULL,
    "benchmark_item_id" INTEGER NOT NULL,
    "ngram" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contamination_hit_pkey" PRIMARY KEY ("candidate_id","benchmark_id")
);

-- CreateTable
CREATE TABLE "benchmark_override" (
    "domain_id" INTEGER NOT NULL,
    "benchmark_id" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benchmark_override_pkey" PRIMARY KEY ("domain_id","benchmark_id")
);

-- CreateTable
CREATE TABLE "decontam_check" (
    "id" SERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "batch_id" INTEGER,
    "status" "DecontamStatus" NOT NULL DEFAULT 'queued',
    "benchmarks" JSONB NOT NULL,
    "rule" JSONB NOT NULL,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "contaminated" INTEGER NOT NULL DEFAULT 0,
    "error_message" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "decontam_check_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "benchmark_name_key" ON "benchmark"("name");

-- CreateIndex
CREATE INDEX "benchmark_item_benchmark_id_id_idx" ON "benchmark_item"("benchmark_id", "id");

-- CreateIndex
CREATE INDEX "contamination_hit_benchmark_id_idx" ON "contamination_hit"("benchmark_id");

-- CreateIndex
CREATE INDEX "contamination_hit_benchmark_item_id_idx" ON "contamination_hit"("benchmark_item_id");

-- CreateIndex
CREATE INDEX "benchmark_override_benchmark_id_idx" ON "benchmark_override"("benchmark_id");

-- CreateIndex
CREATE INDEX "decontam_check_domain_id_id_idx" ON "decontam_check"("domain_id", "id");

-- AddForeignKey
ALTER TABLE "benchmark_item" ADD CONSTRAINT "benchmark_item_benchmark_id_fkey" FOREIGN KEY ("benchmark_id") REFERENCES "benchmark"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contamination_hit" ADD CONSTRAINT "contamination_hit_benchmark_id_fkey" FOREIGN KEY ("benchmark_id") REFERENCES "benchmark"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contamination_hit" ADD CONSTRAINT "contamination_hit_benchmark_item_id_fkey" FOREIGN KEY ("benchmark_item_id") REFERENCES "benchmark_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_override" ADD CONSTRAINT "benchmark_override_benchmark_id_fkey" FOREIGN KEY ("benchmark_id") REFERENCES "benchmark"("id") ON DELETE CASCADE ON UPDATE CASCADE;
