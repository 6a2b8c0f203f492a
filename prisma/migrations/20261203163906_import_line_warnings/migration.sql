-- CreateEnum
CREATE TYPE "ImportLineSeverity" AS ENUM ('error', 'warning');

-- AlterTable
ALTER TABLE "import_batch" ADD COLUMN     "warnings" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "import_error" ADD COLUMN     "severity" "ImportLineSeverity" NOT NULL DEFAULT 'error';
