-- AlterTable
ALTER TABLE "domain" ADD COLUMN     "bin_targets" JSONB;

-- CreateIndex
CREATE INDEX "review_decision_domain_id_created_at_idx" ON "review_decision"("domain_id", "created_at");
