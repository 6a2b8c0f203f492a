-- CreateEnum
CREATE TYPE "AnswerKind" AS ENUM ('math', 'mcq', 'exact', 'code', 'none');

-- CreateEnum
CREATE TYPE "CandidateStage" AS ENUM ('imported', 'scored', 'triaged', 'in_review', 'accepted', 'rejected');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateEnum
CREATE TYPE "ImportFormat" AS ENUM ('generic', 'gsm8k', 'mmlu', 'mbpp');

-- CreateTable
CREATE TABLE "domain" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "answer_kind" "AnswerKind" NOT NULL DEFAULT 'math',
    "band_low" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "band_high" DOUBLE PRECISION NOT NULL DEFAULT 0.9,
    "quota" INTEGER NOT NULL DEFAULT 0,
    "reviewers_per_item" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_batch" (
    "id" SERIAL NOT NULL,
    "domain_id" INTEGER,
    "file_name" TEXT NOT NULL,
    "format" "ImportFormat" NOT NULL,
    "mapping" JSONB,
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "created_by" TEXT NOT NULL,
    "upload_path" TEXT,
    "bytes_total" BIGINT,
    "bytes_read" BIGINT NOT NULL DEFAULT 0,
    "lines_read" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "error_message" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "import_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_error" (
    "id" SERIAL NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "import_error_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candidate" (
    "id" SERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "batch_id" INTEGER,
    "prompt" TEXT NOT NULL,
    "answer" TEXT,
    "source" TEXT,
    "metadata" JSONB,
    "prompt_hash" BYTEA NOT NULL,
    "stage" "CandidateStage" NOT NULL DEFAULT 'imported',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "domain_slug_key" ON "domain"("slug");

-- CreateIndex
CREATE INDEX "import_batch_created_at_idx" ON "import_batch"("created_at");

-- CreateIndex
CREATE INDEX "import_error_batch_id_line_idx" ON "import_error"("batch_id", "line");

-- CreateIndex
CREATE INDEX "candidate_domain_id_stage_id_idx" ON "candidate"("domain_id", "stage", "id");

-- CreateIndex
CREATE INDEX "candidate_batch_id_id_idx" ON "candidate"("batch_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "candidate_domain_id_prompt_hash_key" ON "candidate"("domain_id", "prompt_hash");

-- AddForeignKey
ALTER TABLE "import_batch" ADD CONSTRAINT "import_batch_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_error" ADD CONSTRAINT "import_error_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "import_batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate" ADD CONSTRAINT "candidate_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate" ADD CONSTRAINT "candidate_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "import_batch"("id") ON DELETE SET NULL ON UPDATE CASCADE;
