-- AlterEnum
ALTER TYPE "ImportStatus" ADD VALUE 'discarded';

-- AlterTable
ALTER TABLE "import_batch" ADD COLUMN     "discarded_at" TIMESTAMP(3),
ADD COLUMN     "discarded_by" TEXT,
ADD COLUMN     "discarded_count" INTEGER;
