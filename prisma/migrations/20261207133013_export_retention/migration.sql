-- AlterTable
ALTER TABLE "export_job" ADD COLUMN     "files_kept_days" INTEGER,
ADD COLUMN     "files_removed_at" TIMESTAMP(3);
