-- AlterTable
ALTER TABLE "domain" ADD COLUMN     "dedup_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.8;

-- AlterTable
ALTER TABLE "candidate" ADD COLUMN     "contaminated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "near_dup_of" INTEGER,
ADD COLUMN     "near_dup_similarity" DOUBLE PRECISION;
