-- AlterTable
ALTER TABLE "review_decision" ADD COLUMN     "gold" BOOLEAN NOT NULL DEFAULT false;
