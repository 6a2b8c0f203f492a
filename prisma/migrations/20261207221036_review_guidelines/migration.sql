-- AlterTable
ALTER TABLE "domain" ADD COLUMN     "guidelines_updated_at" TIMESTAMP(3),
ADD COLUMN     "review_guidelines" TEXT;
