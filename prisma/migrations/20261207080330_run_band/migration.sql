-- AlterTable
ALTER TABLE "scoring_run" ADD COLUMN     "band_high" DOUBLE PRECISION,
ADD COLUMN     "band_low" DOUBLE PRECISION;
