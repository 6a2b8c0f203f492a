-- CreateIndex
CREATE INDEX "candidate_contaminated_idx" ON "candidate"("domain_id", "stage", "id") WHERE (contaminated);

-- CreateIndex
CREATE INDEX "candidate_near_dup_idx" ON "candidate"("domain_id", "stage", "id") WHERE (near_dup_of IS NOT NULL);
