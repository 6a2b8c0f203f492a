-- CreateEnum
CREATE TYPE "ExportJobStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "export_job" (
    "id" SERIAL NOT NULL,
    "snapshot_id" INTEGER,
    "mixture_id" INTEGER,
    "format" TEXT NOT NULL,
    "parquet" BOOLEAN NOT NULL DEFAULT false,
    "hf" BOOLEAN NOT NULL DEFAULT false,
    "shuffle_seed" INTEGER,
    "status" "ExportJobStatus" NOT NULL DEFAULT 'queued',
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "rows_total" INTEGER NOT NULL DEFAULT 0,
    "out_dir" TEXT,
    "files" JSONB,
    "manifest" JSONB,
    "error_message" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claim_id" UUID,
    "heartbeat_at" TIMESTAMP(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "export_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "export_job_created_at_idx" ON "export_job"("created_at");

-- CreateIndex
CREATE INDEX "export_job_status_idx" ON "export_job"("status");
