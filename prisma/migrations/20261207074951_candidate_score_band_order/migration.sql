-- DropIndex
DROP INDEX "candidate_score_domain_id_band_idx";

-- CreateIndex
CREATE INDEX "candidate_score_domain_id_band_candidate_id_pass_rate_idx" ON "candidate_score"("domain_id", "band", "candidate_id", "pass_rate");
