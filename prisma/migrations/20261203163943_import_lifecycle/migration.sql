-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ImportStatus" ADD VALUE 'cancelled';
ALTER TYPE "ImportStatus" ADD VALUE 'interrupted';

-- AlterTable
ALTER TABLE "import_batch" ADD COLUMN     "claim_id" UUID,
ADD COLUMN     "heartbeat_at" TIMESTAMP(3),
ADD COLUMN     "runner" TEXT;
